package io.keepwarm.contact;

import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.internal.CsvCells;
import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

@KeepwarmTest
class ContactExportTest {

    @Autowired
    Api api;

    @Autowired
    Imports imports;

    @Test
    void exportedCellsThatASpreadsheetWouldRunAsAFormulaAreEscaped() throws Exception {
        String email = uniqueEmail("formula");
        api.post("/api/v1/contacts", """
                {"email": "%s", "firstName": "=HYPERLINK(\\"http://evil.example\\",\\"click\\")", "lastName": "+1+2",
                 "title": "@SUM(A1)", "city": "-5", "company": {"name": "\\tTabbed"}, "tags": ["=cmd|' /C calc'!A0"]}"""
                .formatted(email)).andExpect(status().isCreated());

        String csv = api.as(Role.MARKETER, get("/api/v1/exports/contacts"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        List<CSVRecord> records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv)).getRecords();
        CSVRecord row = records.stream().filter(r -> r.get("email").equals(email)).findFirst().orElseThrow();
        assertThat(row.get("first_name")).isEqualTo("'=HYPERLINK(\"http://evil.example\",\"click\")");
        assertThat(row.get("last_name")).isEqualTo("'+1+2");
        assertThat(row.get("title")).isEqualTo("'@SUM(A1)");
        assertThat(row.get("city")).isEqualTo("'-5");
        assertThat(row.get("tags")).isEqualTo("'=cmd|' /c calc'!a0"); // tags are kept in lower case
        for (CSVRecord record : records) {
            for (String cell : record.values()) {
                assertThat(cell).as("no exported cell may start a formula; a phone number carries none")
                        .matches(c -> !c.matches("(?s)^[=+\\-@\\t\\r].*") || c.matches("\\+[0-9 ()./-]+"));
            }
        }
    }

    @Test
    void anExportReadsBackInWithoutChangingAnything() throws Exception {
        String email = uniqueEmail("roundtrip");
        io.keepwarm.support.SalesTeam team = new io.keepwarm.support.SalesTeam(api);
        long rep = team.rep("Rita");
        api.post("/api/v1/contacts", """
                {"email": "%s", "firstName": "Jürgen", "lastName": "Groß", "phone": "+49 30 1234567", "title": "-", "tags": ["a", "b"],
                 "company": {"name": "Acme", "domain": "acme.example"}, "attributes": {"birthday": "1990-01-02"},
                 "owner": "%d"}""".formatted(email, rep)).andExpect(status().isCreated());
        team.away(rep, true); // so other tests' hand-offs pass them by
        String csv = api.as(Role.ADMIN, get("/api/v1/exports/contacts")).andReturn().getResponse().getContentAsString();
        java.nio.file.Path file = java.nio.file.Files.createTempFile("export", ".csv");
        assertThat(csv).as("a byte order mark, so Excel reads the file as UTF-8").startsWith("\uFEFFid,email,");
        CSVRecord row = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv.substring(1))).getRecords().stream()
                .filter(r -> r.get("email").equals(email)).findFirst().orElseThrow();
        assertThat(row.get("owner")).as("the owner's username").startsWith("Rita-");
        assertThat(row.get("owner_name")).isEqualTo("Rita");
        // Only this test's row: the book holds other tests' contacts too.
        // The mark stays in the file, as a spreadsheet saving it again keeps it: the importer drops it.
        java.nio.file.Files.writeString(file, csv.lines().filter(l -> l.startsWith("\uFEFFid,") || l.contains(email))
                .collect(java.util.stream.Collectors.joining("\n")));

        ImportJob job = imports.runNow(file, Imports.Format.CSV, java.util.Map.of(), null);

        assertThat(List.of(job.rowsRead(), job.rejected(), job.created(), job.unchanged())).containsExactly(1L, 0L, 0L, 1L);
        api.get("/api/v1/contacts?q=" + email)
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.items[0].phone")
                        .value("+49 30 1234567"));
    }

    @Test
    void anExportSaysEachContactsStageScoreGradeEmailConsentAndDoNotContactWhichAReimportLeavesAsTheyAreNow()
            throws Exception {
        String email = uniqueEmail("marketer");
        long contact = api.createContact("""
                {"email": "%s", "consents": [{"channel": "EMAIL", "state": "GRANTED", "source": "trade-show form"}]}"""
                .formatted(email));
        api.patch("/api/v1/contacts/" + contact, "{\"doNotContact\": [\"PHONE\"]}").andExpect(status().isOk());
        api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"NURTURE\", \"reasonCode\": \"MANUAL\"}")
                .andExpect(status().isOk());
        score(contact, "{\"score\": 40, \"grade\": \"B\"}");
        String unscored = uniqueEmail("unscored");
        api.createContact("{\"email\": \"%s\"}".formatted(unscored));

        String csv = api.as(Role.MARKETER, get("/api/v1/exports/contacts")).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();

        CSVRecord row = row(csv, email);
        assertThat(List.of(row.get("stage"), row.get("score"), row.get("grade"), row.get("email_consent_state"),
                row.get("do_not_contact"))).as("in the API's words").containsExactly("NURTURE", "40", "B", "GRANTED",
                        "PHONE");
        CSVRecord fresh = row(csv, unscored);
        assertThat(List.of(fresh.get("stage"), fresh.get("score"), fresh.get("grade"),
                fresh.get("email_consent_state"), fresh.get("do_not_contact")))
                .as("a contact never moved, scored or asked").containsExactly("NEW", "0", "", "UNKNOWN", "");

        // After the export the person withdraws, goes quiet and is scored down: the old file read back undoes none of it.
        api.post("/api/v1/contacts/" + contact + "/consents", """
                {"channel": "EMAIL", "state": "WITHDRAWN", "source": "unsubscribe link"}""")
                .andExpect(status().isCreated());
        api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"DORMANT\", \"reasonCode\": \"MANUAL\"}")
                .andExpect(status().isOk());
        score(contact, "{\"score\": 5, \"grade\": \"C\"}");
        int ledger = Api.json(api.get("/api/v1/contacts/" + contact + "/consents")).get("ledger").size();
        java.nio.file.Path file = java.nio.file.Files.createTempFile("export", ".csv");
        java.nio.file.Files.writeString(file, csv.lines().filter(l -> l.startsWith("\uFEFFid,") || l.contains(email))
                .collect(java.util.stream.Collectors.joining("\n")));

        ImportJob job = imports.runNow(file, Imports.Format.CSV, java.util.Map.of(), null);

        assertThat(List.of(job.rowsRead(), job.rejected(), job.unchanged())).containsExactly(1L, 0L, 1L);
        assertThat(job.ignoredColumns()).contains("stage", "score", "grade", "email_consent_state", "do_not_contact");
        assertThat(Api.json(api.get("/api/v1/contacts/" + contact)).at("/consent/EMAIL").asString()).isEqualTo("WITHDRAWN");
        assertThat(Api.json(api.get("/api/v1/contacts/" + contact + "/consents")).get("ledger").size())
                .as("no consent recorded by the import").isEqualTo(ledger);
        assertThat(Api.json(api.get("/api/v1/contacts/" + contact + "/stage")).get("stage").asString()).isEqualTo("DORMANT");
        var score = Api.json(api.get("/api/v1/contacts/" + contact + "/score"));
        assertThat(List.of(score.get("score").asInt(), score.get("grade").asString())).containsExactly(5, "C");
    }

    private void score(long contact, String body) throws Exception {
        api.as(Role.ADMIN, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .put("/api/v1/contacts/" + contact + "/score").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isOk());
    }

    private static CSVRecord row(String csv, String email) throws IOException {
        return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv.substring(1))).getRecords().stream()
                .filter(r -> r.get("email").equals(email)).findFirst().orElseThrow();
    }

    @Test
    void salesCannotExportTheWholeBook() throws Exception {
        api.as(Role.SALES, get("/api/v1/exports/contacts")).andExpect(status().isForbidden());
    }

    @Test
    void safeCellsLeaveOrdinaryTextAlone() {
        assertThat(CsvCells.safe("Ada")).isEqualTo("Ada");
        assertThat(CsvCells.safe("")).isEmpty();
        assertThat(CsvCells.safe(null)).isNull();
        assertThat(CsvCells.safe("\rx")).isEqualTo("'\rx");
    }

    @Test
    void aPhoneNumberIsExportedAsItIsAndAFormulaThatLooksLikeOneIsStillEscaped() throws Exception {
        String email = uniqueEmail("phone");
        api.post("/api/v1/contacts", """
                {"email": "%s", "phone": "+49 89 1234567", "lastName": "+1+2"}""".formatted(email))
                .andExpect(status().isCreated());

        String csv = api.as(Role.MARKETER, get("/api/v1/exports/contacts"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        CSVRecord exported = row(csv, email);
        assertThat(exported.get("phone")).isEqualTo("+49 89 1234567");
        assertThat(exported.get("last_name")).isEqualTo("'+1+2");
        assertThat(CsvCells.safe("+1 (555) 010-0199")).isEqualTo("+1 (555) 010-0199");
        assertThat(CsvCells.safe("+33 1.23.45.67/89")).isEqualTo("+33 1.23.45.67/89");
        assertThat(CsvCells.safe("+49 89 SUM(A1)")).isEqualTo("'+49 89 SUM(A1)");
        assertThat(CsvCells.safe("+ ")).isEqualTo("'+ ");
        assertThat(CsvCells.safe("-5")).isEqualTo("'-5");
        assertThat(CsvCells.safe("=1")).isEqualTo("'=1");
        assertThat(CsvCells.safe("@1")).isEqualTo("'@1");
    }
}
