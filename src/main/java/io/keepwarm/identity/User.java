package io.keepwarm.identity;

import java.time.Instant;

/** A person who logs in to Keepwarm. */
public record User(long id, String username, String displayName, String email, Role role, boolean enabled,
        Instant createdAt) {}
