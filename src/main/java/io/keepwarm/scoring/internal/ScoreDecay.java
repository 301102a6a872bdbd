package io.keepwarm.scoring.internal;

import io.keepwarm.platform.Timestamps;
import io.keepwarm.scoring.ScoresChanged;
import io.keepwarm.scoring.ScoringSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Lets scores fade by the half-life: once a day each score not decayed for a day is brought to now, a thousand
 * contacts per transaction. A history row is kept only when the shown (rounded) score moves.
 */
@Component
public class ScoreDecay {

    private static final int CHUNK = 1000;
    private static final Duration EVERY = Duration.ofDays(1);

    private final JdbcClient jdbc;
    private final ScoreBook book;
    private final ScoringSettingsStore settingsStore;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;

    ScoreDecay(JdbcClient jdbc, ScoreBook book, ScoringSettingsStore settingsStore, ApplicationEventPublisher events,
            TransactionTemplate transaction, Clock clock) {
        this.jdbc = jdbc;
        this.book = book;
        this.settingsStore = settingsStore;
        this.events = events;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** Decays every score that has not been for a day; returns how many shown scores moved. */
    public int run() {
        Instant now = clock.instant();
        ScoringSettings settings = settingsStore.current();
        long after = -1;
        int moved = 0;
        List<Long> ids;
        do {
            ids = jdbc.sql("""
                    SELECT contact_id FROM contact_scores WHERE contact_id > ? AND exact_score > 0 AND decayed_at <= ?
                     ORDER BY contact_id FETCH FIRST 1000 ROWS ONLY""")
                    .params(after, Timestamps.of(now.minus(EVERY))).query(Long.class).list();
            if (!ids.isEmpty()) {
                List<Long> chunk = ids;
                moved += transaction.execute(status -> decay(chunk, now, settings));
                after = ids.getLast();
            }
        } while (ids.size() == CHUNK);
        return moved;
    }

    private int decay(List<Long> ids, Instant now, ScoringSettings settings) {
        Map<Long, ScoreBook.Entry> entries = book.lock(ids);
        List<ScoreBook.NewChange> changes = new ArrayList<>();
        for (ScoreBook.Entry e : entries.values()) {
            e.decayTo(now, settings).ifPresent(changes::add);
        }
        book.save(entries.values(), changes);
        if (!changes.isEmpty()) {
            events.publishEvent(new ScoresChanged(new TreeSet<>(changes.stream().map(ScoreBook.NewChange::contactId).toList())));
        }
        return changes.size();
    }
}
