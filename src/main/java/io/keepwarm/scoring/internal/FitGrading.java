package io.keepwarm.scoring.internal;

import io.keepwarm.contact.ContactsChanged;
import io.keepwarm.platform.Chunks;
import io.keepwarm.scoring.ScoreChange.Cause;
import io.keepwarm.scoring.ScoresChanged;
import io.keepwarm.scoring.ScoringSettings;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.Segments;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The fit grade: the points of every fit rule a contact matches, summed and turned into A–D. Contacts are graded
 * again when they change and everyone when the rules change, a thousand contacts per query and rule.
 */
@Component
public class FitGrading {

    private static final int CHUNK = 1000;

    private record Rated(String name, Rule rule, int points) {}

    private final JdbcClient jdbc;
    private final Segments segments;
    private final ScoreBook book;
    private final ScoringSettings settings;
    private final ReadyLeads readyLeads;
    private final ApplicationEventPublisher events;

    FitGrading(JdbcClient jdbc, Segments segments, ScoreBook book, ScoringSettings settings, ReadyLeads readyLeads,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.segments = segments;
        this.book = book;
        this.settings = settings;
        this.readyLeads = readyLeads;
        this.events = events;
    }

    @EventListener
    void on(ContactsChanged changed) {
        regrade(changed.contactIds());
    }

    /**
     * Grades every contact under the current rules. With no rules left, grades stay as they were: they may have been
     * set by people, and a missing rule says nothing new about anyone.
     */
    public void regradeEveryone() {
        long after = 0;
        List<Long> ids;
        do {
            ids = jdbc.sql("SELECT id FROM contacts WHERE id > ? ORDER BY id FETCH FIRST 1000 ROWS ONLY").param(after)
                    .query(Long.class).list();
            regrade(ids);
            after = ids.isEmpty() ? after : ids.getLast();
        } while (ids.size() == CHUNK);
    }

    public void regrade(Collection<Long> contactIds) {
        List<Rated> rules = rules();
        if (contactIds.isEmpty() || rules.isEmpty()) {
            return;
        }
        for (List<Long> chunk : Chunks.of(List.copyOf(new TreeSet<>(contactIds)), CHUNK)) {
            Map<Long, Integer> points = new HashMap<>();
            chunk.forEach(id -> points.put(id, 0));
            for (Rated rule : rules) {
                segments.matching(rule.rule(), chunk).forEach(id -> points.merge(id, rule.points(), Integer::sum));
            }
            apply(points);
        }
    }

    private void apply(Map<Long, Integer> points) {
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
        for (ScoreBook.Entry e : entries.values()) {
            String grade = grades.get(e.contactId());
            e.grade(grade);
            changes.add(new ScoreBook.NewChange(e.contactId(), Cause.GRADE,
                    "fit grade " + (e.gradeBefore() == null ? "none" : e.gradeBefore()) + " → " + grade + " ("
                            + points.get(e.contactId()) + " fit points)",
                    null, null, 0, e.score(), grade));
        }
        book.save(entries.values(), changes);
        events.publishEvent(new ScoresChanged(new TreeSet<>(entries.keySet())));
        readyLeads.promote(entries.values(), true);
    }

    private List<Rated> rules() {
        return jdbc.sql("SELECT name, rule_text, points FROM fit_rules ORDER BY id")
                .query((rs, n) -> new Rated(rs.getString(1), segments.parse(rs.getString(2)), rs.getInt(3))).list();
    }
}
