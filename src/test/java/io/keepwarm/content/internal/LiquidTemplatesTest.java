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
    void anEmojiBeforeAMistakeCountsAsOneColumnAsAReaderCountsIt() {
        assertThat(messages("Hi 😀😀\n😀 {{ contact.frist_name }}")).singleElement().asString()
                .startsWith("'contact.frist_name' is not a variable").endsWith("(line 2, column 6)");
        assertThat(messages("😀😀\n{{ contact.frist_name }}")).singleElement().asString().endsWith("(line 2, column 4)");
        assertThat(messages("😀\n😀 {% include 'x' %}")).singleElement().asString()
                .startsWith("includes are not available").endsWith("(line 2, column 3)");
        assertThat(messages("😀\n😀😀 {% if %}")).singleElement().asString()
                .startsWith("is not valid Liquid: '{% if %}' needs a condition").endsWith("(line 2, column 4)");
    }

    @Test
    void aSyntaxMistakeIsSaidInTheAuthorsWordsAtTheTagOrOutputItIsAbout() {
        assertThat(messages("Hi\n{% if contact.first_name %}Dear {{ contact.first_name }}")).containsExactly(
                "is not valid Liquid: a '{% if %}' is never closed with '{% endif %}' (line 2, column 1)");
        assertThat(messages("{% iff contact.first_name %}x{% endif %}")).containsExactly(
                "is not valid Liquid: unknown tag 'iff'; did you mean 'if'? (line 1, column 1)");
        assertThat(messages("<p>Dear\n  {{ contact.first_name </p>")).containsExactly(
                "is not valid Liquid: '{{' is never closed with '}}' (line 2, column 3)");
        assertThat(messages("{{ 'Hello }}")).containsExactly(
                "is not valid Liquid: the text in quotes that starts with ' is never closed with another ' (line 1, column 4)");
        assertThat(messages("{% if contact.first_name %}\n{% for i in (1..3) %}{{ i }}\n{% endif %}")).containsExactly(
                "is not valid Liquid: the '{% for %}' on line 2, column 1 is never closed with '{% endfor %}' before"
                        + " this '{% endif %}' (line 3, column 1)");
        assertThat(messages("x{% endif %}")).containsExactly(
                "is not valid Liquid: '{% endif %}' closes nothing: no '{% if %}' is open before it (line 1, column 2)");
        assertThat(messages("{% if contact.first_name %}a{% else %}b{% elsif true %}c{% endif %}")).singleElement()
                .asString().startsWith("is not valid Liquid: '{% elsif %}' comes after the '{% else %}'")
                .endsWith("(line 1, column 40)");
        assertThat(messages("{{ contact.first_name | }}")).containsExactly("is not valid Liquid: '{{ contact.first_name | }}'"
                + " cannot be read: a '|' must be followed by a filter's name, as in"
                + " {{ contact.first_name | default: \"there\" }} (line 1, column 1)");
        assertThat(messages("{% if contact.country == %}x{% endif %}")).singleElement().asString()
                .startsWith("is not valid Liquid: '{% if contact.country == %}' cannot be read")
                .endsWith("(line 1, column 1)");
        assertThat(messages("{% increment %}")).containsExactly(
                "'{% increment %}' needs a counter's name, as in {% increment counter %} (line 1, column 1)");
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
        assertThat(messages("{{ contact.first_name | shout }}")).singleElement().asString()
                .startsWith("unknown filter 'shout'; Liquid's filters are [abs, absolute_url, append,").endsWith("(line 1, column 23)");
    }

    @Test
    void theDateFilterIsRefusedOnSaveEvenInABranchTheSampleRenderNeverReaches() {
        assertThat(messages("{% case contact.first_name %}{% when \"Ada\" %}{{ \"now\" | date: \"%m/%d/%Y\" }}{% endcase %}"))
                .singleElement().asString().startsWith("the date filter is not available");
    }

    @Test
    void aTemplateThatCannotBeRenderedFailsWithAnExceptionNotAnErrorThatWouldStopTheEngine() {
        Map<String, Object> context = context("contact.country", "US", Map.of());
        String source = "{% if contact.country == \"US\" %}{{ \"now\" | date: \"%Y\" }}{% endif %}";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> liquid.render(source, context))
                .isInstanceOf(RuntimeException.class).hasMessageContaining("filter Keepwarm does not offer");
    }

    @Test
    void aTemplateOfTextAndOutputsRendersAsLiqpWouldWithoutWalkingTheTextEachTime() {
        // A condition on a contact variable (contact.score could be a custom attribute) reads its real value.
        Map<String, Object> context = Map.of("contact", Map.of("first_name", "Ada &amp; Bo", "score", 42),
                "company", Map.of("name", "Acme"), TemplateVariables.REAL, Map.of("contact", Map.of("score", 42)));
        List<String> sources = List.of(
                "<p>Dear {{ contact.first_name }},</p>\n<p>{{ company.name | upcase }} and {{contact.score | plus: 1}}</p>",
                "{{ contact.first_name }}{{ company.name }}",
                "no outputs at all } { }}",
                "{{ contact.missing | default: \"there\" }} at {{ company.name | append: ' Inc' }}",
                "{{ contact.first_name | replace: \"}}\", \"x\" }} stays with liqp",
                "{% if contact.score > 40 %}warm{% endif %} {{ contact.first_name }}",
                "  {{- contact.first_name -}}  trimmed");
        var plain = new liqp.TemplateParser.Builder().build();
        for (String source : sources) {
            assertThat(liquid.render(source, context)).as(source).isEqualTo(plain.parse(source).render(context));
        }
        assertThat(LiquidTemplates.outputsOnly(sources.get(0))).hasSize(7);
        assertThat(LiquidTemplates.outputsOnly(sources.get(4))).as("a literal holding }}").isNull();
        assertThat(LiquidTemplates.outputsOnly(sources.get(5))).as("tags").isNull();
        assertThat(LiquidTemplates.outputsOnly(sources.get(6))).as("whitespace control").isNull();
    }

    @Test
    void renderingOnePieceForManyContactsAtOnceGivesEachContactTheirOwnName() throws Exception {
        String source = "<p>Dear {{ contact.first_name }},</p>" + "<p>Something useful.</p>".repeat(50)
                + "<p>Bye {{ contact.first_name }}</p>";
        List<java.util.concurrent.Callable<List<String>>> workers = new java.util.ArrayList<>();
        for (int w = 0; w < 8; w++) {
            String name = "Name" + w;
            workers.add(() -> {
                List<String> wrong = new java.util.ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    String out = liquid.render(source, Map.of("contact", Map.of("first_name", name)));
                    if (!out.startsWith("<p>Dear " + name + ",</p>") || !out.endsWith("<p>Bye " + name + "</p>")) {
                        wrong.add(out.substring(0, 20));
                    }
                }
                return wrong;
            });
        }
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (var result : pool.invokeAll(workers)) {
                assertThat(result.get()).as("renders that carried another contact's name").isEmpty();
            }
        }
    }

    @Test
    void aTemplateThatWouldMakeHundredsOfMegabytesIsRefusedOnSaveNamingTheLimitWithoutFillingTheMemory() {
        String as = "a".repeat(10_000);
        Map<String, String> bombs = Map.of(
                "doubled by append in a loop (335 million characters)", "{% assign s = '0123456789' %}"
                        + "{% for i in (1..25) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}",
                "doubled by prepend, only a few characters shown", "{% assign s = '0123456789' %}"
                        + "{% for i in (1..25) %}{% assign s = s | prepend: s %}{% endfor %}{{ s | truncate: 5 }}",
                "one replace (100 million characters)", "{{ '" + as + "' | replace: 'a', '" + as + "' | size }}",
                "a list doubled by concat", "{% assign l = 'x,y' | split: ',' %}"
                        + "{% for i in (1..20) %}{% assign l = l | concat: l %}{% endfor %}{{ l | size }}",
                "a list joined into text", "{% assign s = '0123456789' %}{% for i in (1..17) %}{% assign s = s"
                        + " | append: s %}{% endfor %}{% assign l = s | split: ',' %}{% for i in (1..12) %}"
                        + "{% assign l = l | concat: l %}{% endfor %}{{ l | upcase | size }}",
                "a number squared in a loop", "{% assign n = 1.5 %}{% for i in (1..16) %}{% assign n = n | times: n %}"
                        + "{% endfor %}{{ n | size }}");
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        bombs.forEach((what, bomb) -> {
            long before = threads.getCurrentThreadAllocatedBytes();
            List<String> messages = messages(bomb);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;

            assertThat(messages).as(what).singleElement().asString().startsWith("cannot be rendered: rendering it would make")
                    .containsPattern("more than [\\d,]+ (characters|items|digits)");
            assertThat(allocated).as(what + ": bytes allocated while checking").isLessThan(150_000_000L);
        });
        assertThat(messages("{% assign s = '0123456789' %}{% for i in (1..25) %}{% assign s = s | append: s %}"
                + "{% endfor %}")).singleElement().asString().contains("more than 2,000,000 characters");
    }

    @Test
    void aRenderThatGrowsTooLargeForOneContactStopsWithTheLimitNamed() {
        String source = "{% for i in (1..10000) %}{{ contact.first_name }}{% endfor %}";
        assertThat(messages(source)).as("the sample name is short enough").isEmpty();

        Map<String, Object> context = Map.of("contact", Map.of("first_name", "x".repeat(250)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> liquid.render(source, context))
                .isInstanceOf(RenderTooLargeException.class).hasMessageContaining("more than 2,000,000 characters");
        String outputsOnly = "{{ contact.first_name | append: contact.first_name }}".repeat(5_000);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> liquid.render(outputsOnly, context))
                .isInstanceOf(RenderTooLargeException.class).hasMessageContaining("more than 2,000,000 characters");
    }

    @Test
    void ordinaryFiltersLoopsAndCapturesStillRender() {
        Map<String, Object> context = Map.of("contact", Map.of("first_name", "Ada"));
        assertThat(liquid.render("{% capture g %}Hi {{ contact.first_name | upcase }}{% endcapture %}{{ g | append: '!' }}"
                + " {% for i in (1..3) %}{{ i | times: 1.5 }},{% endfor %} {{ 'a,b' | split: ',' | join: '+' }}"
                + " {{ 'x-y' | replace: '-', '--' }}", context)).isEqualTo("Hi ADA! 1.5,3.0,4.5, a+b x--y");
    }

    @Test
    void rendersWithTheGivenValues() {
        assertThat(liquid.render("Hi {{ contact.first_name }}", Map.of("contact", Map.of("first_name", "Ada"))))
                .isEqualTo("Hi Ada");
    }

    @Test
    void aVariableOnlyTestedOrShownWhereItHasAValueNeedsNoFallback() {
        LiquidTemplates.Facts noFallbacks = new LiquidTemplates.Facts(true, false, Set.of());
        List<String> sources = List.of(
                "{% if contact.first_name %}Hi {{ contact.first_name | capitalize }}{% else %}Hello{% endif %}",
                "{% if contact.first_name != blank and company.name %}{{ contact.first_name }} at {{ company.name }}"
                        + "{% endif %}",
                "{% if owner.name == blank %}The team{% elsif contact.city %}{{ contact.city }}{% endif %}",
                "{% unless company.name %}your company{% endunless %}",
                "{% case contact.country %}{% when \"DE\" %}Hallo{% else %}Hello{% endcase %}",
                "{% unless contact.first_name %}Hello{% else %}Hi {{ contact.first_name }}{% endunless %}",
                "{% unless contact.first_name == blank %}Hi {{ contact.first_name }}{% endunless %}",
                "{% if contact.first_name == blank %}Hello{% else %}Hi {{ contact.first_name }}{% endif %}",
                "{% if contact.first_name == empty or company.name == nil %}Hello{% elsif contact.city %}"
                        + "{{ contact.first_name }} of {{ company.name }} in {{ contact.city }}{% endif %}",
                "{% case contact.first_name %}{% when blank %}Hello{% else %}Hi {{ contact.first_name }}{% endcase %}",
                "{% case contact.first_name %}{% when \"Ada\" %}Ada!{% when empty, nil %}Hello{% when \"Bo\" %}"
                        + "Bo {{ contact.first_name }}{% else %}Hi {{ contact.first_name }}{% endcase %}",
                "Hi {{ contact.first_name | default: \"there\" }}, {{ company.name | default: content.name }}");
        for (String source : sources) {
            assertThat(liquid.check("f", source, noFallbacks)).as(source).isEmpty();
        }
    }

    @Test
    void aVariableABlankCouldReachTheReaderFromStillNeedsAFallback() {
        LiquidTemplates.Facts noFallbacks = new LiquidTemplates.Facts(true, false, Set.of());
        List<String> sources = List.of(
                "Hi {{ contact.first_name }}",
                "Hi {{ contact.first_name }}{% if contact.last_name %}{% endif %}",
                "{% if contact.first_name %}{% else %}Hi {{ contact.first_name }}{% endif %}",
                "{% if contact.first_name or contact.last_name %}Hi {{ contact.first_name }}{% endif %}",
                "{% if contact.last_name %}Hi {{ contact.first_name }}{% endif %}",
                "{% if contact.first_name == \"\" %}{% else %}Hi {{ contact.first_name }}{% endif %}",
                "{% unless contact.first_name %}Hi {{ contact.first_name }}{% endunless %}",
                "{% unless contact.first_name == blank %}{% else %}Hi {{ contact.first_name }}{% endunless %}",
                "{% if contact.first_name == blank and contact.last_name == blank %}{% else %}Hi {{ contact.first_name }}"
                        + "{% endif %}",
                "{% if contact.last_name == blank %}{% else %}Hi {{ contact.first_name }}{% endif %}",
                "{% case contact.first_name %}{% when \"Ada\" %}{% else %}Hi {{ contact.first_name }}{% endcase %}",
                "{% case contact.first_name %}{% when blank %}Hi {{ contact.first_name }}{% endcase %}",
                "{% case contact.last_name %}{% when blank %}{% else %}Hi {{ contact.first_name }}{% endcase %}",
                "Hi {{ \"you\" | append: contact.first_name }}",
                "Hi {{ contact.first_name | upcase | default: \"there\" }}",
                "{% assign n = contact.first_name %}Hi {{ n }}");
        for (String source : sources) {
            assertThat(liquid.check("f", source, noFallbacks)).as(source).extracting(FieldError::message)
                    .singleElement().asString().startsWith("'contact.first_name' has no fallback; add one to"
                            + " fallbacks, e.g. {\"contact.first_name\": \"there\"}, so a contact without it"
                            + " never reads a blank (line 1");
        }
    }

    @Test
    void aConditionTestsTheContactsRealNameWhileAPlainOutputStillShowsTheFallback() {
        // The emoji, two UTF-16 units but one code point, is before the condition that is rewritten.
        String source = "😀 {% if contact.first_name %}Hi {{ contact.first_name }}{% else %}Hello{% endif %}, dear"
                + " {{ contact.first_name }}";
        Map<String, String> fallbacks = Map.of("contact.first_name", "reader");

        assertThat(liquid.render(source, context("contact.first_name", " ", fallbacks)))
                .isEqualTo("😀 Hello, dear reader");
        assertThat(liquid.render(source, context("contact.first_name", "Ada", fallbacks)))
                .isEqualTo("😀 Hi Ada, dear Ada");
        assertThat(liquid.render("Dear {{ contact.first_name }},", context("contact.first_name", null, fallbacks)))
                .as("the fast path").isEqualTo("Dear reader,");
    }

    @Test
    void blankAndEmptyFindAMissingValueAsLiquidWritersExpect() {
        String source = "{% if contact.city == blank %}no city{% endif %}|{% if contact.city != empty %}"
                + "{{ contact.city }}{% endif %}|{% unless contact.city %}none{% endunless %}"
                + "|{% if contact.city == nil %}nil{% endif %}"
                + "|{% case contact.city %}{% when nil %}nowhere{% when \"Oslo\" %}Norway{% endcase %}"
                + "|{% case contact.city %}{% when blank %}blank{% else %}{{ contact.city }}{% endcase %}"
                + "|{% case contact.city %}{% when \"Oslo\", empty %}empty or Oslo{% endcase %}"
                + "|{% unless contact.city %}none{% else %}{{ contact.city }}{% endunless %}"
                + "|{% if contact.city == blank %}blank{% else %}{{ contact.city }}{% endif %}";
        for (String missing : java.util.Arrays.asList(null, "", " \u00A0")) {
            assertThat(liquid.render(source, context("contact.city", missing, Map.of("contact.city", "your city"))))
                    .isEqualTo("no city||none|nil|nowhere|blank|empty or Oslo|none|blank");
        }
        assertThat(liquid.render(source, context("contact.city", "Oslo", Map.of())))
                .isEqualTo("|Oslo|||Norway|Oslo|empty or Oslo|Oslo|Oslo");
    }

    @Test
    void anOutputsOwnDefaultIsShownForAMissingValueEvenWhereTheAuthorSetAFallback() {
        Map<String, String> fallbacks = Map.of("contact.first_name", "reader");
        for (String source : List.of("Hi {{ contact.first_name | default: \"there\" }}!",
                "Hi {{ contact.first_name | default: \"there\" }}!{% comment %}rendered whole{% endcomment %}")) {
            assertThat(liquid.render(source, context("contact.first_name", null, Map.of()))).isEqualTo("Hi there!");
            assertThat(liquid.render(source, context("contact.first_name", "", fallbacks))).isEqualTo("Hi there!");
            assertThat(liquid.render(source, context("contact.first_name", "Ada & Bo", fallbacks), true))
                    .isEqualTo("Hi Ada &amp; Bo!");
        }
    }

    /** The engine's context for a contact with {@code value} at {@code path}, and no other values. */
    private static Map<String, Object> context(String path, String value, Map<String, String> fallbacks) {
        String[] values = new String[TemplateVariables.PATHS.size()];
        values[TemplateVariables.PATHS.indexOf(path)] = value;
        return TemplateVariables.context(values, fallbacks);
    }

    private List<String> messages(String template) {
        return liquid.check("f", template, facts).stream().map(FieldError::message).toList();
    }
}
