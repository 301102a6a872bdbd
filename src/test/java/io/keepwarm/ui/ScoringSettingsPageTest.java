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
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The scoring settings form on the scoring page: what a change does is said, and a refusal comes back as typed. */
@KeepwarmTest
class ScoringSettingsPageTest {

    @Autowired Api api;
    @Autowired ScoringRules rules;
    @Autowired JdbcClient jdbc;
    @Autowired FitGrading grading;

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
        MockHttpServletResponse saved = as(settings("70", "C", "50", "30", "10", "30"));

        assertThat(saved.getStatus()).isEqualTo(302);
        assertThat(saved.getRedirectedUrl()).isEqualTo("/ui/scoring?saved#readiness");
        assertThat(rules.settings()).isEqualTo(new io.keepwarm.scoring.ScoringSettings(Duration.ofDays(30), 70, "C", 50,
                30, 10));
        Document page = Jsoup.parse(as(get("/ui/scoring?saved")).getContentAsString());
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
        assertThat(page.getElementById("err-s-readyScore").text()).contains("whole number").contains("ten");
        assertThat(page.getElementById("s-half-life").val()).isEqualTo("PT30M");
        assertThat(page.getElementById("err-s-halfLife").text()).contains("at least an hour");
        assertThat(page.getElementById("err-s-gradeA").text()).contains("more fit points than grade B's 40");
        assertThat(page.getElementById("err-s-gradeC").text()).contains("is required");
        assertThat(page.getElementById("s-grade-A").attr("aria-invalid")).isEqualTo("true");
        assertThat(rules.settings().readyScore()).isEqualTo(100);
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
