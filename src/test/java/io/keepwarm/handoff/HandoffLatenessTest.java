package io.keepwarm.handoff;

import static io.keepwarm.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
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
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;

/**
 * Whether a hand-off was decided within the SLA is judged by the rep it first went to: one reassigned or escalated
 * after its deadline is late, whoever moves it since and however fresh the new rep's deadline. Dana manages Erik and
 * Nate; the period starts on a Tuesday after everything earlier tests did, so its decisions are this test's.
 */
@KeepwarmTest
class HandoffLatenessTest {

    @Autowired Api api;
    @Autowired TestClock clock;
    @Autowired HandoffJob job;

    private SalesTeam team;
    private Leads leads;
    private long dana;
    private long erik;
    private long nate;
    private Instant from;

    @BeforeEach
    void danasTeam() throws Exception {
        clock.set(ZonedDateTime.ofInstant(clock.instant().plus(Duration.ofDays(14)), ZoneOffset.UTC)
                .with(TemporalAdjusters.next(DayOfWeek.TUESDAY)).withHour(10).withMinute(0).withSecond(0).withNano(0)
                .toInstant());
        from = clock.instant();
        team = new SalesTeam(api);
        leads = new Leads(api);
        sla("{\"slaHours\": 24, \"onOverdue\": \"ESCALATE\"}");
        dana = team.rep("Dana");
        erik = team.rep("Erik");
        nate = team.rep("Nate");
        team.manages(dana, erik, nate);
        team.onlyThese(dana, erik, nate);
    }

    @AfterEach
    void everyoneBack() throws Exception {
        team.restore();
    }

    @Test
    void anEscalatedLeadTheManagerReassignsIsStillLateWhenTheNewRepDecidesBeforeTheFreshDeadline() throws Exception {
        long named = leads.toMql(leads.ownedBy("named", erik)).get("id").asLong();
        long picked = leads.toMql(leads.ownedBy("picked", erik)).get("id").asLong();
        clock.advance(Duration.ofDays(7));
        assertThat(job.run().escalated()).contains(named, picked);

        team.post(dana, "/api/v1/handoffs/" + named + "/reassign", "{\"repId\": " + nate + "}")
                .andExpect(status().isOk());
        team.post(dana, "/api/v1/handoffs/" + picked + "/reassign", "{}").andExpect(status().isOk());
        assertThat(leads.handoff(picked).get("repId").asLong()).as("Erik's teammate").isEqualTo(nate);
        team.post(nate, "/api/v1/handoffs/" + named + "/accept", "").andExpect(status().isOk());
        team.post(nate, "/api/v1/handoffs/" + picked + "/accept", "").andExpect(status().isOk());

        JsonNode figures = handoffFigures();
        assertThat(figures.get("decided").asLong()).isEqualTo(2);
        assertThat(figures.get("decidedInTime").asLong()).as("Erik let both lapse").isZero();
        assertThat(leads.handoff(named).get("missedBy").asLong()).as("the lapse stays Erik's").isEqualTo(erik);
        assertThat(leads.handoff(named).get("missedAt").isNull()).isFalse();
    }

    @Test
    void aRepWhoGoesAwayAndComesBackDoesNotEraseTheLapseOfTheirOverdueLeads() throws Exception {
        long first = leads.toMql(leads.ownedBy("first", erik)).get("id").asLong();
        long second = leads.toMql(leads.ownedBy("second", erik)).get("id").asLong();
        clock.advance(Duration.ofDays(2));
        assertThat(job.run().escalated()).contains(first, second);

        away(erik, true);
        assertThat(job.run().handedOver()).contains(first, second);
        away(erik, false);
        job.run();
        for (long id : new long[] {first, second}) {
            long holder = leads.handoff(id).get("repId").asLong();
            team.post(holder, "/api/v1/handoffs/" + id + "/accept", "").andExpect(status().isOk());
        }

        JsonNode figures = handoffFigures();
        assertThat(figures.get("decided").asLong()).isEqualTo(2);
        assertThat(figures.get("decidedInTime").asLong()).as("accepted two days late").isZero();
        assertThat(leads.handoff(first).get("missedBy").asLong()).isEqualTo(erik);
    }

    /** The dashboard's and the API's hand-off figures, from the test's Tuesday on. */
    private JsonNode handoffFigures() throws Exception {
        return json(api.as(Role.MARKETER, MockMvcRequestBuilders.get("/api/v1/analytics/handoffs")
                .param("from", from.toString()).param("to", from.plus(Duration.ofDays(30)).toString()))
                .andExpect(status().isOk()));
    }

    /** The rep marks themselves away or back, as on their account page. */
    private void away(long rep, boolean away) throws Exception {
        team.as(rep, MockMvcRequestBuilders.patch("/api/v1/me").contentType(MediaType.APPLICATION_JSON)
                .content("{\"away\": " + away + "}")).andExpect(status().isOk());
    }

    private void sla(String json) throws Exception {
        api.as(Role.ADMIN, MockMvcRequestBuilders.put("/api/v1/handoffs/settings").contentType("application/json")
                .content(json)).andExpect(status().isOk());
    }
}
