package io.keepwarm.contact;

import static io.keepwarm.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.importing.CsvRows;
import io.keepwarm.contact.importing.ParsedRow;
import io.keepwarm.contact.importing.RowSource;
import io.keepwarm.contact.internal.ContactProperties;
import io.keepwarm.contact.internal.ImportRunner;
import io.keepwarm.identity.Role;
import io.keepwarm.platform.Timestamps;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import io.keepwarm.support.TestClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.mock.web.MockMultipartFile;
import tools.jackson.databind.JsonNode;

@KeepwarmTest
class ImportTest {

    @Autowired
    Api api;

    @Autowired
    Imports imports;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TestClock clock;

    @Autowired
    ImportRunner runner;

    @Autowired
    ContactProperties properties;

    @Test
    void importsGoodRowsReportsBadOnesWithTheirLineAndChangesNothingTheSecondTime() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String csv = "\uFEFFEmail;First Name;Last Name;Company;Time Zone;Birthday;Tags;Shoe Size\r\n"
                + "ann." + run + "@example.com;Ann;Ames;\"Acme; Inc\";Europe/Berlin;1980-02-03;hpc|expo;38\r\n"
                + "not-an-email;Bob;Bad;;;;;\r\n"
                + "cy." + run + "@example.com;Cy;\"Multi\nLine\";;Moon/Base;;;\r\n"
                + "dee." + run + "@example.com;Dee;Doe;;;;;\r\n";
        Path file = Files.createTempFile("import", ".csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        long existing = api.createContact("{\"email\": \"dee.%s@example.com\", \"firstName\": \"Dee\", \"lastName\": \"Old\"}".formatted(run));

        ImportJob first = imports.runNow(file, Imports.Format.CSV, Map.of(), null);
        assertThat(first.status()).isEqualTo(ImportJob.Status.DONE);
        assertThat(first.ignoredColumns()).containsExactly("Shoe Size");
        assertThat(List.of(first.rowsRead(), first.created(), first.updated(), first.unchanged(), first.rejected()))
                .containsExactly(4L, 1L, 1L, 0L, 2L);

        String report = api.as(Role.MARKETER, get("/api/v1/imports/" + first.id() + "/rejections"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        // a header and two rows, one of which gives back its value on two lines ("Multi\nLine"), in the file's semicolons
        assertThat(CSVParser.parse(report, CSVFormat.DEFAULT.builder().setDelimiter(';').get()).getRecords()).hasSize(3);
        assertThat(report).contains("3;").contains("not-an-email").contains("4;").contains("Moon/Base");

        JsonNode ann = json(api.get("/api/v1/contacts?q=ann." + run)).get("items").get(0);
        assertThat(ann.get("company").get("name").asString()).isEqualTo("Acme; Inc");
        assertThat(ann.get("timeZone").asString()).isEqualTo("Europe/Berlin");
        assertThat(ann.get("source").asString()).isEqualTo("IMPORT");
        assertThat(ann.at("/attributes/birthday").asString()).isEqualTo("1980-02-03");
        assertThat(ann.get("tags").valueStream().map(JsonNode::asString)).containsExactlyInAnyOrder("hpc", "expo");
        assertThat(ann.at("/consent/EMAIL").asString()).isEqualTo("UNKNOWN");
        api.get("/api/v1/contacts/" + existing).andExpect(jsonPath("$.lastName").value("Doe"));
        String updatedAt = json(api.get("/api/v1/contacts/" + existing)).get("updatedAt").asString();

        ImportJob second = imports.runNow(file, Imports.Format.CSV, Map.of(), null);
        assertThat(List.of(second.rowsRead(), second.created(), second.updated(), second.unchanged(), second.rejected()))
                .containsExactly(4L, 0L, 0L, 2L, 2L);
        api.get("/api/v1/contacts/" + existing).andExpect(jsonPath("$.updatedAt").value(updatedAt));
    }

    @Test
    void aRowWithAStrayQuoteIsRejectedAtItsLineAndTheRowsAfterItAreImported() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String csv = "email,company\n"
                + "a1." + run + "@example.com,Acme\n"
                + "broken." + run + "@example.com,\"Beta Ltd\n"
                + "a2." + run + "@example.com,Gamma\n"
                + "a3." + run + "@example.com,Delta\n";
        Path file = Files.createTempFile("import", ".csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);

        ImportJob job = imports.runNow(file, Imports.Format.CSV, Map.of(), null);

        assertThat(List.of(job.rowsRead(), job.created(), job.rejected())).containsExactly(4L, 3L, 1L);
        String report = api.as(Role.MARKETER, get("/api/v1/imports/" + job.id() + "/rejections"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(report).contains("3,\"has a quote that is never closed, so it is left out");
        assertThat(imports.rejections(job.id(), 10)).as("the job page names whose row it was")
                .extracting(Imports.Rejection::email).containsExactly("broken." + run + "@example.com");
        assertThat(report.lines()).as("the broken row as the file had it, to fix it in a spreadsheet")
                .anySatisfy(line -> assertThat(line).startsWith("3,")
                        .endsWith(",broken." + run + "@example.com,\"\"\"Beta Ltd\""));
        assertThat(json(api.get("/api/v1/contacts?q=a3." + run)).get("items").get(0).at("/company/name").asString())
                .isEqualTo("Delta");
    }

    @Test
    void theRejectedRowsDownloadGivesBackEachRowUnderTheFilesHeaderSoItCanBeFixedAndImportedAgain() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path file = Files.createTempFile("import", ".csv");
        Files.writeString(file, "Email;First Name;Time Zone;Notes\n"
                + "ok." + run + "@example.com;Ola;;\n"
                + "jo(at)" + run + ".example.com;Jo;;\"met at the fair; \"\"keen\"\"\"\n"
                + "tim." + run + "@example.com;Tim;Moon/Base;=1+1\n"
                + "short." + run + "@example.com;Sam\n");

        ImportJob job = imports.runNow(file, Imports.Format.CSV, Map.of(), null);
        assertThat(List.of(job.created(), job.rejected())).containsExactly(1L, 3L);

        String report = api.as(Role.MARKETER, get("/api/v1/imports/" + job.id() + "/rejections"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(report).as("a byte order mark, so Excel reads the report as UTF-8, and the file's own semicolons")
                .startsWith("\uFEFFline;reason;");
        List<CSVRecord> records = CSVParser.parse(report.substring(1), CSVFormat.DEFAULT.builder().setDelimiter(';').get())
                .getRecords();
        assertThat(records.getFirst().toList()).containsExactly("line", "reason", "Email", "First Name", "Time Zone", "Notes");
        assertThat(records.get(1).toList()).startsWith("3").endsWith("jo(at)" + run + ".example.com", "Jo", "",
                "met at the fair; \"keen\"");
        assertThat(records.get(2).toList()).startsWith("4").endsWith("tim." + run + "@example.com", "Tim", "Moon/Base",
                "'=1+1"); // as our exports write a formula, so a spreadsheet shows it and the import reads it back
        assertThat(records.get(3).toList()).as("a row short of cells gives back the cells it has")
                .containsExactly("5", records.get(3).get(1), "short." + run + "@example.com", "Sam");

        // fixed in a spreadsheet and imported again: the line and reason columns are left out
        Path fixed = Files.createTempFile("fixed", ".csv");
        Files.writeString(fixed, report.replace("jo(at)" + run + ".example.com", "jo." + run + "@example.com")
                .replace("Moon/Base", "Europe/Berlin").replace("@example.com;Sam", "@example.com;Sam;;"));
        ImportJob again = imports.runNow(fixed, Imports.Format.CSV, Map.of(), null);
        assertThat(List.of(again.created(), again.rejected())).containsExactly(3L, 0L);
        assertThat(again.ignoredColumns()).containsExactly("line", "reason", "Notes");
        api.get("/api/v1/contacts?q=tim." + run).andExpect(jsonPath("$.items[0].timeZone").value("Europe/Berlin"));
    }

    @Test
    void aVCardImportsRejectedCardsDownloadAsCsvWithTheirLineReasonAndAddressAndAnImportThatRejectedNoneAsItsHeader()
            throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path file = Files.createTempFile("import", ".vcf");
        Files.writeString(file, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kept Person\r\nEMAIL:kept." + run
                + "@example.com\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:No Email Person\r\nEND:VCARD\r\n");

        ImportJob job = imports.runNow(file, Imports.Format.VCARD, Map.of(), null);
        assertThat(List.of(job.created(), job.rejected())).containsExactly(1L, 1L);

        String report = api.as(Role.MARKETER, get("/api/v1/imports/" + job.id() + "/rejections"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        List<CSVRecord> records = CSVParser.parse(report.substring(1), CSVFormat.DEFAULT).getRecords();
        assertThat(records).extracting(CSVRecord::toList).containsExactly(List.of("line", "reason", "email"),
                List.of("6", "card has no email address (name: No Email Person)", ""));

        Path clean = Files.createTempFile("import", ".vcf");
        Files.writeString(clean, "BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:clean." + run + "@example.com\r\nEND:VCARD\r\n");
        ImportJob none = imports.runNow(clean, Imports.Format.VCARD, Map.of(), null);
        assertThat(api.as(Role.MARKETER, get("/api/v1/imports/" + none.id() + "/rejections"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString())
                .isEqualTo("\uFEFFline,reason,email\r\n");
    }

    @Test
    void aCardsCountryInItsOwnLanguageGivesTheContactItsCountryAndClockAndOneNoOneKnowsRejectsTheCardAsACsvRow()
            throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path file = Files.createTempFile("import", ".vcf");
        Files.writeString(file, "BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:koeln." + run + "@example.com\r\n"
                + "ADR:;;Street;K\u00f6ln;;50667;Deutschland\r\nEND:VCARD\r\n"
                + "BEGIN:VCARD\r\nVERSION:3.0\r\nEMAIL:lost." + run + "@example.com\r\n"
                + "ADR:;;Street;Poseidonis;;1;Atlantis\r\nEND:VCARD\r\n");

        ImportJob job = imports.runNow(file, Imports.Format.VCARD, Map.of(), null);

        // Not imported without its country (on the account's clock, outside its country's opt-out): rejected at its
        // line, with the reason a CSV row gets, to fix in the address book and import again.
        assertThat(List.of(job.created(), job.rejected(), job.warned())).containsExactly(1L, 1L, 0L);
        api.get("/api/v1/contacts?q=koeln." + run).andExpect(jsonPath("$.items[0].country").value("DE"))
                .andExpect(jsonPath("$.items[0].timeZone").value("Europe/Berlin"));
        api.get("/api/v1/contacts?q=lost." + run).andExpect(jsonPath("$.items.length()").value(0));
        String said = "country 'Atlantis' is not a country we know; give its ISO code (DE) or its English name (Germany)";
        assertThat(api.get("/api/v1/imports/" + job.id() + "/rejections").andReturn().getResponse()
                .getContentAsString()).contains("6," + said + ",lost." + run + "@example.com");

        Path csv = Files.createTempFile("import", ".csv");
        Files.writeString(csv, "email,city,country\nkoeln2." + run + "@example.com,K\u00f6ln,Deutschland\n"
                + "lost2." + run + "@example.com,Poseidonis,Atlantis\n");
        ImportJob fromCsv = imports.runNow(csv, Imports.Format.CSV, Map.of(), null);
        assertThat(List.of(fromCsv.created(), fromCsv.rejected())).as("the CSV reads both alike").containsExactly(1L, 1L);
        api.get("/api/v1/contacts?q=koeln2." + run).andExpect(jsonPath("$.items[0].country").value("DE"));
        assertThat(api.get("/api/v1/imports/" + fromCsv.id() + "/rejections").andReturn().getResponse()
                .getContentAsString()).contains("3," + said + ",lost2." + run);
    }

    @Test
    void aRejectedRowOfAnErasedAddressIsNotGivenBack() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String email = "erased." + run + "@example.com";
        long id = api.createContact("{\"email\": \"%s\"}".formatted(email));
        api.delete("/api/v1/contacts/" + id).andExpect(status().isNoContent());
        Path file = Files.createTempFile("import", ".csv");
        Files.writeString(file, "email,last name,time zone\n" + email + ",Secret" + run + ",Not/AZone\n"
                + email + ",Secret" + run + ",Europe/Paris\n");

        ImportJob job = imports.runNow(file, Imports.Format.CSV, Map.of(), null);

        assertThat(job.rejected()).isEqualTo(2);
        String report = api.as(Role.MARKETER, get("/api/v1/imports/" + job.id() + "/rejections"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(report).contains("2,").contains("3,").doesNotContain(email).doesNotContain("Secret" + run);
    }

    @Test
    void aRowRepeatedInTheFileIsMergedIntoTheEarlierRowsContactAndCountedAsRepeatedNotAsAnUpdate() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path file = Files.createTempFile("twice", ".csv");
        Files.writeString(file, "email,first name,last name\n"
                + "ann." + run + "@example.com,Ann,Lee\n"
                + "bob." + run + "@example.com,Bob,Ames\n"
                + "bad-address,Cy,Cole\n"
                + "ANN." + run + "@example.com,Ann,Smith\n"
                + "ann." + run + "@example.com,,\n");

        ImportJob job = imports.runNow(file, Imports.Format.CSV, Map.of(), null);

        assertThat(List.of(job.rowsRead(), job.created(), job.updated(), job.unchanged(), job.repeated(), job.rejected()))
                .as("no contact existed before: none was updated").containsExactly(5L, 2L, 0L, 0L, 2L, 1L);
        assertThat(imports.repeats(job.id(), null, 10).items())
                .containsExactly(new Imports.Repeat(5, 2), new Imports.Repeat(6, 5));
        api.get("/api/v1/contacts?q=ann." + run).andExpect(jsonPath("$.items[0].lastName").value("Smith"));
        api.get("/api/v1/imports/" + job.id()).andExpect(jsonPath("$.repeated").value(2))
                .andExpect(jsonPath("$.updated").value(0));
        api.get("/api/v1/imports/" + job.id() + "/repeats?limit=1").andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.items[0].line").value(5))
                .andExpect(jsonPath("$.items[0].earlierLine").value(2));
    }

    @Test
    void aRowRepeatingTheEmailOfARejectedRowIsCountedAsTheContactItUpdatedNotAsARepeat() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        long ann = api.createContact("{\"email\": \"ann.%s@example.com\", \"firstName\": \"Ann\"}".formatted(run));
        api.post("/api/v1/contacts/" + ann + "/consents",
                "{\"channel\": \"EMAIL\", \"state\": \"WITHDRAWN\", \"source\": \"unsubscribe link\"}")
                .andExpect(status().isCreated());
        Path file = Files.createTempFile("twice", ".csv");
        Files.writeString(file, "email,first name,email consent,consent source\n"
                + "ann." + run + "@example.com,Ann,granted,trade show\n"
                + "ann." + run + "@example.com,Anna,,\n");

        ImportJob job = imports.runNow(file, Imports.Format.CSV, Map.of(), null);

        assertThat(List.of(job.created(), job.updated(), job.unchanged(), job.repeated(), job.rejected()))
                .as("line 2 was rejected, so line 3 merged into nothing: it updated Ann")
                .containsExactly(0L, 1L, 0L, 0L, 1L);
        assertThat(imports.repeats(job.id(), null, 10).items()).isEmpty();
        api.get("/api/v1/contacts/" + ann).andExpect(jsonPath("$.firstName").value("Anna"));
    }

    @Test
    void anOwnerIsNamedByUsernameDisplayNameOrEmailAndANameOfTwoRepsOrNoneIsRejectedSayingSo() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        SalesTeam team = new SalesTeam(api);
        long rita = team.rep("rita");
        team.change(rita, "{\"displayName\": \"Rita Jones %s\"}".formatted(run));
        long ron = team.rep("ron", "ron." + run + "@example.com");
        for (String sam : List.of("sam", "samuel")) {
            team.change(team.rep(sam), "{\"displayName\": \"Sam Lee %s\"}".formatted(run));
        }
        String ritaUsername = json(api.get("/api/v1/users/" + rita)).get("username").asString();
        Path file = Files.createTempFile("owners", ".csv");
        Files.writeString(file, "email,owner\n"
                + "a." + run + "@example.com,  rita JONES " + run + " \n"
                + "b." + run + "@example.com,RON." + run + "@example.com\n"
                + "c." + run + "@example.com," + ritaUsername + "\n"
                + "d." + run + "@example.com,Sam Lee " + run + "\n"
                + "e." + run + "@example.com,Nobody " + run + "\n");

        ImportJob job = imports.runNow(file, Imports.Format.CSV, Map.of(), null);

        assertThat(List.of(job.created(), job.rejected())).containsExactly(3L, 2L);
        for (var owned : Map.of("a.", rita, "b.", ron, "c.", rita).entrySet()) {
            assertThat(json(api.get("/api/v1/contacts?q=" + owned.getKey() + run)).at("/items/0/ownerId").asLong())
                    .isEqualTo(owned.getValue());
        }
        List<Imports.Rejection> rejections = imports.rejections(job.id(), 10);
        assertThat(rejections).extracting(Imports.Rejection::line).containsExactly(5L, 6L);
        assertThat(rejections.get(0).reason()).contains("could be any of Sam Lee " + run + " (")
                .contains("), Sam Lee " + run + " (").contains("name the owner by username or email");
        assertThat(rejections.get(1).reason()).contains("no SALES user has that id, username, name or email");
    }

    @Test
    void anOwnerAFewTypingSlipsFromOneRepIsRejectedAskingWhetherThatRepWasMeantButNeverGivenToThem() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        SalesTeam team = new SalesTeam(api);
        long ann = team.rep("ann");
        team.change(ann, "{\"displayName\": \"Ann Smith %s\"}".formatted(run));
        String annUsername = json(api.get("/api/v1/users/" + ann)).get("username").asString();
        for (String name : List.of("Sam Lee", "Sam Leo")) {
            team.change(team.rep("sam"), "{\"displayName\": \"%s %s\"}".formatted(name, run));
        }
        Path file = Files.createTempFile("owners", ".csv");
        Files.writeString(file, "email,owner\n"
                + "a." + run + "@example.com,ann SMIHT " + run + "\n"
                + "b." + run + "@example.com," + annUsername.substring(1) + "\n"
                + "c." + run + "@example.com,Sam Lea " + run + "\n"
                + "d." + run + "@example.com,Zed Nobody " + run + "\n");

        ImportJob job = imports.runNow(file, Imports.Format.CSV, Map.of(), null);

        assertThat(List.of(job.created(), job.rejected())).containsExactly(0L, 4L);
        assertThat(imports.rejections(job.id(), 10)).extracting(Imports.Rejection::reason).containsExactly(
                "owner 'ann SMIHT " + run + "': no SALES user has that id, username, name or email; did you mean"
                        + " 'Ann Smith " + run + "'?",
                "owner '" + annUsername.substring(1) + "': no SALES user has that id, username, name or email; did you"
                        + " mean '" + annUsername + "'?",
                "owner 'Sam Lea " + run + "': no SALES user has that id, username, name or email",
                "owner 'Zed Nobody " + run + "': no SALES user has that id, username, name or email");
    }

    @Test
    void aPersonNamedTwiceInAFileEndsAsOneContactAndTheSecondRunChangesNothing() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path file = Files.createTempFile("twice", ".csv");
        Files.writeString(file, "email,first name,last name,tags\n"
                + "twice." + run + "@example.com,Ann,,golf\n"
                + "other." + run + "@example.com,Otto,,\n"
                + "TWICE." + run + "@example.com,,Ames,sailing\n");

        ImportJob first = imports.runNow(file, Imports.Format.CSV, Map.of(), null);
        assertThat(List.of(first.created(), first.updated(), first.unchanged(), first.repeated()))
                .containsExactly(2L, 0L, 0L, 1L);
        JsonNode ann = json(api.get("/api/v1/contacts?q=twice." + run)).get("items").get(0);
        assertThat(ann.get("firstName").asString()).isEqualTo("Ann");
        assertThat(ann.get("lastName").asString()).isEqualTo("Ames");
        assertThat(ann.get("tags").valueStream().map(JsonNode::asString)).containsExactlyInAnyOrder("golf", "sailing");

        ImportJob second = imports.runNow(file, Imports.Format.CSV, Map.of(), null);
        assertThat(List.of(second.created(), second.updated(), second.unchanged(), second.repeated()))
                .containsExactly(0L, 0L, 2L, 1L);
    }

    /**
     * Five rows for each of 1,200 people, spread over a file several batches long (two writers each take a share of
     * the addresses): every person ends as one contact with what their last row said, and is counted once, their
     * other rows as repeated. Imported again with only each last row changing something, every person counts as
     * updated, though their first row, in an earlier batch, changed nothing.
     */
    @Test
    void peopleNamedAgainAndAgainAcrossAFileOfManyBatchesEndWithTheirLastRow() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        int people = 1_200;
        StringBuilder csv = new StringBuilder("email,title,company,tags\n");
        for (int round = 1; round <= 5; round++) {
            for (int person = 0; person < people; person++) {
                csv.append("p%d.%s@example.com,Title %d,Firm %d %s,tag-%d\n".formatted(person, run, round,
                        (person + round) % 40, run, round));
            }
        }
        Path file = Files.createTempFile("many", ".csv");
        Files.writeString(file, csv);

        ImportJob job = imports.runNow(file, Imports.Format.CSV, Map.of(), null);

        assertThat(List.of(job.status(), job.rowsRead(), job.created(), job.updated() + job.unchanged(), job.repeated(),
                job.rejected())).containsExactly(ImportJob.Status.DONE, 6_000L, 1_200L, 0L, 4_800L, 0L);
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM contacts c JOIN companies f ON f.id = c.company_id
                 WHERE c.email LIKE ? AND c.title = 'Title 5'
                   AND f.name = CONCAT('Firm ', MOD(CAST(SUBSTRING(c.email, 2, POSITION('.' IN c.email) - 2) AS INT) + 5, 40), ' ', ?)
                   AND (SELECT COUNT(*) FROM contact_tags t WHERE t.contact_id = c.id) = 5""")
                .params("p%." + run + "@example.com", run).query(Long.class).single()).isEqualTo(1_200L);

        StringBuilder again = new StringBuilder("email,title,company,tags\n");
        for (int round = 1; round <= 5; round++) {
            for (int person = 0; person < people; person++) {
                again.append("p%d.%s@example.com,Title %d,Firm %d %s,tag-5\n".formatted(person, run, round == 5 ? 6 : 5,
                        (person + 5) % 40, run));
            }
        }
        Files.writeString(file, again);
        ImportJob second = imports.runNow(file, Imports.Format.CSV, Map.of(), null);
        assertThat(List.of(second.created(), second.updated(), second.unchanged(), second.repeated()))
                .containsExactly(0L, 1_200L, 0L, 4_800L);
    }

    @Test
    void reImportingAfterAMergeUpdatesTheSurvivorInsteadOfBringingTheDuplicateBack() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path file = Files.createTempFile("merged", ".csv");
        Files.writeString(file, "email,first name,title\n"
                + "kept." + run + "@example.com,Kim,\n"
                + "dupe." + run + "@example.com,Kim,CTO\n");
        imports.runNow(file, Imports.Format.CSV, Map.of(), null);
        long kept = json(api.get("/api/v1/contacts?q=kept." + run)).at("/items/0/id").asLong();
        long dupe = json(api.get("/api/v1/contacts?q=dupe." + run)).at("/items/0/id").asLong();
        api.post("/api/v1/contacts/merge", "{\"survivorId\": %d, \"mergedId\": %d}".formatted(kept, dupe))
                .andExpect(status().isOk());

        ImportJob again = imports.runNow(file, Imports.Format.CSV, Map.of(), null);
        assertThat(again.created()).isZero();
        assertThat(json(api.get("/api/v1/contacts?q=dupe." + run)).get("items").size()).isZero();
        api.get("/api/v1/contacts/" + kept).andExpect(jsonPath("$.title").value("CTO"));

        // The survivor's address once, then the merged address again and again over several batches: one person,
        // written by one writer in the order of the file, so the last row's title wins and no batch fails.
        StringBuilder rows = new StringBuilder("email,first name,title\n");
        for (int i = 1; i <= 3_000; i++) {
            rows.append(i == 1 ? "kept." : "dupe.").append(run).append("@example.com,Kim,Title ").append(i).append('\n')
                    .append("other").append(i).append('.').append(run).append("@example.com,Oz,\n");
        }
        Files.writeString(file, rows);
        ImportJob many = imports.runNow(file, Imports.Format.CSV, Map.of(), null);
        assertThat(List.of(many.status(), many.rejected(), many.created())).containsExactly(ImportJob.Status.DONE, 0L, 3_000L);
        api.get("/api/v1/contacts/" + kept).andExpect(jsonPath("$.title").value("Title 3000"));
    }

    @Test
    void importingTheSameFileAgainAfterAnUnsubscribeLeavesEmailConsentWithdrawnAndReportsTheRow() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path granted = Files.createTempFile("consent", ".csv");
        Files.writeString(granted, "email,first name,email consent,consent source\n"
                + "ann." + run + "@example.com,Ann,granted,trade show 2025\n");
        Path unknown = Files.createTempFile("consent", ".csv");
        Files.writeString(unknown, "email,first name,email consent,consent source\n"
                + "ann." + run + "@example.com,Anna,unknown,old CRM\n");
        ImportJob first = imports.runNow(granted, Imports.Format.CSV, Map.of(), null);
        long ann = json(api.get("/api/v1/contacts?q=ann." + run)).at("/items/0/id").asLong();
        JsonNode ledger = json(api.get("/api/v1/contacts/" + ann + "/consents")).get("ledger");
        assertThat(ledger.at("/0/evidence/form").asString()).isEqualTo("import:" + first.id());
        assertThat(ledger.at("/0/evidence/text").asString()).isEqualTo("line 2");
        clock.advance(Duration.ofDays(3));
        api.post("/api/v1/contacts/" + ann + "/consents", "{\"channel\": \"EMAIL\", \"state\": \"WITHDRAWN\", \"source\": \"unsubscribe link\"}")
                .andExpect(status().isCreated());
        String withdrawnOn = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString();

        for (Path file : List.of(granted, unknown)) {
            ImportJob again = imports.runNow(file, Imports.Format.CSV, Map.of(), null);
            assertThat(List.of(again.status(), again.rejected())).containsExactly(ImportJob.Status.DONE, 1L);
            assertThat(imports.rejections(again.id(), 10)).singleElement().satisfies(r -> {
                assertThat(r.line()).isEqualTo(2);
                assertThat(r.reason()).contains("email consent was withdrawn on " + withdrawnOn + " (unsubscribe link)")
                        .contains("cannot grant it again");
            });
        }
        api.get("/api/v1/contacts/" + ann + "/consents")
                .andExpect(jsonPath("$.current.EMAIL.state").value("WITHDRAWN"))
                .andExpect(jsonPath("$.ledger.length()").value(2));
        api.get("/api/v1/contacts/" + ann).andExpect(jsonPath("$.firstName").value("Ann"));
    }

    @Test
    void aRowSayingNoToEmailForAContactWhoWithdrewIsNoChangeAndItsOtherFieldsStillUpdate() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> said = List.of("no", "FALSE", "n", "0", "withdrawn");
        StringBuilder csv = new StringBuilder("email,first name,email consent,consent source\n");
        List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < said.size(); i++) {
            long id = api.createContact("{\"email\": \"w%d.%s@example.com\", \"firstName\": \"Old\"}".formatted(i, run));
            api.post("/api/v1/contacts/" + id + "/consents",
                    "{\"channel\": \"EMAIL\", \"state\": \"WITHDRAWN\", \"source\": \"unsubscribe link\"}")
                    .andExpect(status().isCreated());
            ids.add(id);
            csv.append("w%d.%s@example.com,New,%s,old CRM\n".formatted(i, run, said.get(i)));
        }
        Path file = Files.createTempFile("consent", ".csv");
        Files.writeString(file, csv);

        String withdrawnOn = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString();

        ImportJob job = imports.runNow(file, Imports.Format.CSV, Map.of(), null);

        assertThat(imports.rejections(job.id(), 10)).isEmpty();
        assertThat(List.of(job.status(), job.updated(), job.rejected(), job.noted()))
                .containsExactly(ImportJob.Status.DONE, (long) said.size(), 0L, 4L);
        String stays = "email consent stays withdrawn, as it was on " + withdrawnOn + " (unsubscribe link); the row's no"
                + " changes nothing";
        assertThat(imports.notes(job.id(), null, 10).items()).as("each no, but not the row that says withdrawn itself")
                .containsExactly(new Imports.Note(2, stays), new Imports.Note(3, stays), new Imports.Note(4, stays),
                        new Imports.Note(5, stays));
        for (long id : ids) {
            api.get("/api/v1/contacts/" + id).andExpect(jsonPath("$.firstName").value("New"));
            api.get("/api/v1/contacts/" + id + "/consents")
                    .andExpect(jsonPath("$.current.EMAIL.state").value("WITHDRAWN"))
                    .andExpect(jsonPath("$.ledger.length()").value(1));
        }
    }

    @Test
    void anImportWhoseReadingDiesOfAnErrorEndsFailedInsteadOfRunningForever() {
        long id = runningJob(null);
        RowSource dying = new RowSource() {
            @Override
            public ParsedRow next() {
                throw new StackOverflowError("a parser went too deep");
            }

            @Override
            public void close() {}
        };

        runner.run(id, dying, null, ContactSource.IMPORT, "test");

        ImportJob job = imports.get(id);
        assertThat(job.status()).isEqualTo(ImportJob.Status.FAILED);
        assertThat(job.failure()).contains("a parser went too deep");
    }

    @Test
    void aJobLeftRunningByAServerThatStoppedIsFailedWithWhatToDoAndItsFileIsRemoved() throws Exception {
        Path directory = properties.importDirectory();
        Files.createDirectories(directory);
        String lostFile = "job-" + UUID.randomUUID() + ".csv";
        long lost = runningJob(lostFile);
        jdbc.sql("UPDATE imports SET rows_read = 4000 WHERE id = ?").param(lost).update();
        Path orphan = directory.resolve("job-" + UUID.randomUUID() + ".vcf");
        for (Path file : List.of(directory.resolve(lostFile), orphan)) {
            Files.writeString(file, "email\n");
            Files.setLastModifiedTime(file, FileTime.from(clock.instant()));
        }
        clock.advance(Duration.ofMinutes(6));
        String liveFile = "job-" + UUID.randomUUID() + ".csv";
        long live = runningJob(liveFile);
        Files.writeString(directory.resolve(liveFile), "email\n");
        Files.setLastModifiedTime(directory.resolve(liveFile), FileTime.from(clock.instant()));
        clock.advance(Duration.ofMinutes(1));

        assertThat(imports.failLostJobs()).isGreaterThanOrEqualTo(1);

        ImportJob failed = imports.get(lost);
        assertThat(failed.status()).isEqualTo(ImportJob.Status.FAILED);
        assertThat(failed.failure()).contains("interrupted after 4000 rows").contains("Import the file again");
        assertThat(failed.finishedAt()).isEqualTo(clock.instant());
        assertThat(imports.get(live).status()).as("a job still making progress").isEqualTo(ImportJob.Status.RUNNING);
        assertThat(directory.resolve(lostFile)).doesNotExist();
        assertThat(orphan).doesNotExist();
        assertThat(directory.resolve(liveFile)).exists();
        jdbc.sql("UPDATE imports SET status = 'DONE' WHERE id = ?").param(live).update();
        Files.delete(directory.resolve(liveFile));
    }

    @Test
    void aJobFailedForMakingNoProgressWhileItStillRanStaysFailedWithTheRowsItHadImported() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        StringBuilder csv = new StringBuilder("email\n");
        for (int i = 0; i < 5000; i++) {
            csv.append("stall.").append(run).append('.').append(i).append("@example.com\n");
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        CsvRows file = CsvRows.open(() -> new ByteArrayInputStream(bytes));
        long id = runningJob(null);
        RowSource heldUp = new RowSource() {
            int given;

            @Override
            public ParsedRow next() throws IOException {
                if (++given == 4500) {
                    // The server is held up here long enough, once a batch is in, for the job to be taken for lost.
                    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    while (imports.get(id).rowsRead() == 0) {
                        assertThat(System.nanoTime()).as("a first batch was written").isLessThan(deadline);
                        Thread.onSpinWait();
                    }
                    for (int round = 0; round < 10 && imports.get(id).status() == ImportJob.Status.RUNNING; round++) {
                        clock.advance(Duration.ofMinutes(6));
                        imports.failLostJobs();
                    }
                }
                return file.next();
            }

            @Override
            public void close() throws IOException {
                file.close();
            }
        };

        runner.run(id, heldUp, null, ContactSource.IMPORT, "test");

        ImportJob job = imports.get(id);
        assertThat(job.status()).isEqualTo(ImportJob.Status.FAILED);
        assertThat(job.failure()).contains("interrupted after " + job.rowsRead() + " rows")
                .contains("no progress").contains("Import the file again");
        long stored = jdbc.sql("SELECT COUNT(*) FROM contacts WHERE email LIKE ?").param("stall." + run + ".%")
                .query(Long.class).single();
        assertThat(stored).as("what the job says it imported is what it imported").isEqualTo(job.created())
                .isPositive().isLessThan(5000);
    }

    /** A job row as {@link Imports} writes it when it starts a job, for a test that runs or abandons it itself. */
    private long runningJob(String storedFile) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO imports (file_name, format, status, created_by, created_at, progress_at, stored_file)
                VALUES ('leads.csv', 'CSV', 'RUNNING', 'test', ?, ?, ?)""")
                .params(Timestamps.now(clock.clock()), Timestamps.now(clock.clock()), storedFile)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    @Test
    void aValueTheDatabaseCouldNotHoldIsARejectedRowNotAFailedImport() throws Exception {
        String key = "fleet_" + UUID.randomUUID().toString().substring(0, 6);
        api.post("/api/v1/attributes", "{\"key\": \"%1$s\", \"label\": \"Fleet %1$s\", \"type\": \"NUMBER\"}".formatted(key))
                .andExpect(status().isCreated());
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path file = Files.createTempFile("huge", ".csv");
        Files.writeString(file, "email,attr:" + key + ",time zone\n"
                + "big." + run + "@example.com,1e999999999,\n"
                + "bigger." + run + "@example.com,1e25,\n"
                + "nul." + run + "@example.com,3,Europe/Ber\u0000lin\n"
                + "fine." + run + "@example.com,12.5,\n");

        ImportJob job = imports.runNow(file, Imports.Format.CSV, Map.of(), null);
        assertThat(job.status()).isEqualTo(ImportJob.Status.DONE);
        assertThat(List.of(job.rowsRead(), job.created(), job.rejected())).containsExactly(4L, 1L, 3L);
        api.get("/api/v1/contacts?q=fine." + run).andExpect(jsonPath("$.items[0].attributes." + key).value("12.5"));
        api.post("/api/v1/contacts", "{\"email\": \"%s\", \"attributes\": {\"%s\": \"1e999999999\"}}"
                        .formatted(Api.uniqueEmail("big"), key))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("attributes." + key));
    }

    @Test
    void uploadStartsAJobThatReportsItsProgress() throws Exception {
        String email = "upload." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        var file = new MockMultipartFile("file", "leads.csv", "text/csv", ("email,first name\n" + email + ",Uma\n").getBytes());
        JsonNode job = json(api.as(Role.MARKETER, multipart("/api/v1/imports").file(file).param("source", "TRADE_SHOW"))
                .andExpect(status().isAccepted()));
        long id = job.get("id").asLong();
        for (int i = 0; i < 10_000 && !"DONE".equals(json(api.get("/api/v1/imports/" + id)).get("status").asString()); i++) {
            Thread.onSpinWait(); // the job runs on its own thread; this only waits for it, the clock never moves
        }
        api.get("/api/v1/imports/" + id).andExpect(jsonPath("$.status").value("DONE")).andExpect(jsonPath("$.created").value(1));
        api.get("/api/v1/contacts?q=" + email).andExpect(jsonPath("$.items[0].source").value("TRADE_SHOW"));
    }

    @Test
    void refusesAFileItCannotMapWithAClearProblem() throws Exception {
        var file = new MockMultipartFile("file", "x.csv", "text/csv", "name,phone\nAl,123\n".getBytes());
        api.as(Role.ADMIN, multipart("/api/v1/imports").file(file))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("email")));
        var mapped = new MockMultipartFile("file", "x.csv", "text/csv", "E,phone\nal@example.com,123\n".getBytes());
        api.as(Role.ADMIN, multipart("/api/v1/imports").file(mapped).param("mapping", "{\"E\": \"shoe size\"}"))
                .andExpect(status().isBadRequest());
        api.as(Role.ADMIN, multipart("/api/v1/imports").file(mapped).param("mapping", "not json"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void everyCardOfTheRealWorldCorpusWithAnEmailBecomesAContactAndTheOthersAreReported() throws Exception {
        Path corpus = Path.of("..", "shared", "corpus", "vcard");
        List<String> reasons = new java.util.ArrayList<>();
        try (var files = Files.list(corpus)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".vcf")).sorted().toList()) {
                long cards = Files.readAllLines(file, StandardCharsets.ISO_8859_1).stream()
                        .filter(l -> l.strip().equalsIgnoreCase("BEGIN:VCARD")).count();
                ImportJob job = imports.runNow(file, Imports.Format.VCARD, Map.of(), ContactSource.BUSINESS_CARD);
                assertThat(job.status()).as(file.toString()).isEqualTo(ImportJob.Status.DONE);
                assertThat(job.rowsRead()).as(file + " cards read").isBetween(1L, cards);
                assertThat(job.created() + job.updated() + job.unchanged() + job.rejected()).as(file.toString())
                        .isEqualTo(job.rowsRead());
                jdbc.sql("SELECT reason FROM import_rejections WHERE import_id = ?").param(job.id())
                        .query(String.class).list().forEach(reason -> reasons.add(file.getFileName() + ": " + reason));
            }
        }
        // Two Android cards and one BlackBerry card carry no address at all, and FullContact's template names the
        // country "WorkCountry"; every other card imports.
        assertThat(reasons).containsExactlyInAnyOrder("John_Doe_ANDROID.vcf: card has no email address (name: \u00d1 \u00d1 \u00d1"
                        + " \u00d1 \u00d1)",
                "John_Doe_ANDROID.vcf: card has no email address (name: \u00d1 \u00d1 \u00d1 \u00d1 \u00d1 \u00d1 \u00d1"
                        + " \u00d1 \u00d1 \u00d1 \u00d1)",
                "John_Doe_BLACK_BERRY.vcf: card has no email address (name: John Doe)",
                "fullcontact.vcf: country 'WorkCountry' is not a country we know; give its ISO code (DE) or its English"
                        + " name (Germany)");

        JsonNode outlook = json(api.get("/api/v1/contacts?q=john.doe@ibm.cm")).get("items").get(0);
        assertThat(outlook.get("firstName").asString()).isEqualTo("John");
        assertThat(outlook.get("lastName").asString()).isEqualTo("Doe");
        assertThat(outlook.get("title").asString()).isEqualTo("Money Counter");
        assertThat(outlook.get("phone").asString()).isEqualTo("(905) 555-1234");
        assertThat(outlook.at("/company/name").asString()).isEqualTo("IBM");
        assertThat(outlook.at("/attributes/birthday").asString()).isEqualTo("1980-03-22");
        assertThat(outlook.at("/attributes/anniversary").asString()).isEqualTo("2011-01-13");
        assertThat(outlook.get("source").asString()).isEqualTo("BUSINESS_CARD");
        assertThat(outlook.at("/consent/EMAIL").asString()).isEqualTo("UNKNOWN");
    }
}
