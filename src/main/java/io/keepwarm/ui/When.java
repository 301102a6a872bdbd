package io.keepwarm.ui;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;

/**
 * A moment as the pages write it, in UTC: to the minute ("2026-12-03 11:23 UTC", not 2026-12-03T11:23:23.557206Z),
 * or its day ("2026-12-03"). Templates call the bean ({@code ${@when.at(m.sentAt())}}), page code the static methods.
 * Blank for none.
 */
@Component("when")
public class When {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    public String at(Instant moment) {
        return minute(moment);
    }

    static String minute(Instant moment) {
        return moment == null ? "" : MINUTE.format(moment);
    }

    static String day(Instant moment) {
        return moment == null ? "" : DAY.format(moment);
    }
}
