package io.keepwarm.engine.internal;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ContactsMerged;
import io.keepwarm.delivery.Task;
import io.keepwarm.delivery.TaskKind;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.engine.Pressure;
import io.keepwarm.engine.PressureRules;
import io.keepwarm.engine.PressureSettings;
import io.keepwarm.platform.AccountZone;
import io.keepwarm.platform.Days;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * After a merge the person waits for no more nurture calls than the account's call cap allows. Each contact's calls
 * were planned under the cap, but two people's calls are one person's once merged: a duplicate whose call from one
 * program was still open when another program called (a week on, the cap had room again) brings both, and the rep
 * would phone the survivor twice in a row; a duplicate's open call may also come to a survivor a rep phoned yesterday.
 * So each open call is counted with the calls already made to either contact (a call done with an outcome, when it was
 * done) and, for a cap of every channel, the other touches sent: the earliest-due calls stay, as many as every cap that
 * counts calls allows, an overdue call counted as due now; the others are cancelled, saying why on the contact's
 * timeline. A call tried again after no answer is one call, counted when it is next made.
 * A call-back, a hand-off's call and a first call are a rep's promise or sales' work, not the cap's, and stay.
 * Runs just before the merge commits, when every module has moved its rows and ended the duplicate's places in
 * programs the survivor is in (with their calls), so only calls that are really left are counted.
 */
@Component
class MergedCalls {

    private static final Set<TaskKind> NURTURE_CALLS = Set.of(TaskKind.CALL, TaskKind.READINESS_CHECK);

    /** A call made or waiting, or another touch sent, as a cap counts it. */
    private record Counted(Channel channel, Instant at, boolean waiting) {}

    private final PressureRules rules;
    private final Pressure pressure;
    private final Tasks tasks;
    private final AccountZone zone;
    private final Clock clock;

    MergedCalls(PressureRules rules, Pressure pressure, Tasks tasks, AccountZone zone, Clock clock) {
        this.rules = rules;
        this.pressure = pressure;
        this.tasks = tasks;
        this.zone = zone;
        this.clock = clock;
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    void on(ContactsMerged merged) {
        List<PressureSettings.Cap> caps = rules.settings().caps().stream().filter(c -> c.counts(Channel.PHONE)).toList();
        List<Task> open = tasks.openOf(merged.survivorId()).stream() // the first due first
                .filter(call -> NURTURE_CALLS.contains(call.kind())).toList();
        if (caps.isEmpty() || open.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<Counted> counted = made(merged.survivorId(), open, caps, now);
        for (Task call : open) {
            Instant at = calledAt(call, now);
            PressureSettings.Cap full = caps.stream().filter(cap -> inWindow(counted, cap, at) >= cap.max())
                    .findFirst().orElse(null);
            if (full == null) {
                counted.add(new Counted(Channel.PHONE, at, true));
            } else {
                tasks.cancelTask(call.id(), "Ended with the merge of two contacts for this person: the pressure policy"
                        + " allows " + full.said() + ", and " + latest(counted, full, at));
            }
        }
    }

    /**
     * What the caps count already, within the longest window: each call made to either contact, once per touch, when
     * it was last tried (not one still being tried: that is counted when it is next made), and the touches on other
     * channels sent since.
     */
    private List<Counted> made(long contactId, List<Task> open, List<PressureSettings.Cap> caps, Instant now) {
        Instant since = now.minus(Duration.ofDays(caps.stream().mapToInt(PressureSettings.Cap::windowDays).max()
                .orElse(0)));
        Set<Long> stillTried = new HashSet<>();
        open.forEach(call -> stillTried.add(call.touchId()));
        Set<Long> touches = new HashSet<>();
        List<Counted> counted = new ArrayList<>();
        for (Task done : tasks.finishedSince(contactId, since)) { // the last finished first
            boolean called = NURTURE_CALLS.contains(done.kind()) && done.status() == Task.Status.DONE
                    && done.outcome() != null;
            if (called && (done.touchId() == null
                    || !stillTried.contains(done.touchId()) && touches.add(done.touchId()))) {
                counted.add(new Counted(Channel.PHONE, done.doneAt(), false));
            }
        }
        if (caps.stream().anyMatch(cap -> cap.channel() == null)) {
            Pressure.Inputs inputs = pressure.inputs(List.of(contactId), now).get(contactId);
            if (inputs != null) {
                inputs.recent().stream().filter(sent -> sent.channel() != Channel.PHONE)
                        .forEach(sent -> counted.add(new Counted(sent.channel(), sent.sentAt(), false)));
            }
        }
        return counted;
    }

    /** When the rep calls: when due, or now for a call overdue. */
    private static Instant calledAt(Task call, Instant now) {
        return call.dueAt().isBefore(now) ? now : call.dueAt();
    }

    private static long inWindow(List<Counted> counted, PressureSettings.Cap cap, Instant at) {
        Instant start = at.minus(Duration.ofDays(cap.windowDays()));
        return counted.stream().filter(c -> cap.counts(c.channel()) && c.at().isAfter(start) && !c.at().isAfter(at))
                .count();
    }

    /** What filled the cap, the latest first: a call kept to wait, else a call made or a touch sent. */
    private String latest(List<Counted> counted, PressureSettings.Cap cap, Instant at) {
        Instant start = at.minus(Duration.ofDays(cap.windowDays()));
        Counted last = counted.stream().filter(c -> cap.counts(c.channel()) && c.at().isAfter(start)
                        && !c.at().isAfter(at))
                .max(java.util.Comparator.comparing(Counted::waiting).thenComparing(Counted::at)).orElseThrow();
        String when = Days.at(last.at(), zone.zone());
        if (last.waiting()) {
            return "they already wait for a call due " + when;
        }
        return switch (last.channel()) {
            case PHONE -> "they were called " + when;
            case EMAIL -> "they were sent an email " + when;
            case SMS -> "they were sent a text " + when;
        };
    }
}
