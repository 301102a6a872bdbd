package io.keepwarm.ui;

import io.keepwarm.contact.Channel;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import io.keepwarm.program.Cadence;
import io.keepwarm.program.Program;
import io.keepwarm.program.ProgramKind;
import io.keepwarm.program.Reenrollment;
import io.keepwarm.program.Step;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.RuleSyntaxException;
import io.keepwarm.segment.Segments;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.Period;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The program builder's form as the browser posts it: plain fields a person types, bound by field (see
 * {@link ProgramPages}), turned into the program module's own {@link Program.Draft} and back. Every button of the
 * builder posts the whole form, so nothing typed is lost when a step is added, moved or removed.
 */
final class ProgramForm {

    /**
     * A stream's "every n units" as the builder edits it and the program page says it: whole months, else weeks when
     * the days make whole weeks, else days.
     */
    record Interval(int count, String unit) {

        static Interval of(Period period) {
            if (period.toTotalMonths() > 0 && period.getDays() == 0) {
                return new Interval((int) period.toTotalMonths(), "MONTHS");
            }
            return period.getDays() % 7 == 0 ? new Interval(period.getDays() / 7, "WEEKS")
                    : new Interval(period.getDays(), "DAYS");
        }
    }


    /** The kinds of step, as the builder offers them, with the words it uses. */
    static final Map<String, String> STEP_TYPES = stepTypes();

    public String name = "";
    public String description = "";
    public ProgramKind kind = ProgramKind.SEQUENCE;
    public Integer priority;
    public Long audienceSegmentId;
    public Reenrollment reenrollment = Reenrollment.NEVER;
    public String goal = "";
    public boolean exitOnSegmentLeave;
    public boolean sendAsOwner;
    public List<StepForm> steps = new ArrayList<>();
    /** "every" or "monthly". */
    public String cadenceType = "monthly";
    public Integer everyCount = 4;
    /** DAYS, WEEKS or MONTHS. */
    public String everyUnit = "WEEKS";
    public Integer week = 1;
    public DayOfWeek day = DayOfWeek.TUESDAY;
    public String at = "10:00";
    public List<Long> pool = new ArrayList<>();
    public Long poolAdd;

    /** One step as the builder edits it; only the fields of its type are used. */
    public static final class StepForm {
        public String type = "send";
        public Long contentId;
        public Channel channel = Channel.EMAIL;
        public Integer staleHours;
        public Integer waitDays;
        public Integer waitHours;
        public Integer waitMinutes;
        /** Minutes beyond the whole hours of "drop if not sent within": the API allows any length from an hour to 365 days. */
        public Integer staleMinutes;
        /** A send step's piece goes even to a contact who already has it (a reminder meant to repeat). */
        public boolean sendEvenIfReceived;
        public DayOfWeek waitDay;
        public String waitAt = "";
        public String rule = "";
        /** The step a branch goes to when its rule does not hold, by index; -1 for the end of the sequence. */
        public int elseStep = -1;
        public String text = "";
        public Stage stage;
        public String tag = "";
        public String key = "";
        public String value = "";

        public String label() {
            return STEP_TYPES.getOrDefault(type, type);
        }

        /** "Drop if not sent within", as a send step and a readiness check have it; null when left blank (the default). */
        Duration staleAfter() {
            return staleHours == null && staleMinutes == null ? null
                    : Duration.ofHours(zeroIfNull(staleHours)).plusMinutes(zeroIfNull(staleMinutes));
        }

        void staleAfter(Duration limit) {
            if (limit != null) {
                staleHours = (int) limit.toHours();
                staleMinutes = limit.toMinutesPart() == 0 ? null : limit.toMinutesPart();
            }
        }
    }

    static ProgramForm of(ProgramKind kind) {
        ProgramForm form = new ProgramForm();
        form.kind = kind;
        return form;
    }

    static ProgramForm of(Program program, Segments segments) {
        ProgramForm form = new ProgramForm();
        form.name = program.name();
        form.description = program.description() == null ? "" : program.description();
        form.kind = program.kind();
        form.priority = program.priority();
        form.audienceSegmentId = program.audienceSegmentId();
        form.reenrollment = program.reenrollment();
        form.goal = program.goal() == null ? "" : segments.print(program.goal());
        form.exitOnSegmentLeave = program.exitOnSegmentLeave();
        form.sendAsOwner = program.sendAsOwner();
        for (Step step : program.steps()) {
            form.steps.add(stepForm(step, program.steps().size(), segments));
        }
        switch (program.cadence()) {
            case null -> { }
            case Cadence.Every every -> {
                form.cadenceType = "every";
                Interval interval = Interval.of(every.period());
                form.everyCount = interval.count();
                form.everyUnit = interval.unit();
                form.at = every.at().toString();
            }
            case Cadence.Monthly monthly -> {
                form.cadenceType = "monthly";
                form.week = monthly.week();
                form.day = monthly.day();
                form.at = monthly.at().toString();
            }
        }
        form.pool = new ArrayList<>(program.pool());
        return form;
    }

    private static StepForm stepForm(Step step, int count, Segments segments) {
        StepForm f = new StepForm();
        switch (step) {
            case Step.Send send -> {
                f.type = "send";
                f.contentId = send.contentId();
                f.channel = send.channel();
                f.sendEvenIfReceived = send.sendEvenIfReceived();
                f.staleAfter(send.staleAfter());
            }
            case Step.Wait wait -> {
                f.type = "wait";
                if (wait.duration() != null) {
                    f.waitDays = (int) wait.duration().toDays();
                    f.waitHours = wait.duration().toHoursPart();
                    f.waitMinutes = wait.duration().toMinutesPart();
                }
                f.waitDay = wait.day();
                f.waitAt = wait.at() == null ? "" : wait.at().toString();
            }
            case Step.Branch branch -> {
                f.type = "branch";
                f.rule = segments.print(branch.rule());
                f.elseStep = branch.elseStep() >= count ? -1 : branch.elseStep();
            }
            case Step.Task task -> {
                f.type = "task";
                f.text = task.text();
            }
            case Step.ReadinessCheck check -> {
                f.type = "readiness";
                f.contentId = check.contentId();
                f.channel = check.channel();
                f.staleAfter(check.staleAfter());
            }
            case Step.SetStage set -> {
                f.type = "setStage";
                f.stage = set.stage();
            }
            case Step.AddTag add -> {
                f.type = "addTag";
                f.tag = add.tag();
            }
            case Step.SetAttribute set -> {
                f.type = "setAttribute";
                f.key = set.key();
                f.value = set.value();
            }
            case Step.Goal goal -> {
                f.type = "goal";
                f.rule = segments.print(goal.rule());
            }
        }
        return f;
    }

    /**
     * The draft this form describes, when it has no mistake. Otherwise null, and {@code errors} holds every mistake at
     * once under the builder's field names: what the program module cannot be given at all (a rule that does not
     * parse, a time that is not a time), and what the module's own {@code checks} find in all the rest.
     *
     * @param errors the mistakes found before (values the form could not take), which stand: a draft comes only
     *     without any
     */
    Program.Draft draft(Segments segments, Function<Program.Draft, List<FieldError>> checks, Map<String, String> errors) {
        Program.Draft read = read(segments, errors);
        if (read != null) {
            withChecks(errors, checks.apply(read), segments);
        }
        return errors.isEmpty() ? read : null;
    }

    /**
     * The draft as far as the form can be read: a part it cannot read is put in {@code errors} and left out, so that the
     * module can still check the rest. Null only for a step of a kind the builder does not have (a hand-made post),
     * without which the steps after it would not be where the page shows them.
     */
    private Program.Draft read(Segments segments, Map<String, String> errors) {
        Rule goalRule = rule(goal, "goal", segments, errors);
        List<Step> built = new ArrayList<>();
        if (kind == ProgramKind.SEQUENCE) {
            for (int i = 0; i < steps.size(); i++) {
                built.add(step(steps.get(i), "steps[" + i + "]", segments, errors));
            }
        }
        Cadence cadence = kind == ProgramKind.STREAM ? cadence(errors) : null;
        if (built.contains(null)) {
            return null;
        }
        return new Program.Draft(name, description == null || description.isBlank() ? null : description, kind, priority,
                audienceSegmentId, reenrollment, goalRule, exitOnSegmentLeave, built, cadence,
                kind == ProgramKind.STREAM ? pool : List.of(), sendAsOwner);
    }

    /**
     * Adds the program module's mistakes ({@link io.keepwarm.program.Programs#problems}) to the form's own, each at the
     * builder's field, and puts them all in the page's order. The module's word on a part the form could not read is
     * left out: the form left that part out of the draft (a goal that does not parse, a time that is not one), and "is
     * required" or the API's JSON for it would only repeat the form's own word less well. A mistake inside a rule is said
     * at its line and column in the rule's box, as the segment editor says it.
     */
    void withChecks(Map<String, String> errors, List<FieldError> checks, Segments segments) {
        Map<String, String> own = Map.copyOf(errors);
        for (FieldError check : checks) {
            Matcher rule = RULE_PART.matcher(check.field());
            String field = rule.matches() ? rule.group(1) : check.field().replaceFirst("^pool\\[\\d+]$", "pool");
            String message = rule.matches() ? inRule(field, check, segments) : inBuilderWords(field, check.message());
            if (!readByTheForm(field, own)) {
                errors.merge(field, message, (a, b) -> a + "; " + b);
            }
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        errors.keySet().stream().sorted(Comparator.comparingInt(ProgramForm::placeOnPage))
                .forEach(field -> ordered.put(field, errors.get(field)));
        errors.clear();
        errors.putAll(ordered);
    }

    /**
     * A mistake the module found inside the rule of a box (the goal, a step's rule), which it names by the rule's path
     * from the box (goal.and[1].field), at its line and column in the text typed there.
     */
    private String inRule(String box, FieldError check, Segments segments) {
        String path = "rule" + check.field().substring(box.length());
        InvalidInputException refused = new InvalidInputException("The segment rule is not valid: " + check.message(),
                List.of(new FieldError(path, check.message())));
        return segments.located(ruleText(box), refused).getMessage();
    }

    /** The text of the rule box a field names (the goal, a branch's or goal step's rule), or null for another field. */
    String ruleText(String field) {
        if (field.equals("goal")) {
            return goal;
        }
        Matcher step = STEP_FIELD.matcher(field);
        if (step.matches() && "rule".equals(step.group(2)) && Integer.parseInt(step.group(1)) < steps.size()) {
            return steps.get(Integer.parseInt(step.group(1))).rule;
        }
        return null;
    }

    /**
     * The module's message, or where it speaks the API's JSON ("duration": "P7D", PT1H, audienceSegmentId), what the
     * builder asks for in its place: the rule is the module's, only the words are the page's.
     */
    private String inBuilderWords(String field, String message) {
        Matcher step = STEP_FIELD.matcher(field);
        if (step.matches() && step.group(2) == null && Integer.parseInt(step.group(1)) < steps.size()
                && steps.get(Integer.parseInt(step.group(1))).type.equals("wait")) {
            return "Give how long to wait (days, hours or minutes), or a weekday and time to wait until: one of the two";
        }
        if (field.endsWith(".staleAfter")) {
            return "must be from an hour to 8760 hours (365 days)";
        }
        return field.equals("exitOnSegmentLeave") ? "needs a segment to enroll from: choose one, or untick it" : message;
    }

    private static boolean readByTheForm(String field, Map<String, String> own) {
        return own.containsKey(field) || own.keySet().stream().anyMatch(f -> f.startsWith(field + "."))
                || (field.equals("cadence") && (own.containsKey("at") || own.containsKey("everyCount")));
    }

    /** Where a field stands on the builder, top to bottom, so the summary reads in the order the page does. */
    private static int placeOnPage(String field) {
        Matcher step = STEP_FIELD.matcher(field);
        if (step.matches()) {
            return PAGE_ORDER.size() + Integer.parseInt(step.group(1));
        }
        int place = PAGE_ORDER.indexOf(field);
        return place < 0 ? PAGE_ORDER.indexOf("steps") : place;
    }

    private Step step(StepForm f, String path, Segments segments, Map<String, String> errors) {
        return switch (f.type) {
            case "send" -> new Step.Send(f.contentId == null ? 0 : f.contentId, f.channel, f.staleAfter(),
                    f.sendEvenIfReceived);
            case "wait" -> {
                Duration wait = Duration.ofDays(zeroIfNull(f.waitDays)).plusHours(zeroIfNull(f.waitHours))
                        .plusMinutes(zeroIfNull(f.waitMinutes));
                if (zeroIfNull(f.waitDays) < 0 || zeroIfNull(f.waitHours) < 0 || zeroIfNull(f.waitMinutes) < 0) {
                    errors.put(path + ".waitDays", "a wait is days, hours and minutes of 0 or more");
                }
                yield new Step.Wait(wait.isPositive() ? wait : null, f.waitDay,
                        time(f.waitAt, path + ".waitAt", f.waitDay != null, errors));
            }
            case "branch" -> new Step.Branch(rule(f.rule, path + ".rule", segments, errors),
                    f.elseStep < 0 ? steps.size() : f.elseStep);
            // A browser sends a text area's line breaks as CRLF; the step keeps them as written (LF), so a save with
            // no change is no change.
            case "task" -> new Step.Task(f.text == null ? null : f.text.replace("\r\n", "\n"));
            case "readiness" -> new Step.ReadinessCheck(f.contentId == null ? 0 : f.contentId, f.channel,
                    f.staleAfter());
            case "setStage" -> new Step.SetStage(f.stage);
            case "addTag" -> new Step.AddTag(f.tag);
            case "setAttribute" -> new Step.SetAttribute(f.key, f.value);
            case "goal" -> new Step.Goal(rule(f.rule, path + ".rule", segments, errors));
            default -> {
                errors.put(path, "is not a kind of step this builder knows");
                yield null;
            }
        };
    }

    private Cadence cadence(Map<String, String> errors) {
        LocalTime time = time(at, "at", true, errors);
        if ("every".equals(cadenceType)) {
            if (everyCount == null || everyCount < 1) {
                errors.put("everyCount", "must be 1 or more");
                return null;
            }
            Period period = switch (everyUnit) {
                case "DAYS" -> Period.ofDays(everyCount);
                case "MONTHS" -> Period.ofMonths(everyCount);
                default -> Period.ofWeeks(everyCount);
            };
            return new Cadence.Every(period, time);
        }
        return new Cadence.Monthly(week == null ? 0 : week, day, time);
    }

    private static Rule rule(String text, String field, Segments segments, Map<String, String> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return segments.parse(text);
        } catch (RuleSyntaxException e) {
            errors.put(field, RuleProblem.of(e, text).message());
            return null;
        }
    }

    private static LocalTime time(String text, String field, boolean required, Map<String, String> errors) {
        if (text == null || text.isBlank()) {
            if (required) {
                errors.put(field, "is required, a time of day such as 10:00");
            }
            return null;
        }
        try {
            return LocalTime.parse(text.strip());
        } catch (DateTimeException e) {
            errors.put(field, "'" + text + "' is not a time of day such as 10:00");
            return null;
        }
    }

    /**
     * Applies one of the builder's buttons: add a step of a type, move a step or a pool piece up or down, remove
     * one. Branches keep pointing at the same steps when steps move.
     */
    void apply(String action) {
        String[] parts = action.split(":", 2);
        String verb = parts[0];
        String arg = parts.length > 1 ? parts[1] : "";
        switch (verb) {
            case "add" -> {
                StepForm step = new StepForm();
                step.type = STEP_TYPES.containsKey(arg) ? arg : "send";
                steps.add(step);
            }
            case "up" -> swap(index(arg) - 1);
            case "down" -> swap(index(arg));
            case "remove" -> {
                int i = index(arg);
                if (i >= 0 && i < steps.size()) {
                    steps.remove(i);
                    for (StepForm s : steps) {
                        if (s.elseStep == i) {
                            s.elseStep = -1;
                        } else if (s.elseStep > i) {
                            s.elseStep--;
                        }
                    }
                }
            }
            case "pool-add" -> {
                if (poolAdd != null && !pool.contains(poolAdd)) {
                    pool.add(poolAdd);
                }
                poolAdd = null;
            }
            case "pool-up" -> swapPool(index(arg) - 1);
            case "pool-down" -> swapPool(index(arg));
            case "pool-remove" -> {
                int i = index(arg);
                if (i >= 0 && i < pool.size()) {
                    pool.remove(i);
                }
            }
            // A button the builder does not have (a hand-made post) changes nothing.
            default -> { }
        }
    }

    /** A step's or piece's place from a button; one that names none (-1) is out of range and changes nothing. */
    private static int index(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Moves step i below the next, and keeps each branch's "otherwise" on the step it named. */
    private void swap(int i) {
        if (i < 0 || i + 1 >= steps.size()) {
            return;
        }
        Collections.swap(steps, i, i + 1);
        for (StepForm s : steps) {
            if (s.elseStep == i) {
                s.elseStep = i + 1;
            } else if (s.elseStep == i + 1) {
                s.elseStep = i;
            }
        }
    }

    private void swapPool(int i) {
        if (i >= 0 && i + 1 < pool.size()) {
            Collections.swap(pool, i, i + 1);
        }
    }

    private static Map<String, String> stepTypes() {
        Map<String, String> types = new LinkedHashMap<>();
        types.put("send", "Send content");
        types.put("wait", "Wait");
        types.put("branch", "Branch on a rule");
        types.put("task", "Task for the owner");
        types.put("readiness", "Readiness check");
        types.put("setStage", "Set stage");
        types.put("addTag", "Add tag");
        types.put("setAttribute", "Set attribute");
        types.put("goal", "Goal");
        return Collections.unmodifiableMap(types);
    }

    private static final Pattern STEP_FIELD = Pattern.compile("steps\\[(\\d+)](?:\\.(\\w+))?");

    /** A mistake inside a rule, as the program module names it: the rule's box, then the part within. */
    private static final Pattern RULE_PART = Pattern.compile("(goal|steps\\[\\d+]\\.rule)\\..+");

    /** A message that goes on from the field's name, as a sentence's verb does. */
    private static final Pattern PREDICATE = Pattern.compile("(is|are|must|needs|names|has|waits)\\b");

    /** The program's own fields in the order the builder shows them; the steps come last. */
    private static final List<String> PAGE_ORDER = List.of("name", "description", "priority", "reenrollment",
            "audienceSegmentId", "exitOnSegmentLeave", "goal", "cadence", "everyCount", "at", "pool", "steps");

    /** A step's kind as the refusal's summary names it: "Step 3 (branch)". */
    private static final Map<String, String> STEP_WORDS = Map.of("send", "send", "wait", "wait", "branch", "branch",
            "task", "task", "readiness", "readiness check", "setStage", "set stage", "addTag", "add tag",
            "setAttribute", "set attribute", "goal", "goal");

    /** A part of a step as its fields are labelled. */
    private static final Map<String, String> STEP_PARTS = Map.of("contentId", "the content", "channel", "the channel",
            "staleAfter", "\"drop if not sent within\"", "waitAt", "the time", "rule", "the rule",
            "elseStep", "where it goes otherwise", "text", "the task", "stage", "the stage", "tag", "the tag",
            "key", "the attribute");

    /** The ids of the builder's fields, for the summary's links to them: the program's own, then a step's parts. */
    private static final Map<String, String> FIELD_IDS = Map.ofEntries(Map.entry("name", "p-name"),
            Map.entry("description", "p-description"), Map.entry("priority", "p-priority"),
            Map.entry("reenrollment", "p-reenrollment"), Map.entry("audienceSegmentId", "p-audience"),
            Map.entry("exitOnSegmentLeave", "p-exit"), Map.entry("goal", "p-goal"), Map.entry("cadence", "cadence"),
            Map.entry("everyCount", "c-count"), Map.entry("at", "c-at"), Map.entry("pool", "pool-add"),
            Map.entry("steps", "steps"));
    private static final Map<String, String> STEP_FIELD_IDS = Map.of("contentId", "content", "channel", "channel",
            "staleAfter", "stale", "waitDays", "days", "waitAt", "at", "rule", "rule", "elseStep", "else", "text", "text",
            "stage", "stage", "tag", "tag");

    /**
     * The id of the field a refusal is about, which the summary above the form links to: a wait's "how long" its days,
     * another step's own mistake its card; null for a field the builder has no box for.
     */
    String fieldId(String field) {
        Matcher step = STEP_FIELD.matcher(field);
        if (!step.matches()) {
            return FIELD_IDS.get(field);
        }
        int index = Integer.parseInt(step.group(1));
        if (step.group(2) == null || !STEP_FIELD_IDS.containsKey(step.group(2))) {
            boolean waits = index < steps.size() && steps.get(index).type.equals("wait");
            return waits ? "s" + index + "-days" : "step-" + index;
        }
        return "s" + index + "-" + STEP_FIELD_IDS.get(step.group(2));
    }

    /**
     * Where a step's button (added, moved, removed) leaves the builder, which the page draws again from the top: the
     * step it changed, to take the focus, and what it did in words, for the status region. step is -1 when none is left
     * to land on.
     */
    record Landed(int step, String said) {
    }

    /** Where the action just applied left the steps; null for an action on anything else (the pool). */
    Landed landed(String action) {
        String[] parts = action.split(":", 2);
        int i = parts.length > 1 ? index(parts[1]) : -1;
        return switch (parts[0]) {
            case "add" -> new Landed(steps.size() - 1,
                    "Step " + steps.size() + " added: " + steps.getLast().label() + ".");
            case "up" -> i > 0 && i < steps.size()
                    ? new Landed(i - 1, "Step " + (i + 1) + " moved up: it is now step " + i + ".") : null;
            case "down" -> i >= 0 && i < steps.size() - 1
                    ? new Landed(i + 1, "Step " + (i + 1) + " moved down: it is now step " + (i + 2) + ".") : null;
            case "remove" -> i < 0 ? null : steps.isEmpty() ? new Landed(-1, "Step " + (i + 1) + " removed: no step is left.")
                    : new Landed(Math.min(i, steps.size() - 1), "Step " + (i + 1) + " removed: " + steps.size()
                            + (steps.size() == 1 ? " step is" : " steps are") + " left.");
            default -> null;
        };
    }

    /**
     * Where a pool's button (added, moved, removed) leaves the stream builder, which the page draws again from the top:
     * the place in the pool of the piece it changed (after a removal, the piece now in its place, else the one before;
     * -1 when the pool is empty), to take the focus, and what it did in words, for the status region.
     */
    record PoolLanded(int item, String said) {
    }

    /**
     * Where the pool action just applied left the pool, which was {@code before} it; null for an action on anything
     * else, or one that changed nothing (adding with no piece chosen, moving the first piece up).
     */
    PoolLanded poolLanded(String action, List<Long> before, java.util.function.Function<Long, String> name) {
        String[] parts = action.split(":", 2);
        int i = parts.length > 1 ? index(parts[1]) : -1;
        int size = pool.size();
        return switch (parts[0]) {
            case "pool-add" -> size > before.size()
                    ? new PoolLanded(size - 1, name.apply(pool.getLast()) + " added to the pool: piece " + size + " of "
                            + size + ".") : null;
            case "pool-up" -> i > 0 && i < size
                    ? new PoolLanded(i - 1, name.apply(pool.get(i - 1)) + " moved up: it is now piece " + i + " of "
                            + size + ".") : null;
            case "pool-down" -> i >= 0 && i < size - 1
                    ? new PoolLanded(i + 1, name.apply(pool.get(i + 1)) + " moved down: it is now piece " + (i + 2)
                            + " of " + size + ".") : null;
            case "pool-remove" -> i < 0 || i >= before.size() ? null : size == 0
                    ? new PoolLanded(-1, name.apply(before.get(i)) + " removed from the pool: no piece is left.")
                    : new PoolLanded(Math.min(i, size - 1), name.apply(before.get(i)) + " removed from the pool: "
                            + size + (size == 1 ? " piece is" : " pieces are") + " left.");
            default -> null;
        };
    }

    /** The program's own fields as the builder labels them. */
    private static final Map<String, String> FIELDS = Map.of("name", "Name", "priority", "Priority",
            "audienceSegmentId", "Audience", "goal", "Goal", "exitOnSegmentLeave", "Leaving the segment",
            "cadence", "Cadence", "everyCount", "Every", "at", "At", "pool", "Content pool", "steps", "Steps");

    /**
     * One refusal as the summary above the form says it, by the builder's labels: a step is counted from 1 and named
     * by its kind, as the page shows it ("Step 3 (branch): the rule is not valid: …"), not by the API's steps[2].rule.
     */
    String said(String field, String message) {
        Matcher step = STEP_FIELD.matcher(field);
        String where;
        String part = null;
        if (step.matches()) {
            int index = Integer.parseInt(step.group(1));
            String type = index < steps.size() ? steps.get(index).type : null;
            where = "Step " + (index + 1) + (type == null ? "" : " (" + STEP_WORDS.getOrDefault(type, type) + ")");
            part = step.group(2) == null ? null : STEP_PARTS.getOrDefault(step.group(2), step.group(2));
        } else {
            where = FIELDS.getOrDefault(field, field);
        }
        String words = Words.message(message).replaceFirst("^The segment rule ", "The rule ");
        if (!words.isEmpty() && Character.isUpperCase(words.charAt(0))) {
            return where + ": " + Character.toLowerCase(words.charAt(0)) + words.substring(1);
        }
        // "Name is required", but "At: 'ten' is not a time of day" and "Content pool: a stream needs …".
        String joined = PREDICATE.matcher(words).lookingAt() ? " " : ": ";
        return part == null ? where + joined + words : where + ": " + part + joined + words;
    }

    private static long zeroIfNull(Integer value) {
        return value == null ? 0 : value;
    }
}
