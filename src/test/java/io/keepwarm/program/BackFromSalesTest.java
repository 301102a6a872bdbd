package io.keepwarm.program;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.engine.Engine;
import io.keepwarm.lifecycle.LifecycleJob;
import io.keepwarm.segment.internal.Membership;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A lead sales hands back (recycled, and back in nurture at the lifecycle job's next run) comes back into the programs
 * it left for sales, even where the audience segment never let it go (an audience by tag), and only those.
 */
@KeepwarmTest
class BackFromSalesTest {

    @Autowired Api api;
    @Autowired Engine engine;
    @Autowired Consents consents;
    @Autowired Membership membership;
    @Autowired LifecycleJob lifecycleJob;
    @Autowired TestClock clock;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void weekdayMorning() {
        clock.advanceToNext(DayOfWeek.TUESDAY, LocalTime.of(9, 0));
    }

    @Test
    void aRecycledLeadComesBackToTheProgramsItLeftForSalesWhereItLeftOffAndCountsInTheStreamAgain() throws Exception {
        long lead = api.createContact("""
                {"email": "%s", "firstName": "Rae", "timeZone": "UTC", "tags": ["fair-%s", "webinar-%s"]}"""
                .formatted(uniqueEmail("recycled"), run, run));
        consents.record(lead, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "trade-show form", null));
        long fair = segment("fair " + run, "tag = \\\"fair-" + run + "\\\"");
        long webinar = segment("webinar " + run, "tag = \\\"webinar-" + run + "\\\"");
        long once = api.activeProgram("""
                {"name": "welcome %s", "kind": "SEQUENCE", "audienceSegmentId": %d, "reenrollment": "NEVER",
                 "steps": [{"type": "send", "contentId": %d, "channel": "EMAIL"}, {"type": "wait", "duration": "P7D"},
                   {"type": "send", "contentId": %d, "channel": "EMAIL"}, {"type": "wait", "duration": "P7D"},
                   {"type": "send", "contentId": %d, "channel": "EMAIL"}]}"""
                .formatted(run, fair, api.liveArticle("One " + run), api.liveArticle("Two " + run),
                        api.liveArticle("Three " + run)));
        long stream = api.activeProgram("""
                {"name": "monthly %s", "kind": "STREAM", "audienceSegmentId": %d, "reenrollment": "AFTER_END",
                 "cadence": {"type": "monthly", "week": 1, "day": "TUESDAY", "at": "10:00"}, "pool": [%d, %d]}"""
                .formatted(run, fair, api.liveArticle("Piece A " + run), api.liveArticle("Piece B " + run)));
        long webinars = api.activeProgram("""
                {"name": "webinars %s", "kind": "SEQUENCE", "audienceSegmentId": %d,
                 "steps": [{"type": "wait", "duration": "P30D"}]}""".formatted(run, webinar));
        membership.refresh(false);
        engine.tick();
        clock.advance(Duration.ofDays(8));
        engine.tick();
        int reached = active(once, lead).get("step").asInt();
        assertThat(reached).as("past the second piece").isGreaterThan(2);

        move(lead, "SQL");
        api.delete("/api/v1/contacts/" + lead + "/tags/webinar-" + run).andExpect(status().isOk());
        for (long program : List.of(once, stream, webinars)) {
            assertThat(enrollments(program, lead)).extracting(e -> e.get("endReason").asString())
                    .containsExactly("ENTERED_SQL");
        }
        clock.advance(Duration.ofDays(20));
        move(lead, "RECYCLED");
        lifecycleJob.run();

        assertThat(json(api.get("/api/v1/contacts/" + lead + "/stage")).get("stage").asString()).isEqualTo("NURTURE");
        JsonNode back = active(once, lead);
        assertThat(back.get("step").asInt()).as("the sequence goes on where it was").isEqualTo(reached);
        assertThat(Instant.parse(back.get("nextDueAt").asString()))
                .as("the wait it was in, again in full from its return: no piece the day sales hands the lead back")
                .isEqualTo(clock.instant().plus(Duration.ofDays(7)));
        Instant returned = clock.instant();
        membership.refresh(false);
        engine.tick();
        assertThat(enrollments(once, lead)).as("taken back once, not again by the segment").hasSize(2);
        Instant nextMoment = Instant.parse(active(stream, lead).get("nextDueAt").asString());
        assertThat(nextMoment).as("the stream's next cadence moment").isAfter(clock.instant())
                .isBefore(clock.instant().plus(Duration.ofDays(36)));
        assertThat(nextMoment.atZone(ZoneOffset.UTC).getDayOfWeek()).isEqualTo(DayOfWeek.TUESDAY);
        assertThat(enrollments(webinars, lead)).as("no longer in that audience").extracting(e -> e.get("status").asString())
                .containsExactly("EXITED");
        JsonNode counts = json(api.get("/api/v1/programs/" + stream + "/stats")).get("enrollments");
        assertThat(counts.get("ACTIVE").asLong()).as("in the stream now").isEqualTo(1);

        clock.set(returned.plus(Duration.ofDays(7)));
        engine.tick();
        assertThat(enrollments(once, lead)).as("the last piece once the wait has passed")
                .extracting(e -> e.get("endReason").asString()).containsExactly("ENTERED_SQL", "FINISHED");
    }

    private long segment(String name, String text) throws Exception {
        return json(api.post("/api/v1/segments", """
                {"name": "%s", "text": "%s"}""".formatted(name, text)).andExpect(status().isCreated())).get("id").asLong();
    }

    private void move(long contact, String to) throws Exception {
        api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"" + to + "\"}").andExpect(status().isOk());
    }

    private JsonNode active(long program, long contact) throws Exception {
        return enrollments(program, contact).stream().filter(e -> e.get("status").asString().equals("ACTIVE"))
                .findFirst().orElseThrow(() -> new AssertionError("no active enrollment in program " + program));
    }

    private List<JsonNode> enrollments(long program, long contact) throws Exception {
        return json(api.get("/api/v1/programs/" + program + "/enrollments?limit=500")).get("items").valueStream()
                .filter(e -> e.get("contactId").asLong() == contact).toList();
    }
}
