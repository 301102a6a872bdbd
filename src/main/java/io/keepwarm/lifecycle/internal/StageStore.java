package io.keepwarm.lifecycle.internal;

import io.keepwarm.lifecycle.ActorType;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.platform.Timestamps;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL behind stages and their history. A contact without a row in contact_stages is NEW. */
@Repository
public class StageStore {

    /** A stored current stage. */
    public record Current(Stage stage, Instant enteredAt) {}

    /** One stored move. */
    public record Move(long id, long contactId, Stage from, Stage to, Instant at, ActorType actorType, String actor,
            String reasonCode, String reason) {}

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    StageStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** The stored stage, locked until the transaction ends so two moves of one contact queue up. */
    public Optional<Current> currentForUpdate(long contactId) {
        return jdbc.sql("SELECT stage, entered_at FROM contact_stages WHERE contact_id = ? FOR UPDATE")
                .param(contactId)
                .query((rs, n) -> new Current(Stage.valueOf(rs.getString(1)), Timestamps.read(rs, 2)))
                .optional();
    }

    /** The recorded stage of each of these contacts that has moved; contacts never moved are left out (NEW). */
    public Map<Long, Stage> stagesOf(java.util.Collection<Long> contactIds) {
        return stages(List.copyOf(contactIds), "");
    }

    /** The recorded stage of each of these contacts that has moved, locked in id order until the transaction ends. */
    public Map<Long, Stage> stagesForUpdate(List<Long> sortedContactIds) {
        return stages(sortedContactIds, " ORDER BY contact_id FOR UPDATE");
    }

    private Map<Long, Stage> stages(List<Long> contactIds, String lock) {
        Map<Long, Stage> stages = new java.util.HashMap<>();
        for (var chunk : io.keepwarm.platform.Chunks.of(contactIds, 1000)) {
            jdbc.sql("SELECT contact_id, stage FROM contact_stages WHERE contact_id IN (:ids)" + lock)
                    .param("ids", chunk)
                    .query(rs -> {
                        stages.put(rs.getLong(1), Stage.valueOf(rs.getString(2)));
                    });
        }
        return stages;
    }

    public Optional<Current> current(long contactId) {
        return jdbc.sql("SELECT stage, entered_at FROM contact_stages WHERE contact_id = ?")
                .param(contactId)
                .query((rs, n) -> new Current(Stage.valueOf(rs.getString(1)), Timestamps.read(rs, 2)))
                .optional();
    }

    /** Moves one contact: its current stage and a line of history. */
    public void move(long contactId, Stage from, Stage to, Instant at, ActorType actorType, String actor,
            String reasonCode, String reason) {
        int updated = jdbc.sql("UPDATE contact_stages SET stage = ?, entered_at = ? WHERE contact_id = ?")
                .params(to.name(), Timestamps.of(at), contactId).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO contact_stages (contact_id, stage, entered_at) VALUES (?, ?, ?)")
                    .params(contactId, to.name(), Timestamps.of(at)).update();
        }
        jdbc.sql("""
                INSERT INTO stage_transitions (contact_id, from_stage, to_stage, occurred_at, actor_type, actor,
                    reason_code, reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(contactId, from.name(), to.name(), Timestamps.of(at), actorType.name(), actor, reasonCode, reason)
                .update();
    }

    /**
     * Moves several contacts, each from the stage it is in, in a batch of statements whatever their number;
     * {@code stored} names those that already have a stage row (locked by {@link #stagesForUpdate}).
     */
    public void moveEach(List<Move> moves, java.util.Set<Long> stored) {
        List<Object[]> updates = new java.util.ArrayList<>();
        List<Object[]> inserts = new java.util.ArrayList<>();
        List<Object[]> history = new java.util.ArrayList<>();
        for (Move m : moves) {
            var at = Timestamps.of(m.at());
            if (stored.contains(m.contactId())) {
                updates.add(new Object[] {m.to().name(), at, m.contactId()});
            } else {
                inserts.add(new Object[] {m.contactId(), m.to().name(), at});
            }
            history.add(new Object[] {m.contactId(), m.from().name(), m.to().name(), at, m.actorType().name(), m.actor(),
                m.reasonCode(), m.reason()});
        }
        if (moves.isEmpty()) {
            return;
        }
        if (!updates.isEmpty()) {
            template.batchUpdate("UPDATE contact_stages SET stage = ?, entered_at = ? WHERE contact_id = ?", updates);
        }
        if (!inserts.isEmpty()) {
            template.batchUpdate("INSERT INTO contact_stages (contact_id, stage, entered_at) VALUES (?, ?, ?)", inserts);
        }
        template.batchUpdate("""
                INSERT INTO stage_transitions (contact_id, from_stage, to_stage, occurred_at, actor_type, actor,
                    reason_code, reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", history);
    }

    /**
     * Up to {@code limit} contacts in the stage since at or before the cutoff, with ids above {@code after}, locked
     * (rows another run holds are skipped) until the transaction ends.
     */
    public List<Long> inStageSince(Stage stage, Instant cutoff, long after, int limit) {
        return jdbc.sql("""
                SELECT contact_id FROM contact_stages
                 WHERE stage = :stage AND entered_at <= :cutoff AND contact_id > :after
                 ORDER BY contact_id
                 FETCH FIRST :limit ROWS ONLY
                 FOR UPDATE SKIP LOCKED""")
                .param("stage", stage.name())
                .param("cutoff", Timestamps.of(cutoff))
                .param("after", after)
                .param("limit", limit)
                .query(Long.class)
                .list();
    }

    /** Moves these contacts, those of them still in {@code from}, with two statements whatever their number. */
    public void moveAll(List<Long> contactIds, Stage from, Stage to, Instant at, ActorType actorType, String actor,
            String reasonCode, String reason) {
        if (contactIds.isEmpty()) {
            return;
        }
        jdbc.sql("""
                INSERT INTO stage_transitions (contact_id, from_stage, to_stage, occurred_at, actor_type, actor,
                    reason_code, reason)
                SELECT contact_id, stage, :to, :at, :actorType, :actor, :code, :reason
                  FROM contact_stages WHERE contact_id IN (:ids) AND stage = :from""")
                .param("to", to.name()).param("at", Timestamps.of(at)).param("actorType", actorType.name())
                .param("actor", actor).param("code", reasonCode).param("reason", reason)
                .param("ids", contactIds).param("from", from.name())
                .update();
        jdbc.sql("UPDATE contact_stages SET stage = :to, entered_at = :at WHERE contact_id IN (:ids) AND stage = :from")
                .param("to", to.name()).param("at", Timestamps.of(at)).param("ids", contactIds).param("from", from.name())
                .update();
    }

    /** Every move of the contact, oldest first. */
    public List<Move> history(long contactId) {
        return jdbc.sql("""
                SELECT id, contact_id, from_stage, to_stage, occurred_at, actor_type, actor, reason_code, reason
                  FROM stage_transitions WHERE contact_id = ? ORDER BY occurred_at, id""")
                .param(contactId)
                .query((rs, n) -> new Move(rs.getLong(1), rs.getLong(2), Stage.valueOf(rs.getString(3)),
                        Stage.valueOf(rs.getString(4)), Timestamps.read(rs, 5), ActorType.valueOf(rs.getString(6)),
                        rs.getString(7), rs.getString(8), rs.getString(9)))
                .list();
    }

    /** How many contacts have a stored stage, per stage (NEW is everyone else). */
    public Map<Stage, Long> countsNow() {
        return counts(jdbc.sql("SELECT stage, COUNT(*) FROM contact_stages GROUP BY stage").query().listOfRows());
    }

    /** Per stage, how many contacts had moved there as their latest move at or before the instant. */
    public Map<Stage, Long> countsAt(Instant at) {
        return counts(jdbc.sql("""
                SELECT to_stage, COUNT(*) FROM (
                    SELECT to_stage,
                           ROW_NUMBER() OVER (PARTITION BY contact_id ORDER BY occurred_at DESC, id DESC) AS n
                      FROM stage_transitions WHERE occurred_at <= ?) latest
                 WHERE n = 1 GROUP BY to_stage""")
                .param(Timestamps.of(at)).query().listOfRows());
    }

    /** A merged duplicate's history becomes the survivor's. */
    public void moveHistory(long fromContactId, long toContactId) {
        jdbc.sql("UPDATE stage_transitions SET contact_id = ? WHERE contact_id = ?").params(toContactId, fromContactId)
                .update();
    }

    private static Map<Stage, Long> counts(List<Map<String, Object>> rows) {
        Map<Stage, Long> counts = new EnumMap<>(Stage.class);
        for (Map<String, Object> row : rows) {
            Object[] values = row.values().toArray();
            counts.put(Stage.valueOf(String.valueOf(values[0])), ((Number) values[1]).longValue());
        }
        return counts;
    }
}
