package io.keepwarm.contact;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.delivery.Delivery;
import io.keepwarm.delivery.Outgoing;
import io.keepwarm.delivery.TaskKind;
import io.keepwarm.identity.Role;
import io.keepwarm.platform.SignedAddresses;
import io.keepwarm.platform.Timestamps;
import io.keepwarm.scoring.Scores;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import io.keepwarm.tracking.internal.SignedLinks;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@KeepwarmTest
class PersonalDataExportTest {

    /**
     * Tables with a contact_id that hold nothing about the person, so their rows need not be in the export. Each
     * needs its reason: a table missing here and from the export fails the test below.
     */
    private static final Map<String, String> HOLD_NO_PERSONAL_DATA = Map.of(
            "segment_changes", "a queue of contact ids whose segment membership is to be checked again, nothing more",
            "idempotency_subjects", "names the contact a stored API answer is about, so erasure forgets the answer",
            "trigger_firing_locks", "one row per contact that trigger evaluators lock to count its firings, nothing more");

    /** Columns a person's export leaves out, with why. */
    private static final Map<String, String> NOT_EXPORTED = Map.of(
            "alerts.email_error", "the rep's mail server's answer to the alert email, not about the person",
            "trigger_firings.run_id", "which run of the trigger job fired, an id of the job's own");

    private static final Pattern TOKEN = Pattern.compile("/t/[a-z]+/([A-Za-z0-9]+\\.[A-Za-z0-9_-]+)");

    @Autowired Api api;
    @Autowired JdbcClient jdbc;
    @Autowired Scores scores;
    @Autowired Clock clock;
    @Autowired SignedLinks links;
    @Autowired Delivery delivery;
    @Autowired Consents consents;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    /** Every stored text is there, as stored but for its signed tokens, cut as staff see them everywhere else. */
    @Test
    void theExportHoldsWhatEveryTableKeepsAboutThePerson() throws Exception {
        long contact = aContactWithARowInEveryTable();

        JsonNode export = json(api.get("/api/v1/contacts/" + contact + "/export").andExpect(status().isOk()));

        Set<String> exported = texts(export);
        List<String> missing = new ArrayList<>();
        for (String table : tablesWithAContactId()) {
            if (HOLD_NO_PERSONAL_DATA.containsKey(table)) {
                continue;
            }
            // Our own table names, read from the catalogue and checked to be plain identifiers.
            List<Map<String, Object>> rows = jdbc.sql("SELECT * FROM " + table + " WHERE contact_id = ?").param(contact)
                    .query().listOfRows();
            if (rows.isEmpty()) {
                missing.add(table + ": no row made by this test; make one below and export it, or say why it holds "
                        + "no personal data");
            }
            for (Map<String, Object> row : rows) {
                row.forEach((column, value) -> {
                    String name = table + "." + column.toLowerCase();
                    if (value instanceof String text && !text.isBlank() && !NOT_EXPORTED.containsKey(name)
                            && !exported.containsAll(texts(SignedAddresses.cut(text)))) {
                        missing.add(name + " = " + text);
                    }
                });
            }
        }
        assertThat(missing).as("personal data kept but not exported").isEmpty();
    }

    private long aContactWithARowInEveryTable() throws Exception {
        long rep = new SalesTeam(api).rep("exporter", "exporter." + run + "@example.com"); // the owner gets the hand-off
        long trigger = json(api.post("/api/v1/triggers", """
                {"name": "export %s", "when": {"type": "tagAdded", "tag": "export-%s"},
                 "actions": [{"type": "adjustScore", "points": 3}]}""".formatted(run, run))
                .andExpect(status().isCreated())).get("id").asLong();
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Pia", "lastName": "Export %s", "phone": "+49 30 5550101", "owner": "%d",
                 "timeZone": "UTC", "tags": ["export-%s"], "attributes": {"birthday": "1984-03-02"}}"""
                .formatted(uniqueEmail("pia.old"), run, rep, run));
        api.patch("/api/v1/contacts/" + contact, "{\"email\": \"%s\"}".formatted(uniqueEmail("pia"))).andExpect(status().isOk());
        api.post("/api/v1/contacts/" + contact + "/notes", "{\"body\": \"Pia prefers mornings " + run + "\"}")
                .andExpect(status().isCreated());
        api.as(Role.ADMIN, MockMvcRequestBuilders.put("/api/v1/contacts/" + contact + "/frequency")
                .contentType("application/json").content("{\"channel\": \"EMAIL\", \"maxTouches\": 2, \"windowDays\": 30}"))
                .andExpect(status().isOk());
        api.post("/api/v1/contacts/" + contact + "/opt-in", "{\"text\": \"Yes, the monthly notes " + run + "\"}")
                .andExpect(status().is2xxSuccessful());
        // Asked before consenting: an opt-in request is refused once consent is granted.
        api.post("/api/v1/contacts/" + contact + "/consents", """
                {"channel": "EMAIL", "state": "GRANTED", "source": "webinar form"}""").andExpect(status().isCreated());
        api.post("/api/v1/events", """
                {"events": [{"id": "%s-1", "contactId": %d, "type": "CUSTOM", "customType": "trial_started",
                             "properties": {"plan": "pro %s", "seats": 12}}]}""".formatted(run, contact, run))
                .andExpect(status().isOk());
        scores.adjust(contact, 5, "MANUAL");
        api.post("/api/v1/contacts/" + contact + "/stage", """
                {"to": "MQL", "reasonCode": "SCORE", "reason": "asked for pricing %s"}""".formatted(run))
                .andExpect(status().isOk());
        JsonNode handoffs = json(api.get("/api/v1/handoffs?contact=" + contact)).get("items");
        String readyOn = clock.instant().atZone(ZoneOffset.UTC).toLocalDate().plusMonths(3).toString();
        api.post("/api/v1/handoffs/" + handoffs.get(0).get("id").asLong() + "/reject", """
                {"reason": "NOT_READY", "note": "budget in autumn %s", "readyOn": "%s"}""".formatted(run, readyOn))
                .andExpect(status().isOk());
        long list = json(api.post("/api/v1/lists", "{\"name\": \"export list " + run + "\"}")
                .andExpect(status().isCreated())).get("id").asLong();
        api.post("/api/v1/lists/" + list + "/members", "{\"contactIds\": [" + contact + "]}").andExpect(status().isOk());
        api.post("/api/v1/segments", """
                {"name": "export segment %s", "text": "tag = \\"export-%s\\""}""".formatted(run, run))
                .andExpect(status().isCreated());
        api.post("/api/v1/admin/segments/refresh", "").andExpect(status().isOk());
        long program = api.activeProgram("""
                {"name": "export stream %s", "kind": "STREAM",
                 "cadence": {"type": "monthly", "week": 1, "day": "TUESDAY", "at": "10:00"}, "pool": [%d]}"""
                .formatted(run, api.liveArticle("Export " + run)));
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + contact + "]}")
                .andExpect(status().isOk());
        sentAndAnswered(contact, program, trigger);
        return contact;
    }

    /** What sending, tracking, replies and triggers leave, written as their modules write it. */
    private void sentAndAnswered(long contact, long program, long trigger) {
        var now = Timestamps.now(clock);
        long enrollment = jdbc.sql("SELECT id FROM enrollments WHERE contact_id = ?").param(contact).query(Long.class).single();
        jdbc.sql("""
                INSERT INTO touches (enrollment_id, program_id, contact_id, step, occurrence, kind, channel, note, state,
                    planned_at, due_at, stale_at, attempts, sent_at)
                VALUES (?, ?, ?, 0, 90, 'SEND', 'EMAIL', ?, 'SENT', ?, ?, ?, 1, ?)""")
                .params(enrollment, program, contact, "touch note " + run, now, now, now, now)
                .update();
        long touch = jdbc.sql("SELECT MAX(id) FROM touches WHERE contact_id = ?").param(contact).query(Long.class).single();
        jdbc.sql("""
                INSERT INTO outbox_messages (touch_id, contact_id, to_address, subject, html, text, created_at, status,
                    message_id, sent_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'SENT', ?, ?)""")
                .params(touch, contact, "pia." + run + "@example.com", "Your cooling notes " + run,
                        "<p>Dear Pia, " + run + " <a href=\"" + links.unsubscribeUrl(contact) + "\">unsubscribe</a></p>",
                        "Dear Pia, " + run + "\nYour topics: " + links.preferencesUrl(contact), now, "<" + run + "@keepwarm>",
                        now)
                .update();
        jdbc.sql("""
                INSERT INTO tracking_events (contact_id, touch_id, kind, url, user_agent, ip, occurred_at)
                VALUES (?, ?, 'CLICK', ?, ?, '192.0.2.7', ?)""")
                .params(contact, touch, "https://example.com/" + run, "Pia's phone " + run, now).update();
        delivery.send(new Outgoing.CallTask(touch, contact, null, TaskKind.CALL, "Tell Pia her topics are at "
                + links.preferencesUrl(contact) + " " + run, null));
        jdbc.sql("INSERT INTO email_replies (message_id, contact_id, touch_id, received_at) VALUES (?, ?, ?, ?)")
                .params("<reply-" + run + "@example.com>", contact, touch, now).update();
        jdbc.sql("""
                INSERT INTO email_provider_events (provider, event_id, kind, contact_id, received_at)
                VALUES ('postmark', ?, 'BOUNCE', ?, ?)""").params("event-" + run, contact, now).update();
        jdbc.sql("INSERT INTO wrong_numbers (contact_id, phone, flagged_at, flagged_by) VALUES (?, ?, ?, ?)")
                .params(contact, "+4930555" + run.hashCode() % 1000, now, "rep " + run).update();
        jdbc.sql("""
                INSERT INTO trigger_cues (cue_type, contact_id, subject, detail, occurred_at)
                VALUES ('NOTE_ADDED', ?, ?, ?, ?)""").params(contact, "rep " + run, "Pia asked about pricing " + run, now)
                .update();
        jdbc.sql("""
                INSERT INTO trigger_firings (trigger_id, contact_id, occurrence, cue, outcome, reason, run_id, fired_at)
                VALUES (?, ?, ?, ?, 'FIRED', ?, ?, ?)""")
                .params(trigger, contact, "once " + run, "tag added " + run, "fired for " + run,
                        UUID.randomUUID().toString(), now).update();
    }

    @Test
    void anExportHoldsNoLiveTokenAndItsCutUnsubscribeLinkUnsubscribesNobody() throws Exception {
        String to = uniqueEmail("tokens");
        long contact = api.createContact("{\"email\": \"" + to + "\", \"firstName\": \"Tom\", \"timeZone\": \"UTC\"}");
        api.post("/api/v1/contacts/" + contact + "/consents", """
                {"channel": "EMAIL", "state": "GRANTED", "source": "webinar form"}""").andExpect(status().isCreated());
        long touch = ThreadLocalRandom.current().nextLong(1_000_000_000L, Long.MAX_VALUE - 1);
        String unsubscribe = links.unsubscribeUrl(contact);
        delivery.send(new Outgoing.Email(touch, contact, to, "Cooling", "<p>Read <a href=\"https://example.com/guide\">"
                + "the cooling guide</a>.</p>", "Read the cooling guide: https://example.com/guide", null, unsubscribe,
                links.preferencesUrl(contact)));
        delivery.send(new Outgoing.CallTask(touch + 1, contact, null, TaskKind.CALL, "Tom can stop the emails at "
                + unsubscribe, null));
        List<String> tokens = tokens(String.join(" ", jdbc.sql("""
                SELECT html || text || unsubscribe_url FROM outbox_messages WHERE contact_id = :id
                UNION ALL SELECT script FROM tasks WHERE contact_id = :id""").param("id", contact).query(String.class).list()));
        assertThat(tokens).as("click, open, unsubscribe and preference tokens as kept").hasSizeGreaterThan(3)
                .containsAll(tokens(unsubscribe));

        String body = api.get("/api/v1/contacts/" + contact + "/export").andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();

        assertThat(body).contains("the cooling guide", "Tom can stop the emails at").doesNotContain(tokens);
        String cut = JsonMapper.shared().readTree(body).at("/emails/messages/0/unsubscribeUrl").asString();
        assertThat(cut).isEqualTo("http://localhost:8080/t/u/…");
        int status = api.mvc().perform(MockMvcRequestBuilders.post(cut.substring("http://localhost:8080".length()))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).content("List-Unsubscribe=One-Click"))
                .andReturn().getResponse().getStatus();
        assertThat(status).isEqualTo(404);
        assertThat(consents.current(contact).get(Channel.EMAIL).state()).as("still subscribed")
                .isEqualTo(ConsentState.GRANTED);
    }

    private static List<String> tokens(String text) {
        List<String> found = new ArrayList<>();
        Matcher token = TOKEN.matcher(text);
        while (token.find()) {
            found.add(token.group(1));
        }
        return found;
    }

    private List<String> tablesWithAContactId() {
        List<String> tables = new ArrayList<>(new TreeSet<>(jdbc.sql("""
                SELECT LOWER(table_name) FROM information_schema.columns
                 WHERE LOWER(table_schema) = 'public' AND LOWER(column_name) = 'contact_id'""")
                .query(String.class).list()));
        assertThat(tables).hasSizeGreaterThan(20).allMatch(t -> t.matches("[a-z_]+"));
        return tables;
    }

    /** Every text a JSON document (or a plain text) holds: its values and the names of its fields. */
    private static Set<String> texts(Object document) {
        JsonNode tree;
        if (document instanceof JsonNode node) {
            tree = node;
        } else {
            try {
                tree = JsonMapper.shared().readTree((String) document);
            } catch (JacksonException plainText) {
                return Set.of((String) document);
            }
            if (!tree.isContainer()) {
                return Set.of((String) document);
            }
        }
        Set<String> texts = new HashSet<>();
        collect(tree, texts);
        return texts;
    }

    private static void collect(JsonNode node, Set<String> texts) {
        if (node.isObject()) {
            node.properties().forEach(p -> {
                texts.add(p.getKey());
                collect(p.getValue(), texts);
            });
        } else if (node.isArray()) {
            node.forEach(element -> collect(element, texts));
        } else if (!node.isNull()) {
            texts.add(node.asString());
        }
    }
}
