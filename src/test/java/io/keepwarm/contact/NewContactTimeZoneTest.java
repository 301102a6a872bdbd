package io.keepwarm.contact;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A contact created without a time zone gets their country's, when it keeps one clock, or their state's or province's
 * in the US, Canada and Australia (none without one: no clock there is theirs for sure), and is never taken for UTC.
 */
@KeepwarmTest
class NewContactTimeZoneTest {

    @Autowired Api api;
    @Autowired Contacts contacts;
    @Autowired Imports imports;

    @Test
    void aContactOfACountryWithOneClockGetsItsZoneAndOneWithNoCountryTheAccounts() throws Exception {
        long german = api.createContact("""
                {"email": "%s", "country": "Germany"}""".formatted(uniqueEmail("berlin")));
        long japanese = api.createContact("""
                {"email": "%s", "country": "JP"}""".formatted(uniqueEmail("tokyo")));
        long nowhere = api.createContact("""
                {"email": "%s"}""".formatted(uniqueEmail("nowhere")));
        long given = api.createContact("""
                {"email": "%s", "country": "US", "timeZone": "America/Chicago"}""".formatted(uniqueEmail("chicago")));

        assertThat(contacts.get(german).timeZone()).isEqualTo("Europe/Berlin");
        assertThat(contacts.get(japanese).timeZone()).isEqualTo("Asia/Tokyo");
        assertThat(contacts.get(nowhere).timeZone()).as("the account's zone").isEqualTo("UTC");
        assertThat(contacts.get(given).timeZone()).as("a zone given is kept").isEqualTo("America/Chicago");
        assertThat(json(api.get("/api/v1/contacts/" + german)).get("timeZone").asString()).isEqualTo("Europe/Berlin");
    }

    @Test
    void aContactInChinaGetsBeijingsClockNotUtcAndOneInRussiaNoneWithANoteOnImport() throws Exception {
        api.post("/api/v1/contacts", """
                {"email": "%s", "country": "China", "city": "Shanghai"}""".formatted(uniqueEmail("shanghai")))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.timeZone").value("Asia/Shanghai"));
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path file = Files.createTempFile("zones", ".csv");
        Files.writeString(file, "email,country,city\nbeijing." + run + "@example.com,CN,Beijing\n"
                + "moscow." + run + "@example.com,Russia,Moscow\n");

        ImportJob job = imports.runNow(file, Imports.Format.CSV, Map.of(), null);

        assertThat(contacts.get(contacts.findIdByEmail("beijing." + run + "@example.com").orElseThrow()).timeZone())
                .isEqualTo("Asia/Shanghai");
        assertThat(contacts.get(contacts.findIdByEmail("moscow." + run + "@example.com").orElseThrow()).timeZone())
                .as("Kaliningrad to Kamchatka: no clock is theirs for sure").isNull();
        assertThat(imports.notes(job.id(), null, 10).items()).containsExactly(new Imports.Note(3, "time zone left"
                + " unknown, as RU keeps several clocks and Keepwarm does not tell them apart by region: email goes at"
                + " hours every clock of RU allows, and calls only within calling hours on all of them at once"));
    }

    @Test
    void anImportedRowWithoutAZoneGetsItsCountrysOneClockOrItsStatesOrElseNoneWhereTheCountryHasSeveral() throws Exception {
        String us = uniqueEmail("imported-us");
        String fr = uniqueEmail("imported-fr");
        Path file = Files.createTempFile("zones", ".csv");
        String ny = uniqueEmail("imported-ny");
        Files.writeString(file, "email,country,region,phone\n" + us + ",United States,,+1 212 555 0100\n" + fr
                + ",FR,,+33 1 2345 6789\n" + ny + ",USA,NY,+1 212 555 0101\n");

        imports.runNow(file, Imports.Format.CSV, Map.of(), null);

        assertThat(contacts.get(contacts.findIdByEmail(us).orElseThrow()).timeZone())
                .as("the US keeps several clocks: none is taken for theirs").isNull();
        assertThat(contacts.get(contacts.findIdByEmail(fr).orElseThrow()).timeZone()).isEqualTo("Europe/Paris");
        assertThat(contacts.get(contacts.findIdByEmail(ny).orElseThrow()).timeZone()).isEqualTo("America/New_York");
    }

    @Test
    void theImportReportNotesEachNewContactLeftWithoutAZoneForWantOfAStateOrProvince() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path file = Files.createTempFile("zones", ".csv");
        Files.writeString(file, "email,country,region,time zone\n"
                + "nostate." + run + "@example.com,United States,,\n"
                + "la." + run + "@example.com,US,CA,\n"
                + "calif." + run + "@example.com,USA,Calif.,\n"
                + "given." + run + "@example.com,AU,,Australia/Sydney\n"
                + "berlin." + run + "@example.com,DE,,\n"
                + "noprovince." + run + "@example.com,Canada, ,\n");

        ImportJob job = imports.runNow(file, Imports.Format.CSV, Map.of(), null);

        assertThat(List.of(job.created(), job.rejected(), job.warned(), job.noted())).containsExactly(6L, 0L, 0L, 3L);
        assertThat(imports.notes(job.id(), null, 10).items()).containsExactly(
                new Imports.Note(2, "time zone left unknown, as the row gives no state or province for US: email goes at hours every clock"
                        + " of US allows, and calls only within calling hours on all of them at once"),
                new Imports.Note(4, "time zone left unknown, as 'Calif.' is no state or province of US Keepwarm knows:"
                        + " email goes at hours every clock of US allows, and calls only within calling hours on all of them at once"),
                new Imports.Note(7, "time zone left unknown, as the row gives no state or province for CA: email goes at"
                        + " hours every clock of CA allows, and calls only within calling hours on all of them at once"));
        assertThat(contacts.get(contacts.findIdByEmail("nostate." + run + "@example.com").orElseThrow()).timeZone())
                .isNull();
        var first = Api.json(api.as(Role.MARKETER, get("/api/v1/imports/" + job.id() + "/notes").param("limit", "2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items.length()").value(2))
                .andExpect(jsonPath("$.items[0].line").value(2))
                .andExpect(jsonPath("$.items[0].note").value(
                        "time zone left unknown, as the row gives no state or province for US: email goes at hours every clock"
                        + " of US allows, and calls only within calling hours on all of them at once")));
        api.as(Role.MARKETER, get("/api/v1/imports/" + job.id() + "/notes").param("limit", "2")
                        .param("cursor", first.get("nextCursor").asString()))
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.items[0].line").value(7))
                .andExpect(jsonPath("$.nextCursor").value(org.hamcrest.Matchers.nullValue()));
        api.as(Role.MARKETER, get("/api/v1/imports/" + job.id())).andExpect(jsonPath("$.noted").value(3));
        String page = api.mvc().perform(get("/ui/imports/" + job.id())
                        .with(user(api.sessionUser(Role.MARKETER)).roles(Role.MARKETER.name())))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Rows imported with a note").contains("Line 4: time zone left unknown, as"
                + " &#39;Calif.&#39; is no state or province of US Keepwarm knows");

        ImportJob again = imports.runNow(file, Imports.Format.CSV, Map.of(), null);
        assertThat(List.of(again.unchanged(), again.noted())).as("the zone is only set on creating the contact")
                .containsExactly(6L, 0L);
    }

    @Test
    void aContactOfACountryWithSeveralClocksGetsItsStatesOrProvincesByCodeOrNameAndNoneWithoutOne() throws Exception {
        long californian = api.createContact("""
                {"email": "%s", "country": "US", "region": "CA"}""".formatted(uniqueEmail("la")));
        long texan = api.createContact("""
                {"email": "%s", "country": "United States", "region": " texas "}""".formatted(uniqueEmail("dallas")));
        long quebecois = api.createContact("""
                {"email": "%s", "country": "Canada", "region": "Quebec"}""".formatted(uniqueEmail("montreal")));
        long perth = api.createContact("""
                {"email": "%s", "country": "AU", "region": "WA"}""".formatted(uniqueEmail("perth")));
        long somewhere = api.createContact("""
                {"email": "%s", "country": "US", "region": "Cascadia"}""".formatted(uniqueEmail("somewhere")));

        assertThat(contacts.get(californian).timeZone()).isEqualTo("America/Los_Angeles");
        assertThat(contacts.get(texan).timeZone()).isEqualTo("America/Chicago");
        assertThat(contacts.get(quebecois).timeZone()).isEqualTo("America/Toronto");
        assertThat(contacts.get(perth).timeZone()).as("Western Australia, not Washington").isEqualTo("Australia/Perth");
        assertThat(contacts.get(somewhere).timeZone()).as("a region we cannot read: unknown, not the account's").isNull();
        assertThat(json(api.get("/api/v1/contacts/" + somewhere)).get("timeZone").isNull()).isTrue();
        String page = api.mvc().perform(get("/ui/contacts/" + somewhere)
                        .with(user(api.sessionUser(Role.MARKETER)).roles(Role.MARKETER.name())))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(org.jsoup.Jsoup.parse(page).getElementById("time-zone").text()).isEqualTo("unknown: not called until one"
                + " is given, and emailed only at hours every clock they may keep allows (their country's, if known)");
        api.patch("/api/v1/contacts/" + somewhere, "{\"timeZone\": \"America/Los_Angeles\"}").andExpect(status().isOk());
        assertThat(contacts.get(somewhere).timeZone()).as("set when someone knows it").isEqualTo("America/Los_Angeles");
    }

    @Test
    void aContactOfNoZoneMovedLaterToAPlaceOfOneClockGetsItsZoneByPatchUpsertOrImportButAGivenZoneStays() throws Exception {
        String patched = uniqueEmail("moved-patch");
        String upserted = uniqueEmail("moved-upsert");
        String imported = uniqueEmail("moved-import");
        String brazil = uniqueEmail("moved-brazil");
        String given = uniqueEmail("moved-given");
        long[] ids = new long[5];
        String[] emails = {patched, upserted, imported, brazil, given};
        for (int i = 0; i < emails.length; i++) {
            ids[i] = api.createContact("""
                    {"email": "%s", "country": "US"%s}""".formatted(emails[i],
                    emails[i].equals(given) ? ", \"timeZone\": \"America/Chicago\"" : ""));
        }
        assertThat(contacts.get(ids[0]).timeZone()).as("several clocks, no state: unknown").isNull();

        api.patch("/api/v1/contacts/" + ids[0], "{\"country\": \"Germany\"}").andExpect(status().isOk())
                .andExpect(jsonPath("$.timeZone").value("Europe/Berlin"));
        api.post("/api/v1/contacts", """
                {"email": "%s", "region": "Texas"}""".formatted(upserted)).andExpect(status().isOk());
        Path file = Files.createTempFile("zones", ".csv");
        Files.writeString(file, "email,country,region\n" + imported + ",Australia,WA\n" + brazil + ",Brazil,\n"
                + given + ",France,\n");
        imports.runNow(file, Imports.Format.CSV, Map.of(), null);

        assertThat(contacts.get(ids[1]).timeZone()).as("their state now known").isEqualTo("America/Chicago");
        assertThat(contacts.get(ids[2]).timeZone()).isEqualTo("Australia/Perth");
        assertThat(contacts.get(ids[3]).timeZone()).as("several clocks still: unknown, not the account's").isNull();
        assertThat(contacts.get(ids[4]).timeZone()).as("a zone someone set is never overwritten")
                .isEqualTo("America/Chicago");
    }
}
