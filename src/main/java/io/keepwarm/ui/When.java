package io.keepwarm.ui;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/**
 * A moment as the pages write it, for templates ({@code ${@when.at(m.sentAt())}}): to the minute, in UTC as the
 * timeline writes it, and not as {@code 2026-12-03T11:23:23.557206Z}. Blank for none.
 */
@Component("when")
public class When {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    public String at(Instant moment) {
        return moment == null ? "" : WHEN.format(moment);
    }
}
