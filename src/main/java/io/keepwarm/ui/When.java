package io.keepwarm.ui;

import io.keepwarm.handoff.HandoffSettings;
import io.keepwarm.platform.AskAgain;
import io.keepwarm.platform.CountryZones;
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

    /** The request attribute that keeps the viewer's zone for the rest of the request. */
    private static final String ZONE = When.class.getName() + ".zone";

    private final HandoffSettings settings;
    private final Zones zones;
    private final Clock clock;

    When(HandoffSettings settings, Zones zones, Clock clock) {
        this.settings = settings;
        this.zones = zones;
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

    /**
     * Whose clock a contact's list of times is on, said once over it: "Times in Europe/Berlin." Beside each time their
     * own clock is said too ({@link #theirs}); when their zone is unknown there is none, and the line says so rather
     * than leave the viewer's times to pass as theirs: "(their time zone is unknown; times in Europe/Berlin)", as My
     * day and the program preview say it.
     */
    public String timesIn(String theirZone) {
        return Zones.known(theirZone).isPresent() ? "Times in " + zoneName() + "."
                : "(their time zone is unknown; times in " + zoneName() + ")";
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
     * The day of the moment on the viewer's clock in words with its weekday ("Thu 4 March 2027"), as a sentence of a
     * page says a day ({@link #dayOfWeek}): the one way the contact page writes its days, beside task titles written
     * so.
     */
    public String saidDay(Instant moment) {
        return moment == null ? "" : dayOfWeek(LocalDate.ofInstant(moment, zone()));
    }

    /**
     * A month as the API keys it ("2027-02") in words, as a sentence says it ("February 2027"); anything else (the
     * forecast's "now") as it is.
     */
    public String month(String yearMonth) {
        try {
            return java.time.YearMonth.parse(yearMonth).format(DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH));
        } catch (java.time.format.DateTimeParseException | NullPointerException e) {
            return yearMonth;
        }
    }

    /** A day in words with its weekday ("Thu 4 March 2027"), as {@link #saidDay(Instant)} says a moment's. */
    public String saidDay(LocalDate day) {
        return day == null ? "" : dayOfWeek(day);
    }

    /**
     * The moment on the viewer's clock in words, the zone named ("Thu 4 March 2027, 10:00 (Europe/Berlin)"): its day
     * as {@link #saidDay} and the contact's own time ({@link #theirTime}) say it, so one page reads its times one way;
     * a hand-off's deadline too, wherever it shows (My day, the team's leads, the contact's page).
     */
    public String said(Instant moment) {
        return moment == null ? "" : Days.at(moment, zone());
    }

    /**
     * As {@link #said}, without the zone ("Thu 4 March 2027, 10:00"): for a list that names it once ({@link #zoneName})
     * rather than on every line.
     */
    public String saidClock(Instant moment) {
        return moment == null ? "" : Days.clock(moment.atZone(zone()));
    }

    /** A day to call on, in words with its weekday ("Mon 1 March 2027"): {@link Days#withWeekday}, as pages say a day. */
    static String dayOfWeek(LocalDate day) {
        return Days.withWeekday(day);
    }

    /**
     * Why a day to ask a contact again was refused, in words and with the day that bounds it on the clock their dates
     * count on ({@link Zones#ofContact}): past, or beyond the two years a date may be set.
     */
    public String askAgainRefused(LocalDate day, String timeZone, String country) {
        LocalDate today = clock.instant().atZone(zones.ofContact(timeZone, country)).toLocalDate();
        return day != null && day.isAfter(AskAgain.latest(today)) ? "Pick a day within two years, by "
                + dayOfWeek(AskAgain.latest(today)) + " at the latest."
                : "Pick today or a later day: it is " + dayOfWeek(today) + " where they are.";
    }

    /**
     * A module's text with the moments it wrote in numbers on the account's clock ("NURTURE → MQL on 2026-06-23 09:00",
     * "asked on Wed 6 Jan 2027 13:00") said as the pages say them ("on Tue 23 June 2026, 09:00"): a hand-off's story is
     * written once, when it opens, for alerts and emails too.
     */
    public String inWords(String text) {
        return momentsInWords(text);
    }

    /** As {@link #inWords}, for an alert's email copy, which says the same as the app (the moments need no clock). */
    static String momentsInWords(String text) {
        if (text == null) {
            return null;
        }
        String said = WRITTEN_MOMENT.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(
                dayOfWeek(LocalDate.parse(m.group(1))) + ", " + m.group(2)));
        return SHORT_MOMENT.matcher(said).replaceAll(m -> {
            try {
                LocalDate day = LocalDate.parse(m.group(1), SHORT_DAY);
                return java.util.regex.Matcher.quoteReplacement(dayOfWeek(day) + ", " + m.group(2));
            } catch (java.time.format.DateTimeParseException notADay) {
                return java.util.regex.Matcher.quoteReplacement(m.group());
            }
        });
    }

    /** A moment as stored texts wrote it, with the weekday some wrote before it ("Wednesday 2026-01-07 09:00"). */
    private static final java.util.regex.Pattern WRITTEN_MOMENT = java.util.regex.Pattern.compile(
            "\\b(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day )?(\\d{4}-\\d{2}-\\d{2}) (\\d{2}:\\d{2})\\b");
    private static final java.util.regex.Pattern SHORT_MOMENT = java.util.regex.Pattern.compile(
            "\\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (\\d{1,2} [A-Z][a-z]{2} \\d{4}) (\\d{2}:\\d{2})\\b");
    private static final DateTimeFormatter SHORT_DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

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
     * so, and gives the clock their dates and call-backs count on ({@link Zones#ofContact}: their country's middle
     * one, "Tue 12 Jan, 19:00 Australia/Darwin (their time zone is unknown; the middle of their country)"), or the
     * viewer's for a contact of no country known, rather than pass either off as theirs.
     */
    public String theirTime(Instant moment, String timeZone, String country) {
        if (moment == null) {
            return "";
        }
        Optional<ZoneId> known = Zones.known(timeZone);
        if (known.isPresent()) {
            return onClock(moment, known.get()) + " their time";
        }
        ZoneId counted = zones.ofContact(timeZone, country);
        return onClock(moment, counted) + " " + counted.getId() + " (their time zone is unknown"
                + (CountryZones.plannedIn(country) == null ? ")" : "; the middle of their country)");
    }

    /** {@link #theirTime(Instant, String, String)} of a contact whose country is not at hand. */
    public String theirTime(Instant moment, String timeZone) {
        return theirTime(moment, timeZone, null);
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
