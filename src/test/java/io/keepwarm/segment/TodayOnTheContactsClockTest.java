package io.keepwarm.segment;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.account.AccountSettings;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * "Today" in a segment rule is the contact's today on the clock every other part of Keepwarm reads them by: their own
 * zone; for a contact of unknown zone, their country's middle clock (the United States': Phoenix); for a contact of no
 * country Keepwarm reads, the account's. Never UTC's for want of a zone: a birthday greeting for a Californian would
 * go out the evening before.
 */
@KeepwarmTest
class TodayOnTheContactsClockTest {

    @Autowired Api api;
    @Autowired Segments segments;
    @Autowired AccountSettings accountSettings;
    @Autowired TestClock clock;
    @Autowired JdbcClient jdbc;

    private final String tag = "today-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void backToTheConfiguredAccountZone() {
        jdbc.sql("DELETE FROM account_settings").update();
    }

    @Test
    void anAmericanOfNoZoneIsStillOnYesterdayAtThreeInTheMorningUtc() throws Exception {
        Instant now = clock.advanceToNextDay(day -> true, LocalTime.of(3, 0), ZoneOffset.UTC);
        LocalDate utcToday = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate yesterday = utcToday.minusDays(1);
        // No state given: the United States keep several clocks, so the contact module leaves the zone unknown.
        long american = contact("US", null, yesterday.minusYears(40));
        long americanBornToday = contact("US", null, utcToday.minusYears(40));
        long londoner = contact("GB", "Europe/London", yesterday.minusYears(40));
        assertThat(zoneUnknown(american)).as("the contact module left the zone unknown").isTrue();

        assertThat(matching("anniversary(birthday) = today")).as("20:00 yesterday in Phoenix: their birthday is today")
                .containsExactly(american);
        assertThat(matching("anniversary(birthday) = today+1d")).containsExactly(americanBornToday);
        assertThat(matching("anniversary(birthday) between today+360d and today+366d")).containsExactly(londoner);
    }

    @Test
    void aContactOfNoZoneAndNoCountryCountsTheAccountsDaysNotUtcs() throws Exception {
        accountSettings.change(new AccountSettings.Change("Pacific/Auckland", null, null));
        // 12:00 UTC is 01:00 or 00:00 the next day in Auckland, summer or winter.
        Instant now = clock.advanceToNextDay(day -> true, LocalTime.of(12, 0), ZoneOffset.UTC);
        LocalDate utcToday = LocalDate.ofInstant(now, ZoneOffset.UTC);
        long nowhere = contact(null, null, utcToday.plusDays(1).minusYears(30));
        long inUtc = contact(null, "UTC", utcToday.plusDays(1).minusYears(30));
        // a zone stored before zones were checked, one no JVM knows, is as unknown as none
        long mars = contact(null, null, utcToday.plusDays(1).minusYears(30));
        jdbc.sql("UPDATE contacts SET time_zone = NULL WHERE id = ?").param(nowhere).update();
        jdbc.sql("UPDATE contacts SET time_zone = 'Mars/Olympus_Mons' WHERE id = ?").param(mars).update();

        assertThat(matching("anniversary(birthday) = today")).containsExactly(nowhere, mars);
        assertThat(matching("anniversary(birthday) = today+1d")).containsExactly(inUtc);
    }

    @Test
    void aContactOfUnknownZoneInACountryOfOneClockCountsThatClocksDays() throws Exception {
        accountSettings.change(new AccountSettings.Change("America/Los_Angeles", null, null));
        // 16:00 UTC is 01:00 the next day in Tokyo, and 08:00 or 09:00 the same day in Los Angeles.
        Instant now = clock.advanceToNextDay(day -> true, LocalTime.of(16, 0), ZoneOffset.UTC);
        LocalDate tokyoToday = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1);
        long japanese = contact("JP", null, tokyoToday.minusYears(50));
        jdbc.sql("UPDATE contacts SET time_zone = NULL WHERE id = ?").param(japanese).update();
        long angeleno = contact(null, null, tokyoToday.minusYears(50));
        jdbc.sql("UPDATE contacts SET time_zone = NULL WHERE id = ?").param(angeleno).update();

        assertThat(matching("anniversary(birthday) = today")).containsExactly(japanese);
        assertThat(matching("anniversary(birthday) = today+1d")).containsExactly(angeleno);
    }

    private boolean zoneUnknown(long contact) {
        return jdbc.sql("SELECT COUNT(*) FROM contacts WHERE id = ? AND time_zone IS NULL").param(contact)
                .query(Long.class).single() == 1;
    }

    private long contact(String country, String zone, LocalDate birthday) throws Exception {
        return api.createContact("{\"email\": \"" + Api.uniqueEmail("today") + "\", \"source\": \"API\", \"tags\": [\""
                + tag + "\"]" + (country == null ? "" : ", \"country\": \"" + country + "\"")
                + (zone == null ? "" : ", \"timeZone\": \"" + zone + "\"")
                + ", \"attributes\": {\"birthday\": \"" + birthday + "\"}}");
    }

    private List<Long> matching(String rule) {
        Rule parsed = segments.parse("tag = \"" + tag + "\" and (" + rule + ")");
        return segments.matchingAfter(parsed, 0, 100);
    }
}
