package io.keepwarm.trigger;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.keepwarm.lifecycle.Stage;

/** The "do" of a trigger: one of its actions, run in order for the contact it fired for. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Action.Enroll.class, name = "enroll"),
    @JsonSubTypes.Type(value = Action.Unenroll.class, name = "unenroll"),
    @JsonSubTypes.Type(value = Action.SendContent.class, name = "sendContent"),
    @JsonSubTypes.Type(value = Action.ChangeStage.class, name = "changeStage"),
    @JsonSubTypes.Type(value = Action.AddTag.class, name = "addTag"),
    @JsonSubTypes.Type(value = Action.RemoveTag.class, name = "removeTag"),
    @JsonSubTypes.Type(value = Action.SetAttribute.class, name = "setAttribute"),
    @JsonSubTypes.Type(value = Action.AdjustScore.class, name = "adjustScore"),
    @JsonSubTypes.Type(value = Action.CreateTask.class, name = "createTask"),
    @JsonSubTypes.Type(value = Action.AlertOwner.class, name = "alertOwner"),
    @JsonSubTypes.Type(value = Action.Webhook.class, name = "webhook")
})
public sealed interface Action {

    /** Enrolls the contact in an active program (as the program allows: once, or again after an end). */
    record Enroll(long programId) implements Action {}

    /** Takes the contact out of a program. */
    record Unenroll(long programId) implements Action {}

    /**
     * Sends one content item to the contact within a program it is in (put an enroll before it for contacts that
     * may not be), at the next moment the pressure policy allows: consent, do-not-contact, caps and quiet hours
     * decide as for every touch, and a piece goes to a contact once per enrollment.
     */
    record SendContent(long programId, long contentId) implements Action {}

    /** Moves the contact's stage, as the transition table lets an automatic actor. */
    record ChangeStage(Stage to, String reason) implements Action {}

    record AddTag(String tag) implements Action {}

    record RemoveTag(String tag) implements Action {}

    /** Sets a custom attribute to a value (checked against the attribute's type). */
    record SetAttribute(String key, String value) implements Action {}

    /** Adds points to the contact's behaviour score (or takes them away, down to zero), with the trigger as cause. */
    record AdjustScore(int points) implements Action {}

    /**
     * A task in the queue of the contact's owner (nobody's when it has none, for a rep to take), with what fired it in
     * its context: a follow-up, or a call.
     *
     * @param dueInHours when it is due, from the firing; null for at once
     * @param priority 0 to 100, higher first among tasks due at the same time; null for 50
     * @param call a call, within the contact's calling hours and logged with how it went (reached, no answer, ...);
     *     otherwise a follow-up, done with a note
     */
    record CreateTask(String title, String context, Integer dueInHours, Integer priority, Boolean call) implements Action {

        /** Left out (as in every trigger saved before calls), it is a follow-up, and equals one saying so. */
        public CreateTask {
            call = Boolean.TRUE.equals(call);
        }

        public CreateTask(String title, String context, Integer dueInHours, Integer priority) {
            this(title, context, dueInHours, priority, false);
        }
    }

    /** Alerts the contact's owner in the app (and by email where Keepwarm sends mail), with what fired it. */
    record AlertOwner(String subject, String body) implements Action {}

    /**
     * Posts the firing as JSON to an address, signed with the trigger's secret: header
     * {@code Keepwarm-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}. HTTPS only, no redirects
     * followed, and never to a loopback, private, link-local or other special-purpose address unless an operator
     * allow-lists the host.
     */
    record Webhook(String url) implements Action {}
}
