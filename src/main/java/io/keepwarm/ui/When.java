package io.keepwarm.ui;

import io.keepwarm.handoff.HandoffSettings;
import io.keepwarm.platform.Days;
import io.keepwarm.platform.Zones;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * A moment as the pages write it, always on the viewer's clock: the account's zone, as users have none of their own.
 * A single moment names the zone ({@code ${@when.local(t.dueAt())}}: "2026-12-03 12:23 Europe/Berlin"); a list names
 * it once ({@code @when.zoneName()}) over its times ({@code @when.clock}: "2026-12-03 12:23"); a day is the viewer's day
 * ({@code @when.localDay}). What a contact lives by is said on their own clock too ({@link #theirTime}). Blank for
 * none. The API and exports keep ISO instants in UTC: they are read by programs, not people.
 */
@Component("when")
public class When {

    private static final String MINUTE_PATTERN = "yyyy-MM-dd HH:mm";
    private static final DateTimeFormatter LOCAL_MINUTE = DateTimeFormatter.ofPattern(MINUTE_PATTERN);
    private static final DateTimeFormatter LOCAL_SECOND = DateTimeFormatter.ofPattern(MINUTE_PATTERN + ":ss");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");

    /** A moment as a person says it beside "their time": the hour, or with its day ({@link Days#brief}). */
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter WEEKDAY = DateTimeFormatter.ofPattern("EEE", Locale.ENGLISH);

    private static final DateTimeFormatter DEADLINE = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ENGLISH);
    /** The request attribute that keeps the viewer's zone for the rest of the request. */
    private static final String ZONE = When.class.getName() + ".zone";

    private final HandoffSettings settings;
    private final Clock clock;

    When(HandoffSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
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
     * A hand-off's deadline, as My day, the team's leads and the contact page say it: weekday, date and time on the
     * viewer's clock, the zone named ("Fri 2027-01-08 13:00 (Europe/Berlin)").
     */
    public String deadline(Instant due) {
        if (due == null) {
            return "";
        }
        ZoneId viewers = zone();
        return DEADLINE.withZone(viewers).format(due) + " (" + viewers.getId() + ")";
    }

    /**
     * The moment on the viewer's clock without the zone ("2026-12-03 12:23"), for a list that names the zone once
     * ({@link #zoneName}) rather than on every line.
     */
    public String clock(Instant moment) {
        return moment == null ? "" : LOCAL_MINUTE.withZone(zone()).format(moment);
    }

    /**
     * As {@link #clock}, to the second ("2026-12-03 12:23:05"): for requests, where a scanner opening every link of a
     * message within a second is told from a person by its seconds.
     */
    public String clockToTheSecond(Instant moment) {
        return moment == null ? "" : LOCAL_SECOND.withZone(zone()).format(moment);
    }

    /** The viewer's zone as a page names it once, over a list of times on their clock ("Europe/Berlin"). */
    public String zoneName() {
        return zone().getId();
    }

    /** The day of the moment on the viewer's clock ("2026-12-03"; the day "today" and "overdue" are counted by). */
    public String localDay(Instant moment) {
        return moment == null ? "" : DAY.withZone(zone()).format(moment);
    }

    /**
     * The day of the moment on the viewer's clock in words ("4 March 2027"), as a sentence of a page says a day
     * ({@link Days#said}): the one way the contact page writes its days, beside task titles written so.
     */
    public String day(Instant moment) {
        return moment == null ? "" : Days.said(LocalDate.ofInstant(moment, zone()));
    }

    /** A day to call on, in words with its weekday ("Mon 1 March 2027"): {@link Days#said}, as pages say a day. */
    static String dayOfWeek(LocalDate day) {
        return WEEKDAY.format(day) + " " + Days.said(day);
    }

    /** How long something has lasted, to the day or, within the first day, the hour ("1 day", "5 hours"). */
    public String lasted(Duration duration) {
        long days = duration.toDays();
        long hours = duration.toHours();
        return days > 0 ? count(days, "day") : hours > 0 ? count(hours, "hour") : "less than an hour";
    }

    private static String count(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    /** Today on the viewer's clock: the day a date field's example names, so it reads as one they would type. */
    public String today() {
        return localDay(clock.instant());
    }

    /** The first moment of a day on the viewer's clock: where a range of days they chose begins or ends. */
    public Instant startOf(LocalDate day) {
        return day.atStartOfDay(zone()).toInstant();
    }

    /**
     * The moment on a contact's own clock, the one way pages say it: "04:00 their time" today, else with their day
     * ("Tue 12 Jan, 19:00 their time", and the year when it is not this one). When their zone is unknown the page says
     * so and gives the viewer's clock, rather than pass the viewer's time off as theirs ("Tue 12 Jan, 19:00
     * Europe/Berlin (their time zone is unknown)").
     */
    public String theirTime(Instant moment, String timeZone) {
        if (moment == null) {
            return "";
        }
        Optional<ZoneId> known = Zones.known(timeZone);
        if (known.isEmpty()) {
            ZoneId viewers = zone();
            return onClock(moment, viewers) + " " + viewers.getId() + " (their time zone is unknown)";
        }
        return onClock(moment, known.get()) + " their time";
    }

    /**
     * {@link #theirTime} beside a time on the viewer's clock that already says it: blank when their clock shows the
     * same, or when their zone is unknown (the viewer's time stands alone).
     */
    public String theirs(Instant moment, String timeZone) {
        Optional<ZoneId> known = Zones.known(timeZone);
        if (moment == null || known.isEmpty()
                || moment.atZone(known.get()).toLocalDateTime().equals(moment.atZone(zone()).toLocalDateTime())) {
            return "";
        }
        return theirTime(moment, timeZone);
    }

    /**
     * The moment as read on a clock ("04:00"; "Tue 12 Jan, 19:00"; "Tue 12 Jan 2027, 19:00" in another year), the one
     * way the README gives: the hour alone when the moment is today on that clock and on the viewer's, so an hour never
     * leaves the reader guessing whose day it is; else its day as {@link Days#brief} writes it.
     */
    String onClock(Instant moment, ZoneId zone) {
        ZonedDateTime there = moment.atZone(zone);
        Instant now = clock.instant();
        LocalDate today = now.atZone(zone).toLocalDate();
        ZoneId viewers = zone();
        if (there.toLocalDate().equals(today)
                && moment.atZone(viewers).toLocalDate().equals(now.atZone(viewers).toLocalDate())) {
            return HOUR.format(there);
        }
        return Days.brief(there.toLocalDate(), today) + ", " + HOUR.format(there);
    }

    /**
     * The day of the moment on the viewer's clock as {@link Days#brief} writes it ("Tue 29 Dec"), for a day beside a
     * word such as "overdue since".
     */
    public String briefDay(Instant moment) {
        if (moment == null) {
            return "";
        }
        ZoneId viewers = zone();
        return Days.brief(LocalDate.ofInstant(moment, viewers), LocalDate.ofInstant(clock.instant(), viewers));
    }

    /** Whether the moment falls before today began on the viewer's clock: the day "overdue" is counted by. */
    public boolean beforeToday(Instant moment) {
        ZoneId viewers = zone();
        return moment != null && LocalDate.ofInstant(moment, viewers).isBefore(LocalDate.ofInstant(clock.instant(), viewers));
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
}
