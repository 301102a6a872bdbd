package io.keepwarm.engine;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.platform.CountryZones;
import io.keepwarm.program.Enrollment;
import io.keepwarm.program.Enrollments;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A contact whose zone is unknown but whose country is known (an Australian without a state) is planned on the clock of
 * their country nearest its middle, not the account's: the account's (UTC in tests) 10:00 on a Tuesday is evening in
 * Sydney, and quiet hours kept on every Australian clock held the stream's "first Tuesday" until Wednesday.
 */
@KeepwarmTest
class UnknownZonePlanningTest {

    private static final ZoneId DARWIN = ZoneId.of("Australia/Darwin");

    @Autowired Api api;
    @Autowired Engine engine;
    @Autowired Enrollments enrollments;
    @Autowired Forecasts forecasts;
    @Autowired TestClock clock;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void anAustralianOfUnknownZoneGetsTheFirstTuesdayPieceOnTuesdayOnEveryClockOfAustraliaThroughBothChangesOfTheClocks()
            throws Exception {
        long aussie = api.createContact("{\"email\": \"" + uniqueEmail("aussie") + "\", \"country\": \"AU\","
                + " \"consents\": [{\"channel\": \"EMAIL\", \"state\": \"GRANTED\", \"source\": \"form\"}]}");
        tools.jackson.databind.JsonNode zone = json(api.get("/api/v1/contacts/" + aussie)).path("timeZone");
        assertThat(zone.isNull() || zone.isMissingNode()).as("no state: no zone").isTrue();
        api.post("/api/v1/contacts/" + aussie + "/stage", "{\"to\": \"NURTURE\"}").andExpect(status().isOk());
        List<Long> pool = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            pool.add(api.liveArticle("Down under " + i + " " + run));
        }
        long stream = api.activeProgram("""
                {"name": "Down under %s", "kind": "STREAM",
                 "cadence": {"type": "monthly", "week": 1, "day": "TUESDAY", "at": "10:00"}, "pool": %s}"""
                .formatted(run, pool));
        api.post("/api/v1/programs/" + stream + "/enrollments", "{\"contactIds\": [" + aussie + "]}")
                .andExpect(status().isOk());

        Forecast forecast = forecasts.forecast(stream, aussie);
        assertThat(forecast.zone()).isEqualTo(DARWIN);
        assertThat(forecast.unknownZone()).contains("times are in Australia/Darwin, the middle clock of Australia")
                .contains("on every clock of Australia");

        // Twelve months cross the end of summer time (first Sunday of April) and its start (first Sunday of October)
        // where it is kept (Sydney, Melbourne, Adelaide, Hobart): Darwin keeps none, so Sydney is 1:30 ahead of it
        // in the southern summer and 0:30 in winter, and the first Tuesday is a Tuesday on every clock either way.
        Set<Integer> months = new HashSet<>();
        for (int month = 1; month <= 12; month++) {
            ZonedDateTime due = enrollment(stream).nextDueAt().atZone(DARWIN);
            assertThat(due.toLocalTime()).as("month %d", month).isEqualTo(LocalTime.of(10, 0));
            assertThat(due.toLocalDate()).as("the first Tuesday, month %d", month)
                    .isEqualTo(due.toLocalDate().with(TemporalAdjusters.firstInMonth(DayOfWeek.TUESDAY)));
            clock.set(due.toInstant());
            engine.tick();
            months.add(due.getMonthValue());
        }
        assertThat(months).hasSize(12);

        List<Touch> touches = engine.touchesOf(aussie);
        assertThat(touches).hasSize(12).allSatisfy(t -> {
            assertThat(t.state()).isEqualTo(Touch.State.SENT);
            for (ZoneId clock : CountryZones.clocksOf("AU")) {
                assertThat(t.sentAt().atZone(clock).getDayOfWeek()).as("sent %s on %s", t.sentAt(), clock)
                        .isEqualTo(DayOfWeek.TUESDAY);
            }
        });
        api.post("/api/v1/programs/" + stream + "/archive", "").andExpect(status().isOk());
    }

    private Enrollment enrollment(long program) {
        return enrollments.list(program, null, null, 10).items().getFirst();
    }
}
