package io.keepwarm.contact;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A contact's preferred language: an ISO 639-1 code in lower case, or none, from the API and an import alike. */
@KeepwarmTest
class ContactLanguageApiTest {

    @Autowired Api api;
    @Autowired Imports imports;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aLanguageCodeIsStoredInLowerCaseChangedByPatchAndClearedByNull() throws Exception {
        long id = api.createContact("""
                {"email": "%s", "language": "DE"}""".formatted(uniqueEmail("lang")));
        assertThat(json(api.get("/api/v1/contacts/" + id)).get("language").asString()).isEqualTo("de");

        api.patch("/api/v1/contacts/" + id, "{\"language\": \"fr\"}").andExpect(status().isOk());
        assertThat(json(api.get("/api/v1/contacts/" + id)).get("language").asString()).isEqualTo("fr");
        api.patch("/api/v1/contacts/" + id, "{\"language\": null}").andExpect(status().isOk());
        assertThat(json(api.get("/api/v1/contacts/" + id)).get("language").isNull()).isTrue();
    }

    @Test
    void aLanguagesNameOrAThreeLetterCodeIsRefusedNamingTheField() throws Exception {
        api.post("/api/v1/contacts", """
                {"email": "%s", "language": "German"}""".formatted(uniqueEmail("german")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("language"))
                .andExpect(jsonPath("$.errors[0].message").value(
                        "'German' is not an ISO 639-1 language code; give two letters such as en, de or fr"));
        long id = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("deu")));
        api.patch("/api/v1/contacts/" + id, "{\"language\": \"deu\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("language"));
    }

    @Test
    void theAccountsDefaultLanguageIsEnglishUntilSetAndALanguagesNameIsRefused() throws Exception {
        assertThat(json(api.get("/api/v1/account/settings")).get("language").asString()).isEqualTo("en");
        api.as(io.keepwarm.identity.Role.ADMIN, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .put("/api/v1/account/settings").contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .content("{\"language\": \"French\"}")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("language"));
        assertThat(json(api.get("/api/v1/account/settings")).get("language").asString()).isEqualTo("en");
    }

    @Test
    void anImportsLanguageColumnIsReadAndABadValueIsReportedWithItsLine() throws Exception {
        String csv = "Email,First Name,Language\r\n"
                + "ana." + run + "@example.com,Ana,ES\r\n"
                + "bo." + run + "@example.com,Bo,Swedish\r\n";
        Path file = Files.createTempFile("languages", ".csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);

        ImportJob job = imports.runNow(file, Imports.Format.CSV, Map.of(), null);

        assertThat(job.created()).isEqualTo(1);
        assertThat(imports.rejections(job.id(), 10)).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(3);
            assertThat(r.reason()).contains("'Swedish' is not an ISO 639-1 language code");
        });
        long ana = json(api.get("/api/v1/contacts?q=ana." + run)).at("/items/0/id").asLong();
        assertThat(json(api.get("/api/v1/contacts/" + ana)).get("language").asString()).isEqualTo("es");
    }
}
