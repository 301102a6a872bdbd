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

    @Provide
    Arbitrary<Rule> rules() {
        return RuleArbitraries.rules();
    }
}
