package io.keepwarm.program;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.keepwarm.contact.Channel;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.segment.Rule;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;

/** One step of a sequence (a drip). Steps run in order; a branch may skip ahead, never back. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Step.Send.class, name = "send"),
    @JsonSubTypes.Type(value = Step.Wait.class, name = "wait"),
    @JsonSubTypes.Type(value = Step.Branch.class, name = "branch"),
    @JsonSubTypes.Type(value = Step.Task.class, name = "task"),
    @JsonSubTypes.Type(value = Step.ReadinessCheck.class, name = "readiness"),
    @JsonSubTypes.Type(value = Step.SetStage.class, name = "setStage"),
    @JsonSubTypes.Type(value = Step.AddTag.class, name = "addTag"),
    @JsonSubTypes.Type(value = Step.SetAttribute.class, name = "setAttribute"),
    @JsonSubTypes.Type(value = Step.Goal.class, name = "goal")
})
public sealed interface Step {

    /**
     * Sends a content item on a channel (EMAIL, or PHONE for a call task with the item's script).
     *
     * @param staleAfter how long the touch may be deferred by caps and quiet hours before it is dropped
     * @param sendEvenIfReceived send the piece to a contact who already has it (from any program, a trigger or a
     *     one-off send), as a reminder meant to repeat does; by default such a contact is passed over
     *     ({@code ALREADY_RECEIVED}) and the sequence goes on
     */
    record Send(long contentId, Channel channel, Duration staleAfter, Boolean sendEvenIfReceived) implements Step {

        /** Left out (as in every program saved before the option), it is off, and such a step equals one saying so. */
        public Send {
            sendEvenIfReceived = Boolean.TRUE.equals(sendEvenIfReceived);
        }

        public Send(long contentId, Channel channel, Duration staleAfter) {
            this(contentId, channel, staleAfter, false);
        }
    }

    /** Waits a duration, or until the next given weekday and time in the contact's zone. */
    record Wait(Duration duration, DayOfWeek day, LocalTime at) implements Step {}

    /** Goes on when the rule holds, else jumps to step {@code elseStep} (later in the sequence, or its end). */
    record Branch(Rule rule, int elseStep) implements Step {}

    /** A task for the contact's owner. */
    record Task(String text) implements Step {}

    /**
     * Asks the contact whether and when they will be ready to buy, with a check-in content item: by email (the
     * default), or as a readiness-check call in the owner's day with the item's script (PHONE), where the rep logs
     * "ready", "not now, ask again on …" and the rest.
     *
     * @param staleAfter how long the check-in may be deferred by caps and quiet hours before it is dropped, as a send
     *     step's; null (as in every program saved before a check-in could set it) for the default
     */
    record ReadinessCheck(long contentId, Channel channel, Duration staleAfter) implements Step {

        /** Left out (as in every program saved before calls could check readiness), it is email. */
        public ReadinessCheck {
            channel = channel == null ? Channel.EMAIL : channel;
        }
    }

    record SetStage(Stage stage) implements Step {}

    record AddTag(String tag) implements Step {}

    record SetAttribute(String key, String value) implements Step {}

    /** Ends the enrollment as reached when the rule holds here. */
    record Goal(Rule rule) implements Step {}
}
