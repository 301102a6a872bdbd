package io.keepwarm.ui;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.account.AccountSettings;
import io.keepwarm.audit.AuditLog;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.delivery.TaskKind;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.delivery.internal.MailSettings;
import io.keepwarm.delivery.internal.RelayPauses;
import io.keepwarm.identity.ApiKeys;
import io.keepwarm.identity.Role;
import io.keepwarm.lifecycle.LifecycleRules;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.platform.Timestamps;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import io.keepwarm.support.TestClock;
import io.keepwarm.support.TestDatabase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * What a rep plans their day by is written on their own clock, the account's (here Berlin, an hour ahead of UTC in
 * winter), not in UTC: a task's due time, a lead's hand-off, an alert, and the day a task became overdue; and what
 * an admin reads on the settings pages: the audit log, when an API key was made and how long mail is paused; and
 * every other time a signed-in person reads (the outbox, segments, scoring, triggers, tracking, the simulated clock),
 * a list naming the zone once. A contact's own clock is worded one way wherever it shows.
 */
@KeepwarmTest
class ViewersClockPagesTest {

    @DynamicPropertySource
    static void berlinAndOwnDatabase(DynamicPropertyRegistry properties) {
        properties.add("keepwarm.account.time-zone", () -> "Europe/Berlin");
        TestDatabase.ownDatabase(properties, "viewers_clock");
    }

    @Autowired Api api;
    @Autowired Tasks tasks;
    @Autowired TestClock clock;
    @Autowired ApiKeys apiKeys;
    @Autowired JdbcClient jdbc;
    @Autowired JavaMailSenderImpl mailSender;
    @Autowired MailSettings mailSettings;
    @Autowired io.keepwarm.delivery.internal.OutboxStore outbox;
    @Autowired io.keepwarm.program.Enrollments enrollments;
    @Autowired io.keepwarm.trigger.TriggerJobs triggerJobs;
    @Autowired io.keepwarm.scoring.ScoringRules scoringRules;
    @Autowired io.keepwarm.scoring.internal.FitGrading grading;
    @Autowired io.keepwarm.tracking.internal.SignedLinks links;
    @Autowired io.keepwarm.tracking.Tracking tracking;
    @Autowired Consents consents;
    @Autowired AuditLog audit;
    @Autowired LifecycleRules lifecycle;
    /** Watched for its reads: each is a statement on the account's settings (they are not cached). */
    @MockitoSpyBean AccountSettings accountSettings;

    private SalesTeam team;
    private long ann;
    /** This test's Wednesday in winter, in Berlin and in New York, with its week in one month. */
    private java.time.LocalDate wednesday;

    @BeforeEach
    void aRepOnAWinterWednesday() throws Exception {
        wednesday = clock.advanceToNextDay(day -> day.getDayOfWeek() == java.time.DayOfWeek.WEDNESDAY
                && java.util.Set.of(java.time.Month.DECEMBER, java.time.Month.JANUARY, java.time.Month.FEBRUARY)
                        .contains(day.getMonth()) && day.getDayOfMonth() >= 3 && day.getDayOfMonth() <= 26,
                java.time.LocalTime.of(9, 0), java.time.ZoneOffset.UTC).atZone(java.time.ZoneOffset.UTC).toLocalDate();
        team = new SalesTeam(api);
        ann = team.rep("Ann");
        team.onlyThese(ann);
    }

    @AfterEach
    void repsBack() throws Exception {
        team.restore();
        team.away(ann, true);
    }

    @Test
    void theContactPageShowsAnOpenTasksDueTimeAndItsHandOffOnTheViewersClock() throws Exception {
        long contact = annsContact("Uta", "America/New_York");
        long task = followUp(contact, utc(1, "16:30"));
        handOff(contact);

        Document page = page(team.get(ann, "/ui/contacts/" + contact));

        assertThat(page.getElementById("task-due-" + task).text()).contains("due " + day(1) + ", 17:30 (Europe/Berlin)")
                .doesNotContain("UTC");
        assertThat(page.getElementById("handoff-since").text()).isEqualTo(day(0) + ", 10:00 (Europe/Berlin)");
    }

    @Test
    void theTimelineSaysWhenOnTheViewersClockNamingItOnceAndWhatTheContactDidOnTheirClockToo() throws Exception {
        long contact = annsContact("Nora", "America/New_York");
        team.as(ann, post("/ui/contacts/" + contact + "/notes").param("body", "Met at the fair"))
                .andExpect(status().is3xxRedirection());
        // 23:30 UTC on Tuesday is half past midnight on Wednesday in Berlin and 18:30 on Tuesday in New York.
        api.post("/api/v1/events", """
                {"events": [{"id": "nora-visit-%d", "contactId": %1$d, "type": "PAGE_VIEW",
                 "target": "https://example.com/pricing", "occurredAt": "%s"}]}""".formatted(contact, utc(-1, "23:30")))
                .andExpect(status().isOk());

        Document page = page(team.get(ann, "/ui/contacts/" + contact));

        assertThat(page.getElementById("timeline-zone").text()).isEqualTo("Times in Europe/Berlin.");
        assertThat(page.select("#timeline li[data-kind=ACTIVITY]").first().text())
                .startsWith(day(0) + ", 00:30 (" + brief(-1) + ", 18:30 their time) Page view");
        assertThat(page.select("#timeline li[data-kind=NOTE]").first().text())
                .startsWith(day(0) + ", 10:00 Note by Ann").doesNotContain("their time");
        assertThat(page.getElementById("timeline").text()).doesNotContain("UTC", "Europe/Berlin");
    }

    @Test
    void myDaySaysOnWhichOfTheViewersDaysATaskBecameOverdueAndWhenAnAlertCame() throws Exception {
        long contact = annsContact("Late", "Europe/Berlin");
        // 23:30 UTC on Monday is half past midnight on Tuesday in Berlin.
        long late = followUp(contact, utc(-2, "23:30"));
        team.as(ann, post("/ui/contacts/" + contact + "/notes").param("body", "Wants a call\nafter the audit"))
                .andExpect(status().is3xxRedirection());
        handOff(contact);
        long handoff = json(api.get("/api/v1/handoffs?contact=" + contact)).at("/items/0/id").asLong();

        Document day = page(team.get(ann, "/ui/my-day"));

        org.jsoup.nodes.Element context = day.getElementById("handoff-context-" + handoff);
        assertThat(context.tagName()).as("in the page's own type, not monospace").isEqualTo("p");
        assertThat(context.hasClass("lines")).as("its lines kept").isTrue();
        assertThat(context.text()).contains("by API key 'test-admin'", day(0) + ", 10:00 Ann: Wants a call after the audit",
                "(Times in Europe/Berlin.)").doesNotContain("api-key:", "Ann-");

        assertThat(day.getElementById("overdue-" + late).text()).isEqualTo("· overdue since " + brief(-1));
        assertThat(day.getElementById("alerts").text()).contains("New lead: Late", day(0) + ", 10:00 (Europe/Berlin)")
                .doesNotContain("UTC");
    }

    @Test
    void theContactPageSaysItsConsentOnTheViewersClockAndItsCodesInWords() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Gert", "timeZone": "Europe/Berlin", "source": "TRADE_SHOW",
                 "consents": [{"channel": "EMAIL", "state": "GRANTED", "source": "trade-show form"}]}"""
                .formatted(uniqueEmail("gert")));

        Document page = page(team.get(ann, "/ui/contacts/" + contact));

        assertThat(page.select("#consent tbody tr").first().text())
                .isEqualTo("email granted trade-show form " + day(0) + ", 10:00 (Europe/Berlin)");
        assertThat(page.select("#consent").text()).contains("phone calls unknown", "SMS unknown").doesNotContain("UTC", "EMAIL");
        assertThat(page.select("table:has(#time-zone)").text()).contains("Source trade show", "Reachable valid")
                .doesNotContain("TRADE_SHOW", "VALID");
        assertThat(page.getElementById("timeline").text()).contains("Consent: email granted", "Met at a trade show");
    }

    @Test
    void theAuditLogSaysWhenOnTheViewersClockWhoByTheirNamesAndWhatInWords() throws Exception {
        long ada = team.user("Ada", "ADMIN", null);
        team.as(ada, patch("/api/v1/users/" + ann).contentType(MediaType.APPLICATION_JSON)
                .content("{\"managerId\": " + ada + ", \"weight\": 3}")).andExpect(status().isOk());

        Document page = page(team.get(ada, "/ui/settings/audit?entityType=user"));

        assertThat(page.select("#audit tbody tr").first().text()).isEqualTo(
                date(0) + " 10:00 Europe/Berlin Ada user changed user Ann manager: Ada · weight: 3");
        assertThat(page.select("#audit").text()).doesNotContain("UTC", "USER_CHANGED", "managerId");
    }

    @Test
    void theAuditLogSaysTheCodesItRecordedInWordsWhileTheApiKeepsThem() throws Exception {
        long ada = team.user("Ada", "ADMIN", null);
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Cody", "timeZone": "Europe/Berlin",
                 "consents": [{"channel": "EMAIL", "state": "GRANTED", "source": "trade-show form"}]}"""
                .formatted(uniqueEmail("cody")));
        api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"NURTURE\", \"reasonCode\": \"MANUAL\"}")
                .andExpect(status().isOk());
        long sam = team.rep("Sam");

        Document contacts = page(team.get(ada, "/ui/settings/audit?entityType=contact"));
        Document people = page(team.get(ada, "/ui/settings/audit?entityType=user"));

        assertThat(details(contacts, "STAGE_CHANGED", "/ui/contacts/" + contact)).contains("from: New", "to: Nurture",
                "moved by: an API key", "reason code: manual").doesNotContain("NURTURE", "MANUAL");
        assertThat(details(contacts, "CONTACT_CREATED", "/ui/contacts/" + contact))
                .contains("consents: (channel: email, state: granted, source: trade-show form)")
                .doesNotContain("EMAIL", "GRANTED");
        assertThat(details(people, "USER_CREATED", "user Sam")).contains("role: Sales rep").doesNotContain("SALES");
        assertThat(json(team.get(ada, "/api/v1/audit?entityType=user&entityId=" + sam)).at("/items/0/details")
                .toString()).as("the API keeps the codes").contains("SALES");
    }

    @Test
    void theAuditLogSaysACallBackOnTheViewersClockARuleAsTextAndATaskOfNobodyAsNobodys() throws Exception {
        long ada = team.user("Ada", "ADMIN", null);
        long sam = team.rep("Sam");
        long contact = annsContact("Carl", "Europe/Berlin");
        long call = tasks.create(new Tasks.NewTask(contact, ann, TaskKind.CALL, "Call Carl", null, clock.instant(), 50));
        team.post(ann, "/api/v1/tasks/" + call + "/complete",
                "{\"outcome\": \"NO_ANSWER\", \"callBackAt\": \"" + utc(1, "10:00") + "\"}").andExpect(status().isOk());
        team.as(ada, put("/api/v1/contacts/" + contact + "/score").contentType(MediaType.APPLICATION_JSON)
                .content("{\"score\": 40}")).andExpect(status().isOk());
        long unowned = api.createContact("{\"email\": \"%s\", \"firstName\": \"Una\"}".formatted(uniqueEmail("una")));
        long open = tasks.create(new Tasks.NewTask(unowned, null, TaskKind.FOLLOW_UP, "Look at Una", null,
                clock.instant(), 50));
        team.post(ada, "/api/v1/tasks/" + open + "/assign", "{\"assigneeId\": " + sam + "}").andExpect(status().isOk());
        long leaver = annsContact("Dora", "Europe/Berlin");
        long program = api.activeProgram("""
                {"name": "Leavers %d", "kind": "SEQUENCE", "steps": [{"type": "addTag", "tag": "dora-%1$d"}]}"""
                .formatted(leaver));
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + leaver + "]}")
                .andExpect(status().isOk());
        api.post("/api/v1/contacts/" + leaver + "/stage", "{\"to\": \"DISQUALIFIED\", \"reason\": \"moved away\"}")
                .andExpect(status().isOk());
        long segment = json(api.post("/api/v1/segments", """
                {"name": "Carls %d", "rule": {"field": "tag", "op": "=", "values": ["carl-%1$d"]}}""".formatted(contact)))
                .get("id").asLong();

        Document contacts = page(team.get(ada, "/ui/settings/audit?entityType=contact"));
        Document segments = page(team.get(ada, "/ui/settings/audit?entityType=segment"));

        assertThat(details(contacts, "TASK_COMPLETED", "/ui/contacts/" + contact)).contains("outcome: no answer",
                "call back at: " + date(1) + " 11:00 Europe/Berlin").doesNotContain(date(1) + "T10:00", "Z");
        assertThat(details(contacts, "SCORE_SET", "/ui/contacts/" + contact)).isEqualTo("score: 40 · grade: none");
        assertThat(details(contacts, "TASK_CREATED", "/ui/contacts/" + unowned)).contains("assignee: nobody");
        assertThat(details(contacts, "TASK_ASSIGNED", "/ui/contacts/" + unowned)).contains("assignee: Sam", "from: nobody")
                .doesNotContain("null");
        assertThat(json(team.get(ada, "/api/v1/audit?entityType=contact&entityId=" + unowned)).get("items"))
                .as("the API records nobody as null, not as the text \"null\"")
                .filteredOn(e -> e.get("action").asString().startsWith("TASK_")).extracting(e -> e.get("details").asString())
                .hasSize(2).allSatisfy(details -> assertThat(details).contains(":null").doesNotContain("\"null\""));
        assertThat(details(contacts, "CONTACT_LEFT_PROGRAMS", "/ui/contacts/" + leaver))
                .contains("programs: program 'Leavers " + leaver + "'", "reason: entered ")
                .doesNotContain("ENTERED", "program ids");
        assertThat(details(contacts, "STAGE_CHANGED", "/ui/contacts/" + leaver)).as("no reason code given")
                .contains("reason code: none", "reason: moved away");
        assertThat(details(segments, "SEGMENT_CREATED", "/ui/segments/" + segment))
                .contains("name: Carls " + contact, "rule: tag = \"carl-" + contact + "\"").doesNotContain("{", "field");
        assertThat(json(team.get(ada, "/api/v1/audit?entityType=segment&entityId=" + segment)).at("/items/0/details")
                .toString()).as("the API keeps the rule's JSON").contains("field");
    }

    @Test
    void theAuditLogSaysAnEscalationToTheAdminsAndARenamedStageInWords() throws Exception {
        long ada = team.user("Ada", "ADMIN", null);
        long contact = annsContact("Esme", "Europe/Berlin");
        // As the hand-off job records an overdue lead of a rep without a manager.
        audit.recordAs("system", "HANDOFF_ESCALATED", "contact", contact, Map.of("handoffId", 9, "noManager", true,
                "adminIds", List.of(ada)));
        String renamed;
        try {
            api.as(Role.ADMIN, put("/api/v1/lifecycle/rules").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"labels\": {\"DORMANT\": \"Asleep\", \"NEW\": \"New\"}}")).andExpect(status().isOk());
            renamed = details(page(team.get(ada, "/ui/settings/audit?entityType=lifecycle")), "LIFECYCLE_RULES_CHANGED",
                    "lifecycle rules");
        } finally {
            lifecycle.change(new LifecycleRules.Change(null, null, Map.of(Stage.DORMANT, "Dormant")));
        }

        assertThat(details(page(team.get(ada, "/ui/settings/audit?entityType=contact")), "HANDOFF_ESCALATED",
                "/ui/contacts/" + contact)).isEqualTo("hand-off of Esme · the rep has no manager: escalated to the admins"
                + " (Ada)");
        assertThat(renamed).as("only the stage renamed, by the label it had").contains("'Dormant' is now called 'Asleep'")
                .doesNotContain("dormant:", "labels", "'New'");
    }

    /** The details of the audit page's newest row of an action about an entity ("contact 7"). */
    private static String details(Document page, String action, String entity) {
        return page.select("#audit tbody tr[data-action=" + action + "]").stream()
                // a contact by its page, which its name links to; anything else by how the row says it
                .filter(row -> row.child(3).text().equals(entity) || row.child(3).select("a").attr("href").equals(entity))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + action + " about " + entity + " in "
                        + page.select("#audit tbody tr").eachText())).child(4).text();
    }

    @Test
    void aPageOfFiftyTimesReadsTheAccountsZoneOnce() throws Exception {
        long ada = team.user("Ada", "ADMIN", null);
        long contact = annsContact("Busy", "America/New_York");
        for (int i = 0; i < 50; i++) {
            clock.advance(java.time.Duration.ofMinutes(1));
            api.post("/api/v1/contacts/" + contact + "/tags", "{\"tags\": [\"busy-" + i + "\"]}")
                    .andExpect(status().isOk());
        }
        clearInvocations(accountSettings);

        Document audit = page(team.get(ada, "/ui/settings/audit?entityType=contact"));

        assertThat(audit.select("#audit tbody tr")).hasSizeGreaterThanOrEqualTo(50);
        verify(accountSettings, times(1).description("one read of the account's settings for the audit log"))
                .current();
        clearInvocations(accountSettings);

        Document contactPage = page(team.get(ada, "/ui/contacts/" + contact));

        assertThat(contactPage.select("#timeline li[data-kind=TAGS]")).hasSizeGreaterThanOrEqualTo(49);
        verify(accountSettings, times(1).description("one read of the account's settings for the contact page"))
                .current();
    }

    @Test
    void anApiKeySaysWhenAndByWhomItWasMadeOnTheViewersClockAndByTheirName() throws Exception {
        long ada = team.user("Ada", "ADMIN", null);
        String name = "clock-" + ada;
        team.as(ada, post("/ui/api-keys").param("name", name).param("role", "MARKETER"))
                .andExpect(status().is3xxRedirection());
        long key = apiKeys.list().stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow().id();

        Document page = page(team.get(ada, "/ui/settings"));

        assertThat(page.getElementById("key-" + key).text()).contains(date(0) + " 10:00 Europe/Berlin by Ada")
                .doesNotContain("UTC", "Ada-");
        apiKeys.revoke(key);
    }

    @Test
    void theMailPageSaysHowLongMailIsPausedOnTheViewersClock() throws Exception {
        long ada = team.user("Ada", "ADMIN", null);
        jdbc.sql("INSERT INTO mail_relay_pauses (relay, rounds, trouble, since, resume_at) VALUES (?, 1, ?, ?, ?)")
                .params(RelayPauses.relayOf(mailSender, mailSettings), "the mail server refused our sender",
                        Timestamps.of(clock.instant()), Timestamps.of(clock.instant().plusSeconds(300))).update();
        try {
            Document page = page(team.get(ada, "/ui/settings/mail"));

            assertThat(page.getElementById("mail-paused").text()).contains("No email goes out until "
                    + day(0) + ", 10:05 (Europe/Berlin)", "It began " + day(0) + ", 10:00 (Europe/Berlin)")
                    .doesNotContain("UTC");
        } finally {
            jdbc.sql("DELETE FROM mail_relay_pauses").update();
        }
    }

    @Test
    void theOutboxItsMessagesAndTheMessagesInDoubtSayWhenOnTheViewersClock() throws Exception {
        long ada = team.user("Ada", "ADMIN", null);
        String email = uniqueEmail("mailed");
        long contact = api.createContact("{\"email\": \"" + email + "\"}");
        long sent = outbox.insertOne(message(contact, email, "Sent at ten", "KEPT"), clock.instant());
        jdbc.sql("UPDATE outbox_messages SET status = 'SENT', sent_at = ? WHERE id = ?")
                .params(Timestamps.of(clock.instant().plusSeconds(300)), sent).update();
        long doubtful = outbox.insertOne(message(contact, email, "Maybe sent", "IN_DOUBT"), clock.instant());
        try {
            Document list = page(team.get(ada, "/ui/outbox?contact=" + contact));
            Document inDoubt = page(team.get(ada, "/ui/outbox/in-doubt"));
            Document message = page(team.get(ada, "/ui/outbox/" + sent));

            assertThat(list.getElementById("outbox-zone").text()).isEqualTo("Times in Europe/Berlin.");
            org.jsoup.nodes.Element row = list.select("#outbox tbody tr:contains(Sent at ten)").first();
            assertThat(row.select("td").eachText()).startsWith(date(0) + " 10:00").endsWith(date(0) + " 10:05");
            assertThat(row.select("time").eachAttr("datetime")).as("machine-readable, in UTC")
                    .containsExactly(utc(0, "09:00"), utc(0, "09:05"));
            assertThat(inDoubt.getElementById("in-doubt-zone").text()).isEqualTo("Times in Europe/Berlin.");
            assertThat(inDoubt.getElementById("doubt-" + doubtful).child(0).text()).isEqualTo(date(0) + " 10:00");
            assertThat(message.getElementById("created-at").text()).isEqualTo(date(0) + " 10:00 Europe/Berlin");
            assertThat(message.getElementById("sent-at").text()).isEqualTo(date(0) + " 10:05 Europe/Berlin");
            assertThat(list.text() + inDoubt.text() + message.getElementById("headers").text()).doesNotContain("UTC");
        } finally {
            jdbc.sql("DELETE FROM outbox_messages WHERE contact_id = ?").param(contact).update();
        }
    }

    @Test
    void segmentsScoringAndATriggersFiringsSayWhenOnTheViewersClock() throws Exception {
        long ada = team.user("Ada", "ADMIN", null);
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Scored", "lastName": "%s"}""".formatted(uniqueEmail("scored"), run));
        long segment = json(api.post("/api/v1/segments", """
                {"name": "Scored %s", "text": "tag = \\"none\\""}""".formatted(run))).get("id").asLong();
        api.post("/api/v1/admin/segments/refresh", "").andExpect(status().is2xxSuccessful());
        api.as(io.keepwarm.identity.Role.ADMIN, put("/api/v1/contacts/" + contact + "/score")
                .contentType(MediaType.APPLICATION_JSON).content("{\"score\": 40}")).andExpect(status().isOk());
        long trigger = json(api.post("/api/v1/triggers", """
                {"name": "Fair %1$s", "when": {"type": "tagAdded", "tag": "fair-%1$s"},
                 "actions": [{"type": "addTag", "tag": "met-%1$s"}]}""".formatted(run))).get("id").asLong();
        api.post("/api/v1/contacts/" + contact + "/tags", "{\"tags\": [\"fair-" + run + "\"]}")
                .andExpect(status().isOk());
        triggerJobs.cues();
        team.as(ada, post("/ui/scoring/fit-rules").param("name", "Chief " + run).param("rule", "title = \"CTO\"")
                .param("points", "30")).andExpect(status().is3xxRedirection());
        try {
            Document segments = page(team.get(ada, "/ui/segments"));
            Document scoring = page(team.get(ada, "/ui/scoring"));
            Document firings = page(team.get(ada, "/ui/triggers/" + trigger));

            assertThat(segments.getElementById("segments-zone").text()).isEqualTo("Times in Europe/Berlin.");
            assertThat(segments.selectFirst("#segment-list tr[data-segment=" + segment + "] .refreshed").text())
                    .isEqualTo(date(0) + " 10:00");
            assertThat(scoring.getElementById("regrading").text()).contains("asked for " + day(0) + ", 10:00 (Europe/Berlin)");
            assertThat(scoring.getElementById("score-changes-zone").text()).isEqualTo("Times in Europe/Berlin.");
            assertThat(scoring.select("#score-changes tbody tr:contains(" + run + ") td").first().text())
                    .isEqualTo(date(0) + " 10:00");
            assertThat(firings.getElementById("firings-zone").text()).isEqualTo("Times in Europe/Berlin.");
            assertThat(firings.select("#firing-list tbody tr td").first().text()).isEqualTo(date(0) + " 10:00");
            assertThat(segments.text() + scoring.text() + firings.getElementById("firings").text())
                    .doesNotContain("UTC");
        } finally {
            scoringRules.fitRules().stream().filter(r -> r.name().equals("Chief " + run))
                    .forEach(r -> scoringRules.deleteFitRule(r.id()));
            grading.regradeDue();
        }
    }

    @Test
    void theTrackingPageSaysWhenToTheSecondOnTheViewersClock() throws Exception {
        long ada = team.user("Ada", "ADMIN", null);
        long contact = api.createContact("{\"email\": \"%s\", \"firstName\": \"Tracy\"}".formatted(uniqueEmail("tracy")));
        consents.record(contact, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "trade-show form", null));
        clock.advance(java.time.Duration.ofSeconds(7));
        String unsubscribe = links.unsubscribeUrl(contact);
        api.mvc().perform(post(java.net.URI.create(unsubscribe).getPath())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).content("List-Unsubscribe=One-Click"));
        tracking.flush();

        Document page = page(team.get(ada, "/ui/tracking?contact=" + contact));

        assertThat(page.getElementById("tracking-zone").text()).isEqualTo("Times in Europe/Berlin.");
        assertThat(page.select("#tracking tbody tr td").first().text()).isEqualTo(date(0) + " 10:00:07");
        assertThat(page.getElementById("tracking").text()).doesNotContain("UTC");
    }

    @Test
    void justAfterMidnightOnTheViewersClockTheContactPageSaysTheirDayAndTheNextStepAndCallInTheirWords()
            throws Exception {
        // 23:30 UTC on Wednesday is half past midnight on Thursday in Berlin: a UTC day would be a day early.
        clock.set(Instant.parse(utc(0, "23:30")));
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        long contact = annsContact("Walker", "America/New_York");
        long program = api.activeProgram("""
                {"name": "walk %1$s", "kind": "SEQUENCE", "steps": [{"type": "wait", "duration": "P14D"},
                 {"type": "addTag", "tag": "walked-%1$s"}]}""".formatted(run));
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + contact + "]}")
                .andExpect(status().is2xxSuccessful());
        Instant nextStep = enrollments.ofContact(contact, 1).getFirst().nextDueAt();
        // Friday 10:00 in New York.
        long callBack = tasks.create(new Tasks.NewTask(contact, ann, TaskKind.CALL_BACK, "Call back", null,
                Instant.parse(utc(2, "15:00")), 50));

        Document page = page(team.get(ann, "/ui/contacts/" + contact));
        Document day = page(team.get(ann, "/ui/my-day"));

        assertThat(page.getElementById("stage-since").text()).isEqualTo(day(1));
        assertThat(page.select("#in-programs li").text()).startsWith("walk " + run + ": in since " + day(1) + ","
                + " next step due " + java.time.format.DateTimeFormatter.ofPattern("EEE d MMMM yyyy, HH:mm",
                        java.util.Locale.ENGLISH).withZone(java.time.ZoneId.of("Europe/Berlin")).format(nextStep)
                + " (Europe/Berlin)");
        assertThat(page.getElementById("next-call").text()).isEqualTo(
                "Next call: Call back: " + brief(2) + ", 10:00 their time, with Ann");
        assertThat(day.getElementById("later-" + callBack).child(0).text()).as("My day words it alike")
                .isEqualTo(brief(2) + ", 10:00 their time");
        assertThat(page.getElementById("memberships").text() + page.getElementById("next-call").text())
                .doesNotContain("UTC");
        api.post("/api/v1/programs/" + program + "/archive", "");
    }

    @Test
    void aCallForAContactWhoseZoneIsUnknownSaysSoOnTheViewersClockRatherThanPassItOffAsTheirs() throws Exception {
        long contact = annsContact("Nowhere", "Europe/Berlin");
        jdbc.sql("UPDATE contacts SET time_zone = 'Mars/Olympus_Mons' WHERE id = ?").param(contact).update();
        long callBack = tasks.create(new Tasks.NewTask(contact, ann, TaskKind.CALL_BACK, "Call back", null,
                Instant.parse(utc(2, "15:00")), 50));

        Document page = page(team.get(ann, "/ui/contacts/" + contact));
        Document day = page(team.get(ann, "/ui/my-day"));

        String said = brief(2) + ", 16:00 Europe/Berlin (their time zone is unknown)";
        assertThat(page.getElementById("next-call").text()).contains("Call back: " + said);
        assertThat(day.getElementById("later-" + callBack).child(0).text()).isEqualTo(said);
    }

    @Test
    void theTimelineOfAContactWhoseZoneIsUnknownSaysSoRatherThanPassTheViewersClockOffAsTheirs() throws Exception {
        long contact = annsContact("Noclock", "Europe/Berlin");
        jdbc.sql("UPDATE contacts SET time_zone = NULL WHERE id = ?").param(contact).update();
        api.post("/api/v1/events", """
                {"events": [{"id": "noclock-visit-%d", "contactId": %1$d, "type": "PAGE_VIEW",
                 "target": "https://example.com/pricing", "occurredAt": "%s"}]}""".formatted(contact, utc(-1, "23:30")))
                .andExpect(status().isOk());

        Document page = page(team.get(ann, "/ui/contacts/" + contact));

        assertThat(page.getElementById("timeline-zone").text())
                .isEqualTo("(their time zone is unknown; times in Europe/Berlin)");
        assertThat(page.select("#timeline li[data-kind=ACTIVITY]").first().text())
                .startsWith(day(0) + ", 00:30 Page view").doesNotContain("their time)");
    }

    @Test
    void theSimulatedClockARevokedKeyTheContentFiguresAndAnOptInLinkSayTheViewersDay() throws Exception {
        clock.set(Instant.parse(utc(0, "23:30")));
        long ada = team.user("Ada", "ADMIN", null);
        String name = "late-" + ada;
        team.as(ada, post("/ui/api-keys").param("name", name).param("role", "MARKETER"))
                .andExpect(status().is3xxRedirection());
        long key = apiKeys.list().stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow().id();
        apiKeys.revoke(key);
        long contact = annsContact("Ola", "Europe/Berlin");

        Document home = page(team.get(ada, "/"));
        Document settings = page(team.get(ada, "/ui/settings"));
        Document revoke = page(team.get(ada, "/ui/settings/api-keys/" + key + "/revoke"));
        Document content = page(team.get(ada, "/ui/content"));
        Document optIn = page(team.as(ann, post("/ui/contacts/" + contact + "/opt-in").header("HX-Request", "true")));

        assertThat(home.getElementById("simulated-clock").text())
                .isEqualTo("Simulated clock: " + date(1) + " 00:30 Europe/Berlin");
        assertThat(settings.getElementById("key-" + key).text()).contains("revoked " + date(1));
        assertThat(revoke.text()).contains("revoked already, on " + day(1));
        // The last 90 days: from 23:30 UTC, already the next day in Berlin.
        assertThat(content.text()).contains("Figures since " + FULL_DAY.format(clock.instant()
                .minus(java.time.Duration.ofDays(90)).atZone(java.time.ZoneId.of("Europe/Berlin"))));
        assertThat(optIn.getElementById("opt-in-form-done").text())
                .endsWith("(the link works until " + day(8) + ", 00:30 (Europe/Berlin))");
    }

    private static final java.time.format.DateTimeFormatter FULL_DAY =
            java.time.format.DateTimeFormatter.ofPattern("EEE d MMMM yyyy", java.util.Locale.ENGLISH);

    /** The day so many days from this test's Wednesday as the pages say it in full: "Wed 13 January 2027". */
    private String day(int days) {
        return FULL_DAY.format(wednesday.plusDays(days));
    }

    /** The day so many days from this test's Wednesday as the pages say one of this year briefly: "Tue 12 Jan". */
    private String brief(int days) {
        return java.time.format.DateTimeFormatter.ofPattern("EEE d MMM", java.util.Locale.ENGLISH)
                .format(wednesday.plusDays(days));
    }

    /** The day so many days from this test's Wednesday as the tables say it: "2027-01-13". */
    private String date(int days) {
        return wednesday.plusDays(days).toString();
    }

    /** That time, UTC, so many days from this test's Wednesday, as the API writes an instant. */
    private String utc(int days, String time) {
        return wednesday.plusDays(days).atTime(java.time.LocalTime.parse(time)).toInstant(java.time.ZoneOffset.UTC)
                .toString();
    }

    private static io.keepwarm.delivery.internal.OutboxStore.NewMessage message(long contact, String to, String subject,
            String status) {
        return new io.keepwarm.delivery.internal.OutboxStore.NewMessage(null, contact, "NURTURE", to,
                "news@example.com", "News", subject, "<p>Hello</p>", "Hello", null, java.util.List.of(), null, status,
                null);
    }

    private long annsContact(String firstName, String zone) throws Exception {
        return api.createContact("""
                {"email": "%s", "firstName": "%s", "phone": "+1 212 555 0100", "timeZone": "%s", "owner": "%d"}"""
                .formatted(uniqueEmail(firstName.toLowerCase()), firstName, zone, ann));
    }

    private long followUp(long contact, String dueAt) {
        return tasks.create(new Tasks.NewTask(contact, ann, TaskKind.FOLLOW_UP, "Send the quote", null,
                Instant.parse(dueAt), 50));
    }

    private void handOff(long contact) throws Exception {
        api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"MQL\", \"reasonCode\": \"SCORE\"}")
                .andExpect(status().isOk());
    }

    static Document page(org.springframework.test.web.servlet.ResultActions result) throws Exception {
        return Jsoup.parse(result.andReturn().getResponse().getContentAsString());
    }
}
