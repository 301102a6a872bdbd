package io.keepwarm.content.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.platform.InvalidInputException.FieldError;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LiquidTemplatesTest {

    private final LiquidTemplates liquid = new LiquidTemplates();
    private final LiquidTemplates.Facts facts = new LiquidTemplates.Facts(true, false, Set.of("contact.first_name"));

    @Test
    void loopsAssignmentsAndTheKnownVariablesPass() {
        assertThat(messages("{% assign greeting = 'Hi' %}{{ greeting }} {{ contact.first_name | upcase }},"
                + " {% for i in (1..3) %}{{ i }}{{ forloop.index }}{% endfor %} {{ links.unsubscribe_url }}"
                + " {{ content.landing_url }} {{ contact.email }}")).isEmpty();
    }

    @Test
    void anUnknownVariableIsNamedWithItsLineAndColumn() {
        assertThat(messages("Hello\n  {{ contact.frist_name }}")).singleElement().asString()
                .startsWith("'contact.frist_name' is not a variable").endsWith("(line 2, column 6)");
        assertThat(messages("{{ customer.name }}")).singleElement().asString().startsWith("'customer' is not a variable");
    }

    @Test
    void theOfferAndLandingPageMustExistToBeLinked() {
        assertThat(messages("{{ content.offer_url }}")).singleElement().asString()
                .startsWith("'content.offer_url' is used but the piece has no offer");
        assertThat(liquid.check("f", "{{ content.landing_url }}", new LiquidTemplates.Facts(false, false, Set.of())))
                .extracting(FieldError::message).singleElement().asString().contains("no landingUrl");
    }

    @Test
    void includesAndUnknownFiltersAreRefusedOnSave() {
        assertThat(messages("{% include 'secrets.txt' %}")).singleElement().asString().startsWith("includes are not available");
        assertThat(messages("{{ contact.first_name | shout }}")).singleElement().asString().startsWith("cannot be rendered");
    }

    @Test
    void rendersWithTheGivenValues() {
        assertThat(liquid.render("Hi {{ contact.first_name }}", Map.of("contact", Map.of("first_name", "Ada"))))
                .isEqualTo("Hi Ada");
    }

    private List<String> messages(String template) {
        return liquid.check("f", template, facts).stream().map(FieldError::message).toList();
    }
}
