package io.keepwarm.tracking.internal;

/** What a public request says about who sent it; all of it is the sender's word and shown only output-encoded. */
public record Visitor(String ip, String userAgent, String referrer) {}
