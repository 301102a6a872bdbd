package io.keepwarm.trigger.internal;

import io.keepwarm.contact.ContactPatch;
import io.keepwarm.contact.Contacts;
import io.keepwarm.contact.Tags;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.delivery.TaskKind;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.engine.Engine;
import io.keepwarm.handoff.Alerts;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.lifecycle.ActorType;
import io.keepwarm.lifecycle.Lifecycle;
import io.keepwarm.lifecycle.LifecycleRules;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.program.Enrollment;
import io.keepwarm.program.Enrollments;
import io.keepwarm.program.Programs;
import io.keepwarm.scoring.Scores;
import io.keepwarm.trigger.Action;
import io.keepwarm.trigger.Firing;
import io.keepwarm.trigger.Trigger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one action of a firing for its contact through the owning module's face, so every rule of that module
 * holds (the transition table, a program's re-enrollment, the pressure policy and consent). Answers what it did;
 * a refusal by the module is thrown and recorded as the action's failure. The answer is kept as written and read on the
 * trigger's page, the contact's timeline and the API, so it names people, programs and pieces by their names and a
 * stage in words, as they were when it ran.
 */
@Component
class ActionRunner {

    /**
     * What an action did: DONE, SKIPPED (nothing to do) or QUEUED (a webhook call waiting), with the detail; held when
     * an open hand-off kept a stage move from being made.
     */
    record Done(String outcome, String detail, Firing.Held held) {

        Done(String outcome, String detail) {
            this(outcome, detail, null);
        }

        static Done done(String detail) {
            return new Done("DONE", detail);
        }

        static Done skipped(String detail) {
            return new Done("SKIPPED", detail);
        }
    }

    /** The firing an action runs for. */
    record Context(Trigger trigger, long firingId, int position, Occurrence occurrence, Instant firedAt) {}

    private final Enrollments enrollments;
    private final Engine engine;
    private final Lifecycle lifecycle;
    private final Tags tags;
    private final Contacts contacts;
    private final WebhookCalls webhooks;
    private final Scores scores;
    private final Tasks tasks;
    private final Alerts alerts;
    private final Users users;
    private final JsonMapper json;
    private final ContentLibrary content;
    private final Programs programs;
    private final LifecycleRules rules;

    ActionRunner(Enrollments enrollments, Engine engine, Lifecycle lifecycle, Tags tags, Contacts contacts,
            WebhookCalls webhooks, Scores scores, Tasks tasks, Alerts alerts, Users users, JsonMapper json,
            ContentLibrary content, Programs programs, LifecycleRules rules) {
        this.rules = rules;
        this.content = content;
        this.programs = programs;
        this.users = users;
        this.scores = scores;
        this.tasks = tasks;
        this.alerts = alerts;
        this.enrollments = enrollments;
        this.engine = engine;
        this.lifecycle = lifecycle;
        this.tags = tags;
        this.contacts = contacts;
        this.webhooks = webhooks;
        this.json = json;
    }

    /** Runs the action as the trigger: every record of what it changes names the trigger, whoever's request fired it. */
    Done run(Action action, Context context) {
        return Actors.actingAs(actor(context.trigger()), () -> act(action, context));
    }

    /** The name a trigger acts under, in the audit log and a stage's history ("trigger:3"). */
    private static String actor(Trigger trigger) {
        return "trigger:" + trigger.id();
    }

    private Done act(Action action, Context context) {
        long contactId = context.occurrence().contactId();
        return switch (action) {
            case Action.Enroll enroll -> enroll(enroll.programId(), contactId);
            case Action.Unenroll out -> enrollments.end(out.programId(), List.of(contactId), Enrollment.Status.EXITED,
                    "TRIGGER").isEmpty() ? Done.skipped("was not in " + program(out.programId()))
                    : Done.done("taken out of " + program(out.programId()));
            case Action.SendContent send -> engine.sendOne(send.programId(), contactId, send.contentId())
                    ? Done.done(piece(send.contentId()) + " planned in " + program(send.programId())
                            + "; it goes out at the next moment the pressure policy allows")
                    : Done.skipped("not in " + program(send.programId()) + ", or already received "
                            + piece(send.contentId()) + " (from any program, a trigger or a one-off send) or has it"
                            + " planned there already");
            case Action.ChangeStage move -> stage(move, contactId, context.trigger());
            case Action.AddTag add -> tags.list(contactId).contains(add.tag().toLowerCase(Locale.ROOT))
                    ? Done.skipped("already tagged '" + add.tag() + "'")
                    : done(tags.add(contactId, List.of(add.tag())), "tag '" + add.tag() + "' added");
            case Action.RemoveTag remove -> !tags.list(contactId).contains(remove.tag().toLowerCase(Locale.ROOT))
                    ? Done.skipped("had no tag '" + remove.tag() + "'")
                    : done(tags.remove(contactId, remove.tag()), "tag '" + remove.tag() + "' removed");
            case Action.SetAttribute set -> attribute(set, contactId);
            case Action.AdjustScore adjust -> Done.done((adjust.points() > 0 ? "+" : "") + adjust.points()
                    + " points, score now " + scores.adjust(contactId, adjust.points(),
                            "trigger '" + context.trigger().name() + "'").score());
            case Action.CreateTask task -> task(task, context);
            case Action.AlertOwner alert -> alert(alert, context);
            case Action.Webhook hook -> {
                webhooks.queue(context.firingId(), context.position(), context.trigger().id(), hook.url(), body(context),
                        context.firedAt());
                yield new Done("QUEUED", "call to " + hook.url() + " queued");
            }
        };
    }

    private Done task(Action.CreateTask task, Context context) {
        long contactId = context.occurrence().contactId();
        if (task.call()) {
            // Tasks would cancel such a call the moment it was made: none is made, and the firing says why.
            var notCalled = tasks.whyNotCalled(contactId);
            if (notCalled.isPresent()) {
                return Done.skipped("no call made: the contact may not be called (" + notCalled.get() + ")");
            }
        }
        Long owner = owner(contactId);
        Instant due = context.firedAt().plus(java.time.Duration.ofHours(task.dueInHours() == null ? 0 : task.dueInHours()));
        if (task.call()) {
            // A call already waiting that day (the rep's "ask again" on the ready date, say) is the call: a second
            // one would have the rep phone them twice.
            var waiting = tasks.callWaitingOn(contactId, due);
            if (waiting.isPresent()) {
                return Done.skipped("no call made: " + contacts.get(contactId).name()
                        + " already has a call waiting: " + waiting.get().title());
            }
        }
        // The person's text filled in for the contact ("Call Nia"), before the cue is added: that is not Liquid.
        long id = tasks.create(new Tasks.NewTask(contactId, null, task.call() ? TaskKind.CALL : TaskKind.FOLLOW_UP,
                content.renderTask(task.title(), contactId),
                withWhy(content.renderTask(task.context(), contactId), context), due,
                task.priority() == null ? 50 : task.priority()));
        // Whom the task went to, as Tasks placed it: an owner who has left gets none.
        Long assignee = tasks.get(id).assigneeId();
        String made = task.call() ? "a call" : "a task";
        if (assignee != null) {
            return Done.done(made + " for " + person(assignee));
        }
        return Done.done(made + " in nobody's queue, for any rep to take: " + (owner == null ? "the contact has no owner"
                : "the contact's owner, " + person(owner) + ", is disabled"));
    }


    private Done alert(Action.AlertOwner alert, Context context) {
        long contactId = context.occurrence().contactId();
        Long owner = owner(contactId);
        if (owner == null) {
            return Done.skipped("the contact has no owner to alert");
        }
        if (users.findEnabled(owner).isEmpty()) {
            return Done.skipped("the contact's owner, " + person(owner) + ", is disabled: nobody would read the alert");
        }
        alerts.alert(owner, contactId, alert.subject(), withWhy(alert.body(), context));
        return Done.done("alerted " + person(owner));
    }

    /** A user by the name every page shows them by. */
    private String person(long userId) {
        return users.find(userId).map(User::shownName).orElse("a user since deleted");
    }

    /** "program 'Welcome'"; by its id only if it is gone. */
    private String program(long programId) {
        try {
            return "program '" + programs.get(programId).name() + "'";
        } catch (NotFoundException gone) {
            return "program " + programId;
        }
    }

    /** "piece 'Buyer's guide'"; by its id only if it is gone. */
    private String piece(long contentId) {
        return content.find(contentId).map(item -> "piece '" + item.name() + "'").orElse("piece " + contentId);
    }

    /** A stage by the account's label for it, as every page says it: MQL is "Marketing-qualified". */
    private String stage(Stage stage) {
        return rules.labels().getOrDefault(stage, stage.name());
    }

    private Long owner(long contactId) {
        return contacts.ownersAndZones(List.of(contactId)).stream().findFirst().map(Contacts.OwnerAndZone::ownerId)
                .orElse(null);
    }

    /** The person's text with what fired it under it, so a rep sees why now. */
    private static String withWhy(String text, Context context) {
        String why = "Trigger '" + context.trigger().name() + "': " + context.occurrence().cue();
        return text == null || text.isBlank() ? why : text.strip() + "\n\n" + why;
    }

    private Done enroll(long programId, long contactId) {
        Enrollments.Enrolled result = enrollments.enroll(programId, List.of(contactId), Enrollment.Source.TRIGGER);
        if (result.enrolled() > 0) {
            return Done.done("enrolled in " + program(programId));
        }
        if (result.notInNurture() > 0) {
            return Done.skipped("not in nurture (sales has the contact, or it was disqualified), so not enrolled in "
                    + program(programId));
        }
        return Done.skipped(result.alreadyIn() > 0 ? "already in " + program(programId)
                : program(programId) + " takes each contact once, and this one was in it before");
    }

    private Done stage(Action.ChangeStage move, long contactId, Trigger trigger) {
        Stage from = lifecycle.current(contactId).stage();
        if (from == move.to()) {
            return Done.skipped("already " + stage(from));
        }
        // Skipped, not failed: the rep's decision will move the lead, and the trigger's other actions still apply.
        // The hold by its hand-off and rep, which the pages say in their words; the detail says what was not done.
        var hold = lifecycle.hold(contactId);
        if (hold.isPresent()) {
            return new Done("SKIPPED", "not moved to " + stage(move.to()),
                    new Firing.Held(hold.get().handoffId(), hold.get().repId()));
        }
        String reason = move.reason() != null ? move.reason() : "trigger '" + trigger.name() + "'";
        lifecycle.move(contactId, new Lifecycle.Move(move.to(), "TRIGGER", reason), ActorType.TRIGGER, actor(trigger));
        return Done.done("moved " + stage(from) + " → " + stage(move.to()));
    }

    private Done attribute(Action.SetAttribute set, long contactId) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(set.key(), set.value());
        contacts.patch(contactId, new ContactPatch(null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, attributes));
        return Done.done(set.key() + " set to '" + set.value() + "'");
    }

    private static Done done(Object ignored, String detail) {
        return Done.done(detail);
    }

    /** The webhook's JSON: the firing, its trigger and the contact's id (its data stays behind the API). */
    private String body(Context context) {
        Occurrence o = context.occurrence();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", context.firingId() + "." + context.position());
        body.put("type", "trigger.fired");
        body.put("firedAt", context.firedAt().toString());
        body.put("trigger", Map.of("id", context.trigger().id(), "name", context.trigger().name()));
        body.put("firing", Map.of("id", context.firingId(), "occurrence", o.key(), "cue", o.cue()));
        body.put("contact", Map.of("id", o.contactId()));
        return json.writeValueAsString(body);
    }
}
