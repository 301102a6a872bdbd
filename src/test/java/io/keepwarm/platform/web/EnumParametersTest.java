package io.keepwarm.platform.web;

import static io.keepwarm.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A value of a fixed set in a query parameter is read in any case, everywhere, and one that is none says which are. */
@KeepwarmTest
class EnumParametersTest {

    @Autowired Api api;

    @Test
    void filtersTakeTheirValuesInAnyCase() throws Exception {
        String email = Api.uniqueEmail("enum-case");
        long id = api.createContact("{\"email\": \"" + email + "\", \"source\": \"TRADE_SHOW\"}");

        for (String source : new String[] {"TRADE_SHOW", "trade_show", "Trade-Show", "trade show"}) {
            assertThat(json(api.get("/api/v1/contacts?q=" + email + "&source=" + source).andExpect(status().isOk()))
                    .get("items").findValuesAsString("email")).as(source).containsExactly(email);
        }
        api.get("/api/v1/contacts/" + id).andExpect(status().isOk());
        for (String address : new String[] {"/api/v1/handoffs?state=open", "/api/v1/tasks/history?status=open",
                "/api/v1/content?stage=nurture&status=live", "/api/v1/programs?status=Active",
                "/api/v1/triggers?status=active", "/api/v1/contacts/" + id + "/activities?type=page_view,Replied"}) {
            api.get(address).andExpect(status().isOk());
            assertThat(json(api.get(address)).get("items")).as(address)
                    .isEqualTo(json(api.get(upperCaseValues(address))).get("items"));
        }
    }

    @Test
    void aValueThatIsNoneOfThemIsA400ListingThoseThereAre() throws Exception {
        api.get("/api/v1/handoffs?state=opne")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("Parameter 'state' must be one of [OPEN, ACCEPTED, REJECTED,"
                        + " CANCELLED], not 'opne'"))
                .andExpect(jsonPath("$.errors[0].field").value("state"));
        api.get("/api/v1/tasks/history?status=finished")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(Matchers.startsWith("Parameter 'status' must be one of [OPEN")));
    }

    /** The same address with each parameter's value in upper case and its hyphens as underscores. */
    private static String upperCaseValues(String address) {
        StringBuilder upper = new StringBuilder(address.substring(0, address.indexOf('?') + 1));
        for (String parameter : address.substring(address.indexOf('?') + 1).split("&")) {
            String[] pair = parameter.split("=");
            upper.append(upper.charAt(upper.length() - 1) == '?' ? "" : "&").append(pair[0]).append('=')
                    .append(pair[1].toUpperCase(java.util.Locale.ROOT));
        }
        return upper.toString();
    }
}
