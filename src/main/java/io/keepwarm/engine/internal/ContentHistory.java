package io.keepwarm.engine.internal;

import io.keepwarm.contact.Channel;
import io.keepwarm.engine.Touch;
import io.keepwarm.program.Program;
import io.keepwarm.program.ProgramKind;
import io.keepwarm.program.Step;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What some contacts have had of some pieces, from any program, a trigger, a one-off send or a landing page, read in
 * one statement ({@link TouchStore#history}): by contact, the pieces they {@code received} (handed over to a channel,
 * {@link Touch#HANDED_OVER}) and those still {@code planned} for them (on their way, held by quiet hours or a cap).
 * <p>
 * A piece goes to a contact once: the send-time check ({@link Dispatcher}) suppresses a touch of a piece the contact
 * received (ALREADY_RECEIVED), so of two programs that plan the same piece the second to reach the moment of sending
 * is the one suppressed, and one planned first but dropped (stale, withheld, failed) leaves the other free to send it.
 * A planned piece is therefore never "received". A stream choosing its next piece also passes over one planned for the
 * contact (it would only be suppressed), as its exhaustion forecast counts: only while it is planned, for a planned
 * touch that goes stale is read as nothing the next time.
 */
public record ContentHistory(Map<Long, Set<Long>> received, Map<Long, Set<Long>> planned) {

    public static ContentHistory none() {
        return new ContentHistory(new HashMap<>(), new HashMap<>());
    }

    public Set<Long> received(long contactId) {
        return received.getOrDefault(contactId, Set.of());
    }

    /** The pieces a stream does not choose for the contact: received, or on their way to them. */
    public Set<Long> receivedOrPlanned(long contactId) {
        Set<Long> had = new HashSet<>(received(contactId));
        had.addAll(planned.getOrDefault(contactId, Set.of()));
        return had;
    }

    /** Takes in what another read of the same transaction found (each read answers for the pieces it asked about). */
    public void add(ContentHistory other) {
        other.received.forEach((contact, pieces) -> received.computeIfAbsent(contact, k -> new HashSet<>()).addAll(pieces));
        other.planned.forEach((contact, pieces) -> planned.computeIfAbsent(contact, k -> new HashSet<>()).addAll(pieces));
    }

    /**
     * Whether this touch sends its piece only to a contact who has not received it: an email of a stream, of a one-off
     * send, or of a sequence's step not marked "send even if received". A call with a piece's script is a conversation,
     * not the piece mailed again.
     */
    static boolean sentOnce(Touch touch, Program program) {
        if (touch.kind() != Touch.Kind.SEND || touch.channel() != Channel.EMAIL || touch.contentId() == null) {
            return false;
        }
        // A stream's cadence and every one-off piece (step -1) go once; a sequence's step as it says.
        return program.kind() == ProgramKind.STREAM || touch.step() < 0 || touch.step() >= program.steps().size()
                || !(program.steps().get(touch.step()) instanceof Step.Send send) || !send.sendEvenIfReceived();
    }

    /** The pieces of a program whose touches {@link #sentOnce} may hold: a stream's pool, a sequence's email steps'. */
    static List<Long> sentOnce(Program program) {
        if (program.kind() == ProgramKind.STREAM) {
            return program.pool();
        }
        return program.steps().stream()
                .mapMulti((Step step, java.util.function.Consumer<Long> ids) -> {
                    if (step instanceof Step.Send send && send.channel() == Channel.EMAIL && !send.sendEvenIfReceived()) {
                        ids.accept(send.contentId());
                    }
                })
                .distinct().toList();
    }
}
