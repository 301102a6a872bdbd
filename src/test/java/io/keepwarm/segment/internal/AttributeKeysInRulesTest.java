package io.keepwarm.segment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keepwarm.contact.AttributeDefinition;
import io.keepwarm.contact.AttributeType;
import io.keepwarm.contact.Attributes;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.segment.Verb;
import io.keepwarm.support.KeepwarmTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** An attribute key a rule would read as something else could never be named in a rule, so it is refused. */
@KeepwarmTest
class AttributeKeysInRulesTest {

    @Autowired Attributes attributes;

    @Test
    void everyFieldNameWordVerbAndFunctionOfTheRuleLanguageIsRefusedAsAnAttributeKey() {
        // Taken from the rule language itself, so a verb or word added to it is refused without a list to keep.
        List<String> meaningful = new ArrayList<>(RuleText.KEYWORDS);
        for (Verb verb : Verb.values()) {
            meaningful.add(verb.word());
        }
        meaningful.add(RuleText.ANNIVERSARY);
        for (Field field : new FieldCatalog(List.of()).all()) {
            meaningful.add(field.name().split("\\.")[0]);
        }
        assertThat(meaningful).contains("within", "opened", "anniversary", "country", "consent", "do_not_contact");
        for (String key : meaningful) {
            assertThatThrownBy(() -> attributes.define(new AttributeDefinition(key, "Mine " + key, AttributeType.TEXT,
                    List.of(), false)))
                    .as(key).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("'" + key + "' already means something in segment rules");
        }
    }
}
