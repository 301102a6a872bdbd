package io.keepwarm.lifecycle;

import static io.keepwarm.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@KeepwarmTest
class FunnelTest {

    @Autowired
    Api api;

    @Autowired
    TestClock clock;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theFunnelCountsEveryStageNowAndAsItWasAtAPastInstant() throws Exception {
        Stages stages = new Stages(api);
        // Past whatever the browser tests left "later": their Spring contexts run clocks of their own on this JVM's
        // database, so their contacts and moves may lie ahead of this clock, where a real account's never do.
        OffsetDateTime latest = jdbc.sql("SELECT MAX(t) FROM (SELECT MAX(occurred_at) AS t FROM stage_transitions"
                        + " UNION ALL SELECT MAX(created_at) AS t FROM contacts) x")
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class)).optional().orElse(null);
        if (latest != null && latest.toInstant().isAfter(clock.instant())) {
            clock.set(latest.toInstant().plusSeconds(60));
        }
        Map<Stage, Long> before = funnel(null);
        Instant beforeCreation = clock.instant();
        clock.advance(Duration.ofMinutes(1));
        long a = stages.aContact("funnel-a");
        long b = stages.aContact("funnel-b");
        stages.aContact("funnel-c");
        clock.advance(Duration.ofHours(1));
        Instant created = clock.instant();
        Map<Stage, Long> atCreation = funnel(created);
        clock.advance(Duration.ofHours(1));
        stages.move(a, Stage.NURTURE);
        clock.advance(Duration.ofHours(1));
        Instant oneMove = clock.instant();
        clock.advance(Duration.ofHours(1));
        stages.move(a, Stage.MQL);
        stages.move(b, Stage.NURTURE);

        Map<Stage, Long> now = funnel(null);
        assertThat(now.get(Stage.NEW)).isEqualTo(before.get(Stage.NEW) + 1);
        assertThat(now.get(Stage.NURTURE)).isEqualTo(before.get(Stage.NURTURE) + 1);
        assertThat(now.get(Stage.MQL)).isEqualTo(before.get(Stage.MQL) + 1);
        assertThat(total(now)).isEqualTo(total(before) + 3);

        assertThat(funnel(created)).as("the past does not change with later moves").isEqualTo(atCreation);
        // Past instants read back to back, history against history: a contact or move another context's clock put
        // ahead of this one, or wrote meanwhile, counts in each alike (now against then it did not, once in CI).
        Map<Stage, Long> beforeThen = funnel(beforeCreation);
        Map<Stage, Long> createdThen = funnel(created);
        assertThat(createdThen.get(Stage.NEW)).isEqualTo(beforeThen.get(Stage.NEW) + 3);
        assertThat(total(createdThen)).isEqualTo(total(beforeThen) + 3);
        Map<Stage, Long> then = funnel(oneMove);
        assertThat(then.get(Stage.NEW)).isEqualTo(createdThen.get(Stage.NEW) - 1);
        assertThat(then.get(Stage.NURTURE)).isEqualTo(createdThen.get(Stage.NURTURE) + 1);
        assertThat(then.get(Stage.MQL)).isEqualTo(createdThen.get(Stage.MQL));
    }

    @Test
    void everyStageIsInTheFunnelEvenWhenEmptyAndTheFutureIsRefused() throws Exception {
        JsonNode funnel = json(api.get("/api/v1/lifecycle/funnel?at=2000-01-01T00:00:00Z").andExpect(status().isOk()));
        assertThat(funnel.get("counts").propertyNames()).containsExactly("NEW", "NURTURE", "MQL", "SQL", "OPPORTUNITY",
                "CUSTOMER", "RECYCLED", "LOST", "DISQUALIFIED", "DORMANT");
        assertThat(funnel.get("counts").valueStream().mapToLong(JsonNode::asLong).sum()).isZero();
        assertThat(funnel.get("at").asString()).isEqualTo("2000-01-01T00:00:00Z");
        api.get("/api/v1/lifecycle/funnel?at=" + clock.instant().plusSeconds(60))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("at"));
        api.get("/api/v1/lifecycle/funnel?at=yesterday").andExpect(status().isBadRequest());
    }

    private Map<Stage, Long> funnel(Instant at) throws Exception {
        JsonNode body = json(api.get("/api/v1/lifecycle/funnel" + (at == null ? "" : "?at=" + at)).andExpect(status().isOk()));
        Map<Stage, Long> counts = new EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            counts.put(stage, body.get("counts").get(stage.name()).asLong());
        }
        assertThat(body.get("total").asLong()).isEqualTo(total(counts));
        return counts;
    }

    private static long total(Map<Stage, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }
}
