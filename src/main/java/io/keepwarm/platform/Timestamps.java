package io.keepwarm.platform;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Instants to and from SQL. The PostgreSQL driver refuses {@link Instant} while both databases take and give an
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

    /** The instant in a TIMESTAMP WITH TIME ZONE column of the current row, or null. */
    public static Instant read(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** The instant in a TIMESTAMP WITH TIME ZONE column of the current row, by position, or null. */
    public static Instant read(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
