package io.keepwarm.ui;

import io.keepwarm.handoff.HandoffSettings;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/**
 * A moment as the pages write it: to the minute ("2026-12-03 11:23 UTC", not 2026-12-03T11:23:23.557206Z), or its
 * day ("2026-12-03"). Templates call the bean ({@code ${@when.at(m.sentAt())}}), page code the static methods, in UTC;
 * what a rep plans their day by (a task's due time, a lead's hand-off, an alert) is written on the viewer's clock
 * instead ({@code ${@when.local(t.dueAt())}}): the account's zone, as users have none of their own. Blank for none.
 */
@Component("when")
public class When {

    private static final String MINUTE_PATTERN = "yyyy-MM-dd HH:mm";
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern(MINUTE_PATTERN + " 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private static final DateTimeFormatter LOCAL_MINUTE = DateTimeFormatter.ofPattern(MINUTE_PATTERN);

    private final HandoffSettings settings;

    When(HandoffSettings settings) {
        this.settings = settings;
    }

    public String at(Instant moment) {
        return minute(moment);
    }

    /** The moment on the viewer's clock, with the zone named ("2026-12-03 12:23 Europe/Berlin"). */
    public String local(Instant moment) {
        if (moment == null) {
            return "";
        }
        ZoneId viewers = zone();
        return LOCAL_MINUTE.withZone(viewers).format(moment) + " " + viewers.getId();
    }

    /** The day of the moment on the viewer's clock (the day "today" and "overdue" are counted by). */
    String localDay(Instant moment) {
        return moment == null ? "" : DAY.withZone(zone()).format(moment);
    }

    /** The viewer's zone: the account's as it is now (an admin may change it while Keepwarm runs). */
    ZoneId zone() {
        return settings.zone();
    }

    static String minute(Instant moment) {
        return moment == null ? "" : MINUTE.format(moment);
    }

    static String day(Instant moment) {
        return moment == null ? "" : DAY.format(moment);
    }
}
