package io.keepwarm.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import io.keepwarm.support.TestClock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** A hand-off's deadline counts the working hours of the account's zone as an admin set it, without a restart. */
@KeepwarmTest
class HandoffDeadlineZoneTest {

    @Autowired Api api;
    @Autowired TestClock clock;
    @Autowired JdbcClient jdbc;

    private SalesTeam team;

    @BeforeEach
    void aTeam() {
        team = new SalesTeam(api);
    }

    @AfterEach
    void backToTheConfiguration() throws Exception {
        jdbc.sql("DELETE FROM account_settings").update();
        team.restore();
    }

    @Test
    void aNewAccountZoneMovesTheNextHandoffsWeekend() throws Exception {
        Leads leads = new Leads(api);
        long rep = team.rep("Zoned");
        team.onlyThese(rep);
        api.as(Role.ADMIN, put("/api/v1/handoffs/settings").contentType(MediaType.APPLICATION_JSON)
                .content("{\"slaHours\": 24}")).andExpect(status().isOk());
        Instant fridayNoon = clock.set(clock.instant().atZone(ZoneOffset.UTC).toLocalDate()
                .with(TemporalAdjusters.next(DayOfWeek.FRIDAY)).atTime(12, 0).toInstant(ZoneOffset.UTC));
        JsonNode inUtc = leads.toMql(leads.ownedBy("utc-deadline", rep));
        assertThat(Instant.parse(inUtc.get("dueAt").asString())).as("Friday noon + 24 working hours in UTC")
                .isEqualTo(fridayNoon.plus(Duration.ofDays(3)));

        // Kiritimati keeps UTC+14 all year: Friday noon in UTC is already Saturday 02:00 there.
        api.as(Role.ADMIN, put("/api/v1/account/settings").contentType(MediaType.APPLICATION_JSON)
                .content("{\"timeZone\": \"Pacific/Kiritimati\"}")).andExpect(status().isOk());
        JsonNode inKiritimati = leads.toMql(leads.ownedBy("kiritimati-deadline", rep));

        assertThat(Instant.parse(inKiritimati.get("dueAt").asString()))
                .as("Monday 00:00 + 24 hours there: Tuesday 00:00 in Kiritimati, Monday 10:00 UTC")
                .isEqualTo(fridayNoon.plus(Duration.ofDays(3)).minus(Duration.ofHours(2)));
    }
}
