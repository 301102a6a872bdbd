package io.keepwarm.ui;

import io.keepwarm.activity.ActivityType;
import io.keepwarm.handoff.RejectReason;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.platform.InvalidInputException.FieldError;
import io.keepwarm.tracking.PreferencesChanged;
import io.keepwarm.trigger.Action;
import io.keepwarm.trigger.Cue;
import io.keepwarm.trigger.Trigger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The trigger editor's fields as typed: "when" one cue, "if" a rule, "do" a list of actions. Numbers stay text until
 * the trigger is built, so a mistyped one comes back as typed, with its message.
 */
class TriggerForm {

    /** The kinds of "when" in the order the editor offers them, with their names in the API. */
    static final List<Choice> CUES = List.of(
            new Choice("tagAdded", "A tag is added"),
            new Choice("activity", "The contact does something (replies, clicks, submits a form, accepts an offer…)"),
            new Choice("noteAdded", "A note mentions a keyword"),
            new Choice("preferenceChanged", "The contact changes their preferences"),
            new Choice("readyDateReached", "The contact's \"ask me again\" date arrives"),
            new Choice("stageChanged", "The stage changes"),
            new Choice("dealLost", "A deal is lost"),
            new Choice("segmentEntered", "The contact enters a segment"),
            new Choice("segmentLeft", "The contact leaves a segment"),
            new Choice("goalReached", "The contact reaches a program's goal"),
            new Choice("programExhausted", "A stream runs out of content for the contact"),
            new Choice("handoffRejected", "A rep rejects the hand-off"),
            new Choice("anniversary", "The anniversary of a date (a birthday)"),
            new Choice("daysBefore", "Days before a date (a lease or contract expiry)"),
            new Choice("daysSince", "Days since the last touch, reply or purchase"),
            new Choice("expectedPurchase", "Days before the expected next purchase"));

    /** The kinds of "do", likewise. */
    static final List<Choice> ACTIONS = List.of(
            new Choice("alertOwner", "Alert the owner"),
            new Choice("createTask", "Create a task for the owner (nobody's, for a rep to take, without one)"),
            new Choice("addTag", "Add a tag"),
            new Choice("removeTag", "Remove a tag"),
            new Choice("changeStage", "Change the stage"),
            new Choice("adjustScore", "Adjust the score"),
            new Choice("enroll", "Enroll in a program"),
            new Choice("unenroll", "Take out of a program"),
            new Choice("sendContent", "Send a piece of content"),
            new Choice("setAttribute", "Set an attribute"),
            new Choice("webhook", "Call a webhook"));

    record Choice(String value, String label) {}

    private String name = "";
    private String description = "";
    private Trigger.Status status = Trigger.Status.ACTIVE;
    private String condition = "";
    private When when = new When();
    private List<Do> actions = new ArrayList<>();

    /** A new trigger's form: one action to fill in. */
    static TriggerForm blank() {
        TriggerForm form = new TriggerForm();
        form.actions.add(new Do());
        return form;
    }

    /** The "when": one field set serves every kind; only the kind's own fields are read. */
    static class When {
        private String type = "tagAdded";
        private String attribute = "";
        private String days = "";
        private String since = "";
        private String from = "";
        private String to = "";
        private String segmentId = "";
        private String programId = "";
        private String reason = "";
        private String tag = "";
        private String keywords = "";
        private String activity = "";
        private String customType = "";
        private String target = "";
        private String part = "";

        public String getType() { return type; }
        public void setType(String type) { this.type = type; }
        public String getAttribute() { return attribute; }
        public void setAttribute(String attribute) { this.attribute = attribute; }
        public String getDays() { return days; }
        public void setDays(String days) { this.days = days; }
        public String getSince() { return since; }
        public void setSince(String since) { this.since = since; }
        public String getFrom() { return from; }
        public void setFrom(String from) { this.from = from; }
        public String getTo() { return to; }
        public void setTo(String to) { this.to = to; }
        public String getSegmentId() { return segmentId; }
        public void setSegmentId(String segmentId) { this.segmentId = segmentId; }
        public String getProgramId() { return programId; }
        public void setProgramId(String programId) { this.programId = programId; }
        public String getReason() { return reason; }
        public void setReason(String reason) { this.reason = reason; }
        public String getTag() { return tag; }
        public void setTag(String tag) { this.tag = tag; }
        public String getKeywords() { return keywords; }
        public void setKeywords(String keywords) { this.keywords = keywords; }
        public String getActivity() { return activity; }
        public void setActivity(String activity) { this.activity = activity; }
        public String getCustomType() { return customType; }
        public void setCustomType(String customType) { this.customType = customType; }
        public String getTarget() { return target; }
        public void setTarget(String target) { this.target = target; }
        public String getPart() { return part; }
        public void setPart(String part) { this.part = part; }
    }

    /** One "do", likewise. */
    static class Do {
        private String type = "alertOwner";
        private String programId = "";
        private String contentId = "";
        private String stage = "";
        private String reason = "";
        private String tag = "";
        private String key = "";
        private String value = "";
        private String points = "";
        private String title = "";
        private String context = "";
        private String dueInHours = "";
        private String priority = "";
        private boolean call;
        private String subject = "";
        private String body = "";
        private String url = "";

        public String getType() { return type; }
        public void setType(String type) { this.type = type; }
        public String getProgramId() { return programId; }
        public void setProgramId(String programId) { this.programId = programId; }
        public String getContentId() { return contentId; }
        public void setContentId(String contentId) { this.contentId = contentId; }
        public String getStage() { return stage; }
        public void setStage(String stage) { this.stage = stage; }
        public String getReason() { return reason; }
        public void setReason(String reason) { this.reason = reason; }
        public String getTag() { return tag; }
        public void setTag(String tag) { this.tag = tag; }
        public String getKey() { return key; }
        public void setKey(String key) { this.key = key; }
        public String getValue() { return value; }
        public void setValue(String value) { this.value = value; }
        public String getPoints() { return points; }
        public void setPoints(String points) { this.points = points; }
        public String getTitle() { return title; }
        public void setTitle(String title) { this.title = title; }
        public String getContext() { return context; }
        public void setContext(String context) { this.context = context; }
        public String getDueInHours() { return dueInHours; }
        public void setDueInHours(String dueInHours) { this.dueInHours = dueInHours; }
        public String getPriority() { return priority; }
        public void setPriority(String priority) { this.priority = priority; }
        public boolean isCall() { return call; }
        public void setCall(boolean call) { this.call = call; }
        public String getSubject() { return subject; }
        public void setSubject(String subject) { this.subject = subject; }
        public String getBody() { return body; }
        public void setBody(String body) { this.body = body; }
        public String getUrl() { return url; }
        public void setUrl(String url) { this.url = url; }
    }

    static TriggerForm of(Trigger trigger, String condition) {
        TriggerForm form = new TriggerForm();
        form.name = trigger.name();
        form.description = trigger.description() == null ? "" : trigger.description();
        form.status = trigger.status();
        form.condition = condition == null ? "" : condition;
        form.when = when(trigger.when());
        form.actions = new ArrayList<>(trigger.actions().stream().map(TriggerForm::action).toList());
        return form;
    }

    /**
     * The trigger as typed; numbers that do not read as numbers are added to {@code errors} under the API's names, and
     * make a draft the trigger's checks refuse.
     */
    Trigger.Draft draft(List<FieldError> errors) {
        Numbers numbers = new Numbers(errors);
        List<Action> built = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            built.add(action(actions.get(i), "actions[" + i + "]", numbers));
        }
        return new Trigger.Draft(name, description, status, cue(when, numbers), condition, built);
    }

    private static Cue cue(When w, Numbers n) {
        return switch (w.type) {
            case "anniversary" -> new Cue.Anniversary(Forms.blankToNull(w.attribute), n.integer(w.days, "when.daysBefore", 0));
            case "daysBefore" -> new Cue.DaysBefore(Forms.blankToNull(w.attribute), n.integer(w.days, "when.days", 0));
            case "daysSince" -> new Cue.DaysSince(value(w.since, Cue.Anchor::valueOf), n.integer(w.days, "when.days", 0));
            case "expectedPurchase" -> new Cue.ExpectedPurchase(n.integer(w.days, "when.daysBefore", 0));
            case "stageChanged" -> new Cue.StageChanged(value(w.from, Stage::valueOf), value(w.to, Stage::valueOf));
            case "dealLost" -> new Cue.DealLost();
            case "segmentEntered" -> new Cue.SegmentEntered(n.id(w.segmentId, "when.segmentId"));
            case "segmentLeft" -> new Cue.SegmentLeft(n.id(w.segmentId, "when.segmentId"));
            case "goalReached" -> new Cue.GoalReached(n.optionalId(w.programId, "when.programId"));
            case "programExhausted" -> new Cue.ProgramExhausted(n.optionalId(w.programId, "when.programId"));
            case "handoffRejected" -> new Cue.HandoffRejected(value(w.reason, RejectReason::valueOf));
            case "noteAdded" -> new Cue.NoteAdded(Arrays.stream(w.keywords.split(",")).map(String::strip)
                    .filter(k -> !k.isEmpty()).toList());
            case "activity" -> new Cue.Activity(value(w.activity, ActivityType::valueOf), w.customType, w.target);
            case "preferenceChanged" -> new Cue.PreferenceChanged(value(w.part, PreferencesChanged.Part::valueOf));
            case "readyDateReached" -> new Cue.ReadyDateReached();
            case "tagAdded" -> new Cue.TagAdded(w.tag);
            default -> null;
        };
    }

    private static Action action(Do d, String path, Numbers n) {
        return switch (d.type) {
            case "enroll" -> new Action.Enroll(n.id(d.programId, path + ".programId"));
            case "unenroll" -> new Action.Unenroll(n.id(d.programId, path + ".programId"));
            case "sendContent" -> new Action.SendContent(n.id(d.programId, path + ".programId"),
                    n.id(d.contentId, path + ".contentId"));
            case "changeStage" -> new Action.ChangeStage(value(d.stage, Stage::valueOf), Forms.blankToNull(d.reason));
            case "addTag" -> new Action.AddTag(d.tag);
            case "removeTag" -> new Action.RemoveTag(d.tag);
            case "setAttribute" -> new Action.SetAttribute(Forms.blankToNull(d.key), d.value);
            case "adjustScore" -> new Action.AdjustScore(n.integer(d.points, path + ".points", 0));
            case "createTask" -> new Action.CreateTask(d.title, Forms.blankToNull(d.context),
                    n.optionalInteger(d.dueInHours, path + ".dueInHours"), n.optionalInteger(d.priority, path + ".priority"),
                    d.call);
            case "alertOwner" -> new Action.AlertOwner(d.subject, Forms.blankToNull(d.body));
            case "webhook" -> new Action.Webhook(d.url == null ? null : d.url.strip());
            default -> null;
        };
    }

    private static When when(Cue cue) {
        When w = new When();
        switch (cue) {
            case Cue.Anniversary a -> { w.type = "anniversary"; w.attribute = a.attribute(); w.days = "" + a.daysBefore(); }
            case Cue.DaysBefore b -> { w.type = "daysBefore"; w.attribute = b.attribute(); w.days = "" + b.days(); }
            case Cue.DaysSince s -> { w.type = "daysSince"; w.since = Forms.text(s.since()); w.days = "" + s.days(); }
            case Cue.ExpectedPurchase e -> { w.type = "expectedPurchase"; w.days = "" + e.daysBefore(); }
            case Cue.StageChanged s -> { w.type = "stageChanged"; w.from = Forms.text(s.from()); w.to = Forms.text(s.to()); }
            case Cue.DealLost d -> w.type = "dealLost";
            case Cue.SegmentEntered s -> { w.type = "segmentEntered"; w.segmentId = "" + s.segmentId(); }
            case Cue.SegmentLeft s -> { w.type = "segmentLeft"; w.segmentId = "" + s.segmentId(); }
            case Cue.GoalReached g -> { w.type = "goalReached"; w.programId = Forms.text(g.programId()); }
            case Cue.ProgramExhausted p -> { w.type = "programExhausted"; w.programId = Forms.text(p.programId()); }
            case Cue.HandoffRejected h -> { w.type = "handoffRejected"; w.reason = Forms.text(h.reason()); }
            case Cue.TagAdded t -> { w.type = "tagAdded"; w.tag = t.tag(); }
            case Cue.NoteAdded n -> { w.type = "noteAdded"; w.keywords = String.join(", ", n.keywords()); }
            case Cue.Activity a -> {
                w.type = "activity";
                w.activity = Forms.text(a.activity());
                w.customType = a.customType() == null ? "" : a.customType();
                w.target = a.target() == null ? "" : a.target();
            }
            case Cue.PreferenceChanged p -> { w.type = "preferenceChanged"; w.part = Forms.text(p.part()); }
            case Cue.ReadyDateReached r -> w.type = "readyDateReached";
        }
        return w;
    }

    private static Do action(Action action) {
        Do d = new Do();
        switch (action) {
            case Action.Enroll e -> { d.type = "enroll"; d.programId = "" + e.programId(); }
            case Action.Unenroll u -> { d.type = "unenroll"; d.programId = "" + u.programId(); }
            case Action.SendContent s -> { d.type = "sendContent"; d.programId = "" + s.programId(); d.contentId = "" + s.contentId(); }
            case Action.ChangeStage c -> { d.type = "changeStage"; d.stage = Forms.text(c.to()); d.reason = Forms.text(c.reason()); }
            case Action.AddTag a -> { d.type = "addTag"; d.tag = a.tag(); }
            case Action.RemoveTag r -> { d.type = "removeTag"; d.tag = r.tag(); }
            case Action.SetAttribute s -> { d.type = "setAttribute"; d.key = s.key(); d.value = s.value(); }
            case Action.AdjustScore a -> { d.type = "adjustScore"; d.points = "" + a.points(); }
            case Action.CreateTask t -> {
                d.type = "createTask";
                d.title = t.title();
                d.context = Forms.text(t.context());
                d.dueInHours = Forms.text(t.dueInHours());
                d.priority = Forms.text(t.priority());
                d.call = t.call();
            }
            case Action.AlertOwner a -> { d.type = "alertOwner"; d.subject = a.subject(); d.body = Forms.text(a.body()); }
            case Action.Webhook w -> { d.type = "webhook"; d.url = w.url(); }
        }
        return d;
    }

    /**
     * Reads numbers typed as text, naming the field of one that is not a number. Such a field takes a value no check
     * accepts (every count, hour, point and id Keepwarm takes is bounded); the editor never saves a draft with one, and
     * asks the trigger's checks only for the rest of its mistakes.
     */
    private record Numbers(List<FieldError> errors) {

        int integer(String text, String field, int otherwise) {
            Integer value = optionalInteger(text, field);
            return value == null ? otherwise : value;
        }

        Integer optionalInteger(String text, String field) {
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                return Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                errors.add(new FieldError(field, "is a whole number, not '" + text.strip() + "'"));
                return Integer.MIN_VALUE;
            }
        }

        long id(String text, String field) {
            Long id = optionalId(text, field);
            return id == null ? 0 : id;
        }

        Long optionalId(String text, String field) {
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                return Long.parseLong(text.strip());
            } catch (NumberFormatException e) {
                errors.add(new FieldError(field, "is an id (a whole number), not '" + text.strip() + "'"));
                return Long.MIN_VALUE;
            }
        }
    }

    private static <T> T value(String text, Function<String, T> read) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return read.apply(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }



    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
    public Trigger.Status getStatus() { return status; }
    public void setStatus(Trigger.Status status) { this.status = status; }
    public String getCondition() { return condition; }
    public void setCondition(String condition) { this.condition = condition; }
    public When getWhen() { return when; }
    public void setWhen(When when) { this.when = when; }
    public List<Do> getActions() { return actions; }
    public void setActions(List<Do> actions) { this.actions = actions; }
}
