package io.keepwarm.scoring;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.activity.Activities;
import io.keepwarm.activity.Activity;
import io.keepwarm.activity.ActivityFeed;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.contact.Channel;
import io.keepwarm.identity.Role;
import io.keepwarm.lifecycle.ActorType;
import io.keepwarm.lifecycle.Lifecycle;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.scoring.internal.FitGrading;
import io.keepwarm.scoring.internal.ScoreDecay;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The readiness rule, the grades' fit points and the half-life are the account's to change in the app: checked,
 * audited, and in force from the next scoring on, without a restart.
 */
@KeepwarmTest
class ScoringSettingsApiTest {

    @Autowired Api api;
    @Autowired ActivityFeed feed;
    @Autowired Activities activities;
    @Autowired Scores scores;
    @Autowired ScoringRules rules;
    @Autowired FitGrading grading;
    @Autowired ScoreDecay decay;
    @Autowired Lifecycle lifecycle;
    @Autowired TestClock clock;
    @Autowired JdbcClient jdbc;

    @AfterEach
    void backToTheConfiguration() {
        jdbc.sql("DELETE FROM scoring_settings").update();
        rules.behaviourRules().forEach(r -> rules.deleteBehaviourRule(r.id()));
        rules.fitRules().forEach(r -> rules.deleteFitRule(r.id()));
        grading.regradeDue();
    }

    @Test
    void everyRoleReadsTheConfigurationsSettingsUntilSomeoneSavesTheirOwn() throws Exception {
        api.as(Role.SALES, get("/api/v1/scoring/settings")).andExpect(status().isOk())
                .andExpect(jsonPath("$.readyScore").value(100)).andExpect(jsonPath("$.readyGrade").value("B"))
                .andExpect(jsonPath("$.gradeA").value(60)).andExpect(jsonPath("$.gradeB").value(40))
                .andExpect(jsonPath("$.gradeC").value(20)).andExpect(jsonPath("$.halfLife").value("P90D"));
    }

    @Test
    void aMarketerChangesSomeSettingsTheRestStayAndTheChangeIsAudited() throws Exception {
        change(Role.MARKETER, "{\"readyScore\": 80, \"readyGrade\": \"c\", \"halfLife\": \"P30D\"}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.readyScore").value(80))
                .andExpect(jsonPath("$.readyGrade").value("C")).andExpect(jsonPath("$.halfLife").value("P30D"))
                .andExpect(jsonPath("$.gradeA").value(60));
        change(Role.ADMIN, "{\"halfLife\": \"PT36H\"}").andExpect(status().isOk())
                .andExpect(jsonPath("$.halfLife").value("PT36H")).andExpect(jsonPath("$.readyScore").value(80));

        api.as(Role.SALES, get("/api/v1/scoring/settings")).andExpect(jsonPath("$.readyScore").value(80));
        api.get("/api/v1/audit?entityType=scoring&entityId=settings")
                .andExpect(jsonPath("$.items[0].action").value("SCORING_SETTINGS_CHANGED"));
    }

    @Test
    void aSalesRepMayReadTheSettingsButNotChangeThem() throws Exception {
        change(Role.SALES, "{\"readyScore\": 1}").andExpect(status().isForbidden());
        api.get("/api/v1/scoring/settings").andExpect(jsonPath("$.readyScore").value(100));
    }

    @Test
    void settingsThatCannotWorkAreRefusedFieldByFieldInWordsAndNothingChanges() throws Exception {
        change(Role.ADMIN, """
                {"readyScore": 0, "readyGrade": "E", "gradeA": 40, "gradeB": 40, "gradeC": 50, "halfLife": "PT30M"}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field", Matchers.containsInAnyOrder("halfLife", "readyScore",
                        "readyGrade", "gradeA", "gradeB")))
                .andExpect(jsonPath("$.errors[?(@.field == 'halfLife')].message",
                        Matchers.contains(Matchers.containsString("at least an hour"))))
                .andExpect(jsonPath("$.errors[?(@.field == 'gradeA')].message",
                        Matchers.contains(Matchers.containsString("more fit points than grade B's 40"))))
                .andExpect(jsonPath("$.errors[?(@.field == 'readyGrade')].message",
                        Matchers.contains(Matchers.containsString("one of A, B, C, D"))));
        change(Role.ADMIN, "{\"halfLife\": \"three months\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("halfLife"))
                .andExpect(jsonPath("$.errors[0].message").value(Matchers.containsString("P90D")));
        change(Role.ADMIN, "{\"gradeC\": 60}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("gradeB"));

        api.get("/api/v1/scoring/settings").andExpect(jsonPath("$.readyScore").value(100))
                .andExpect(jsonPath("$.gradeC").value(20)).andExpect(jsonPath("$.halfLife").value("P90D"));
    }

    @Test
    void aLowerReadyScoreMakesTheNextScoringPromoteAtIt() throws Exception {
        feed.followAll();
        rules.save(null, new ScoringRules.BehaviourRule(null, "Replied", ActivityType.REPLIED, null, null, 30, null, null,
                true));
        long lead = nurtured("threshold");
        reply(lead);
        assertThat(lifecycle.current(lead).stage()).as("30 of 100").isEqualTo(Stage.NURTURE);

        change(Role.MARKETER, "{\"readyScore\": 50}").andExpect(status().isOk());
        reply(lead);

        assertThat(scores.of(lead).score()).isEqualTo(60);
        assertThat(lifecycle.current(lead).stage()).isEqualTo(Stage.MQL);
        assertThat(lifecycle.history(lead).transitions().getLast().reason()).isEqualTo("score 60 reached 50");
    }

    @Test
    void loweringTheReadyScoreHandsNobodyOverUntilTheirScoreNextChanges() throws Exception {
        long lead = nurtured("above-new-threshold");
        scores.set(lead, new Scores.Score(80, null));

        change(Role.MARKETER, "{\"readyScore\": 50}").andExpect(status().isOk());
        assertThat(lifecycle.current(lead).stage()).as("the change alone hands nobody over").isEqualTo(Stage.NURTURE);

        scores.adjust(lead, 1, "a trigger");
        assertThat(lifecycle.current(lead).stage()).as("80 never met the old rule, 81 meets the new one")
                .isEqualTo(Stage.MQL);
    }

    @Test
    void aScoreKeptBeforeTheSettingsCouldChangeIsJudgedByTheRuleItWasScoredUnder() throws Exception {
        long lead = nurtured("scored-before-the-upgrade");
        scores.set(lead, new Scores.Score(80, null));
        jdbc.sql("UPDATE contact_scores SET met_readiness = NULL WHERE contact_id = ?").param(lead).update();

        change(Role.MARKETER, "{\"readyScore\": 50}").andExpect(status().isOk());
        scores.adjust(lead, 1, "a trigger");

        assertThat(lifecycle.current(lead).stage()).as("80 did not meet the rule of 100 it was scored under")
                .isEqualTo(Stage.MQL);
    }

    @Test
    void newGradePointsRegradeEveryoneAndTheNextScoreChangeHandsOverWhomTheBetterGradeMakesReady() throws Exception {
        rules.save(null, new ScoringRules.FitRule(null, "Germany", "country = \"DE\"", 30));
        long lead = api.createContact("{\"email\": \"" + uniqueEmail("regraded") + "\", \"country\": \"DE\"}");
        grading.regradeDue();
        lifecycle.move(lead, new Lifecycle.Move(Stage.NURTURE, null, null), ActorType.SYSTEM, "test");
        scores.set(lead, new Scores.Score(150, null));
        assertThat(scores.of(lead).grade()).isEqualTo("C");
        assertThat(lifecycle.current(lead).stage()).as("score enough, grade C short of B").isEqualTo(Stage.NURTURE);

        change(Role.MARKETER, "{\"gradeB\": 30, \"gradeC\": 10}").andExpect(status().isOk());
        assertThat(rules.regradingSince()).as("grades follow in the background").isPresent();
        grading.regradeDue();

        assertThat(scores.of(lead).grade()).isEqualTo("B");
        assertThat(lifecycle.current(lead).stage()).as("a regrade after new grade points hands nobody over")
                .isEqualTo(Stage.NURTURE);
        scores.adjust(lead, 1, "a trigger");
        assertThat(lifecycle.current(lead).stage()).isEqualTo(Stage.MQL);
    }

    @Test
    void aGradeOtherThanTheFitRulesGiveIsRefusedWhileTheyGradeAndTheAuditSaysWhatWasSet() throws Exception {
        rules.save(null, new ScoringRules.FitRule(null, "HPC", "industry = \"HPC\"", 30));
        long lead = api.createContact("{\"email\": \"" + uniqueEmail("graded-by-rules") + "\"}");
        grading.regradeDue();

        setScore(lead, "{\"score\": 150, \"grade\": \"A\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("grade"))
                .andExpect(jsonPath("$.detail").value(Matchers.allOf(Matchers.containsString("set by the fit rules"),
                        Matchers.containsString("this contact's is D"), Matchers.containsString("leave grade out"),
                        Matchers.containsString("/api/v1/scoring/fit-rules"))));
        assertThat(scores.of(lead)).as("nothing set").isEqualTo(new Scores.Score(0, "D"));

        setScore(lead, "{\"score\": 150}").andExpect(status().isOk()).andExpect(jsonPath("$.grade").value("D"));
        assertThat(lastAudit(lead)).as("what was set, not what was asked").isEqualTo("{\"score\":150,\"grade\":\"D\"}");
        // The grade it has, sent back as it was read, is no change.
        setScore(lead, "{\"score\": 120, \"grade\": \"D\"}").andExpect(status().isOk()).andExpect(jsonPath("$.score").value(120));
    }

    @Test
    void withoutFitRulesAPersonSetsTheGradeAndTheAuditSaysIt() throws Exception {
        long lead = api.createContact("{\"email\": \"" + uniqueEmail("graded-by-hand") + "\"}");

        setScore(lead, "{\"score\": 150, \"grade\": \"A\"}").andExpect(status().isOk())
                .andExpect(jsonPath("$.grade").value("A"));
        setScore(lead, "{\"score\": 90}").andExpect(status().isOk()).andExpect(jsonPath("$.grade").value("A"));
        assertThat(lastAudit(lead)).as("the grade kept").isEqualTo("{\"score\":90,\"grade\":\"A\"}");
    }

    /** The details of the contact's latest SCORE_SET entry in the audit log, as the API answers them. */
    private String lastAudit(long contact) throws Exception {
        var entry = json(api.get("/api/v1/audit?entityType=contact&entityId=" + contact))
                .at("/items/0");
        assertThat(entry.get("action").asString()).isEqualTo("SCORE_SET");
        return entry.get("details").asString();
    }

    private ResultActions setScore(long contact, String json) throws Exception {
        return api.as(Role.MARKETER, put("/api/v1/contacts/" + contact + "/score").contentType(MediaType.APPLICATION_JSON)
                .content(json));
    }

    @Test
    void aShorterHalfLifeFadesScoresFasterFromNowOn() throws Exception {
        long lead = nurtured("fading");
        scores.set(lead, new Scores.Score(80, null));

        change(Role.ADMIN, "{\"halfLife\": \"P10D\"}").andExpect(status().isOk());
        clock.advance(java.time.Duration.ofDays(10));

        assertThat(scores.of(lead).score()).as("read as of now").isEqualTo(40);
        decay.run();
        assertThat(scores.history(lead, null, 1).items().getFirst()).satisfies(c -> {
            assertThat(c.cause()).isEqualTo(ScoreChange.Cause.DECAY);
            assertThat(c.scoreAfter()).isEqualTo(40);
            assertThat(c.reason()).as("as a person says it, not PT240H").isEqualTo("half-life 10 days");
        });
    }

    private long nurtured(String name) throws Exception {
        long contact = api.createContact("{\"email\": \"" + uniqueEmail(name) + "\"}");
        lifecycle.move(contact, new Lifecycle.Move(Stage.NURTURE, null, null), ActorType.SYSTEM, "test");
        return contact;
    }

    private void reply(long contact) {
        activities.record(List.of(new Activity(contact, ActivityType.REPLIED, clock.instant(), Channel.EMAIL, null)));
        feed.followAll();
    }

    private ResultActions change(Role role, String json) throws Exception {
        return api.as(role, put("/api/v1/scoring/settings").contentType(MediaType.APPLICATION_JSON).content(json));
    }
}
