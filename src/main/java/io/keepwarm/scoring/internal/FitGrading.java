package io.keepwarm.scoring.internal;

import io.keepwarm.contact.ContactsChanged;
import io.keepwarm.platform.Chunks;
import io.keepwarm.platform.Timestamps;
import io.keepwarm.scoring.ScoreChange.Cause;
import io.keepwarm.scoring.ScoresChanged;
import io.keepwarm.scoring.ScoringSettings;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.Segments;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The fit grade: the points of every fit rule a contact matches, summed and turned into A–D. Contacts are graded
 * again when they change (at once, in the change's transaction) and everyone when the rules change (in the
 * background, see {@link #requestRegrade}), a thousand contacts per query and rule.
 */
@Component
public class FitGrading {

    private static final int CHUNK = 1000;

    private record Rated(String name, Rule rule, int points) {}

    private final JdbcClient jdbc;
    private final Segments segments;
    private final ScoreBook book;
    private final ScoringSettingsStore settingsStore;
    private final ReadyLeads readyLeads;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final boolean postgres;

    FitGrading(JdbcClient jdbc, Segments segments, ScoreBook book, ScoringSettingsStore settingsStore, ReadyLeads readyLeads,
            ApplicationEventPublisher events, TransactionTemplate transaction, Clock clock, io.keepwarm.platform.Database database) {
        this.jdbc = jdbc;
        this.segments = segments;
        this.book = book;
        this.settingsStore = settingsStore;
        this.readyLeads = readyLeads;
        this.events = events;
        this.transaction = transaction;
        this.clock = clock;
        this.postgres = database.postgres();
    }

    @EventListener
    void on(ContactsChanged changed) {
        regrade(changed.contactIds());
    }

    /**
     * Asks for every contact to be graded again under the rules as they are now, from the first contact (a regrade
     * under way starts again); {@link #regradeDue} does it in the background. With no rules left, grades stay as
     * they were: they may have been set by people, and a missing rule says nothing new about anyone.
     */
    public void requestRegrade() {
        requestRegrade(true);
    }

    /**
     * As {@link #requestRegrade()}; with promotes false (the grade points changed, not the rules), a contact the new
     * grade makes ready is handed over at its next score change rather than by the regrade. A regrade already asked
     * for that may promote still does.
     */
    public void requestRegrade(boolean promotes) {
        jdbc.sql("""
                UPDATE fit_regrades SET after_contact = 0, requested_at = :now,
                       promotes = CASE WHEN requested_at IS NULL THEN :promotes ELSE (promotes OR :promotes) END
                 WHERE id = 1""")
                .param("now", Timestamps.now(clock)).param("promotes", promotes).update();
    }

    /** When the regrade still due was asked for; empty when every contact is graded under the current rules. */
    public Optional<Instant> regradingSince() {
        return jdbc.sql("SELECT requested_at FROM fit_regrades WHERE id = 1 AND requested_at IS NOT NULL")
                .query((rs, n) -> Timestamps.read(rs, 1)).optional();
    }

    /**
     * Carries out a requested regrade, a thousand contacts per transaction, so the activity follower and everyone
     * else wait at most for one chunk's contacts and score rows; several instances share it through the row's lock.
     * Answers how many contacts were graded.
     */
    public int regradeDue() {
        int total = 0;
        int graded;
        do {
            graded = transaction.execute(status -> regradeNextChunk());
            total += graded;
        } while (graded > 0);
        return total;
    }

    private int regradeNextChunk() {
        Optional<Map.Entry<Long, Boolean>> due = jdbc.sql("""
                SELECT after_contact, promotes FROM fit_regrades
                 WHERE id = 1 AND requested_at IS NOT NULL FOR UPDATE SKIP LOCKED""")
                .query((rs, n) -> Map.entry(rs.getLong(1), rs.getBoolean(2))).optional();
        if (due.isEmpty()) {
            return 0;
        }
        long after = due.get().getKey();
        List<Rated> rules = rules();
        // The chunk's contacts are locked, in id order as every writer of contacts locks them and before their
        // scores, as a change to a contact does: a change waits until its contact's grade is written, then grades
        // again; or the regrade waits for it and reads what it wrote. Without the lock, a grade worked out from
        // a title or attribute just replaced could be written after the change had graded the contact itself.
        // On PostgreSQL the lock is FOR NO KEY UPDATE: it keeps changes of the contacts out, but not the rows that
        // merely refer to them (a score change, an activity), whose foreign keys share the contact's row: the
        // scoring follower holds score rows while it adds score changes, and with FOR UPDATE the two deadlocked.
        List<Long> ids = rules.isEmpty() ? List.of()
                : jdbc.sql("SELECT id FROM contacts WHERE id > ? ORDER BY id FETCH FIRST ? ROWS ONLY"
                                + (postgres ? " FOR NO KEY UPDATE" : " FOR UPDATE"))
                        .params(after, CHUNK).query(Long.class).list();
        regrade(ids, rules, due.get().getValue());
        if (ids.size() < CHUNK) {
            jdbc.sql("UPDATE fit_regrades SET after_contact = 0, requested_at = NULL WHERE id = 1").update();
        } else {
            jdbc.sql("UPDATE fit_regrades SET after_contact = ? WHERE id = 1").param(ids.getLast()).update();
        }
        return ids.size();
    }

    public void regrade(Collection<Long> contactIds) {
        regrade(contactIds, rules(), true);
    }

    private void regrade(Collection<Long> contactIds, List<Rated> rules, boolean promotes) {
        if (contactIds.isEmpty() || rules.isEmpty()) {
            return;
        }
        ScoringSettings settings = settingsStore.current();
        for (List<Long> chunk : Chunks.of(List.copyOf(new TreeSet<>(contactIds)), CHUNK)) {
            Map<Long, Integer> points = new HashMap<>();
            chunk.forEach(id -> points.put(id, 0));
            for (Rated rule : rules) {
                segments.matching(rule.rule(), chunk).forEach(id -> points.merge(id, rule.points(), Integer::sum));
            }
            apply(points, settings, promotes);
        }
    }

    private void apply(Map<Long, Integer> points, ScoringSettings settings, boolean promotes) {
        Map<Long, String> grades = new HashMap<>();
        points.forEach((id, p) -> grades.put(id, settings.grade(p)));
        // Only rows whose grade moves are locked and written.
        Map<Long, String> current = new HashMap<>();
        jdbc.sql("SELECT contact_id, grade FROM contact_scores WHERE contact_id IN (:ids)").param("ids", grades.keySet())
                .query((rs, n) -> Map.entry(rs.getLong(1), rs.getString(2) == null ? "" : rs.getString(2)))
                .list().forEach(e -> current.put(e.getKey(), e.getValue()));
        List<Long> moved = grades.keySet().stream()
                .filter(id -> !current.getOrDefault(id, "").equals(grades.get(id)))
                .toList();
        if (moved.isEmpty()) {
            return;
        }
        Map<Long, ScoreBook.Entry> entries = book.lock(moved);
        List<ScoreBook.NewChange> changes = new ArrayList<>();
        Instant now = clock.instant();
        for (ScoreBook.Entry e : entries.values()) {
            // The readiness rule weighs the new grade with the score as it is now, not as it was last written.
            e.decayTo(now, settings).ifPresent(changes::add);
            e.startFromNow();
            String grade = grades.get(e.contactId());
            e.grade(grade);
            changes.add(new ScoreBook.NewChange(e.contactId(), Cause.GRADE,
                    "fit grade " + (e.gradeBefore() == null ? "none" : e.gradeBefore()) + " → " + grade + " ("
                            + points.get(e.contactId()) + " fit points)",
                    null, null, 0, e.score(), grade));
        }
        if (promotes) {
            readyLeads.judge(entries.values(), settings, true);
        }
        book.save(entries.values(), changes);
        events.publishEvent(new ScoresChanged(new TreeSet<>(entries.keySet())));
        readyLeads.promote(entries.values(), settings, true);
    }

    private List<Rated> rules() {
        return jdbc.sql("SELECT name, rule_text, points FROM fit_rules ORDER BY id")
                .query((rs, n) -> new Rated(rs.getString(1), segments.parse(rs.getString(2)), rs.getInt(3))).list();
    }
}
