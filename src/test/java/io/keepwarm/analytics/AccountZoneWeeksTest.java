package io.keepwarm.analytics;

import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.platform.SimulatedClock;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestDatabase;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Weeks are the account's: Monday at midnight in its zone (here Berlin), across a change of the clocks too. */
@KeepwarmTest
class AccountZoneWeeksTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @DynamicPropertySource
    static void berlinAndOwnDatabase(DynamicPropertyRegistry properties) {
        properties.add("keepwarm.account.time-zone", () -> "Europe/Berlin");
        TestDatabase.ownDatabase(properties, "zone_test");
    }

    @Autowired Api api;
    @Autowired Analytics analytics;
    @Autowired SimulatedClock clock;

    @Test
    void aLeadThatBecameAnMqlJustAfterMidnightOnTheMondayAfterTheClocksWentForwardCountsInThatWeek() throws Exception {
        // Summer time began on Sunday 28 March 2027; half past midnight on Monday is 22:30 on Sunday in UTC.
        clock.set(ZonedDateTime.of(2027, 3, 29, 0, 30, 0, 0, BERLIN).toInstant());
        long lead = api.createContact("{\"email\": \"%s\", \"timeZone\": \"Europe/Berlin\"}".formatted(uniqueEmail("dst")));
        api.post("/api/v1/contacts/" + lead + "/stage", "{\"to\": \"MQL\"}").andExpect(status().isOk());

        HandoffWeeks weeks = analytics.handoffWeeks(new Period(
                ZonedDateTime.of(2027, 3, 22, 0, 0, 0, 0, BERLIN).toInstant(),
                ZonedDateTime.of(2027, 4, 5, 0, 0, 0, 0, BERLIN).toInstant()));

        assertThat(weeks.weeks()).extracting(HandoffWeeks.Week::start)
                .containsExactly(LocalDate.of(2027, 3, 22), LocalDate.of(2027, 3, 29));
        assertThat(weeks.weeks()).extracting(HandoffWeeks.Week::mqls).containsExactly(0L, 1L);
        assertThat(analytics.lastWeeks().from()).as("eleven weeks before this Monday, at midnight in Berlin")
                .isEqualTo(ZonedDateTime.of(2027, 1, 11, 0, 0, 0, 0, BERLIN).toInstant());
    }
}
