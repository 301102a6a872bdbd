package io.keepwarm.segment;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.ImportJob;
import io.keepwarm.contact.Imports;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A region in a segment rule finds the contacts a territory of that region would: however the marketer and the
 * contacts wrote it (name, native name, code, ISO code, case, accents, hyphens), read in each contact's country.
 */
@KeepwarmTest
class RegionRulesTest {

    @Autowired Api api;
    @Autowired Imports imports;

    private final String tag = "rgn-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void bavariaWrittenAnyWayFindsTheGermanContactsOfBavariaHoweverTheyWroteIt() throws Exception {
        long bavaria = contact("DE", "Bavaria");
        long bayern = contact("DE", "Bayern");
        long code = contact("DE", "by");
        long saxony = contact("DE", "Saxony");
        long noCountry = contact(null, "Bavaria");

        for (String written : List.of("Bayern", "DE-BY", "bavaria", "BAVARIA", "Bavaria", " de-by ")) {
            List<Long> found = matching("region = \"" + written + "\"");
            assertThat(found).as(written).contains(bavaria, bayern, code).doesNotContain(saxony);
        }
        // a contact of no country holds words, no German state: the same words find it, another name does not
        assertThat(matching("region = \"bavaria\"")).contains(noCountry);
        assertThat(matching("region = \"Bayern\"")).doesNotContain(noCountry);
        assertThat(matching("region in (\"Bayern\", \"Sachsen\")")).containsExactly(bavaria, bayern, code, saxony);
        assertThat(matching("region != \"Bayern\"")).containsExactly(saxony, noCountry);
        assertThat(matching("not region in (\"DE-BY\", \"saxony\")")).containsExactly(noCountry);
    }

    @Test
    void aRegionMatchesWithoutCaseAccentsHyphensOrSpaces() throws Exception {
        long dusseldorf = contact("DE", "Nordrhein-Westfalen");
        long written = contact(null, "Nordrhein Westfalen");
        long tyrol = contact("AT", "Tirol-Süd");
        long other = contact("AT", "Vorarlberg");

        assertThat(matching("region = \"nordrhein westfalen\"")).containsExactly(dusseldorf, written);
        assertThat(matching("region = \"NORDRHEIN-WESTFALEN\"")).containsExactly(dusseldorf, written);
        assertThat(matching("region = \"NRW\"")).containsExactly(dusseldorf);
        // a region no table knows, by its words
        assertThat(matching("region = \"tirol sud\"")).containsExactly(tyrol);
        // a part of the text is still looked for in the text as written
        assertThat(matching("region contains \"westfalen\"")).containsExactly(dusseldorf, written);
        assertThat(matching("region starts with \"vor\"")).containsExactly(other);
    }

    @Test
    void georgiaFindsTheUsStateInUsContactsAndTheWordsElsewhereAndTheEditorSaysSo() throws Exception {
        long atlanta = contact("US", "GA");
        long savannah = contact("US", "Georgia");
        long coded = contact("US", "us-ga");
        long tbilisi = contact("GE", "Tbilisi");
        long georgian = contact("GE", "Georgia");
        long noCountry = contact(null, "Georgia");
        long gaNoCountry = contact(null, "GA");

        assertThat(matching("region = \"Georgia\"")).containsExactly(atlanta, savannah, coded, georgian, noCountry);
        assertThat(matching("region = \"US-GA\"")).containsExactly(atlanta, savannah, coded);
        assertThat(matching("region = \"GA\"")).containsExactly(atlanta, savannah, coded, gaNoCountry);
        assertThat(matching("country = \"US\" and region = \"georgia\"")).containsExactly(atlanta, savannah, coded);
        assertThat(matching("region != \"Georgia\"")).containsExactly(tbilisi, gaNoCountry);

        JsonNode preview = preview("tag = \"" + tag + "\" and region = \"Georgia\"");
        assertThat(preview.get("warnings").valueStream().map(JsonNode::asString)).containsExactly("'Georgia' names the"
                + " country Georgia and Georgia (US): a region condition reads it in each contact's own country, so it"
                + " finds Georgia (US) for US contacts, and these words in any other contact's region."
                + " For one of them only, write country = \"GE\" for the country Georgia, region = \"US-GA\" for"
                + " Georgia (US).");
        assertThat(preview("region = \"US-GA\"").get("warnings").isEmpty()).isTrue();
        assertThat(preview("region = \"Bayern\"").get("warnings").isEmpty()).isTrue();
    }

    @Test
    void waFindsWashingtonInTheUsAndWesternAustraliaInAustraliaAndTheEditorSaysSo() throws Exception {
        long seattle = contact("US", "Washington");
        long perth = contact("AU", "Western Australia");
        long boston = contact("US", "MA");

        assertThat(matching("region = \"WA\"")).containsExactly(seattle, perth).doesNotContain(boston);
        assertThat(matching("region = \"AU-WA\"")).containsExactly(perth);
        assertThat(preview("region in (\"WA\", \"BY\")").get("warnings").valueStream().map(JsonNode::asString))
                .anySatisfy(w -> assertThat(w).startsWith("'WA' names Washington (US) and Western Australia (AU)"))
                .anySatisfy(w -> assertThat(w).startsWith("'BY' names the country Belarus and Bavaria (DE):")
                        .contains("write country = \"BY\" for the country Belarus, region = \"DE-BY\" for Bavaria (DE)."));
    }

    @Test
    void aContactsRegionOrCountryChangedByPatchUpsertOrMergeIsFoundByItsNewRegion() throws Exception {
        long patchedRegion = contact("DE", "Saxony");
        long patchedCountry = contact(null, "BY");
        String email = uniqueEmail("rgn");
        long upserted = api.createContact(body(email, "DE", "Hessen"));
        long survivor = contact(null, null);
        long duplicate = contact("DE", "Bayern");
        assertThat(matching("region = \"Bavaria\"")).containsExactly(duplicate);

        api.patch("/api/v1/contacts/" + patchedRegion, "{\"region\": \"Bayern\"}").andExpect(status().isOk());
        api.patch("/api/v1/contacts/" + patchedCountry, "{\"country\": \"Germany\"}").andExpect(status().isOk());
        api.post("/api/v1/contacts", body(email, null, "Freistaat Bayern")).andExpect(status().is2xxSuccessful());
        api.post("/api/v1/contacts", body(email, null, "bavaria")).andExpect(status().is2xxSuccessful());
        api.post("/api/v1/contacts/merge", "{\"survivorId\": " + survivor + ", \"mergedId\": " + duplicate + "}")
                .andExpect(status().isOk());

        assertThat(matching("region = \"Bavaria\"")).containsExactly(patchedRegion, patchedCountry, upserted, survivor);
        api.patch("/api/v1/contacts/" + patchedRegion, "{\"region\": null}").andExpect(status().isOk());
        api.patch("/api/v1/contacts/" + patchedCountry, "{\"country\": \"US\"}").andExpect(status().isOk());
        assertThat(matching("region = \"DE-BY\"")).containsExactly(upserted, survivor);
    }

    @Test
    void anImportedContactIsFoundByItsRegionWrittenAnotherWay() throws Exception {
        Path file = Files.createTempFile("regions", ".csv");
        Files.writeString(file, """
                email,country,region,tags
                %s,Germany,Bayern,%s
                %s,US,ga,%s
                %s,,Nordrhein Westfalen,%s
                """.formatted(uniqueEmail("munich"), tag, uniqueEmail("atlanta"), tag, uniqueEmail("cologne"), tag),
                StandardCharsets.UTF_8);

        ImportJob job = imports.runNow(file, Imports.Format.CSV, Map.of(), null);

        assertThat(job.created()).isEqualTo(3);
        assertThat(matching("region = \"Bavaria\"")).hasSize(1);
        assertThat(matching("region in (\"DE-BY\", \"Georgia\", \"nordrhein-westfalen\")")).hasSize(3);
        assertThat(matching("region = \"US-GA\"")).hasSize(1);
    }

    private String body(String email, String country, String region) {
        return "{\"email\": \"" + email + "\", \"source\": \"API\", \"tags\": [\"" + tag + "\"]"
                + (country == null ? "" : ", \"country\": \"" + country + "\"")
                + (region == null ? "" : ", \"region\": \"" + region + "\"") + "}";
    }

    private long contact(String country, String region) throws Exception {
        return api.createContact(body(uniqueEmail("rgn"), country, region));
    }

    private List<Long> matching(String rule) throws Exception {
        List<Long> ids = new ArrayList<>();
        preview("tag = \"" + tag + "\" and (" + rule + ")").get("sample").forEach(m -> ids.add(m.get("contactId").asLong()));
        return ids;
    }

    private JsonNode preview(String rule) throws Exception {
        return json(api.post("/api/v1/segments/preview", JsonMapper.shared().createObjectNode().put("text", rule).toString())
                .andExpect(status().isOk()));
    }
}
