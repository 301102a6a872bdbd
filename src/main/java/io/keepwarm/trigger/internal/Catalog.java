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
 * matched in memory. Read again whenever the table has changed since (one small aggregate tells), whichever
 * instance changed it.
 */
@Component
public class Catalog {

    /** An activity trigger with its target pattern compiled once. */
    record ActivityListener(Trigger trigger, Cue.Activity cue, Pattern target) {}

    /** The active triggers at one moment. */
    record Snapshot(List<Trigger> all, Map<CueEvent.Type, List<Trigger>> byEvent,
            Map<ActivityType, List<ActivityListener>> byActivity, List<Trigger> dates) {

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

    /** A snapshot and the stamp of the table it was read at. */
    private record Loaded(Snapshot snapshot, String stamp) {}

    private final TriggerStore store;
    private volatile Loaded loaded;

    Catalog(TriggerStore store) {
        this.store = store;
    }

    /**
     * The active triggers, read again when the table's stamp says they changed since: a trigger saved on another
     * instance hears the very next cue here, also on an instance that runs no jobs and so never reloads on its own.
     */
    Snapshot current() {
        String stamp = store.stamp();
        Loaded last = loaded;
        return last != null && last.stamp().equals(stamp) ? last.snapshot() : load(stamp);
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
        return load(store.stamp());
    }

    // The stamp is read before the triggers: a change between the two reads shows as a new stamp next time.
    private Snapshot load(String stamp) {
        Snapshot snapshot = Snapshot.of(store.active());
        loaded = new Loaded(snapshot, stamp);
        return snapshot;
    }
}
