package io.keepwarm.segment;

/** A contact that matches a rule, as a listing shows it. */
public record SegmentMember(long contactId, String email, String firstName, String lastName) {}
