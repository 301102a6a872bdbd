package io.keepwarm.trigger.internal;

import io.keepwarm.contact.AttributeDefinition;
import io.keepwarm.contact.AttributeType;
import io.keepwarm.contact.Attributes;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import io.keepwarm.program.Programs;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.Segments;
import io.keepwarm.trigger.Action;
import io.keepwarm.trigger.Cue;
import io.keepwarm.trigger.Trigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Checks a trigger draft as a whole and names every field at fault, so nothing half-valid is stored. */
@Component
public class TriggerChecks {

    static final int MAX_ACTIONS = 20;
    static final int MAX_DAYS = 3650;
    private static final Pattern TAG = Pattern.compile("[^\\p{Cntrl}]{1,60}");

    private final Segments segments;
    private final Programs programs;
    private final ContentLibrary content;
    private final Attributes attributes;
    private final TriggerProperties properties;

    TriggerChecks(Segments segments, Programs programs, ContentLibrary content, Attributes attributes,
            TriggerProperties properties) {
        this.segments = segments;
        this.programs = programs;
        this.content = content;
        this.attributes = attributes;
        this.properties = properties;
    }

    /** The draft, checked and tidied (names stripped, tags in lower case, the condition read); else a 400. */
    public TriggerStore.Row check(Trigger.Draft d) {
        List<FieldError> errors = new ArrayList<>();
        String name = d.name() == null ? "" : d.name().strip();
        if (name.isEmpty() || name.length() > 200) {
            errors.add(new FieldError("name", "is required, at most 200 characters"));
        }
        if (d.description() != null && d.description().length() > 2000) {
            errors.add(new FieldError("description", "is at most 2000 characters"));
        }
        Map<String, AttributeType> types = attributes.list().stream()
                .collect(Collectors.toMap(AttributeDefinition::key, AttributeDefinition::type));
        Cue when = d.when() == null ? null : cue(d.when(), types, errors);
        if (d.when() == null) {
            errors.add(new FieldError("when", "is required: what the trigger listens for, e.g. {\"type\": \"tagAdded\","
                    + " \"tag\": \"vip\"}"));
        }
        Rule condition = condition(d.condition(), errors);
        if (d.actions().isEmpty() || d.actions().size() > MAX_ACTIONS) {
            errors.add(new FieldError("actions", "a trigger has from 1 to " + MAX_ACTIONS + " actions, run in order"));
        }
        List<Action> actions = new ArrayList<>();
        for (int i = 0; i < d.actions().size(); i++) {
            actions.add(action(d.actions().get(i), "actions[" + i + "]", types, errors));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The trigger is not valid: " + errors.getFirst().field() + " "
                    + errors.getFirst().message(), errors);
        }
        String description = d.description() == null || d.description().isBlank() ? null : d.description().strip();
        return new TriggerStore.Row(name, description, d.status() == null ? Trigger.Status.ACTIVE : d.status(), when,
                condition, actions);
    }

    /** A stored trigger checked again as if saved now: a piece, segment or attribute it names may have gone since. */
    public void check(Trigger t) {
        check(new Trigger.Draft(t.name(), t.description(), t.status(), t.when(),
                t.condition() == null ? null : segments.print(t.condition()), t.actions()));
    }

    private Cue cue(Cue cue, Map<String, AttributeType> types, List<FieldError> errors) {
        switch (cue) {
            case Cue.Anniversary a -> {
                dateAttribute(a.attribute(), "when.attribute", types, errors);
                days(a.daysBefore(), 0, 365, "when.daysBefore", errors);
            }
            case Cue.DaysBefore b -> {
                dateAttribute(b.attribute(), "when.attribute", types, errors);
                days(b.days(), 0, MAX_DAYS, "when.days", errors);
            }
            case Cue.DaysSince s -> {
                if (s.since() == null) {
                    errors.add(new FieldError("when.since", "is required: TOUCH, REPLY or PURCHASE"));
                }
                days(s.days(), 1, MAX_DAYS, "when.days", errors);
            }
            case Cue.ExpectedPurchase e -> days(e.daysBefore(), 0, MAX_DAYS, "when.daysBefore", errors);
            case Cue.StageChanged s -> {
                if (s.from() != null && s.from() == s.to()) {
                    errors.add(new FieldError("when.to", "must differ from 'from': a move goes somewhere else"));
                }
            }
            case Cue.SegmentEntered s -> exists(s.segmentId(), "when.segmentId", "segment", segments::get, errors);
            case Cue.SegmentLeft s -> exists(s.segmentId(), "when.segmentId", "segment", segments::get, errors);
            case Cue.GoalReached g -> {
                if (g.programId() != null) {
                    exists(g.programId(), "when.programId", "program", programs::get, errors);
                }
            }
            case Cue.ProgramExhausted p -> {
                if (p.programId() != null) {
                    exists(p.programId(), "when.programId", "program", programs::get, errors);
                }
            }
            case Cue.TagAdded t -> {
                return new Cue.TagAdded(tag(t.tag(), "when.tag", errors));
            }
            case Cue.NoteAdded n -> {
                List<String> keywords = n.keywords().stream().filter(k -> k != null && !k.isBlank()).map(String::strip).toList();
                if (keywords.isEmpty() || keywords.size() > 50 || keywords.stream().anyMatch(k -> k.length() > 100)) {
                    errors.add(new FieldError("when.keywords", "give 1 to 50 words or phrases of at most 100 characters;"
                            + " a note containing any of them (any case) fires"));
                }
                return new Cue.NoteAdded(keywords);
            }
            case Cue.Activity a -> {
                return activity(a, errors);
            }
            case Cue.DealLost d -> { }
            case Cue.HandoffRejected h -> { }
            case Cue.PreferenceChanged p -> { }
            case Cue.ReadyDateReached r -> { }
        }
        return cue;
    }

    private static Cue activity(Cue.Activity a, List<FieldError> errors) {
        if (a.activity() == null) {
            errors.add(new FieldError("when.activity", "is required: REPLIED, FORM_SUBMITTED, OFFER_ACCEPTED,"
                    + " EMAIL_CLICKED, PAGE_VIEW, PURCHASE, CUSTOM, ..."));
            return a;
        }
        boolean custom = a.activity() == io.keepwarm.activity.ActivityType.CUSTOM;
        String customType = a.customType() == null || a.customType().isBlank() ? null : a.customType().strip();
        if (custom != (customType != null)) {
            errors.add(new FieldError("when.customType", custom ? "is required with CUSTOM: the account's own event"
                    + " name, e.g. trial_started" : "goes only with activity CUSTOM"));
        }
        String target = a.target() == null || a.target().isBlank() ? null : a.target().strip();
        if (target != null && target.length() > 500) {
            errors.add(new FieldError("when.target", "is at most 500 characters, * for any text"));
        }
        return new Cue.Activity(a.activity(), customType, target);
    }

    private Rule condition(String text, List<FieldError> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return segments.checked(text);
        } catch (InvalidInputException wrong) {
            // The rule's own paths (rule.and[1].op) within the condition, as the segment API names them; the message
            // says the line and column.
            wrong.errors().forEach(e -> errors.add(new FieldError(e.field().replaceFirst("^rule", "condition"),
                    e.message())));
            return null;
        }
    }

    private Action action(Action action, String path, Map<String, AttributeType> types, List<FieldError> errors) {
        switch (action) {
            case null -> errors.add(new FieldError(path, "is empty"));
            case Action.Enroll e -> exists(e.programId(), path + ".programId", "program", programs::get, errors);
            case Action.Unenroll u -> exists(u.programId(), path + ".programId", "program", programs::get, errors);
            case Action.SendContent s -> {
                exists(s.programId(), path + ".programId", "program", programs::get, errors);
                exists(s.contentId(), path + ".contentId", "content item", content::get, errors);
            }
            case Action.ChangeStage c -> {
                if (c.to() == null) {
                    errors.add(new FieldError(path + ".to", "is required: the stage to move to"));
                }
                if (c.reason() != null && c.reason().length() > 500) {
                    errors.add(new FieldError(path + ".reason", "is at most 500 characters"));
                }
            }
            case Action.AddTag a -> {
                return new Action.AddTag(tag(a.tag(), path + ".tag", errors));
            }
            case Action.RemoveTag r -> {
                return new Action.RemoveTag(tag(r.tag(), path + ".tag", errors));
            }
            case Action.SetAttribute s -> {
                if (s.key() == null || !types.containsKey(s.key())) {
                    errors.add(new FieldError(path + ".key", "must be a defined attribute (GET /api/v1/attributes), not '"
                            + s.key() + "'"));
                }
                if (s.value() == null || s.value().length() > 1000) {
                    errors.add(new FieldError(path + ".value", "is required, at most 1000 characters"));
                }
            }
            case Action.AdjustScore a -> {
                if (a.points() == 0 || a.points() < -1000 || a.points() > 1000) {
                    errors.add(new FieldError(path + ".points", "must be between -1000 and 1000 and not 0"));
                }
            }
            case Action.CreateTask t -> {
                if (t.title() == null || t.title().isBlank() || t.title().strip().length() > 200) {
                    errors.add(new FieldError(path + ".title", "is required: what the rep should do, at most 200 characters"));
                } else {
                    // Filled in for the contact when the task is made: a variable it cannot fill is refused now.
                    errors.addAll(content.checkTask(path + ".title", t.title()));
                }
                if (t.context() != null && t.context().length() > 5000) {
                    errors.add(new FieldError(path + ".context", "is at most 5000 characters"));
                } else {
                    errors.addAll(content.checkTask(path + ".context", t.context()));
                }
                if (t.dueInHours() != null && (t.dueInHours() < 0 || t.dueInHours() > 8760)) {
                    errors.add(new FieldError(path + ".dueInHours", "must be from 0 to 8760 (a year)"));
                }
                if (t.priority() != null && (t.priority() < 0 || t.priority() > 100)) {
                    errors.add(new FieldError(path + ".priority", "must be from 0 to 100"));
                }
            }
            case Action.AlertOwner a -> {
                if (a.subject() == null || a.subject().isBlank() || a.subject().strip().length() > 300) {
                    errors.add(new FieldError(path + ".subject", "is required: what the alert is about, at most 300 characters"));
                }
                if (a.body() != null && a.body().length() > 5000) {
                    errors.add(new FieldError(path + ".body", "is at most 5000 characters"));
                }
            }
            case Action.Webhook w -> webhook(w.url(), path + ".url", errors);
        }
        return action;
    }

    private void webhook(String url, String path, List<FieldError> errors) {
        try {
            WebhookTargets.Target target = WebhookTargets.parse(url, properties.webhooks().allowHttp());
            if (WebhookTargets.literal(target.host()) && !properties.webhooks().allowed(target.host())) {
                String why = WebhookTargets.special(WebhookTargets.literalAddress(target.host()));
                if (why != null) {
                    errors.add(new FieldError(path, "refused: " + why
                            + "; webhooks go to public addresses unless an operator allow-lists the host"));
                }
            }
        } catch (WebhookTargets.Refused refused) {
            errors.add(new FieldError(path, refused.getMessage()));
        }
    }

    private static void dateAttribute(String key, String path, Map<String, AttributeType> types, List<FieldError> errors) {
        if (key == null || types.get(key) != AttributeType.DATE) {
            errors.add(new FieldError(path, "must be a custom attribute of type DATE (GET /api/v1/attributes), not '"
                    + key + "'"));
        }
    }

    private static void days(int days, int min, int max, String path, List<FieldError> errors) {
        if (days < min || days > max) {
            errors.add(new FieldError(path, "must be from " + min + " to " + max + " days, not " + days));
        }
    }

    private static String tag(String tag, String path, List<FieldError> errors) {
        String clean = tag == null ? "" : tag.strip().toLowerCase(Locale.ROOT);
        if (!TAG.matcher(clean).matches()) {
            errors.add(new FieldError(path, "is required: a tag of 1 to 60 characters"));
        }
        return clean;
    }

    private static void exists(long id, String path, String what, Function<Long, ?> find, List<FieldError> errors) {
        if (id <= 0) {
            errors.add(new FieldError(path, "is required: the id of a " + what));
            return;
        }
        try {
            find.apply(id);
        } catch (io.keepwarm.platform.NotFoundException missing) {
            errors.add(new FieldError(path, "there is no " + what + " " + id));
        }
    }
}
