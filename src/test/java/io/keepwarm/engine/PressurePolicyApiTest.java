package io.keepwarm.engine;

import static io.keepwarm.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;

@KeepwarmTest
class PressurePolicyApiTest {

    private static final String DEFAULTS = """
            {"caps": [{"channel": "EMAIL", "max": 1, "windowDays": 3}, {"channel": "EMAIL", "max": 4, "windowDays": 30},
                      {"channel": "PHONE", "max": 1, "windowDays": 7}],
             "hours": {"EMAIL": {"start": 8, "end": 20, "days": ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"]}},
             "optOutCountries": [], "honourPreferredChannel": true}""";

    @Autowired
    Api api;

    @AfterEach
    void backToTheDefaults() throws Exception {
        change(Role.ADMIN, DEFAULTS).andExpect(status().isOk());
    }

    @Test
    void everyRoleSeesTheDefaults() throws Exception {
        JsonNode policy = json(api.as(Role.SALES, get("/api/v1/pressure-policy")).andExpect(status().isOk()));
        assertThat(policy.get("caps").size()).isEqualTo(3);
        assertThat(policy.at("/caps/1/max").asInt()).isEqualTo(4);
        assertThat(policy.at("/caps/1/windowDays").asInt()).isEqualTo(30);
        assertThat(policy.at("/caps/2/channel").asString()).isEqualTo("PHONE");
        assertThat(policy.at("/hours/EMAIL/start").asInt()).isEqualTo(8);
        assertThat(policy.at("/hours/EMAIL/end").asInt()).isEqualTo(20);
        assertThat(policy.at("/hours/EMAIL/days").size()).isEqualTo(5);
        assertThat(policy.at("/hours/PHONE").isMissingNode()).as("calls follow the account's calling hours").isTrue();
        assertThat(policy.get("optOutCountries").size()).isZero();
        assertThat(policy.get("honourPreferredChannel").asBoolean()).isTrue();
    }

    @Test
    void aMarketerChangesPartsOfThePolicyAndTheRestStays() throws Exception {
        change(Role.MARKETER, """
                {"caps": [{"channel": "EMAIL", "max": 2, "windowDays": 7}, {"max": 3, "windowDays": 14}],
                 "optOutCountries": ["USA", "Canada"], "honourPreferredChannel": false}""")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.caps.length()").value(2))
                .andExpect(jsonPath("$.caps[1].channel").doesNotExist())
                .andExpect(jsonPath("$.caps[1].max").value(3))
                .andExpect(jsonPath("$.optOutCountries[0]").value("CA"))
                .andExpect(jsonPath("$.optOutCountries[1]").value("US"))
                .andExpect(jsonPath("$.honourPreferredChannel").value(false))
                .andExpect(jsonPath("$.hours.EMAIL.start").value(8));
        change(Role.ADMIN, "{\"hours\": {\"EMAIL\": {\"start\": 9, \"end\": 17, \"days\": [\"MONDAY\"]}}}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.hours.EMAIL.end").value(17))
                .andExpect(jsonPath("$.hours.PHONE").doesNotExist())
                .andExpect(jsonPath("$.caps.length()").value(2));
        api.get("/api/v1/audit?entityType=pressure-policy&entityId=account")
                .andExpect(jsonPath("$.items[0].action").value("PRESSURE_POLICY_CHANGED"));
    }

    @Test
    void settingsOutsideTheirLimitsAreRefusedFieldByFieldAndNothingChanges() throws Exception {
        change(Role.ADMIN, """
                {"caps": [{"channel": "EMAIL", "max": 1, "windowDays": 0}, {"channel": "PHONE", "max": 0, "windowDays": 7}],
                 "hours": {"EMAIL": {"start": 24, "end": 20, "days": ["MONDAY"]},
                           "SMS": {"start": 10, "end": 9, "days": []}},
                 "optOutCountries": ["XX"]}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder(
                        "caps[0].windowDays", "caps[1].max", "hours.EMAIL.start", "hours.SMS.end", "hours.SMS.days",
                        "optOutCountries[0]")))
                .andExpect(jsonPath("$.errors[?(@.field == 'optOutCountries[0]')].message").value(
                        "'XX' names no country we know: write its ISO 3166 code (US, CA) or its English name (United"
                                + " States, Canada)"));
        change(Role.ADMIN, "{\"caps\": [{\"channel\": \"FAX\", \"max\": 1, \"windowDays\": 1}]}")
                .andExpect(status().isBadRequest());
        change(Role.ADMIN, "{\"caps\": [{\"channel\": \"EMAIL\", \"windowDays\": 1}]}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("caps[0].max"));
        api.get("/api/v1/pressure-policy").andExpect(jsonPath("$.caps.length()").value(3))
                .andExpect(jsonPath("$.hours.EMAIL.start").value(8));
    }

    @Test
    void anOptOutCountryNamingTwoCountriesIsRefusedNamingBoth() throws Exception {
        change(Role.ADMIN, "{\"optOutCountries\": [\"Canada\", \"Congo\"]}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("optOutCountries[1]"))
                .andExpect(jsonPath("$.errors[0].message").value("'Congo' names two countries, Congo - Brazzaville and Congo - Kinshasa, and Keepwarm does not guess which:"
                        + " write CG for Congo - Brazzaville or CD for Congo - Kinshasa"));
        api.get("/api/v1/pressure-policy").andExpect(jsonPath("$.optOutCountries.length()").value(0));
    }

    @Test
    void callsHaveNoQuietHoursOfTheirOwnTheAnswerPointsToTheCallingHours() throws Exception {
        change(Role.ADMIN, "{\"hours\": {\"PHONE\": {\"start\": 9, \"end\": 17, \"days\": [\"MONDAY\"]}}}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("hours.PHONE"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString(
                        "PUT /api/v1/account/settings")));
        api.get("/api/v1/pressure-policy").andExpect(jsonPath("$.hours.PHONE").doesNotExist())
                .andExpect(jsonPath("$.hours.EMAIL.start").value(8));
    }

    @Test
    void salesCannotChangeThePolicy() throws Exception {
        change(Role.SALES, "{\"honourPreferredChannel\": false}").andExpect(status().isForbidden());
    }

    @Test
    void aRepRecordsMonthlyOnlyAndAnyoneCanReadAndClearIt() throws Exception {
        long id = api.createContact("{\"email\": \"" + Api.uniqueEmail("monthly") + "\"}");
        String path = "/api/v1/contacts/" + id + "/frequency";
        api.as(Role.SALES, get(path)).andExpect(status().isNotFound());
        api.as(Role.SALES, put(path).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"channel\": \"EMAIL\", \"maxTouches\": 1, \"windowDays\": 30}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.contactId").value(id))
                .andExpect(jsonPath("$.channel").value("EMAIL"))
                .andExpect(jsonPath("$.maxTouches").value(1))
                .andExpect(jsonPath("$.windowDays").value(30))
                .andExpect(jsonPath("$.updatedBy").value("api-key:test-sales"));
        api.as(Role.MARKETER, put(path).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"maxTouches\": 2, \"windowDays\": 60}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.channel").doesNotExist());
        api.as(Role.MARKETER, get(path)).andExpect(jsonPath("$.windowDays").value(60));
        api.get("/api/v1/audit?entityType=contact&entityId=" + id)
                .andExpect(jsonPath("$.items[0].action").value("FREQUENCY_PREFERENCE_SET"));
        api.as(Role.SALES, delete(path)).andExpect(status().isNoContent());
        api.as(Role.SALES, get(path)).andExpect(status().isNotFound());
        api.as(Role.SALES, delete(path)).andExpect(status().isNoContent());
    }

    @Test
    void aPreferenceOutsideItsLimitsOrForNobodyIsRefused() throws Exception {
        long id = api.createContact("{\"email\": \"" + Api.uniqueEmail("limits") + "\"}");
        api.as(Role.SALES, put("/api/v1/contacts/" + id + "/frequency").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"maxTouches\": 0, \"windowDays\": 366}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("maxTouches"))
                .andExpect(jsonPath("$.errors[1].field").value("windowDays"));
        api.as(Role.SALES, put("/api/v1/contacts/999999999/frequency").contentType(MediaType.APPLICATION_JSON)
                .content("{\"maxTouches\": 1, \"windowDays\": 30}")).andExpect(status().isNotFound());
        api.as(Role.SALES, get("/api/v1/contacts/999999999/frequency")).andExpect(status().isNotFound());
    }

    private ResultActions change(Role role, String json) throws Exception {
        return api.as(role, put("/api/v1/pressure-policy").contentType(MediaType.APPLICATION_JSON).content(json));
    }
}
