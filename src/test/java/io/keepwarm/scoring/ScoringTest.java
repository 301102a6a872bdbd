package io.keepwarm.scoring;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.activity.Activities;
import io.keepwarm.activity.Activity;
import io.keepwarm.activity.ActivityFeed;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.contact.Channel;
import io.keepwarm.lifecycle.Lifecycle;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.scoring.internal.FitGrading;
import io.keepwarm.scoring.internal.ScoreDecay;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Scores follow what contacts do, fade by the half-life, grade who they are, and turn ready leads into MQLs. */
@KeepwarmTest
class ScoringTest {

    @Autowired Api api;
    @Autowired ActivityFeed feed;
    @Autowired Activities activities;
    @Autowired Scores scores;
    @Autowired ScoringRules rules;
    @Autowired ScoreDecay decay;
    @Autowired Lifecycle lifecycle;
    @Autowired TestClock clock;
    @Autowired io.keepwarm.audit.AuditLog audit;
    @Autowired FitGrading grading;

    @AfterEach
    void removeRules() {
        rules.behaviourRules().forEach(r -> rules.deleteBehaviourRule(r.id()));
        rules.fitRules().forEach(r -> rules.deleteFitRule(r.id()));
    }

    @Test
    void activityEarnsTheRulesPointsOnlyWhereItsTargetMatchesAndWithinTheCap() throws Exception {
        feed.followAll();
        long pricing = rule("""
                {"name": "Visited pricing", "activity": "PAGE_VIEW", "target": "/pricing", "points": 30,
                 "capCount": 2, "capPeriod": "P7D"}""");
        rule("{\"name\": \"Downloaded a white paper\", \"activity\": \"FORM_SUBMITTED\", \"target\": \"white-paper-*\", \"points\": 20}");
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("scored") + "\"}");
        String run = UUID.randomUUID().toString();
        api.post("/api/v1/events", """
                {"events": [
                  {"id": "%1$s-1", "contactId": %2$d, "type": "PAGE_VIEW", "target": "https://example.com/pricing"},
                  {"id": "%1$s-2", "contactId": %2$d, "type": "PAGE_VIEW", "target": "https://example.com/pricing?plan=pro"},
                  {"id": "%1$s-3", "contactId": %2$d, "type": "PAGE_VIEW", "target": "https://example.com/PRICING"},
                  {"id": "%1$s-4", "contactId": %2$d, "type": "PAGE_VIEW", "target": "https://example.com/blog"},
                  {"id": "%1$s-5", "contactId": %2$d, "type": "FORM_SUBMITTED", "target": "white-paper-cooling"},
                  {"id": "%1$s-6", "contactId": %2$d, "type": "FORM_SUBMITTED", "target": "contact-us"}
                ]}""".formatted(run, contact)).andExpect(status().isOk());

        assertThat(scores.of(contact).score()).as("nothing scores inside the request").isZero();
        feed.followAll();

        assertThat(scores.of(contact).score()).as("two capped pricing visits and one white paper").isEqualTo(80);
        var history = json(api.get("/api/v1/contacts/" + contact + "/score/history").andExpect(status().isOk()));
        assertThat(history.get("items")).extracting(c -> c.get("reason").asString())
                .containsExactly("Downloaded a white paper", "Visited pricing", "Visited pricing");
        assertThat(history.get("items").get(2).get("ruleId").asLong()).isEqualTo(pricing);
        assertThat(history.get("items").get(2).get("activityId").isNull()).isFalse();
        assertThat(history.get("items").get(0).get("scoreAfter").asInt()).isEqualTo(80);

        clock.advance(Duration.ofDays(8));
        api.post("/api/v1/events", """
                {"events": [{"id": "%s-7", "contactId": %d, "type": "PAGE_VIEW", "target": "/pricing"}]}"""
                .formatted(run, contact)).andExpect(status().isOk());
        feed.followAll();
        assertThat(scores.of(contact).score()).as("a new week opens the cap again, after a little decay")
                .isEqualTo((int) Math.round(80 * Math.pow(0.5, 8 / 90.0) + 30));
    }

    @Test
    void aScoreHalvesInOneHalfLifeAndTheDecayIsInTheHistory() throws Exception {
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("fading") + "\"}");
        scores.set(contact, new Scores.Score(80, null));

        clock.advance(Duration.ofDays(90));
        assertThat(scores.of(contact).score()).as("read as of now before the job runs").isEqualTo(40);
        decay.run();

        assertThat(scores.of(contact).score()).isEqualTo(40);
        api.get("/api/v1/contacts/" + contact + "/score/history").andExpect(jsonPath("$.items[0].cause").value("DECAY"))
                .andExpect(jsonPath("$.items[0].points").value(-40)).andExpect(jsonPath("$.items[0].scoreAfter").value(40));
        assertThat(decay.run()).as("once a day at most").isZero();
    }

    @Test
    void machineActivityScoresNothing() throws Exception {
        feed.followAll();
        rule("{\"name\": \"Clicked\", \"activity\": \"EMAIL_CLICKED\", \"points\": 10}");
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("scanned") + "\"}");
        activities.record(List.of(
                new Activity(contact, ActivityType.EMAIL_CLICKED, clock.instant(), Channel.EMAIL, "https://a.example", "SCANNER"),
                new Activity(contact, ActivityType.EMAIL_CLICKED, clock.instant(), Channel.EMAIL, "https://a.example")));
        feed.followAll();

        assertThat(scores.of(contact).score()).isEqualTo(10);
    }

    @Test
    void fitRulesGradeWhoTheContactIsAndRegradeWhenTheContactChanges() throws Exception {
        long hpc = api.createContact("""
                {"email": "%s", "country": "DE", "company": {"name": "Cool Racks", "industry": "HPC"}}"""
                .formatted(uniqueEmail("fit")));
        long other = api.createContact("{\"email\": \"" + uniqueEmail("unfit") + "\", \"country\": \"DE\"}");
        api.post("/api/v1/scoring/fit-rules", "{\"name\": \"HPC\", \"rule\": \"industry = \\\"HPC\\\"\", \"points\": 40}")
                .andExpect(status().isCreated());
        api.post("/api/v1/scoring/fit-rules", "{\"name\": \"Germany\", \"rule\": \"country = \\\"DE\\\"\", \"points\": 25}")
                .andExpect(status().isCreated());
        assertThat(scores.of(hpc).grade()).as("saving a rule does not wait for everyone to be graded").isNull();
        assertThat(rules.regradingSince()).isPresent();

        assertThat(grading.regradeDue()).as("every contact, in the background").isGreaterThanOrEqualTo(2);
        assertThat(rules.regradingSince()).isEmpty();
        assertThat(scores.of(hpc).grade()).as("65 points").isEqualTo("A");
        assertThat(scores.of(other).grade()).as("25 points").isEqualTo("C");

        api.patch("/api/v1/contacts/" + other, "{\"company\": {\"name\": \"Hot Racks\", \"industry\": \"HPC\"}}")
                .andExpect(status().isOk());
        assertThat(scores.of(other).grade()).isEqualTo("A");
        api.get("/api/v1/contacts/" + other + "/score/history").andExpect(jsonPath("$.items[0].cause").value("GRADE"))
                .andExpect(jsonPath("$.items[0].reason").value("fit grade C → A (65 fit points)"));
    }

    @Test
    void aTagThatAFitRuleNamesGradesTheContactAsItIsAddedAndRemoved() throws Exception {
        String tag = "vip-" + UUID.randomUUID().toString().substring(0, 8);
        api.post("/api/v1/scoring/fit-rules", "{\"name\": \"VIP\", \"rule\": \"tag = \\\"%s\\\"\", \"points\": 70}"
                .formatted(tag)).andExpect(status().isCreated());
        grading.regradeDue();
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("vip") + "\"}");
        assertThat(scores.of(contact).grade()).isEqualTo("D");

        api.post("/api/v1/contacts/" + contact + "/tags", "{\"tags\": [\"" + tag + "\"]}").andExpect(status().isOk());
        assertThat(scores.of(contact).grade()).as("70 points, at once").isEqualTo("A");

        api.delete("/api/v1/contacts/" + contact + "/tags/" + tag).andExpect(status().is2xxSuccessful());
        assertThat(scores.of(contact).grade()).isEqualTo("D");
    }

    @Test
    void aContactWhoseScoreAndGradeMeetTheReadinessRuleBecomesMqlOnce() throws Exception {
        feed.followAll();
        api.post("/api/v1/scoring/fit-rules", "{\"name\": \"HPC\", \"rule\": \"industry = \\\"HPC\\\"\", \"points\": 45}")
                .andExpect(status().isCreated());
        rule("{\"name\": \"Replied\", \"activity\": \"REPLIED\", \"points\": 60}");
        long fits = api.createContact("""
                {"email": "%s", "company": {"name": "Cool Racks", "industry": "HPC"}}""".formatted(uniqueEmail("ready")));
        long unfit = api.createContact("{\"email\": \"" + uniqueEmail("keen") + "\"}");
        lifecycle.move(fits, new Lifecycle.Move(Stage.NURTURE, null, null), io.keepwarm.lifecycle.ActorType.SYSTEM, "test");
        lifecycle.move(unfit, new Lifecycle.Move(Stage.NURTURE, null, null), io.keepwarm.lifecycle.ActorType.SYSTEM, "test");

        for (int i = 0; i < 3; i++) {
            activities.record(List.of(new Activity(fits, ActivityType.REPLIED, clock.instant(), Channel.EMAIL, null),
                    new Activity(unfit, ActivityType.REPLIED, clock.instant(), Channel.EMAIL, null)));
            feed.followAll();
        }

        assertThat(lifecycle.current(fits).stage()).isEqualTo(Stage.MQL);
        assertThat(lifecycle.history(fits).transitions()).filteredOn(t -> t.to() == Stage.MQL).singleElement()
                .satisfies(t -> assertThat(t.reason()).contains("score 120 reached 100 with fit grade B"));
        assertThat(lifecycle.current(unfit).stage()).as("score 180 but grade D").isEqualTo(Stage.NURTURE);
    }

    @Test
    void aBetterGradeWeighsTheScoreAsItIsNowNotAsItWasLastWritten() throws Exception {
        api.post("/api/v1/scoring/fit-rules", "{\"name\": \"HPC\", \"rule\": \"industry = \\\"HPC\\\"\", \"points\": 20}")
                .andExpect(status().isCreated());
        api.post("/api/v1/scoring/fit-rules", "{\"name\": \"Germany\", \"rule\": \"country = \\\"DE\\\"\", \"points\": 25}")
                .andExpect(status().isCreated());
        long lead = api.createContact("""
                {"email": "%s", "country": "DE", "company": {"name": "Shop", "industry": "Retail"}}""".formatted(uniqueEmail("faded")));
        grading.regradeDue();
        lifecycle.move(lead, new Lifecycle.Move(Stage.NURTURE, null, null), io.keepwarm.lifecycle.ActorType.SYSTEM, "test");
        scores.set(lead, new Scores.Score(100, null));
        assertThat(scores.of(lead).grade()).isEqualTo("C");

        clock.advance(Duration.ofDays(2)); // 100 fades to 98 with the 90-day half-life
        api.patch("/api/v1/contacts/" + lead, "{\"company\": {\"name\": \"Rack Shop %s\", \"industry\": \"HPC\"}}"
                .formatted(java.util.UUID.randomUUID())).andExpect(status().isOk());

        assertThat(scores.of(lead).grade()).isEqualTo("B");
        assertThat(scores.of(lead).score()).isEqualTo(98);
        assertThat(lifecycle.current(lead).stage()).as("98 has not reached 100").isEqualTo(Stage.NURTURE);
    }

    @Test
    void oneBatchThatMakesSeveralContactsReadyMovesEachTheTableAllowsAndLeavesTheOthersWhereTheyAre() throws Exception {
        feed.followAll();
        rule("{\"name\": \"Replied\", \"activity\": \"REPLIED\", \"points\": 60}");
        long fresh = api.createContact("{\"email\": \"" + uniqueEmail("fresh") + "\"}");
        long nurtured = api.createContact("{\"email\": \"" + uniqueEmail("nurtured") + "\"}");
        long disqualified = api.createContact("{\"email\": \"" + uniqueEmail("disqualified") + "\"}");
        long withSales = api.createContact("{\"email\": \"" + uniqueEmail("with-sales") + "\"}");
        var system = io.keepwarm.lifecycle.ActorType.SYSTEM;
        lifecycle.move(nurtured, new Lifecycle.Move(Stage.NURTURE, null, null), system, "test");
        lifecycle.move(disqualified, new Lifecycle.Move(Stage.DISQUALIFIED, "BAD_DATA", "no such company"), system, "test");
        lifecycle.move(withSales, new Lifecycle.Move(Stage.SQL, null, null), system, "test");

        List<Activity> replies = new java.util.ArrayList<>();
        for (long contact : List.of(fresh, nurtured, disqualified, withSales)) {
            replies.add(new Activity(contact, ActivityType.REPLIED, clock.instant(), Channel.EMAIL, null));
            replies.add(new Activity(contact, ActivityType.REPLIED, clock.instant(), Channel.EMAIL, null));
        }
        activities.record(replies);
        feed.followAll();

        assertThat(feed.failedBatches()).as("a contact the table does not let move fails nothing").isZero();
        assertThat(List.of(fresh, nurtured, disqualified, withSales)).extracting(c -> scores.of(c).score())
                .containsOnly(120);
        assertThat(lifecycle.current(fresh).stage()).isEqualTo(Stage.MQL);
        assertThat(lifecycle.current(nurtured).stage()).isEqualTo(Stage.MQL);
        assertThat(lifecycle.history(nurtured).transitions().getLast()).satisfies(t -> {
            assertThat(t.from()).isEqualTo(Stage.NURTURE);
            assertThat(t.reasonCode()).isEqualTo("READINESS_RULE");
            assertThat(t.reason()).isEqualTo("score 120 reached 100");
        });
        assertThat(lifecycle.current(disqualified).stage()).as("only a person brings a contact back").isEqualTo(Stage.DISQUALIFIED);
        assertThat(lifecycle.current(withSales).stage()).as("SQL does not go back to MQL").isEqualTo(Stage.SQL);
        assertThat(audit.list("contact", String.valueOf(fresh), null, null, 10).items())
                .filteredOn(e -> e.action().equals("STAGE_CHANGED")).singleElement()
                .satisfies(e -> assertThat(e.details()).contains("\"from\":\"NEW\"", "\"to\":\"MQL\"", "READINESS_RULE"));
        assertThat(audit.list("contact", String.valueOf(fresh), null, null, 10).items())
                .filteredOn(e -> e.action().equals("HANDOFF_CREATED")).singleElement()
                .as("the rule handed the lead over, not whoever's request scored it").satisfies(e -> assertThat(e.actor())
                        .isEqualTo("scoring"));
    }

    @Test
    void aRuleThatCannotWorkIsRefusedNamingWhatToFix() throws Exception {
        api.post("/api/v1/scoring/rules", "{\"name\": \"\", \"activity\": \"CUSTOM\", \"points\": 0, \"capCount\": 3}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field", Matchers.containsInAnyOrder("name", "customType", "points", "capCount")));
        api.post("/api/v1/scoring/rules", "{\"name\": \"x\", \"activity\": \"TELEPATHY\", \"points\": 5}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("activity"));
        // A cap counted back further than the database's times reach would fail every batch the rule met.
        api.post("/api/v1/scoring/rules", "{\"name\": \"x\", \"activity\": \"PAGE_VIEW\", \"points\": 5,"
                        + " \"capCount\": 1, \"capPeriod\": \"P3000000D\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("capPeriod"));
        api.post("/api/v1/scoring/fit-rules", "{\"name\": \"x\", \"rule\": \"industry ==== 3\", \"points\": 5}")
                .andExpect(status().isBadRequest());
        api.as(io.keepwarm.identity.Role.SALES, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .get("/api/v1/scoring/rules")).andExpect(status().isForbidden());
    }

    @Test
    void aRulesActivityIsReadAsAnyValueOfASetIsAndItsMistakesComeTogether() throws Exception {
        api.post("/api/v1/scoring/rules", "{\"name\": \"Any case\", \"activity\": \"page view\", \"points\": 5}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.activity").value("PAGE_VIEW"));
        api.post("/api/v1/scoring/rules", "{\"name\": \"x\", \"activity\": \"TELEPATHY\", \"points\": \"many\","
                        + " \"capCount\": 1, \"capPeriod\": \"7 days\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field", Matchers.containsInAnyOrder("activity", "points", "capPeriod")));
    }

    @Test
    void aScoringRuleWithAnUnknownFieldPointsThatAreNotANumberAndABlankNameHearsOfAllInOneAnswer() throws Exception {
        String wrong = "{\"name\": \" \", \"activity\": \"TELEPATHY\", \"points\": \"high\", \"colour\": \"red\"}";
        api.post("/api/v1/scoring/rules", wrong)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field", Matchers.containsInAnyOrder("points", "colour", "activity", "name")));
        long id = json(api.post("/api/v1/scoring/rules", "{\"name\": \"Replies\", \"activity\": \"REPLIED\", \"points\": 5}")
                .andExpect(status().isCreated())).get("id").asLong();
        api.as(io.keepwarm.identity.Role.ADMIN, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .put("/api/v1/scoring/rules/" + id).contentType("application/json").content(wrong))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field", Matchers.containsInAnyOrder("points", "colour", "activity", "name")));
        assertThat(rules.behaviourRule(id).name()).isEqualTo("Replies");
        rules.deleteBehaviourRule(id);
    }

    @Test
    void aFitRuleWithAnUnknownFieldPointsThatAreNotANumberABlankNameAndARuleNamingNoFieldHearsOfAllInOneAnswer()
            throws Exception {
        api.post("/api/v1/scoring/fit-rules", "{\"name\": \"\", \"rule\": \"industy = \\\"HPC\\\"\", \"points\": \"high\","
                        + " \"colour\": \"red\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field", Matchers.containsInAnyOrder("points", "colour", "name", "rule.field")));
        // a body that reads still names its name's, points' and rule's mistakes together
        api.post("/api/v1/scoring/fit-rules", "{\"name\": \"\", \"rule\": \"industy = \\\"HPC\\\"\", \"points\": 0}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field", Matchers.contains("name", "points", "rule.field")))
                .andExpect(jsonPath("$.line").value(1));
    }

    @Test
    void pointsBeyondAThousandEitherWayAreRefusedEvenTheSmallestWholeNumber() throws Exception {
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("bounds") + "\"}");
        for (int points : new int[] {Integer.MIN_VALUE, -1001, 1001, Integer.MAX_VALUE}) {
            api.post("/api/v1/scoring/rules", "{\"name\": \"x\", \"activity\": \"REPLIED\", \"points\": " + points + "}")
                    .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("points"));
            api.post("/api/v1/scoring/fit-rules", "{\"name\": \"x\", \"rule\": \"industry = \\\"HPC\\\"\", \"points\": "
                            + points + "}")
                    .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("points"));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> scores.adjust(contact, points, "a trigger"))
                    .isInstanceOf(io.keepwarm.platform.InvalidInputException.class);
        }
        assertThat(rules.behaviourRules()).isEmpty();
    }

    @Test
    void aMergedDuplicatesScoreIsAddedToTheSurvivorsAndTheSumCanMakeItReady() throws Exception {
        long survivor = api.createContact("{\"email\": \"" + uniqueEmail("survivor") + "\"}");
        long duplicate = api.createContact("{\"email\": \"" + uniqueEmail("duplicate") + "\"}");
        lifecycle.move(survivor, new Lifecycle.Move(Stage.NURTURE, null, null), io.keepwarm.lifecycle.ActorType.SYSTEM, "test");
        scores.set(survivor, new Scores.Score(20, null));
        scores.set(duplicate, new Scores.Score(150, null));

        api.post("/api/v1/contacts/merge", "{\"survivorId\": %d, \"mergedId\": %d}".formatted(survivor, duplicate))
                .andExpect(status().isOk());

        assertThat(scores.of(survivor).score()).isEqualTo(170);
        api.get("/api/v1/contacts/" + survivor + "/score/history").andExpect(jsonPath("$.items[0].cause").value("MERGE"))
                .andExpect(jsonPath("$.items[0].points").value(150)).andExpect(jsonPath("$.items[0].scoreAfter").value(170))
                .andExpect(jsonPath("$.items[0].reason").value(Matchers.containsString("merged duplicate contact " + duplicate)));
        assertThat(lifecycle.current(survivor).stage()).as("170 meets the readiness rule").isEqualTo(Stage.MQL);
    }

    @Test
    void activityThatHappenedLongAgoScoresWhatItIsWorthNowAndCountsAgainstTheCapOfItsOwnWeek() throws Exception {
        feed.followAll();
        rule("{\"name\": \"Visited\", \"activity\": \"PAGE_VIEW\", \"points\": 10, \"capCount\": 1, \"capPeriod\": \"P7D\"}");
        long late = api.createContact("{\"email\": \"" + uniqueEmail("backfilled") + "\"}");
        long twice = api.createContact("{\"email\": \"" + uniqueEmail("twice") + "\"}");
        var now = clock.instant();
        activities.record(List.of(
                new Activity(late, ActivityType.PAGE_VIEW, now.minus(Duration.ofDays(180)), Channel.EMAIL, "/pricing"),
                new Activity(twice, ActivityType.PAGE_VIEW, now.minus(Duration.ofDays(30)), Channel.EMAIL, "/pricing"),
                new Activity(twice, ActivityType.PAGE_VIEW, now, Channel.EMAIL, "/pricing")));
        feed.followAll();

        assertThat(scores.of(late).score()).as("two half-lives ago: a quarter of 10").isEqualTo((int) Math.round(2.5));
        api.get("/api/v1/contacts/" + late + "/score/history")
                .andExpect(jsonPath("$.items[0].reason").value(Matchers.containsString("2.5 of 10 points")));
        assertThat(scores.of(twice).score()).as("a visit a month ago and one today are in different weeks")
                .isEqualTo((int) Math.round(10 * Math.pow(0.5, 30 / 90.0) + 10));
    }

    @Test
    void theHistoryAddsUpToTheScoreWhenDecayCameBeforeAChange() throws Exception {
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("adds-up") + "\"}");
        scores.set(contact, new Scores.Score(80, null));
        clock.advance(Duration.ofDays(90));

        scores.adjust(contact, 10, "a trigger");

        var items = json(api.get("/api/v1/contacts/" + contact + "/score/history")).get("items");
        assertThat(items).extracting(c -> c.get("cause").asString()).containsExactly("TRIGGER", "DECAY", "PERSON");
        int sum = 0;
        for (var item : items) {
            sum += item.get("points").asInt();
        }
        assertThat(sum).isEqualTo(scores.of(contact).score()).isEqualTo(50);
    }

    @Test
    void spacesAroundARulesEventNameOrTargetAreDropped() throws Exception {
        var saved = json(api.post("/api/v1/scoring/rules", """
                {"name": "Demo", "activity": "CUSTOM", "customType": " demo_booked ", "target": " /demo ", "points": 5}""")
                .andExpect(status().isCreated()));
        assertThat(saved.get("customType").asString()).isEqualTo("demo_booked");
        assertThat(saved.get("target").asString()).isEqualTo("/demo");
    }

    @Test
    void aNewRuleAnswersWithTheAddressToReadItAt() throws Exception {
        var created = api.post("/api/v1/scoring/rules", """
                {"name": "Located", "activity": "PAGE_VIEW", "target": "/located", "points": 5}""")
                .andExpect(status().isCreated());
        String location = created.andReturn().getResponse().getHeader("Location");
        assertThat(location).isEqualTo("/api/v1/scoring/rules/" + json(created).get("id").asLong());
        api.get(location).andExpect(status().isOk()).andExpect(jsonPath("$.name").value("Located"));
    }

    private long rule(String json) throws Exception {
        return json(api.post("/api/v1/scoring/rules", json).andExpect(status().isCreated())).get("id").asLong();
    }
}
