package io.keepwarm.contact;

import static io.keepwarm.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.identity.Role;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.mock.web.MockPart;
import tools.jackson.databind.JsonNode;

/**
 * The import's mapping step: an upload kept for a person to map, its preview (first rows and the guesses the import
 * would make), and the import started with the mapping they chose; the API takes the same mapping as a part.
 */
@KeepwarmTest
class ImportWizardTest {

    @Autowired Api api;
    @Autowired Imports imports;
    @Autowired JdbcClient jdbc;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void anUploadPreviewShowsTheFirstRowsTheRowCountAndTheGuessesAndImportsNothingYet() throws Exception {
        String csv = "\uFEFFE-Mail;Given;Company;Notes\n"
                + rows(7, "ada.%d." + run + "@example.com;Ada %d;Acme;met at the fair\n")
                + ";;;\n";
        Imports.Upload upload = imports.upload(stream(csv), "fair.csv");
        Imports.Preview preview = imports.preview(upload.id(), 5);
        assertThat(preview.headers()).containsExactly("E-Mail", "Given", "Company", "Notes");
        assertThat(preview.guesses()).containsExactly("email", null, "company.name", null);
        assertThat(preview.rows()).hasSize(5);
        assertThat(preview.rows().getFirst()).containsExactly("ada.0." + run + "@example.com", "Ada 0", "Acme", "met at the fair");
        assertThat(preview.rowCount()).as("blank rows do not count").isEqualTo(7);
        api.get("/api/v1/contacts?q=ada.0." + run).andExpect(jsonPath("$.items.length()").value(0));
    }

    @Test
    void anUploadStartsWithTheChosenMappingAndAMappingThatDoesNotFitLeavesItForAnotherTry() throws Exception {
        String csv = "Electronic mail,Given,Family\nkim." + run + "@example.com,Kim,Park\n";
        Imports.Upload upload = imports.upload(stream(csv), "renamed.csv");
        assertThatThrownBy(() -> imports.startUpload(upload.id(), "renamed.csv", List.of("ignore", "firstName", "ignore"), null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no email column");

        ImportJob job = imports.startUpload(upload.id(), "renamed.csv", List.of("email", "firstName", "lastName"),
                ContactSource.REFERRAL);
        assertThat(job.fileName()).isEqualTo("renamed.csv");
        job = awaitDone(job.id());
        assertThat(job.created()).isEqualTo(1);
        api.get("/api/v1/contacts?q=kim." + run).andExpect(jsonPath("$.items[0].lastName").value("Park"))
                .andExpect(jsonPath("$.items[0].source").value("REFERRAL"));
    }

    @Test
    void anUploadStartedTwiceRunsOneJobAndTheSecondStartNamesIt() throws Exception {
        String csv = "email\nonce." + run + "@example.com\n";
        Imports.Upload upload = imports.upload(stream(csv), "once-" + run + ".csv");
        ImportJob first = imports.startUpload(upload.id(), "once-" + run + ".csv", List.of("email"), null);

        assertThatThrownBy(() -> imports.startUpload(upload.id(), "once-" + run + ".csv", List.of("email"), null))
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.properties()).containsEntry("importId", first.id()));
        assertThat(awaitDone(first.id()).created()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM imports WHERE file_name = ?").param("once-" + run + ".csv")
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void anUnknownOrForgedUploadIdIsNotFound() {
        assertThatThrownBy(() -> imports.preview("../../etc/passwd", 5)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> imports.preview(UUID.randomUUID().toString(), 5)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void theApiTakesTheMappingAsAPartOfTheUpload() throws Exception {
        var file = new MockMultipartFile("file", "renamed.csv", "text/csv",
                ("Electronic mail,Given\nlou." + run + "@example.com,Lou\n").getBytes(StandardCharsets.UTF_8));
        var mapping = new MockPart("mapping", "{\"Electronic mail\": \"email\", \"Given\": \"firstName\"}"
                .getBytes(StandardCharsets.UTF_8));
        mapping.getHeaders().setContentType(org.springframework.http.MediaType.APPLICATION_JSON);
        long id = json(api.as(Role.MARKETER, multipart("/api/v1/imports").file(file).part(mapping))
                .andExpect(status().isAccepted())).get("id").asLong();
        assertThat(awaitDone(id).created()).isEqualTo(1);
        api.get("/api/v1/contacts?q=lou." + run).andExpect(jsonPath("$.items[0].firstName").value("Lou"));
    }

    @Test
    void theApiRefusesAMappingByANameTwoColumnsShareAndSaysSo() throws Exception {
        var file = new MockMultipartFile("file", "twice.csv", "text/csv",
                ("Email,email,Given\ntwo." + run + "@example.com,old." + run + "@example.com,Tia\n")
                        .getBytes(StandardCharsets.UTF_8));
        api.as(Role.MARKETER, multipart("/api/v1/imports").file(file).param("mapping", "{\"email\": \"ignore\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString(
                        "the file has 2 columns of that name (columns 1, 2)")));
        api.get("/api/v1/contacts?q=two." + run).andExpect(jsonPath("$.items.length()").value(0));
    }

    @Test
    void aConsentColumnWithoutASourceColumnIsRefusedAtTheStartAndTheUploadCanBeMappedAgain() throws Exception {
        String csv = "email,first name,email consent\ncon." + run + "@example.com,Con,granted\n";
        Imports.Upload upload = imports.upload(stream(csv), "consent.csv");
        assertThat(imports.preview(upload.id(), 5).guesses()).containsExactly("email", "firstName", "consent.email");
        assertThatThrownBy(() -> imports.startUpload(upload.id(), "consent.csv",
                        List.of("email", "firstName", "consent.email"), null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'email consent' holds consent")
                .hasMessageContaining("no column says where it was given")
                .as("both ways out: a column, or the text for every row")
                .hasMessageContaining("map a column to \"Where consent was given\"")
                .hasMessageContaining("in \"Where consent was given (for every row)\"");
        api.as(Role.MARKETER, multipart("/api/v1/imports").file(new MockMultipartFile("file", "consent.csv", "text/csv",
                        csv.getBytes(StandardCharsets.UTF_8))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("consent.source")))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("the consentSource option")));

        ImportJob job = awaitDone(imports.startUpload(upload.id(), "consent.csv", List.of("email", "firstName", "ignore"),
                null).id());
        assertThat(List.of(job.created(), job.rejected())).containsExactly(1L, 0L);
        api.get("/api/v1/contacts?q=con." + run).andExpect(jsonPath("$.items[0].consent.EMAIL").value("UNKNOWN"));
    }

    @Test
    void whereConsentWasGivenSaidOnceForTheFileIsEachRowsEvidenceUnlessTheRowSaysItself() throws Exception {
        String csv = "Email,Email Opt-in,Consent source\n"
                + "fair." + run + "@example.com,yes,\n"
                + "web." + run + "@example.com,yes,website form\n";
        Imports.Upload upload = imports.upload(stream(csv), "optin.csv");
        assertThat(imports.preview(upload.id(), 5).guesses()).containsExactly("email", "consent.email", "consent.source");

        awaitDone(imports.startUpload(upload.id(), "optin.csv", List.of("email", "consent.email", "consent.source"), null,
                "  Trade show sign-up sheet, Berlin 2026 ").id());

        assertThat(consentSource("fair." + run)).isEqualTo("Trade show sign-up sheet, Berlin 2026");
        assertThat(consentSource("web." + run)).isEqualTo("website form");
    }

    @Test
    void theApiTakesWhereConsentWasGivenAsAnOptionForEveryRow() throws Exception {
        String csv = "email;opted in\napi." + run + "@example.com;Y\n";
        JsonNode started = json(api.as(Role.MARKETER, multipart("/api/v1/imports")
                        .file(new MockMultipartFile("file", "optin.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8)))
                        .param("consentSource", "Webinar sign-up, March 2026"))
                .andExpect(status().isAccepted()));
        awaitDone(started.get("id").asLong());
        assertThat(consentSource("api." + run)).isEqualTo("Webinar sign-up, March 2026");

        api.as(Role.MARKETER, multipart("/api/v1/imports")
                        .file(new MockMultipartFile("file", "optin.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8)))
                        .param("consentSource", "x".repeat(201)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(
                        "The consentSource option is 201 characters long; say it in at most 200")));
    }

    /** Where the contact's email consent was given, as its consent ledger records it. */
    private String consentSource(String query) throws Exception {
        long id = json(api.get("/api/v1/contacts?q=" + query)).at("/items/0/id").asLong();
        JsonNode consents = json(api.get("/api/v1/contacts/" + id + "/consents"));
        assertThat(consents.at("/current/EMAIL/state").asString()).isEqualTo("GRANTED");
        return consents.at("/ledger/0/source").asString();
    }

    @Test
    void aColumnForAnAttributeThatIsNotDefinedIsRefusedAtTheStartAndTheUploadCanBeMappedAgain() throws Exception {
        String key = "renewal_" + run;
        Imports.Upload upload = imports.upload(stream("email,attr:" + key + "\nren." + run + "@example.com,2027-01-01\n"),
                "renewals.csv");
        assertThat(imports.preview(upload.id(), 5).guesses()).containsExactly("email", "attribute:" + key);
        assertThatThrownBy(() -> imports.startUpload(upload.id(), "renewals.csv", List.of("email", "attribute:" + key), null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'attr:" + key + "' (attribute:" + key + ") feeds an attribute that is not defined");

        api.post("/api/v1/attributes", "{\"key\": \"%1$s\", \"label\": \"Renewal %1$s\", \"type\": \"DATE\"}".formatted(key))
                .andExpect(status().isCreated());
        ImportJob job = awaitDone(imports.startUpload(upload.id(), "renewals.csv", List.of("email", "attribute:" + key),
                null).id());
        assertThat(List.of(job.created(), job.rejected())).containsExactly(1L, 0L);
    }

    private ImportJob awaitDone(long id) {
        ImportJob job = imports.get(id);
        for (int i = 0; i < 1_000_000 && job.status() == ImportJob.Status.RUNNING; i++) {
            Thread.onSpinWait(); // the job runs on its own thread; this only waits for it, the clock never moves
            job = imports.get(id);
        }
        assertThat(job.status()).isEqualTo(ImportJob.Status.DONE);
        return job;
    }

    private static String rows(int count, String pattern) {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < count; i++) {
            rows.append(pattern.formatted(i, i));
        }
        return rows.toString();
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
