package io.keepwarm.ui;

import io.keepwarm.activity.ActivityType;
import io.keepwarm.contact.AttributeType;
import io.keepwarm.contact.Attributes;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.content.ContentFilter;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.handoff.RejectReason;
import io.keepwarm.lifecycle.LifecycleRules;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import io.keepwarm.program.Programs;
import io.keepwarm.segment.Segments;
import io.keepwarm.tracking.PreferencesChanged;
import io.keepwarm.trigger.Cue;
import io.keepwarm.trigger.Firing;
import io.keepwarm.trigger.Trigger;
import io.keepwarm.trigger.Triggers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Triggers: the list, an editor for "when X, if Y, do Z" whose fields follow the kind chosen, pause and resume,
 * delete, and each trigger's recent firings with what every action did.
 */
@Controller
class TriggerPages {

    private static final int LISTED = 200;
    private static final int FIRINGS = 25;
    private static final int CHOICES = 500;

    /** A trigger as the list shows it. */
    record Row(Trigger trigger, String when, String condition, String does) {}

    /** A firing with the contact it was for. */
    record FiringRow(Firing firing, String contact) {}

    private final Triggers triggers;
    private final Segments segments;
    private final Programs programs;
    private final ContentLibrary content;
    private final Attributes attributes;
    private final Contacts contacts;
    private final LifecycleRules rules;

    TriggerPages(Triggers triggers, Segments segments, Programs programs, ContentLibrary content, Attributes attributes,
            Contacts contacts, LifecycleRules rules) {
        this.rules = rules;
        this.triggers = triggers;
        this.segments = segments;
        this.programs = programs;
        this.content = content;
        this.attributes = attributes;
        this.contacts = contacts;
    }

    @GetMapping("/ui/triggers")
    String list(Model model) {
        Map<String, String> cues = labels(TriggerForm.CUES);
        Map<String, String> actions = labels(TriggerForm.ACTIONS);
        model.addAttribute("rows", triggers.list(null, null, LISTED).items().stream()
                .map(t -> row(t, TriggerForm.of(t, null), cues, actions))
                .toList());
        return "triggers";
    }

    /** A trigger as its list row says it: what it listens for with what sets it apart, its rule, what it does. */
    private Row row(Trigger trigger, TriggerForm form, Map<String, String> cues, Map<String, String> actions) {
        String label = cues.get(form.getWhen().getType());
        String detail = detail(trigger.when());
        return new Row(trigger, detail.isEmpty() ? label : label + ": " + detail,
                trigger.condition() == null ? "always" : segments.print(trigger.condition()),
                form.getActions().stream().map(a -> actions.get(a.getType())).collect(Collectors.joining(", ")));
    }

    /** What tells two triggers on the same kind of cue apart: the tag, the activity and its target, the days. */
    private static String detail(Cue cue) {
        return switch (cue) {
            case Cue.TagAdded tag -> "'" + tag.tag() + "'";
            case Cue.NoteAdded note -> String.join(", ", note.keywords());
            case Cue.Activity activity -> (activity.customType() != null ? activity.customType()
                    : Words.inWords(activity.activity())) + (activity.target() == null || activity.target().isBlank()
                            ? "" : " of '" + activity.target() + "'");
            case Cue.Anniversary anniversary -> anniversary.attribute() + (anniversary.daysBefore() == 0 ? ""
                    : ", " + anniversary.daysBefore() + " days before");
            case Cue.DaysBefore before -> before.days() + " days before " + before.attribute();
            case Cue.DaysSince since -> since.days() + " days since the last " + Words.inWords(since.since());
            case Cue.ExpectedPurchase expected -> expected.daysBefore() + " days before";
            default -> "";
        };
    }

    @GetMapping("/ui/triggers/new")
    String create(Model model) {
        return editor(null, TriggerForm.blank(), Map.of(), null, model);
    }

    @GetMapping("/ui/triggers/{id}")
    String edit(@PathVariable long id, Model model) {
        Trigger trigger = triggers.get(id);
        return editor(trigger, form(trigger), Map.of(), null, model);
    }

    /** The "when" and "do" fields again after a kind was chosen or an action added or removed; nothing typed is lost. */
    @PostMapping("/ui/triggers/fields")
    String fields(@ModelAttribute("form") TriggerForm form, @RequestParam(required = false) String add,
            @RequestParam(required = false) Integer remove, Model model) {
        if (add != null) {
            form.getActions().add(new TriggerForm.Do());
        }
        if (remove != null && remove >= 0 && remove < form.getActions().size()) {
            form.getActions().remove((int) remove);
        }
        choices(form, Map.of(), model);
        return "trigger :: fields";
    }

    @PostMapping("/ui/triggers")
    String save(@ModelAttribute("form") TriggerForm form, Model model, RedirectAttributes redirect) {
        List<FieldError> typed = new ArrayList<>();
        try {
            Trigger.Draft draft = form.draft(typed);
            if (!typed.isEmpty()) {
                return editor(null, form, mistyped(typed, draft), null, model);
            }
            long id = triggers.create(draft).id();
            redirect.addFlashAttribute("saved", true);
            return "redirect:/ui/triggers/" + id;
        } catch (InvalidInputException e) {
            return editor(null, form, errors(typed, e), null, model);
        } catch (ConflictException e) {
            return editor(null, form, Map.of("name", e.getMessage()), null, model);
        } catch (DuplicateKeyException e) {
            return editor(null, form, Map.of("name", Forms.NAME_JUST_TAKEN), null, model);
        }
    }

    @PostMapping("/ui/triggers/{id}")
    String update(@PathVariable long id, @ModelAttribute("form") TriggerForm form, Model model,
            RedirectAttributes redirect) {
        Trigger trigger = triggers.get(id);
        List<FieldError> typed = new ArrayList<>();
        try {
            Trigger.Draft draft = form.draft(typed);
            if (!typed.isEmpty()) {
                return editor(trigger, form, mistyped(typed, draft), null, model);
            }
            triggers.update(id, draft);
            redirect.addFlashAttribute("saved", true);
            return "redirect:/ui/triggers/" + id;
        } catch (InvalidInputException e) {
            return editor(trigger, form, errors(typed, e), null, model);
        } catch (ConflictException e) {
            return editor(trigger, form, Map.of("name", e.getMessage()), null, model);
        } catch (DuplicateKeyException e) {
            return editor(trigger, form, Map.of("name", Forms.NAME_JUST_TAKEN), null, model);
        }
    }

    /** Pauses or resumes a trigger as it is stored; a paused one keeps its history and listens to nothing. */
    @PostMapping("/ui/triggers/{id}/status")
    String status(@PathVariable long id, @RequestParam Trigger.Status status, Model model,
            RedirectAttributes redirect) {
        try {
            triggers.setStatus(id, status);
            redirect.addFlashAttribute(status == Trigger.Status.ACTIVE ? "resumed" : "paused", true);
            return "redirect:/ui/triggers/" + id;
        } catch (InvalidInputException e) {
            Trigger trigger = triggers.get(id);
            return editor(trigger, form(trigger), Map.of(), "Not resumed: " + Problems.describe(e)
                    + ". Change that and save, then resume.", model);
        }
    }

    /** Asks before deleting a trigger; one that has fired is refused in words, as the module refuses it. */
    @GetMapping("/ui/triggers/{id}/delete")
    String confirmDelete(@PathVariable long id, Model model) {
        return deletion(triggers.get(id), model);
    }

    private String deletion(Trigger trigger, Model model) {
        long id = trigger.id();
        String question = "Delete trigger '" + trigger.name() + "'?";
        String back = "/ui/triggers/" + id;
        if (!triggers.firings(id, null, 1).items().isEmpty()) {
            return Confirmation.refuse(question, "It has fired, so it is not deleted: the history of what it did stays."
                    + " Pause it instead; a paused trigger listens to nothing.", back).page(model);
        }
        return Confirmation.ask(question, (trigger.status() == Trigger.Status.ACTIVE ? "It stops listening at once and"
                : "It is paused; it") + " is gone for good. It has never fired, so no history is lost.",
                "/ui/triggers/" + id + "/delete", "Delete the trigger", back).page(model);
    }

    /** Deletes a trigger; one that has fired since the question was asked is refused as the question would. */
    @PostMapping("/ui/triggers/{id}/delete")
    String delete(@PathVariable long id, Model model, RedirectAttributes redirect) {
        Trigger trigger = triggers.get(id);
        try {
            triggers.delete(id);
            redirect.addFlashAttribute("deleted", true);
            return "redirect:/ui/triggers";
        } catch (ConflictException e) {
            return deletion(trigger, model);
        }
    }

    /** Asks before giving a trigger's webhook calls a new signing secret: the receiving system must take it at once. */
    @GetMapping("/ui/triggers/{id}/secret")
    String confirmNewSecret(@PathVariable long id, Model model) {
        Trigger trigger = triggers.get(id);
        String question = "Give trigger '" + trigger.name() + "' a new signing secret?";
        String back = "/ui/triggers/" + id;
        if (trigger.webhookSecret() == null) {
            return Confirmation.refuse(question, "It calls no webhook, so it has no secret: one is made when a webhook"
                    + " action is saved.", back).page(model);
        }
        return Confirmation.ask(question, "Every call from now on, retries of earlier ones too, is signed with the new"
                + " secret, and the old one stops working at once: put the new one into the receiving system straight"
                + " after, or it refuses the calls meanwhile.", "/ui/triggers/" + id + "/secret", "Make a new secret",
                back).page(model);
    }

    @PostMapping("/ui/triggers/{id}/secret")
    String newSecret(@PathVariable long id, Model model, RedirectAttributes redirect) {
        try {
            triggers.renewWebhookSecret(id);
            redirect.addFlashAttribute("newSecret", true);
            return "redirect:/ui/triggers/" + id + "#webhook-signing";
        } catch (ConflictException e) {
            return confirmNewSecret(id, model);
        }
    }

    private TriggerForm form(Trigger trigger) {
        return TriggerForm.of(trigger, trigger.condition() == null ? null : segments.print(trigger.condition()));
    }

    private String editor(Trigger trigger, TriggerForm form, Map<String, String> errors, String error, Model model) {
        model.addAttribute("trigger", trigger);
        model.addAttribute("error", error);
        choices(form, errors, model);
        if (errors.containsKey("condition")) {
            model.addAttribute("conditionProblem", RuleProblem.of(segments, form.getCondition(), errors.get("condition")));
        }
        if (trigger != null) {
            List<Firing> firings = triggers.firings(trigger.id(), null, FIRINGS).items();
            Map<Long, Contact> who = contacts.getAll(firings.stream().map(Firing::contactId).distinct().toList());
            model.addAttribute("firings", firings.stream().map(f -> new FiringRow(f,
                    who.containsKey(f.contactId()) ? (who.get(f.contactId())).name() : EntityNames.GONE_CONTACT))
                    .toList());
        }
        return "trigger";
    }

        /** What the editor's selects offer, and the form with its messages. */
    private void choices(TriggerForm form, Map<String, String> errors, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("problems", errors.entrySet().stream()
                .map(e -> e.getKey().equals("form") ? e.getValue() : where(e.getKey()) + ": " + e.getValue()).toList());
        model.addAttribute("cues", TriggerForm.CUES);
        model.addAttribute("actionKinds", TriggerForm.ACTIONS);
        model.addAttribute("stages", Stage.values());
        model.addAttribute("labels", rules.labels());
        model.addAttribute("anchors", Cue.Anchor.values());
        model.addAttribute("reasons", RejectReason.values());
        model.addAttribute("activities", ActivityType.values());
        model.addAttribute("parts", PreferencesChanged.Part.values());
        model.addAttribute("segments", segments.list(null, CHOICES).items());
        model.addAttribute("programs", programs.list(null, null, CHOICES).items());
        model.addAttribute("pieces", content.list(ContentFilter.ALL, null, CHOICES).items());
        model.addAttribute("dateAttributes", attributes.list().stream().filter(a -> a.type() == AttributeType.DATE).toList());
        model.addAttribute("attributes", attributes.list().stream().filter(a -> !a.builtIn()).toList());
    }

    /**
     * The mistyped numbers' messages with those the checks have for the rest. A mistyped number never reaches a save,
     * whatever the checks make of the value standing in for it.
     */
    private Map<String, String> mistyped(List<FieldError> typed, Trigger.Draft draft) {
        try {
            triggers.check(draft);
            return errors(typed, List.of(), null);
        } catch (InvalidInputException e) {
            return errors(typed, e.errors(), e.getMessage());
        }
    }

    /**
     * Each message under the field the editor shows it at: the API's names (when.daysBefore, actions[1].programId)
     * become the form's (when.days, actions[1].programId); the editor has one field for every kind's day count.
     */
    private static Map<String, String> errors(List<FieldError> typed, InvalidInputException e) {
        return errors(typed, e.errors(), e.getMessage());
    }

    private static Map<String, String> errors(List<FieldError> typed, List<FieldError> checked, String message) {
        Map<String, String> errors = new LinkedHashMap<>();
        // A mistyped number's own message says more than the check's of the value standing in for it.
        List<FieldError> all = new ArrayList<>(typed);
        checked.stream().filter(f -> typed.stream().noneMatch(t -> t.field().equals(f.field()))).forEach(all::add);
        if (all.isEmpty()) {
            errors.put("form", message);
        }
        for (FieldError f : all) {
            String slot = f.field().equals("when.daysBefore") ? "when.days"
                    : f.field().matches("actions\\[\\d+]") ? f.field() + ".type"
                    // The condition is one field on the form, however deep in its rule the mistake is.
                    : f.field().startsWith("condition.") ? "condition"
                    : f.field();
            errors.merge(slot, f.message(), (a, b) -> a + "; " + b);
        }
        return errors;
    }

    /** The editor's labels for its fields, as the summary over the form names them. */
    private static final Map<String, String> LABELS = Map.ofEntries(Map.entry("name", "Name"),
            Map.entry("description", "Description"), Map.entry("when", "When"), Map.entry("when.type", "What happens"),
            Map.entry("when.tag", "Tag"), Map.entry("when.keywords", "Keywords"), Map.entry("when.activity", "Activity"),
            Map.entry("when.customType", "Event name"), Map.entry("when.target", "Page, link, form or offer"),
            Map.entry("when.part", "Which preference"), Map.entry("when.from", "From"), Map.entry("when.to", "To"),
            Map.entry("when.reason", "Reason"), Map.entry("when.days", "Days"), Map.entry("when.since", "Since the last"),
            Map.entry("when.segmentId", "Segment"), Map.entry("when.programId", "Program"),
            Map.entry("when.attribute", "Date attribute"), Map.entry("condition", "If"), Map.entry("actions", "Do"),
            Map.entry("type", "what to do"), Map.entry("subject", "alert subject"), Map.entry("body", "alert text"),
            Map.entry("title", "task"), Map.entry("context", "context for the rep"), Map.entry("dueInHours", "due in hours"),
            Map.entry("priority", "priority"), Map.entry("tag", "tag"), Map.entry("to", "to stage"),
            Map.entry("reason", "reason"), Map.entry("points", "points"), Map.entry("programId", "program"),
            Map.entry("contentId", "piece"), Map.entry("key", "attribute"), Map.entry("value", "value"),
            Map.entry("url", "address"));

    private static final java.util.regex.Pattern ACTION_FIELD = java.util.regex.Pattern.compile("actions\\[(\\d+)]\\.(\\w+)");

    /** A field's place on the form in its labels' words: "Tag", "Action 2, points". */
    static String where(String field) {
        java.util.regex.Matcher action = ACTION_FIELD.matcher(field);
        if (action.matches()) {
            return "Action " + (Integer.parseInt(action.group(1)) + 1) + ", "
                    + LABELS.getOrDefault(action.group(2), action.group(2));
        }
        return LABELS.getOrDefault(field, field);
    }

    private static Map<String, String> labels(List<TriggerForm.Choice> choices) {
        return choices.stream().collect(Collectors.toMap(TriggerForm.Choice::value, TriggerForm.Choice::label));
    }
}
