package io.keepwarm.ui;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.engine.Engine;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.Users;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A piece that cannot be filled in for some contacts is told to its author once per cause (and again when the cause
 * comes back after an edit), and its page and its program's count them.
 */
@KeepwarmTest
class RenderFailurePagesTest {

    @Autowired Api api;
    @Autowired Engine engine;
    @Autowired Users users;
    @Autowired TestClock clock;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aPieceThatCannotBeFilledInForThreeContactsAlertsItsAuthorOnceAndItsPageAndTheirTimelinesSayWhy()
            throws Exception {
        Failing failing = failing();

        List<JsonNode> alerts = alertsOf(failing);
        assertThat(alerts).as("one alert for the cause, not one per contact").singleElement().satisfies(alert -> {
            assertThat(alert.get("subject").asString())
                    .isEqualTo("'" + failing.name() + "' could not be filled in for a contact, so it was not sent");
            assertThat(alert.get("body").asString()).contains("in program 'Failing " + run + "'",
                    "the email's subject is", "a subject may have at most 1000");
        });
        Document page = page(failing.author(), "/ui/content/" + failing.piece());
        assertThat(page.getElementById("render-failures").text()).contains("3 contacts since",
                "the email's subject is").as("the day in words, as a page's sentence says it")
                .containsPattern("3 contacts since (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \\d{1,2} [A-Z][a-z]+ \\d{4}: ");
        assertThat(page(failing.author(), "/ui/contacts/" + failing.contacts().getFirst()).getElementById("timeline")
                .text()).contains("Email failed: '" + failing.name()
                        + "' (the piece could not be filled in: the email's subject is");
        api.post("/api/v1/programs/" + failing.program() + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void theProgramPageAndItsStatsCountEachPieceThatCouldNotBeFilledInAndSayWhyLinkingToThePiece() throws Exception {
        Failing failing = failing();

        Document page = page(failing.author(), "/ui/programs/" + failing.program());
        Element failures = page.getElementById("render-failures");
        assertThat(failures).as("the program page's failures").isNotNull();
        Element piece = failures.selectFirst("li[data-piece=" + failing.piece() + "]");
        assertThat(piece.selectFirst("a").attr("href")).isEqualTo("/ui/content/" + failing.piece());
        assertThat(piece.selectFirst("a").text()).isEqualTo(failing.name());
        assertThat(piece.select("ul.causes li").text()).startsWith("3 contacts since ")
                .contains(": the email's subject is");
        JsonNode stats = json(api.get("/api/v1/programs/" + failing.program() + "/stats"));
        assertThat(stats.at("/touches/FAILED/UNRENDERABLE").asLong()).isEqualTo(3);
        JsonNode causes = stats.at("/renderFailures/" + failing.piece());
        assertThat(causes.size()).as("one cause, however long each contact's subject").isEqualTo(1);
        assertThat(causes.get(0).get("failures").asLong()).isEqualTo(3);
        assertThat(causes.get(0).get("sinceEdited").asBoolean()).isTrue();
        assertThat(causes.get(0).get("cause").asString()).startsWith("the email's subject is");
        api.post("/api/v1/programs/" + failing.program() + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void aCauseThatComesBackAfterThePieceIsSavedAlertsAgainOnceAndThePagesTellFailuresSinceTheEditFromOlderOnes()
            throws Exception {
        Failing failing = failing();
        clock.advance(Duration.ofDays(1));
        // An edit that does not touch the subject: the cause comes back with the next contacts.
        ObjectNode piece = (ObjectNode) json(as(failing.author(), get("/api/v1/content/" + failing.piece())));
        ((ObjectNode) piece.at("/variants/email")).put("html", "<p>Hello again</p>");
        as(failing.author(), put("/api/v1/content/" + failing.piece()).contentType(MediaType.APPLICATION_JSON)
                .content(piece.toString())).andExpect(status().isOk());
        clock.advance(Duration.ofHours(1));
        List<Long> more = contacts(List.of("Bartholomew-".repeat(6), "Maximilian-".repeat(9)));
        api.post("/api/v1/programs/" + failing.program() + "/enrollments", "{\"contactIds\": %s}".formatted(more))
                .andExpect(status().isOk());

        engine.tick();
        engine.tick();

        assertThat(alertsOf(failing)).as("once more for the cause, after the edit, not once per contact").hasSize(2)
                .first().satisfies(alert -> {
                    assertThat(alert.get("subject").asString()).isEqualTo("'" + failing.name()
                            + "' still could not be filled in for a contact after its last edit, so it was not sent");
                    assertThat(alert.get("body").asString()).contains("the edit did not fix it",
                            "the email's subject is");
                });
        Document page = page(failing.author(), "/ui/content/" + failing.piece());
        assertThat(page.getElementById("render-failures-since-edit").text()).startsWith("2 contacts since")
                .contains("the email's subject is");
        assertThat(page.getElementById("render-failures-before").text()).startsWith("3 contacts from")
                .contains("the email's subject is");
        Element program = page(failing.author(), "/ui/programs/" + failing.program()).getElementById("render-failures");
        assertThat(program.select("li[data-since-edit=true]").text()).startsWith("2 contacts since");
        assertThat(program.select("li[data-since-edit=false]").text()).startsWith("3 contacts before its last edit on");
        JsonNode causes = json(api.get("/api/v1/programs/" + failing.program() + "/stats"))
                .at("/renderFailures/" + failing.piece());
        assertThat(causes.get(0).get("failures").asLong()).isEqualTo(2);
        assertThat(causes.get(0).get("sinceEdited").asBoolean()).isTrue();
        assertThat(causes.get(1).get("failures").asLong()).isEqualTo(3);
        assertThat(causes.get(1).get("sinceEdited").asBoolean()).isFalse();
        api.post("/api/v1/programs/" + failing.program() + "/archive", "").andExpect(status().isOk());
    }

    /** A live piece, by a marketer, failing in a sequence for its first three contacts (their names too long). */
    private record Failing(String author, String name, long piece, long program, List<Long> contacts) {}

    private Failing failing() throws Exception {
        String author = api.sessionUser(Role.MARKETER);
        // A subject that grows past a thousand characters with these contacts' long first names, each by its own length.
        String name = "Long subject " + run;
        long piece = json(as(author, post("/api/v1/content").contentType(MediaType.APPLICATION_JSON).content("""
                {"name": "%s", "type": "ARTICLE", "status": "LIVE", "fallbacks": {"contact.first_name": "there"},
                 "variants": {"email": {"subject": "%s {{ contact.first_name }}", "html": "<p>Hello</p>"}}}"""
                .formatted(name, "x".repeat(960)))).andExpect(status().isCreated())).get("id").asLong();
        long sequence = api.activeProgram("""
                {"name": "Failing %s", "kind": "SEQUENCE", "steps": [{"type": "send", "contentId": %d, "channel": "EMAIL"}]}"""
                .formatted(run, piece));
        List<Long> contacts = contacts(List.of("Bartholomew-".repeat(8), "Maximilian-".repeat(8),
                "Bartholomew-".repeat(7)));
        clock.advanceToNext(DayOfWeek.TUESDAY, LocalTime.of(10, 0));
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": %s}".formatted(contacts))
                .andExpect(status().isOk());
        engine.tick();
        return new Failing(author, name, piece, sequence, contacts);
    }

    private List<Long> contacts(List<String> firstNames) throws Exception {
        List<Long> contacts = new java.util.ArrayList<>();
        for (String first : firstNames) {
            contacts.add(api.createContact("""
                    {"email": "%s", "firstName": "%s", "timeZone": "UTC",
                     "consents": [{"channel": "EMAIL", "state": "GRANTED", "source": "form"}]}"""
                    .formatted(uniqueEmail("long"), first)));
        }
        return contacts;
    }

    /** The author's alerts about the failing piece, the latest first. */
    private List<JsonNode> alertsOf(Failing failing) throws Exception {
        return json(as(failing.author(), get("/api/v1/alerts?limit=200"))).get("items").valueStream()
                .filter(a -> a.get("subject").asString().contains(failing.name())).toList();
    }

    private org.springframework.test.web.servlet.ResultActions as(String username, MockHttpServletRequestBuilder request)
            throws Exception {
        return api.mvc().perform(request.with(user(username).roles(Role.MARKETER.name())).with(csrf()));
    }

    private Document page(String username, String path) throws Exception {
        return Jsoup.parse(as(username, get(path)).andReturn().getResponse().getContentAsString());
    }
}
