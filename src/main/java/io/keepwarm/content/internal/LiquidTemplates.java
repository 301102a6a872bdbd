package io.keepwarm.content.internal;

import io.keepwarm.platform.InvalidInputException.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liqp.Template;
import liqp.TemplateParser;
import liqp.exceptions.LiquidException;
import liqp.org.antlr.v4.runtime.ParserRuleContext;
import liqp.org.antlr.v4.runtime.tree.ParseTree;
import liquid.parser.v4.LiquidParser;
import org.springframework.stereotype.Component;

/**
 * Liquid templates (liqp): checked when a piece is saved, rendered for each contact. Parsed templates are kept in a
 * small cache per thread, since the engine renders the same few pieces for many contacts.
 */
@Component
public class LiquidTemplates {

    /**
     * What a template may use besides the variables themselves, as the check found it: the account's custom
     * attributes, and whether it is a task's text (no piece or links go with it, and a missing value says so to the rep
     * instead of taking an author's default).
     */
    public record Facts(boolean hasLandingUrl, boolean hasOffer, Set<String> fallbacks,
            io.keepwarm.content.CustomAttributes custom, boolean task, boolean call) {

        public Facts(boolean hasLandingUrl, boolean hasOffer, Set<String> fallbacks) {
            this(hasLandingUrl, hasOffer, fallbacks, io.keepwarm.content.CustomAttributes.NONE, false, false);
        }

        public Facts(boolean hasLandingUrl, boolean hasOffer, Set<String> fallbacks,
                io.keepwarm.content.CustomAttributes custom, boolean task) {
            this(hasLandingUrl, hasOffer, fallbacks, custom, task, false);
        }

        /** A task's text: its variables are the contact's, their company's and owner's. */
        public static Facts task(io.keepwarm.content.CustomAttributes custom) {
            return new Facts(false, false, Set.of(), custom, true);
        }

        /** The same facts for a call script, which may also name the rep who makes the call ({@code caller.*}). */
        public Facts forCall() {
            return new Facts(hasLandingUrl, hasOffer, fallbacks, custom, task, true);
        }

        List<String> variables() {
            return task ? TemplateVariables.taskPaths(custom) : call ? TemplateVariables.paths(custom)
                    : TemplateVariables.paths(custom).stream().filter(p -> !TemplateVariables.callers(p)).toList();
        }
    }

    private static final int CACHED = 100;

    /** Liquid's own filters, as liqp names them, less the date filter Keepwarm cannot run. */
    private static final Set<String> FILTERS = new TemplateParser.Builder().build().filters.getMap().keySet().stream()
            .filter(name -> !name.equals("date")).collect(java.util.stream.Collectors.toUnmodifiableSet());

    private final HtmlValues htmlValues = new HtmlValues();
    private final RenderBudget budget = new RenderBudget(htmlValues);
    private final TemplateParser parser = parser(budget);
    private final LiquidSyntax syntax = new LiquidSyntax(this::parses);

    // liqp's Template keeps the context of the render in progress in a field, so two threads rendering one Template
    // at once can swap contacts (one contact's name in another's email). Each thread parses and keeps its own.
    private final ThreadLocal<Map<String, Template>> cache = ThreadLocal.withInitial(() -> new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Template> eldest) {
            return size() > CACHED;
        }
    });

    private static TemplateParser parser(RenderBudget budget) {
        TemplateParser.Builder builder = new TemplateParser.Builder()
                .withMaxIterations(10_000)
                .withMaxSizeRenderedString(RenderBudget.MAX_CHARACTERS)
                .withMaxTemplateSizeBytes(600_000)
                .withRenderTransformer(budget.transformer());
        // Liquid's own filters, each under its own name, replaced by the same filter held to the budget.
        new TemplateParser.Builder().build().filters.values().forEach(filter -> builder.withFilter(budget.guarded(filter)));
        return builder.build();
    }

    /** Every mistake in one template, each naming {@code field}: syntax, unknown variables, missing fallbacks. */
    public List<FieldError> check(String field, String source, Facts facts) {
        Template template;
        try {
            template = parser.parse(source);
        } catch (LiquidException e) {
            return List.of(new FieldError(field, "is not valid Liquid: " + syntax.mistake(source, e.line,
                    e.charPositionInLine + 1)));
        } catch (RuntimeException e) {
            return List.of(new FieldError(field, "is not valid Liquid: " + e.getMessage()));
        }
        Found found = found(template, source, field);
        List<FieldError> errors = new ArrayList<>(found.errors());
        for (Use use : found.uses()) {
            checkVariable(source, use, found.locals(), facts, field, errors);
        }
        if (errors.isEmpty()) {
            tryOut(field, readingRealValues(source, template, found), facts, errors);
        }
        return errors;
    }

    private boolean parses(String source) {
        try {
            parser.parse(source);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public String render(String source, Map<String, Object> context) {
        return render(source, context, false);
    }

    /** The template rendered; for an HTML body ({@code html}), the context's text escaped where it is output. */
    public String render(String source, Map<String, Object> context, boolean html) {
        List<String> parts = renderParts(source, context, html);
        try {
            return parts == null ? whole(template(source), context, html) : String.join("", parts);
        } catch (LinkageError e) {
            // A filter whose library Keepwarm does not ship (date), in a piece saved before the check refused it: this
            // piece cannot be rendered, which must fail its own touch, not the engine's whole batch.
            throw new IllegalStateException("the template uses a filter Keepwarm does not offer", e);
        }
    }

    /**
     * A template of text and outputs only, rendered in its parts: its text as it is and each output's value,
     * alternating (text, value, text, …); null for a template with tags, which liqp renders whole.
     */
    public List<String> renderParts(String source, Map<String, Object> context, boolean html) {
        Split split = splits.get().computeIfAbsent(source, LiquidTemplates::split);
        if (split == WHOLE) {
            return null;
        }
        // Text between outputs comes out as it is: only the outputs need liqp, which walks a template's whole parse
        // tree on every render (half a millisecond for a 14 KB newsletter with two names in it). An output that only
        // names a variable holding text is that text, as liqp would print it, without liqp.
        budget.start();
        htmlValues.start(html);
        Map<String, Object> read = html ? htmlValues.marking(context) : context;
        List<String> pieces = split.pieces();
        List<String> parts = new ArrayList<>(pieces.size());
        long length = 0;
        for (int i = 0; i < pieces.size(); i++) {
            String part;
            if (i % 2 == 0) {
                part = pieces.get(i);
            } else {
                String output = pieces.get(i);
                String value = text(split.lookups()[i / 2], context);
                part = value == null ? unwrapped(() -> template(output).render(read))
                        : html ? HtmlValues.escape(value) : value;
                budget.spend(part.length());
            }
            length += part.length();
            RenderBudget.checkLength(length);
            parts.add(part);
        }
        return parts;
    }

    /** A template rendered whole, held to the budget. */
    private String whole(Template template, Map<String, Object> context, boolean html) {
        budget.start();
        htmlValues.start(html);
        return unwrapped(() -> template.render(html ? htmlValues.marking(context) : context));
    }

    /** The render, or the budget's refusal itself where liqp wrapped it in an error of its own. */
    private static String unwrapped(java.util.function.Supplier<String> render) {
        try {
            return render.get();
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof RenderTooLargeException tooLarge) {
                    throw tooLarge;
                }
            }
            throw e;
        }
    }

    /**
     * A template split into text and outputs, and for each output that only names a variable ({@code {{ a.b }}}),
     * its two names.
     */
    private record Split(List<String> pieces, String[][] lookups) {}

    /** Marks a template that liqp renders whole (a map cannot hold null). */
    private static final Split WHOLE = new Split(List.of(), new String[0][]);

    private static final Pattern LOOKUP = Pattern.compile("\\{\\{\\s*([A-Za-z_][\\w-]*)\\.([A-Za-z_][\\w-]*)\\s*}}");

    private final ThreadLocal<Map<String, Split>> splits = ThreadLocal.withInitial(() -> new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Split> eldest) {
            return size() > CACHED;
        }
    });

    private static Split split(String source) {
        List<String> pieces = outputsOnly(source);
        if (pieces == null) {
            return WHOLE;
        }
        String[][] lookups = new String[pieces.size() / 2][];
        for (int i = 1; i < pieces.size(); i += 2) {
            Matcher m = LOOKUP.matcher(pieces.get(i));
            lookups[i / 2] = m.matches() ? new String[] {m.group(1), m.group(2)} : null;
        }
        return new Split(pieces, lookups);
    }

    /** The text a plain lookup names in the context; null when it is not a lookup or names no text. */
    private static String text(String[] lookup, Map<String, Object> context) {
        return lookup != null && context.get(lookup[0]) instanceof Map<?, ?> group && group.get(lookup[1]) instanceof String value
                ? value : null;
    }

    private Template template(String source) {
        return cache.get().computeIfAbsent(source, this::parse);
    }

    private Template parse(String source) {
        Template template = parser.parse(source);
        return readingRealValues(source, template, found(template, source, ""));
    }

    /**
     * The template as it is rendered: where it tests a contact, company or owner variable (if, elsif, unless, case,
     * when), and where an output gives its own {@code default}, it reads the real value, nil when missing or blank,
     * from {@link TemplateVariables#REAL}, not the author's fallback, which is for showing. So {@code {% else %}} is
     * reached for a contact without a first name, and {@code == blank} and {@code == empty}, which liqp never finds
     * true of nil, are rewritten to {@code == nil}, as is {@code {% when blank %}} (or {@code empty}) in a case on such
     * a variable. A template without such a test is the one given.
     */
    private Template readingRealValues(String source, Template template, Found found) {
        List<Edit> edits = new ArrayList<>();
        for (Use use : found.uses()) {
            if (personal(use.lookup(), found.locals()) && (use.scope().condition() || defaulted(use.lookup()))) {
                int at = use.lookup().getStart().getStartIndex();
                edits.add(new Edit(at, at, TemplateVariables.REAL + "."));
            }
        }
        for (LiquidParser.Expr_eqContext comparison : found.comparisons()) {
            for (var side : List.of(List.of(comparison.lhs, comparison.rhs), List.of(comparison.rhs, comparison.lhs))) {
                if (lookup(side.get(0)) instanceof LiquidParser.Lookup_id_indexesContext lookup
                        && personal(lookup, found.locals()) && emptiness(side.get(1))) {
                    edits.add(nil(side.get(1)));
                }
            }
        }
        for (LiquidParser.Case_tagContext choice : found.cases()) {
            if (lookup(choice.expr()) instanceof LiquidParser.Lookup_id_indexesContext lookup && personal(lookup, found.locals())) {
                choice.when_tag().stream().flatMap(when -> when.term().stream()).filter(LiquidTemplates::emptiness)
                        .forEach(term -> edits.add(nil(term)));
            }
        }
        if (edits.isEmpty()) {
            return template;
        }
        // The parser counts code points; the source is indexed in UTF-16 units, two for an emoji.
        boolean wide = source.length() != source.codePointCount(0, source.length());
        StringBuilder real = new StringBuilder(source);
        edits.sort(java.util.Comparator.comparingInt(Edit::start).reversed());
        for (Edit edit : edits) {
            real.replace(wide ? source.offsetByCodePoints(0, edit.start()) : edit.start(),
                    wide ? source.offsetByCodePoints(0, edit.end()) : edit.end(), edit.text());
        }
        return parser.parse(real.toString());
    }

    /** The text from {@code start} to {@code end} (in code points) replaced by {@code text}. */
    private record Edit(int start, int end, String text) {}

    /** Liquid's {@code blank} or {@code empty} replaced by {@code nil}. */
    private static Edit nil(ParserRuleContext emptiness) {
        return new Edit(emptiness.getStart().getStartIndex(), emptiness.getStop().getStopIndex() + 1, "nil");
    }

    private static final Pattern OUTPUT = Pattern.compile("\\{\\{.*?}}", Pattern.DOTALL);

    /**
     * A template made only of text and {@code {{ ... }}} outputs, split into text, output, text, ...; null when it
     * has tags or whitespace control, whose meaning reaches beyond the output itself.
     */
    static List<String> outputsOnly(String source) {
        if (source.contains("{%") || source.contains("{{-") || source.contains("-}}")) {
            return null;
        }
        List<String> pieces = new ArrayList<>();
        Matcher m = OUTPUT.matcher(source);
        int at = 0;
        while (m.find()) {
            pieces.add(source.substring(at, m.start()));
            pieces.add(m.group());
            at = m.end();
        }
        pieces.add(source.substring(at));
        for (int i = 0; i < pieces.size(); i++) {
            String piece = pieces.get(i);
            // Text with a stray "{{", or an output whose string literal held "}}" (its quotes do not pair up).
            if (i % 2 == 0 ? piece.contains("{{") : odd(piece, '"') || odd(piece, '\'')) {
                return null;
            }
        }
        return pieces;
    }

    private static boolean odd(String s, char quote) {
        return s.chars().filter(c -> c == quote).count() % 2 == 1;
    }

    /**
     * Where a lookup stands: in a tag's condition ({@code condition}), or in a branch that is only taken when the
     * {@code guarded} variables have a value.
     */
    private record Scope(boolean condition, Set<String> guarded) {}

    /** A variable a template names, and where. */
    private record Use(LiquidParser.Lookup_id_indexesContext lookup, Scope scope) {}

    /**
     * What a walk through a template found: the names it gives values itself (assign, for, capture), the variables
     * it names, the comparisons in its conditions, its case tags, and the tags and filters Keepwarm does not offer.
     */
    private record Found(Set<String> locals, List<Use> uses, List<LiquidParser.Expr_eqContext> comparisons,
            List<LiquidParser.Case_tagContext> cases, List<FieldError> errors) {}

    private static Found found(Template template, String source, String field) {
        Found found = new Found(new HashSet<>(Set.of("forloop", "tablerowloop")), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>(), new ArrayList<>());
        walk(template.getParseTree(), new Scope(false, Set.of()), source, field, found);
        return found;
    }

    private static void walk(ParseTree node, Scope scope, String source, String field, Found found) {
        Set<String> locals = found.locals();
        List<FieldError> errors = found.errors();
        switch (node) {
            case LiquidParser.Lookup_id_indexesContext lookup -> found.uses().add(new Use(lookup, scope));
            case LiquidParser.Expr_eqContext comparison when scope.condition() -> found.comparisons().add(comparison);
            case LiquidParser.Case_tagContext choice -> found.cases().add(choice);
            case LiquidParser.AssignmentContext assign -> locals.add(assign.id().getText());
            case LiquidParser.For_arrayContext loop -> locals.add(loop.id().getText());
            case LiquidParser.For_rangeContext loop -> locals.add(loop.id().getText());
            case LiquidParser.Capture_tag_IdContext capture -> locals.add(capture.id().getText());
            case LiquidParser.Table_tagContext table -> locals.add(table.id().getText());
            case LiquidParser.Include_tagContext include -> errors.add(new FieldError(field,
                    "includes are not available; write the text into the piece" + at(source, include)));
            case LiquidParser.Include_relative_tagContext include -> errors.add(new FieldError(field,
                    "includes are not available; write the text into the piece" + at(source, include)));
            // Found here, not by the sample render, which does not reach every branch of a template.
            case LiquidParser.FilterContext filter when filter.Id() != null && filter.Id().getText().equals("date") ->
                    errors.add(new FieldError(field, "the date filter is not available; write the date into the piece"
                            + at(source, filter)));
            case LiquidParser.FilterContext filter when filter.Id() != null && !FILTERS.contains(filter.Id().getText()) ->
                    errors.add(new FieldError(field, "unknown filter '" + filter.Id().getText() + "'"
                            + LiquidSyntax.suggested(filter.Id().getText(), FILTERS, "filters", FILTERS)
                            + at(source, filter)));
            // liqp reads a counter without a name, and fails only when it renders.
            case LiquidParser.Simple_tagContext counter when counter.other_tag_parameters() == null
                    || counter.other_tag_parameters().getText().isBlank() -> {
                String name = counter.SimpleTagId().getText();
                if (name.equals("increment") || name.equals("decrement")) {
                    errors.add(new FieldError(field, "'{% " + name + " %}' needs a counter's name, as in {% " + name
                            + " counter %}" + at(source, counter)));
                }
            }
            default -> { }
        }
        boolean tests = node instanceof LiquidParser.If_tagContext || node instanceof LiquidParser.Elsif_tagContext
                || node instanceof LiquidParser.Unless_tagContext || node instanceof LiquidParser.Case_tagContext
                || node instanceof LiquidParser.When_tagContext;
        for (int i = 0; i < node.getChildCount(); i++) {
            ParseTree child = node.getChild(i);
            Scope inner = tests && (child instanceof LiquidParser.ExprContext || child instanceof LiquidParser.TermContext)
                    ? new Scope(true, scope.guarded()) : guarded(scope, reached(node, child));
            walk(child, inner, source, field, found);
        }
    }

    /**
     * The variables that have a value wherever {@code child} of {@code node} is reached, when {@code node} is a tag
     * that chooses a branch: what the branch's own condition holds with, and what the conditions tried before it
     * (which failed) say. So both {@code {% if x %}{{ x }}} and {@code {% if x == blank %}…{% else %}{{ x }}} show a
     * value, as do the else of {@code {% unless x %}} and of {@code {% case x %}{% when blank %}}.
     */
    private static Set<String> reached(ParseTree node, ParseTree child) {
        Set<String> present = new HashSet<>();
        switch (node) {
            case LiquidParser.If_tagContext chain when child instanceof LiquidParser.BlockContext ->
                    present.addAll(tested(chain.expr()));
            case LiquidParser.If_tagContext chain when child instanceof LiquidParser.Elsif_tagContext
                    || child instanceof LiquidParser.Else_tagContext -> {
                present.addAll(failed(chain.expr()));
                for (int i = 0; i < chain.elsif_tag().size() && chain.elsif_tag(i) != child; i++) {
                    present.addAll(failed(chain.elsif_tag(i).expr()));
                }
            }
            case LiquidParser.Elsif_tagContext branch when child instanceof LiquidParser.BlockContext ->
                    present.addAll(tested(branch.expr()));
            case LiquidParser.Unless_tagContext branch when child instanceof LiquidParser.BlockContext ->
                    present.addAll(failed(branch.expr()));
            case LiquidParser.Unless_tagContext branch when child instanceof LiquidParser.Else_tagContext ->
                    present.addAll(tested(branch.expr()));
            // liqp takes the first when that matches, so one listing blank, empty or nil leaves the subject a value
            // in every when after it and in the else.
            case LiquidParser.Case_tagContext choice when lookup(choice.expr()) != null
                    && (child instanceof LiquidParser.When_tagContext || child instanceof LiquidParser.Else_tagContext) -> {
                for (int i = 0; i < choice.when_tag().size() && choice.when_tag(i) != child; i++) {
                    if (choice.when_tag(i).term().stream().anyMatch(LiquidTemplates::nothing)) {
                        present.add(path(lookup(choice.expr())));
                    }
                }
            }
            default -> { }
        }
        return present;
    }

    /** The scope of a branch where the {@code present} variables have a value. */
    private static Scope guarded(Scope scope, Set<String> present) {
        if (present.isEmpty()) {
            return scope;
        }
        Set<String> guarded = new HashSet<>(scope.guarded());
        guarded.addAll(present);
        return new Scope(false, guarded);
    }

    /**
     * The variables a condition only holds with: {@code if contact.first_name}, {@code != blank} (or {@code empty},
     * or {@code nil}), joined by {@code and}. The condition reads real values, nil when blank, so each of them has
     * something to show where the condition holds.
     */
    private static Set<String> tested(LiquidParser.ExprContext condition) {
        return switch (condition) {
            case LiquidParser.Expr_logicContext logic when logic.And() != null -> {
                Set<String> both = new HashSet<>(tested(logic.lhs));
                both.addAll(tested(logic.rhs));
                yield both;
            }
            case LiquidParser.Expr_termContext term when lookup(term) != null -> Set.of(path(lookup(term)));
            case LiquidParser.Expr_eqContext comparison when comparison.NEq() != null -> comparedWithNothing(comparison);
            default -> Set.of();
        };
    }

    /**
     * The variables a condition only fails with: {@code contact.first_name == blank} (or {@code empty}, or
     * {@code nil}), joined by {@code or}. The condition reads real values, so where it fails each of them has a value.
     */
    private static Set<String> failed(LiquidParser.ExprContext condition) {
        return switch (condition) {
            case LiquidParser.Expr_logicContext logic when logic.Or() != null -> {
                Set<String> both = new HashSet<>(failed(logic.lhs));
                both.addAll(failed(logic.rhs));
                yield both;
            }
            case LiquidParser.Expr_eqContext comparison when comparison.Eq() != null -> comparedWithNothing(comparison);
            default -> Set.of();
        };
    }

    /** The variable a comparison holds against blank, empty or nil, or none. */
    private static Set<String> comparedWithNothing(LiquidParser.Expr_eqContext comparison) {
        LiquidParser.Lookup_id_indexesContext lookup = lookup(comparison.lhs) != null && nothing(comparison.rhs)
                ? lookup(comparison.lhs) : nothing(comparison.lhs) ? lookup(comparison.rhs) : null;
        return lookup == null ? Set.of() : Set.of(path(lookup));
    }

    /** The variable an expression only names ({@code contact.first_name}), or null. */
    private static LiquidParser.Lookup_id_indexesContext lookup(LiquidParser.ExprContext expression) {
        return expression instanceof LiquidParser.Expr_termContext term
                && term.term() instanceof LiquidParser.Term_lookupContext named
                && named.lookup() instanceof LiquidParser.Lookup_id_indexesContext lookup ? lookup : null;
    }

    /** Liquid's {@code blank} or {@code empty}. */
    private static boolean emptiness(LiquidParser.ExprContext expression) {
        return expression instanceof LiquidParser.Expr_termContext term && emptiness(term.term());
    }

    private static boolean emptiness(LiquidParser.TermContext term) {
        return term instanceof LiquidParser.Term_BlankContext || term instanceof LiquidParser.Term_EmptyContext
                || term instanceof LiquidParser.Term_lookupContext named
                        && named.lookup() instanceof LiquidParser.Lookup_emptyContext;
    }

    /** Liquid's {@code blank}, {@code empty} or {@code nil}. */
    private static boolean nothing(LiquidParser.ExprContext expression) {
        return expression instanceof LiquidParser.Expr_termContext term && nothing(term.term());
    }

    private static boolean nothing(LiquidParser.TermContext term) {
        return emptiness(term) || term instanceof LiquidParser.Term_NilContext;
    }

    /** The variable a lookup names: its root and first key ({@code contact.first_name}), or the root alone. */
    private static String path(LiquidParser.Lookup_id_indexesContext lookup) {
        String root = lookup.id().getText();
        return lookup.index().isEmpty() || lookup.index(0).id2() == null
                ? root : root + "." + lookup.index(0).id2().getText();
    }

    /** Whether a lookup names a contact, company or owner variable, not a name the template gave a value itself. */
    private static boolean personal(LiquidParser.Lookup_id_indexesContext lookup, Set<String> locals) {
        String path = path(lookup);
        // Any contact, company or owner path: the check let through only those Keepwarm knows, custom attributes among
        // them, and one read as real that the contact lacks is nil, as a missing value is.
        return !locals.contains(lookup.id().getText()) && TemplateVariables.personal(path);
    }

    /** Whether a lookup is what an output shows through a {@code default} filter first, which says its own fallback. */
    private static boolean defaulted(LiquidParser.Lookup_id_indexesContext lookup) {
        ParserRuleContext above = lookup.getParent() instanceof LiquidParser.Term_lookupContext term
                ? term.getParent() : null;
        // liqp reads an output's value as an expression (term inside expr) or, in its strict mode, as a term.
        if (above instanceof LiquidParser.Expr_termContext expression) {
            above = expression.getParent();
        }
        return above instanceof LiquidParser.OutputContext output && !output.filter().isEmpty()
                && output.filter(0).Id() != null && output.filter(0).Id().getText().equals("default");
    }

    /**
     * A variable must be one Keepwarm knows; a contact, company or owner variable that is shown needs a fallback,
     * unless the output gives its own default or stands in a branch taken only when the variable has a value. A
     * condition reads the real value and needs none.
     */
    private static void checkVariable(String source, Use use, Set<String> locals, Facts facts, String field,
            List<FieldError> errors) {
        LiquidParser.Lookup_id_indexesContext lookup = use.lookup();
        String root = lookup.id().getText();
        if (locals.contains(root)) {
            return;
        }
        List<String> variables = facts.variables();
        if (!TemplateVariables.ROOTS.contains(root)) {
            errors.add(new FieldError(field, "'" + root + "' is not a variable; use one of " + variables
                    + at(source, lookup)));
            return;
        }
        String path = path(lookup);
        boolean spared = use.scope().condition() || use.scope().guarded().contains(path) || defaulted(lookup);
        if (!variables.contains(path)) {
            errors.add(new FieldError(field, "'" + path + "' is not a variable" + (TemplateVariables.callers(path)
                    && TemplateVariables.PATHS.contains(path) ? " here: it is the rep who makes a call, whom only a"
                    + " call script (variants.phone.script) names; the contact's owner is owner.*"
                    : facts.task() && TemplateVariables.PATHS.contains(path)
                    ? " of a task, which goes with no piece or links" : "")
                    + "; use one of " + variables + (root.equals("contact") && !facts.task() ? " (a custom attribute"
                    + " is named by its key, as contact.contract_expiry, once it is defined under Settings, Custom attributes)"
                    : "") + at(source, lookup)));
        } else if (TemplateVariables.personal(path) && !facts.task() && !facts.fallbacks().contains(path) && !spared) {
            errors.add(new FieldError(field, "'" + path + "' has no fallback; add one to fallbacks, e.g. {\"" + path
                    + "\": \"there\"}, so a contact without it never reads a blank" + at(source, lookup)));
        } else if (path.equals("content.landing_url") && !facts.hasLandingUrl()) {
            errors.add(new FieldError(field, "'" + path + "' is used but the piece has no landingUrl" + at(source, lookup)));
        } else if (path.startsWith("content.offer_") && !facts.hasOffer()) {
            errors.add(new FieldError(field, "'" + path + "' is used but the piece has no offer" + at(source, lookup)));
        }
    }

    /** Renders once with sample values: unknown filters and the like only show when a template runs. */
    private void tryOut(String field, Template template, Facts facts, List<FieldError> errors) {
        try {
            whole(template, TemplateVariables.sample(facts.custom()), false);
        } catch (RuntimeException e) {
            errors.add(new FieldError(field, "cannot be rendered: " + e.getMessage()));
        } catch (LinkageError e) {
            // A filter whose library Keepwarm does not ship (the walk names the date filter before this runs).
            errors.add(new FieldError(field, "cannot be rendered: it uses a filter Keepwarm does not offer"));
        }
    }

    /**
     * Where a node starts, counted from its offset: liqp's lexer modes leave the tokens' own columns unreliable. The
     * offset counts code points, as does the column, so an emoji is one column as a reader counts it, not the two
     * UTF-16 units the source holds it in.
     */
    private static String at(String source, ParserRuleContext context) {
        int offset = source.offsetByCodePoints(0,
                Math.min(context.getStart().getStartIndex(), source.codePointCount(0, source.length())));
        return " (" + LiquidSyntax.place(source, offset) + ")";
    }
}
