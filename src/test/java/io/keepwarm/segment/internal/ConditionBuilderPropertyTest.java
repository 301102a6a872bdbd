package io.keepwarm.segment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.keepwarm.contact.AttributeDefinition;
import io.keepwarm.contact.AttributeType;
import io.keepwarm.segment.Condition;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.RuleArbitraries;
import io.keepwarm.segment.Vocabulary.Choice;
import io.keepwarm.segment.Vocabulary.Input;
import io.keepwarm.segment.Vocabulary.Op;
import io.keepwarm.segment.Vocabulary.Term;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever the condition builder offers makes a rule the parser reads back and the compiler accepts: for every
 * term and every operator of it, with values of every kind (texts that need quoting among them) and custom
 * attributes of every type.
 */
class ConditionBuilderPropertyTest {

    private static final List<Choice> LISTS = List.of(new Choice("3", "Trade show \"2026\""), new Choice("41", "VIPs"));
    private static final List<Choice> SEGMENTS = List.of(new Choice("7", "Hot leads"));
    private static final List<Choice> OWNERS = List.of(new Choice("5", "Ann Rep"), new Choice("12", "Old Rep (disabled)"));

    /** A builder and one condition for each of its terms and operators. */
    record Case(List<AttributeDefinition> definitions, List<Condition> conditions) {}

    @Property(tries = 200)
    void everyConditionTheBuilderOffersParsesBackAndCompiles(@ForAll("cases") Case c) {
        ConditionBuilder builder = new ConditionBuilder(c.definitions(), LISTS, SEGMENTS, OWNERS);
        var context = new RuleCompiler.Context(Instant.parse("2026-03-01T10:00:00Z"), new FieldCatalog(c.definitions()),
                id -> Optional.of(new Rule.Compare("tag", io.keepwarm.segment.Operator.EQ,
                        List.of(new Rule.Literal.Text("hot")))),
                Set.of(3L, 41L), id -> true, java.time.ZoneOffset.UTC);
        for (Condition condition : c.conditions()) {
            Rule rule = builder.rule(condition);
            String text = RuleText.print(rule);

            assertThat(RuleText.parse(text)).as("%s wrote %s", condition, text).isEqualTo(rule);
            assertThatCode(() -> RuleCompiler.compile(RuleText.parse(text), context, null)).as(text)
                    .doesNotThrowAnyException();
        }
    }

    @Property(tries = 300)
    void valuesOfIsOneOfWithCommasAndQuotesComeBackAsTheyWereMeant(@ForAll("meantValues") List<String> meant,
            @ForAll("spellings") List<Boolean> quoteEvenIfNotNeeded) {
        ConditionBuilder builder = new ConditionBuilder(List.of(), LISTS, SEGMENTS, OWNERS);
        List<String> typed = new ArrayList<>();
        for (int i = 0; i < meant.size(); i++) {
            typed.add(typed(meant.get(i), quoteEvenIfNotNeeded.get(i % quoteEvenIfNotNeeded.size())));
        }

        Rule rule = builder.rule(new Condition("company", "IN", List.of(String.join(", ", typed)), null, null));

        assertThat(RuleText.parse(RuleText.print(rule))).as("typed %s", typed).isEqualTo(new Rule.Compare("company",
                io.keepwarm.segment.Operator.IN, meant.stream().map(v -> (Rule.Literal) new Rule.Literal.Text(v)).toList()));
    }

    @Property(tries = 50)
    void theOwnerIsPickedByNameAndTheRuleSaysTheirId(@ForAll("ownerPicks") List<Choice> picked) {
        Term owner = new ConditionBuilder(List.of(), LISTS, SEGMENTS, OWNERS).vocabulary().terms().stream()
                .filter(t -> t.key().equals("owner")).findFirst().orElseThrow();
        assertThat(owner.choices()).isEqualTo(OWNERS);
        assertThat(owner.operators()).allSatisfy(op -> assertThat(op.input()).isIn(Input.CHOICE, Input.NONE));

        Rule rule = new ConditionBuilder(List.of(), LISTS, SEGMENTS, OWNERS).rule(new Condition("owner", "IN",
                picked.stream().map(Choice::value).toList(), null, null));

        assertThat(RuleText.print(rule)).isEqualTo("owner in (" + picked.stream().map(Choice::value)
                .collect(Collectors.joining(", ")) + ")");
    }

    @Provide
    Arbitrary<List<String>> meantValues() {
        return Arbitraries.oneOf(RuleArbitraries.awkwardTexts(),
                Arbitraries.of("Acme, Inc.", "Oil, Gas", "\"Heavy\" \\ Manufacturing", "12\" pipe", "\"", ",", " padded, "))
                .filter(s -> !s.isBlank()).list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<List<Boolean>> spellings() {
        return Arbitraries.of(true, false).list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<List<Choice>> ownerPicks() {
        return Arbitraries.of(OWNERS).list().ofMinSize(1).ofMaxSize(2);
    }

    /**
     * A value as a person types it into the one box of "is one of": bare where that reads back the same, else quoted
     * as the rule language quotes a text.
     */
    static String typed(String value, boolean quoteEvenIfNotNeeded) {
        boolean bare = !quoteEvenIfNotNeeded && !value.contains(",") && !value.startsWith("\"")
                && value.equals(value.strip());
        return bare ? value : "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Property(tries = 300)
    void anAddedConditionJoinsTheWholeRuleTypedBefore(@ForAll("rules") Rule typed, @ForAll boolean or) {
        Rule added = new Rule.Compare("industry", io.keepwarm.segment.Operator.EQ, List.of(new Rule.Literal.Text("HPC")));

        Rule both = RuleText.parse(ConditionBuilder.append(RuleText.print(typed), or, added));

        assertThat(both).isInstanceOf(or ? Rule.Any.class : Rule.All.class);
        List<Rule> parts = or ? ((Rule.Any) both).rules() : ((Rule.All) both).rules();
        assertThat(parts.getLast()).isEqualTo(added);
        List<Rule> before = parts.subList(0, parts.size() - 1);
        assertThat(before.size() == 1 ? before.getFirst() : or ? new Rule.Any(before) : new Rule.All(before))
                .isEqualTo(typed);
    }

    @Provide
    Arbitrary<Rule> rules() {
        return RuleArbitraries.rules();
    }

    @Provide
    Arbitrary<Case> cases() {
        return definitions().flatMap(definitions -> {
            List<Arbitrary<Condition>> conditions = new ArrayList<>();
            for (Term term : new ConditionBuilder(definitions, LISTS, SEGMENTS, OWNERS).vocabulary().terms()) {
                for (Op op : term.operators()) {
                    conditions.add(condition(term, op));
                }
            }
            return Combinators.combine(conditions).as(all -> new Case(definitions, all));
        });
    }

    private static Arbitrary<List<AttributeDefinition>> definitions() {
        Arbitrary<AttributeDefinition> one = Combinators.combine(
                Arbitraries.of("plan", "renewal", "birthday", "employees", "vip", "order", "opened", "in_list", "notes_2",
                        "Region_Code"),
                Arbitraries.of(AttributeType.values()),
                RuleArbitraries.awkwardTexts().filter(s -> !s.isBlank() && s.equals(s.strip())).list().ofMinSize(1).ofMaxSize(4)
                        .uniqueElements())
                .as((key, type, options) -> new AttributeDefinition(key, "Label of " + key, type, options, false));
        return one.list().ofMaxSize(6).uniqueElements(AttributeDefinition::key);
    }

    private static Arbitrary<Condition> condition(Term term, Op op) {
        Arbitrary<List<String>> values = switch (op.count()) {
            case NONE -> Arbitraries.just(List.of());
            case ONE -> value(term, op).map(List::of);
            case TWO -> value(term, op).list().ofSize(2);
            case MANY -> op.input() == Input.CHOICE ? value(term, op).list().ofMinSize(1).ofMaxSize(3)
                    : Combinators.combine(value(term, op).list().ofMinSize(1).ofMaxSize(3), Arbitraries.of(true, false))
                            .as((v, quoted) -> List.of(String.join(", ", v.stream().map(one -> typed(one, quoted)).toList())));
        };
        Arbitrary<String> match = term.activity() == null ? Arbitraries.just(null)
                : switch (term.activity()) {
                    case CHANNEL -> Arbitraries.of(term.choices().stream().map(Choice::value).toList())
                            .injectNull(0.3);
                    case PATTERN -> RuleArbitraries.awkwardTexts().injectNull(0.3);
                };
        Arbitrary<String> within = Arbitraries.integers().between(1, 36_500).map(String::valueOf).injectNull(0.3);
        return Combinators.combine(values, match, within)
                .as((v, m, w) -> new Condition(term.key(), op.key(), v, m, w));
    }

    private static Arbitrary<String> value(Term term, Op op) {
        return switch (op.input()) {
            case TEXT -> RuleArbitraries.awkwardTexts().filter(s -> !s.isBlank());
            case NUMBER -> Arbitraries.bigDecimals().between(new BigDecimal("-1e9"), new BigDecimal("1e9")).ofScale(3)
                    .map(BigDecimal::toPlainString);
            case DATE -> Arbitraries.oneOf(
                    Arbitraries.integers().between(-36_500, 36_500).map(String::valueOf),
                    Arbitraries.integers().between(0, 100_000).map(d -> LocalDate.of(1950, 1, 1).plusDays(d).toString()));
            case DAYS -> Arbitraries.integers().between(0, 36_500).map(String::valueOf);
            case COUNT -> Arbitraries.integers().between(0, 1_000_000).map(String::valueOf);
            case CHOICE -> Arbitraries.of(term.choices().stream().map(Choice::value).collect(Collectors.toList()));
            case NONE -> Arbitraries.just("");
        };
    }
}
