package io.keepwarm.contact;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.identity.Role;
import io.keepwarm.platform.Hashes;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

@KeepwarmTest
class ErasureTest {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Imports imports;

    @Test
    void erasureLeavesNoPersonalDataInAnyTableButKeepsTheSuppressionHashAndCounts() throws Exception {
        String email = uniqueEmail("erase.me");
        String oldEmail = uniqueEmail("erase.me.old");
        String firstEmail = uniqueEmail("erase.me.first");
        String surname = "Zyxwvutsrq" + System.nanoTime();
        String phone = "+44 20 7946 " + (1000 + (System.nanoTime() % 8999));
        long id = json(api.as(Role.ADMIN, post("/api/v1/contacts").header("Idempotency-Key", "erase-" + email)
                .contentType(MediaType.APPLICATION_JSON).content("""
                        {"email": "%s", "firstName": "Erin", "lastName": "%s", "phone": "%s", "tags": ["%s-tag"],
                         "attributes": {"birthday": "1980-04-01"},
                         "consents": [{"channel": "EMAIL", "state": "GRANTED", "source": "form"}]}"""
                        .formatted(email, surname, phone, surname)))).get("id").asLong();
        long old = json(api.as(Role.ADMIN, post("/api/v1/contacts").header("Idempotency-Key", "old-" + oldEmail)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"email\": \"%s\", \"lastName\": \"%s\"}".formatted(firstEmail, surname)))).get("id").asLong();
        api.patch("/api/v1/contacts/" + old, "{\"email\": \"%s\"}".formatted(oldEmail)).andExpect(status().isOk());
        api.post("/api/v1/contacts/merge", "{\"survivorId\": %d, \"mergedId\": %d}".formatted(id, old)).andExpect(status().isOk());
        api.as(Role.SALES, post("/api/v1/contacts/" + id + "/notes").header("Idempotency-Key", "note-" + email)
                .contentType(MediaType.APPLICATION_JSON).content("{\"body\": \"%s likes sailing\"}".formatted(surname)))
                .andExpect(status().isCreated());
        api.as(Role.SALES, post("/api/v1/contacts/" + id + "/consents").header("Idempotency-Key", "consent-" + email)
                .contentType(MediaType.APPLICATION_JSON).content("""
                        {"channel": "PHONE", "state": "GRANTED", "source": "call", "evidence": {"text": "%s said yes"}}"""
                        .formatted(surname)))
                .andExpect(status().isCreated());
        api.patch("/api/v1/contacts/" + id, "{\"city\": \"%s-city\"}".formatted(surname));
        var csv = java.nio.file.Files.createTempFile("erase", ".csv");
        java.nio.file.Files.writeString(csv, "email,last name,time zone\n" + email + "," + surname + ",Not/AZone\n");
        assertThat(imports.runNow(csv, Imports.Format.CSV, Map.of(), null).rejected()).isEqualTo(1);
        long importsBefore = jdbc.sql("SELECT COUNT(*) FROM imports").query(Long.class).single();

        api.delete("/api/v1/contacts/" + id).andExpect(status().isNoContent());

        for (String secret : List.of(email, oldEmail, firstEmail, surname, phone.substring(4))) {
            assertThat(tablesMentioning(secret)).as("tables still holding '%s'", secret).isEmpty();
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM suppressions WHERE email_hash IN (?, ?)")
                .params(Hashes.sha256(email), Hashes.sha256(oldEmail)).query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM imports").query(Long.class).single()).isEqualTo(importsBefore);
        api.get("/api/v1/contacts/" + id).andExpect(status().isNotFound());
        api.get("/api/v1/audit?entityType=contact&entityId=" + id)
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.items[0].action")
                        .value("CONTACT_ERASED"));
    }

    @Test
    void aStoredHandoffAnswerWithThePersonsNotesIsNotReplayedAfterErasureButAnotherContactsAnswerWithTheSameIdIs()
            throws Exception {
        // The person's contact id and the other contact's hand-off id are made equal, as they come to be in a live book.
        long firstFree = 1_000_000 + jdbc.sql("""
                SELECT COALESCE(MAX(m), 0) FROM (SELECT MAX(id) AS m FROM contacts UNION ALL SELECT MAX(id) FROM handoffs) ids""")
                .query(Long.class).single();
        long rep = new SalesTeam(api).rep("adasrep");
        restartIds("contacts", firstFree);
        String note = "Ada hates cold calls " + java.util.UUID.randomUUID();
        long ada = api.createContact("{\"email\": \"%s\", \"firstName\": \"Ada\", \"owner\": \"%d\"}"
                .formatted(uniqueEmail("ada"), rep)); // hand-offs go to the owner, with the context of the lead
        assertThat(ada).isEqualTo(firstFree);
        api.post("/api/v1/contacts/" + ada + "/notes", "{\"body\": \"%s\"}".formatted(note)).andExpect(status().isCreated());
        String rejection = "{\"reason\": \"NOT_READY\", \"note\": \"call after summer\"}";
        long adasHandoff = handoffOf(ada);
        assertThat(decide(adasHandoff, "reject", "k1-" + note, rejection).getContentAsString()).contains(note);
        long other = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("other")));
        restartIds("handoffs", ada);
        long othersHandoff = handoffOf(other);
        assertThat(othersHandoff).isEqualTo(ada);
        String othersAnswer = decide(othersHandoff, "accept", "k2-" + note, "").getContentAsString();

        api.delete("/api/v1/contacts/" + ada).andExpect(status().isNoContent());

        var replay = decide(adasHandoff, "reject", "k1-" + note, rejection);
        assertThat(replay.getHeader("Idempotent-Replayed")).isNull();
        assertThat(replay.getContentAsString()).doesNotContain(note);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM idempotency_keys WHERE body LIKE ?").param("%" + note + "%")
                .query(Long.class).single()).isZero();
        var othersReplay = decide(othersHandoff, "accept", "k2-" + note, "");
        assertThat(othersReplay.getHeader("Idempotent-Replayed")).isEqualTo("true");
        assertThat(othersReplay.getContentAsString()).isEqualTo(othersAnswer);
    }

    @Test
    void anErasedAddressCannotComeBackThroughTheApiOrAnImport() throws Exception {
        String email = uniqueEmail("gone");
        long id = api.createContact("{\"email\": \"%s\"}".formatted(email));
        api.delete("/api/v1/contacts/" + id).andExpect(status().isNoContent());

        api.post("/api/v1/contacts", "{\"email\": \"%s\"}".formatted(email.toUpperCase())).andExpect(status().isConflict());
        var file = java.nio.file.Files.createTempFile("gone", ".csv");
        java.nio.file.Files.writeString(file, "email\n" + email + "\n");
        ImportJob job = imports.runNow(file, Imports.Format.CSV, Map.of(), null);
        assertThat(job.rejected()).isEqualTo(1);
        assertThat(job.created()).isZero();
    }

    @Test
    void anAddressThePersonHadBeforeAnEditCannotBringThemBackAfterErasureEither() throws Exception {
        String before = uniqueEmail("before");
        long id = api.createContact("{\"email\": \"%s\"}".formatted(before));
        api.patch("/api/v1/contacts/" + id, "{\"email\": \"%s\"}".formatted(uniqueEmail("after")))
                .andExpect(status().isOk());
        assertThat(api.get("/api/v1/contacts/" + id + "/export").andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString()).contains(before);

        api.delete("/api/v1/contacts/" + id).andExpect(status().isNoContent());

        api.post("/api/v1/contacts", "{\"email\": \"%s\"}".formatted(before)).andExpect(status().isConflict());
    }

    @Test
    void aFormerAddressSomeoneElseHoldsNowStaysTheirsWhenThePersonWhoHadItIsErased() throws Exception {
        String typo = uniqueEmail("jon");
        long erased = api.createContact("{\"email\": \"%s\"}".formatted(typo));
        api.patch("/api/v1/contacts/" + erased, "{\"email\": \"%s\"}".formatted(uniqueEmail("john")))
                .andExpect(status().isOk());
        long holder = api.createContact("{\"email\": \"%s\"}".formatted(typo));

        api.delete("/api/v1/contacts/" + erased).andExpect(status().isNoContent());

        api.post("/api/v1/contacts", "{\"email\": \"%s\", \"firstName\": \"Jon\"}".formatted(typo))
                .andExpect(status().isOk());
        assertThat(json(api.get("/api/v1/contacts/" + holder)).get("firstName").asString()).isEqualTo("Jon");
    }

    @Test
    void salesCannotErase() throws Exception {
        long id = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("keep")));
        api.as(Role.SALES, org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete("/api/v1/contacts/" + id))
                .andExpect(status().isForbidden());
        api.get("/api/v1/contacts/" + id).andExpect(status().isOk());
    }

    private void restartIds(String table, long next) {
        // DDL takes no bind parameters: the table is one of ours, the number a long.
        jdbc.sql("ALTER TABLE " + table + " ALTER COLUMN id RESTART WITH " + next).update();
    }

    /** Moves the contact to MQL and answers the id of the hand-off that made. */
    private long handoffOf(long contact) throws Exception {
        api.post("/api/v1/contacts/" + contact + "/stage", """
                {"to": "MQL", "reasonCode": "SCORE", "reason": "asked for a demo"}""").andExpect(status().isOk());
        var items = json(api.get("/api/v1/handoffs?contact=" + contact).andExpect(status().isOk())).get("items");
        return items.get(items.size() - 1).get("id").asLong();
    }

    private org.springframework.mock.web.MockHttpServletResponse decide(long handoff, String decision, String key,
            String body) throws Exception {
        return api.as(Role.ADMIN, post("/api/v1/handoffs/" + handoff + "/" + decision).header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON).content(body)).andReturn().getResponse();
    }

    /** Every table and text column, found in the database's own catalogue, that contains the text. */
    private List<String> tablesMentioning(String text) {
        List<Map<String, Object>> columns = jdbc.sql("""
                SELECT table_name, column_name FROM information_schema.columns
                WHERE LOWER(table_schema) = 'public'
                  AND (LOWER(data_type) LIKE '%char%' OR LOWER(data_type) LIKE '%text%' OR LOWER(data_type) LIKE '%clob%')""")
                .query().listOfRows();
        assertThat(columns).hasSizeGreaterThan(20);
        List<String> found = new ArrayList<>();
        for (Map<String, Object> column : columns) {
            String table = String.valueOf(column.values().toArray()[0]).toLowerCase();
            String name = String.valueOf(column.values().toArray()[1]).toLowerCase();
            if (!table.matches("[a-z_]+") || !name.matches("[a-z_]+")) {
                continue; // only our own plain identifiers are quoted into SQL below
            }
            long hits = jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE LOWER(CAST(" + name + " AS VARCHAR)) LIKE ?")
                    .param("%" + text.toLowerCase() + "%")
                    .query(Long.class)
                    .single();
            if (hits > 0) {
                found.add(table + "." + name);
            }
        }
        return found;
    }
}
