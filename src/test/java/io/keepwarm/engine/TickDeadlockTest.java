package io.keepwarm.engine;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.Locks;
import io.keepwarm.support.TestClock;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A tick on demand the database gives up on every try (as it ends a deadlock with the scheduled tick or a batch of
 * events) answers 503 with a Retry-After, never 500; the next tick does the work. PostgreSQL only, where a real
 * statement can fail as a deadlock does.
 */
@KeepwarmTest
@EnabledIfSystemProperty(named = "keepwarm.test.db", matches = "postgres")
class TickDeadlockTest {

    @Autowired Api api;
    @Autowired Consents consents;
    @Autowired TestClock clock;
    @Autowired JdbcClient jdbc;
    @Autowired Engine engine;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aTickTheDatabaseGivesUpEveryTimeIsAnsweredBusyAndTheNextTickSends() throws Exception {
        long lead = api.createContact("""
                {"email": "%s", "firstName": "Ada", "timeZone": "Europe/Berlin"}""".formatted(uniqueEmail("tick-busy")));
        consents.record(lead, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "form", null));
        long sequence = api.activeProgram("""
                {"name": "busy %s", "kind": "SEQUENCE", "steps": [
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}]}""".formatted(run, api.liveArticle("Busy " + run)));
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [" + lead + "]}")
                .andExpect(status().isOk());
        clock.set(ZonedDateTime.ofInstant(clock.instant(), ZoneId.of("Europe/Berlin"))
                .with(TemporalAdjusters.next(DayOfWeek.TUESDAY)).withHour(10).withMinute(0).toInstant());
        Locks.whileInsertsDeadlock(jdbc, "touches", "NEW.program_id = " + sequence, () -> {
            var busy = api.post("/api/v1/admin/engine/tick", "{}").andExpect(status().isServiceUnavailable());
            assertThat(busy.andReturn().getResponse().getHeader("Retry-After")).isNotBlank();
            var problem = json(busy);
            assertThat(problem.get("title").asString()).isEqualTo("Busy");
            assertThat(problem.get("detail").asString()).contains("planning what is due", "Send the same request again");
            assertThat(engine.touchesOf(lead)).isEmpty();
        });
        api.post("/api/v1/admin/engine/tick", "{}").andExpect(status().isOk());
        assertThat(engine.touchesOf(lead)).singleElement().satisfies(t -> assertThat(t.state()).isEqualTo(Touch.State.SENT));
    }
}
