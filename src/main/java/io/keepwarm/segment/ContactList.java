package io.keepwarm.segment;

import java.time.Instant;

/** A static list: members are added and removed by hand, by API or by file, never by a rule. */
public record ContactList(long id, String name, String description, long size, String createdBy, Instant createdAt) {}
