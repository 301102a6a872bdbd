package io.keepwarm.platform;

import static io.keepwarm.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.program.Schedules;
import io.keepwarm.program.Step;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@KeepwarmTest
class SimulatedClockTest {

    @Autowired
    Api api;

    @Test
    void anAdminMovesTheClockAndNewDataCarriesTheNewTime() throws Exception {
        Instant before = Instant.parse(json(api.get("/api/v1/admin/clock")).get("now").asString());
        // A few hours: a move walks, running the jobs over the shared database at every hour on the way.
        api.post("/api/v1/admin/clock", "{\"advance\": \"PT3H\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.now").value(before.plus(Duration.ofHours(3)).toString()))
                .andExpect(jsonPath("$.walked.steps").value(3));
        long id = api.createContact("{\"email\": \"%s\"}".formatted(Api.uniqueEmail("later")));
        assertThat(json(api.get("/api/v1/contacts/" + id)).get("createdAt").asString())
                .isEqualTo(before.plus(Duration.ofHours(3)).toString());

        // Ahead of wherever the tests before left the shared clock: the tests after must not find it gone back.
        Instant ahead = before.plus(Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        api.post("/api/v1/admin/clock", "{\"set\": \"" + ahead + "\"}")
                .andExpect(jsonPath("$.now").value(ahead.toString()));
    }

    @Test
    void refusesAmbiguousOrBackwardMoves() throws Exception {
        api.post("/api/v1/admin/clock", "{}").andExpect(status().isBadRequest());
        api.post("/api/v1/admin/clock", "{\"advance\": \"P1D\", \"set\": \"2031-01-01T09:00:00Z\"}")
                .andExpect(status().isBadRequest());
        api.post("/api/v1/admin/clock", "{\"advance\": \"-P1D\"}").andExpect(status().isBadRequest());
        api.post("/api/v1/admin/clock", "{\"advance\": \"P400D\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString("at most 366 days")));
        api.post("/api/v1/admin/clock", "{\"advance\": \"a month\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("advance"));
    }

    @Test
    void aTestMovesTheClockAWeekOnAContactsCalendarWhereAWeeksWaitFallsDueAcrossAChangeOfTheClocks() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        ZoneId chicago = ZoneId.of("America/Chicago");
        // Friday 10:00 in Berlin; the clocks go back on Sunday 25 October 2026 and forward on Sunday 29 March 2026.
        assertWeekLater(berlin, "2026-10-23T08:00:00Z", "2026-10-30T09:00:00Z", 169);
        assertWeekLater(berlin, "2026-03-27T09:00:00Z", "2026-04-03T08:00:00Z", 167);
        // Friday 10:00 in Chicago; the clocks go back there on Sunday 1 November 2026.
        assertWeekLater(chicago, "2026-10-30T15:00:00Z", "2026-11-06T16:00:00Z", 169);
        assertWeekLater(berlin, "2026-01-09T09:00:00Z", "2026-01-16T09:00:00Z", 168);

        assertThatThrownBy(() -> new SimulatedClock(Instant.EPOCH).advanceDays(-1, berlin))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTestMovesTheClockToTheNextSuchWeekdayAtAnHourNeverToTodayEvenBeforeThatHour() {
        // Tuesday 1 December 2026, 08:00 UTC.
        SimulatedClock clock = new SimulatedClock(Instant.parse("2026-12-01T08:00:00Z"));

        assertThat(clock.advanceToNext(DayOfWeek.TUESDAY, LocalTime.of(9, 0))).isEqualTo("2026-12-08T09:00:00Z")
                .isEqualTo(clock.instant());
        assertThat(clock.advanceToNext(DayOfWeek.WEDNESDAY, LocalTime.of(15, 0))).isEqualTo("2026-12-09T15:00:00Z");
    }

    private static void assertWeekLater(ZoneId zone, String from, String to, long hours) {
        SimulatedClock clock = new SimulatedClock(Instant.parse(from));
        Instant weekLater = clock.advanceDays(7, zone);

        assertThat(weekLater).isEqualTo(Instant.parse(to)).isEqualTo(clock.instant());
        assertThat(Duration.between(Instant.parse(from), weekLater)).isEqualTo(Duration.ofHours(hours));
        assertThat(weekLater).as("when a wait of 7 days begun then falls due")
                .isEqualTo(Schedules.afterWait(new Step.Wait(Duration.ofDays(7), null, null), Instant.parse(from), zone));
    }
}
