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

    private Days() {}

    /** "4 March 2027". */
    public static String said(LocalDate day) {
        return SAID.format(day);
    }
}
