package io.keepwarm.ui;

import io.keepwarm.handoff.HandoffSettings;
import io.keepwarm.platform.Zones;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * A moment as the pages write it: to the minute ("2026-12-03 11:23 UTC", not 2026-12-03T11:23:23.557206Z), or its
 * day ("2026-12-03"). Templates call the bean ({@code ${@when.at(m.sentAt())}}), page code the static methods, in UTC;
 * what a rep plans their day by (a task's due time, a lead's hand-off, an alert) and what happened to a contact is
 * written on the viewer's clock instead ({@code ${@when.local(t.dueAt())}}): the account's zone, as users have none of
 * their own; a list names that zone once ({@code @when.clock}, {@code @when.zoneName()}). Blank for none.
 */
@Component("when")
public class When {

    private static final String MINUTE_PATTERN = "yyyy-MM-dd HH:mm";
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern(MINUTE_PATTERN + " 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private static final DateTimeFormatter LOCAL_MINUTE = DateTimeFormatter.ofPattern(MINUTE_PATTERN);
    /** A contact's clock as My day writes it: the hour, with the day when it is not the viewer's. */
    private static final DateTimeFormatter THEIR_HOUR = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter THEIR_DAY_AND_HOUR = DateTimeFormatter.ofPattern("EEE d MMM, HH:mm",
            Locale.ENGLISH);

    /** The request attribute that keeps the viewer's zone for the rest of the request. */
    private static final String ZONE = When.class.getName() + ".zone";

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

    /**
     * The moment on the viewer's clock without the zone ("2026-12-03 12:23"), for a list that names the zone once
     * ({@link #zoneName}) rather than on every line.
     */
    public String clock(Instant moment) {
        return moment == null ? "" : LOCAL_MINUTE.withZone(zone()).format(moment);
    }

    /** The viewer's zone as a page names it once, over a list of times on their clock ("Europe/Berlin"). */
    public String zoneName() {
        return zone().getId();
    }

    /**
     * The moment on a contact's own clock, where it is not the viewer's: "04:00 their time", with their day when it is
     * not the viewer's ("Tue 12 Jan, 19:00 their time"). Blank when their zone is unknown or shows the viewer's time.
     */
    public String theirs(Instant moment, String timeZone) {
        Optional<ZoneId> known = Zones.known(timeZone);
        if (moment == null || known.isEmpty()) {
            return "";
        }
        ZonedDateTime there = moment.atZone(known.get());
        ZonedDateTime here = moment.atZone(zone());
        if (there.toLocalDateTime().equals(here.toLocalDateTime())) {
            return "";
        }
        return (there.toLocalDate().equals(here.toLocalDate()) ? THEIR_HOUR : THEIR_DAY_AND_HOUR).format(there)
                + " their time";
    }

    /** The day of the moment on the viewer's clock (the day "today" and "overdue" are counted by). */
    String localDay(Instant moment) {
        return moment == null ? "" : DAY.withZone(zone()).format(moment);
    }

    /**
     * The viewer's zone: the account's as it is now (an admin may change it while Keepwarm runs), read once per request
     * and kept with it, as a page of fifty times would otherwise read the setting fifty times. Outside a request (a
     * job, a test) it is read at each call.
     */
    ZoneId zone() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request == null) {
            return settings.zone();
        }
        if (request.getAttribute(ZONE, RequestAttributes.SCOPE_REQUEST) instanceof ZoneId kept) {
            return kept;
        }
        ZoneId zone = settings.zone();
        request.setAttribute(ZONE, zone, RequestAttributes.SCOPE_REQUEST);
        return zone;
    }

    static String minute(Instant moment) {
        return moment == null ? "" : MINUTE.format(moment);
    }

    static String day(Instant moment) {
        return moment == null ? "" : DAY.format(moment);
    }
}
