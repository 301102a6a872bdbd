package io.keepwarm.contact;

import static io.keepwarm.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.identity.Role;
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

/** A company's industry, size and domain as an import file gives them: one value per company, and a word where not. */
@KeepwarmTest
class ImportCompanyDetailsTest {

    @Autowired Api api;
    @Autowired Imports imports;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void theFirstRowOfTheFileThatGivesACompanysIndustrySetsItAndEveryRowSayingOtherwiseIsImportedWithAWarning()
            throws Exception {
        StringBuilder csv = new StringBuilder("email,company,industry,company size\n");
        csv.append("ada0.%s@example.com,Acme %s,HPC,\n".formatted(run, run));
        for (int i = 1; i <= 47; i++) {
            csv.append("ada%d.%s@example.com,Acme %s,%s,%s\n".formatted(i, run, run, i % 2 == 0 ? "Finance" : "hpc",
                    i == 1 ? "50-200" : i == 2 ? "1000+" : ""));
        }
        Path file = Files.createTempFile("acme", ".csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);

        ImportJob job = imports.runNow(file, Imports.Format.CSV, Map.of(), null);

        assertThat(List.of(job.created(), job.rejected())).containsExactly(48L, 0L);
        // every even row after the first said Finance (23 of them); "hpc" is HPC spelled otherwise, no warning
        assertThat(job.warned()).isEqualTo(23);
        List<Imports.Warning> warnings = imports.warnings(job.id(), null, 100).items();
        assertThat(warnings.getFirst()).isEqualTo(new Imports.Warning(4, ("company Acme %s keeps industry HPC from "
                + "line 2; this row said Finance; company Acme %s keeps size 50-200 from line 3; this row said 1000+")
                .formatted(run, run)));
        assertThat(warnings.get(1)).isEqualTo(new Imports.Warning(6,
                "company Acme %s keeps industry HPC from line 2; this row said Finance".formatted(run)));
        for (int i = 0; i < 48; i++) {
            api.get("/api/v1/contacts?q=ada%d.%s".formatted(i, run))
                    .andExpect(jsonPath("$.items[0].company.industry").value("HPC"))
                    .andExpect(jsonPath("$.items[0].company.size").value("50-200"));
        }
        api.as(Role.MARKETER, get("/api/v1/imports/" + job.id())).andExpect(jsonPath("$.warned").value(23));
        var first = Api.json(api.as(Role.MARKETER, get("/api/v1/imports/" + job.id() + "/warnings").param("limit", "2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(2))
                .andExpect(jsonPath("$.items[1].line").value(6))
                .andExpect(jsonPath("$.items[1].warning").value(
                        "company Acme %s keeps industry HPC from line 2; this row said Finance".formatted(run))));
        api.as(Role.MARKETER, get("/api/v1/imports/" + job.id() + "/warnings").param("limit", "2")
                        .param("cursor", first.get("nextCursor").asString()))
                .andExpect(jsonPath("$.items[0].line").value(8))
                .andExpect(jsonPath("$.items.length()").value(2));
        String page = api.mvc().perform(get("/ui/imports/" + job.id())
                        .with(user(api.sessionUser(Role.MARKETER)).roles(Role.MARKETER.name())))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Rows imported with a warning")
                .contains("Line 6: company Acme %s keeps industry HPC from line 2; this row said Finance".formatted(run));

        ImportJob again = imports.runNow(file, Imports.Format.CSV, Map.of(), null);
        assertThat(List.of(again.unchanged(), again.warned())).containsExactly(48L, 23L);
    }

    @Test
    void aFileGivingAStoredCompanyAnotherIndustryUpdatesItAsItUpdatesContactsFields() throws Exception {
        api.createContact("""
                {"email": "old.%s@example.com", "company": {"name": "Globex %s", "industry": "Retail", "size": "10"}}"""
                .formatted(run, run));
        Path file = Files.createTempFile("globex", ".csv");
        Files.writeString(file, "email,company,industry\nnew.%s@example.com,Globex %s,Energy\n".formatted(run, run));

        ImportJob job = imports.runNow(file, Imports.Format.CSV, Map.of(), null);

        assertThat(List.of(job.created(), job.warned())).containsExactly(1L, 0L);
        var company = json(api.get("/api/v1/contacts?q=old." + run)).get("items").get(0).get("company");
        assertThat(company.get("industry").asString()).isEqualTo("Energy");
        assertThat(company.get("size").asString()).isEqualTo("10");
    }
}
