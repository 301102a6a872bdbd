package io.keepwarm.trigger.internal;

import io.keepwarm.activity.ActivityType;
import io.keepwarm.trigger.Cue;
import io.keepwarm.trigger.Trigger;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The active triggers this instance knows, grouped by what they listen to, so an event or a batch of activity is
 * matched in memory. Reloaded when a trigger changes here, and at every round of the cue job (so a change made on
 * another instance is seen within a second or so).
 */
@Component
public class Catalog {

    /** An activity trigger with its target pattern compiled once. */
    record ActivityListener(Trigger trigger, Cue.Activity cue, Pattern target) {}

    /** The active triggers at one moment. */
    record Snapshot(List<Trigger> all, Map<CueEvent.Type, List<Trigger>> byEvent,
            Map<ActivityType, List<ActivityListener>> byActivity, List<Trigger> dates) {

        static final Snapshot EMPTY = new Snapshot(List.of(), Map.of(), Map.of(), List.of());

        static Snapshot of(List<Trigger> triggers) {
            Map<CueEvent.Type, List<Trigger>> byEvent = new EnumMap<>(CueEvent.Type.class);
            Map<ActivityType, List<ActivityListener>> byActivity = new EnumMap<>(ActivityType.class);
            List<Trigger> dates = new ArrayList<>();
            for (Trigger t : triggers) {
                if (t.when() instanceof Cue.Activity a) {
                    byActivity.computeIfAbsent(a.activity(), k -> new ArrayList<>())
                            .add(new ActivityListener(t, a, a.target() == null ? null : Cues.glob(a.target())));
                } else if (t.when().kind() == Cue.Kind.STATIC) {
                    dates.add(t);
                } else {
                    Cues.eventType(t.when()).ifPresent(type -> byEvent.computeIfAbsent(type, k -> new ArrayList<>()).add(t));
                }
            }
            return new Snapshot(List.copyOf(triggers), byEvent, byActivity, List.copyOf(dates));
        }

        List<Trigger> listening(CueEvent.Type type) {
            return byEvent.getOrDefault(type, List.of());
        }

        /** Whether some active trigger listens for this event (its condition aside). */
        boolean wants(CueEvent event) {
            return listening(event.type()).stream().anyMatch(t -> Cues.matches(t.when(), event));
        }
    }

    private final TriggerStore store;
    private volatile Snapshot current;

    Catalog(TriggerStore store) {
        this.store = store;
    }

    /** The active triggers as last loaded (loaded now if never). */
    Snapshot current() {
        Snapshot snapshot = current;
        return snapshot != null ? snapshot : reload();
    }

    /** Reads the active triggers again once the current transaction commits (at once outside one). */
    public void reloadAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    reload();
                }
            });
        } else {
            reload();
        }
    }

    /** Reads the active triggers again. */
    public Snapshot reload() {
        Snapshot snapshot = Snapshot.of(store.active());
        current = snapshot;
        return snapshot;
    }
}
