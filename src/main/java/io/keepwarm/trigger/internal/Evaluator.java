package io.keepwarm.trigger.internal;


import io.keepwarm.platform.Chunks;
import io.keepwarm.segment.Segments;
import io.keepwarm.trigger.Action;
import io.keepwarm.trigger.Cue;
import io.keepwarm.trigger.Firing;
import io.keepwarm.trigger.Trigger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns occurrences into firings, a batch at a time inside the caller's transaction: checks each trigger's condition
 * once for all the batch's contacts, refuses a trigger already in its own chain and contacts over the daily limit
 * (recorded as skipped, with why), records each firing under its unique key and runs the actions only of the
 * firings this call inserted, so an occurrence another instance recorded first does nothing here.
 */
@Component
class Evaluator {

    /** What a batch came to. */
    record Outcome(int fired, int skipped) {

        static final Outcome NONE = new Outcome(0, 0);

        Outcome plus(Outcome other) {
            return new Outcome(fired + other.fired, skipped + other.skipped);
        }
    }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Evaluator.class);
    private static final Duration DAY = Duration.ofDays(1);

    private final Segments segments;
    private final FiringStore firings;
    private final ActionRunner runner;
    private final FiringChain chains;
    private final TriggerStore triggers;
    private final TriggerProperties properties;
    private final Clock clock;
    private final TransactionTemplate savepoint;

    Evaluator(Segments segments, FiringStore firings, ActionRunner runner, FiringChain chains, TriggerStore triggers,
            TriggerProperties properties, Clock clock, PlatformTransactionManager transactions) {
        this.segments = segments;
        this.triggers = triggers;
        this.firings = firings;
        this.runner = runner;
        this.chains = chains;
        this.properties = properties;
        this.clock = clock;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    Outcome evaluate(List<Occurrence> occurrences) {
        Map<Long, String> unreadable = new HashMap<>();
        List<Occurrence> holding = holding(occurrences, unreadable);
        if (holding.isEmpty()) {
            return Outcome.NONE;
        }
        Instant now = clock.instant();
        Map<Long, Integer> firedToday = new HashMap<>(firings.lockAndCountFiredSince(
                holding.stream().map(Occurrence::contactId).distinct().toList(), now.minus(DAY)));
        List<FiringStore.New> rows = new ArrayList<>(holding.size());
        for (Occurrence o : holding) {
            rows.add(unreadable.containsKey(o.trigger().id()) ? skipped(o, "CONDITION: it cannot be checked ("
                    + unreadable.get(o.trigger().id()) + "); change the trigger's condition") : decide(o, firedToday));
        }
        Map<String, Long> inserted = firings.insertAll(rows, now);
        int fired = 0;
        int skipped = 0;
        List<FiringStore.Result> results = new ArrayList<>();
        for (int i = 0; i < holding.size(); i++) {
            Long firingId = inserted.get(rows.get(i).identity());
            if (firingId == null) {
                continue;
            }
            if (rows.get(i).outcome() == Firing.Outcome.SKIPPED) {
                skipped++;
            } else {
                fired++;
                results.addAll(act(holding.get(i), firingId, now));
            }
        }
        firings.results(results, now);
        return new Outcome(fired, skipped);
    }

    /**
     * The occurrences whose trigger's condition holds for their contact now, one query per trigger for the batch,
     * in a fixed order (trigger, contact, key) so concurrent inserters of the same occurrences queue up.
     */
    private List<Occurrence> holding(List<Occurrence> occurrences, Map<Long, String> unreadable) {
        Map<Long, List<Occurrence>> byTrigger = new LinkedHashMap<>();
        occurrences.forEach(o -> byTrigger.computeIfAbsent(o.trigger().id(), id -> new ArrayList<>()).add(o));
        List<Occurrence> holding = new ArrayList<>();
        for (List<Occurrence> group : byTrigger.values()) {
            Trigger trigger = group.getFirst().trigger();
            if (trigger.condition() == null) {
                holding.addAll(group);
                continue;
            }
            Set<Long> matching = new HashSet<>();
            List<Long> ids = group.stream().map(Occurrence::contactId).distinct().toList();
            try {
                for (List<Long> chunk : Chunks.of(ids, 1000)) {
                    matching.addAll(savepoint.execute(status -> segments.matching(trigger.condition(), chunk)));
                }
            } catch (RuntimeException broken) {
                // A segment or attribute the condition names was removed since it was saved: recorded, not retried.
                unreadable.put(trigger.id(), String.valueOf(broken.getMessage()));
                holding.addAll(group);
                continue;
            }
            group.stream().filter(o -> matching.contains(o.contactId())).forEach(holding::add);
        }
        holding.sort(Comparator.comparingLong((Occurrence o) -> o.trigger().id()).thenComparingLong(Occurrence::contactId)
                .thenComparing(Occurrence::key));
        return holding;
    }

    private FiringStore.New skipped(Occurrence o, String reason) {
        return new FiringStore.New(o.trigger().id(), o.contactId(), skippedKey(o), o.cue(), Firing.Outcome.SKIPPED,
                reason, o.chain());
    }

    /**
     * A date's occurrence held back by the daily limit or an unreadable condition is tried again on the next run while
     * it is due (the lease alert still comes, a day late): its skip is recorded under a key of its own, once a day.
     * Any other cue happens once, and so is skipped once.
     */
    private String skippedKey(Occurrence o) {
        return o.trigger().when().kind() == Cue.Kind.STATIC
                ? o.key() + " skipped " + LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC) : o.key();
    }

    /** The triggers of a chain by name, first first, as the trigger's history says them: "'X to Y' then 'Y to X'". */
    private String chainInWords(List<Long> chain) {
        Map<Long, String> names = triggers.names(chain);
        return chain.stream().map(id -> names.containsKey(id) ? "'" + names.get(id) + "'" : "a trigger since deleted")
                .collect(java.util.stream.Collectors.joining(" then "));
    }

    private FiringStore.New decide(Occurrence o, Map<Long, Integer> firedToday) {
        long triggerId = o.trigger().id();
        if (o.chain().contains(triggerId)) {
            return new FiringStore.New(triggerId, o.contactId(), o.key(), o.cue(), Firing.Outcome.SKIPPED,
                    "LOOP: this trigger's own actions led here, through " + chainInWords(o.chain()), o.chain());
        }
        int today = firedToday.getOrDefault(o.contactId(), 0);
        if (today >= properties.maxFiringsPerContactPerDay()) {
            return skipped(o, "LIMIT: triggers fired " + today + " times for this contact in 24 hours (at most "
                    + properties.maxFiringsPerContactPerDay() + ")");
        }
        firedToday.put(o.contactId(), today + 1);
        return new FiringStore.New(triggerId, o.contactId(), o.key(), o.cue(), Firing.Outcome.FIRED, null, o.chain());
    }

    /**
     * Runs the trigger's actions in order, each in a savepoint: a refused action is recorded as FAILED with the
     * module's message and undone alone, and the actions after it are NOT_RUN (they may rely on it).
     */
    private List<FiringStore.Result> act(Occurrence o, long firingId, Instant now) {
        Trigger trigger = o.trigger();
        List<FiringStore.Result> results = new ArrayList<>();
        chains.within(o.chain(), trigger.id(), () -> {
            boolean failed = false;
            for (int i = 0; i < trigger.actions().size(); i++) {
                Action action = trigger.actions().get(i);
                String name = ActionNames.of(action);
                if (failed) {
                    results.add(new FiringStore.Result(firingId, i, name, "NOT_RUN", "an earlier action failed"));
                    continue;
                }
                ActionRunner.Context context = new ActionRunner.Context(trigger, firingId, i, o, now);
                try {
                    ActionRunner.Done done = savepoint.execute(status -> runner.run(action, context));
                    results.add(new FiringStore.Result(firingId, i, name, done.outcome(), done.detail(),
                            done.held()));
                } catch (RuntimeException refused) {
                    failed = true;
                    log.info("Trigger {} action {} ({}) failed for contact {}: {}", trigger.id(), i, name, o.contactId(),
                            refused.getMessage());
                    results.add(new FiringStore.Result(firingId, i, name, "FAILED", String.valueOf(refused.getMessage())));
                }
            }
            return null;
        });
        return results;
    }
}
