package io.keepwarm.lifecycle;

import io.keepwarm.activity.Activities;
import io.keepwarm.audit.AuditLog;
import io.keepwarm.contact.Contacts;
import io.keepwarm.lifecycle.internal.ReadinessStore;
import io.keepwarm.lifecycle.internal.StageStore;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.Zones;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The recycling and readiness run: lost deals and recycled contacts back to nurture, quiet nurture to dormant,
 * arrived ready dates surfaced. Works 1,000 contacts per statement and per transaction.
 */
@Service
public class LifecycleJob {

    /** What one kind of move did in a run; contactIds holds at most the first 1,000. */
    public record Moved(Stage from, Stage to, int count, List<Long> contactIds) {}

    /** The ready dates that arrived in a run; contactIds holds at most the first 1,000. */
    public record Surfaced(int count, List<Long> contactIds) {}

    /** What a run did. */
    public record Report(Instant ranAt, List<Moved> moved, Surfaced becameReady) {}

    static final int BATCH = 1000;

    private final StageStore stages;
    private final ReadinessStore readiness;
    private final LifecycleRules rules;
    private final Activities activities;
    private final Contacts contacts;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;
    private final Zones zones;
    private final Clock clock;
    private final TransactionTemplate transactions;

    LifecycleJob(StageStore stages, ReadinessStore readiness, LifecycleRules rules, Activities activities,
            Contacts contacts, ApplicationEventPublisher events, AuditLog audit, Zones zones, Clock clock,
            PlatformTransactionManager transactionManager) {
        this.zones = zones;
        this.stages = stages;
        this.readiness = readiness;
        this.rules = rules;
        this.activities = activities;
        this.contacts = contacts;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /**
     * One run. What it decides (a stage moved, a ready date's call, a call ended because nobody can make it) is the
     * system's decision, recorded so, also when a person or an API key set the run going.
     */
    public Report run() {
        return Actors.actingAs(Actors.SYSTEM, this::runAsSystem);
    }

    private Report runAsSystem() {
        Instant now = clock.instant();
        LifecycleRules.Recycling settings = rules.recycling();
        Instant lostCutoff = now.minus(Duration.ofDays(settings.lostReturnDays()));
        Instant quietSince = now.atZone(ZoneOffset.UTC).minusMonths(settings.dormantAfterMonths()).toInstant();
        List<Moved> moved = List.of(
                move(Stage.RECYCLED, Stage.NURTURE, now, now, "RECYCLED_RETURN",
                        "Recycled contacts return to nurture at the next run", ids -> ids),
                move(Stage.LOST, Stage.NURTURE, lostCutoff, now, "LOST_WAIT_OVER",
                        "Lost " + settings.lostReturnDays() + " days ago; back to nurture", ids -> ids),
                move(Stage.NURTURE, Stage.DORMANT, quietSince, now, "NO_ENGAGEMENT",
                        "No engagement for " + settings.dormantAfterMonths() + " months", ids -> {
                            Set<Long> engaged = activities.engagedSince(ids, quietSince);
                            return ids.stream().filter(id -> !engaged.contains(id)).toList();
                        }));
        return new Report(now, moved, surface(now));
    }

    /**
     * Moves every contact that has been in {@code from} since the cutoff or before, and that the filter keeps, to
     * {@code to}. A batch at a time, each in its own transaction; rows another run holds are left to it.
     */
    private Moved move(Stage from, Stage to, Instant cutoff, Instant now, String reasonCode, String reason,
            Function<List<Long>, List<Long>> keep) {
        if (!Transitions.allowed(from, to, ActorType.SYSTEM)) {
            throw new IllegalStateException("The transition table does not let the job move " + from + " to " + to);
        }
        // The job's moves are its own ("system", Keepwarm itself), also when an admin's request or API key runs it now:
        // the thread's actor was that key's, so a SYSTEM move read as made by "api-key:bootstrap".
        String actor = Actors.SYSTEM;
        List<Long> sample = new ArrayList<>();
        int[] count = {0};
        long after = 0;
        while (true) {
            long from0 = after;
            List<Long> batch = transactions.execute(status -> {
                List<Long> candidates = stages.inStageSince(from, cutoff, from0, BATCH);
                List<Long> chosen = candidates.isEmpty() ? List.of() : keep.apply(candidates);
                stages.moveAll(chosen, from, to, now, ActorType.SYSTEM, actor, reasonCode, reason);
                if (!chosen.isEmpty()) {
                    events.publishEvent(new ContactStagesChanged(chosen.stream().map(id -> new StageChange(id,
                            from, to, now, ActorType.SYSTEM.name(), actor, reasonCode, reason)).toList()));
                    audit.record("STAGES_CHANGED_BY_RULES", "lifecycle", "job", Map.of("from", from, "to", to,
                            "reasonCode", reasonCode, "contactIds", chosen));
                }
                count[0] += chosen.size();
                sample.addAll(chosen.subList(0, Math.min(chosen.size(), BATCH - sample.size())));
                return candidates;
            });
            if (batch.size() < BATCH) {
                return new Moved(from, to, count[0], List.copyOf(sample));
            }
            after = batch.getLast();
        }
    }

    /** Surfaces the armed ready dates that have arrived in each contact's own zone, once each. */
    private Surfaced surface(Instant now) {
        // No zone is more than a day ahead of UTC, so no date later than tomorrow in UTC can have arrived anywhere.
        LocalDate latest = now.atZone(ZoneOffset.UTC).toLocalDate().plusDays(1);
        List<Long> sample = new ArrayList<>();
        int[] count = {0};
        long after = 0;
        while (true) {
            long from0 = after;
            List<ReadinessStore.Row> batch = transactions.execute(status -> {
                List<ReadinessStore.Row> armed = readiness.armedBy(latest, from0, BATCH);
                List<ReadinessStore.Row> due = due(armed, now);
                readiness.markSurfaced(due.stream().map(ReadinessStore.Row::contactId).toList(), now);
                count[0] += due.size();
                for (ReadinessStore.Row row : due) {
                    if (sample.size() < BATCH) {
                        sample.add(row.contactId());
                    }
                }
                if (!due.isEmpty()) {
                    audit.record("CONTACTS_BECAME_READY", "lifecycle", "job",
                            Map.of("contactIds", due.stream().map(ReadinessStore.Row::contactId).toList()));
                }
                return armed;
            });
            if (batch.size() < BATCH) {
                return new Surfaced(count[0], List.copyOf(sample));
            }
            after = batch.getLast().contactId();
        }
    }

    /** The armed rows whose date has arrived in their contact's zone; publishes ContactBecameReady for each. */
    private List<ReadinessStore.Row> due(List<ReadinessStore.Row> armed, Instant now) {
        if (armed.isEmpty()) {
            return List.of();
        }
        Map<Long, Contacts.OwnerAndZone> where = new HashMap<>();
        contacts.ownersAndZones(armed.stream().map(ReadinessStore.Row::contactId).toList())
                .forEach(c -> where.put(c.contactId(), c));
        List<ReadinessStore.Row> due = new ArrayList<>();
        for (ReadinessStore.Row row : armed) {
            Contacts.OwnerAndZone contact = where.get(row.contactId());
            if (contact != null && !row.readyOn().isAfter(now.atZone(zones.ofContact(contact.timeZone(), contact.country())).toLocalDate())) {
                due.add(row);
                events.publishEvent(new ContactBecameReady(row.contactId(), contact.ownerId(), row.readyOn(), row.reason()));
            }
        }
        return due;
    }
}
