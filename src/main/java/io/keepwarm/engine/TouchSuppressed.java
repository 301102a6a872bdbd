package io.keepwarm.engine;

/** A touch will not go out, and why (no consent, cap reached and stale, enrollment ended ...). */
public record TouchSuppressed(long touchId, long programId, long contactId, String reason) {}
