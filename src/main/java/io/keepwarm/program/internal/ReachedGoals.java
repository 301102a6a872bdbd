package io.keepwarm.program.internal;

import io.keepwarm.activity.ActivityFollower;
import io.keepwarm.activity.LoggedActivity;
import io.keepwarm.contact.ContactsChanged;
import io.keepwarm.lifecycle.ContactStagesChanged;
import io.keepwarm.lifecycle.StageChange;
import io.keepwarm.platform.AfterTransaction;
import io.keepwarm.program.Enrollment;
import io.keepwarm.program.Enrollments;
import io.keepwarm.program.Program;
import io.keepwarm.segment.Segments;
import java.util.ArrayList;
import java.util.Collection;
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
 * A contact who reaches a program's goal leaves the program when it happens, not when the program next has work for
 * them: a reply on the 3rd was counted as reached only on the 17th, when the sequence's next step fell due, and the
 * contact stood in the program meanwhile. What can reach a goal is checked as it commits: followed activity (a
 * reply, an offer, a score it gave), a change to the contact (a tag, a field, consent) and a stage move (became MQL).
 * The engine still checks the goal as it walks and sends, for goals reached otherwise (a score fading with time).
 * The touches the enrollment still had waiting are not sent.
 *
 * <p>Each check runs once its cause has committed ({@link AfterTransaction}), in a transaction of its own, so it sees
 * what the cause wrote, and
 * so nothing waits for an enrollment while holding contacts: the engine holds the enrollments it claimed while it
 * locks their contacts, and the feed's scoring and triggers may hold the same contacts (an MQL move, a tag), which
 * deadlocked the two. Should a check fail, Spring logs it and its cause stands: the engine still ends these
 * enrollments when it next walks them.
 */
@Component
class ReachedGoals implements ActivityFollower {

    private final EnrollmentStore store;
    private final ProgramStore programs;
    private final Enrollments enrollments;
    private final Segments segments;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;

    ReachedGoals(EnrollmentStore store, ProgramStore programs, Enrollments enrollments, Segments segments,
            ApplicationEventPublisher events, TransactionTemplate transactions) {
        this.transactions = transactions;
        this.store = store;
        this.programs = programs;
        this.enrollments = enrollments;
        this.segments = segments;
        this.events = events;
    }

    /** The contacts of a followed batch, whose goals are checked once it has committed. */
    record Followed(Set<Long> contactIds) {}

    @Override
    public void follow(List<LoggedActivity> batch) {
        Set<Long> contactIds = new TreeSet<>();
        batch.forEach(a -> contactIds.add(a.contactId()));
        events.publishEvent(new Followed(contactIds));
    }

    @EventListener
    public void on(Followed followed) {
        afterCommit(followed.contactIds());
    }

    @EventListener
    public void on(ContactsChanged changed) {
        afterCommit(changed.contactIds());
    }

    @EventListener
    public void on(ContactStagesChanged moved) {
        afterCommit(moved.changes().stream().map(StageChange::contactId).toList());
    }

    private void afterCommit(Collection<Long> contactIds) {
        if (!contactIds.isEmpty()) {
            List<Long> ids = List.copyOf(contactIds);
            AfterTransaction.run(() -> transactions.executeWithoutResult(tx -> endReached(ids)));
        }
    }

    private void endReached(Collection<Long> contactIds) {
        if (contactIds.isEmpty()) {
            return;
        }
        // Most batches meet no program with a goal: then no enrollment is read at all.
        Map<Long, Program> withGoal = new TreeMap<>();
        programs.runningWithGoal().forEach(p -> withGoal.put(p.id(), p));
        if (withGoal.isEmpty()) {
            return;
        }
        Map<Long, List<Enrollment>> byProgram = new TreeMap<>();
        store.activeIn(withGoal.keySet(), contactIds)
                .forEach(e -> byProgram.computeIfAbsent(e.programId(), id -> new ArrayList<>()).add(e));
        byProgram.forEach((programId, enrolled) -> {
            Set<Long> reached = segments.matching(withGoal.get(programId).goal(),
                    enrolled.stream().map(Enrollment::contactId).toList());
            enrollments.reachedGoals(enrolled.stream().filter(e -> reached.contains(e.contactId())).toList());
        });
    }
}
