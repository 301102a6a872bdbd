package io.keepwarm.engine.internal;

import io.keepwarm.contact.Channel;
import io.keepwarm.engine.Decision;
import io.keepwarm.engine.Reason;
import io.keepwarm.engine.Touch;
import io.keepwarm.lifecycle.Lifecycle;
import io.keepwarm.lifecycle.Readiness;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.platform.Days;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Whether a readiness check or a program's call has anything to ask, one rule for the sender and the forecast: a
 * marketing-qualified lead is with sales, who ask for themselves (its hand-off); a contact who said when to ask again
 * (a ready date after the day of the touch, in their zone) has answered until then, and that day brings the owner's
 * own call. Emails go on meanwhile (nurture goes on), and so do a program's task steps, which are the owner's own work.
 */
@Component
public class ReadinessAnswers {

    private final Lifecycle lifecycle;
    private final Readiness readiness;

    ReadinessAnswers(Lifecycle lifecycle, Readiness readiness) {
        this.lifecycle = lifecycle;
        this.readiness = readiness;
    }

    /**
     * Whether a touch puts a question to the contact that their answer settles: a readiness check, or a program's call
     * (a phone step), which would ring someone who said "not now".
     */
    public static boolean asks(Touch.Kind kind, Channel channel) {
        return kind == Touch.Kind.READINESS || kind == Touch.Kind.SEND && channel == Channel.PHONE;
    }

    /** What these contacts have answered so far, as things are now. */
    public Map<Long, Answers> of(Collection<Long> contactIds) {
        Map<Long, Stage> stages = lifecycle.stagesOf(contactIds);
        // A lead with sales is not asked whatever its date: its date is not read.
        Map<Long, LocalDate> readyOn = readiness.readyOn(stages.entrySet().stream()
                .filter(s -> s.getValue() != Stage.MQL).map(Map.Entry::getKey).toList());
        Map<Long, Answers> answers = new HashMap<>();
        stages.forEach((contactId, stage) -> answers.put(contactId, new Answers(stage, readyOn.get(contactId))));
        return answers;
    }

    /** A contact's stage and the day they said to ask again (null for none). */
    public record Answers(Stage stage, LocalDate readyOn) {

        /**
         * Why a readiness check or a program's call on {@code day} (in the contact's zone) would ask nothing; empty
         * when it asks.
         */
        public Optional<Decision.Suppress> on(LocalDate day) {
            if (stage == Stage.MQL) {
                return Optional.of(new Decision.Suppress(Reason.WITH_SALES));
            }
            return readyOn != null && readyOn.isAfter(day)
                    ? Optional.of(new Decision.Suppress(Reason.ASKED_LATER,
                            "they asked to be asked again on " + Days.said(readyOn)))
                    : Optional.empty();
        }
    }
}
