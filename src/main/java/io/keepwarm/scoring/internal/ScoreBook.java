package io.keepwarm.scoring.internal;

import io.keepwarm.platform.Database;
import io.keepwarm.platform.Chunks;
import io.keepwarm.platform.CustomPlans;
import io.keepwarm.platform.Timestamps;
import io.keepwarm.scoring.ScoreChange.Cause;
import io.keepwarm.scoring.ScoringSettings;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The score table and its history, a batch at a time. Rows are locked in contact order before they are changed, so
 * two instances scoring the same contact wait for each other instead of losing a change, and never deadlock.
 */
@Repository
public class ScoreBook {

    private static final int CHUNK = 1000;

    /**
     * A contact's score as it is being worked on: the exact (unrounded) score as of decayedAt, and the score shown
     * before this batch changed it.
     */
    public static final class Entry {
        final long contactId;
        double exact;
        Instant decayedAt;
        String grade;
        int scoreBefore;
        final String gradeBefore;
        /** Whether the score and grade met the readiness rule when last judged; null: judged before this was kept. */
        final Boolean metBefore;
        Boolean met;
        boolean crossed;

        Entry(long contactId, double exact, Instant decayedAt, String grade, int scoreBefore, Boolean metBefore) {
            this.contactId = contactId;
            this.exact = exact;
            this.decayedAt = decayedAt;
            this.grade = grade;
            this.scoreBefore = scoreBefore;
            this.gradeBefore = grade;
            this.metBefore = metBefore;
            this.met = metBefore;
        }

        public long contactId() {
            return contactId;
        }

        public int score() {
            return (int) Math.round(exact);
        }

        public String grade() {
            return grade;
        }

        public double exactScore() {
            return exact;
        }

        public int scoreBefore() {
            return scoreBefore;
        }

        public String gradeBefore() {
            return gradeBefore;
        }

        /**
         * Brings the exact score to the instant, as decay would have; never back in time. Answers the history row
         * for it where the shown score moved, so the history adds up to the score.
         */
        public Optional<NewChange> decayTo(Instant now, ScoringSettings settings) {
            int before = score();
            if (decayedAt == null || now.isAfter(decayedAt)) {
                if (decayedAt != null) {
                    exact = settings.decay(exact, java.time.Duration.between(decayedAt, now));
                }
                decayedAt = now;
            }
            return score() == before ? Optional.empty() : Optional.of(new NewChange(contactId, Cause.DECAY,
                    "half-life " + io.keepwarm.platform.Spans.said(settings.halfLife()), null, null, score() - before, score(), grade));
        }

        /**
         * Takes the (decayed) score as it is now as the one changes start from, so the readiness rule sees a
         * contact that had fallen below the threshold rise across it again.
         */
        public void startFromNow() {
            scoreBefore = score();
        }

        /** Adds points (negative ones too); a score never goes below zero. Answers the change in shown points. */
        public int add(double points) {
            int before = score();
            exact = Math.max(0, exact + points);
            return score() - before;
        }

        public void grade(String grade) {
            this.grade = grade;
        }

        /**
         * Judges the score and grade as they are now by the readiness rule, to be saved with them, and answers
         * whether they came to meet it. They met it before only if they did under the rule of the time and still do
         * under this one: a contact that has faded below crosses again, and one that met no rule before a change of
         * the settings crosses at its next score change rather than never.
         */
        public boolean judge(ScoringSettings settings, boolean grading) {
            boolean was = (metBefore == null || metBefore) && settings.ready(scoreBefore, gradeBefore, grading);
            met = settings.ready(score(), grade, grading);
            crossed = !was && met;
            return crossed;
        }

        /** Whether the last {@link #judge} found the entry came to meet the readiness rule. */
        public boolean crossed() {
            return crossed;
        }
    }

    /**
     * A change to keep in the history.
     *
     * @param activityAt when the activity a rule scored happened; null for other causes
     */
    public record NewChange(long contactId, Cause cause, String reason, Long ruleId, Long activityId, int points,
            int scoreAfter, String gradeAfter, Instant activityAt) {

        public NewChange(long contactId, Cause cause, String reason, Long ruleId, Long activityId, int points,
                int scoreAfter, String gradeAfter) {
            this(contactId, cause, reason, ruleId, activityId, points, scoreAfter, gradeAfter, null);
        }
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final Clock clock;
    private final CustomPlans customPlans;
    private final boolean postgres;

    ScoreBook(JdbcClient jdbc, JdbcTemplate template, Clock clock, CustomPlans customPlans, Database database) {
        this.jdbc = jdbc;
        this.template = template;
        this.clock = clock;
        this.customPlans = customPlans;
        this.postgres = database.postgres();
    }

    /** The contacts' score rows, created at zero where missing and locked for this transaction. */
    public Map<Long, Entry> lock(Collection<Long> contactIds) {
        List<Long> ids = contactIds.stream().distinct().sorted().toList();
        var now = Timestamps.now(clock);
        for (List<Long> chunk : Chunks.of(ids, CHUNK)) {
            jdbc.sql("""
                    INSERT INTO contact_scores (contact_id, score, grade, updated_at, exact_score, decayed_at, met_readiness)
                    SELECT id, 0, NULL, :now, 0, :now, FALSE FROM contacts WHERE id IN (:ids) ORDER BY id
                    ON CONFLICT DO NOTHING""")
                    .param("now", now).param("ids", chunk).update();
        }
        Map<Long, Entry> entries = new HashMap<>();
        for (List<Long> chunk : Chunks.of(ids, CHUNK)) {
            jdbc.sql("""
                    SELECT contact_id, exact_score, decayed_at, grade, score, met_readiness FROM contact_scores
                     WHERE contact_id IN (:ids) ORDER BY contact_id FOR UPDATE""")
                    .param("ids", chunk)
                    .query((rs, n) -> new Entry(rs.getLong(1), rs.getDouble(2), Timestamps.read(rs, 3), rs.getString(4),
                            rs.getInt(5), rs.getObject(6, Boolean.class)))
                    .list().forEach(e -> entries.put(e.contactId, e));
        }
        return entries;
    }

    /** Writes the entries back and appends the changes to the history. */
    public void save(Collection<Entry> entries, List<NewChange> changes) {
        var now = Timestamps.now(clock);
        if (postgres) {
            saveAtOnce(entries, now);
        } else {
            saveEach(entries, now);
        }
        // In contact order, as the score rows were locked: each row's foreign key shares its contact's row.
        List<NewChange> ordered = new ArrayList<>(changes);
        ordered.sort(java.util.Comparator.comparingLong(NewChange::contactId));
        template.batchUpdate("""
                INSERT INTO score_changes (contact_id, rule_id, activity_id, cause, reason, points, score_after,
                                           grade_after, changed_at, activity_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", ordered, CHUNK, (ps, c) -> {
            ps.setLong(1, c.contactId());
            ps.setObject(2, c.ruleId());
            ps.setObject(3, c.activityId());
            ps.setString(4, c.cause().name());
            ps.setString(5, c.reason() == null || c.reason().length() <= 500 ? c.reason() : c.reason().substring(0, 500));
            ps.setInt(6, c.points());
            ps.setInt(7, c.scoreAfter());
            ps.setString(8, c.gradeAfter());
            ps.setObject(9, now);
            ps.setObject(10, c.activityAt() == null ? null : Timestamps.of(c.activityAt()));
        });
    }

    /**
     * On PostgreSQL, every score of a batch in one statement over arrays: a batch of single-row updates costs the
     * server a statement each (reWriteBatchedInserts joins inserts only), and followers wrote thousands per round.
     */
    private void saveAtOnce(Collection<Entry> entries, OffsetDateTime now) {
        List<Entry> rows = List.copyOf(entries);
        for (List<Entry> chunk : Chunks.of(rows, CHUNK * 10)) {
            template.update(c -> {
                PreparedStatement ps = c.prepareStatement("""
                        UPDATE contact_scores s SET score = v.score, exact_score = v.exact, decayed_at = v.decayed_at,
                               grade = v.grade, met_readiness = v.met, updated_at = ?
                          FROM unnest(?::bigint[], ?::int[], ?::float8[], ?::timestamptz[], ?::varchar[], ?::boolean[])
                               AS v(contact_id, score, exact, decayed_at, grade, met)
                         WHERE s.contact_id = v.contact_id""");
                ps.setObject(1, now);
                ps.setArray(2, c.createArrayOf("bigint", chunk.stream().map(e -> e.contactId).toArray()));
                ps.setArray(3, c.createArrayOf("int4", chunk.stream().map(Entry::score).toArray()));
                ps.setArray(4, c.createArrayOf("float8", chunk.stream().map(e -> e.exact).toArray()));
                ps.setArray(5, c.createArrayOf("timestamptz",
                        chunk.stream().map(e -> Timestamps.of(e.decayedAt)).toArray()));
                ps.setArray(6, c.createArrayOf("varchar", chunk.stream().map(e -> e.grade).toArray()));
                ps.setArray(7, c.createArrayOf("bool", chunk.stream().map(e -> e.met).toArray()));
                return ps;
            });
        }
    }

    private void saveEach(Collection<Entry> entries, OffsetDateTime now) {
        template.batchUpdate("""
                UPDATE contact_scores SET score = ?, exact_score = ?, decayed_at = ?, grade = ?, met_readiness = ?,
                       updated_at = ?
                 WHERE contact_id = ?""", new ArrayList<>(entries), CHUNK, (ps, e) -> {
            ps.setInt(1, e.score());
            ps.setDouble(2, e.exact);
            ps.setObject(3, Timestamps.of(e.decayedAt));
            ps.setString(4, e.grade);
            ps.setObject(5, e.met);
            ps.setObject(6, now);
            ps.setLong(7, e.contactId);
        });
    }

    /**
     * When the activities that each capped rule scored for each of these contacts happened, within the rule's
     * window of instants.
     */
    public Map<Long, Map<Long, List<Instant>>> scoredBetween(Map<Long, Instant[]> windows, Collection<Long> contactIds) {
        Map<Long, Map<Long, List<Instant>>> scored = new HashMap<>();
        List<Long> ids = contactIds.stream().distinct().toList();
        customPlans.around(() -> windows.forEach((ruleId, window) -> {
            Map<Long, List<Instant>> perContact = scored.computeIfAbsent(ruleId, r -> new HashMap<>());
            for (List<Long> chunk : Chunks.of(ids, CHUNK)) {
                jdbc.sql("""
                        SELECT contact_id, activity_at FROM score_changes
                         WHERE rule_id = :rule AND contact_id IN (:ids) AND activity_at > :from AND activity_at < :to""")
                        .param("rule", ruleId).param("ids", chunk).param("from", Timestamps.of(window[0]))
                        .param("to", Timestamps.of(window[1]))
                        .query((rs, n) -> Map.entry(rs.getLong(1), Timestamps.read(rs, 2)))
                        .list().forEach(e -> perContact.computeIfAbsent(e.getKey(), c -> new ArrayList<>()).add(e.getValue()));
            }
        }));
        return scored;
    }

    /**
     * Keeps, with every score judged before the readiness rule's result was kept, whether it met the rule as it was
     * (by the score as last written), so that a change of the rule is judged against it; once, as no such score is
     * left. The rows are locked in contact order, as every batch locks them, so an activity batch waits rather than
     * deadlocks.
     */
    public void judgeUnjudged(ScoringSettings rule, boolean grading) {
        jdbc.sql("""
                UPDATE contact_scores SET met_readiness = CASE
                       WHEN score >= :score AND (:ungraded OR COALESCE(grade, 'Z') <= :grade) THEN TRUE ELSE FALSE END
                 WHERE contact_id IN (SELECT contact_id FROM contact_scores WHERE met_readiness IS NULL
                                       ORDER BY contact_id FOR UPDATE)""")
                .param("score", rule.readyScore()).param("ungraded", !grading).param("grade", rule.readyGrade())
                .update();
    }

    /** Whether any fit rule exists: without one, grades are not kept and the readiness rule asks only the score. */
    public boolean grading() {
        return jdbc.sql("SELECT COUNT(*) FROM fit_rules").query(Long.class).single() > 0;
    }
}
