package io.keepwarm.platform;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A day as a person writes it in a sentence ("4 March 2027"), for text people read (a page, a task's note, why a touch
 * did not go), not for the API. In English whatever the machine's or the browser's locale: the sentences around it are.
 */
public final class Days {

    private static final DateTimeFormatter SAID = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter BRIEF = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);
    private static final DateTimeFormatter BRIEF_WITH_YEAR = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);

    private Days() {}

    /** "4 March 2027". */
    public static String said(LocalDate day) {
        return SAID.format(day);
    }

    /**
     * A day beside a time or a "since", as the README's one format for a moment on a clock writes it: "Tue 5 Jan", with
     * the year only when it is not {@code today}'s ("Tue 5 Jan 2027" in December 2026).
     */
    public static String brief(LocalDate day, LocalDate today) {
        return (day.getYear() == today.getYear() ? BRIEF : BRIEF_WITH_YEAR).format(day);
    }
}
