package io.keepwarm.analytics;

import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import io.keepwarm.support.TestDatabase;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
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
    @Autowired TestClock clock;

    @Test
    void aLeadThatBecameAnMqlJustAfterMidnightOnTheMondayAfterTheClocksWentForwardCountsInThatWeek() throws Exception {
        // Half past midnight on the Monday after summer time began is 22:30 on Sunday in UTC.
        LocalDate monday = clock.advanceToNextDay(day -> day.getDayOfWeek() == DayOfWeek.MONDAY
                && offset(day.minusDays(1)) < offset(day), LocalTime.of(0, 30), BERLIN).atZone(BERLIN).toLocalDate();
        long lead = api.createContact("{\"email\": \"%s\", \"timeZone\": \"Europe/Berlin\"}".formatted(uniqueEmail("dst")));
        api.post("/api/v1/contacts/" + lead + "/stage", "{\"to\": \"MQL\"}").andExpect(status().isOk());

        HandoffWeeks weeks = analytics.handoffWeeks(new Period(monday.minusWeeks(1).atStartOfDay(BERLIN).toInstant(),
                monday.plusWeeks(1).atStartOfDay(BERLIN).toInstant()));

        assertThat(weeks.weeks()).extracting(HandoffWeeks.Week::start).containsExactly(monday.minusWeeks(1), monday);
        assertThat(weeks.weeks()).extracting(HandoffWeeks.Week::mqls).containsExactly(0L, 1L);
        assertThat(analytics.lastWeeks().from()).as("eleven weeks before this Monday, at midnight in Berlin")
                .isEqualTo(monday.minusWeeks(11).atStartOfDay(BERLIN).toInstant());
    }

    private static int offset(LocalDate day) {
        return day.atStartOfDay(BERLIN).getOffset().getTotalSeconds();
    }
}
