package io.keepwarm.segment.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.segment.Operator;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.Rule.Literal;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.json.JsonMapper;

/** However a rule names a country (code, three-letter code or English name, any case), both forms read its code. */
class CountryRulePropertyTest {

    /** One country as a person might write it, and the code it is. */
    record Spelling(String code, String written) {}

    @Property(tries = 500)
    void theTextFormReadsACountryAsItsCode(@ForAll("spellings") Spelling country, @ForAll("operators") Operator op) {
        String text = "country " + op.symbol() + " " + (op == Operator.IN ? "(\"" + country.written() + "\", FR)"
                : "\"" + country.written() + "\"");

        Rule rule = RuleText.parse(text);

        assertThat(rule).as(text).isEqualTo(new Rule.Compare("country", op, op == Operator.IN
                ? List.of(new Literal.Text(country.code()), new Literal.Text("FR")) : List.of(new Literal.Text(country.code()))));
        assertThat(RuleText.parse(RuleText.print(rule))).as("printed %s", RuleText.print(rule)).isEqualTo(rule);
    }

    @Property(tries = 500)
    void theJsonFormReadsACountryAsItsCode(@ForAll("spellings") Spelling country, @ForAll("operators") Operator op) {
        var node = JsonMapper.shared().createObjectNode().put("field", "country").put("op", op.symbol());
        if (op == Operator.IN) {
            node.putArray("values").add(country.written());
        } else {
            node.put("value", country.written());
        }

        Rule rule = RuleJson.read(node);

        assertThat(((Rule.Compare) rule).values()).as(node.toString()).containsExactly(new Literal.Text(country.code()));
        assertThat(RuleJson.read(RuleJson.write(rule))).isEqualTo(rule);
    }

    @Provide
    Arbitrary<Spelling> spellings() {
        Arbitrary<String> codes = Arbitraries.of(Locale.getISOCountries());
        return codes.flatMap(code -> {
            Locale country = Locale.of("", code);
            return Arbitraries.of(code, country.getISO3Country(), country.getDisplayCountry(Locale.ENGLISH))
                    .flatMap(written -> Arbitraries.of(written, written.toLowerCase(Locale.ROOT),
                            written.toUpperCase(Locale.ROOT), "  " + written + " "))
                    .map(written -> new Spelling(code, written));
        });
    }

    @Provide
    Arbitrary<Operator> operators() {
        return Arbitraries.of(Operator.EQ, Operator.NE, Operator.IN);
    }
}
