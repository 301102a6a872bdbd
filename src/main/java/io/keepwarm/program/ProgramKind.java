package io.keepwarm.program;

/** A sequence is a drip of ordered steps; a stream touches on a cadence from a pool of content. */
public enum ProgramKind {
    SEQUENCE,
    STREAM
}
