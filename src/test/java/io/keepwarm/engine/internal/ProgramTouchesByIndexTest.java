package io.keepwarm.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.platform.Timestamps;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A page of a program's touches (GET /api/v1/programs/{id}/touches) is a range of one index, read until the page is
 * full, however many touches the program and the others have: not all the program's touches read and sorted, nor
 * every touch planned since the cursor read to find the program's.
 */
@KeepwarmTest
@EnabledIfSystemProperty(named = "keepwarm.test.db", matches = "postgres")
class ProgramTouchesByIndexTest {

    @Autowired Api api;
    @Autowired JdbcClient jdbc;
    @Autowired TransactionTemplate tx;

    @Test
    void aPageOfAProgramsTouchesIsReadByProgramAndIdFromOneIndex() throws Exception {
        long older = program();
        long newer = program();
        List<String> conditions = tx.execute(status -> {
            status.setRollbackOnly();
            // An older program's 40,000 touches, then the newer one's 2,000 (gone again afterwards).
            touches(older, 40_000);
            touches(newer, 2_000);
            jdbc.sql("ANALYZE touches").update();
            // A small test table could be scanned by choice: the whole table is the last resort.
            jdbc.sql("SET LOCAL enable_seqscan = off").update();
            return jdbc.sql("EXPLAIN " + TouchStore.PROGRAM_PAGE).params(newer, 0L, 51).query(String.class).list()
                    .stream().filter(line -> line.contains("Index Cond:")).toList();
        });
        assertThat(conditions).singleElement().satisfies(c -> assertThat(c).contains("program_id =", "id >"));
    }

    private long program() throws Exception {
        long contact = api.createContact("{\"email\": \"%s\"}".formatted(Api.uniqueEmail("paged")));
        long program = api.activeProgram("""
                {"name": "paged %s", "kind": "SEQUENCE", "steps": [{"type": "wait", "duration": "P7D"}]}"""
                .formatted(UUID.randomUUID()));
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + contact + "]}");
        return program;
    }

    private void touches(long program, int count) {
        jdbc.sql("""
                INSERT INTO touches (enrollment_id, program_id, contact_id, step, occurrence, kind, channel, state,
                    planned_at, due_at, stale_at, attempts, sent_at)
                SELECT e.id, e.program_id, e.contact_id, g, 0, 'SEND', 'EMAIL', 'SENT', t, t, t, 1, t
                  FROM enrollments e, generate_series(1, ?) s(g), (SELECT CAST(? AS TIMESTAMP WITH TIME ZONE) AS t) x
                 WHERE e.program_id = ?""")
                .params(count, Timestamps.of(Instant.parse("2026-01-05T00:00:00Z")), program).update();
    }
}
