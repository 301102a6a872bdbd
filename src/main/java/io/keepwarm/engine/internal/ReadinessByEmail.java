package io.keepwarm.engine.internal;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.Contact;
import io.keepwarm.content.ContentItem;
import io.keepwarm.content.ContentStatus;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.engine.Touch;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * A program's readiness check by phone for a contact nobody may call (phone do-not-contact, phone consent withdrawn, no
 * number, their number found wrong) asks by email instead, as a nurture email the pressure policy judges like any
 * send, when the step's piece has an email variant (a check-in holds its call script and its email side by side).
 * The piece is the step's, not some other check-in of the account's: the marketer chose it for this program, and which
 * of several others would ask is nothing they could see or foresee. Without an email variant the call stays what it
 * was: suppressed with the phone's reason, which the program's figures and the contact's timeline show (for a number
 * found wrong, which only the reps' queue knows, made and cancelled at once, which the timeline and an alert to the
 * owner say: {@link io.keepwarm.delivery.ReadinessChecksNotMade}).
 */
@Component
public class ReadinessByEmail {

    private final Tasks tasks;

    ReadinessByEmail(Tasks tasks) {
        this.tasks = tasks;
    }

    /** Whether the touch is a readiness check by phone, the one kind that may turn to email. */
    public static boolean byPhone(Touch.Kind kind, Channel channel) {
        return kind == Touch.Kind.READINESS && channel == Channel.PHONE;
    }

    /** Of these contacts, those nobody may call, each with why in words (as the reps' queues leave them out). */
    public Map<Long, String> uncallable(Collection<Contact> people) {
        return tasks.whyNotCalled(people);
    }

    /**
     * The piece to ask by email instead of the step's call: the step's own, when it is live with an email variant;
     * empty otherwise. {@code pieces} reads a piece once.
     */
    public static Optional<Long> piece(Long stepPiece, Function<Long, Optional<ContentItem>> pieces) {
        return stepPiece != null && pieces.apply(stepPiece).filter(ReadinessByEmail::emailable).isPresent()
                ? Optional.of(stepPiece) : Optional.empty();
    }

    /** The touch asking by email with this piece instead. */
    public static Touch emailed(Touch t, long piece) {
        return new Touch(t.id(), t.enrollmentId(), t.programId(), t.contactId(), t.step(), t.occurrence(), t.kind(),
                Channel.EMAIL, piece, t.note(), t.state(), t.reason(), t.plannedAt(), t.dueAt(), t.staleAt(), t.sentAt(),
                t.reasonDetail());
    }

    private static boolean emailable(ContentItem piece) {
        return piece.status() == ContentStatus.LIVE && piece.variants() != null && piece.variants().email() != null;
    }
}
