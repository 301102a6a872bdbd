package io.keepwarm.segment.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Which time zones are a day behind or ahead of UTC at an instant. Every zone's date is the UTC date or the day
 * before or after it, so a condition on "today in the contact's zone" needs at most three branches, and neither
 * database has to convert zones (H2 cannot do it per row).
 */
record LocalDates(LocalDate utcDate, List<String> behind, List<String> ahead) {

    static LocalDates at(Instant now) {
        LocalDate utc = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<String> behind = new ArrayList<>();
        List<String> ahead = new ArrayList<>();
        for (String zone : ZoneId.getAvailableZoneIds()) {
            LocalDate local = LocalDate.ofInstant(now, ZoneId.of(zone));
            if (local.isBefore(utc)) {
                behind.add(zone);
            } else if (local.isAfter(utc)) {
                ahead.add(zone);
            }
        }
        behind.sort(null);
        ahead.sort(null);
        return new LocalDates(utc, List.copyOf(behind), List.copyOf(ahead));
    }
}
