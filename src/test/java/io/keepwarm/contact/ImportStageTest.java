package io.keepwarm.contact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A stage column (a Mautic export's, say) mapped by hand sets the stages an import may: NEW, NURTURE, DISQUALIFIED,
 * where the lifecycle lets an automatic move go; any other stage, and a move the lifecycle refuses (a lead with sales),
 * is said per row with its line, and the contact is imported all the same.
 */
@KeepwarmTest
class ImportStageTest {

    @Autowired Api api;
    @Autowired Imports imports;
    @Autowired JdbcClient jdbc;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aStageColumnMappedByHandSetsNurtureOrDisqualifiedAndSaysPerLineWhichStagesItDidNotSetAndWhy()
            throws Exception {
        long withSales = api.createContact("{\"email\": \"" + email("sal") + "\"}");
        api.post("/api/v1/contacts/" + withSales + "/stage", "{\"to\": \"MQL\"}").andExpect(status().isOk());
        long dormant = api.createContact("{\"email\": \"" + email("dot") + "\"}");
        api.post("/api/v1/contacts/" + dormant + "/stage", "{\"to\": \"NURTURE\"}").andExpect(status().isOk());
        api.post("/api/v1/contacts/" + dormant + "/stage", "{\"to\": \"DORMANT\"}").andExpect(status().isOk());
        Path file = csv("Email,Lifecycle stage\r\n"
                + email("ann") + ",Nurture\r\n"
                + email("bob") + ", disqualified \r\n"
                + email("cy") + ",MQL\r\n"
                + email("sal") + ",NURTURE\r\n"
                + email("dot") + ",nurture\r\n"
                + email("eve") + ",\r\n");

        ImportJob job = imports.runNow(file, Imports.Format.CSV, Map.of("Lifecycle stage", "stage"), null);

        assertThat(List.of(job.rowsRead(), job.created(), job.rejected(), job.warned()))
                .as("every row imported; two stages not set").containsExactly(6L, 4L, 0L, 2L);
        assertThat(List.of(stage("ann"), stage("bob"), stage("cy"), stage("sal"), stage("dot"), stage("eve")))
                .containsExactly("NURTURE", "DISQUALIFIED", "NEW", "MQL", "NURTURE", "NEW");
        assertThat(imports.warnings(job.id(), null, 10).items()).extracting(Imports.Warning::line,
                w -> w.warning().substring(0, w.warning().indexOf(':'))).containsExactly(
                        tuple(4L, "stage 'MQL' not set"), tuple(5L, "stage NURTURE not set"));
        assertThat(imports.warnings(job.id(), null, 10).items()).extracting(Imports.Warning::warning).satisfiesExactly(
                mql -> assertThat(mql).contains("an import sets only NEW, NURTURE, DISQUALIFIED"),
                sales -> assertThat(sales).contains("it is MQL", "while it is with sales"));
    }

    @Test
    void aStageColumnNobodyMappedIsLeftOutSoAnExportReadBackMovesNobody() throws Exception {
        long dormant = api.createContact("{\"email\": \"" + email("old") + "\"}");
        api.post("/api/v1/contacts/" + dormant + "/stage", "{\"to\": \"NURTURE\"}").andExpect(status().isOk());
        api.post("/api/v1/contacts/" + dormant + "/stage", "{\"to\": \"DORMANT\"}").andExpect(status().isOk());

        ImportJob job = imports.runNow(csv("email,stage\r\n" + email("old") + ",NURTURE\r\n"), Imports.Format.CSV,
                Map.of(), null);

        assertThat(job.ignoredColumns()).containsExactly("stage");
        assertThat(stage("old")).isEqualTo("DORMANT");
    }

    private String email(String name) {
        return name + "." + run + "@example.com";
    }

    private String stage(String name) throws Exception {
        long id = jdbc.sql("SELECT id FROM contacts WHERE email = ?").param(email(name)).query(Long.class).single();
        return Api.json(api.get("/api/v1/contacts/" + id + "/stage")).get("stage").asString();
    }

    private static Path csv(String text) throws Exception {
        Path file = Files.createTempFile("import", ".csv");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
