package io.keepwarm.segment;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A country in a rule is read as contacts' countries are, whichever way the marketer writes it. */
@KeepwarmTest
class CountryRulesTest {

    @Autowired Api api;
    @Autowired JdbcClient jdbc;

    private final String tag = "ctry-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aCountryNamedInARuleFindsTheContactsStoredWithItsCode() throws Exception {
        long german = contact("Germany");
        long french = contact("FR");
        long american = contact("United States");
        long nowhere = contact(null);

        assertThat(matching("country = Germany")).containsExactly(german);
        assertThat(matching("country = \"germany\"")).containsExactly(german);
        assertThat(matching("country = de")).containsExactly(german);
        assertThat(matching("country in (Germany, \"france\")")).containsExactly(german, french);
        assertThat(matching("not country in (Germany, France)")).containsExactly(american, nowhere);
        assertThat(matching("country != \"Germany\"")).containsExactly(french, american, nowhere);
        assertThat(matching("country = USA")).containsExactly(american);
        assertThat(matchingJson("{\"field\": \"country\", \"op\": \"=\", \"value\": \"Germany\"}")).containsExactly(german);
        assertThat(matchingJson("{\"field\": \"country\", \"op\": \"in\", \"values\": [\"germany\", \"United States\"]}"))
                .containsExactly(german, american);
    }

    @Test
    void aSavedSegmentShowsTheCountryAsTheCodeContactsShow() throws Exception {
        JsonNode created = json(api.post("/api/v1/segments", "{\"name\": \"" + tag + "\", \"text\": \"tag = \\\"" + tag
                + "\\\" and country in (Germany, \\\"united kingdom\\\")\"}").andExpect(status().isCreated()));

        assertThat(created.get("text").asString()).isEqualTo("tag = \"" + tag + "\" and country in (DE, GB)");
        assertThat(created.at("/rule/and/1/values").toString()).isEqualTo("[\"DE\",\"GB\"]");
        api.get("/api/v1/segments/" + created.get("id").asLong()).andExpect(jsonPath("$.text")
                .value("tag = \"" + tag + "\" and country in (DE, GB)"));
    }

    @Test
    void anUnknownCountryInARuleIsRefusedNamingIt() throws Exception {
        api.post("/api/v1/segments/preview", text("stage = NURTURE and country in (Germany, Germny)"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("rule.and[1].values[1]"))
                .andExpect(jsonPath("$.errors[0].message").value(Matchers.startsWith("line 1, column 42: 'Germny' is not a country we know;"
                        + " give its ISO code (DE) or its English name (Germany)")));
        api.post("/api/v1/segments", "{\"name\": \"" + tag + "\", \"rule\": {\"field\": \"country\", \"op\": \"!=\","
                        + " \"value\": \"Atlantis\"}}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("'Atlantis' is not a country we know")));
        // A name of two countries is neither: the rule says which codes to write, one or both.
        api.post("/api/v1/segments/preview", text("country = Congo"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(Matchers.containsString("'Congo' names two countries, Congo -"
                        + " Brazzaville and Congo - Kinshasa, and Keepwarm does not guess which: write CG for Congo -"
                        + " Brazzaville or CD for Congo - Kinshasa (both: country in (CG, CD))")));
        // Parts of a name are still text to look for.
        api.post("/api/v1/segments/preview", text("country starts with \"D\"")).andExpect(status().isOk());
    }

    @Test
    void aRuleStoredBeforeCountriesWereCodesMatchesAsItIsShown() throws Exception {
        long german = contact("Germany");
        long legacy = contact(null);
        jdbc.sql("UPDATE contacts SET country = 'Westdeutschland' WHERE id = ?").param(legacy).update();
        long byName = stored("{\"and\": [{\"field\": \"tag\", \"op\": \"=\", \"value\": \"" + tag + "\"},"
                + " {\"field\": \"country\", \"op\": \"=\", \"value\": \"Germany\"}]}");
        long unreadable = stored("{\"and\": [{\"field\": \"tag\", \"op\": \"=\", \"value\": \"" + tag + "\"},"
                + " {\"field\": \"country\", \"op\": \"=\", \"value\": \"Westdeutschland\"}]}");

        api.get("/api/v1/segments/" + byName).andExpect(jsonPath("$.text").value(Matchers.endsWith("country = DE")));
        assertThat(ids(json(api.get("/api/v1/segments/" + byName + "/members")).get("items"))).containsExactly(german);
        assertThat(ids(json(api.get("/api/v1/segments/" + unreadable + "/members")).get("items"))).containsExactly(legacy);
    }

    /** A segment as saved before this change: its rule kept as it was typed. */
    private long stored(String ruleJson) {
        var then = OffsetDateTime.parse("2026-01-01T00:00:00Z");
        var keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO segments (name, rule_json, time_dependent, rebuild_due, created_by, created_at, updated_at)"
                        + " VALUES (?, ?, FALSE, FALSE, 'test', ?, ?)")
                .params(tag + "-" + UUID.randomUUID(), ruleJson, then, then).update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    private long contact(String country) throws Exception {
        return api.createContact("{\"email\": \"" + uniqueEmail("ctry") + "\", \"source\": \"API\", \"tags\": [\"" + tag
                + "\"]" + (country == null ? "" : ", \"country\": \"" + country + "\"") + "}");
    }

    private List<Long> matching(String rule) throws Exception {
        return members(text("tag = \"" + tag + "\" and (" + rule + ")"));
    }

    private List<Long> matchingJson(String rule) throws Exception {
        return members("{\"rule\": {\"and\": [{\"field\": \"tag\", \"op\": \"=\", \"value\": \"" + tag + "\"}, " + rule + "]}}");
    }

    private List<Long> members(String body) throws Exception {
        return ids(json(api.post("/api/v1/segments/preview", body).andExpect(status().isOk())).get("sample"));
    }

    private static String text(String rule) {
        return JsonMapper.shared().createObjectNode().put("text", rule).toString();
    }

    private static List<Long> ids(JsonNode members) {
        List<Long> ids = new ArrayList<>();
        members.forEach(m -> ids.add(m.get("contactId").asLong()));
        return ids;
    }
}
