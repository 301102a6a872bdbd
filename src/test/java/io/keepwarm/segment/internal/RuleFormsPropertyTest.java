package io.keepwarm.segment.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.segment.Rule;
import io.keepwarm.segment.RuleArbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;

/** The JSON and the text form say the same thing: any rule goes from one to the other and back unchanged. */
class RuleFormsPropertyTest {

    @Property(tries = 500)
    void jsonToTextAndBackIsTheSameJson(@ForAll("rules") Rule generated) {
        JsonNode json = RuleJson.write(generated);

        String text = RuleText.print(RuleJson.read(json));

        assertThat(RuleJson.write(RuleText.parse(text))).as(text).isEqualTo(json);
    }

    @Property(tries = 500)
    void theTextIsCanonical(@ForAll("rules") Rule rule) {
        String text = RuleText.print(rule);

        assertThat(RuleText.print(RuleText.parse(text))).isEqualTo(text);
    }

    @Property(tries = 500)
    void textParsesBackToAnEqualRule(@ForAll("rules") Rule rule) {
        String text = RuleText.print(rule);

        assertThat(RuleText.parse(text)).as(text).isEqualTo(rule);
    }

    @Property(tries = 300)
    void daysWrittenInWordsAreTheSameDays(@ForAll("rules") Rule rule, @ForAll("dayWords") String unit) {
        String text = RuleText.print(rule);

        String inWords = daysInWords(text, unit);

        assertThat(RuleText.parse(inWords)).as(inWords).isEqualTo(rule);
    }

    /** The text with every number of days outside quotes ("30d") written with the unit ("30 days"). */
    private static String daysInWords(String text, String unit) {
        StringBuilder out = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\') {
                out.append(c).append(text.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            int digits = i;
            while (digits > 0 && Character.isDigit(text.charAt(digits - 1))) {
                digits--;
            }
            boolean days = !quoted && c == 'd' && digits < i
                    && (digits == 0 || !(Character.isLetter(text.charAt(digits - 1)) || text.charAt(digits - 1) == '_'
                            || text.charAt(digits - 1) == '.'))
                    && (i + 1 == text.length() || !(Character.isLetterOrDigit(text.charAt(i + 1))
                            || text.charAt(i + 1) == '_'));
            out.append(days ? unit : String.valueOf(c));
        }
        return out.toString();
    }

    @Provide
    Arbitrary<String> dayWords() {
        return net.jqwik.api.Arbitraries.of(" days", " day", "days", " Days", "\tDAYS", "d");
    }

    @Provide
    Arbitrary<Rule> rules() {
        return RuleArbitraries.rules();
    }
}
