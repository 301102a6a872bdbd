package io.keepwarm.platform;

import java.time.Duration;

/** A span of time as a person says it, for text people read (a page, a score's history), not for the API. */
public final class Spans {

    private Spans() {}

    /** "7 days", "1 day 12 hours"; 90 minutes reads "1 hour 30 minutes". */
    public static String said(Duration duration) {
        long days = duration.toDays();
        int hours = duration.toHoursPart();
        int minutes = duration.toMinutesPart();
        String text = (days > 0 ? " " + days + (days == 1 ? " day" : " days") : "")
                + (hours > 0 ? " " + hours + (hours == 1 ? " hour" : " hours") : "")
                + (minutes > 0 ? " " + minutes + (minutes == 1 ? " minute" : " minutes") : "");
        return text.isEmpty() ? "0 minutes" : text.substring(1);
    }
}
