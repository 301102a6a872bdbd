package io.keepwarm.engine;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.program.Enrollments;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import io.keepwarm.tracking.internal.SignedLinks;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a prospect chose in the preference centre ("only webinars", their topics) decides what programs send them:
 * a stream's next piece, a sequence's piece at the moment of sending, the preview and the exhaustion forecast alike.
 */
@KeepwarmTest
class ContentChoicesTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Autowired Api api;
    @Autowired Engine engine;
    @Autowired Forecasts forecasts;
    @Autowired Enrollments enrollments;
    @Autowired Consents consents;
    @Autowired SignedLinks links;
    @Autowired TestClock clock;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<Long> programs = new ArrayList<>();

    @BeforeEach
    void weekdayMorning() {
        clock.advanceToNext(DayOfWeek.MONDAY, LocalTime.of(9, 0));
    }

    @AfterEach
    void archive() throws Exception {
        // Other tests tick the shared engine: leave them no touch of ours to send.
        for (long program : programs) {
            api.post("/api/v1/programs/" + program + "/archive", "");
        }
    }

    @Test
    void onlyWebinarsMakesAStreamSendItsWebinarInvitationPassTheRestAndRunOutWhenForecastSays() throws Exception {
        long lead = lead("webinars");
        choose(lead, List.of(), "ONLY_WEBINARS");
        long webinar = piece("Webinar", "WEBINAR_INVITE");
        long stream = stream(List.of(piece("Article", "ARTICLE"), webinar, piece("Guide", "WHITE_PAPER")), lead);

        Forecast forecast = forecasts.forecast(stream, lead);
        assertThat(forecast.touches()).extracting(Forecast.Entry::contentId).containsExactly(webinar);
        assertThat(forecast.note()).contains("content exhaustion");
        String dueMonth = YearMonth.from(enrollment(stream).get("nextDueAt").asString().transform(java.time.Instant::parse)
                .atZone(BERLIN)).toString();
        assertThat(runningOut(stream)).as("one piece left for the lead: the next due moment's")
                .isEqualTo(Map.of(dueMonth, 1L));

        clock.set(java.time.Instant.parse(enrollment(stream).get("nextDueAt").asString()));
        engine.tick();

        assertThat(engine.touchesOf(lead)).extracting(Touch::contentId).containsExactly(webinar);
        assertThat(runningOut(stream)).isEqualTo(Map.of("now", 1L));
    }

    @Test
    void aStreamSendsOnlyPiecesOnTheTopicsTheContactChoseOrOnNoTopicAndTheForecastAgrees() throws Exception {
        long lead = lead("topics");
        String cooling = "cooling-" + run;
        long other = piece("Storage", "ARTICLE", "storage-" + run);
        long chosen = piece("Cooling", "ARTICLE", cooling);
        long general = piece("Newsletter", "NEWSLETTER");
        choose(lead, List.of(cooling), "AS_IT_COMES");
        long stream = stream(List.of(other, chosen, general), lead);

        assertThat(forecasts.forecast(stream, lead).touches()).extracting(Forecast.Entry::contentId)
                .containsExactly(chosen, general);
        clock.set(java.time.Instant.parse(enrollment(stream).get("nextDueAt").asString()));
        engine.tick();

        assertThat(engine.touchesOf(lead)).extracting(Touch::contentId).containsExactly(chosen);
    }

    @Test
    void aSequencesPieceTheContactRuledOutIsWithheldAtSendingWithTheReasonPreferenceAsForecast() throws Exception {
        long lead = lead("sequence");
        choose(lead, List.of(), "ONLY_WEBINARS");
        long article = piece("Sequence article", "ARTICLE");
        long webinar = piece("Sequence webinar", "WEBINAR_INVITE");
        long sequence = api.activeProgram("""
                {"name": "choices drip %s", "kind": "SEQUENCE", "steps": [
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}, {"type": "wait", "duration": "P7D"},
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}, {"type": "wait", "duration": "P7D"}]}"""
                .formatted(run, article, webinar));
        programs.add(sequence);
        enroll(sequence, lead);

        assertThat(forecasts.forecast(sequence, lead).touches())
                .extracting(Forecast.Entry::contentId, Forecast.Entry::outcome, Forecast.Entry::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(article, Forecast.Outcome.SUPPRESSED, Reason.PREFERENCE),
                        org.assertj.core.groups.Tuple.tuple(webinar, Forecast.Outcome.SENT, null));
        engine.tick();
        // A week in the contact's zone, as the wait counts it: 169 hours in the week summer time ends.
        clock.advanceDays(7, BERLIN);
        engine.tick();

        assertThat(engine.touchesOf(lead)).extracting(Touch::contentId, Touch::state, Touch::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(article, Touch.State.SUPPRESSED, "PREFERENCE"),
                        org.assertj.core.groups.Tuple.tuple(webinar, Touch.State.SENT, null));
    }

    @Test
    void monthlyAtMostStillSpacesTheChosenTopicsPiecesAMonthApart() throws Exception {
        long lead = lead("monthly");
        String cooling = "cooling-" + run;
        List<Long> pool = List.of(piece("One", "ARTICLE", cooling), piece("Elsewhere", "ARTICLE", "storage-" + run),
                piece("Two", "ARTICLE", cooling), piece("Three", "ARTICLE", cooling));
        choose(lead, List.of(cooling), "MONTHLY");
        long weekly = api.activeProgram("""
                {"name": "choices weekly %s", "kind": "STREAM",
                 "cadence": {"type": "every", "period": "P7D", "at": "10:00"}, "pool": %s}""".formatted(run, pool));
        programs.add(weekly);
        enroll(weekly, lead);

        List<Forecast.Entry> sent = forecasts.forecast(weekly, lead).touches().stream()
                .filter(t -> t.outcome() != Forecast.Outcome.SUPPRESSED).toList();

        assertThat(sent).extracting(Forecast.Entry::contentId).doesNotContain(pool.get(1)).isNotEmpty();
        for (int i = 1; i < sent.size(); i++) {
            assertThat(Duration.between(sent.get(i - 1).at(), sent.get(i).at())).as("a month apart at the least")
                    .isGreaterThanOrEqualTo(Duration.ofDays(30));
        }
    }

    // --- the world around the preference centre

    /** Saves the preference centre as the prospect does, with email still welcome. */
    private void choose(long lead, List<String> topics, String rhythm) throws Exception {
        String url = links.preferencesUrl(lead);
        var request = post(url.substring(url.indexOf("/t/"))).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("email", "true").param("rhythm", rhythm);
        topics.forEach(t -> request.param("topics", t));
        assertThat(api.mvc().perform(request).andReturn().getResponse().getStatus()).isEqualTo(200);
    }

    private long lead(String name) throws Exception {
        long id = api.createContact("""
                {"email": "%s", "firstName": "Ada", "timeZone": "Europe/Berlin"}""".formatted(uniqueEmail(name)));
        consents.record(id, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "form", null));
        api.post("/api/v1/contacts/" + id + "/stage", "{\"to\": \"NURTURE\"}").andExpect(status().isOk());
        return id;
    }

    private long piece(String name, String type, String... topics) throws Exception {
        ObjectNode piece = JsonMapper.shared().createObjectNode().put("name", name + " " + run).put("type", type)
                .put("status", "LIVE");
        var array = piece.putArray("topics");
        for (String topic : topics) {
            array.add(topic);
        }
        ObjectNode email = piece.putObject("variants").putObject("email");
        email.put("subject", name + " " + run);
        email.put("html", "<p>Something useful.</p>");
        return json(api.post("/api/v1/content", piece.toString()).andExpect(status().isCreated())).get("id").asLong();
    }

    private long stream(List<Long> pool, long lead) throws Exception {
        long stream = api.activeProgram("""
                {"name": "choices monthly %s", "kind": "STREAM",
                 "cadence": {"type": "monthly", "week": 1, "day": "TUESDAY", "at": "10:00"}, "pool": %s}"""
                .formatted(run, pool));
        programs.add(stream);
        enroll(stream, lead);
        return stream;
    }

    private void enroll(long program, long lead) throws Exception {
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + lead + "]}")
                .andExpect(status().isOk());
    }

    private JsonNode enrollment(long program) throws Exception {
        return json(api.get("/api/v1/programs/" + program + "/enrollments")).at("/items/0");
    }

    private Map<String, Long> runningOut(long stream) throws Exception {
        Map<String, Long> months = new java.util.TreeMap<>();
        json(api.get("/api/v1/programs/" + stream + "/stats").andExpect(status().isOk())).get("runningOut").properties()
                .forEach(e -> months.put(e.getKey(), e.getValue().asLong()));
        return months;
    }
}
