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
import io.keepwarm.program.Enrollment;
import io.keepwarm.program.Enrollments;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** A stream's content exhaustion forecast: when its contacts run out, honouring each piece's end, and who they are. */
@KeepwarmTest
class ExhaustionForecastTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Autowired Api api;
    @Autowired Forecasts forecasts;
    @Autowired Enrollments enrollments;
    @Autowired Consents consents;
    @Autowired TestClock clock;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<Long> streams = new ArrayList<>();

    @AfterEach
    void archive() throws Exception {
        // Other tests tick the shared engine: leave them no touch of ours to send.
        for (long stream : streams) {
            api.post("/api/v1/programs/" + stream + "/archive", "").andExpect(status().isOk());
        }
    }

    @Test
    void aPieceThatExpiresBeforeTheContactWouldGetItIsNotCountedAsContentTheyWillReceive() throws Exception {
        long lead = lead("expiring");
        long one = api.liveArticle("One " + run);
        long two = api.liveArticle("Two " + run);
        long stream = stream(List.of(one, two), lead);
        Enrollment enrolled = enrollments.activeOf(stream, List.of(lead)).getFirst();
        // Good past the first weekly moment, gone by the third: the lead gets One, then Two, then nothing.
        long late = piece("Late " + run, enrolled.nextDueAt().plus(Duration.ofDays(10)));
        repool(stream, List.of(one, two, late));

        Instant second = forecasts.forecast(stream, lead).touches().get(1).at();
        assertThat(forecasts.forecast(stream, lead).touches()).extracting(Forecast.Entry::contentId)
                .as("the contact's own forecast passes over it").containsExactly(one, two);
        assertThat(runningOut(stream)).isEqualTo(Map.of(YearMonth.from(second.atZone(BERLIN)).toString(), 1L));
    }

    @Test
    void aContactWhosePiecesLeftAllExpireBeforeTheNextMomentIsCountedAsGettingNothingMore() throws Exception {
        long lead = lead("nothing-more");
        long stream = stream(List.of(api.liveArticle("Placeholder " + run)), lead);
        Enrollment enrolled = enrollments.activeOf(stream, List.of(lead)).getFirst();
        Instant now = clock.instant();
        long soon = piece("Soon gone " + run, now.plus(Duration.between(now, enrolled.nextDueAt()).dividedBy(2)));
        repool(stream, List.of(soon));

        assertThat(runningOut(stream)).isEqualTo(Map.of(Engine.EXPIRING, 1L));
        assertThat(json(api.get("/api/v1/programs/" + stream + "/stats/running-out?month=expiring"))
                .at("/items/0/contactId").asLong()).isEqualTo(lead);
        Document page = page("/ui/programs/" + stream);
        assertThat(page.selectFirst("#exhaustion tr[data-month=expiring]").text())
                .startsWith("nothing more: what is left for them expires before it can go");
    }

    @Test
    void theContactsBehindACountOfTheForecastAreListedPageByPageEachLinkingToTheContact() throws Exception {
        long ada = lead("ada");
        long bob = lead("bob");
        long cy = lead("cy");
        long stream = stream(List.of(api.liveArticle("Only " + run)), ada, bob, cy);
        String month = runningOut(stream).keySet().iterator().next();

        JsonNode first = json(api.get("/api/v1/programs/" + stream + "/stats/running-out?month=" + month + "&limit=2"));
        JsonNode rest = json(api.get("/api/v1/programs/" + stream + "/stats/running-out?month=" + month + "&cursor="
                + first.get("nextCursor").asString()));
        List<Long> listed = new ArrayList<>();
        first.get("items").forEach(i -> listed.add(i.get("contactId").asLong()));
        rest.get("items").forEach(i -> listed.add(i.get("contactId").asLong()));
        assertThat(listed).containsExactlyInAnyOrder(ada, bob, cy);
        assertThat(first.at("/items/0/email").asString()).endsWith("@example.com");
        assertThat(rest.get("nextCursor").isNull()).isTrue();
        assertThat(json(api.get("/api/v1/programs/" + stream + "/stats/running-out?month=now")).get("items")).isEmpty();

        Document program = page("/ui/programs/" + stream);
        String link = program.selectFirst("#exhaustion tr[data-month=" + month + "] a").attr("href");
        assertThat(program.selectFirst("#exhaustion tr[data-month=" + month + "] a").text()).isEqualTo("3");
        Document list = page(link);
        assertThat(list.getElementById("running-out-count").text()).startsWith("3 contacts");
        assertThat(list.select("#running-out tbody a")).extracting(a -> a.attr("href"))
                .containsExactlyInAnyOrder("/ui/contacts/" + ada, "/ui/contacts/" + bob, "/ui/contacts/" + cy);
    }

    @Test
    void aMonthTheForecastDoesNotCountIsRefusedAndASequenceHasNoneToList() throws Exception {
        long lead = lead("refused");
        long stream = stream(List.of(api.liveArticle("Some " + run)), lead);
        long sequence = api.activeProgram("""
                {"name": "drip %s", "kind": "SEQUENCE", "steps": [{"type": "wait", "duration": "P7D"}]}""".formatted(run));
        streams.add(sequence);

        api.get("/api/v1/programs/" + stream + "/stats/running-out?month=March").andExpect(status().isBadRequest());
        api.get("/api/v1/programs/" + stream + "/stats/running-out").andExpect(status().isBadRequest());
        api.get("/api/v1/programs/" + sequence + "/stats/running-out?month=now").andExpect(status().isConflict());
    }

    /** A weekly stream with this pool and these leads in it, archived after the test. */
    private long stream(List<Long> pool, long... leads) throws Exception {
        long stream = api.activeProgram(weekly(pool));
        streams.add(stream);
        List<String> ids = new ArrayList<>();
        for (long lead : leads) {
            ids.add(String.valueOf(lead));
        }
        api.post("/api/v1/programs/" + stream + "/enrollments", "{\"contactIds\": " + ids + "}")
                .andExpect(status().isOk());
        return stream;
    }

    /** The stream's pool edited, its contacts kept. */
    private void repool(long stream, List<Long> pool) throws Exception {
        api.as(Role.MARKETER, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .put("/api/v1/programs/" + stream).contentType("application/json").content(weekly(pool)))
                .andExpect(status().isOk());
    }

    private String weekly(List<Long> pool) {
        return """
                {"name": "exhaustion %s %s", "kind": "STREAM",
                 "cadence": {"type": "every", "period": "P7D", "at": "10:00"}, "pool": %s}"""
                .formatted(run, pool.getFirst(), pool);
    }

    private long piece(String name, Instant validUntil) throws Exception {
        ObjectNode piece = JsonMapper.shared().createObjectNode().put("name", name).put("type", "ARTICLE")
                .put("status", "LIVE").put("validUntil", validUntil.toString());
        piece.putObject("variants").putObject("email").put("subject", name).put("html", "<p>Useful.</p>");
        return json(api.post("/api/v1/content", piece.toString()).andExpect(status().isCreated())).get("id").asLong();
    }

    private Map<String, Long> runningOut(long stream) throws Exception {
        JsonNode stats = json(api.get("/api/v1/programs/" + stream + "/stats").andExpect(status().isOk()));
        Map<String, Long> months = new TreeMap<>();
        stats.get("runningOut").properties().forEach(e -> months.put(e.getKey(), e.getValue().asLong()));
        return months;
    }

    private Document page(String path) throws Exception {
        return Jsoup.parse(api.mvc().perform(get(path).with(user(api.sessionUser(Role.MARKETER))
                .roles(Role.MARKETER.name()))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }

    private long lead(String name) throws Exception {
        long id = api.createContact("""
                {"email": "%s", "firstName": "Ada", "timeZone": "Europe/Berlin"}""".formatted(uniqueEmail(name)));
        consents.record(id, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "form", null));
        api.post("/api/v1/contacts/" + id + "/stage", "{\"to\": \"NURTURE\"}").andExpect(status().isOk());
        return id;
    }
}
