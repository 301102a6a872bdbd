package io.keepwarm.ui;

import io.keepwarm.activity.ActivityType;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.scoring.Scores;
import io.keepwarm.scoring.ScoringRules;
import io.keepwarm.scoring.ScoringRules.BehaviourRule;
import io.keepwarm.scoring.ScoringRules.FitRule;
import io.keepwarm.scoring.ScoringSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Scoring: behaviour rules (points for what a contact does) and fit rules (points for who they are, which make the
 * grade), the readiness rule that turns both into an MQL, and the latest score changes with their cause.
 */
@Controller
class ScoringPages {

    private static final int CHANGES = 30;

    /** A behaviour rule as typed; id null for a new one. Numbers stay text so a mistyped one comes back as typed. */
    record RuleForm(Long id, String name, String activity, String customType, String target, String points,
            String capCount, String capPeriod, boolean active) {

        static RuleForm blank() {
            return new RuleForm(null, "", "", "", "", "", "", "", true);
        }

        static RuleForm of(BehaviourRule rule) {
            return new RuleForm(rule.id(), rule.name(), rule.activity().name(), Forms.text(rule.customType()),
                    Forms.text(rule.target()), "" + rule.points(), Forms.text(rule.capCount()),
                    rule.capPeriod() == null ? "" : days(rule.capPeriod()), rule.active());
        }
    }

    /** A fit rule as typed. */
    record FitForm(Long id, String name, String rule, String points) {

        static FitForm blank() {
            return new FitForm(null, "", "", "");
        }

        static FitForm of(FitRule rule) {
            return new FitForm(rule.id(), rule.name(), rule.rule(), "" + rule.points());
        }
    }

    /** The account's scoring settings as typed; the half-life in days, or an ISO-8601 duration (PT12H). */
    record SettingsForm(String readyScore, String readyGrade, String gradeA, String gradeB, String gradeC,
            String halfLife) {

        static SettingsForm of(ScoringSettings settings) {
            return new SettingsForm("" + settings.readyScore(), settings.readyGrade(), "" + settings.gradeA(),
                    "" + settings.gradeB(), "" + settings.gradeC(), days(settings.halfLife()));
        }
    }

    /** A score change with the contact it was for and, for a rule's change, the rule's name. */
    record ChangeRow(Scores.ContactChange change, String contact, String rule) {}

    private static final List<String> GRADES = List.of("A", "B", "C", "D");

    private final ScoringRules rules;
    private final Scores scores;
    private final Contacts contacts;

    ScoringPages(ScoringRules rules, Scores scores, Contacts contacts) {
        this.rules = rules;
        this.scores = scores;
        this.contacts = contacts;
    }

    @GetMapping("/ui/scoring")
    String scoring(Model model) {
        return page(RuleForm.blank(), FitForm.blank(), Map.of(), Map.of(), model);
    }

    @GetMapping("/ui/scoring/rules/{id}")
    String editRule(@PathVariable long id, Model model) {
        return page(RuleForm.of(rules.behaviourRule(id)), FitForm.blank(), Map.of(), Map.of(), model);
    }

    @GetMapping("/ui/scoring/fit-rules/{id}")
    String editFit(@PathVariable long id, Model model) {
        return page(RuleForm.blank(), FitForm.of(rules.fitRule(id)), Map.of(), Map.of(), model);
    }

    /**
     * Saves the readiness rule, the grades' fit points and the half-life through the same module API as the REST
     * endpoint; a refused form comes back as typed, each message beside its field.
     */
    @PostMapping("/ui/scoring/settings")
    String saveSettings(@RequestParam(defaultValue = "") String readyScore, @RequestParam(defaultValue = "") String readyGrade,
            @RequestParam(defaultValue = "") String gradeA, @RequestParam(defaultValue = "") String gradeB,
            @RequestParam(defaultValue = "") String gradeC, @RequestParam(defaultValue = "") String halfLife, Model model,
            RedirectAttributes redirect) {
        SettingsForm form = new SettingsForm(readyScore, readyGrade, gradeA, gradeB, gradeC, halfLife);
        Map<String, String> errors = new LinkedHashMap<>();
        String typedHalfLife = halfLife.strip();
        ScoringRules.SettingsChange change = new ScoringRules.SettingsChange(
                typedHalfLife.isEmpty() ? required("halfLife", errors)
                        : typedHalfLife.matches("\\d{1,5}") ? "P" + typedHalfLife + "D" : typedHalfLife,
                required(readyScore, "readyScore", errors), readyGrade.isBlank() ? required("readyGrade", errors) : readyGrade,
                required(gradeA, "gradeA", errors), required(gradeB, "gradeB", errors), required(gradeC, "gradeC", errors));
        try {
            if (errors.isEmpty()) {
                rules.change(change);
                redirect.addFlashAttribute("saved", true);
                return "redirect:/ui/scoring#readiness";
            }
            // Some fields could not be read: still mark every other one that breaks a rule.
            rules.check(change);
        } catch (InvalidInputException e) {
            FormErrors.of(e).forEach(errors::putIfAbsent);
        }
        // The API's message speaks ISO-8601 (PT1H, P90D); the field asks for days, and takes hours as PT12H.
        errors.computeIfPresent("halfLife", (field, message) -> message.equals("is required") ? message
                : typedHalfLife.matches("\\d{1,5}") ? "must be 1 day or more, such as 90, not " + typedHalfLife
                : "must be a number of days, such as 90, or at least an hour written as PT12H (12 hours), not '"
                        + typedHalfLife + "'");
        return page(RuleForm.blank(), FitForm.blank(), Map.of(), Map.of(), form, errors, model);
    }

    /** A whole number the form must have; blank or mistyped, null with a message (null in the change keeps the value). */
    private static Integer required(String text, String field, Map<String, String> errors) {
        if (text.isBlank()) {
            required(field, errors);
            return null;
        }
        return SettingsPages.number(text, field, errors);
    }

    private static String required(String field, Map<String, String> errors) {
        errors.put(field, "is required");
        return null;
    }

    @PostMapping("/ui/scoring/rules")
    String createRule(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String activity,
            @RequestParam(defaultValue = "") String customType, @RequestParam(defaultValue = "") String target,
            @RequestParam(defaultValue = "") String points, @RequestParam(defaultValue = "") String capCount,
            @RequestParam(defaultValue = "") String capPeriod, @RequestParam(defaultValue = "false") boolean active,
            Model model, RedirectAttributes redirect) {
        return saveRule(new RuleForm(null, name, activity, customType, target, points, capCount, capPeriod, active), model,
                redirect);
    }

    @PostMapping("/ui/scoring/rules/{id}")
    String updateRule(@PathVariable long id, @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String activity, @RequestParam(defaultValue = "") String customType,
            @RequestParam(defaultValue = "") String target, @RequestParam(defaultValue = "") String points,
            @RequestParam(defaultValue = "") String capCount, @RequestParam(defaultValue = "") String capPeriod,
            @RequestParam(defaultValue = "false") boolean active, Model model, RedirectAttributes redirect) {
        rules.behaviourRule(id);
        return saveRule(new RuleForm(id, name, activity, customType, target, points, capCount, capPeriod, active), model,
                redirect);
    }

    /** Asks before deleting a behaviour rule: what stops earning points, and that the points it gave stay. */
    @GetMapping("/ui/scoring/rules/{id}/delete")
    String confirmDeleteRule(@PathVariable long id, Model model) {
        BehaviourRule rule = rules.behaviourRule(id);
        String what = rule.activity() == ActivityType.CUSTOM ? "the event '" + rule.customType() + "'"
                : "the activity '" + Forms.words(rule.activity().name()) + "'"
                + (rule.target() == null ? "" : " on '" + rule.target() + "'");
        return Confirmation.ask("Delete the scoring rule '" + rule.name() + "'?", (rule.active()
                ? "From now on " + what + " earns no points by it (it gives " + rule.points() + " now)."
                : "It is not active, so it gives no points now.")
                + " The points it gave stay in contacts' scores and fade as usual. A deleted rule cannot be brought back.",
                "/ui/scoring/rules/" + id + "/delete", "Delete the rule", "/ui/scoring").page(model);
    }

    @PostMapping("/ui/scoring/rules/{id}/delete")
    String deleteRule(@PathVariable long id, RedirectAttributes redirect) {
        rules.deleteBehaviourRule(id);
        redirect.addFlashAttribute("deleted", true);
        return "redirect:/ui/scoring";
    }

    @PostMapping("/ui/scoring/fit-rules")
    String createFit(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String rule,
            @RequestParam(defaultValue = "") String points, Model model, RedirectAttributes redirect) {
        return saveFit(new FitForm(null, name, rule, points), model, redirect);
    }

    @PostMapping("/ui/scoring/fit-rules/{id}")
    String updateFit(@PathVariable long id, @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String rule, @RequestParam(defaultValue = "") String points, Model model,
            RedirectAttributes redirect) {
        rules.fitRule(id);
        return saveFit(new FitForm(id, name, rule, points), model, redirect);
    }

    /** Asks before deleting a fit rule: every contact is graded again without its points. */
    @GetMapping("/ui/scoring/fit-rules/{id}/delete")
    String confirmDeleteFit(@PathVariable long id, Model model) {
        FitRule rule = rules.fitRule(id);
        return Confirmation.ask("Delete the fit rule '" + rule.name() + "'?", "Every contact is graded again without its "
                + rule.points() + " points: those it matches (" + rule.rule() + ") may get another grade, and with it"
                + " another readiness. A deleted rule cannot be brought back.", "/ui/scoring/fit-rules/" + id + "/delete",
                "Delete the rule", "/ui/scoring").page(model);
    }

    @PostMapping("/ui/scoring/fit-rules/{id}/delete")
    String deleteFit(@PathVariable long id, RedirectAttributes redirect) {
        rules.deleteFitRule(id);
        redirect.addFlashAttribute("deleted", true);
        return "redirect:/ui/scoring";
    }

    private String saveRule(RuleForm form, Model model, RedirectAttributes redirect) {
        ActivityType activity = java.util.Arrays.stream(ActivityType.values())
                .filter(t -> t.name().equals(form.activity())).findFirst().orElse(null);
        Integer capCount;
        Duration capPeriod;
        Integer points;
        try {
            capCount = number(form.capCount(), "capCount");
            capPeriod = capPeriod(form.capPeriod());
            points = number(form.points(), "points");
            if (points == null) {
                throw InvalidInputException.field("points", "is required: the points the activity earns (negative to take some)");
            }
        } catch (InvalidInputException e) {
            return page(form, FitForm.blank(), errors(e), Map.of(), model);
        }
        try {
            rules.save(form.id(), new BehaviourRule(null, form.name(), activity, Forms.blankToNull(form.customType()),
                    Forms.blankToNull(form.target()), points, capCount, capPeriod, form.active()));
            redirect.addFlashAttribute("saved", true);
            return "redirect:/ui/scoring";
        } catch (InvalidInputException e) {
            return page(form, FitForm.blank(), inFormWords(errors(e), form, capCount, capPeriod), Map.of(), model);
        }
    }

    /** The cap's period as typed: up to five digits is a number of days, else an ISO-8601 duration (PT12H). */
    private static Duration capPeriod(String typed) {
        String text = typed.strip();
        if (text.isEmpty()) {
            return null;
        }
        // A longer number is a slip, refused like any text that is no period.
        if (text.matches("\\d{1,5}")) {
            return Duration.ofDays(Long.parseLong(text));
        }
        try {
            return ScoringRules.period(text);
        } catch (InvalidInputException e) {
            throw InvalidInputException.field("capPeriod", "is a number of days, such as 7, not '" + text + "'");
        }
    }

    /**
     * A refused behaviour rule's messages in the form's words, each beside the field it is about: the API names its
     * fields and codes (capCount, P7D, activity CUSTOM) where the form labels them "At most, times", "per (days)" and
     * "custom". The rules are the module's; only the words are the page's.
     */
    private static Map<String, String> inFormWords(Map<String, String> errors, RuleForm form, Integer capCount,
            Duration capPeriod) {
        // The API lists the activities' codes; the form's list already shows them in words.
        errors.computeIfPresent("activity", (field, message) -> "Choose the activity that earns the points");
        errors.computeIfPresent("customType", (field, message) -> form.customType().isBlank()
                ? "is required for the activity \"custom\": the name of the event it scores"
                : "is only for the activity \"custom\"; leave it blank for any other");
        String example = "such as 3 times per 7 days; leave both blank for no limit";
        // The API's one message for half a cap goes beside the half that is missing.
        if (errors.remove("capCount") != null) {
            errors.put(capCount == null ? "capCount" : "capPeriod", capCount == null
                    ? "is needed with \"per (days)\": " + example : "is needed with \"At most, times\": " + example);
        }
        // The API's one message for a cap out of bounds goes beside the value that is.
        if (capCount != null && capPeriod != null && errors.remove("capPeriod") != null) {
            if (capCount < 1) {
                errors.put("capCount", "must be 1 or more");
            }
            if (capCount >= 1 || capPeriod.toMinutes() < 1 || capPeriod.compareTo(ScoringRules.LONGEST_CAP) > 0) {
                errors.put("capPeriod", "must be from 1 to " + ScoringRules.LONGEST_CAP.toDays() + " days, such as 7");
            }
        }
        return errors;
    }

    private String saveFit(FitForm form, Model model, RedirectAttributes redirect) {
        try {
            Integer points = number(form.points(), "points");
            if (points == null) {
                throw InvalidInputException.field("points", "is required: the fit points it gives");
            }
            rules.save(form.id(), new FitRule(null, form.name(), form.rule(), points));
            redirect.addFlashAttribute("saved", true);
            return "redirect:/ui/scoring";
        } catch (InvalidInputException e) {
            // The segment module names the part of the rule at fault (rule.and[1].field); the form has one box for it.
            return page(RuleForm.blank(), form, Map.of(),
                    FormErrors.of(e, field -> field.equals("rule") || field.startsWith("rule.") ? "rule" : field), model);
        }
    }

    private String page(RuleForm ruleForm, FitForm fitForm, Map<String, String> ruleErrors, Map<String, String> fitErrors,
            Model model) {
        return page(ruleForm, fitForm, ruleErrors, fitErrors, null, Map.of(), model);
    }

    private String page(RuleForm ruleForm, FitForm fitForm, Map<String, String> ruleErrors, Map<String, String> fitErrors,
            SettingsForm settingsForm, Map<String, String> settingsErrors, Model model) {
        ScoringSettings settings = rules.settings();
        List<BehaviourRule> behaviour = rules.behaviourRules();
        List<FitRule> fit = rules.fitRules();
        Map<Long, String> ruleNames = new LinkedHashMap<>();
        behaviour.forEach(r -> ruleNames.put(r.id(), r.name()));
        List<Scores.ContactChange> recent = scores.recent(CHANGES);
        Map<Long, Contact> who = contacts.getAll(recent.stream().map(Scores.ContactChange::contactId).distinct().toList());
        model.addAttribute("changes", recent.stream().map(c -> new ChangeRow(c,
                who.containsKey(c.contactId()) ? (who.get(c.contactId())).name() : EntityNames.GONE_CONTACT,
                c.change().ruleId() == null ? null : ruleNames.get(c.change().ruleId()))).toList());
        model.addAttribute("rules", behaviour);
        Map<Long, String> capPeriods = new LinkedHashMap<>();
        behaviour.stream().filter(r -> r.capPeriod() != null)
                .forEach(r -> capPeriods.put(r.id(), io.keepwarm.platform.Spans.said(r.capPeriod())));
        model.addAttribute("capPeriods", capPeriods);
        model.addAttribute("fitRules", fit);
        model.addAttribute("settings", settings);
        model.addAttribute("halfLife", io.keepwarm.platform.Spans.said(settings.halfLife()));
        model.addAttribute("settingsForm", settingsForm == null ? SettingsForm.of(settings) : settingsForm);
        model.addAttribute("settingsErrors", settingsErrors);
        model.addAttribute("grades", GRADES);
        model.addAttribute("grading", !fit.isEmpty());
        model.addAttribute("regradingSince", rules.regradingSince().orElse(null));
        model.addAttribute("ruleForm", ruleForm);
        model.addAttribute("fitForm", fitForm);
        model.addAttribute("ruleErrors", ruleErrors);
        model.addAttribute("fitErrors", fitErrors);
        model.addAttribute("fitExample", ScoringRules.FIT_RULE_EXAMPLE);
        model.addAttribute("activities", ActivityType.values());
        return "scoring";
    }

    private static Integer number(String text, String field) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw InvalidInputException.field(field, "is a whole number, not '" + text.strip() + "'");
        }
    }

    private static Map<String, String> errors(InvalidInputException e) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (e.errors().isEmpty()) {
            errors.put("name", e.getMessage());
        }
        e.errors().forEach(f -> errors.merge(f.field(), f.message(), (a, b) -> a + "; " + b));
        return errors;
    }

    /** A period as the page writes it: whole days as a number, anything else as ISO-8601 (PT12H). */
    private static String days(Duration period) {
        return period.toSeconds() % 86_400 == 0 ? "" + period.toDays() : period.toString();
    }
}
