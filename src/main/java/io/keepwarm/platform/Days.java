package io.keepwarm.platform;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A day as a person writes it in a sentence ("4 March 2027"), for text people read (a page, a task's note, why a touch
 * did not go), not for the API. In English whatever the machine's or the browser's locale: the sentences around it are.
 */
public final class Days {

    private static final DateTimeFormatter SAID = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter BRIEF = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);
    private static final DateTimeFormatter WEEKDAY = DateTimeFormatter.ofPattern("EEE", Locale.ENGLISH);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter BRIEF_WITH_YEAR = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);

    private Days() {}

    /** "4 March 2027". */
    public static String said(LocalDate day) {
        return SAID.format(day);
    }

    /** With its weekday, as a sentence of a page or an alert says a day: "Fri 8 January 2027". */
    public static String withWeekday(LocalDate day) {
        return WEEKDAY.format(day) + " " + said(day);
    }

    /** A moment on a clock, its day with its weekday: "Fri 8 January 2027, 13:00". */
    public static String clock(ZonedDateTime moment) {
        return withWeekday(moment.toLocalDate()) + ", " + HOUR.format(moment);
    }

    /**
     * A moment on a zone's clock, the zone named: "Fri 8 January 2027, 13:00 (Europe/Berlin)", the one way pages and the
     * alerts and emails written for them say a moment.
     */
    public static String at(Instant moment, ZoneId zone) {
        return clock(moment.atZone(zone)) + " (" + zone.getId() + ")";
    }

    /**
     * A day beside a time or a "since", as the README's one format for a moment on a clock writes it: "Tue 5 Jan", with
     * the year only when it is not {@code today}'s ("Tue 5 Jan 2027" in December 2026).
     */
    public static String brief(LocalDate day, LocalDate today) {
        return (day.getYear() == today.getYear() ? BRIEF : BRIEF_WITH_YEAR).format(day);
    }
}
