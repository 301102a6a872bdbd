package io.keepwarm.ui;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.engine.Engine;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.SimulatedClock;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.time.DayOfWeek;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;

/** A piece that cannot be filled in for some contacts is told to its author once, and its page counts them. */
@KeepwarmTest
class RenderFailurePagesTest {

    @Autowired Api api;
    @Autowired Engine engine;
    @Autowired Users users;
    @Autowired SimulatedClock clock;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aPieceThatCannotBeFilledInForThreeContactsAlertsItsAuthorOnceAndItsPageAndTheirTimelinesSayWhy()
            throws Exception {
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
        List<Long> contacts = new java.util.ArrayList<>();
        for (String first : List.of("Bartholomew-".repeat(8), "Maximilian-".repeat(8), "Bartholomew-".repeat(7))) {
            contacts.add(api.createContact("""
                    {"email": "%s", "firstName": "%s", "timeZone": "UTC",
                     "consents": [{"channel": "EMAIL", "state": "GRANTED", "source": "form"}]}"""
                    .formatted(uniqueEmail("long"), first)));
        }
        clock.set(clock.instant().atZone(ZoneOffset.UTC).toLocalDate().with(TemporalAdjusters.next(DayOfWeek.TUESDAY))
                .atTime(10, 0).toInstant(ZoneOffset.UTC));
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": %s}".formatted(contacts))
                .andExpect(status().isOk());

        engine.tick();

        List<JsonNode> alerts = json(as(author, get("/api/v1/alerts?limit=200"))).get("items").valueStream()
                .filter(a -> a.get("subject").asString().contains(name)).toList();
        assertThat(alerts).as("one alert for the cause, not one per contact").singleElement().satisfies(alert -> {
            assertThat(alert.get("subject").asString())
                    .isEqualTo("'" + name + "' could not be filled in for a contact, so it was not sent");
            assertThat(alert.get("body").asString()).contains("in program 'Failing " + run + "'",
                    "the email's subject is", "a subject may have at most 1000");
        });
        Document page = page(author, "/ui/content/" + piece);
        assertThat(page.getElementById("render-failures").text()).contains("3 contacts since",
                "the email's subject is").as("the day in words, as a page's sentence says it")
                .containsPattern("3 contacts since (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \\d{1,2} [A-Z][a-z]+ \\d{4}: ");
        assertThat(page(author, "/ui/contacts/" + contacts.getFirst()).getElementById("timeline").text())
                .contains("Email failed: '" + name + "' (the piece could not be filled in: the email's subject is");
        api.post("/api/v1/programs/" + sequence + "/archive", "").andExpect(status().isOk());
    }

    private org.springframework.test.web.servlet.ResultActions as(String username, MockHttpServletRequestBuilder request)
            throws Exception {
        return api.mvc().perform(request.with(user(username).roles(Role.MARKETER.name())).with(csrf()));
    }

    private Document page(String username, String path) throws Exception {
        return Jsoup.parse(as(username, get(path)).andReturn().getResponse().getContentAsString());
    }
}
