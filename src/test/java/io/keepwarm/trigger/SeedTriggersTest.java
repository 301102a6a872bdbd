package io.keepwarm.trigger;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.activity.ActivityFeed;
import io.keepwarm.delivery.TaskKind;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.engine.Engine;
import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import io.keepwarm.support.TestClock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Seed 001's three kinds of trigger, each driving a real action end to end: a date (static), a move in the pipeline
 * (dynamic), and the contact's own cues (customer).
 */
@KeepwarmTest
class SeedTriggersTest {

    private static final ZoneId AUCKLAND = ZoneId.of("Pacific/Auckland");

    @Autowired io.keepwarm.ui.Words words;
    @Autowired Api api;
    @Autowired Triggers triggers;
    @Autowired TriggerJobs jobs;
    @Autowired ActivityFeed feed;
    @Autowired Engine engine;
    @Autowired TestClock clock;
    @Autowired Tasks tasks;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private TriggerSteps steps;
    private SalesTeam team;

    @BeforeEach
    void steps() {
        steps = new TriggerSteps(api, triggers);
        team = new SalesTeam(api);
    }

    @AfterEach
    void pause() {
        steps.pauseAll();
    }

    @Test
    void aLeaseExpiringInNinetyDaysAlertsTheOwnerExactlyOnceAtNinetyDaysInTheContactsZone() throws Exception {
        String lease = "lease_" + run;
        steps.dateAttribute(lease);
        LocalDate today = clock.instant().atZone(AUCKLAND).toLocalDate();
        LocalDate expiry = today.plusDays(92);
        long rep = team.rep("Leasing");
        long contact = api.createContact("""
                {"email": "%s", "timeZone": "Pacific/Auckland", "owner": "%d", "tags": ["lessee-%s"],
                 "attributes": {"%s": "%s"}}""".formatted(uniqueEmail("lessee"), rep, run, lease, expiry));
        long trigger = steps.create("""
                {"name": "Lease renewal %s", "when": {"type": "daysBefore", "attribute": "%s", "days": 90},
                 "condition": "tag = \\"lessee-%s\\"",
                 "actions": [{"type": "alertOwner", "subject": "A lease runs out in 90 days",
                              "body": "Time to talk about the renewal."},
                             {"type": "addTag", "tag": "renewal-due-%s"}]}""".formatted(run, lease, run, run));

        // 23:59 in Auckland on the day before: 91 days to go there, so nothing yet.
        clock.set(ZonedDateTime.of(today.plusDays(1), LocalTime.of(23, 59), AUCKLAND).toInstant());
        jobs.dates();
        assertThat(steps.firingsOf(contact, trigger)).isEmpty();

        // Two minutes later it is 90 days before the expiry in Auckland, while still the day before in UTC.
        clock.advance(Duration.ofMinutes(2));
        assertThat(clock.instant().atZone(ZoneOffset.UTC).toLocalDate()).isEqualTo(today.plusDays(1));
        jobs.dates();
        jobs.dates();
        List<JsonNode> firings = steps.firingsOf(contact, trigger);
        assertThat(firings).singleElement().satisfies(f -> {
            assertThat(f.get("outcome").asString()).isEqualTo("FIRED");
            assertThat(f.get("occurrence").asString()).isEqualTo("date:" + expiry);
            assertThat(f.at("/actions/0/outcome").asString()).isEqualTo("DONE");
        });
        assertThat(steps.tagsOf(contact)).contains("renewal-due-" + run);
        assertThat(alertsAbout(rep, contact)).singleElement().satisfies(alert -> {
            assertThat(alert.get("subject").asString()).isEqualTo("A lease runs out in 90 days");
            assertThat(alert.get("body").asString()).startsWith("Time to talk about the renewal.")
                    .contains(lease + " " + expiry + " is 90 days away");
        });

        for (int day = 0; day < 100; day += 7) {
            clock.advance(Duration.ofDays(7));
            jobs.dates();
        }
        assertThat(steps.firingsOf(contact, trigger)).as("once per lease date, not once per run").hasSize(1);
        assertThat(alertsAbout(rep, contact)).hasSize(1);
    }

    @Test
    void aLeadTheRepRejectsAsNotReadyGetsAFollowUpInTheirQueueAndLosesPoints() throws Exception {
        long rep = team.rep("Closer");
        long trigger = steps.create("""
                {"name": "Not ready %1$s", "when": {"type": "handoffRejected", "reason": "NOT_READY"},
                 "condition": "tag = \\"lead-%1$s\\"",
                 "actions": [{"type": "createTask", "title": "Check in again", "dueInHours": 2160, "priority": 30},
                             {"type": "adjustScore", "points": -20}]}""".formatted(run));
        long contact = api.createContact("{\"email\": \"%s\", \"owner\": \"%d\", \"tags\": [\"lead-%s\"]}"
                .formatted(uniqueEmail("rejected"), rep, run));
        api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"MQL\", \"reason\": \"test\"}")
                .andExpect(status().isOk());
        JsonNode handoffs = json(api.get("/api/v1/handoffs?contact=" + contact)).get("items");
        long handoff = handoffs.get(handoffs.size() - 1).get("id").asLong();

        team.post(rep, "/api/v1/handoffs/" + handoff + "/reject", "{\"reason\": \"NOT_READY\"}").andExpect(status().isOk());
        jobs.cues();

        assertThat(steps.firingsOf(contact, trigger)).singleElement().satisfies(f -> {
            assertThat(f.get("cue").asString()).isEqualTo("hand-off " + handoff + " rejected: NOT_READY");
            assertThat(f.get("actions").findValuesAsString("outcome")).containsExactly("DONE", "DONE");
        });
        JsonNode task = json(team.get(rep, "/api/v1/tasks/history?limit=500")).get("items").valueStream()
                .filter(t -> t.get("contactId").asLong() == contact && t.get("kind").asString().equals("FOLLOW_UP"))
                .findFirst().orElseThrow();
        assertThat(task.get("title").asString()).isEqualTo("Check in again");
        assertThat(task.get("context").asString()).contains("hand-off " + handoff + " rejected: NOT_READY");
        assertThat(task.get("priority").asInt()).isEqualTo(30);
    }

    @Test
    void aLostDealPutsTheContactInAWinBackProgram() throws Exception {
        long program = activeSequence("Win back " + run);
        long trigger = steps.create("""
                {"name": "Lost deal %s", "when": {"type": "dealLost"}, "condition": "tag = \\"deal-%s\\"",
                 "actions": [{"type": "enroll", "programId": %d}]}""".formatted(run, run, program));
        long contact = api.createContact("{\"email\": \"%s\", \"tags\": [\"deal-%s\"]}".formatted(uniqueEmail("lost"), run));
        for (String stage : List.of("SQL", "OPPORTUNITY", "LOST")) {
            api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"" + stage + "\", \"reason\": \"test\"}")
                    .andExpect(status().isOk());
        }

        jobs.cues();

        JsonNode enrollment = json(api.get("/api/v1/programs/" + program + "/enrollments")).at("/items/0");
        assertThat(enrollment.get("contactId").asLong()).isEqualTo(contact);
        assertThat(enrollment.get("source").asString()).isEqualTo("TRIGGER");
        assertThat(steps.firingsOf(contact, trigger)).singleElement().satisfies(f -> {
            assertThat(f.get("cue").asString()).isEqualTo("stage OPPORTUNITY → LOST");
            assertThat(f.at("/actions/0/detail").asString()).isEqualTo("enrolled in program 'Win back " + run + "'");
        });
    }

    @Test
    void whatATriggersActionsChangeIsRecordedAsTheTriggerNotAsTheApiKeyWhoseEventFiredIt() throws Exception {
        api.post("/api/v1/attributes", "{\"key\": \"interest_%1$s\", \"label\": \"Interest %1$s\", \"type\": \"TEXT\"}"
                .formatted(run)).andExpect(status().is2xxSuccessful());
        long program = activeSequence("Pricing nurture " + run);
        long trigger = steps.create("""
                {"name": "Pricing visit %1$s", "when": {"type": "activity", "activity": "PAGE_VIEW"},
                 "condition": "tag = \\"shopper-%1$s\\"",
                 "actions": [{"type": "addTag", "tag": "pricing-%1$s"},
                             {"type": "setAttribute", "key": "interest_%1$s", "value": "pricing"},
                             {"type": "enroll", "programId": %2$d}]}""".formatted(run, program));
        String email = uniqueEmail("shopper");
        long contact = api.createContact("{\"email\": \"%s\", \"tags\": [\"shopper-%s\"]}".formatted(email, run));
        api.post("/api/v1/events", """
                {"events": [{"id": "pricing-%s", "contactId": %d, "type": "PAGE_VIEW", "target": "https://example.com/pricing"}]}"""
                .formatted(run, contact)).andExpect(status().isOk());

        feed.followAll();

        JsonNode audited = json(api.get("/api/v1/audit?entityType=contact&entityId=" + contact + "&limit=100")).get("items");
        String byTrigger = "trigger:" + trigger;
        assertThat(actorOf(audited, "TAGS_ADDED")).isEqualTo(byTrigger);
        assertThat(actorOf(audited, "CONTACT_UPDATED")).isEqualTo(byTrigger);
        assertThat(actorOf(audited, "CONTACT_CREATED")).as("the API key made the contact").isNotEqualTo(byTrigger)
                .doesNotStartWith("trigger:");
        assertThat(actorOf(json(api.get("/api/v1/audit?entityType=program&entityId=" + program)).get("items"),
                "CONTACTS_ENROLLED")).isEqualTo(byTrigger);
        String said = "trigger 'Pricing visit " + run + "'";
        assertThat(adminPage("/ui/settings/audit?actor=" + byTrigger).select("#audit tbody tr").eachText())
                .anySatisfy(row -> assertThat(row).contains(said + " tags added contact " + email, "pricing-" + run))
                .anySatisfy(row -> assertThat(row).contains(said + " contact updated contact " + email))
                .anySatisfy(row -> assertThat(row).contains(said + " contacts enrolled program 'Pricing nurture " + run
                        + "'", "source: trigger"));
        assertThat(adminPage("/ui/settings/audit?actor=pricing visit " + run).select("#audit tbody tr").eachText())
                .as("by the name the rows show, case aside")
                .anySatisfy(row -> assertThat(row).contains(said + " tags added contact " + email));
        assertThat(adminPage("/ui/contacts/" + contact).getElementById("timeline").text())
                .contains("Details changed by " + said);
    }

    @Test
    void aTaskATriggersStageMoveEndsSaysTheTriggerEndedItNotTheApiKeyWhoseEventFiredIt() throws Exception {
        long rep = team.rep("Asker");
        long trigger = steps.create("""
                {"name": "Replied %1$s", "when": {"type": "activity", "activity": "PAGE_VIEW"},
                 "condition": "tag = \\"replier-%1$s\\"", "actions": [{"type": "changeStage", "to": "MQL"}]}"""
                .formatted(run));
        long contact = api.createContact("""
                {"email": "%s", "phone": "+49 30 1234567", "owner": "%d", "tags": ["replier-%s"]}"""
                .formatted(uniqueEmail("replier"), rep, run));
        api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"NURTURE\"}").andExpect(status().isOk());
        long check = tasks.create(new Tasks.NewTask(contact, null, TaskKind.READINESS_CHECK, "Ready yet " + run + "?",
                null, clock.instant(), 50));
        api.post("/api/v1/events", """
                {"events": [{"id": "replied-%s", "contactId": %d, "type": "PAGE_VIEW", "target": "https://example.com/reply"}]}"""
                .formatted(run, contact)).andExpect(status().isOk());

        assertThat(json(team.get(rep, "/api/v1/tasks/" + check)).get("status").asString()).isEqualTo("OPEN");

        feed.followAll();

        JsonNode ended = json(team.get(rep, "/api/v1/tasks/" + check));
        assertThat(ended.get("status").asString()).as("with sales now, nobody asks whether it is ready")
                .isEqualTo("CANCELLED");
        assertThat(ended.get("doneBy").asString()).isEqualTo("trigger:" + trigger);
        assertThat(adminPage("/ui/contacts/" + contact).getElementById("timeline").text())
                .contains("Task cancelled by trigger 'Replied " + run + "' Ready yet " + run + "?")
                .doesNotContain("Task cancelled by Keepwarm itself", "Task cancelled by API key");
    }

    /** Who the newest of these audit entries of an action was made by. */
    private static String actorOf(JsonNode entries, String action) {
        return entries.valueStream().filter(e -> e.get("action").asString().equals(action)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + action + " in " + entries)).get("actor").asString();
    }

    private Document adminPage(String path) throws Exception {
        return Jsoup.parse(api.mvc().perform(get(path).with(user(api.sessionUser(Role.ADMIN)).roles("ADMIN")))
                .andReturn().getResponse().getContentAsString());
    }

    @Test
    void aReplyMakesTheContactAnMqlAndAddsToItsScore() throws Exception {
        long trigger = steps.create("""
                {"name": "Replied %s", "when": {"type": "activity", "activity": "REPLIED"},
                 "condition": "tag = \\"talker-%s\\"",
                 "actions": [{"type": "changeStage", "to": "MQL"}, {"type": "adjustScore", "points": 25}]}"""
                .formatted(run, run));
        long contact = api.createContact("{\"email\": \"%s\", \"tags\": [\"talker-%s\"]}".formatted(uniqueEmail("talker"), run));
        long machine = api.createContact("{\"email\": \"%s\", \"tags\": [\"talker-%s\"]}".formatted(uniqueEmail("bot"), run));
        api.post("/api/v1/events", """
                {"events": [{"id": "reply-%s", "contactId": %d, "type": "REPLIED", "target": "Re: the cooling guide"},
                            {"id": "visit-%s", "contactId": %d, "type": "PAGE_VIEW"}]}""".formatted(run, contact, run, machine))
                .andExpect(status().isOk());

        feed.followAll();

        JsonNode stage = json(api.get("/api/v1/contacts/" + contact + "/stage"));
        assertThat(stage.get("stage").asString()).isEqualTo("MQL");
        JsonNode move = json(api.get("/api/v1/contacts/" + contact + "/stage-history")).at("/transitions/0");
        assertThat(move.get("actorType").asString()).isEqualTo("TRIGGER");
        assertThat(move.get("actor").asString()).isEqualTo("trigger:" + trigger);
        String why = json(api.get("/api/v1/handoffs?contact=" + contact)).at("/items/0/why").asString();
        assertThat(words.said(why)).as("the rep reads the trigger's name, once").endsWith(" by trigger 'Replied " + run + "'");
        assertThat(json(api.get("/api/v1/contacts/" + contact + "/score")).get("score").asInt()).isGreaterThanOrEqualTo(25);
        assertThat(steps.firingsOf(contact, trigger)).singleElement().satisfies(f -> {
            assertThat(f.get("cue").asString()).isEqualTo("REPLIED Re: the cooling guide");
            assertThat(f.get("actions").findValuesAsString("outcome")).containsExactly("DONE", "DONE");
        });
        assertThat(steps.firingsOf(machine)).as("a page view is not a reply").isEmpty();
    }

    @Test
    void aTagARepAddsSendsTheRenewalGuideThroughThePressurePolicy() throws Exception {
        long piece = json(api.post("/api/v1/content", """
                {"name": "Renewal guide %s", "type": "ARTICLE", "status": "LIVE", "fallbacks": {"contact.first_name": "there"},
                 "variants": {"email": {"subject": "Your renewal guide %s", "html": "<p>Dear {{ contact.first_name }},</p>"}}}"""
                .formatted(run, run))).get("id").asLong();
        long stream = json(api.post("/api/v1/programs", """
                {"name": "Renewals %s", "kind": "STREAM", "cadence": {"type": "monthly", "week": 1, "day": "TUESDAY",
                 "at": "10:00"}, "pool": [%d]}""".formatted(run, piece))).get("id").asLong();
        api.post("/api/v1/programs/" + stream + "/activate", "").andExpect(status().isOk());
        long trigger = steps.create("""
                {"name": "Renewal talk %s", "when": {"type": "tagAdded", "tag": "renewal-%s"},
                 "actions": [{"type": "enroll", "programId": %d}, {"type": "sendContent", "programId": %d, "contentId": %d}]}"""
                .formatted(run, run, stream, stream, piece));
        long contact = api.createContact("{\"email\": \"%s\", \"firstName\": \"Ada\", \"timeZone\": \"UTC\"}"
                .formatted(uniqueEmail("renewing")));
        api.post("/api/v1/contacts/" + contact + "/consents", """
                {"channel": "EMAIL", "state": "GRANTED", "source": "renewal form"}""").andExpect(status().is2xxSuccessful());
        clock.set(ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).with(TemporalAdjusters.next(DayOfWeek.WEDNESDAY))
                .withHour(11).withMinute(0).toInstant());

        api.post("/api/v1/contacts/" + contact + "/tags", "{\"tags\": [\"Renewal-" + run + "\"]}").andExpect(status().isOk());
        jobs.cues();
        engine.tick();

        JsonNode sent = json(api.get("/api/v1/outbox?contact=" + contact)).get("items");
        assertThat(sent.findValuesAsString("subject")).containsExactly("Your renewal guide " + run);
        assertThat(steps.firingsOf(contact, trigger)).singleElement().satisfies(f ->
                assertThat(f.get("actions").findValuesAsString("outcome")).containsExactly("DONE", "DONE"));

        api.post("/api/v1/contacts/" + contact + "/tags", "{\"tags\": [\"other-" + run + "\"]}").andExpect(status().isOk());
        jobs.cues();
        engine.tick();
        assertThat(json(api.get("/api/v1/outbox?contact=" + contact)).get("items")).as("the piece goes once").hasSize(1);
    }

    @Test
    void aNoteMentioningACompetitorTagsTheContactForTheRep() throws Exception {
        long trigger = steps.create("""
                {"name": "Competitor %s", "when": {"type": "noteAdded", "keywords": ["Acme-%s", "switching"]},
                 "actions": [{"type": "addTag", "tag": "competitor-%s"}]}""".formatted(run, run, run));
        long contact = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("noted")));
        api.post("/api/v1/contacts/" + contact + "/notes", "{\"body\": \"Says the weather is fine.\"}");
        api.post("/api/v1/contacts/" + contact + "/notes", "{\"body\": \"Uses ACME-%s today, unhappy with support.\"}"
                .formatted(run));

        jobs.cues();

        assertThat(steps.tagsOf(contact)).contains("competitor-" + run);
        assertThat(steps.firingsOf(contact, trigger)).singleElement()
                .satisfies(f -> assertThat(f.get("cue").asString()).endsWith("mentions 'Acme-" + run + "'"));
        assertThat(json(api.get("/api/v1/contacts/" + contact + "/export")).at("/triggerFirings/0/cue").asString())
                .as("what triggers did about a person is in their export").endsWith("mentions 'Acme-" + run + "'");
    }

    private List<JsonNode> alertsAbout(long rep, long contact) throws Exception {
        return json(team.get(rep, "/api/v1/alerts")).get("items").valueStream()
                .filter(a -> a.get("contactId").asLong() == contact).toList();
    }

    private long activeSequence(String name) throws Exception {
        long piece = json(api.post("/api/v1/content", """
                {"name": "%s piece", "type": "ARTICLE", "status": "LIVE",
                 "variants": {"email": {"subject": "Hello again", "html": "<p>Hello</p>"}}}""".formatted(name)))
                .get("id").asLong();
        long program = json(api.post("/api/v1/programs", """
                {"name": "%s", "kind": "SEQUENCE", "steps": [{"type": "send", "contentId": %d, "channel": "EMAIL"}]}"""
                .formatted(name, piece))).get("id").asLong();
        api.post("/api/v1/programs/" + program + "/activate", "").andExpect(status().isOk());
        return program;
    }
}
