package io.keepwarm.program;

/** DRAFT until activated; PAUSED holds touches; ARCHIVED ends every enrollment for good. */
public enum ProgramStatus {
    DRAFT,
    ACTIVE,
    PAUSED,
    ARCHIVED
}
