package io.keepwarm.contact;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@KeepwarmTest
class ConsentLedgerTest {

    @Autowired
    Api api;

    @Autowired
    TestClock clock;

    @Autowired
    JdbcClient jdbc;

    @Test
    void keepsEveryStatementAndDerivesTheCurrentStateFromTheLatest() throws Exception {
        long id = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("consent")));
        api.get("/api/v1/contacts/" + id + "/consents").andExpect(jsonPath("$.current.EMAIL.state").value("UNKNOWN"));

        api.post("/api/v1/contacts/" + id + "/consents", """
                {"channel": "EMAIL", "state": "GRANTED", "source": "webinar sign-up form",
                 "evidence": {"form": "webinar-2026-03", "ip": "203.0.113.7", "text": "Send me monthly articles"}}""")
                .andExpect(status().isCreated());
        clock.advance(Duration.ofDays(30));
        api.post("/api/v1/contacts/" + id + "/consents", """
                {"channel": "EMAIL", "state": "WITHDRAWN", "source": "unsubscribe link"}""")
                .andExpect(status().isCreated());

        JsonNode consents = json(api.get("/api/v1/contacts/" + id + "/consents"));
        assertThat(consents.at("/current/EMAIL/state").asString()).isEqualTo("WITHDRAWN");
        assertThat(consents.at("/current/EMAIL/source").asString()).isEqualTo("unsubscribe link");
        assertThat(consents.at("/current/PHONE/state").asString()).isEqualTo("UNKNOWN");
        assertThat(consents.get("ledger").size()).isEqualTo(2);
        assertThat(consents.at("/ledger/0/evidence/ip").asString()).isEqualTo("203.0.113.7");
        assertThat(consents.at("/ledger/0/evidence/text").asString()).isEqualTo("Send me monthly articles");
        assertThat(consents.at("/ledger/1/recordedAt").asString()).isNotEqualTo(consents.at("/ledger/0/recordedAt").asString());
        api.get("/api/v1/contacts/" + id).andExpect(jsonPath("$.consent.EMAIL").value("WITHDRAWN"));
    }

    @Test
    void aConsentStatementMakesTheContactUpdatedSoACrmSyncingByUpdatedSinceHearsOfIt() throws Exception {
        String email = uniqueEmail("synced");
        long id = api.createContact("{\"email\": \"%s\"}".formatted(email));
        clock.advance(Duration.ofHours(1));
        String since = clock.instant().toString();
        api.post("/api/v1/contacts/" + id + "/consents", """
                {"channel": "EMAIL", "state": "WITHDRAWN", "source": "unsubscribe link"}""")
                .andExpect(status().isCreated());

        assertThat(java.time.Instant.parse(json(api.get("/api/v1/contacts/" + id)).get("updatedAt").asString()))
                .isAfterOrEqualTo(java.time.Instant.parse(since).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        JsonNode changed = json(api.get("/api/v1/contacts?q=" + email + "&updatedSince=" + since));
        assertThat(changed.at("/items/0/id").asLong()).isEqualTo(id);
    }

    @Test
    void theLedgerIsAppendOnlyAndNeedsASource() throws Exception {
        long id = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("ledger")));
        api.post("/api/v1/contacts/" + id + "/consents", "{\"channel\": \"SMS\", \"state\": \"GRANTED\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("source"));
        api.post("/api/v1/contacts/" + id + "/consents", "{\"channel\": \"FAX\", \"state\": \"GRANTED\", \"source\": \"x\"}")
                .andExpect(status().isBadRequest());
        api.post("/api/v1/contacts/" + id + "/consents", "{\"channel\": \"SMS\", \"state\": \"GRANTED\", \"source\": \"call\"}");
        api.post("/api/v1/contacts/" + id + "/consents", "{\"channel\": \"SMS\", \"state\": \"GRANTED\", \"source\": \"call again\"}");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM consent_events WHERE contact_id = ?").param(id).query(Long.class).single())
                .isEqualTo(2);
    }

    @Test
    void contactsGetNoConsentUnlessTheInputStatesItWithASource() throws Exception {
        long silent = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("silent")));
        api.get("/api/v1/contacts/" + silent + "/consents").andExpect(jsonPath("$.ledger.length()").value(0));

        api.post("/api/v1/contacts", """
                {"email": "%s", "consents": [{"channel": "EMAIL", "state": "GRANTED"}]}""".formatted(uniqueEmail("nosource")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("consents.source"));

        long stated = api.createContact("""
                {"email": "%s", "consents": [{"channel": "EMAIL", "state": "GRANTED", "source": "trade show badge scan"}]}"""
                .formatted(uniqueEmail("stated")));
        api.get("/api/v1/contacts/" + stated + "/consents")
                .andExpect(jsonPath("$.current.EMAIL.state").value("GRANTED"))
                .andExpect(jsonPath("$.current.EMAIL.source").value("trade show badge scan"));
    }

    @Test
    void aWithdrawnConsentComesBackOnlyWithThePersonsOwnStatement() throws Exception {
        long id = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("regrant")));
        api.post("/api/v1/contacts/" + id + "/consents", """
                {"channel": "EMAIL", "state": "WITHDRAWN", "source": "unsubscribe link"}""")
                .andExpect(status().isCreated());

        api.post("/api/v1/contacts/" + id + "/consents", """
                {"channel": "EMAIL", "state": "GRANTED", "source": "marketing team"}""")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(
                        "email consent was withdrawn on")))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("unsubscribe link")));
        api.post("/api/v1/contacts/" + id + "/consents", """
                {"channel": "EMAIL", "state": "UNKNOWN", "source": "cleanup"}""")
                .andExpect(status().isConflict());
        api.get("/api/v1/contacts/" + id + "/consents").andExpect(jsonPath("$.current.EMAIL.state").value("WITHDRAWN"))
                .andExpect(jsonPath("$.ledger.length()").value(1));

        clock.advance(Duration.ofDays(90));
        api.post("/api/v1/contacts/" + id + "/consents", """
                {"channel": "EMAIL", "state": "GRANTED", "source": "webinar sign-up form",
                 "evidence": {"form": "webinar-2027-01", "text": "Yes, send me the monthly articles again"}}""")
                .andExpect(status().isCreated());
        api.get("/api/v1/contacts/" + id + "/consents").andExpect(jsonPath("$.current.EMAIL.state").value("GRANTED"));
    }

    @Test
    void aRepRecordsAYesOnAChannelNeverWithdrawnAndAnyWithdrawalButCannotGiveBackAWithdrawnConsent() throws Exception {
        long id = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("rep-regrant")));
        asRep(id, """
                {"channel": "EMAIL", "state": "GRANTED", "source": "phone call",
                 "evidence": {"form": "call", "text": "Yes, email me the white paper"}}""")
                .andExpect(status().isCreated());
        asRep(id, "{\"channel\": \"EMAIL\", \"state\": \"WITHDRAWN\", \"source\": \"phone call\"}")
                .andExpect(status().isCreated());
        api.post("/api/v1/contacts/" + id + "/consents", "{\"channel\": \"PHONE\", \"state\": \"WITHDRAWN\", \"source\": \"call\"}")
                .andExpect(status().isCreated());

        String evidenced = """
                {"channel": "%s", "state": "%s", "source": "rep",
                 "evidence": {"form": "made-up form", "text": "Yes, contact me again"}}""";
        asRep(id, evidenced.formatted("EMAIL", "GRANTED"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(
                        "email consent was withdrawn on")))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(
                        "only the person can give it back")))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("preference centre")));
        asRep(id, evidenced.formatted("EMAIL", "UNKNOWN")).andExpect(status().isForbidden());
        asRep(id, evidenced.formatted("PHONE", "GRANTED"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(
                        "ask a marketer or an admin to record their new statement")));
        JsonNode consents = json(api.get("/api/v1/contacts/" + id + "/consents"));
        assertThat(consents.at("/current/EMAIL/state").asString()).isEqualTo("WITHDRAWN");
        assertThat(consents.at("/current/PHONE/state").asString()).isEqualTo("WITHDRAWN");
        assertThat(consents.get("ledger").size()).isEqualTo(3);

        api.as(Role.MARKETER, post("/api/v1/contacts/" + id + "/consents").contentType(MediaType.APPLICATION_JSON)
                .content(evidenced.formatted("EMAIL", "GRANTED"))).andExpect(status().isCreated());
        api.get("/api/v1/contacts/" + id + "/consents").andExpect(jsonPath("$.current.EMAIL.state").value("GRANTED"));
    }

    private org.springframework.test.web.servlet.ResultActions asRep(long contact, String json) throws Exception {
        return api.as(Role.SALES, post("/api/v1/contacts/" + contact + "/consents").contentType(MediaType.APPLICATION_JSON)
                .content(json));
    }

    @Test
    void aContactUpdateStillSayingOptedInDoesNotUndoAnUnsubscribe() throws Exception {
        String email = uniqueEmail("crm-sync");
        String synced = """
                {"email": "%s", "title": "CTO", "consents": [{"channel": "EMAIL", "state": "GRANTED", "source": "CRM"}]}"""
                .formatted(email);
        api.post("/api/v1/contacts", synced).andExpect(status().isCreated());
        long id = json(api.get("/api/v1/contacts?q=" + email)).at("/items/0/id").asLong();
        api.post("/api/v1/contacts/" + id + "/consents", """
                {"channel": "EMAIL", "state": "WITHDRAWN", "source": "unsubscribe link"}""")
                .andExpect(status().isCreated());

        api.post("/api/v1/contacts", synced)
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(
                        "email consent of " + email + " was withdrawn on")));
        api.get("/api/v1/contacts/" + id).andExpect(jsonPath("$.consent.EMAIL").value("WITHDRAWN"));

        api.post("/api/v1/contacts", """
                {"email": "%s", "title": "CEO"}""".formatted(email))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.title").value("CEO"))
                .andExpect(jsonPath("$.consent.EMAIL").value("WITHDRAWN"));
    }
}
