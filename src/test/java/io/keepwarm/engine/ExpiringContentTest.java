package io.keepwarm.engine;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.delivery.Delivery;
import io.keepwarm.delivery.OutboxMessage;
import io.keepwarm.platform.Zones;
import io.keepwarm.program.Enrollments;
import io.keepwarm.program.Programs;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A piece with a valid-until moment (an event's invitation) is never sent after it: a stream passes over it, a
 * sequence's step drops it with the day it expired, a touch held past it is dropped rather than sent late, a one-off
 * send refuses it, and the preview says so.
 */
@KeepwarmTest
class ExpiringContentTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Autowired Api api;
    @Autowired Engine engine;
    @Autowired Forecasts forecasts;
    @Autowired Enrollments enrollments;
    @Autowired Programs programs;
    @Autowired Consents consents;
    @Autowired Delivery delivery;
    @Autowired Zones zones;
    @Autowired RequestedSends requestedSends;
    @Autowired TestClock clock;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<Long> started = new ArrayList<>();

    @AfterEach
    void archive() throws Exception {
        // Other tests tick the shared engine: leave them no touch of ours to send.
        for (long program : started) {
            api.post("/api/v1/programs/" + program + "/archive", "");
        }
    }

    @Test
    void aSequenceStepWhosePieceExpiredBeforeItCameDueIsDroppedSayingWhenItExpired() throws Exception {
        clock.advanceToNext(DayOfWeek.MONDAY, LocalTime.of(9, 0), BERLIN);
        long lead = lead("sequence");
        Instant eventStart = clock.instant().plus(Duration.ofDays(3));
        long webinar = piece("Webinar: Liquid cooling in practice", eventStart);
        long sequence = program("""
                {"name": "invited %s", "kind": "SEQUENCE", "steps": [
                  {"type": "wait", "duration": "P14D"},
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}]}""".formatted(run, webinar));
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [" + lead + "]}");
        engine.tick();

        Forecast forecast = forecasts.forecast(sequence, lead);
        assertThat(forecast.touches()).singleElement().satisfies(entry -> {
            assertThat(entry.outcome()).isEqualTo(Forecast.Outcome.SUPPRESSED);
            assertThat(entry.reason()).isEqualTo(Reason.CONTENT_EXPIRED);
            assertThat(entry.detail()).isEqualTo("its piece expired on " + said(eventStart));
        });

        clock.set(enrollments.list(sequence, null, null, 1).items().getFirst().nextDueAt());
        engine.tick();

        assertThat(outbox(lead)).as("an invitation after the event is not sent").isEmpty();
        assertThat(engine.touchesOf(lead)).singleElement().satisfies(t -> {
            assertThat(t.state()).isEqualTo(Touch.State.SUPPRESSED);
            assertThat(t.reason()).isEqualTo("CONTENT_EXPIRED");
            assertThat(t.reasonDetail()).isEqualTo("its piece expired on " + said(eventStart));
        });
        assertThat(json(api.get("/api/v1/programs/" + sequence + "/stats")).at("/touches/SUPPRESSED/CONTENT_EXPIRED")
                .asLong()).isEqualTo(1);
    }

    @Test
    void aStreamPassesOverAnExpiredPieceSendsTheNextAndSaysWhyItPassedOver() throws Exception {
        clock.advanceToNext(DayOfWeek.MONDAY, LocalTime.of(9, 0), BERLIN);
        long lead = lead("stream");
        Instant eventStart = clock.instant().plus(Duration.ofMinutes(30));
        long webinar = piece("Webinar", eventStart);
        long guide = piece("Guide", null);
        long stream = program("""
                {"name": "passing %s", "kind": "STREAM",
                 "cadence": {"type": "every", "period": "P7D", "at": "10:00"}, "pool": [%d, %d]}"""
                .formatted(run, webinar, guide));
        api.post("/api/v1/programs/" + stream + "/enrollments", "{\"contactIds\": [" + lead + "]}");
        Instant due = enrollments.list(stream, null, null, 1).items().getFirst().nextDueAt();
        assertThat(due).as("the first cadence moment comes after the event").isAfter(eventStart);

        assertThat(forecasts.forecast(stream, lead).touches()).extracting(Forecast.Entry::contentId)
                .containsExactly(guide);
        clock.set(due);
        engine.tick();

        assertThat(engine.touchesOf(lead)).extracting(Touch::contentId).containsExactly(guide);
        assertThat(json(api.get("/api/v1/programs/" + stream + "/stats")).at("/passedOver/" + webinar).asString())
                .isEqualTo("it expired on " + said(eventStart));
    }

    @Test
    void aStreamTouchHeldByQuietHoursPastItsPiecesEndIsDroppedNotSentLate() throws Exception {
        long lead = lead("held");
        // Enrolled on a Friday afternoon, a weekly stream at 10:00 first comes due on Saturday, held for Monday.
        clock.advanceToNext(DayOfWeek.FRIDAY, LocalTime.of(14, 0), BERLIN);
        Instant sunday = clock.instant().plus(Duration.ofDays(2));
        long webinar = piece("Weekend webinar", sunday);
        long stream = program("""
                {"name": "held %s", "kind": "STREAM",
                 "cadence": {"type": "every", "period": "P7D", "at": "10:00"}, "pool": [%d]}""".formatted(run, webinar));
        api.post("/api/v1/programs/" + stream + "/enrollments", "{\"contactIds\": [" + lead + "]}");
        clock.set(enrollments.list(stream, null, null, 1).items().getFirst().nextDueAt());
        engine.tick();
        Touch held = engine.touchesOf(lead).getFirst();
        assertThat(held.reason()).isEqualTo("QUIET_HOURS");
        assertThat(held.dueAt()).isAfter(sunday);

        clock.set(held.dueAt());
        engine.tick();

        assertThat(outbox(lead)).isEmpty();
        assertThat(engine.touchesOf(lead)).singleElement().satisfies(t -> {
            assertThat(t.state()).isEqualTo(Touch.State.SUPPRESSED);
            assertThat(t.reason()).isEqualTo("CONTENT_EXPIRED");
        });
    }

    @Test
    void anUnscheduledSendOfAnExpiredPieceIsRefusedSayingWhenItExpired() throws Exception {
        clock.advanceToNext(DayOfWeek.MONDAY, LocalTime.of(9, 0), BERLIN);
        Instant ended = clock.instant().plus(Duration.ofHours(1));
        long webinar = piece("Past webinar", ended);
        long stream = program("""
                {"name": "one-off %s", "kind": "STREAM",
                 "cadence": {"type": "every", "period": "P7D", "at": "10:00"}, "pool": [%d]}"""
                .formatted(run, piece("Pool piece", null)));
        clock.advance(Duration.ofHours(2));

        api.post("/api/v1/programs/" + stream + "/unscheduled", "{\"contentId\": " + webinar + "}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(Matchers.containsString("expired on " + said(ended))));
    }

    @Test
    void anOfferThatSendsAnExpiredPieceSendsNothingAndRecordsNoTouch() throws Exception {
        clock.advanceToNext(DayOfWeek.MONDAY, LocalTime.of(9, 0), BERLIN);
        long lead = lead("offer");
        long recording = piece("Recording", clock.instant().plus(Duration.ofHours(1)));
        assertThat(requestedSends.send(lead, recording)).as("still valid, it goes").isPresent();
        long later = lead("offer-later");
        clock.advance(Duration.ofHours(2));

        assertThat(requestedSends.send(later, recording)).isEmpty();
        assertThat(outbox(later)).isEmpty();
        assertThat(engine.touchesOf(later)).isEmpty();
    }

    @Test
    void activatingOrSavingAProgramWhosePiecesSendNothingSaysWhichAndWhyWithoutRefusing() throws Exception {
        clock.advanceToNext(DayOfWeek.MONDAY, LocalTime.of(9, 0), BERLIN);
        long past = piece("Past", clock.instant());
        long live = piece("Live", null);
        long sequence = json(api.post("/api/v1/programs", """
                {"name": "silent %s", "kind": "SEQUENCE", "steps": [
                  {"type": "send", "contentId": %d, "channel": "EMAIL"},
                  {"type": "send", "contentId": %d, "channel": "EMAIL"},
                  {"type": "send", "contentId": %d, "channel": "PHONE"}]}""".formatted(run, live, past, live))
                .andExpect(status().isCreated())).get("id").asLong();
        started.add(sequence);

        assertThat(engine.sendingNothing(programs.get(sequence))).containsExactly(
                "step 2 (send 'Past " + run + "'): it expired on " + said(clock.instant())
                        + " (its valid-until moment): sent to no one",
                "step 3 (send 'Live " + run + "'): it has no call script");
    }

    private String said(Instant at) {
        ZoneId zone = zones.accountZone();
        return DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", Locale.ENGLISH).format(at.atZone(zone)) + " " + zone;
    }

    private long program(String json) throws Exception {
        long id = api.activeProgram(json);
        started.add(id);
        return id;
    }

    private long piece(String name, Instant validUntil) throws Exception {
        ObjectNode piece = JsonMapper.shared().createObjectNode().put("name", name + " " + run)
                .put("type", "WEBINAR_INVITE").put("status", "LIVE");
        if (validUntil != null) {
            piece.put("validUntil", validUntil.toString());
        }
        ObjectNode email = piece.putObject("variants").putObject("email");
        email.put("subject", name + " " + run);
        email.put("html", "<p>Join us.</p>");
        return json(api.post("/api/v1/content", piece.toString()).andExpect(status().isCreated())).get("id").asLong();
    }

    private long lead(String name) throws Exception {
        long id = api.createContact("""
                {"email": "%s", "firstName": "Ada", "timeZone": "Europe/Berlin", "source": "TRADE_SHOW"}"""
                .formatted(uniqueEmail("expiry-" + name)));
        consents.record(id, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "trade-show form", null));
        api.post("/api/v1/contacts/" + id + "/stage", "{\"to\": \"NURTURE\"}").andExpect(status().isOk());
        return id;
    }

    private List<OutboxMessage> outbox(long contact) {
        return delivery.outbox(contact, null, null, 100).items();
    }
}
