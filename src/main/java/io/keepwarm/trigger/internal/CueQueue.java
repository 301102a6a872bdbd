package io.keepwarm.trigger.internal;

import io.keepwarm.platform.Timestamps;
import io.keepwarm.trigger.Trigger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The queue of cues from other modules' events: written in the event's transaction (only cues some active trigger
 * listens for), matched to triggers in batches behind it. Batches are claimed with SKIP LOCKED and deleted in the
 * transaction that fires their triggers, so each cue is handled once, also with several instances.
 */
@Component
class CueQueue {

    static final int BATCH = 500;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final Catalog catalog;
    private final Evaluator evaluator;
    private final Clock clock;

    CueQueue(JdbcClient jdbc, JdbcTemplate template, Catalog catalog, Evaluator evaluator, Clock clock) {
        this.jdbc = jdbc;
        this.template = template;
        this.catalog = catalog;
        this.evaluator = evaluator;
        this.clock = clock;
    }

    /** Queues the cues some active trigger listens for; the rest are dropped here. */
    void offer(List<CueEvent> cues) {
        Catalog.Snapshot snapshot = catalog.current();
        List<CueEvent> wanted = cues.stream().filter(snapshot::wants).toList();
        if (wanted.isEmpty()) {
            return;
        }
        var now = Timestamps.now(clock);
        template.batchUpdate("""
                INSERT INTO trigger_cues (cue_type, contact_id, subject, detail, chain, occurred_at)
                VALUES (?, ?, ?, ?, ?, ?)""", wanted, 1000, (ps, c) -> {
            ps.setString(1, c.type().name());
            ps.setLong(2, c.contactId());
            ps.setString(3, c.subject() == null ? null : Cues.cut(c.subject(), 200));
            ps.setString(4, c.detail() == null ? null : Cues.cut(c.detail(), 10_000));
            ps.setString(5, FiringChain.write(c.chain()));
            ps.setObject(6, now);
        });
    }

    /** What one batch came to: how many cues it took, and the firings. */
    record Batch(int cues, Evaluator.Outcome outcome) {}

    /** Matches one batch of queued cues to the active triggers, inside the caller's transaction. */
    Batch processBatch() {
        List<CueEvent> batch = jdbc.sql("""
                SELECT id, cue_type, contact_id, subject, detail, chain, occurred_at FROM trigger_cues
                 ORDER BY id FETCH FIRST :n ROWS ONLY FOR UPDATE SKIP LOCKED""")
                .param("n", BATCH)
                .query((rs, n) -> new CueEvent(rs.getLong(1), CueEvent.Type.valueOf(rs.getString(2)), rs.getLong(3),
                        rs.getString(4), rs.getString(5), FiringChain.read(rs.getString(6)), Timestamps.read(rs, 7)))
                .list();
        if (batch.isEmpty()) {
            return new Batch(0, Evaluator.Outcome.NONE);
        }
        Catalog.Snapshot snapshot = catalog.current();
        List<Occurrence> occurrences = new ArrayList<>();
        for (CueEvent cue : batch) {
            for (Trigger trigger : snapshot.listening(cue.type())) {
                if (Cues.matches(trigger.when(), cue)) {
                    occurrences.add(new Occurrence(trigger, cue.contactId(), "cue:" + cue.id(),
                            Cues.describe(trigger.when(), cue), cue.chain()));
                }
            }
        }
        Evaluator.Outcome outcome = evaluator.evaluate(occurrences);
        jdbc.sql("DELETE FROM trigger_cues WHERE id IN (:ids)").param("ids", batch.stream().map(CueEvent::id).toList())
                .update();
        return new Batch(batch.size(), outcome);
    }
}
