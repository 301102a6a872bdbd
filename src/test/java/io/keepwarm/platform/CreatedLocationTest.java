package io.keepwarm.platform;

import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An integrator keeps the Location of what they created and reads it back from there: every create that answers
 * 201 names the address of the thing made, and that address answers it.
 */
@KeepwarmTest
class CreatedLocationTest {

    @Autowired
    Api api;

    @Test
    void anApiKeyCreatedIsReadBackAtItsLocationWithoutItsSecret() throws Exception {
        // A name of its own: a live key's name is taken for every other test sharing the database.
        String name = "crm-sync-" + java.util.UUID.randomUUID();
        MvcResult created = api.post("/api/v1/api-keys", "{\"name\": \"" + name + "\", \"role\": \"MARKETER\"}")
                .andExpect(status().isCreated()).andReturn();
        JsonNode body = json(created);
        String location = location(created, "/api/v1/api-keys/\\d+");

        var read = api.get(location).andExpect(status().isOk()).andReturn();
        assertThat(json(read)).isEqualTo(body.get("apiKey"));
        assertThat(read.getResponse().getContentAsString()).doesNotContain(body.get("key").asString());
        api.get("/api/v1/api-keys/999999999").andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("API key 999999999 does not exist"));
    }

    @Test
    void aNoteAndAConsentStatementAreReadBackAtTheirLocationUnderTheirContactOnly() throws Exception {
        long contact = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("located")));
        long other = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("elsewhere")));

        MvcResult note = api.post("/api/v1/contacts/" + contact + "/notes", "{\"body\": \"call back after the fair\"}")
                .andExpect(status().isCreated()).andReturn();
        String noteAt = location(note, "/api/v1/contacts/" + contact + "/notes/\\d+");
        assertThat(json(api.get(noteAt).andExpect(status().isOk()).andReturn())).isEqualTo(json(note));

        MvcResult consent = api.post("/api/v1/contacts/" + contact + "/consents",
                "{\"channel\": \"EMAIL\", \"state\": \"GRANTED\", \"source\": \"fair sign-up sheet\"}")
                .andExpect(status().isCreated()).andReturn();
        String consentAt = location(consent, "/api/v1/contacts/" + contact + "/consents/\\d+");
        assertThat(json(api.get(consentAt).andExpect(status().isOk()).andReturn())).isEqualTo(json(consent));

        // The same ids under another contact are not theirs to show.
        api.get(noteAt.replace("/contacts/" + contact + "/", "/contacts/" + other + "/"))
                .andExpect(status().isNotFound());
        api.get(consentAt.replace("/contacts/" + contact + "/", "/contacts/" + other + "/"))
                .andExpect(status().isNotFound());
    }

    @Test
    void anAttributeAFitRuleAndATerritoryAreReadBackAtTheirLocation() throws Exception {
        String key = "fleet_" + UUID.randomUUID().toString().substring(0, 8).replace('-', '_');
        MvcResult attribute = api.post("/api/v1/attributes",
                "{\"key\": \"%s\", \"label\": \"Fleet size %s\", \"type\": \"NUMBER\"}".formatted(key, key))
                .andExpect(status().isCreated()).andReturn();
        String attributeAt = location(attribute, "/api/v1/attributes/" + key);
        assertThat(json(api.get(attributeAt).andExpect(status().isOk()).andReturn())).isEqualTo(json(attribute));
        api.get("/api/v1/attributes/zz_nope").andExpect(status().isNotFound());

        MvcResult fit = api.post("/api/v1/scoring/fit-rules",
                "{\"name\": \"Located fit\", \"rule\": \"industry = \\\"Located\\\"\", \"points\": 5}")
                .andExpect(status().isCreated()).andReturn();
        String fitAt = location(fit, "/api/v1/scoring/fit-rules/\\d+");
        assertThat(json(api.get(fitAt).andExpect(status().isOk()).andReturn())).isEqualTo(json(fit));
        api.delete(fitAt).andExpect(status().isNoContent());

        long rep = json(api.post("/api/v1/users", """
                {"username": "%s", "displayName": "Located Rep", "role": "SALES", "password": "a-long-enough-password"}"""
                .formatted("located-" + UUID.randomUUID().toString().substring(0, 8))).andReturn()).get("id").asLong();
        MvcResult territory = api.post("/api/v1/territories",
                "{\"region\": \"located-land\", \"repId\": %d}".formatted(rep))
                .andExpect(status().isCreated()).andReturn();
        String territoryAt = location(territory, "/api/v1/territories/\\d+");
        // the rule as saved, without what saving it had to say
        ObjectNode savedTerritory = (ObjectNode) json(territory);
        assertThat(savedTerritory.remove("warnings")).as("what saving it had to say").isNotNull();
        assertThat(json(api.get(territoryAt).andExpect(status().isOk()).andReturn())).isEqualTo(savedTerritory);
        api.delete(territoryAt).andExpect(status().isNoContent());
        api.get(territoryAt).andExpect(status().isNotFound());
    }

    private static String location(MvcResult result, String pattern) {
        String location = result.getResponse().getHeader("Location");
        assertThat(location).as("Location of the created resource").isNotNull().matches(pattern);
        return location;
    }

    private static JsonNode json(MvcResult result) throws Exception {
        return tools.jackson.databind.json.JsonMapper.shared().readTree(result.getResponse().getContentAsString());
    }
}
