package io.keepwarm.segment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.keepwarm.contact.AttributeDefinition;
import io.keepwarm.contact.AttributeType;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.segment.Operator;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.RuleArbitraries;
import io.keepwarm.segment.RuleSyntaxException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every mistake in a rule's text is shown at a place in it: a mistake of syntax where the parser stopped, a mistake of
 * meaning (a field that does not exist, a value its field cannot take, a range written high end first, an owner who is
 * no user, a segment that does not exist) at the token of the part at fault.
 */
class RuleMistakePlacesPropertyTest {

    /** Real fields of every kind, and one that is none. */
    private static final List<String> FIELDS = List.of("score", "owner", "stage", "grade", "tag", "country", "industry",
            "created_at", "time_in_stage", "consent.email", "do_not_contact.email", "source", "birthday",
            "anniversary(birthday)", "employees", "plan", "vip", "scroe");

    private static final RuleCompiler.Context CONTEXT = new RuleCompiler.Context(Instant.parse("2026-03-01T10:00:00Z"),
            new FieldCatalog(List.of(
                    new AttributeDefinition("birthday", "Birthday", AttributeType.DATE, List.of(), false),
                    new AttributeDefinition("employees", "Employees", AttributeType.NUMBER, List.of(), false),
                    new AttributeDefinition("plan", "Plan", AttributeType.ONE_OF, List.of("Basic", "Pro"), false),
                    new AttributeDefinition("vip", "VIP", AttributeType.BOOLEAN, List.of(), false))),
            // An odd segment exists, with a rule that is wrong in itself; an even one does not.
            id -> id % 2 == 1 ? Optional.of(new Rule.Compare("nowhere", Operator.EQ, List.of(new Rule.Literal.Text("x"))))
                    : Optional.empty(),
            Set.of(3L), id -> id % 2 == 0, java.time.ZoneOffset.UTC);

    @Property(tries = 1000)
    void aMistakeOfMeaningIsPlacedOnTheTokenOfThePartAtFault(@ForAll("rules") Rule rule) {
        String text = RuleText.print(rule);
        InvalidInputException refused = catchThrowableOfType(InvalidInputException.class,
                () -> RuleCompiler.check(RuleText.parse(text), CONTEXT, null));
        if (refused == null) {
            return;
        }

        InvalidInputException located = RuleText.locate(text, refused);

        assertThat(located).as("%s: %s", text, refused.getMessage()).isInstanceOf(RuleSyntaxException.class);
        RuleSyntaxException at = (RuleSyntaxException) located;
        assertThat(at.errors().getFirst().field()).as("the path stays for the API").isEqualTo(refused.errors().getFirst().field());
        assertThat(RuleTokens.of(text)).as("%s: %s at line %d, column %d", text, refused.getMessage(), at.line(), at.column())
                .anyMatch(token -> token.kind() != RuleTokens.Kind.END && token.line() == at.line()
                        && token.column() == at.column());
    }

    @Property(tries = 1000)
    void aMistakeOfSyntaxIsPlacedInsideTheText(@ForAll("brokenTexts") String text) {
        RuleSyntaxException refused = catchThrowableOfType(RuleSyntaxException.class, () -> RuleText.parse(text));
        if (refused == null) {
            return;
        }

        String[] lines = text.split("\r\n|\r|\n", -1);
        assertThat(refused.line()).as("%s: %s", text, refused.getMessage()).isBetween(1, lines.length);
        // One column past the last character is the end of the rule, where a missing value is expected.
        assertThat(refused.column()).as("%s: %s", text, refused.getMessage())
                .isBetween(1, lines[refused.line() - 1].codePointCount(0, lines[refused.line() - 1].length()) + 1);
        assertThat(refused.problemProperties()).containsEntry("line", refused.line()).containsEntry("column", refused.column());
    }

    @Provide
    Arbitrary<Rule> rules() {
        return RuleArbitraries.rules(FIELDS, Arbitraries.oneOf(RuleArbitraries.literals(),
                Arbitraries.integers().between(0, 20).map(n -> new Rule.Literal.Number(java.math.BigDecimal.valueOf(n)))));
    }

    /** A rule's text with a piece cut out, or a stray character put in, somewhere. */
    @Provide
    Arbitrary<String> brokenTexts() {
        Arbitrary<String> texts = RuleArbitraries.rules().map(RuleText::print);
        Arbitrary<String> strays = Arbitraries.of("(", ")", "\"", ",", "=", "and", "not", "~", "@", "\n", "-", "today+",
                "in_list(", "30x", "2026-02-30", "\\");
        return Combinators.combine(texts, Arbitraries.doubles().between(0, 1), Arbitraries.doubles().between(0, 1), strays)
                .as((text, from, length, stray) -> {
                    int start = (int) (from * text.length());
                    int end = Math.min(text.length(), start + (int) (length * 12));
                    return text.substring(0, start) + (length < 0.5 ? stray : "") + text.substring(end);
                });
    }
}
