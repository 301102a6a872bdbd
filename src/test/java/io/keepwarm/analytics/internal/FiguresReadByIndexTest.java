package io.keepwarm.analytics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.platform.Timestamps;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The program, dashboard and content pages find the touches and new contacts they count through an index, not by
 * reading the whole table (or every sent touch): with a million touches that made every load slow. A small test table
 * could be scanned by choice, so PostgreSQL is told to scan a table only when no index serves the statement.
 */
@KeepwarmTest
@EnabledIfSystemProperty(named = "keepwarm.test.db", matches = "postgres")
class FiguresReadByIndexTest {

    private static final Instant FROM = Instant.parse("2026-01-05T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-03-30T00:00:00Z");

    @Autowired Api api;
    @Autowired JdbcClient jdbc;
    @Autowired TransactionTemplate tx;

    @Test
    void aProgramsFiguresReadItsTouchesByIndex() throws Exception {
        assertThat(indexConditions(ProgramQueries.TOUCHES, Map.of("p", 1L)))
                .anySatisfy(c -> assertThat(c).contains("program_id ="));
    }

    @Test
    void theTouchesPerWeekReadSentAndSuppressedTouchesByIndex() throws Exception {
        Map<String, Object> params = new HashMap<>(Weeks.starts(List.of(FROM, FROM.plus(Duration.ofDays(7)), TO)));
        params.put("from", Timestamps.of(FROM));
        params.put("to", Timestamps.of(TO));
        List<String> conditions = indexConditions(TouchQueries.weeks(3), params);
        assertThat(conditions).anySatisfy(c -> assertThat(c).contains("'SENT'", "sent_at >=", "sent_at <"));
        assertThat(conditions).anySatisfy(c -> assertThat(c).contains("'SUPPRESSED'", "ended_at >=", "ended_at <"));
    }

    @Test
    void whatEachPieceEarnedReadsTheSentTouchesByIndex() throws Exception {
        assertThat(indexConditions(ContentQueries.SENT, Map.of("from", Timestamps.of(FROM), "to", Timestamps.of(TO),
                "window", 86_400L))).anySatisfy(c -> assertThat(c).contains("'SENT'", "sent_at >=", "sent_at <"));
    }

    @Test
    void theFunnelsConversionsReadTheNewContactsOfThePeriodByIndex() throws Exception {
        assertThat(indexConditions(FunnelQueries.CONVERSIONS, Map.of("from", Timestamps.of(FROM), "to", Timestamps.of(TO))))
                .anySatisfy(c -> assertThat(c).contains("created_at >=", "created_at <"));
    }

    /**
     * What the statement looks up in an index, on touches spread over years (20,000, one in ten suppressed, gone
     * again afterwards) and with a scan of a whole table as the last resort: the conditions of each index read. An
     * index serves a statement when one read's conditions hold its leading columns and the range; a condition on a
     * later column alone reads the whole index.
     */
    private List<String> indexConditions(String sql, Map<String, Object> params) throws Exception {
        long contact = api.createContact("{\"email\": \"%s\"}".formatted(Api.uniqueEmail("indexed")));
        long program = api.activeProgram("""
                {"name": "indexed %s", "kind": "SEQUENCE", "steps": [{"type": "wait", "duration": "P7D"}]}"""
                .formatted(UUID.randomUUID()));
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + contact + "]}");
        long enrollment = jdbc.sql("SELECT id FROM enrollments WHERE program_id = ?").param(program).query(Long.class)
                .single();
        return tx.execute(status -> {
            status.setRollbackOnly();
            jdbc.sql("""
                    INSERT INTO touches (enrollment_id, program_id, contact_id, step, occurrence, kind, channel, state,
                        planned_at, due_at, stale_at, attempts, sent_at, ended_at)
                    SELECT ?, ?, ?, g, 0, 'SEND', 'EMAIL', CASE WHEN g % 10 = 0 THEN 'SUPPRESSED' ELSE 'SENT' END,
                           t, t, t, 1, CASE WHEN g % 10 = 0 THEN NULL ELSE t END, CASE WHEN g % 10 = 0 THEN t END
                      FROM (SELECT g, CAST(? AS TIMESTAMP WITH TIME ZONE) + g * INTERVAL '1 hour' AS t
                              FROM generate_series(1, 20000) s(g)) x""")
                    .params(enrollment, program, contact, Timestamps.of(FROM.minus(Duration.ofDays(365)))).update();
            jdbc.sql("ANALYZE touches").update();
            jdbc.sql("SET LOCAL enable_seqscan = off").update();
            return jdbc.sql("EXPLAIN " + sql).params(params).query(String.class).list().stream()
                    .filter(line -> line.contains("Index Cond:")).toList();
        });
    }
}
