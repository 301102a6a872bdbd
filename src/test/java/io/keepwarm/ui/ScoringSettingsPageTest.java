package io.keepwarm.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.keepwarm.identity.Role;
import io.keepwarm.scoring.ScoringRules;
import io.keepwarm.scoring.internal.FitGrading;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The forms of the scoring page: what a change does is said, and a refusal comes back as typed with each message
 * beside its field in the form's words.
 */
@KeepwarmTest
class ScoringSettingsPageTest {

    @Autowired Api api;
    @Autowired ScoringRules rules;
    @Autowired JdbcClient jdbc;
    @Autowired FitGrading grading;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void backToTheConfiguration() {
        jdbc.sql("DELETE FROM scoring_settings").update();
        grading.regradeDue();
    }

    @Test
    void theFormShowsTheSettingsInForceAndSaysWhatAChangeDoes() throws Exception {
        Document page = Jsoup.parse(as(get("/ui/scoring")).getContentAsString());

        assertThat(page.getElementById("s-ready-score").val()).isEqualTo("100");
        assertThat(page.select("#r-activity option[value=PAGE_VIEW]").text()).as("in words").isEqualTo("page view");
        assertThat(page.select("#r-activity option[value=EMAIL_OPENED]").text()).isEqualTo("email opened");
        assertThat(page.getElementById("s-ready-grade").selectFirst("option[selected]").val()).isEqualTo("B");
        assertThat(page.getElementById("s-grade-A").val()).isEqualTo("60");
        assertThat(page.getElementById("s-half-life").val()).isEqualTo("90");
        assertThat(page.getElementById("settings-effect").text()).contains("from the next scoring on")
                .contains("hands nobody over by itself").contains("at their next score change")
                .contains("grade every contact again");
    }

    @Test
    void aSavedFormIsInForceAtOnceAndShownAsSaved() throws Exception {
        var sent = api.mvc().perform(settings("70", "C", "50", "30", "10", "30")
                .with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER")).with(csrf())).andReturn();

        assertThat(sent.getResponse().getStatus()).isEqualTo(302);
        assertThat(sent.getResponse().getRedirectedUrl()).isEqualTo("/ui/scoring#readiness");
        assertThat(rules.settings()).isEqualTo(new io.keepwarm.scoring.ScoringSettings(Duration.ofDays(30), 70, "C", 50,
                30, 10));
        Document page = Jsoup.parse(as(get("/ui/scoring").flashAttrs(sent.getFlashMap())).getContentAsString());
        assertThat(page.getElementById("saved").text()).isEqualTo("Saved.");
        assertThat(page.getElementById("ready-score").text()).isEqualTo("70");
        assertThat(page.getElementById("half-life").text()).isEqualTo("30 days");
        assertThat(page.getElementById("s-grade-C").val()).isEqualTo("10");
    }

    @Test
    void aRefusedFormComesBackAsTypedWithEachMessageBesideItsFieldAndNothingSaved() throws Exception {
        MockHttpServletResponse refused = as(settings("ten", "B", "30", "40", "", "PT30M"));

        assertThat(refused.getStatus()).isEqualTo(200);
        Document page = Jsoup.parse(refused.getContentAsString());
        assertThat(page.getElementById("settings-error").text()).contains("Nothing was saved");
        assertThat(page.getElementById("s-ready-score").val()).isEqualTo("ten");
        assertThat(page.getElementById("s-ready-score-error").text()).contains("whole number").contains("ten");
        assertThat(page.getElementById("s-half-life").val()).isEqualTo("PT30M");
        assertThat(page.getElementById("s-half-life-error").text()).contains("at least an hour");
        assertThat(page.getElementById("s-grade-A-error").text()).contains("more fit points than grade B's 40");
        assertThat(page.getElementById("s-grade-C-error").text()).contains("is required");
        assertThat(FieldMessages.of(page, "s-grade-A")).as("what a screen reader reads with the field")
                .contains("more fit points than grade B's 40");
        assertThat(FieldMessages.of(page, "s-ready-score")).contains("whole number");
        assertThat(page.getElementById("s-ready-grade").hasAttr("aria-describedby")).as("no mistake").isFalse();
        assertThat(page.getElementById("settings-error").attr("role")).as("announced").isEqualTo("alert");
        assertThat(rules.settings().readyScore()).isEqualTo(100);
    }

    @Test
    void aHalfLifeOfNoDaysIsRefusedInTheFormsWordsNotInISO() throws Exception {
        Document page = Jsoup.parse(as(settings("100", "B", "60", "40", "20", "0")).getContentAsString());

        assertThat(page.getElementById("s-half-life-error").text()).isEqualTo("must be 1 day or more, such as 90, not 0");
        assertThat(page.getElementById("s-half-life").val()).isEqualTo("0");
        assertThat(rules.settings().halfLife()).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void aBehaviourRuleRefusedForItsLimitOrEventIsExplainedByTheFormsLabels() throws Exception {
        Document halfCap = Jsoup.parse(as(rule("Capped " + run, "PAGE_VIEW", "", "3", "")).getContentAsString());
        assertThat(FieldMessages.of(halfCap, "r-cap-period")).as("beside the half that is missing, tied to it")
                .isEqualTo("is needed with \"At most, times\": such as 3 times per 7 days; leave both blank for no limit");
        assertThat(halfCap.getElementById("r-cap-count-error")).isNull();
        assertThat(halfCap.getElementById("r-cap-count").hasAttr("aria-invalid")).isFalse();
        assertThat(halfCap.getElementById("r-cap-count").val()).isEqualTo("3");

        Document noTimes = Jsoup.parse(as(rule("Capped " + run, "PAGE_VIEW", "", "", "7")).getContentAsString());
        assertThat(FieldMessages.of(noTimes, "r-cap-count")).startsWith("is needed with \"per (days)\"");

        Document never = Jsoup.parse(as(rule("Capped " + run, "PAGE_VIEW", "", "0", "7")).getContentAsString());
        assertThat(FieldMessages.of(never, "r-cap-count")).isEqualTo("must be 1 or more");
        assertThat(never.getElementById("r-cap-period-error")).isNull();
        Document tooLong = Jsoup.parse(as(rule("Capped " + run, "PAGE_VIEW", "", "3", "99999")).getContentAsString());
        assertThat(FieldMessages.of(tooLong, "r-cap-period")).isEqualTo("must be from 1 to 3650 days, such as 7");
        Document typo = Jsoup.parse(as(rule("Capped " + run, "PAGE_VIEW", "", "3", "a week")).getContentAsString());
        assertThat(FieldMessages.of(typo, "r-cap-period")).isEqualTo("is a number of days, such as 7, not 'a week'");

        Document unnamed = Jsoup.parse(as(rule("Custom " + run, "CUSTOM", "", "", "")).getContentAsString());
        assertThat(FieldMessages.of(unnamed, "r-custom"))
                .isEqualTo("is required for the activity \"custom\": the name of the event it scores");

        assertThat(java.util.stream.Stream.of(halfCap, noTimes, never, tooLong, typo, unnamed)
                .map(page -> page.select("#rule-form .error").text()))
                .as("none of the API's names").noneMatch(text -> text.matches("(?s).*(capCount|capPeriod|P\\d+D|PT\\d|CUSTOM).*"));
        assertThat(rules.behaviourRules()).noneMatch(r -> r.name().endsWith(run));
    }

    @Test
    void aFitRuleTheSegmentsRefuseIsExplainedUnderWhoFitsAndNothingIsSaved() throws Exception {
        for (String typed : List.of("industry = \"HPC\" and employees >= 50", "bogus = 1", "company_size >= 50")) {
            MockHttpServletResponse refused = as(fit(null, "Big " + run, typed, "20"));

            assertThat(refused.getStatus()).as(typed).isEqualTo(200);
            Document page = Jsoup.parse(refused.getContentAsString());
            assertThat(FieldMessages.of(page, "f-rule")).as(typed).isNotBlank().doesNotContain("rule.");
            assertThat(page.getElementById("f-rule").val()).isEqualTo(typed);
            assertThat(page.getElementById("f-rule").attr("aria-invalid")).isEqualTo("true");
        }
        assertThat(Jsoup.parse(as(fit(null, "Big " + run, "bogus = 1", "20")).getContentAsString())
                .getElementById("f-rule-error").text()).contains("bogus");
        assertThat(rules.fitRules()).noneMatch(r -> r.name().endsWith(run));
    }

    @Test
    void theExampleOnThePageSavesAsAFitRuleAndEditingItIntoAMistakeIsExplained() throws Exception {
        String example = Jsoup.parse(as(get("/ui/scoring")).getContentAsString()).getElementById("fit-example").text();

        MockHttpServletResponse saved = as(fit(null, "Example " + run, example, "30"));
        assertThat(saved.getRedirectedUrl()).as("the example is a rule that works").isEqualTo("/ui/scoring");
        ScoringRules.FitRule rule = rules.fitRules().stream().filter(r -> r.name().equals("Example " + run))
                .findFirst().orElseThrow();
        try {
            Document edited = Jsoup.parse(as(fit(rule.id(), "Example " + run, "company_size >= 50", "30"))
                    .getContentAsString());
            assertThat(FieldMessages.of(edited, "f-rule")).contains("company_size");
            assertThat(edited.getElementById("f-rule").val()).isEqualTo("company_size >= 50");
            assertThat(rules.fitRule(rule.id()).rule()).as("kept as it was").isEqualTo(rule.rule());
        } finally {
            rules.deleteFitRule(rule.id());
        }
    }

    private static MockHttpServletRequestBuilder rule(String name, String activity, String customType, String capCount,
            String capPeriod) {
        return post("/ui/scoring/rules").param("name", name).param("activity", activity).param("customType", customType)
                .param("points", "5").param("capCount", capCount).param("capPeriod", capPeriod).param("active", "true");
    }

    private static MockHttpServletRequestBuilder fit(Long id, String name, String rule, String points) {
        return post(id == null ? "/ui/scoring/fit-rules" : "/ui/scoring/fit-rules/" + id).param("name", name)
                .param("rule", rule).param("points", points);
    }

    private static MockHttpServletRequestBuilder settings(String readyScore, String readyGrade, String gradeA,
            String gradeB, String gradeC, String halfLife) {
        return post("/ui/scoring/settings").param("readyScore", readyScore).param("readyGrade", readyGrade)
                .param("gradeA", gradeA).param("gradeB", gradeB).param("gradeC", gradeC).param("halfLife", halfLife);
    }

    private MockHttpServletResponse as(MockHttpServletRequestBuilder request) throws Exception {
        return api.mvc().perform(request.with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER")).with(csrf()))
                .andReturn().getResponse();
    }
}
