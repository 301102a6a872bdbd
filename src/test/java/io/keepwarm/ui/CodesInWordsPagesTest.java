package io.keepwarm.ui;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.ImportJob;
import io.keepwarm.contact.Imports;
import io.keepwarm.delivery.internal.OutboxStore;
import io.keepwarm.engine.Engine;
import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;

/**
 * The pages say in words what the API says in codes: a program's kind and status, a piece's status, type and stages, a
 * forecast's outcome, an email's and an import's status, who moved a contact. The codes stay in the attributes the
 * forms and scripts read.
 */
@KeepwarmTest
class CodesInWordsPagesTest {

    @Autowired Api api;
    @Autowired Engine engine;
    @Autowired TestClock clock;
    @Autowired Imports imports;
    @Autowired OutboxStore outbox;
    @Autowired io.keepwarm.delivery.internal.SmtpChannel smtp;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    /** A weekday morning in UTC, inside the default sending hours, whatever day the clock stood on. */
    @BeforeEach
    void wednesdayMorning() {
        clock.set(ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).with(TemporalAdjusters.next(DayOfWeek.WEDNESDAY))
                .withHour(10).withMinute(0).withSecond(0).withNano(0).toInstant());
    }

    @Test
    void theProgramsListAndTheDashboardSayAStreamsKindAndStatusInWords() throws Exception {
        long piece = api.liveArticle("Stream piece " + run);
        long stream = api.activeProgram("""
                {"name": "Words stream %s", "kind": "STREAM",
                 "cadence": {"type": "every", "period": "P7D", "at": "10:00"}, "pool": [%d]}""".formatted(run, piece));

        Element listed = row(page(Role.MARKETER, "/ui/programs").select("#program-list tbody tr"), "Words stream " + run);
        // The dashboard shows the first programs of the account, which other tests may have made: every one in words.
        var dashboard = page(Role.MARKETER, "/").select("#programs tbody tr");
        Document program = page(Role.MARKETER, "/ui/programs/" + stream);

        assertThat(listed.select("td").eachText()).contains("Stream", "Active").doesNotContain("STREAM", "ACTIVE");
        assertThat(dashboard).isNotEmpty().allSatisfy(r -> {
            assertThat(r.child(1).text()).isIn("Stream", "Sequence");
            assertThat(r.child(2).text()).isIn("Draft", "Active", "Paused");
        });
        assertThat(program.getElementById("program-status").text()).isEqualTo("Active");
        assertThat(program.getElementById("program-status").attr("data-status")).isEqualTo("ACTIVE");
        api.post("/api/v1/programs/" + stream + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void theForecastSaysATouchStillToComeWouldSendOrWouldWaitUntilItGoesOut() throws Exception {
        long sequence = api.activeProgram("""
                {"name": "Forecast words %s", "kind": "SEQUENCE", "steps": [
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}, {"type": "wait", "duration": "P60DT11H"},
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}]}"""
                .formatted(run, api.liveArticle("First words " + run), api.liveArticle("Second words " + run)));
        long ada = api.createContact("""
                {"email": "%s", "timeZone": "Europe/Berlin",
                 "consents": [{"channel": "EMAIL", "state": "GRANTED", "source": "form"}]}""".formatted(uniqueEmail("ada")));
        // 23:00 in Berlin: the first email waits for the contact's morning; the second, due on a morning, goes then.
        clock.set(ZonedDateTime.ofInstant(clock.instant(), ZoneId.of("Europe/Berlin")).withHour(23).toInstant());

        Document page = page(Role.MARKETER, "/ui/programs/" + sequence + "?contact=" + ada);

        var rows = page.select("#preview tbody tr");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).attr("data-outcome")).as("the code stays for scripts").isEqualTo("DEFERRED");
        assertThat(rows.get(0).child(4).text()).startsWith("would wait until " + rows.get(0).child(1).text())
                .contains("quiet time");
        assertThat(rows.get(1).attr("data-outcome")).isEqualTo("SENT");
        assertThat(rows.get(1).child(4).text()).isEqualTo("would send");
        assertThat(rows.get(1).child(3).text()).isEqualTo("email");
        assertThat(page.getElementById("preview").text()).doesNotContain("SENT", "DEFERRED", "EMAIL");
        api.post("/api/v1/programs/" + sequence + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void theContentListSaysAPiecesStatusTypeAndStagesInWords() throws Exception {
        String topic = "words-" + run;
        api.post("/api/v1/content", """
                {"name": "Cooling paper %s", "type": "WHITE_PAPER", "status": "LIVE", "topics": ["%s"],
                 "stages": ["MQL"], "variants": {"email": {"subject": "Cooling", "html": "<p>Cool.</p>"}}}"""
                .formatted(run, topic)).andExpect(status().isCreated());

        Document page = page(Role.MARKETER, "/ui/content?topic=" + topic);

        Element row = page.selectFirst("#content-list tbody tr");
        assertThat(row.select("td").eachText()).contains("white paper", "Live", "Marketing-qualified")
                .doesNotContain("LIVE", "MQL");
        assertThat(page.select("#c-status option").eachText()).contains("Live", "Draft", "Retired");
        assertThat(page.select("#c-status option").eachAttr("value")).as("the filter still sends the codes")
                .contains("LIVE", "DRAFT", "RETIRED");
    }

    @Test
    void theTimelineSaysWhichEmailWasSentAndHowTheContactWasAdded() throws Exception {
        long sequence = api.activeProgram("""
                {"name": "Sent words %s", "kind": "SEQUENCE", "steps": [{"type": "send", "contentId": %d, "channel": "EMAIL"}]}"""
                .formatted(run, api.liveArticle("Sent guide " + run)));
        long ada = api.createContact("""
                {"email": "%s", "timeZone": "UTC",
                 "consents": [{"channel": "EMAIL", "state": "GRANTED", "source": "form"}]}""".formatted(uniqueEmail("ada")));
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [%d]}".formatted(ada))
                .andExpect(status().isOk());
        engine.tick();

        String waiting = page(Role.MARKETER, "/ui/contacts/" + ada).getElementById("timeline").text();
        assertThat(waiting).as("handed to delivery, not yet taken by the mail server")
                .contains("Email waiting to be sent: 'Sent guide " + run + "'").doesNotContain("Email sent");

        clock.advance(java.time.Duration.ofHours(1));
        smtp.drain();
        Document page = page(Role.MARKETER, "/ui/contacts/" + ada);
        String timeline = page.getElementById("timeline").text();

        assertThat(timeline).contains("Email sent: 'Sent guide " + run + "'", "Added through the API")
                .doesNotContain("EMAIL", "source: api");
        assertThat(page.select("#timeline time").eachAttr("datetime")).as("dated when the mail server took it")
                .contains(clock.instant().toString());
        api.post("/api/v1/programs/" + sequence + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void anEmailKeptWithoutAnSmtpServerSaysSoInTheOutbox() throws Exception {
        String email = uniqueEmail("kept");
        long ada = api.createContact("{\"email\": \"" + email + "\"}");
        // What Delivery stores for an email when no SMTP server is configured: kept in the outbox, never sent.
        outbox.insertOne(new OutboxStore.NewMessage(null, ada, "NURTURE", email, "news@example.com", "News",
                "Kept letter " + run, "<p>Kept</p>", "Kept", null, java.util.List.of(), null, "KEPT", null),
                clock.instant());

        Element kept = page(Role.MARKETER, "/ui/outbox?contact=" + ada).selectFirst("#outbox tbody tr");

        assertThat(kept.child(3).text()).isEqualTo("Kept here, not sent: no SMTP server was configured");
        assertThat(kept.child(3).attr("data-status")).isEqualTo("KEPT");
    }

    @Test
    void theAuditLogNamesTheProgramThatMovedAContactNotTheApiKeyThatEnrolledIt() throws Exception {
        long sequence = api.activeProgram("""
                {"name": "Monthly newsletter %s", "kind": "SEQUENCE", "steps": [{"type": "task", "text": "Call them"}]}"""
                .formatted(run));
        long ada = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("ada")));
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [%d]}".formatted(ada))
                .andExpect(status().isOk());

        Document audit = page(Role.ADMIN, "/ui/settings/audit?entityType=contact");

        Element moved = audit.select("#audit tbody tr[data-action=STAGE_CHANGED]").stream()
                .filter(r -> r.child(3).select("a").attr("href").equals("/ui/contacts/" + ada)).findFirst().orElseThrow();
        assertThat(moved.child(1).text()).isEqualTo("program 'Monthly newsletter " + run + "'");
        assertThat(moved.child(4).text()).contains("to: Nurture", "moved by: a program");
        JsonNode entry = json(api.get("/api/v1/audit?entityType=contact&entityId=" + ada)).get("items").valueStream()
                .filter(e -> e.get("action").asString().equals("STAGE_CHANGED")).findFirst().orElseThrow();
        assertThat(entry.get("actor").asString()).as("the API names the program as the stage history does")
                .isEqualTo("program:" + sequence);
        Element enrolled = audit.select("#audit tbody tr[data-action=CONTACT_CREATED]").stream()
                .filter(r -> r.child(3).select("a").attr("href").equals("/ui/contacts/" + ada)).findFirst().orElseThrow();
        assertThat(enrolled.child(1).text()).as("what the API key did is still the key's").startsWith("API key '");
        api.post("/api/v1/programs/" + sequence + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void anImportThatEndedSaysFinished() throws Exception {
        var csv = new MockMultipartFile("file", "fair.csv", "text/csv",
                ("Email\nwords." + run + "@example.com\n").getBytes(StandardCharsets.UTF_8));
        String mapping = api.mvc().perform(as(Role.MARKETER, multipart("/ui/imports").file(csv).param("source", "IMPORT")))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        String job = api.mvc().perform(as(Role.MARKETER, post(mapping.substring(0, mapping.indexOf('?')))
                .param("name", "fair.csv").param("target", "email"))).andReturn().getResponse().getRedirectedUrl();
        ImportJob done = imports.get(Long.parseLong(job.replaceAll("^/ui/imports/(\\d+).*$", "$1")));
        for (int i = 0; i < 1_000_000 && done.status() == ImportJob.Status.RUNNING; i++) {
            Thread.onSpinWait(); // the job runs on its own thread; this only waits for it, the clock never moves
            done = imports.get(done.id());
        }

        Document page = page(Role.MARKETER, job);

        assertThat(page.getElementById("job-status").text()).isEqualTo("finished");
        assertThat(page.getElementById("job").attr("data-status")).isEqualTo("DONE");
    }

    @Test
    void theTriggerListSaysATriggersStatusInWords() throws Exception {
        api.post("/api/v1/triggers", """
                {"name": "Words trigger %s", "status": "PAUSED", "when": {"type": "activity", "activity": "REPLIED"},
                 "actions": [{"type": "addTag", "tag": "seen-%s"}]}""".formatted(run, run)).andExpect(status().isCreated());

        Element row = row(page(Role.MARKETER, "/ui/triggers").select("#trigger-list tbody tr"), "Words trigger " + run);

        assertThat(row.select("td").last().text()).isEqualTo("Paused");
        assertThat(row.select("td").last().attr("data-status")).isEqualTo("PAUSED");
    }

    private static Element row(org.jsoup.select.Elements rows, String name) {
        return rows.stream().filter(r -> r.child(0).text().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + name + " in " + rows.eachText()));
    }

    private Document page(Role role, String path) throws Exception {
        return Jsoup.parse(api.mvc().perform(as(role, get(path))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
    }

    private <T extends AbstractMockHttpServletRequestBuilder<T>> T as(Role role, T request) {
        return request.with(user(api.sessionUser(role)).roles(role.name())).with(csrf());
    }
}
