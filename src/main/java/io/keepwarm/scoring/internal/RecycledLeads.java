package io.keepwarm.scoring.internal;

import io.keepwarm.lifecycle.ContactStagesChanged;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.platform.AfterTransaction;
import io.keepwarm.scoring.ScoreChange.Cause;
import io.keepwarm.scoring.ScoresChanged;
import io.keepwarm.scoring.ScoringSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A recycled lead starts its behaviour score again from zero: one sales rejected, recycled or lost comes back to
 * nurture with the points of its sales cycle, which the readiness rule, counting only the crossing, would never see
 * cross again until they had faded below the threshold (months at a 90-day half-life). From zero, fresh interest
 * makes it MQL by the normal rule, and its next click alone does not. The fit grade stays: who the contact is has
 * not changed.
 *
 * <p>The reset runs once the move has committed ({@link AfterTransaction}), in a transaction of its own: the move holds the contacts' stage rows,
 * and scoring locks score rows before stage rows, so resetting inside the move could deadlock with an activity batch
 * scoring the same contact.
 */
@Component
class RecycledLeads {

    /** The stages a contact returns to nurture from when sales has had it: rejected, recycled, or a lost deal. */
    private static final Set<Stage> FROM_SALES = EnumSet.of(Stage.MQL, Stage.RECYCLED, Stage.LOST);

    private final ScoreBook book;
    private final ScoringSettingsStore settingsStore;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TransactionTemplate transactions;

    RecycledLeads(ScoreBook book, ScoringSettingsStore settingsStore, ApplicationEventPublisher events, Clock clock,
            TransactionTemplate transactions) {
        this.transactions = transactions;
        this.book = book;
        this.settingsStore = settingsStore;
        this.events = events;
        this.clock = clock;
    }

    @EventListener
    public void on(ContactStagesChanged changed) {
        Map<Long, Stage> returned = new TreeMap<>();
        changed.changes().stream().filter(c -> c.to() == Stage.NURTURE && FROM_SALES.contains(c.from()))
                .forEach(c -> returned.put(c.contactId(), c.from()));
        if (!returned.isEmpty()) {
            AfterTransaction.run(() -> transactions.executeWithoutResult(tx -> reset(returned)));
        }
    }

    private void reset(Map<Long, Stage> returned) {
        Instant now = clock.instant();
        ScoringSettings settings = settingsStore.current();
        Map<Long, ScoreBook.Entry> entries = book.lock(returned.keySet());
        List<ScoreBook.NewChange> history = new ArrayList<>();
        for (ScoreBook.Entry entry : entries.values()) {
            entry.decayTo(now, settings).ifPresent(history::add);
            if (entry.exactScore() > 0) {
                int shown = entry.add(-entry.exactScore());
                history.add(new ScoreBook.NewChange(entry.contactId(), Cause.RESET, "reset: returned to nurture from "
                        + returned.get(entry.contactId()), null, null, shown, entry.score(), entry.grade()));
            }
        }
        book.save(entries.values(), history);
        if (!history.isEmpty()) {
            events.publishEvent(new ScoresChanged(
                    new TreeSet<>(history.stream().map(ScoreBook.NewChange::contactId).toList())));
        }
    }
}
