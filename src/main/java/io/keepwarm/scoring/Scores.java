package io.keepwarm.scoring;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.contact.Contacts;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.Timestamps;
import io.keepwarm.scoring.ScoreChange.Cause;
import io.keepwarm.scoring.internal.ReadyLeads;
import io.keepwarm.scoring.internal.ScoreBook;
import io.keepwarm.scoring.internal.ScoringSettingsStore;
import java.time.Clock;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Behaviour score and fit grade per contact, with the history of every change. Rules set them (see
 * {@link ScoringRules}); a person may set a score, and a trigger may adjust it.
 */
@Service
public class Scores {

    /** A contact's score (0 and up) and grade (A best to D), either possibly unknown. */
    public record Score(int score, String grade) {}

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Contacts contacts;
    private final ScoreBook book;
    private final ScoringSettingsStore settingsStore;
    private final ReadyLeads readyLeads;

    Scores(JdbcClient jdbc, Clock clock, AuditLog audit, ApplicationEventPublisher events, Contacts contacts,
            ScoreBook book, ScoringSettingsStore settingsStore, ReadyLeads readyLeads) {
        this.contacts = contacts;
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.events = events;
        this.book = book;
        this.settingsStore = settingsStore;
        this.readyLeads = readyLeads;
    }

    /** The score as of now (decay included) and the grade. */
    public Optional<Score> get(long contactId) {
        ScoringSettings settings = settingsStore.current();
        return jdbc.sql("SELECT exact_score, decayed_at, grade FROM contact_scores WHERE contact_id = ?").param(contactId)
                .query((rs, n) -> new Score((int) Math.round(settings.decay(rs.getDouble(1),
                        java.time.Duration.between(Timestamps.read(rs, 2), clock.instant()))), rs.getString(3)))
                .optional();
    }

    /** The scores as of now of these contacts that were ever scored, by contact id, in one read (a page of contacts). */
    public java.util.Map<Long, Score> getAll(java.util.Collection<Long> contactIds) {
        java.util.Map<Long, Score> found = new java.util.HashMap<>();
        if (contactIds.isEmpty()) {
            return found;
        }
        ScoringSettings settings = settingsStore.current();
        jdbc.sql("SELECT contact_id, exact_score, decayed_at, grade FROM contact_scores WHERE contact_id IN (:ids)")
                .param("ids", contactIds)
                .query(rs -> {
                    found.put(rs.getLong(1), new Score((int) Math.round(settings.decay(rs.getDouble(2),
                            java.time.Duration.between(Timestamps.read(rs, 3), clock.instant()))), rs.getString(4)));
                });
        return found;
    }

    /** The contact's score and grade; zero and no grade before anything scored. */
    public Score of(long contactId) {
        contacts.get(contactId);
        return get(contactId).orElse(new Score(0, null));
    }

    /**
     * A person sets the score, and the grade where fit rules don't grade; no grade given keeps the grade. While fit
     * rules grade, the grade is theirs (the next regrade would undo a person's): another grade is refused, not
     * silently dropped.
     */
    @Transactional
    public Score set(long contactId, Score score) {
        if (score.score() < 0) {
            throw InvalidInputException.field("score", "must be 0 or more");
        }
        if (score.grade() != null && !score.grade().matches("[A-D]")) {
            throw InvalidInputException.field("grade", "must be one of A, B, C, D (A fits best)");
        }
        contacts.get(contactId);
        ScoringSettings settings = settingsStore.current();
        ScoreBook.Entry entry = book.lock(List.of(contactId)).get(contactId);
        List<ScoreBook.NewChange> changes = new ArrayList<>();
        entry.decayTo(clock.instant(), settings).ifPresent(changes::add);
        entry.startFromNow();
        int shown = entry.add(score.score() - entry.exactScore());
        boolean grading = book.grading();
        if (score.grade() != null && grading && !score.grade().equals(entry.grade())) {
            throw InvalidInputException.field("grade", "is set by the fit rules while there are any ("
                    + (entry.grade() == null ? "this contact has none yet" : "this contact's is " + entry.grade())
                    + "); leave grade out to set only the"
                    + " score, or change the fit rules (/api/v1/scoring/fit-rules) or the grades' fit points"
                    + " (/api/v1/scoring/settings)");
        }
        if (score.grade() != null) {
            entry.grade(score.grade());
        }
        changes.add(new ScoreBook.NewChange(contactId, Cause.PERSON, "set by a person", null, null, shown, entry.score(),
                entry.grade()));
        readyLeads.judge(List.of(entry), settings, grading);
        book.save(List.of(entry), changes);
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        // What the contact has now, not what was asked: a grade left out is kept.
        details.put("score", entry.score());
        details.put("grade", entry.grade());
        audit.record("SCORE_SET", "contact", contactId, details);
        events.publishEvent(new ScoresChanged(Set.of(contactId)));
        readyLeads.promote(List.of(entry), settings, grading);
        return new Score(entry.score(), entry.grade());
    }

    /** Adds points (or takes them away, down to zero) for a reason outside the rules: a trigger's action. */
    @Transactional
    public Score adjust(long contactId, int points, String cause) {
        if (points == 0 || points < -1000 || points > 1000) {
            throw InvalidInputException.field("points", "must be between -1000 and 1000 and not 0");
        }
        contacts.get(contactId);
        ScoringSettings settings = settingsStore.current();
        ScoreBook.Entry entry = book.lock(List.of(contactId)).get(contactId);
        List<ScoreBook.NewChange> changes = new ArrayList<>();
        entry.decayTo(clock.instant(), settings).ifPresent(changes::add);
        entry.startFromNow();
        int shown = entry.add(points);
        changes.add(new ScoreBook.NewChange(contactId, Cause.TRIGGER, cause, null, null, shown, entry.score(),
                entry.grade()));
        boolean grading = book.grading();
        readyLeads.judge(List.of(entry), settings, grading);
        book.save(List.of(entry), changes);
        Score score = new Score(entry.score(), entry.grade());
        events.publishEvent(new ScoresChanged(Set.of(contactId)));
        readyLeads.promote(List.of(entry), settings, grading);
        return score;
    }

    /**
     * The contact's score changes made before an instant, newest first, each with its cause: a page of their timeline,
     * with every change of the oldest one's instant (see {@code Activities.recentOf}).
     */
    public List<ScoreChange> changesBefore(long contactId, Instant before, int limit) {
        return jdbc.sql("""
                        SELECT id, changed_at, cause, reason, rule_id, activity_id, points, score_after, grade_after FROM (
                            SELECT id, changed_at, cause, reason, rule_id, activity_id, points, score_after, grade_after
                              FROM score_changes WHERE contact_id = :contact AND changed_at < :before
                             ORDER BY changed_at DESC FETCH FIRST :limit ROWS WITH TIES) newest
                         ORDER BY changed_at DESC, id DESC""")
                .param("contact", contactId).param("before", Timestamps.of(before)).param("limit", limit)
                .query(Scores::change).list();
    }

    /** A score change and the contact whose score it moved. */
    public record ContactChange(long contactId, ScoreChange change) {}

    /**
     * The latest score changes of every contact, newest first, each with its cause; decay is left out, as it moves
     * every score a little and would hide the changes someone or something caused.
     */
    public List<ContactChange> recent(int limit) {
        return jdbc.sql("""
                        SELECT id, changed_at, cause, reason, rule_id, activity_id, points, score_after, grade_after,
                               contact_id
                          FROM score_changes WHERE cause <> 'DECAY'
                         ORDER BY id DESC FETCH FIRST :limit ROWS ONLY""")
                .param("limit", limit)
                .query((rs, n) -> new ContactChange(rs.getLong(10), change(rs, n)))
                .list();
    }

    /** The contact's score changes, newest first, each with its cause. */
    public Page<ScoreChange> history(long contactId, String cursor, int limit) {
        contacts.get(contactId);
        long before = cursor == null ? Long.MAX_VALUE : Cursor.decode(cursor);
        return Page.of(jdbc.sql("""
                        SELECT id, changed_at, cause, reason, rule_id, activity_id, points, score_after, grade_after
                          FROM score_changes WHERE contact_id = :contact AND id < :before
                         ORDER BY id DESC FETCH FIRST :limit ROWS ONLY""")
                .param("contact", contactId).param("before", before).param("limit", limit + 1)
                .query(Scores::change).list(), limit, ScoreChange::id);
    }

    private static ScoreChange change(ResultSet rs, int row) throws SQLException {
        return new ScoreChange(rs.getLong(1), Timestamps.read(rs, 2), Cause.valueOf(rs.getString(3)), rs.getString(4),
                rs.getObject(5, Long.class), rs.getObject(6, Long.class), rs.getInt(7), rs.getInt(8), rs.getString(9));
    }
}
