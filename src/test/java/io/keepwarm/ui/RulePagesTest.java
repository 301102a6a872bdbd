package io.keepwarm.ui;

import static io.keepwarm.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.keepwarm.identity.Role;
import io.keepwarm.scoring.ScoringRules;
import io.keepwarm.scoring.ScoringRules.FitRule;
import io.keepwarm.scoring.internal.FitGrading;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.trigger.Action;
import io.keepwarm.trigger.Cue;
import io.keepwarm.trigger.Trigger;
import io.keepwarm.trigger.Triggers;
import java.util.List;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The trigger and scoring forms: what is saved is what was typed, and mistakes come back at their fields. */
@KeepwarmTest
class RulePagesTest {

    @Autowired Api api;
    @Autowired Triggers triggers;
    @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;
    @Autowired ScoringRules scoringRules;
    @Autowired FitGrading grading;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aTriggerFormSavesItsWhenIfAndDoAndOpensAgainWithThem() throws Exception {
        MockHttpServletResponse saved = as(post("/ui/triggers").param("name", "Pricing cue " + run).param("status", "ACTIVE")
                .param("when.type", "activity").param("when.activity", "PAGE_VIEW").param("when.target", "/pricing")
                .param("condition", "stage = NURTURE")
                .param("actions[0].type", "createTask").param("actions[0].title", "Call about pricing")
                .param("actions[0].dueInHours", "4").param("actions[0].call", "true")
                .param("actions[1].type", "addTag").param("actions[1].tag", "Pricing"));

        assertThat(saved.getStatus()).isEqualTo(302);
        long id = Long.parseLong(saved.getRedirectedUrl().replaceAll("\\D+(\\d+)", "$1"));
        Trigger trigger = triggers.get(id);
        assertThat(trigger.when()).isEqualTo(new Cue.Activity(io.keepwarm.activity.ActivityType.PAGE_VIEW, null, "/pricing"));
        assertThat(trigger.condition()).isNotNull();
        assertThat(trigger.actions()).containsExactly(new Action.CreateTask("Call about pricing", null, 4, null, true),
                new Action.AddTag("pricing"));

        Document page = Jsoup.parse(as(get("/ui/triggers/" + id)).getContentAsString());
        assertThat(page.getElementById("when-target").val()).isEqualTo("/pricing");
        assertThat(page.getElementById("a0-title").val()).isEqualTo("Call about pricing");
        assertThat(page.getElementById("a0-call").hasAttr("checked")).as("a call, as saved").isTrue();
        assertThat(page.getElementById("a1-tag").val()).isEqualTo("pricing");
        Document list = Jsoup.parse(as(get("/ui/triggers")).getContentAsString());
        assertThat(list.select("#trigger-list tr[data-id=" + id + "] td").eachText()).as("told apart from others of its kind")
                .satisfies(cells -> assertThat(cells.get(1)).endsWith(": page view of '/pricing'"))
                .satisfies(cells -> assertThat(cells.get(2)).isEqualTo("stage = NURTURE"));

        as(post("/ui/triggers/" + id + "/status").param("status", "PAUSED"));
        assertThat(triggers.get(id).status()).isEqualTo(Trigger.Status.PAUSED);
        as(post("/ui/triggers/" + id + "/delete"));
        assertThat(triggers.list(null, null, 500).items()).extracting(Trigger::id).doesNotContain(id);
    }

    @Test
    void aTriggerWithAMistypedNumberAndNoTagComesBackAsTypedWithEachMessageAtItsField() throws Exception {
        Document page = Jsoup.parse(as(post("/ui/triggers").param("name", "Broken " + run)
                .param("when.type", "tagAdded").param("when.tag", "")
                .param("actions[0].type", "adjustScore").param("actions[0].points", "ten")).getContentAsString());

        assertThat(page.getElementById("when-tag").nextElementSibling().text()).contains("is required");
        assertThat(FieldMessages.of(page, "when-tag")).as("what a screen reader reads with the field").contains("is required");
        assertThat(page.getElementById("a0-points").val()).isEqualTo("ten");
        assertThat(page.getElementById("a0-points").nextElementSibling().text()).contains("whole number");
        assertThat(FieldMessages.of(page, "a0-points")).contains("whole number");
        assertThat(page.getElementById("t-name").hasAttr("aria-invalid")).as("a field without a mistake").isFalse();
        assertThat(page.getElementById("t-name").val()).isEqualTo("Broken " + run);
        assertThat(page.getElementById("trigger-errors").select("li").eachText()).as("named by the form's labels")
                .anySatisfy(line -> assertThat(line).startsWith("Tag: ").contains("is required"))
                .anySatisfy(line -> assertThat(line).startsWith("Action 1, points: ").contains("whole number"))
                .noneSatisfy(line -> assertThat(line).containsAnyOf("when.", "actions["));
    }

    @Test
    void aConditionThatMeansNothingIsShownBesideItAtItsLineAndColumnInWords() throws Exception {
        Document page = Jsoup.parse(as(post("/ui/triggers").param("name", "Bogus " + run)
                .param("when.type", "tagAdded").param("when.tag", "vip").param("condition", "tag = \"vip\" and\nbogus = 1")
                .param("actions[0].type", "addTag").param("actions[0].tag", "seen")).getContentAsString());

        var condition = page.getElementById("t-condition");
        assertThat(condition.attr("aria-invalid")).isEqualTo("true");
        assertThat(condition.attr("aria-describedby")).isEqualTo("condition-error");
        var beside = page.getElementById("condition-error").getElementById("rule-error");
        assertThat(List.of(beside.attr("data-line"), beside.attr("data-column"))).containsExactly("2", "1");
        assertThat(beside.selectFirst("p").text()).startsWith("line 2, column 1: 'bogus' is not a field");
        assertThat(beside.selectFirst("pre.caret code").wholeText()).isEqualTo("bogus = 1\n^");
        assertThat(page.getElementById("trigger-errors").select("li").eachText())
                .anySatisfy(line -> assertThat(line).startsWith("If: line 2, column 1: 'bogus' is not a field"))
                .noneSatisfy(line -> assertThat(line).contains("condition."));
        assertThat(triggers.list(null, null, 500).items()).extracting(Trigger::name).doesNotContain("Bogus " + run);
    }

    @Test
    void aMistypedChannelIsEchoedAsTypedAtItsLineAndColumn() throws Exception {
        Document page = Jsoup.parse(as(post("/ui/triggers").param("name", "Channel " + run)
                .param("when.type", "tagAdded").param("when.tag", "vip").param("condition", "replied(emial)")
                .param("actions[0].type", "addTag").param("actions[0].tag", "seen")).getContentAsString());

        assertThat(page.getElementById("condition-error").getElementById("rule-error").selectFirst("p").text())
                .startsWith("line 1, column 9: 'emial' is not a channel; use email, phone or sms");
    }

    @Test
    void aConditionThatDoesNotParseIsShownBesideItWithACaretToo() throws Exception {
        Document page = Jsoup.parse(as(post("/ui/triggers").param("name", "Unparsed " + run)
                .param("when.type", "tagAdded").param("when.tag", "vip").param("condition", "stage = ")
                .param("actions[0].type", "addTag").param("actions[0].tag", "seen")).getContentAsString());

        var beside = page.getElementById("condition-error").getElementById("rule-error");
        assertThat(beside.attr("data-column")).isEqualTo("9");
        assertThat(beside.selectFirst("p").text()).startsWith("line 1, column 9: expected a value");
        assertThat(page.getElementById("t-condition").attr("aria-invalid")).isEqualTo("true");
    }

    @Test
    void mistypedPointsWithEverythingElseRightAreShownAsTypedAndNothingIsSaved() throws Exception {
        for (String points : List.of("5.0", "ten", "99999999999")) {
            MockHttpServletResponse answer = as(post("/ui/triggers").param("name", "Points " + points + " " + run)
                    .param("when.type", "tagAdded").param("when.tag", "vip")
                    .param("actions[0].type", "adjustScore").param("actions[0].points", points));

            assertThat(answer.getStatus()).as(points).isEqualTo(200);
            Document page = Jsoup.parse(answer.getContentAsString());
            assertThat(page.getElementById("a0-points").val()).isEqualTo(points);
            assertThat(page.getElementById("a0-points").nextElementSibling().text()).contains("whole number");
            assertThat(triggers.list(null, null, 500).items()).extracting(Trigger::name)
                    .doesNotContain("Points " + points + " " + run);
        }

        long id = triggers.create(new Trigger.Draft("Five points " + run, null, Trigger.Status.ACTIVE,
                new Cue.TagAdded("vip"), null, List.of(new Action.AdjustScore(5)))).id();
        MockHttpServletResponse edited = as(post("/ui/triggers/" + id).param("name", "Five points " + run)
                .param("when.type", "tagAdded").param("when.tag", "vip")
                .param("actions[0].type", "adjustScore").param("actions[0].points", "ten"));
        assertThat(edited.getStatus()).isEqualTo(200);
        assertThat(triggers.get(id).actions()).containsExactly(new Action.AdjustScore(5));
        triggers.delete(id);
    }

    @Test
    void aTriggerWhosePieceWasDeletedCanStillBePausedButNotResumed() throws Exception {
        long kept = json(api.post("/api/v1/content", """
                {"name": "Kept %s", "type": "ARTICLE", "status": "LIVE",
                 "variants": {"email": {"subject": "Kept", "html": "<p>Hello</p>"}}}""".formatted(run))).get("id").asLong();
        long gone = json(api.post("/api/v1/content", """
                {"name": "Gone %s", "type": "ARTICLE", "status": "DRAFT",
                 "variants": {"email": {"subject": "Gone", "html": "<p>Hello</p>"}}}""".formatted(run))).get("id").asLong();
        long program = json(api.post("/api/v1/programs", """
                {"name": "Holder %s", "kind": "SEQUENCE", "steps": [{"type": "send", "contentId": %d, "channel": "EMAIL"}]}"""
                .formatted(run, kept))).get("id").asLong();
        long id = triggers.create(new Trigger.Draft("Sends a piece " + run, null, Trigger.Status.ACTIVE,
                new Cue.TagAdded("send-" + run), null, List.of(new Action.SendContent(program, gone)))).id();
        // Deleting a piece a trigger sends is refused now; a database from before could hold such a trigger.
        jdbc.sql("DELETE FROM content_items WHERE id = ?").param(gone).update();

        MockHttpServletResponse paused = as(post("/ui/triggers/" + id + "/status").param("status", "PAUSED"));
        assertThat(paused.getRedirectedUrl()).isEqualTo("/ui/triggers/" + id);
        assertThat(triggers.get(id).status()).isEqualTo(Trigger.Status.PAUSED);

        MockHttpServletResponse resumed = as(post("/ui/triggers/" + id + "/status").param("status", "ACTIVE"));
        assertThat(resumed.getStatus()).isEqualTo(200);
        assertThat(Jsoup.parse(resumed.getContentAsString()).getElementById("save-error").text())
                .startsWith("Not resumed").contains("actions[0].contentId", "no content item " + gone);
        assertThat(triggers.get(id).status()).isEqualTo(Trigger.Status.PAUSED);
    }

    @Test
    void choosingAnotherKindOrAddingAnActionRedrawsTheFieldsAndKeepsWhatWasTyped() throws Exception {
        Document fields = Jsoup.parse(as(post("/ui/triggers/fields").param("name", "Half typed")
                .param("when.type", "stageChanged").param("when.tag", "vip")
                .param("actions[0].type", "alertOwner").param("actions[0].subject", "Look at this").param("add", "1"))
                .getContentAsString());

        assertThat(fields.getElementById("when-to")).isNotNull();
        assertThat(fields.getElementById("when-tag")).isNull();
        assertThat(fields.getElementById("a0-subject").val()).isEqualTo("Look at this");
        assertThat(fields.getElementById("a1-type")).isNotNull();
    }

    @Test
    void scoringRulesAreAddedFromTheFormsAndABrokenFitRuleIsShownAtItsField() throws Exception {
        MockHttpServletResponse saved = as(post("/ui/scoring/rules").param("name", "Pricing " + run)
                .param("activity", "PAGE_VIEW").param("target", "/pricing").param("points", "15")
                .param("capCount", "2").param("capPeriod", "7").param("active", "true"));
        assertThat(saved.getRedirectedUrl()).isEqualTo("/ui/scoring");
        ScoringRules.BehaviourRule rule = scoringRules.behaviourRules().stream()
                .filter(r -> r.name().equals("Pricing " + run)).findFirst().orElseThrow();
        assertThat(rule.capPeriod()).isEqualTo(java.time.Duration.ofDays(7));
        assertThat(rule.points()).isEqualTo(15);
        Document listed = Jsoup.parse(as(get("/ui/scoring")).getContentAsString());
        assertThat(listed.select("#rule-list tr[data-id=" + rule.id() + "] td").get(4).text())
                .as("the cap as a person says it, not PT168H").isEqualTo("2 in 7 days");

        Document page = Jsoup.parse(as(post("/ui/scoring/fit-rules").param("name", "Big " + run)
                .param("rule", "employees >=").param("points", "20")).getContentAsString());
        assertThat(FieldMessages.of(page, "f-rule")).as("what a screen reader reads with the field").contains("line 1");
        assertThat(page.getElementById("fit-error").attr("role")).as("announced").isEqualTo("alert");
        assertThat(page.getElementById("f-rule").val()).isEqualTo("employees >=");
        Document bad = Jsoup.parse(as(post("/ui/scoring/rules").param("name", "No points " + run)
                .param("activity", "REPLIED").param("points", "lots")).getContentAsString());
        assertThat(FieldMessages.of(bad, "r-points")).contains("whole number");
        assertThat(bad.getElementById("rule-error").text()).isEqualTo("Not saved: see the marked fields.");
        assertThat(bad.getElementById("r-name").val()).isEqualTo("No points " + run);
        Document unchosen = Jsoup.parse(as(post("/ui/scoring/rules").param("name", "No activity " + run)
                .param("activity", "").param("points", "5")).getContentAsString());
        assertThat(FieldMessages.of(unchosen, "r-activity")).as("not the API's list of codes")
                .isEqualTo("Choose the activity that earns the points");

        as(post("/ui/scoring/rules/" + rule.id() + "/delete"));
        assertThat(scoringRules.behaviourRules()).extracting(ScoringRules.BehaviourRule::id).doesNotContain(rule.id());
    }

    @Test
    void aSavedFitRuleSaysEveryoneIsBeingGradedAgainUntilTheBackgroundRegradeIsDone() throws Exception {
        as(post("/ui/scoring/fit-rules").param("name", "Germany " + run).param("rule", "country = \"DE\"")
                .param("points", "25"));
        FitRule rule = scoringRules.fitRules().stream().filter(r -> r.name().equals("Germany " + run)).findFirst()
                .orElseThrow();
        try {
            assertThat(Jsoup.parse(as(get("/ui/scoring")).getContentAsString()).getElementById("regrading").text())
                    .startsWith("Grading every contact again under the changed rules");

            grading.regradeDue();
            assertThat(Jsoup.parse(as(get("/ui/scoring")).getContentAsString()).getElementById("regrading")).isNull();
        } finally {
            scoringRules.deleteFitRule(rule.id());
            grading.regradeDue();
        }
    }

    private MockHttpServletResponse as(MockHttpServletRequestBuilder request) throws Exception {
        return api.mvc().perform(request.with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER")).with(csrf()))
                .andReturn().getResponse();
    }
}
