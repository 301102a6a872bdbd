package io.keepwarm.ui;

import io.keepwarm.lifecycle.LifecycleRules;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.segment.Condition;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.RuleSyntaxException;
import io.keepwarm.segment.Segment;
import io.keepwarm.segment.Segments;
import io.keepwarm.segment.Vocabulary;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * Segments: the list, and an editor for the text syntax with inline errors and a live count as you type, beside a
 * condition builder that writes picked conditions into the text.
 */
@Controller
class SegmentPages {

    /** What the editor holds; id is null for a new segment. */
    record Editing(Long id, String name, String description, String text) {}

    private static final int LISTED = 200;

    private final Segments segments;
    private final JsonMapper json;
    private final io.keepwarm.identity.Users users;
    private final LifecycleRules lifecycle;
    private final Words words;

    SegmentPages(Segments segments, JsonMapper json, io.keepwarm.identity.Users users, LifecycleRules lifecycle,
            Words words) {
        this.segments = segments;
        this.json = json;
        this.users = users;
        this.lifecycle = lifecycle;
        this.words = words;
    }

    @GetMapping("/ui/segments")
    String list(Model model) {
        var listed = segments.sized(LISTED);
        model.addAttribute("segments", listed);
        // "api-key:crm" and usernames as people read them: API key 'crm', Ada Lovelace
        model.addAttribute("creators", listed.stream().map(s -> s.segment().createdBy()).filter(java.util.Objects::nonNull)
                .distinct().collect(java.util.stream.Collectors.toMap(c -> c, users::shown)));
        return "segments";
    }

    @GetMapping("/ui/segments/new")
    String create(Model model) {
        return editor(new Editing(null, "", "", ""), model);
    }

    @GetMapping("/ui/segments/{id}")
    String edit(@PathVariable long id, Model model) {
        Segment segment = segments.get(id);
        return editor(new Editing(id, segment.name(), segment.description(), segments.print(segment.rule())), model);
    }

    /** The live count (or the error, at its place) of the rule being written; htmx swaps it in under the editor. */
    @PostMapping("/ui/segments/preview")
    String preview(@RequestParam(defaultValue = "") String text, Model model) {
        if (text.isBlank()) {
            model.addAttribute("empty", true);
            return "segment-preview :: preview";
        }
        try {
            model.addAttribute("preview", segments.preview(segments.parse(text)));
        } catch (InvalidInputException e) {
            problem(segments.located(text, e), text, model);
        }
        return "segment-preview :: preview";
    }

    /**
     * The rule text with the builder's condition added; the builder puts it into the editor. A condition that does
     * not fit answers 400 with a problem whose detail says why, for the builder to show beside itself.
     *
     * @param segment the segment being edited, so that the builder cannot make it name itself
     */
    @PostMapping("/ui/segments/condition")
    @ResponseBody
    ResponseEntity<?> addCondition(@RequestParam(defaultValue = "") String text, @RequestParam(defaultValue = "and") String join,
            @RequestParam(defaultValue = "") String term, @RequestParam(defaultValue = "") String op,
            @RequestParam(required = false) String match, @RequestParam(required = false) String within,
            @RequestParam(required = false) Long segment, HttpServletRequest request) {
        try {
            // Read as sent: bound to a List or an array, a value sent once is split at its commas, and a quoted
            // "Acme, Inc." must reach the builder whole.
            String[] values = request.getParameterValues("value");
            Condition condition = new Condition(term, op, values == null ? null : List.of(values), match, within);
            return ResponseEntity.ok(Map.of("text", segments.addCondition(text, join.equals("or"), condition, segment)));
        } catch (InvalidInputException e) {
            // The builder's own words ("'12x' is not a number such as 42"), without the rule path around them.
            String detail = e.errors().isEmpty() ? e.getMessage()
                    : String.join("; ", e.errors().stream().map(InvalidInputException.FieldError::message).toList());
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
            problem.setTitle("The condition does not fit");
            return ResponseEntity.badRequest().body(problem);
        }
    }

    /**
     * The live check's mistake: at a place in the rule, of syntax or of meaning, at its line and column with a caret
     * under it; any other (the rule is too large) in words, in the same place under the rule.
     */
    private static void problem(InvalidInputException e, String text, Model model) {
        if (e instanceof RuleSyntaxException located) {
            model.addAttribute("problem", RuleProblem.of(located, text));
        } else {
            model.addAttribute("error", ruleError(e));
        }
    }

    /**
     * A refusal of the rule that names no place in it (it is too large), in the rule's own words: the API's path
     * ("rule") means nothing beside the text the person typed.
     */
    private static String ruleError(InvalidInputException e) {
        List<String> rule = e.errors().stream().filter(f -> f.field().startsWith("rule"))
                .map(InvalidInputException.FieldError::message).toList();
        return rule.isEmpty() ? Problems.describe(e) : String.join("; ", rule);
    }

    @PostMapping("/ui/segments")
    String save(@RequestParam(defaultValue = "") String name, @RequestParam(required = false) String description,
            @RequestParam(defaultValue = "") String text, Model model, RedirectAttributes redirect) {
        return save(new Editing(null, name, description, text), model, redirect);
    }

    @PostMapping("/ui/segments/{id}")
    String update(@PathVariable long id, @RequestParam(defaultValue = "") String name,
            @RequestParam(required = false) String description, @RequestParam(defaultValue = "") String text, Model model,
            RedirectAttributes redirect) {
        return save(new Editing(id, name, description, text), model, redirect);
    }

    /** Asks before deleting a segment; one that anything names is refused in words, as the module refuses it. */
    @GetMapping("/ui/segments/{id}/delete")
    String confirmDelete(@PathVariable long id, Model model) {
        Segment segment = segments.get(id);
        return deletion(segment, segments.usedBy(id), model);
    }

    @PostMapping("/ui/segments/{id}/delete")
    String delete(@PathVariable long id, Model model, RedirectAttributes redirect) {
        Segment segment = segments.get(id);
        try {
            segments.delete(id);
            redirect.addFlashAttribute("deleted", true);
            return "redirect:/ui/segments";
        } catch (ConflictException e) {
            // named since the question was asked
            return deletion(segment, segments.usedBy(id), model);
        }
    }

    private String deletion(Segment segment, List<String> using, Model model) {
        String question = "Delete segment '" + segment.name() + "'?";
        String back = "/ui/segments/" + segment.id();
        if (!using.isEmpty()) {
            return Confirmation.refuse(question, "It is used by " + Confirmation.listed(using) + ", so it is not"
                    + " deleted; change those first.", back).page(model);
        }
        long members = segments.count(segment.id());
        return Confirmation.ask(question, "Its rule is gone for good. Its " + (members == 1 ? "1 contact is"
                : members + " contacts are") + " not changed: only the segment is deleted.",
                "/ui/segments/" + segment.id() + "/delete", "Delete the segment", back).page(model);
    }

    private String save(Editing editing, Model model, RedirectAttributes redirect) {
        try {
            Rule rule;
            try {
                rule = segments.parse(editing.text());
            } catch (InvalidInputException unreadable) {
                throw InvalidInputException.together(
                        segments.mistakes(editing.id(), editing.name(), blankToNull(editing.description())), unreadable);
            }
            Segments.Draft draft = new Segments.Draft(editing.name(), blankToNull(editing.description()), rule);
            Segment saved = editing.id() == null ? segments.create(draft) : segments.update(editing.id(), draft);
            redirect.addFlashAttribute("saved", true);
            return "redirect:/ui/segments/" + saved.id();
        } catch (InvalidInputException e) {
            InvalidInputException located = segments.located(editing.text(), e);
            // the rule's beside the rule, in its own words, as its live check says it; the name's at the name
            Map<String, String> errors = FormErrors.of(located, field -> field.startsWith("rule") ? "rule" : field);
            // a rule's mistake at a place comes alone, or beside the name's
            Throwable rule = located instanceof RuleSyntaxException ? located : located.getCause();
            if (rule instanceof RuleSyntaxException syntax) {
                model.addAttribute("problem", RuleProblem.of(syntax, editing.text()));
                errors.remove("rule");
            } else {
                errors.computeIfPresent("rule", (field, message) -> ruleError(located));
            }
            model.addAttribute("errors", errors);
        } catch (ConflictException e) {
            model.addAttribute("errors", Map.of("name", e.getMessage()));
        } catch (DuplicateKeyException e) {
            model.addAttribute("errors", Map.of("name", Forms.NAME_JUST_TAKEN));
        }
        return editor(editing, model);
    }

    private String editor(Editing editing, Model model) {
        model.addAttribute("segment", editing);
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        model.addAttribute("vocabulary", json.writeValueAsString(inWords(segments.vocabulary(editing.id()))));
        return "segment";
    }

    /**
     * The builder's coded values as the rest of the app says them (a stage by the account's name for it, a source,
     * channel, validity or consent state in words); each choice still writes its code into the rule.
     */
    private Vocabulary inWords(Vocabulary vocabulary) {
        Map<Stage, String> stages = lifecycle.labels();
        return new Vocabulary(vocabulary.terms().stream().map(term -> new Vocabulary.Term(term.key(), term.label(),
                term.group(), term.operators(), term.choices().stream().map(choice -> new Vocabulary.Choice(choice.value(),
                        said(term, choice.value(), stages).orElse(choice.label()))).toList(), term.activity()))
                .toList());
    }

    private Optional<String> said(Vocabulary.Term term, String value, Map<Stage, String> stages) {
        String code = value.toUpperCase(Locale.ROOT);
        if (term.activity() == Vocabulary.Activity.CHANNEL || term.key().equals("preferred_channel")) {
            return Optional.of(words.channel(code));
        }
        return switch (term.key()) {
            case "stage" -> Optional.of(stages.getOrDefault(Stage.valueOf(value), Words.inWords(value)));
            case "source" -> Optional.of(words.source(value));
            case "validity" -> Optional.of(Words.inWords(value));
            default -> term.key().startsWith("consent.") ? Optional.of(Words.inWords(value))
                    : Optional.empty();
        };
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
