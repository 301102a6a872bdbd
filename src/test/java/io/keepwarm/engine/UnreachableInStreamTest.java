package io.keepwarm.engine;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A stream keeps a contact whose email consent is withdrawn (it may be given again), but its exhaustion forecast adds
 * up each contact's own, which never runs out for them, and its page says how many it cannot email now.
 */
@KeepwarmTest
class UnreachableInStreamTest {

    @Autowired Api api;
    @Autowired Consents consents;
    @Autowired Engine engine;
    @Autowired io.keepwarm.support.TestClock clock;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aStreamsExhaustionForecastCountsContactsItCannotEmailAsNeverRunningOutAndItsPageSaysHowMany() throws Exception {
        long reachable = contact("reachable", ConsentState.GRANTED);
        long withdrawn = contact("withdrawn", ConsentState.GRANTED);
        long stream = api.activeProgram("""
                {"name": "monthly %s", "kind": "STREAM",
                 "cadence": {"type": "monthly", "week": 1, "day": "TUESDAY", "at": "10:00"}, "pool": [%d, %d]}"""
                .formatted(run, api.liveArticle("One " + run), api.liveArticle("Two " + run)));
        api.post("/api/v1/programs/" + stream + "/enrollments", "{\"contactIds\": [%d, %d]}".formatted(reachable, withdrawn))
                .andExpect(status().isOk());
        consents.record(withdrawn, new Consents.Statement(Channel.EMAIL, ConsentState.WITHDRAWN, "unsubscribe", null));

        JsonNode own = json(api.get("/api/v1/programs/" + stream + "/forecast?contact=" + withdrawn));
        assertThat(own.get("touches").valueStream().toList()).as("not a suppressed row per cadence moment").isEmpty();
        assertThat(own.get("note").asString()).as("said once, as the stream's summary says it, and never out of content")
                .contains("cannot be emailed now: the contact withdrew consent for this channel")
                .doesNotContain("content exhaustion");
        JsonNode stats = json(api.get("/api/v1/programs/" + stream + "/stats"));
        assertThat(stats.at("/enrollments/ACTIVE").asLong()).as("still in the stream").isEqualTo(2);
        assertThat(stats.at("/runningOut/never").asLong()).isEqualTo(1);
        assertThat(stats.get("runningOut").valueStream().mapToLong(JsonNode::asLong).sum()).isEqualTo(2);
        assertThat(stats.at("/cannotEmail/CONSENT_WITHDRAWN").asLong()).isEqualTo(1);

        Document page = Jsoup.parse(api.mvc().perform(get("/ui/programs/" + stream)
                .with(user(api.sessionUser(Role.MARKETER)).roles(Role.MARKETER.name())))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(page.select("#enrolled-unreachable").text()).isEqualTo("1");
        assertThat(page.select("#cannot-email").text()).contains("cannot be emailed now", "withdrew consent");
        assertThat(page.select("#exhaustion tr[data-month=never]").text()).contains("never");

        Document preview = Jsoup.parse(api.mvc().perform(get("/ui/programs/" + stream).param("contact",
                String.valueOf(withdrawn)).with(user(api.sessionUser(Role.MARKETER)).roles(Role.MARKETER.name())))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(preview.select("#preview tbody tr")).isEmpty();
        assertThat(preview.select("#preview-note").text()).contains("cannot be emailed now: the contact withdrew consent");
    }

    @Test
    void aContactMarkedDoNotContactIsForecastOnceAsCannotBeEmailedNotSuppressedAtEveryCadenceMoment() throws Exception {
        long marked = contact("dnc", ConsentState.GRANTED);
        long stream = api.activeProgram("""
                {"name": "weekly dnc %s", "kind": "STREAM",
                 "cadence": {"type": "every", "period": "P7D", "at": "10:00"}, "pool": [%d, %d]}"""
                .formatted(run, api.liveArticle("Uno " + run), api.liveArticle("Dos " + run)));
        api.post("/api/v1/programs/" + stream + "/enrollments", "{\"contactIds\": [%d]}".formatted(marked))
                .andExpect(status().isOk());
        api.patch("/api/v1/contacts/" + marked, "{\"doNotContact\": [\"EMAIL\"]}").andExpect(status().isOk());

        JsonNode own = json(api.get("/api/v1/programs/" + stream + "/forecast?contact=" + marked));

        assertThat(own.get("touches").valueStream().toList()).isEmpty();
        assertThat(own.get("note").asString()).contains("cannot be emailed now: the contact is marked do-not-contact");
        api.post("/api/v1/programs/" + stream + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void aContactTheStreamCannotEmailHasItsSuppressionRecordedOncePerReasonWhileTheStreamMovesThemOnEachMoment()
            throws Exception {
        // Weekly rather than monthly, the same rule in five weeks of the shared clock instead of five months; on
        // Tuesdays, inside the sending hours.
        clock.set(java.time.ZonedDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC)
                .with(java.time.temporal.TemporalAdjusters.next(java.time.DayOfWeek.TUESDAY)).withHour(9).withMinute(0)
                .withSecond(0).withNano(0).toInstant());
        long reachable = contact("weekly-reachable", ConsentState.GRANTED);
        long withdrawn = contact("weekly-withdrawn", ConsentState.GRANTED);
        long stream = api.activeProgram("""
                {"name": "weekly once %s", "kind": "STREAM",
                 "cadence": {"type": "every", "period": "P7D", "at": "10:00"}, "pool": [%d, %d, %d, %d]}"""
                .formatted(run, api.liveArticle("First " + run), api.liveArticle("Second " + run),
                        api.liveArticle("Third " + run), api.liveArticle("Fourth " + run)));
        api.post("/api/v1/programs/" + stream + "/enrollments", "{\"contactIds\": [%d, %d]}".formatted(reachable, withdrawn))
                .andExpect(status().isOk());
        consents.record(withdrawn, new Consents.Statement(Channel.EMAIL, ConsentState.WITHDRAWN, "unsubscribe", null));

        for (int week = 0; week < 3; week++) {
            nextMoment(stream);
        }

        assertThat(touches(reachable)).as("the stream goes on for those it can reach").hasSize(3)
                .containsOnly("SENT null");
        assertThat(touches(withdrawn)).as("not one suppression a week").containsExactly("SUPPRESSED CONSENT_WITHDRAWN");
        JsonNode stats = json(api.get("/api/v1/programs/" + stream + "/stats"));
        assertThat(stats.at("/touches/SUPPRESSED/CONSENT_WITHDRAWN").asLong()).isEqualTo(1);
        assertThat(stats.at("/enrollments/ACTIVE").asLong()).as("still in the stream").isEqualTo(2);
        Document page = Jsoup.parse(api.mvc().perform(get("/ui/programs/" + stream)
                .with(user(api.sessionUser(Role.MARKETER)).roles(Role.MARKETER.name())))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(page.select("#step-figures td.suppressed > span").text()).as("the page counts as the API does")
                .isEqualTo("1");
        String due = json(api.get("/api/v1/programs/" + stream + "/enrollments")).get("items").valueStream()
                .filter(e -> e.get("contactId").asLong() == withdrawn).findFirst().orElseThrow().get("nextDueAt").asString();
        assertThat(java.time.Instant.parse(due)).as("moved on to the next cadence moment").isAfter(clock.instant());

        // Consent given again: the next moment sends the piece kept for them; withdrawn again, it is recorded again.
        consents.record(withdrawn, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "form",
                new Consents.Evidence("preference centre", null, "Yes, send me the monthly notes")));
        nextMoment(stream);
        consents.record(withdrawn, new Consents.Statement(Channel.EMAIL, ConsentState.WITHDRAWN, "unsubscribe", null));
        nextMoment(stream);
        nextMoment(stream);

        assertThat(touches(withdrawn)).containsExactly("SUPPRESSED CONSENT_WITHDRAWN", "SENT null",
                "SUPPRESSED CONSENT_WITHDRAWN");
    }

    /** Moves the clock to the stream's next cadence moment and runs the engine there. */
    private void nextMoment(long stream) throws Exception {
        clock.set(json(api.get("/api/v1/programs/" + stream + "/enrollments")).get("items").valueStream()
                .map(e -> java.time.Instant.parse(e.get("nextDueAt").asString())).min(java.util.Comparator.naturalOrder())
                .orElseThrow().plusSeconds(60));
        engine.tick();
    }

    /** The contact's touches in the order planned, each as its state and reason. */
    private java.util.List<String> touches(long contact) {
        return engine.touchesOf(contact).stream().sorted(java.util.Comparator.comparingLong(Touch::id))
                .map(t -> t.state() + " " + t.reason()).toList();
    }

    private long contact(String name, ConsentState consent) throws Exception {
        long id = api.createContact("""
                {"email": "%s", "firstName": "Flo", "timeZone": "UTC"}""".formatted(uniqueEmail(name + run)));
        consents.record(id, new Consents.Statement(Channel.EMAIL, consent, "form", null));
        return id;
    }
}
