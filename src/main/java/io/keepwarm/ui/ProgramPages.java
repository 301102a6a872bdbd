package io.keepwarm.ui;

import io.keepwarm.analytics.ProgramAnalytics;
import io.keepwarm.analytics.ProgramFigures;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.content.ContentFilter;
import io.keepwarm.content.ContentItem;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.content.ContentStatus;
import io.keepwarm.engine.Engine;
import io.keepwarm.engine.ProgramStats;
import io.keepwarm.engine.Forecast;
import io.keepwarm.engine.Forecasts;
import io.keepwarm.engine.Reason;
import io.keepwarm.engine.RunningOut;
import io.keepwarm.engine.Touch;
import io.keepwarm.lifecycle.LifecycleRules;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.platform.Spans;
import io.keepwarm.program.Cadence;
import io.keepwarm.program.Enrollment;
import io.keepwarm.program.Enrollments;
import io.keepwarm.program.Program;
import io.keepwarm.program.ProgramKind;
import io.keepwarm.program.ProgramStatus;
import io.keepwarm.program.Programs;
import io.keepwarm.program.Reenrollment;
import io.keepwarm.program.Step;
import io.keepwarm.segment.Segment;
import io.keepwarm.segment.Segments;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Programs: the list; the builder for a sequence's steps or a stream's cadence and pool; and a program's page with
 * its figures per step, the stream's content exhaustion forecast and "preview for this contact".
 */
@Controller
class ProgramPages {

    /** A step as the program page shows it: its words and its figures. */
    /**
     * A piece of the program that could not be filled in for some of its contacts: its name (null once deleted), when
     * it was last saved, and its failures in this program by cause, since then and before.
     */
    record FailedPiece(long id, String name, Instant savedAt, List<io.keepwarm.engine.RenderFailures.Failure> failures) {}

    record StepRow(int number, String label, String says, ProgramFigures.StepFigures figures, String branched) {

        StepRow(int number, String label, String says, ProgramFigures.StepFigures figures) {
            this(number, label, says, figures, null);
        }

        /**
         * One line per reason the step's touches were suppressed, with how many; what held the touches too late to
         * send is said on their line ("too late to send: 5 — sent on, then held in the outbox past its limit"), since
         * a line of its own with the same count reads as five more.
         */
        public List<String> reasons() {
            Map<String, Long> why = figures.suppressedWhy();
            return new java.util.TreeMap<>(figures.suppressed()).entrySet().stream().map(r -> {
                // A contact paused for months has a touch suppressed at each cadence moment: "4" read as four people.
                long people = figures.suppressedContacts().getOrDefault(r.getKey(), r.getValue());
                String line = Words.suppressed(r.getKey()) + ": " + (people >= r.getValue() ? r.getValue()
                        : r.getValue() + " times, " + contacts(people));
                if (!"STALE".equals(r.getKey()) || why.isEmpty()) {
                    return line;
                }
                boolean oneForAll = why.size() == 1 && why.values().iterator().next().equals(r.getValue());
                return line + " — " + (oneForAll ? why.keySet().iterator().next()
                        : why.entrySet().stream().sorted(Map.Entry.comparingByKey())
                                .map(w -> w.getValue() + " " + w.getKey()).collect(Collectors.joining("; ")));
            }).toList();
        }
    }

    /**
     * One forecast touch as the preview shows it, times in the contact's zone; outcome is the forecast's code (kept for
     * the row's data attribute), says what would happen in words ("would send"), as of a moment still to come.
     */
    record PreviewRow(String due, String at, String what, String channel, String outcome, String says, String reason) {}

    /** A sequence's goal steps by number as people count them ("step 3", "steps 3 and 5"), and what they do; null when none. */
    static String goalSteps(Program program) {
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < program.steps().size(); i++) {
            if (program.steps().get(i) instanceof Step.Goal) {
                numbers.add(i + 1);
            }
        }
        if (numbers.isEmpty()) {
            return null;
        }
        List<String> said = numbers.stream().map(String::valueOf).toList();
        return numbers.size() == 1
                ? "step " + said.getFirst() + " is a goal step: it ends the enrollment when its rule holds there"
                : "steps " + String.join(", ", said.subList(0, said.size() - 1)) + " and " + said.getLast()
                        + " are goal steps: each ends the enrollment when its rule holds there";
    }

    private static final int LISTED = 200;
    private static final int PIECES = 500;

    private final Programs programs;
    private final Enrollments enrollments;
    private final ProgramGlances glances;
    private final ProgramAnalytics analytics;
    private final Engine engine;
    private final Forecasts forecasts;
    private final ContentLibrary library;
    private final Segments segments;
    private final Contacts contacts;
    private final LifecycleRules rules;

    private final java.time.Clock clock;

    ProgramPages(Programs programs, Enrollments enrollments, ProgramGlances glances, ProgramAnalytics analytics,
            Engine engine, Forecasts forecasts, ContentLibrary library, Segments segments, Contacts contacts,
            LifecycleRules rules, java.time.Clock clock) {
        this.clock = clock;
        this.rules = rules;
        this.programs = programs;
        this.enrollments = enrollments;
        this.glances = glances;
        this.analytics = analytics;
        this.engine = engine;
        this.forecasts = forecasts;
        this.library = library;
        this.segments = segments;
        this.contacts = contacts;
    }

    /** The builder's form is bound field by field: its nested steps have no setters to go through. */
    @InitBinder("form")
    void byField(WebDataBinder binder) {
        binder.initDirectFieldAccess();
    }

    @GetMapping("/ui/programs")
    String list(Model model, Authentication authentication) {
        model.addAttribute("programs", glances.list(LISTED, true));
        model.addAttribute("marketing", PageModel.marketing(authentication));
        return "programs";
    }

    @GetMapping("/ui/programs/new")
    String create(@RequestParam(defaultValue = "SEQUENCE") ProgramKind kind, Model model) {
        return builder(null, ProgramForm.of(kind), Map.of(), model);
    }

    @GetMapping("/ui/programs/{id}/edit")
    String edit(@PathVariable long id, Model model) {
        Program program = programs.get(id);
        return builder(program, ProgramForm.of(program, segments), Map.of(), model);
    }

    @PostMapping("/ui/programs")
    String save(@ModelAttribute("form") ProgramForm form, BindingResult binding,
            @RequestParam(defaultValue = "save") String action, Model model, RedirectAttributes redirect) {
        return submit(null, form, binding, action, model, redirect);
    }

    @PostMapping("/ui/programs/{id}")
    String update(@PathVariable long id, @ModelAttribute("form") ProgramForm form, BindingResult binding,
            @RequestParam(defaultValue = "save") String action, Model model, RedirectAttributes redirect) {
        return submit(programs.get(id), form, binding, action, model, redirect);
    }

    /**
     * Activate, pause or archive; a refusal (archiving twice, pausing a draft) is shown on the program's page. What
     * cannot be taken back is asked first, on a page of its own (it works without scripts): archiving ends every
     * enrollment for good, and activating enrolls the audience segment's members at once and leaves a draft that can no
     * longer be deleted.
     */
    @PostMapping("/ui/programs/{id}/status")
    String status(@PathVariable long id, @RequestParam ProgramStatus to,
            @RequestParam(defaultValue = "false") boolean confirmed, Model model, RedirectAttributes redirect) {
        if (!confirmed) {
            Program program = programs.get(id);
            if (to == ProgramStatus.ARCHIVED && program.status() != ProgramStatus.ARCHIVED) {
                long active = enrollments.counts(id).getOrDefault(Enrollment.Status.ACTIVE.name(), 0L);
                return confirm(program, to, "Archive '" + program.name() + "'?", active == 0
                        ? "No contact is in it now. An archived program cannot be resumed or edited again."
                        : "Its " + contacts(active) + " leave it, the touches still waiting for them are not sent, and"
                        + " it cannot be resumed or edited again.", "Archive it for good", model);
            }
            if (to == ProgramStatus.ACTIVE && program.status() == ProgramStatus.DRAFT) {
                Programs.Activation activation = program.audienceSegmentId() == null ? null : programs.activation(id);
                // A warning, not a refusal: the author may mean to make the piece live, or to fix it, next.
                model.addAttribute("sendingNothing", engine.sendingNothing(program));
                return confirm(program, to, "Activate '" + program.name() + "'?", enrolling(program, activation)
                        + " Once active it can be paused or archived, but no longer deleted.", activation == null
                        ? "Activate" : "Activate and enroll " + activation.enrolled().enrolled(), model);
            }
        }
        try {
            switch (to) {
                case ACTIVE -> programs.activate(id);
                case PAUSED -> programs.pause(id);
                case ARCHIVED -> programs.archive(id);
                case DRAFT -> throw new ConflictException("A program never goes back to DRAFT");
            }
            redirect.addFlashAttribute("done", "Program " + to.name().toLowerCase(Locale.ROOT) + ".");
        } catch (ConflictException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/ui/programs/" + id;
    }

    /**
     * A one-off piece for a market event into an active stream, to every contact it holds, as the API's
     * {@code /unscheduled} plans it: asked first on a page of its own, since an email once planned for every contact
     * of the stream cannot be called back.
     */
    @PostMapping("/ui/programs/{id}/unscheduled")
    String unscheduled(@PathVariable long id, @RequestParam(required = false) Long contentId,
            @RequestParam(defaultValue = "false") boolean confirmed, Model model, RedirectAttributes redirect) {
        Program program = programs.get(id);
        if (contentId == null) {
            redirect.addFlashAttribute("unscheduledError", "Choose the piece to send first.");
            return "redirect:/ui/programs/" + id + "#unscheduled";
        }
        ContentItem piece = library.get(contentId);
        if (!confirmed) {
            long active = enrollments.counts(id).getOrDefault(Enrollment.Status.ACTIVE.name(), 0L);
            model.addAttribute("action", "/ui/programs/" + id + "/unscheduled");
            model.addAttribute("contentId", contentId);
            return confirm(program, null, "Send '" + piece.name() + "' to the contacts of '" + program.name() + "'?",
                    (active == 0 ? "No contact is in the stream now, so nobody gets it."
                            : "Each of its " + contacts(active) + " gets it once, besides the cadence, at the next"
                            + " moment their caps and quiet hours allow; a contact who has had it, from any program,"
                            + " is passed over.") + " Once planned it cannot be called back.",
                    active == 0 ? "Send to nobody" : "Send to " + contacts(active), model);
        }
        try {
            int planned = engine.unscheduled(id, contentId);
            redirect.addFlashAttribute("done", planned == 0
                    ? "'" + piece.name() + "' goes to nobody: every contact in the stream has had it or has it planned."
                    : "'" + piece.name() + "' is planned for " + contacts(planned) + ": each gets it at the next moment"
                    + " their caps and quiet hours allow (Unscheduled, below).");
        } catch (ConflictException | InvalidInputException e) {
            redirect.addFlashAttribute("unscheduledError", e.getMessage());
            return "redirect:/ui/programs/" + id + "#unscheduled";
        }
        return "redirect:/ui/programs/" + id;
    }

    /** Who a draft takes in the moment it is activated, and from then on. */
    private String enrolling(Program program, Programs.Activation activation) {
        if (activation == null) {
            return "Nobody is enrolled now: it has no audience segment, so contacts join only when added by hand, through"
                    + " the API or by a trigger.";
        }
        long now = activation.enrolled().enrolled();
        long outOfNurture = activation.enrolled().notInNurture();
        String segment = segments.get(program.audienceSegmentId()).name();
        return "It enrolls " + contacts(now) + " of the segment '" + segment + "' now, and from then on everyone who"
                + " enters it." + (outOfNurture == 0 ? "" : " " + contacts(outOfNurture) + " of the segment "
                + (outOfNurture == 1 ? "is" : "are") + " left out: sales has them, or they were disqualified.");
    }

    private String confirm(Program program, ProgramStatus to, String question, String consequence, String button,
            Model model) {
        model.addAttribute("program", program);
        model.addAttribute("to", to);
        model.addAttribute("question", question);
        model.addAttribute("consequence", consequence);
        model.addAttribute("button", button);
        return "program-confirm";
    }

    private static final int RUNNING_OUT_PAGE = 100;

    private static String contacts(long count) {
        return count == 1 ? "1 contact" : count + " contacts";
    }

    /** The contacts behind one count of the stream's exhaustion forecast, a page at a time. */
    @GetMapping("/ui/programs/{id}/running-out")
    String runningOut(@PathVariable long id, @RequestParam String month,
            @RequestParam(required = false) String after, Model model) {
        model.addAttribute("program", programs.get(id));
        model.addAttribute("month", month);
        RunningOut.Counted counted = engine.runningOutCounted(id, month, after, RUNNING_OUT_PAGE);
        model.addAttribute("count", counted.count());
        model.addAttribute("contacts", counted.contacts());
        model.addAttribute("paged", after != null);
        return "program-running-out";
    }

    @GetMapping("/ui/programs/{id}")
    String show(@PathVariable long id, @RequestParam(required = false) String contact, Model model,
            Authentication authentication) {
        Program program = programs.get(id);
        Map<Long, ContentItem> pieces = pieces();
        ProgramFigures figures = analytics.program(id);
        model.addAttribute("program", program);
        model.addAttribute("marketing", PageModel.marketing(authentication));
        model.addAttribute("rows", rows(program, figures, pieces));
        ProgramStats stats = engine.stats(id);
        model.addAttribute("stats", stats);
        model.addAttribute("cadence", program.cadence() == null ? null : describe(program.cadence()));
        model.addAttribute("failedPieces", stats.renderFailures().entrySet().stream().map(e -> {
            ContentItem piece = pieces.containsKey(e.getKey()) ? pieces.get(e.getKey())
                    : library.find(e.getKey()).orElse(null);
            return new FailedPiece(e.getKey(), piece == null ? null : piece.name(),
                    piece == null ? null : piece.updatedAt(), e.getValue());
        }).toList());
        // What an unscheduled send can carry, as the engine takes it: a live piece with an email version.
        java.time.Instant now = clock.instant();
        model.addAttribute("oneOffPieces", pieces.values().stream().filter(p -> p.status() == ContentStatus.LIVE
                && p.variants() != null && p.variants().email() != null && !p.expiredBy(now))
                .sorted(java.util.Comparator.comparing(ContentItem::name, String.CASE_INSENSITIVE_ORDER)).toList());
        model.addAttribute("pool", program.pool().stream().map(p -> stats.passedOver().containsKey(p)
                ? name(pieces, p) + " (passed over: " + stats.passedOver().get(p) + ")" : name(pieces, p)).toList());
        model.addAttribute("audience", program.audienceSegmentId() == null ? null
                : segments.get(program.audienceSegmentId()).name());
        model.addAttribute("goal", program.goal() == null ? null : segments.print(program.goal()));
        model.addAttribute("goalSteps", goalSteps(program));
        model.addAttribute("enrolledEmails", enrolledEmails(id));
        model.addAttribute("contact", contact == null ? "" : contact);
        if (contact != null && !contact.isBlank()) {
            preview(program, contact.strip(), pieces, model);
        }
        return "program";
    }

    private String submit(Program existing, ProgramForm form, BindingResult binding, String action, Model model,
            RedirectAttributes redirect) {
        Map<String, String> errors = new LinkedHashMap<>();
        binding.getFieldErrors().forEach(e -> errors.put(e.getField(), "'" + e.getRejectedValue() + "' is not a valid value"));
        if (existing != null) {
            form.kind = existing.kind();
        }
        if (!action.equals("save") && !action.equals("confirm")) {
            List<Long> poolBefore = new ArrayList<>(form.pool);
            form.apply(action);
            model.addAttribute("landed", form.landed(action));
            String view = builder(existing, form, errors, model);
            // Named as the pool shows its pieces (builder's pieceNames).
            @SuppressWarnings("unchecked")
            Map<Long, String> names = (Map<Long, String>) model.getAttribute("pieceNames");
            model.addAttribute("poolLanded", form.poolLanded(action, poolBefore,
                    piece -> names.getOrDefault(piece, "piece " + piece)));
            return view;
        }
        // Every mistake at once: the module checks whatever the form could read, beside what it could not.
        Program.Draft draft = form.draft(segments, d -> programs.problems(existing == null ? null : existing.id(), d),
                errors);
        if (draft == null) {
            return builder(existing, form, errors, model);
        }
        try {
            if (existing == null) {
                long id = programs.create(draft).id();
                redirect.addFlashAttribute("saved", true);
                return "redirect:/ui/programs/" + id;
            }
            if (action.equals("save") && existing.status() != ProgramStatus.DRAFT) {
                Enrollments.Impact impact = enrollments.impact(existing.id(), draft);
                if (impact.affected() > 0) {
                    model.addAttribute("impact", impact);
                    return builder(existing, form, errors, model);
                }
            }
            Program saved = programs.update(existing.id(), draft);
            redirect.addFlashAttribute("saved", true);
            if (saved.status() != ProgramStatus.DRAFT) {
                // Running, what sends nothing matters now: said beside "Saved", a warning and not a refusal.
                redirect.addFlashAttribute("sendingNothing", engine.sendingNothing(saved));
            }
            return "redirect:/ui/programs/" + existing.id();
        } catch (InvalidInputException e) {
            // Saving checks again, in its transaction: what changed since (a piece deleted) is said as above.
            form.withChecks(errors, e.errors(), segments);
        } catch (ConflictException | NotFoundException e) {
            // A new program clashes only by its name; a change may also clash with the program's state or kind.
            if (existing == null && e instanceof ConflictException) {
                errors.put("name", e.getMessage());
            } else {
                model.addAttribute("error", e.getMessage());
            }
        } catch (DuplicateKeyException e) {
            errors.put("name", Forms.NAME_JUST_TAKEN);
        }
        return builder(existing, form, errors, model);
    }

    /** A line of the summary above a refused builder: what is wrong, and the id of the field it links to (or null). */
    record Refusal(String said, String fieldId) {
    }

    private String builder(Program existing, ProgramForm form, Map<String, String> errors, Model model) {
        // Retired pieces are not offered, but one the program still names is listed (and shown retired), or its step
        // would show no piece and lose it at the next save.
        Set<Long> named = new HashSet<>(form.pool);
        form.steps.forEach(s -> named.add(s.contentId));
        List<ContentItem> pieces = library.list(ContentFilter.ALL, null, PIECES).items().stream()
                .filter(p -> p.status() != ContentStatus.RETIRED || named.contains(p.id())).toList();
        model.addAttribute("program", existing);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("summary", errors.entrySet().stream()
                .map(e -> new Refusal(form.said(e.getKey(), e.getValue()), form.fieldId(e.getKey()))).toList());
        // A rule box's mistake with the line at fault and a caret under its place, as the segment editor shows one.
        Map<String, RuleProblem> ruleProblems = new HashMap<>();
        errors.forEach((field, message) -> {
            RuleProblem problem = RuleProblem.of(segments, form.ruleText(field), message);
            if (problem != null) {
                ruleProblems.put(field, problem);
            }
        });
        model.addAttribute("ruleProblems", ruleProblems);
        model.addAttribute("pieces", pieces);
        model.addAttribute("pieceNames", pieces.stream().collect(Collectors.toMap(ContentItem::id,
                p -> p.status() == ContentStatus.LIVE ? p.name() : p.name() + " (" + p.status().name().toLowerCase(Locale.ROOT)
                        + ": sent to no one)")));
        model.addAttribute("segments", segments.list(null, LISTED).items());
        model.addAttribute("stepTypes", ProgramForm.STEP_TYPES);
        model.addAttribute("channels", List.of(Channel.EMAIL, Channel.PHONE));
        model.addAttribute("stages", Stage.values());
        model.addAttribute("labels", rules.labels());
        model.addAttribute("days", DayOfWeek.values());
        model.addAttribute("taskVariables", library.taskVariables());
        model.addAttribute("reenrollments", Reenrollment.values());
        return "program-builder";
    }

    private void preview(Program program, String contact, Map<Long, ContentItem> pieces, Model model) {
        Long contactId = contact.length() < 19 && contact.chars().allMatch(Character::isDigit) ? Long.valueOf(contact)
                : contacts.findIdByEmail(contact).orElse(null);
        if (contactId == null) {
            model.addAttribute("previewError", "No contact has the email or id '" + contact + "'.");
            return;
        }
        try {
            Forecast forecast = forecasts.forecast(program.id(), contactId);
            ZoneId zone = forecast.zone();
            Contact previewed = contacts.get(contactId);
            model.addAttribute("forecast", forecast);
            model.addAttribute("previewContact", previewed);
            // A task is work for the owner, not a call the contact gets: "Call task PHONE SENT" read as one. Its text
            // is filled in for the contact as the engine does; a contact without an owner's goes to nobody's tasks.
            String forWhom = previewed.ownerId() == null ? "Task (the contact has no owner): " : "Task for the owner: ";
            String whereTo = previewed.ownerId() == null ? "to Tasks nobody has, on My day" : "to the owner's tasks";
            model.addAttribute("preview", forecast.touches().stream().map(t -> t.kind() == Touch.Kind.TASK
                    ? new PreviewRow(when(t.due(), zone), t.at() == null ? "–" : when(t.at(), zone),
                            forWhom + library.renderTask(taskText(program, t.step()), contactId), "–", "TASK", "",
                            whereTo)
                    : previewRow(t, zone, forecast.unknownZone() != null, pieces)).toList());
        } catch (NotFoundException e) {
            model.addAttribute("previewError", e.getMessage());
        }
    }

    /** A row of the preview; held by quiet hours of a contact whose zone is unknown, it says whose hours those are. */
    private PreviewRow previewRow(Forecast.Entry t, ZoneId zone, boolean zoneUnknown, Map<Long, ContentItem> pieces) {
        String at = t.at() == null ? "–" : when(t.at(), zone);
        String why = t.reason() == Reason.QUIET_HOURS && zoneUnknown
                ? "it is quiet time on some clock the contact may be on (their time zone is unknown)"
                : t.reason() == null ? "" : t.reason().message();
        return new PreviewRow(when(t.due(), zone), at, name(pieces, t.contentId()), Words.channelOf(t.channel()),
                t.outcome().name(), Words.forecast(t.outcome().name(), at) + (why.isEmpty() ? "" : ":"),
                why + (t.reason() == null || t.detail() == null ? "" : ": " + t.detail()));
    }

    private static String taskText(Program program, int step) {
        return step >= 0 && step < program.steps().size() && program.steps().get(step) instanceof Step.Task task
                ? task.text() : "a task";
    }

    private List<String> enrolledEmails(long programId) {
        List<Long> ids = enrollments.list(programId, Enrollment.Status.ACTIVE, null, 50).items().stream()
                .map(Enrollment::contactId).toList();
        return contacts.getAll(ids).values().stream().map(Contact::email).filter(e -> e != null).sorted().toList();
    }

    private List<StepRow> rows(Program program, ProgramFigures figures, Map<Long, ContentItem> pieces) {
        return figures.steps().stream().map(f -> {
            if (program.kind() == ProgramKind.STREAM) {
                return f.step() < 0 ? new StepRow(0, "Unscheduled", "one-off pieces for market events", f)
                        : new StepRow(1, "Cadence", describe(program.cadence()), f);
            }
            if (f.step() == ProgramFigures.REMOVED_STEPS) {
                return new StepRow(0, "Removed steps", "steps an edit removed or changed; their figures stay", f);
            }
            if (f.step() < 0) {
                return new StepRow(0, "Unscheduled", "one-off pieces a trigger sent", f);
            }
            // A final wait holds its contacts one past the last step until it is over.
            if (f.step() == program.steps().size()) {
                return new StepRow(f.step() + 1, "End (after the last wait)", "contacts finish when the wait is over", f);
            }
            // Touches made before edits moved figures with their steps may stand past the last step.
            if (f.step() > program.steps().size()) {
                return new StepRow(f.step() + 1, "Removed step", "a step an edit removed; its figures stay", f);
            }
            Step step = program.steps().get(f.step());
            return new StepRow(f.step() + 1, label(step), says(step, program.steps().size(), pieces), f,
                    step instanceof Step.Branch branch ? branched(f, branch, program.steps().size()) : null);
        }).toList();
    }

    /** Which way the contacts who passed a branch went: its row has no touches to count. */
    private static String branched(ProgramFigures.StepFigures f, Step.Branch branch, int count) {
        long passed = f.wentOn() + f.wentElse();
        String elsewhere = branch.elseStep() >= count ? "to the end" : "to step " + (branch.elseStep() + 1);
        return passed == 0 ? "No contact has passed it yet."
                : (passed == 1 ? "1 contact passed" : passed + " contacts passed") + ": " + f.wentOn()
                        + " went on to step " + (f.step() + 2) + ", " + f.wentElse() + " went " + elsewhere + ".";
    }

    private static String label(Step step) {
        return ProgramForm.STEP_TYPES.get(switch (step) {
            case Step.Send s -> "send";
            case Step.Wait w -> "wait";
            case Step.Branch b -> "branch";
            case Step.Task t -> "task";
            case Step.ReadinessCheck r -> "readiness";
            case Step.SetStage s -> "setStage";
            case Step.AddTag a -> "addTag";
            case Step.SetAttribute s -> "setAttribute";
            case Step.Goal g -> "goal";
        });
    }

    private String says(Step step, int count, Map<Long, ContentItem> pieces) {
        return switch (step) {
            case Step.Send send -> "'" + name(pieces, send.contentId()) + "' by " + (send.channel() == Channel.PHONE
                    ? "a call task" : "email") + droppedIfNotSentWithin(send.staleAfter())
                    + (send.sendEvenIfReceived() ? ", even to contacts who already have it" : "");
            case Step.Wait wait -> wait.duration() != null ? Spans.said(wait.duration())
                    : "until " + day(wait.day()) + " " + wait.at() + " in the contact's zone";
            case Step.Branch branch -> "if " + segments.print(branch.rule()) + ", else go to "
                    + (branch.elseStep() >= count ? "the end" : "step " + (branch.elseStep() + 1));
            case Step.Task task -> task.text();
            case Step.ReadinessCheck check -> "asks with '" + name(pieces, check.contentId()) + "'"
                    + (check.channel() == Channel.PHONE ? " by a call in the owner's day" : " by email")
                    + droppedIfNotSentWithin(check.staleAfter());
            case Step.SetStage set -> rules.labels().getOrDefault(set.stage(), set.stage().name());
            case Step.AddTag add -> add.tag();
            case Step.SetAttribute set -> set.key() + " = " + set.value();
            case Step.Goal goal -> "ends as reached if " + segments.print(goal.rule());
        };
    }

    private static String droppedIfNotSentWithin(Duration staleAfter) {
        return ", dropped if not sent within " + (staleAfter == null ? Spans.said(Touch.DEFAULT_STALE_AFTER) + " (the default)"
                : Spans.said(staleAfter));
    }

    /**
     * A cadence in words. An "every" cadence longer than a day counts from each contact's own first touch
     * ({@code Schedules}), so contacts enrolled on different days are touched on different days: said, lest "every 2
     * weeks" read as one fortnight for the whole stream.
     */
    static String describe(Cadence cadence) {
        return switch (cadence) {
            case Cadence.Every every -> "every " + period(every.period()) + " at " + every.at() + " in the contact's zone"
                    + (every.period().equals(java.time.Period.ofDays(1)) ? "" : ", counted from each contact's first touch");
            case Cadence.Monthly monthly -> (monthly.week() == -1 ? "last" : List.of("first", "second", "third", "fourth")
                    .get(Math.clamp(monthly.week(), 1, 4) - 1)) + " " + day(monthly.day()) + " of the month at "
                    + monthly.at() + " in the contact's zone";
        };
    }

    private static String period(java.time.Period period) {
        ProgramForm.Interval every = ProgramForm.Interval.of(period);
        String unit = every.unit().toLowerCase(Locale.ROOT);
        return every.count() == 1 ? unit.substring(0, unit.length() - 1) : every.count() + " " + unit;
    }


    private static String day(DayOfWeek day) {
        return day.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }

    private static String when(Instant instant, ZoneId zone) {
        return Forecasts.MOMENT.format(instant.atZone(zone));
    }

    private Map<Long, ContentItem> pieces() {
        return library.list(ContentFilter.ALL, null, PIECES).items().stream()
                .collect(Collectors.toMap(ContentItem::id, Function.identity()));
    }

    private String name(Map<Long, ContentItem> pieces, long id) {
        ContentItem item = pieces.containsKey(id) ? pieces.get(id) : library.find(id).orElse(null);
        return item == null ? "piece " + id + " (deleted)" : item.name();
    }
}
