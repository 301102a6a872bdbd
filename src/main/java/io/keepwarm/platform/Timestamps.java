package io.keepwarm.platform;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Instants as SQL parameters. The PostgreSQL driver refuses {@link Instant} while both databases take an
 * {@link OffsetDateTime} for a TIMESTAMP WITH TIME ZONE column, so every instant crosses over as one in UTC.
 */
public final class Timestamps {

    private Timestamps() {}

    public static OffsetDateTime of(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public static OffsetDateTime now(Clock clock) {
        return of(clock.instant());
    }
}
