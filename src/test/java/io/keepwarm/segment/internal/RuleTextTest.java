package io.keepwarm.segment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.keepwarm.platform.InvalidInputException.FieldError;
import io.keepwarm.segment.Operator;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.Rule.Literal;
import io.keepwarm.segment.Rule.Window;
import io.keepwarm.segment.RuleSyntaxException;
import io.keepwarm.segment.Verb;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RuleTextTest {

    private static final LocalDate NEW_YEAR = LocalDate.of(2026, 1, 1);

    static Stream<Arguments> examples() {
        return Stream.of(
                example("stage = NURTURE and industry in (\"HPC\", \"Manufacturing\") and opened(email) >= 2 within 30d",
                        new Rule.All(List.of(
                                compare("stage", Operator.EQ, text("NURTURE")),
                                compare("industry", Operator.IN, text("HPC"), text("Manufacturing")),
                                new Rule.Behaviour(Verb.OPENED, "EMAIL", Operator.GE, 2, new Window.Within(30)))),
                        "stage = NURTURE and industry in (\"HPC\", \"Manufacturing\") and opened(email) >= 2 within 30d"),
                example("anniversary(birthday) between today and today+7d",
                        compare("anniversary(birthday)", Operator.BETWEEN, new Literal.Today(0), new Literal.Today(7))),
                example("lease_expiry between today+60d and today+90d",
                        compare("lease_expiry", Operator.BETWEEN, new Literal.Today(60), new Literal.Today(90))),
                example("touched = 0 within 45d",
                        new Rule.Behaviour(Verb.TOUCHED, null, Operator.EQ, 0, new Window.Within(45))),
                example("not replied", new Rule.Not(new Rule.Behaviour(Verb.REPLIED, null, Operator.GE, 1, null))),
                example("visited(\"/pricing*\") since 2026-01-01",
                        new Rule.Behaviour(Verb.VISITED, "/pricing*", Operator.GE, 1, new Window.Since(NEW_YEAR))),
                example("time_in_stage >= 30d", compare("time_in_stage", Operator.GE, new Literal.Days(30))),
                example("consent.email = GRANTED", compare("consent.email", Operator.EQ, text("GRANTED"))),
                example("phone is empty", compare("phone", Operator.IS_EMPTY)),
                example("(tag = \"vip\" or score >= 100) and not in_segment(7)",
                        new Rule.All(List.of(
                                new Rule.Any(List.of(compare("tag", Operator.EQ, text("vip")),
                                        compare("score", Operator.GE, number("100")))),
                                new Rule.Not(new Rule.InSegment(7))))),
                example("grade >= B", compare("grade", Operator.GE, text("B"))),
                example("accepted(\"offer-y\")",
                        new Rule.Behaviour(Verb.ACCEPTED, "offer-y", Operator.GE, 1, null)));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void readsTheExamplesAndPrintsThemCanonically(String text, Rule expected, String printed) {
        assertThat(RuleText.parse(text)).isEqualTo(expected);
        assertThat(RuleText.print(expected)).isEqualTo(printed);
    }

    private static Arguments example(String text, Rule expected) {
        return example(text, expected, text);
    }

    /** Upper-case words print bare, so "HPC" prints as HPC, unless a list holds a word that needs quotes. */
    private static Arguments example(String text, Rule expected, String printed) {
        return Arguments.of(text, expected, printed);
    }

    @Test
    void anyActivityIsWrittenWithoutAnArgument() {
        Rule clicked = new Rule.Behaviour(Verb.CLICKED, null, Operator.GE, 1, new Window.Since(NEW_YEAR));

        assertThat(RuleText.parse("clicked(any) since 2026-01-01")).isEqualTo(clicked);
        assertThat(RuleText.parse("clicked() since 2026-01-01")).isEqualTo(clicked);
        assertThat(RuleText.print(clicked)).isEqualTo("clicked since 2026-01-01");
    }

    @Test
    void readsEveryValueAndOperatorSpelling() {
        assertThat(RuleText.parse("a = -12")).isEqualTo(compare("a", Operator.EQ, number("-12")));
        assertThat(RuleText.parse("a = 3.50")).isEqualTo(compare("a", Operator.EQ, number("3.5")));
        assertThat(RuleText.parse("a = true")).isEqualTo(compare("a", Operator.EQ, new Literal.Bool(true)));
        assertThat(RuleText.parse("a < today-3d")).isEqualTo(compare("a", Operator.LT, new Literal.Today(-3)));
        assertThat(RuleText.parse("a = 2026-03-01")).isEqualTo(compare("a", Operator.EQ, text("2026-03-01")));
        assertThat(RuleText.parse("a = \"say \\\"hi\\\" \\\\o/\"")).isEqualTo(compare("a", Operator.EQ, text("say \"hi\" \\o/")));
        assertThat(RuleText.parse("a in A")).isEqualTo(compare("a", Operator.IN, text("A")));
        assertThat(RuleText.parse("a ≠ 1")).isEqualTo(RuleText.parse("a <> 1")).isEqualTo(RuleText.parse("a != 1"));
        assertThat(RuleText.parse("a ≤ 1")).isEqualTo(RuleText.parse("a <= 1"));
        assertThat(RuleText.parse("a ≥ 1")).isEqualTo(RuleText.parse("a >= 1"));
        assertThat(RuleText.parse("a STARTS  WITH \"x\"")).isEqualTo(compare("a", Operator.STARTS_WITH, text("x")));
        assertThat(RuleText.parse("a Is Not Empty")).isEqualTo(compare("a", Operator.IS_NOT_EMPTY));
        assertThat(RuleText.parse("OPENED(EMAIL) <> 2")).isEqualTo(new Rule.Behaviour(Verb.OPENED, "email", Operator.NE, 2, null));
    }

    @Test
    void notBindsTighterThanAndWhichBindsTighterThanOr() {
        Rule a = compare("a", Operator.EQ, number("1"));
        Rule b = compare("b", Operator.EQ, number("2"));
        Rule c = compare("c", Operator.EQ, number("3"));

        assertThat(RuleText.parse("a = 1 or b = 2 and c = 3")).isEqualTo(new Rule.Any(List.of(a, new Rule.All(List.of(b, c)))));
        assertThat(RuleText.parse("a = 1 AND b = 2 Or c = 3")).isEqualTo(new Rule.Any(List.of(new Rule.All(List.of(a, b)), c)));
        assertThat(RuleText.parse("not a = 1 and b = 2")).isEqualTo(new Rule.All(List.of(new Rule.Not(a), b)));
        assertThat(RuleText.parse("not (a = 1 and b = 2)")).isEqualTo(new Rule.Not(new Rule.All(List.of(a, b))));
        assertThat(RuleText.parse("(a = 1 and b = 2) and c = 3"))
                .isEqualTo(new Rule.All(List.of(new Rule.All(List.of(a, b)), c)));
    }

    @Test
    void printsOnlyTheBracketsTheShapeNeeds() {
        Rule a = compare("a", Operator.EQ, number("1"));
        Rule b = compare("b", Operator.EQ, number("2"));
        Rule c = compare("c", Operator.EQ, number("3"));

        assertThat(RuleText.print(new Rule.Any(List.of(a, new Rule.All(List.of(b, c)))))).isEqualTo("a = 1 or b = 2 and c = 3");
        assertThat(RuleText.print(new Rule.All(List.of(new Rule.Any(List.of(a, b)), c)))).isEqualTo("(a = 1 or b = 2) and c = 3");
        assertThat(RuleText.print(new Rule.Not(new Rule.All(List.of(a, b))))).isEqualTo("not (a = 1 and b = 2)");
        assertThat(RuleText.print(new Rule.Not(new Rule.Not(a)))).isEqualTo("not not a = 1");
        assertThat(RuleText.print(new Rule.All(List.of(new Rule.All(List.of(a, b)), c)))).isEqualTo("(a = 1 and b = 2) and c = 3");
        assertThat(RuleText.print(new Rule.All(List.of(new Rule.Any(List.of(a)), b)))).isEqualTo("a = 1 and b = 2");
    }

    @Test
    void printsValuesCanonically() {
        assertThat(RuleText.print(compare("a", Operator.IN, text("AND"), text("nurture"), text("x\"\\y"),
                text("2026-03-01"), number("1E+2"), new Literal.Today(-3), new Literal.Days(-5))))
                .isEqualTo("a in (\"AND\", \"nurture\", \"x\\\"\\\\y\", \"2026-03-01\", 100, today-3d, -5d)");
        assertThat(RuleText.print(new Rule.Behaviour(Verb.OPENED, "Email", Operator.LT, 1, null)))
                .isEqualTo("opened(email) < 1");
        assertThat(RuleText.print(new Rule.Behaviour(Verb.OPENED, "e-mail", Operator.LT, 1, null)))
                .as("no channel: kept as typed, so its refusal echoes it").isEqualTo("opened(\"e-mail\") < 1");
    }

    @Test
    void aListPrintsItsWordsAllBareOrAllQuotedNeverMixed() {
        assertThat(RuleText.print(compare("industry", Operator.IN, text("HPC"), text("Manufacturing"))))
                .isEqualTo("industry in (\"HPC\", \"Manufacturing\")");
        assertThat(RuleText.print(compare("stage", Operator.IN, text("MQL"), text("SQL")))).isEqualTo("stage in (MQL, SQL)");
        assertThat(RuleText.print(compare("industry", Operator.EQ, text("HPC")))).isEqualTo("industry = HPC");
    }

    @Test
    void aFieldTheSyntaxCannotSpellHasNoTextForm() {
        assertThatThrownBy(() -> RuleText.print(compare("first name", Operator.IS_EMPTY)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'first name'");
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("industry in ()", 1, 14, "expected a value (a \"quoted text\", a number, true, false,"
                        + " today or a date) but found ')'"),
                Arguments.of("stage = NURTURE NURTURE", 1, 17, "expected and, or or the end of the rule but found 'NURTURE'"),
                Arguments.of("", 1, 1, "expected a condition"),
                Arguments.of("stage = NURTURE\n  and", 2, 6, "expected a condition (a field such as stage, an activity"
                        + " such as opened, in_list(…), in_segment(…), not or '(') but found the end of the rule"),
                Arguments.of("tag = \"vip", 1, 7, "the quoted text that starts here has no closing \""),
                Arguments.of("tag = \"a\\qb\"", 1, 9, "found an unknown escape"),
                Arguments.of("score # 3", 1, 7, "found '#', a character the rule syntax does not use outside quotes"),
                Arguments.of("opened >= 2 within 0d", 1, 20, "expected a number of days from 1d to 36500d but found '0d'"),
                Arguments.of("opened within 30", 1, 15, "expected a number of days such as 30d but found '30'"),
                Arguments.of("opened contains \"x\"", 1, 1, "'opened' is an activity, not a field"),
                Arguments.of("clicked(email) >= 1", 1, 9, "clicked(...) takes a \"quoted pattern\" of what it was on (a"
                        + " link, a page, an offer), not a channel such as email: write clicked alone to count every one,"
                        + " or clicked(\"*pricing*\")"),
                Arguments.of("x = 1 and\r\nOpened.at = 3", 2, 1, "'Opened' is an activity, not a field"),
                Arguments.of("opened = \"yes\"", 1, 10, "expected how many times (a whole number from 0 to 1000000)"
                        + " but found the quoted text \"yes\""),
                Arguments.of("touched(email) >= 2000000", 1, 19, "from 0 to 1000000 but found '2000000'"),
                Arguments.of("in_list(0)", 1, 9, "expected the id of a list from 1 to"),
                Arguments.of("grade = IN", 1, 9, "but found 'IN', a keyword; to mean the text, quote it: \"IN\""),
                Arguments.of("visited since 2026-02-30", 1, 15, "'2026-02-30' is not a date of the calendar"),
                Arguments.of("a starts \"x\"", 1, 10, "expected 'with' after 'starts' but found the quoted text \"x\""),
                Arguments.of("(a = 1 or b = 2", 1, 16, "expected and, or or ')' to close the '(' at line 1, column 1"),
                Arguments.of("a between 1 or 2", 1, 13, "expected 'and' and the high end of the range but found 'or'"),
                Arguments.of("a = today+7", 1, 11, "expected a number of days such as 7d after 'today+' but found '7'"),
                Arguments.of("a = 40000d", 1, 5, "from 0d to 36500d"),
                Arguments.of("a = 7weeks", 1, 5, "but found '7weeks'"),
                Arguments.of("opened within 0 days", 1, 15, "expected a number of days from 1d to 36500d but found '0d'"),
                Arguments.of("a is 3", 1, 6, "expected 'empty' or 'not empty' after 'is'"),
                Arguments.of("a ~ 3", 1, 3, "found '~'"),
                Arguments.of("a 3", 1, 3, "expected an operator (=, !=, <, <=, >, >=, in, contains"),
                Arguments.of("visited(\" \")", 1, 9, "a pattern must not be empty"),
                Arguments.of("a is empty 3", 1, 12, "expected and, or or the end of the rule but found '3'"),
                Arguments.of("not ".repeat(40) + "a = 1", 1, 129, "nests deeper than 32 levels"));
    }

    @ParameterizedTest
    @MethodSource("mistakes")
    void aMistakeSaysWhereWhatWasExpectedAndWhatWasFound(String text, int line, int column, String message) {
        assertThatThrownBy(() -> RuleText.parse(text))
                .asInstanceOf(type(RuleSyntaxException.class))
                .satisfies(e -> {
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.column()).isEqualTo(column);
                    assertThat(e.errors()).singleElement().extracting(FieldError::field).isEqualTo("rule");
                    assertThat(e.errors().getFirst().message())
                            .startsWith("line " + line + ", column " + column + ": ").contains(message);
                });
    }

    @Test
    void theProblemCarriesLineAndColumn() {
        assertThatThrownBy(() -> RuleText.parse("industry in ()"))
                .asInstanceOf(type(RuleSyntaxException.class))
                .satisfies(e -> {
                    assertThat(e.getMessage()).isEqualTo("The segment rule is not valid: line 1, column 14: expected a"
                            + " value (a \"quoted text\", a number, true, false, today or a date) but found ')'");
                    assertThat(e.problemProperties()).containsEntry("line", 1).containsEntry("column", 14);
                });
    }

    static Stream<Arguments> mistakesOfMeaning() {
        return Stream.of(
                Arguments.of("stage = NURTURE and\n  scroe >= 10", 2, 3, "rule.and[1].field", "'scroe' is not a field"),
                Arguments.of("score >= 1 or\nscore contains \"9\"", 2, 7, "rule.or[1].op", "'contains' does not work on score"),
                Arguments.of("tag = \"a\" and not (score in (1, \"two\"))", 1, 33, "rule.and[1].not.values[1]",
                        "score is a number"),
                Arguments.of("stage in (NURTURE, NURTUR)", 1, 20, "rule.values[1]", "'NURTUR' is not one of"),
                Arguments.of("tag = \"a\" and\n\tin_list(99)", 2, 10, "rule.and[1].inList", "there is no list 99"),
                Arguments.of("opened(e_mail) >= 2", 1, 8, "rule.match", "'e_mail' is not a channel"),
                Arguments.of("replied(emial)", 1, 9, "rule.match", "'emial' is not a channel; use email, phone or sms"),
                Arguments.of("score between 50 and 10", 1, 15, "rule.values[0]",
                        "50 is above 10, so no contact is between them: write between 10 and 50"),
                Arguments.of("created_at between 2026-03-01 and 2026-01-01", 1, 20, "rule.values[0]",
                        "2026-03-01 is after 2026-01-01, so no contact is between them: write between 2026-01-01 and 2026-03-01"),
                Arguments.of("owner in (2, 999)", 1, 14, "rule.values[1]", "there is no user 999"));
    }

    @ParameterizedTest
    @MethodSource("mistakesOfMeaning")
    void aMistakeOfMeaningIsPlacedAtTheTokenOfThePartAtFault(String text, int line, int column, String path,
            String message) {
        var context = new RuleCompiler.Context(java.time.Instant.parse("2026-03-01T10:00:00Z"), new FieldCatalog(List.of()),
                id -> java.util.Optional.empty(), java.util.Set.of(), id -> id == 2, java.time.ZoneOffset.UTC);

        assertThatThrownBy(() -> RuleCompiler.check(RuleText.parse(text), context, null))
                .isInstanceOf(io.keepwarm.platform.InvalidInputException.class)
                .satisfies(e -> assertThat(RuleText.locate(text, (io.keepwarm.platform.InvalidInputException) e))
                        .asInstanceOf(type(RuleSyntaxException.class))
                        .satisfies(located -> {
                            assertThat(List.of(located.line(), located.column())).containsExactly(line, column);
                            assertThat(located.errors()).singleElement().extracting(FieldError::field).isEqualTo(path);
                            assertThat(located.getMessage()).startsWith("The segment rule is not valid: line " + line
                                    + ", column " + column + ": " + message);
                        }));
    }

    @Test
    void aRangeWrittenHighEndFirstStillMatchesAsBeforeWhenStoredSoNoSegmentStopsLoading() {
        var context = new RuleCompiler.Context(java.time.Instant.parse("2026-03-01T10:00:00Z"), new FieldCatalog(List.of()),
                id -> java.util.Optional.empty(), java.util.Set.of(), id -> false, java.time.ZoneOffset.UTC);

        assertThat(RuleCompiler.compile(RuleText.parse("score between 50 and 10 and owner = 999"), context, null).where())
                .contains("BETWEEN");
    }

    private static Rule compare(String field, Operator op, Literal... values) {
        return new Rule.Compare(field, op, List.of(values));
    }

    private static Literal text(String value) {
        return new Literal.Text(value);
    }

    private static Literal number(String value) {
        return new Literal.Number(new BigDecimal(value));
    }
}
