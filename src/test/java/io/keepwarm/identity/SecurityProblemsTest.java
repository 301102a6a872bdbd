package io.keepwarm.identity;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/** A refusal by the security chain is a problem with the same members as the controllers' ones, the address included. */
@KeepwarmTest
class SecurityProblemsTest {

    @Autowired Api api;

    @Test
    void aCallerNotSignedInOrWithABadKeyGetsA401NamingTheAddress() throws Exception {
        api.mvc().perform(get("/api/v1/contacts"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.instance").value("/api/v1/contacts"));
        api.mvc().perform(get("/api/v1/contacts/7").header("Authorization", "Bearer kw_nope"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.instance").value("/api/v1/contacts/7"));
        api.mvc().perform(get("/api/v1/segments").header("Authorization", "Basic abc"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.instance").value("/api/v1/segments"));
    }

    @Test
    void aRoleRefusedOrAnAddressNobodyAnswersGetsAProblemNamingTheAddressAsAControllerProblemDoes() throws Exception {
        api.as(Role.SALES, get("/api/v1/audit"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.instance").value("/api/v1/audit"));
        api.as(Role.SALES, get("/api/v1/contactz"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.instance").value("/api/v1/contactz"));
        api.as(Role.ADMIN, get("/api/v1/contacts/abc"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.instance").value("/api/v1/contacts/abc"));
    }

    @Test
    void anApiKeysCallsLeaveNoSessionBehind() throws Exception {
        for (var call : java.util.List.of(get("/api/v1/contacts"), get("/api/v1/contacts?limit=5"),
                get("/api/v1/segments"))) {
            org.assertj.core.api.Assertions.assertThat(api.as(Role.MARKETER, call).andExpect(status().isOk()).andReturn()
                    .getRequest().getSession(false)).isNull();
        }
    }

    @Test
    void everyProblemHasTheSameMembersWhoeverWroteItTheTypeIncluded() throws Exception {
        api.mvc().perform(get("/api/v1/contacts")).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("about:blank"));
        api.as(Role.ADMIN, get("/api/v1/contacts/123456789")).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("about:blank"));
        api.as(Role.ADMIN, get("/api/v1/contacts?limit=0")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("about:blank"));
        api.as(Role.ADMIN, org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/api/v1/contacts/1")
                        .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(jsonPath("$.type").value("about:blank"));
    }
}
