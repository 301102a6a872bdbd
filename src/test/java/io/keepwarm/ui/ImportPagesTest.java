package io.keepwarm.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.AttributeDefinition;
import io.keepwarm.contact.AttributeType;
import io.keepwarm.contact.Attributes;
import io.keepwarm.contact.ImportJob;
import io.keepwarm.contact.Imports;
import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
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
    @Autowired Attributes attributes;
    @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

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
                .contains("data-guess=\"ignore\"").contains("data-guess=\"company.name\"").contains("Import 1 row<");

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
    void columnsNamedAsDefinedCustomAttributesArePreselectedForThem() throws Exception {
        attributes.define(new AttributeDefinition("plan", "Plan " + run, AttributeType.TEXT, null, false));
        attributes.define(new AttributeDefinition("employees", "Employees " + run, AttributeType.NUMBER, null, false));
        try {
            String mapping = upload("crm.csv", ("email,plan,employees\npl." + run + "@example.com,Gold,120\n")
                    .getBytes(StandardCharsets.UTF_8));
            String page = api.mvc().perform(as(get(mapping))).andExpect(status().isOk()).andReturn().getResponse()
                    .getContentAsString();
            assertThat(page).contains("data-guess=\"attribute:plan\"").contains("data-guess=\"attribute:employees\"")
                    .doesNotContain("data-guess=\"company.size\"");
        } finally {
            attributes.remove("plan");
            attributes.remove("employees");
        }
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

    @Test
    void anImageRenamedCsvIsRefusedAtUploadSayingItIsNotATextFile() throws Exception {
        byte[] png = HexFormat.of().parseHex("89504e470d0a1a0a0000000d4948445200000001000000010806000000");
        String page = api.mvc().perform(as(multipart("/ui/imports")
                        .file(new MockMultipartFile("file", "photo.csv", "text/csv", png)).param("source", "IMPORT")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("This is not a CSV or vCard text file").doesNotContain("Map the columns");
        assertThat(org.jsoup.Jsoup.parse(page).select(".error").text()).as("the sentence alone, without the API's field")
                .startsWith("This is not a CSV or vCard text file");

        api.as(Role.MARKETER, multipart("/api/v1/imports").file(new MockMultipartFile("file", "photo.vcf", "text/vcard", png)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.startsWith(
                        "This is not a CSV or vCard text file")));
    }

    @Test
    void aWindows1252FileShowsItsAccentsOnTheMappingPageSaysHowItIsReadAndImportsThem() throws Exception {
        byte[] excel = ("Email;First name;Last name\njuergen." + run + "@example.com;J\u00fcrgen;M\u00fcller\n")
                .getBytes(Charset.forName("windows-1252"));
        String mapping = upload("excel.csv", excel);
        String page = api.mvc().perform(as(get(mapping))).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("J\u00fcrgen").contains("id=\"encoding-note\"").contains("Windows-1252");

        ImportJob done = awaitDone(api.mvc().perform(as(post(mapping.substring(0, mapping.indexOf('?')))
                        .param("name", "excel.csv").param("target", "email", "firstName", "lastName")))
                .andReturn().getResponse().getRedirectedUrl());
        assertThat(List.of(done.created(), done.rejected())).containsExactly(1L, 0L);
        api.get("/api/v1/contacts?q=juergen." + run).andExpect(jsonPath("$.items[0].lastName").value("M\u00fcller"));
    }

    @Test
    void twoColumnsChosenForOneFieldAreRefusedNamingBothColumnsAndTheFieldAsThePageShowsIt() throws Exception {
        String mapping = upload("two.csv", ("Email,Backup,Given\nann." + run + "@example.com,ann.home." + run
                + "@example.com,Ann\n").getBytes(StandardCharsets.UTF_8));
        String page = api.mvc().perform(as(post(mapping.substring(0, mapping.indexOf('?'))).param("name", "two.csv")
                        .param("target", "email", "email", "firstName")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("id=\"mapping-error\"")
                .contains("The columns &#39;Email&#39; and &#39;Backup&#39; are both mapped to &quot;Email&quot;");
        api.get("/api/v1/contacts?q=ann." + run).andExpect(jsonPath("$.items.length()").value(0));
    }

    @Test
    void aFileWithOnlyAHeaderSaysItHasNoRowsAndOffersNoImport() throws Exception {
        String mapping = upload("empty.csv", "Email,Given\n".getBytes(StandardCharsets.UTF_8));
        String page = api.mvc().perform(as(get(mapping))).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("The file has no rows under its header line").doesNotContain("Import 0");
    }

    @Test
    void theMappingPageCountsAnUnreadableRowAsTheResultWillCountIt() throws Exception {
        String mapping = upload("quote.csv", ("Email,Company\nq1." + run + "@example.com,\"Beta\nq2." + run
                + "@example.com,Gamma\n").getBytes(StandardCharsets.UTF_8));
        String page = api.mvc().perform(as(get(mapping))).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Import 1 row<").contains("name=\"rows\" value=\"2\"");
        org.jsoup.nodes.Document mappingPage = org.jsoup.Jsoup.parse(page);
        assertThat(mappingPage.getElementById("row-count").parent().text())
                .startsWith("1 row to import, and 1 that cannot be read. Say what each column holds");
        assertThat(mappingPage.getElementById("file-problem").text()).endsWith("the finished import lists every row it"
                + " left out, with its line and why, so it counts 2 rows read: 1 to import and 1 that cannot be read.");

        String jobUrl = api.mvc().perform(as(post(mapping.substring(0, mapping.indexOf('?')))
                        .param("name", "quote.csv").param("target", "email", "company.name").param("rows", "2")))
                .andReturn().getResponse().getRedirectedUrl();
        ImportJob done = awaitDone(jobUrl);
        assertThat(done.rowsRead()).isEqualTo(2);
        // What the last swap of the polled job brings (and no swap while it runs) is said once by the status region.
        org.jsoup.nodes.Document finished = org.jsoup.Jsoup.parse(api.mvc().perform(as(get(jobUrl))).andReturn()
                .getResponse().getContentAsString());
        assertThat(finished.select("#job [data-said]").text()).isEqualTo("Import finished: 2 rows read, 1 rejected.");
    }

    @Test
    void theSourceChoicesReadAsWords() throws Exception {
        String page = api.mvc().perform(as(get("/ui/imports"))).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("<option value=\"TRADE_SHOW\">Trade show</option>")
                .contains("<option value=\"API\">API</option>").doesNotContain(">TRADE_SHOW<");
    }

    @Test
    void anEarlierImportIsListedUnderTheUploadFormWithItsCountsAndALinkToItsReport() throws Exception {
        String name = "earlier-" + run + ".csv";
        String mapping = upload(name, ("Email\nok." + run + "@example.com\nnot-an-address\n")
                .getBytes(StandardCharsets.UTF_8));
        String job = api.mvc().perform(as(post(mapping.substring(0, mapping.indexOf('?'))).param("name", name)
                        .param("target", "email")))
                .andReturn().getResponse().getRedirectedUrl();
        awaitDone(job);

        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(api.mvc().perform(as(get("/ui/imports")))
                .andReturn().getResponse().getContentAsString());
        org.jsoup.nodes.Element row = page.select("#earlier-imports tbody tr").stream()
                .filter(r -> r.text().contains(name)).findFirst().orElseThrow();
        assertThat(row.selectFirst("a").attr("href")).isEqualTo(job);
        assertThat(row.select("td").eachText()).containsSubsequence(name, "Test MARKETER").contains("1");
        // newest first: the import just made heads the list, on the page and in the API
        assertThat(page.selectFirst("#earlier-imports tbody tr")).isEqualTo(row);
        api.get("/api/v1/imports?limit=1").andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].fileName").value(name))
                .andExpect(jsonPath("$.items[0].rejected").value(1));
    }

    @Test
    void theJobPageCountsARowRepeatedInTheFileApartAndNamesTheLineItWasMergedInto() throws Exception {
        String mapping = upload("twice.csv", ("Email,Last name\nrep." + run + "@example.com,Lee\nrep." + run
                + "@example.com,Smith\n").getBytes(StandardCharsets.UTF_8));
        String job = api.mvc().perform(as(post(mapping.substring(0, mapping.indexOf('?'))).param("name", "twice.csv")
                        .param("target", "email", "lastName")))
                .andReturn().getResponse().getRedirectedUrl();
        awaitDone(job);
        String page = api.mvc().perform(as(get(job))).andReturn().getResponse().getContentAsString();
        org.jsoup.nodes.Document report = org.jsoup.Jsoup.parse(page);
        assertThat(List.of("created", "updated", "unchanged", "repeated").stream().map(id -> report.getElementById(id).text()))
                .as("one contact, new: nothing that existed was updated").containsExactly("1", "0", "0", "1");
        assertThat(report.select("#repeats li").eachText()).containsExactly("Line 3: repeated in the file, merged into line 2");
    }

    @Test
    void aJobCountedBeforeRepeatsWereCountedApartSaysItsRepeatsAreAlsoInUpdatedWhereANewJobSaysNothing()
            throws Exception {
        // As an older Keepwarm left it: 5 rows, the 2 repeats counted as repeated and again as updated.
        String name = "counted-twice-" + run + ".csv";
        jdbc.sql("""
                INSERT INTO imports (file_name, format, status, rows_read, created, updated, unchanged, rejected,
                    repeated, created_by, created_at, finished_at)
                VALUES (?, 'CSV', 'DONE', 5, 3, 2, 0, 0, 2, 'admin', ?, ?)""")
                .params(name, java.time.OffsetDateTime.parse("2026-12-04T09:00:00Z"),
                        java.time.OffsetDateTime.parse("2026-12-04T09:01:00Z"))
                .update();
        long old = jdbc.sql("SELECT id FROM imports WHERE file_name = ?").param(name).query(Long.class).single();

        org.jsoup.nodes.Document report = org.jsoup.Jsoup.parse(api.mvc().perform(as(get("/ui/imports/" + old)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(report.select("#counted-before").text())
                .contains("Counted before 5 December 2026", "2 rows repeated in the file are also included in Updated");
        org.jsoup.nodes.Document list = org.jsoup.Jsoup.parse(api.mvc().perform(as(get("/ui/imports")))
                .andReturn().getResponse().getContentAsString());
        assertThat(list.select("#earlier-imports tbody tr").stream().filter(r -> r.text().contains(name)).findFirst()
                .orElseThrow().select(".counted-before").text()).contains("also in Updated");

        String mapping = upload("twice-now.csv", ("Email\nnow." + run + "@example.com\nnow." + run + "@example.com\n")
                .getBytes(StandardCharsets.UTF_8));
        String job = api.mvc().perform(as(post(mapping.substring(0, mapping.indexOf('?'))).param("name", "twice-now.csv")
                        .param("target", "email")))
                .andReturn().getResponse().getRedirectedUrl();
        awaitDone(job);
        assertThat(org.jsoup.Jsoup.parse(api.mvc().perform(as(get(job))).andReturn().getResponse().getContentAsString())
                .select("#counted-before")).as("counted apart already").isEmpty();
    }

    @Test
    void aListCutShortSaysHowManyMoreAndLinksToThemAllTheRejectedRowsToTheirDownload() throws Exception {
        // 1 row setting Acme's industry, 52 saying otherwise (warned; each US contact without a state also noted),
        // 51 repeating the first row's email, and 52 without an email (rejected): 50 of each are listed
        StringBuilder csv = new StringBuilder("email,company,industry,country\n");
        csv.append("first.%1$s@example.com,Acme %1$s,HPC,US\n".formatted(run));
        for (int i = 0; i < 52; i++) {
            csv.append("other%2$d.%1$s@example.com,Acme %1$s,Finance,US\n".formatted(run, i));
        }
        csv.append("first.%1$s@example.com,Acme %1$s,HPC,US\n".formatted(run).repeat(51));
        csv.append(",Acme %1$s,HPC,US\n".formatted(run).repeat(52));
        java.nio.file.Path file = java.nio.file.Files.createTempFile("long", ".csv");
        java.nio.file.Files.writeString(file, csv);
        ImportJob job = imports.runNow(file, Imports.Format.CSV, java.util.Map.of(), null);
        assertThat(List.of(job.warned(), job.noted(), job.repeated(), job.rejected())).containsExactly(52L, 53L, 51L, 52L);

        org.jsoup.nodes.Document page = jobPage("/ui/imports/" + job.id());

        assertThat(page.select("#warnings li")).hasSize(50);
        assertThat(more(page, "#warnings")).isEqualTo("and 2 more");
        assertThat(more(page, "#notes")).isEqualTo("and 3 more");
        assertThat(more(page, "#repeats")).isEqualTo("and 1 more");
        org.jsoup.nodes.Element rejectedMore = page.select("p:contains(more, in the download) a").first();
        assertThat(rejectedMore.text()).isEqualTo("2 more");
        String download = api.mvc().perform(as(get(rejectedMore.attr("href")))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(download.lines().skip(1)).as("every rejected row, after the header").hasSize(52);

        org.jsoup.nodes.Document warnings = jobPage(page.select("#warnings p a").attr("href"));
        assertThat(warnings.select("#warnings li")).as("every warning").hasSize(52);
        assertThat(warnings.select("#warnings p a")).as("none more").isEmpty();
        assertThat(warnings.select("#notes li")).as("the other lists as they were").hasSize(50);
        assertThat(jobPage(page.select("#notes p a").attr("href")).select("#notes li")).hasSize(53);
        assertThat(jobPage(page.select("#repeats p a").attr("href")).select("#repeats li")).hasSize(51);
    }

    private org.jsoup.nodes.Document jobPage(String href) throws Exception {
        return org.jsoup.Jsoup.parse(api.mvc().perform(as(get(href))).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString());
    }

    /** A list's "and 12 more", once the link it is shown as leads to the list in full on the job page. */
    private String more(org.jsoup.nodes.Document page, String list) {
        org.jsoup.nodes.Element link = page.select(list + " p a").first();
        assertThat(link).as(list + " says how many more as a link").isNotNull();
        assertThat(link.attr("href")).endsWith(list);
        return link.parent().text();
    }

    @Test
    void aRowLeftOutForAnUnclosedQuoteShowsItsAddressOrElseHowTheRowStartsOnTheJobPage() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("broken", ".csv");
        java.nio.file.Files.writeString(file, "Email,Company\nok." + run + "@example.com,Acme\npat." + run
                + "@broken.example,\"Beta Ltd\nno address " + run + ",\"Gamma\n");
        ImportJob job = imports.runNow(file, Imports.Format.CSV, java.util.Map.of(), null);

        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(api.mvc().perform(as(get("/ui/imports/" + job.id())))
                .andReturn().getResponse().getContentAsString());

        assertThat(page.select("#rejections tbody td:nth-child(2)").eachText()).containsExactly(
                "pat." + run + "@broken.example", "row starts: no address " + run + ",\"Gamma");
    }

    @Test
    void aVCardImportsRejectedCardsDownloadFromItsJobPage() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("cards", ".vcf");
        java.nio.file.Files.writeString(file, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:No Email Person\r\nEND:VCARD\r\n");
        ImportJob job = imports.runNow(file, Imports.Format.VCARD, java.util.Map.of(), null);

        String report = api.mvc().perform(as(get("/ui/imports/" + job.id() + "/rejections"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);

        assertThat(report).isEqualTo("\uFEFFline,reason,email\r\n1,card has no email address (name: No Email Person),\r\n");
    }

    @Test
    void aRejectedRowsReasonNamesTheAttributeByItsLabelNotItsApiField() throws Exception {
        String born = "born_" + run;
        attributes.define(new AttributeDefinition(born, "Date of birth", AttributeType.DATE, null, false));
        try {
            String mapping = upload("born.csv", ("Email,Born\nborn." + run + "@example.com,03/12/1990\n")
                    .getBytes(StandardCharsets.UTF_8));
            String job = api.mvc().perform(as(post(mapping.substring(0, mapping.indexOf('?'))).param("name", "born.csv")
                            .param("target", "email", "attribute:" + born)))
                    .andReturn().getResponse().getRedirectedUrl();
            awaitDone(job);
            org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(api.mvc().perform(as(get(job))).andReturn()
                    .getResponse().getContentAsString());
            assertThat(page.select("#rejections tbody td:nth-child(3)").eachText())
                    .containsExactly("Date of birth '03/12/1990' is not a date as yyyy-mm-dd");
            String download = page.select("a:contains(Download all rejected rows)").attr("href");
            String report = api.mvc().perform(as(get(download))).andExpect(status().isOk()).andReturn().getResponse()
                    .getContentAsString(StandardCharsets.UTF_8);
            assertThat(report).as("the download says the reason as the page does")
                    .contains("2,Date of birth '03/12/1990' is not a date as yyyy-mm-dd,born." + run + "@example.com,03/12/1990")
                    .doesNotContain("attributes." + born);
        } finally {
            attributes.remove(born);
        }
    }

    @Test
    void aRowWithConsentButNoSourceNamesTheColumnOfTheSourceNotTheApisField() throws Exception {
        String mapping = upload("consent.csv", ("Email,Email consent,Source\nyes." + run + "@example.com,yes,\n")
                .getBytes(StandardCharsets.UTF_8));
        String job = api.mvc().perform(as(post(mapping.substring(0, mapping.indexOf('?'))).param("name", "consent.csv")
                        .param("target", "email", "consent.email", "consent.source")))
                .andReturn().getResponse().getRedirectedUrl();
        awaitDone(job);
        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(api.mvc().perform(as(get(job))).andReturn()
                .getResponse().getContentAsString());
        assertThat(page.select("#rejections tbody td:nth-child(3)").eachText()).singleElement()
                .satisfies(reason -> assertThat(reason).startsWith("Where consent was given is required")
                        .doesNotContain("consents.source"));
    }

    @Test
    void anEmailOptInColumnIsGuessedAsConsentAndWhereItWasGivenIsSaidOnceForTheWholeFile() throws Exception {
        String mapping = upload("fair.csv", ("First name;Last name;Email;Email Opt-in\nJon;Berg;jon." + run
                + "@example.com;Yes\n").getBytes(StandardCharsets.UTF_8));
        org.jsoup.nodes.Document page = jobPage(mapping);
        assertThat(page.select("select[name=target]").eachAttr("data-guess"))
                .containsExactly("firstName", "lastName", "email", "consent.email");
        assertThat(page.select("label[for=consent-source]").text()).isEqualTo("Where consent was given (for every row)");

        String form = mapping.substring(0, mapping.indexOf('?'));
        String refused = api.mvc().perform(as(post(form).param("name", "fair.csv")
                        .param("target", "firstName", "lastName", "email", "consent.email")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(org.jsoup.Jsoup.parse(refused).select("#mapping-error").text())
                .contains("The column 'Email Opt-in' holds consent")
                .contains("map a column to \"Where consent was given\"")
                .contains("write where it was given for the whole file in \"Where consent was given (for every row)\"");

        String job = api.mvc().perform(as(post(form).param("name", "fair.csv")
                        .param("target", "firstName", "lastName", "email", "consent.email")
                        .param("consentSource", "Trade show sign-up sheet, Berlin 2026")))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        assertThat(awaitDone(job).created()).isEqualTo(1);
        long id = io.keepwarm.support.Api.json(api.get("/api/v1/contacts?q=jon." + run)).at("/items/0/id").asLong();
        api.get("/api/v1/contacts/" + id + "/consents")
                .andExpect(jsonPath("$.current.EMAIL.state").value("GRANTED"))
                .andExpect(jsonPath("$.ledger[0].source").value("Trade show sign-up sheet, Berlin 2026"));
    }

    @Test
    void whereConsentWasGivenWithoutAConsentColumnWarnsThatNoConsentIsImportedAndImportsOnlyWhenPressedAgain()
            throws Exception {
        String mapping = upload("again.csv", ("Email,Agreed to emails,Consent source\nkim." + run
                + "@example.com,yes,Fair 2026\n").getBytes(StandardCharsets.UTF_8));
        org.jsoup.nodes.Document page = jobPage(mapping);
        assertThat(page.select("select[name=target]").eachAttr("data-guess"))
                .containsExactly("email", "ignore", "consent.source");
        assertThat(page.select("#consent-warning").text())
                .contains("no column is mapped to Email, Phone or SMS consent, so nothing about consent will be imported");

        String form = mapping.substring(0, mapping.indexOf('?'));
        String warned = api.mvc().perform(as(post(form).param("name", "again.csv")
                        .param("target", "email", "ignore", "ignore").param("consentSource", "Fair 2026")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        org.jsoup.nodes.Document warnedPage = org.jsoup.Jsoup.parse(warned);
        assertThat(warnedPage.select("#consent-warning").text()).contains("nothing about consent will be imported");
        assertThat(warnedPage.select("#consent-source").val()).isEqualTo("Fair 2026");
        api.get("/api/v1/contacts?q=kim." + run).andExpect(jsonPath("$.items.length()").value(0));

        String job = api.mvc().perform(as(post(form).param("name", "again.csv")
                        .param("target", "email", "ignore", "ignore").param("consentSource", "Fair 2026")
                        .param("withoutConsent", "true")))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        assertThat(awaitDone(job).created()).isEqualTo(1);
        api.get("/api/v1/contacts?q=kim." + run).andExpect(jsonPath("$.items[0].consent.EMAIL").value("UNKNOWN"));
    }

    @Test
    void aRejectedRowOfASemicolonFileIsShownAndGivenBackWithSemicolonsAndItsFixReadsBackWithTheSameMapping()
            throws Exception {
        String mapping = upload("nordic.csv", ("First name;Last name;Email;Company\nAnn;Dahl;ann." + run
                + "@example.com;Fjord Frost AS\nJon;Berg;;Fjord Frost AS, Oslo\n").getBytes(StandardCharsets.UTF_8));
        String job = api.mvc().perform(as(post(mapping.substring(0, mapping.indexOf('?'))).param("name", "nordic.csv")
                        .param("target", "firstName", "lastName", "email", "company.name")))
                .andReturn().getResponse().getRedirectedUrl();
        assertThat(awaitDone(job).rejected()).isEqualTo(1);

        org.jsoup.nodes.Document page = jobPage(job);
        assertThat(page.select("#rejections tbody td:nth-child(2)").eachText())
                .containsExactly("row starts: Jon;Berg;;Fjord Frost AS, Oslo");
        String report = api.mvc().perform(as(get(page.select("a:contains(Download all rejected rows)").attr("href"))))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(report.lines().toList()).hasSize(2).first()
                .isEqualTo("\uFEFFline;reason;First name;Last name;Email;Company");
        assertThat(report.lines().skip(1).findFirst().orElseThrow()).startsWith("3;").endsWith(";Jon;Berg;;Fjord Frost AS, Oslo");

        String fixed = report.replace(";Jon;Berg;;", ";Jon;Berg;jon." + run + "@example.com;");
        String again = upload("nordic-rejected.csv", fixed.getBytes(StandardCharsets.UTF_8));
        assertThat(jobPage(again).select("select[name=target]").eachAttr("data-guess"))
                .as("the line and reason left out, the file's columns guessed as before")
                .containsExactly("ignore", "ignore", "firstName", "lastName", "email", "company.name");
        String rerun = api.mvc().perform(as(post(again.substring(0, again.indexOf('?'))).param("name", "nordic-rejected.csv")
                        .param("target", "ignore", "ignore", "firstName", "lastName", "email", "company.name")))
                .andReturn().getResponse().getRedirectedUrl();
        ImportJob done = awaitDone(rerun);
        assertThat(List.of(done.created(), done.rejected())).containsExactly(1L, 0L);
        api.get("/api/v1/contacts?q=jon." + run).andExpect(jsonPath("$.items[0].company.name").value("Fjord Frost AS, Oslo"));
    }

    @Test
    void anExcelWorkbookIsRefusedInASentenceSayingHowToSaveItAsCsv() throws Exception {
        // a workbook is a zip archive: its first bytes as Excel writes them
        byte[] xlsx = HexFormat.of().parseHex("504b0304140006000800000021006d2f87f06e010000a0050000130008025b436f6e74656e745f54797065735d2e786d6c20a2040228a000020000000000000000");
        String page = api.mvc().perform(as(multipart("/ui/imports")
                        .file(new MockMultipartFile("file", "leads.xlsx", "application/vnd.ms-excel", xlsx))
                        .param("source", "IMPORT")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        String error = org.jsoup.Jsoup.parse(page).select(".error").text();
        assertThat(error).startsWith("This is an Excel workbook, not a CSV file.").contains("\"CSV UTF-8")
                .doesNotContain("file:");
    }


    private String upload(String name, byte[] content) throws Exception {
        return api.mvc().perform(as(multipart("/ui/imports").file(new MockMultipartFile("file", name, "text/csv", content))
                        .param("source", "IMPORT")))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
    }

    private ImportJob awaitDone(String jobUrl) {
        ImportJob done = imports.get(Long.parseLong(jobUrl.replaceAll("^/ui/imports/(\\d+).*$", "$1")));
        for (int i = 0; i < 1_000_000 && done.status() == ImportJob.Status.RUNNING; i++) {
            Thread.onSpinWait(); // the job runs on its own thread; this only waits for it, the clock never moves
            done = imports.get(done.id());
        }
        assertThat(done.status()).isEqualTo(ImportJob.Status.DONE);
        return done;
    }

    private <T extends AbstractMockHttpServletRequestBuilder<T>> T as(T request) throws Exception {
        return request.with(user(api.sessionUser(Role.MARKETER)).roles(Role.MARKETER.name())).with(csrf());
    }
}
