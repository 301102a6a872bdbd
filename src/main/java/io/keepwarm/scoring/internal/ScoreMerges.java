package io.keepwarm.scoring.internal;

import io.keepwarm.contact.ContactsMerged;
import io.keepwarm.platform.Timestamps;
import io.keepwarm.scoring.ScoreChange.Cause;
import io.keepwarm.scoring.ScoresChanged;
import io.keepwarm.scoring.ScoringSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The survivor of a merge adds the duplicate's score to its own, both as of now, as one person did both halves of
 * what was scored (a history row says so, and a sum that meets the readiness rule makes the survivor MQL). The
 * survivor keeps its grade, taking the duplicate's only when it had none; the duplicate's score history moves to
 * the survivor, so the timeline still tells what was done.
 */
@Component
class ScoreMerges {

    private record Duplicate(double exact, Instant decayedAt, String grade) {}

    private final JdbcClient jdbc;
    private final ScoreBook book;
    private final ScoringSettingsStore settingsStore;
    private final ReadyLeads readyLeads;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ScoreMerges(JdbcClient jdbc, ScoreBook book, ScoringSettingsStore settingsStore, ReadyLeads readyLeads,
            ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.book = book;
        this.settingsStore = settingsStore;
        this.readyLeads = readyLeads;
        this.events = events;
        this.clock = clock;
    }

    @EventListener
    void on(ContactsMerged merged) {
        merged.moveRows(jdbc, "score_changes");
        Optional<Duplicate> duplicate = jdbc.sql("""
                SELECT exact_score, decayed_at, grade FROM contact_scores WHERE contact_id = ? FOR UPDATE""")
                .param(merged.mergedId())
                .query((rs, n) -> new Duplicate(rs.getDouble(1), Timestamps.read(rs, 2), rs.getString(3))).optional();
        if (duplicate.isEmpty()) {
            return;
        }
        jdbc.sql("DELETE FROM contact_scores WHERE contact_id = ?").param(merged.mergedId()).update();
        Instant now = clock.instant();
        ScoringSettings settings = settingsStore.current();
        double taken = settings.decay(duplicate.get().exact(), Duration.between(duplicate.get().decayedAt(), now));
        ScoreBook.Entry entry = book.lock(List.of(merged.survivorId())).get(merged.survivorId());
        List<ScoreBook.NewChange> changes = new ArrayList<>();
        entry.decayTo(now, settings).ifPresent(changes::add);
        entry.startFromNow();
        if (entry.grade() == null) {
            entry.grade(duplicate.get().grade());
        }
        int shown = entry.add(taken);
        changes.add(new ScoreBook.NewChange(entry.contactId(), Cause.MERGE, "merged duplicate contact "
                + merged.mergedId() + ": its score " + Math.round(taken) + " added", null, null, shown, entry.score(),
                entry.grade()));
        boolean grading = book.grading();
        readyLeads.judge(List.of(entry), settings, grading);
        book.save(List.of(entry), changes);
        events.publishEvent(new ScoresChanged(Set.of(entry.contactId())));
        readyLeads.promote(List.of(entry), settings, grading);
    }
}
