package io.keepwarm.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.keepwarm.contact.AttributeDefinition;
import io.keepwarm.contact.AttributeType;
import io.keepwarm.contact.Attributes;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.Users;
import io.keepwarm.lifecycle.LifecycleRules;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.segment.Lists;
import io.keepwarm.segment.Operator;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.Segment;
import io.keepwarm.segment.Segments;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The segment editor: a refused save comes back as typed, with the message where the mistake is; its condition
 * builder offers the account's own attributes, lists and segments and writes conditions the rule language reads.
 */
@KeepwarmTest
class SegmentPagesTest {

    @Autowired Api api;
    @Autowired Segments segments;
    @Autowired Attributes attributes;
    @Autowired Lists lists;
    @Autowired Users users;
    @Autowired LifecycleRules lifecycle;
    @Autowired io.keepwarm.segment.internal.Membership membership;
    @Autowired io.keepwarm.support.TestClock clock;
    @Autowired io.keepwarm.handoff.HandoffSettings account;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aSecondSegmentUnderATakenNameIsShownAtTheNameFieldWithTheRuleAsTyped() throws Exception {
        MockHttpServletRequestBuilder create = post("/ui/segments").param("name", "Twice " + run)
                .param("text", "tag = \"twice-" + run + "\"");
        assertThat(as(create).getStatus()).isEqualTo(302);

        MockHttpServletResponse again = as(create);

        assertThat(again.getStatus()).isEqualTo(200);
        Document page = Jsoup.parse(again.getContentAsString());
        assertThat(FieldMessages.of(page, "segment-name")).as("what a screen reader reads with the field")
                .contains("already exists");
        assertThat(page.getElementById("rule-text").text()).isEqualTo("tag = \"twice-" + run + "\"");
        assertThat(segments.list(null, 500).items()).filteredOn(s -> s.name().equals("Twice " + run)).hasSize(1);
    }

    @Test
    void aSegmentWithoutANameIsToldSoBesideTheNameNotAboveTheForm() throws Exception {
        Document page = Jsoup.parse(as(post("/ui/segments").param("name", " ").param("description", "x".repeat(2001))
                .param("text", "tag = \"nameless-" + run + "\"")).getContentAsString());

        assertThat(FieldMessages.of(page, "segment-name")).as("what a screen reader reads with the field")
                .isEqualTo("is required, at most 200 characters");
        assertThat(page.getElementById("save-error")).isNull();
        assertThat(FieldMessages.of(page, "segment-description")).as("every mistake at once, not the name's first")
                .isEqualTo("is at most 2000 characters");
        assertThat(page.getElementById("rule-text").text()).isEqualTo("tag = \"nameless-" + run + "\"");
        assertThat(segments.list(null, 500).items()).extracting(Segment::name).doesNotContain("Long " + run);
    }

    @Test
    void aBlankNameAndAMistakeInTheRuleAreShownTogetherEachAtItsPlace() throws Exception {
        for (String rule : List.of("stage = NURTURE and\n  scroe >= 10", "stage = NURTURE and\n  @")) {
            Document page = Jsoup.parse(as(post("/ui/segments").param("name", "").param("text", rule))
                    .getContentAsString());

            assertThat(FieldMessages.of(page, "segment-name")).as(rule).isEqualTo("is required, at most 200 characters");
            var error = page.getElementById("rule-error");
            assertThat(List.of(error.attr("data-line"), error.attr("data-column"))).as(rule).containsExactly("2", "3");
            assertThat(page.getElementById("save-error")).isNull();
        }
    }

    @Test
    void theCaretUnderARuleMistakeStandsUnderItWhenTheRuleIsIndentedWithTabs() throws Exception {
        String rule = "tag = \"a\" and\n\t\tstage =\t@";
        MockHttpServletResponse preview = as(post("/ui/segments/preview").param("text", rule));

        Document page = Jsoup.parse(preview.getContentAsString());
        String[] excerpt = page.selectFirst("#rule-error pre.caret code").wholeText().split("\n");
        assertThat(page.getElementById("rule-error").attr("data-line")).isEqualTo("2");
        assertThat(page.getElementById("rule-error").attr("data-column")).isEqualTo("11");
        for (int tabWidth : new int[] {8, 4, 2}) {
            assertThat(shown(excerpt[1], tabWidth).indexOf('^')).as("tabs %d wide", tabWidth)
                    .isEqualTo(shown(excerpt[0], tabWidth).indexOf('@'));
        }
    }

    @Test
    void theBuilderOffersTheAccountsAttributesByLabelItsListsAndTheOtherSegmentsButNotTheOneEdited() throws Exception {
        attributes.define(new AttributeDefinition("renewal_" + run, "Renewal " + run, AttributeType.DATE, List.of(), false));
        long list = lists.create("Fair " + run, null).id();
        long other = segments.create(new Segments.Draft("Other " + run, null, segments.parse("tag = \"x\""))).id();
        Segment edited = segments.create(new Segments.Draft("Edited " + run, null, segments.parse("tag = \"y\"")));

        Document page = Jsoup.parse(as(get("/ui/segments/" + edited.id())).getContentAsString());

        String vocabulary = page.getElementById("condition-builder").attr("data-vocabulary");
        assertThat(vocabulary).contains("\"key\":\"renewal_" + run + "\",\"label\":\"Renewal " + run + "\"")
                .contains("\"key\":\"anniversary(renewal_" + run + ")\"")
                .contains("{\"value\":\"" + list + "\",\"label\":\"Fair " + run + "\"}")
                .contains("{\"value\":\"" + other + "\",\"label\":\"Other " + run + "\"}")
                .doesNotContain("\"label\":\"Edited " + run + "\"")
                .contains("\"words\":\"is within the last … days\"");
        assertThat(page.getElementById("condition-builder").hasAttr("hidden")).as("absent without a script").isTrue();
        assertThat(page.select("#condition-builder [name]")).as("nothing of the builder is saved").isEmpty();
    }

    @Test
    void theBuilderOffersStagesByTheAccountsNamesAndOtherCodedValuesInWordsYetWritesTheCodes() throws Exception {
        Document page = Jsoup.parse(as(get("/ui/segments/new")).getContentAsString());
        JsonNode terms = JsonMapper.shared().readTree(page.getElementById("condition-builder").attr("data-vocabulary"))
                .get("terms");

        Map<Stage, String> names = lifecycle.labels();
        Map<String, String> byCode = new java.util.LinkedHashMap<>();
        names.forEach((stage, name) -> byCode.put(stage.name(), name));
        assertThat(choices(terms, "stage")).as("in the funnel's order").containsExactlyEntriesOf(byCode);
        assertThat(choices(terms, "stage")).containsEntry("MQL", names.get(Stage.MQL)).doesNotContainValue("MQL");
        assertThat(choices(terms, "source")).containsEntry("TRADE_SHOW", "trade show").containsEntry("API", "the API");
        assertThat(choices(terms, "preferred_channel")).containsEntry("PHONE", "phone calls").containsEntry("SMS", "SMS");
        assertThat(choices(terms, "validity")).containsEntry("VALID", "valid");
        assertThat(choices(terms, "consent.email")).containsEntry("GRANTED", "granted");
        assertThat(choices(terms, "opened")).containsEntry("email", "email");

        MockHttpServletResponse added = as(post("/ui/segments/condition").param("term", "stage").param("op", "EQ")
                .param("value", "MQL"));
        assertThat(JsonMapper.shared().readTree(added.getContentAsString()).get("text").asString()).contains("MQL")
                .doesNotContain(names.get(Stage.MQL));
    }

    /** A term's choices as the builder offers them: what the rule says, and what a person reads. */
    private static Map<String, String> choices(JsonNode terms, String key) {
        JsonNode term = terms.valueStream().filter(t -> t.get("key").asString().equals(key)).findFirst().orElseThrow();
        return term.get("choices").valueStream().collect(Collectors.toMap(c -> c.get("value").asString(),
                c -> c.get("label").asString(), (a, b) -> a, java.util.LinkedHashMap::new));
    }

    @Test
    void anAddedConditionIsQuotedAsTheRuleLanguageWantsAndNarrowsAnOrTypedBefore() throws Exception {
        MockHttpServletResponse added = as(post("/ui/segments/condition").param("text", "tag = \"a\" or tag = \"b\"")
                .param("join", "and").param("term", "industry").param("op", "IN")
                .param("value", "HPC, \"Heavy\" \\ Manufacturing"));

        assertThat(added.getStatus()).isEqualTo(200);
        String text = JsonMapper.shared().readTree(added.getContentAsString()).get("text").asString();
        assertThat(text).isEqualTo("(tag = \"a\" or tag = \"b\") and industry in (\"HPC\", \"\\\"Heavy\\\" \\\\ Manufacturing\")");
        Rule.All rule = (Rule.All) segments.parse(text);
        assertThat(rule.rules().getLast()).isEqualTo(new Rule.Compare("industry", Operator.IN,
                List.of(new Rule.Literal.Text("HPC"), new Rule.Literal.Text("\"Heavy\" \\ Manufacturing"))));
    }

    @Test
    void theBuilderOffersTheOwnerByNameAndWritesTheirIdIntoTheRule() throws Exception {
        long rep = users.create(new Users.NewUser("owner-" + run, "Owen Rep " + run, null, Role.SALES,
                "a-long-enough-password")).id();

        Document page = Jsoup.parse(as(get("/ui/segments/new")).getContentAsString());

        assertThat(page.getElementById("condition-builder").attr("data-vocabulary"))
                .contains("{\"value\":\"" + rep + "\",\"label\":\"Owen Rep " + run + "\"}")
                .doesNotContain("user id");
        MockHttpServletResponse added = as(post("/ui/segments/condition").param("term", "owner").param("op", "EQ")
                .param("value", String.valueOf(rep)));
        assertThat(JsonMapper.shared().readTree(added.getContentAsString()).get("text").asString())
                .isEqualTo("owner = " + rep);
        MockHttpServletResponse refused = as(post("/ui/segments/condition").param("term", "owner").param("op", "EQ")
                .param("value", "999999999"));
        assertThat(refused.getStatus()).isEqualTo(400);
        assertThat(JsonMapper.shared().readTree(refused.getContentAsString()).get("detail").asString())
                .isEqualTo("'999999999' is not one of Owner's values; pick one from the list");
    }

    @Test
    void aValueWithACommaIsQuotedInTheBoxAsInTheRuleTextAndStaysOneValue() throws Exception {
        MockHttpServletResponse added = as(post("/ui/segments/condition").param("term", "industry").param("op", "IN")
                .param("value", "\"Oil, Gas\", Retail, \"Acme \\\"Best\\\", Inc.\""));

        String text = JsonMapper.shared().readTree(added.getContentAsString()).get("text").asString();
        assertThat(text).isEqualTo("industry in (\"Oil, Gas\", \"Retail\", \"Acme \\\"Best\\\", Inc.\")");
        assertThat(segments.parse(text)).isEqualTo(new Rule.Compare("industry", Operator.IN, List.of(
                new Rule.Literal.Text("Oil, Gas"), new Rule.Literal.Text("Retail"),
                new Rule.Literal.Text("Acme \"Best\", Inc."))));

        MockHttpServletResponse refused = as(post("/ui/segments/condition").param("term", "industry").param("op", "IN")
                .param("value", "Retail, \"Oil, Gas"));
        assertThat(refused.getStatus()).isEqualTo(400);
        assertThat(JsonMapper.shared().readTree(refused.getContentAsString()).get("detail").asString())
                .isEqualTo("the quote before 'Oil, Gas' is not closed; put a value with a comma in quotes, such as"
                        + " \"Acme, Inc.\"");
    }

    @Test
    void aMistakeOfMeaningIsShownAtItsLineAndColumnWithACaretAsASyntaxErrorIs() throws Exception {
        String rule = "stage = NURTURE and\n  scroe >= 10";
        Document previewed = Jsoup.parse(as(post("/ui/segments/preview").param("text", rule)).getContentAsString());
        Document saved = Jsoup.parse(as(post("/ui/segments").param("name", "Typo " + run).param("text", rule))
                .getContentAsString());

        for (Document page : List.of(previewed, saved)) {
            var error = page.getElementById("rule-error");
            assertThat(List.of(error.attr("data-line"), error.attr("data-column"))).containsExactly("2", "3");
            assertThat(error.selectFirst("p").text()).contains("line 2, column 3: 'scroe' is not a field")
                    .doesNotContain("rule.");
            assertThat(error.selectFirst("pre.caret code").wholeText()).isEqualTo("  scroe >= 10\n  ^");
        }
        assertThat(saved.getElementById("rule-text").attr("aria-invalid")).isEqualTo("true");
        assertThat(saved.getElementById("save-error")).as("beside the rule, not above the form").isNull();
        // As you type the mistake is no alert read out at each pause, only "The rule has a mistake" when it first is.
        assertThat(previewed.getElementById("rule-error").hasAttr("role")).isFalse();
        assertThat(previewed.select("[data-said]").text()).isEqualTo("The rule has a mistake.");
        assertThat(saved.getElementById("rule-error").attr("role")).as("a save refused is").isEqualTo("alert");
        assertThat(saved.getElementById("preview").hasAttr("aria-live")).as("the preview is read when wanted").isFalse();
        assertThat(saved.title()).isEqualTo("Error: New segment · Segment · Keepwarm");
        assertThat(segments.list(null, 500).items()).extracting(Segment::name).doesNotContain("Typo " + run);
    }

    @Test
    void aValueTheFieldCannotTakeIsShownUnderThatValue() throws Exception {
        Document previewed = Jsoup.parse(as(post("/ui/segments/preview").param("text", "stage in (NURTURE, NURTUR)"))
                .getContentAsString());

        assertThat(previewed.getElementById("rule-error").attr("data-column")).isEqualTo("20");
        assertThat(previewed.getElementById("rule-error").selectFirst("p").text())
                .contains("'NURTUR' is not one of stage's values");
    }

    @Test
    void aRegionNamingSeveralPlacesIsCountedWithAWarningSayingHowEachIsReadAndHowToNameOne() throws Exception {
        Document previewed = Jsoup.parse(as(post("/ui/segments/preview").param("text", "region = \"WA\""))
                .getContentAsString());
        Document plain = Jsoup.parse(as(post("/ui/segments/preview").param("text", "region = \"Bayern\""))
                .getContentAsString());

        assertThat(previewed.getElementById("live-count")).as("the rule is read all the same").isNotNull();
        assertThat(previewed.getElementById("rule-warnings").text()).isEqualTo("'WA' names Washington (US) and Western"
                + " Australia (AU): a region condition reads it in each contact's own country, so it finds Washington"
                + " (US) for US contacts, Western Australia (AU) for AU contacts, and these words in any other contact's"
                + " region. For one of them only, write region = \"US-WA\" for Washington (US), region = \"AU-WA\" for"
                + " Western Australia (AU).");
        assertThat(plain.getElementById("rule-warnings")).as("Bayern is one place").isNull();
        assertThat(previewed.selectFirst("[data-said]").text()).as("announced once with the count, not at each redraw")
                .endsWith("now; read the warning below the example");
        assertThat(previewed.getElementById("rule-warnings").hasAttr("role")).isFalse();
        assertThat(plain.selectFirst("[data-said]").text()).doesNotContain("warning");
    }

    @Test
    void aRangeWrittenHighEndFirstIsRefusedSayingHowToWriteIt() throws Exception {
        MockHttpServletResponse built = as(post("/ui/segments/condition").param("term", "score").param("op", "BETWEEN")
                .param("value", "50").param("value", "10"));
        Document previewed = Jsoup.parse(as(post("/ui/segments/preview").param("text", "score between 50 and 10"))
                .getContentAsString());

        assertThat(built.getStatus()).isEqualTo(400);
        assertThat(JsonMapper.shared().readTree(built.getContentAsString()).get("detail").asString())
                .startsWith("50 is above 10, so no contact is between them: write between 10 and 50");
        assertThat(previewed.getElementById("rule-error").selectFirst("p").text())
                .contains("line 1, column 15: 50 is above 10").doesNotContain("contacts match");
        assertThat(Jsoup.parse(as(post("/ui/segments/preview").param("text", "score between 10 and 50"))
                .getContentAsString()).getElementById("live-count")).isNotNull();
    }

    @Test
    void anOwnerWhoIsNoUserIsRefusedOnSaveNamingTheUsers() throws Exception {
        Document saved = Jsoup.parse(as(post("/ui/segments").param("name", "Nobody's " + run)
                .param("text", "owner = 999999999")).getContentAsString());

        assertThat(saved.getElementById("rule-error").selectFirst("p").text())
                .contains("line 1, column 9: there is no user 999999999, so no contact is theirs");
        assertThat(segments.list(null, 500).items()).extracting(Segment::name).doesNotContain("Nobody's " + run);
    }

    @Test
    void aValueThatDoesNotFitTheFieldIsRefusedInWords() throws Exception {
        MockHttpServletResponse refused = as(post("/ui/segments/condition").param("text", "")
                .param("term", "score").param("op", "GE").param("value", "lots"));

        assertThat(refused.getStatus()).isEqualTo(400);
        assertThat(refused.getContentType()).startsWith("application/problem+json");
        assertThat(JsonMapper.shared().readTree(refused.getContentAsString()).get("detail").asString())
                .isEqualTo("'lots' is not a number such as 42 or 2.5");
    }

    /** A line as a page shows it, each tab running to the next tab stop. */
    private static String shown(String line, int tabWidth) {
        StringBuilder shown = new StringBuilder();
        for (char c : line.toCharArray()) {
            shown.append(c == '\t' ? " ".repeat(tabWidth - shown.length() % tabWidth) : String.valueOf(c));
        }
        return shown.toString();
    }

    @Test
    void theSegmentListShowsEachSegmentsMembersAtItsLastRefreshAndWhenThatWas() throws Exception {
        for (int i = 0; i < 2; i++) {
            api.createContact("{\"email\": \"sized%d.%s@example.com\", \"tags\": [\"sized-%s\"]}".formatted(i, run, run));
        }
        Segment sized = segments.create(new Segments.Draft("Sized " + run, null, segments.parse("tag = \"sized-" + run + "\"")));
        membership.refresh(false);
        Segment fresh = segments.create(new Segments.Draft("Fresh " + run, null, segments.parse("tag = \"sized-" + run + "\"")));
        long byKey = Api.json(api.post("/api/v1/segments", """
                {"name": "Keyed %s", "text": "tag = \\"sized-%s\\""}""".formatted(run, run)))
                .get("id").asLong();

        Document page = Jsoup.parse(as(get("/ui/segments")).getContentAsString());

        var refreshed = page.selectFirst("#segment-list tr[data-segment=" + sized.id() + "]");
        assertThat(refreshed.selectFirst(".members").text()).isEqualTo("2");
        String members = refreshed.selectFirst(".members a").attr("href");
        assertThat(members).as("the count leads to the members").isEqualTo(Jsoup.parse(
                as(get("/ui/segments/" + sized.id())).getContentAsString()).selectFirst("#segment-members a").attr("href"));
        Document list = Jsoup.parse(as(get(java.net.URI.create(members))).getContentAsString());
        assertThat(list.select("#contact-list tbody tr")).hasSize(2);
        assertThat(refreshed.selectFirst(".refreshed").text()).as("on the viewer's clock, the account's").isEqualTo(
                java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(account.zone())
                        .format(clock.instant()));
        assertThat(page.getElementById("segments-zone").text()).isEqualTo("Times in " + account.zone().getId() + ".");
        var notYet = page.selectFirst("#segment-list tr[data-segment=" + fresh.id() + "]");
        assertThat(List.of(notYet.selectFirst(".members").text(), notYet.selectFirst(".refreshed").text()))
                .containsExactly("—", "not yet");
        assertThat(page.selectFirst("#segment-list tr[data-segment=" + byKey + "] .creator").text())
                .as("who made it as people read it, not 'api-key:…'").startsWith("API key '");
    }

    private MockHttpServletResponse as(MockHttpServletRequestBuilder request) throws Exception {
        return api.mvc().perform(request.with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER")).with(csrf()))
                .andReturn().getResponse();
    }
}
