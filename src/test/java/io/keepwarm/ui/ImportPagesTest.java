package io.keepwarm.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.ImportJob;
import io.keepwarm.contact.Imports;
import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;

/** The import wizard's steps as a browser sends them: which file goes to the mapping step, and what it shows. */
@KeepwarmTest
class ImportPagesTest {

    @Autowired Api api;
    @Autowired Imports imports;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aCsvFileGoesToTheMappingStepWithItsFirstRowsAndAVCardFileStraightToItsJob() throws Exception {
        var csv = new MockMultipartFile("file", "fair.csv", "text/csv",
                ("Electronic mail,Company\nmo." + run + "@example.com,Acme\n").getBytes(StandardCharsets.UTF_8));
        String mapping = api.mvc().perform(as(multipart("/ui/imports").file(csv).param("source", "TRADE_SHOW")))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        assertThat(mapping).startsWith("/ui/imports/uploads/").contains("name=fair.csv").contains("source=TRADE_SHOW");

        String page = api.mvc().perform(as(get(mapping))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(page).contains("Map the columns of").contains("mo." + run + "@example.com")
                .contains("data-guess=\"ignore\"").contains("data-guess=\"company.name\"").contains("Import 1 rows");

        var card = new MockMultipartFile("file", "card.vcf", "text/vcard", """
                BEGIN:VCARD
                VERSION:3.0
                FN:Vic Card
                EMAIL:vic.%s@example.com
                END:VCARD
                """.formatted(run).getBytes(StandardCharsets.UTF_8));
        String job = api.mvc().perform(as(multipart("/ui/imports").file(card).param("source", "BUSINESS_CARD")))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        assertThat(job).matches("/ui/imports/\\d+");
    }

    @Test
    void aMappingWithoutAnEmailComesBackWithTheMessageAndTheChoicesKept() throws Exception {
        var csv = new MockMultipartFile("file", "fair.csv", "text/csv",
                ("Electronic mail,Given\nno." + run + "@example.com,Nora\n").getBytes(StandardCharsets.UTF_8));
        String mapping = api.mvc().perform(as(multipart("/ui/imports").file(csv).param("source", "IMPORT")))
                .andReturn().getResponse().getRedirectedUrl();
        String upload = mapping.substring("/ui/imports/uploads/".length(), mapping.indexOf('?'));
        String page = api.mvc().perform(as(post("/ui/imports/uploads/" + upload).param("name", "fair.csv")
                        .param("target", "ignore", "firstName").param("rows", "1")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("id=\"mapping-error\"").contains("no email column")
                .containsPattern("<option value=\"firstName\" selected=\"selected\"");

        String job = api.mvc().perform(as(post("/ui/imports/uploads/" + upload).param("name", "fair.csv")
                        .param("target", "email", "firstName").param("rows", "1")))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        assertThat(job).matches("/ui/imports/\\d+\\?rows=1");

        // sent again (a double click, the back button): the job already started, not a second one
        api.mvc().perform(as(post("/ui/imports/uploads/" + upload).param("name", "fair.csv")
                        .param("target", "email", "firstName").param("rows", "1")))
                .andExpect(status().is3xxRedirection())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl(job));
    }

    @Test
    void twoColumnsOfTheSameNameEachFeedTheFieldChosenForThem() throws Exception {
        var csv = new MockMultipartFile("file", "names.csv", "text/csv",
                ("Name,Email,Name\nAnn Lee,ann." + run + "@example.com,Acme " + run + "\n").getBytes(StandardCharsets.UTF_8));
        String mapping = api.mvc().perform(as(multipart("/ui/imports").file(csv).param("source", "IMPORT")))
                .andReturn().getResponse().getRedirectedUrl();
        String upload = mapping.substring("/ui/imports/uploads/".length(), mapping.indexOf('?'));

        String job = api.mvc().perform(as(post("/ui/imports/uploads/" + upload).param("name", "names.csv")
                        .param("header", "Name", "Email", "Name").param("target", "fullName", "email", "company.name")))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();

        ImportJob done = imports.get(Long.parseLong(job.substring("/ui/imports/".length())));
        for (int i = 0; i < 1_000_000 && done.status() == ImportJob.Status.RUNNING; i++) {
            Thread.onSpinWait(); // the job runs on its own thread; this only waits for it, the clock never moves
            done = imports.get(done.id());
        }
        assertThat(done.created()).isEqualTo(1);
        api.get("/api/v1/contacts?q=ann." + run)
                .andExpect(jsonPath("$.items[0].firstName").value("Ann"))
                .andExpect(jsonPath("$.items[0].lastName").value("Lee"))
                .andExpect(jsonPath("$.items[0].company.name").value("Acme " + run));
    }

    private <T extends AbstractMockHttpServletRequestBuilder<T>> T as(T request) throws Exception {
        return request.with(user(api.sessionUser(Role.MARKETER)).roles(Role.MARKETER.name())).with(csrf());
    }
}
