package io.keepwarm.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.identity.Role;
import io.keepwarm.identity.Users;
import io.keepwarm.support.Api;
import java.util.UUID;
import io.keepwarm.support.KeepwarmTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@KeepwarmTest
class ApiDocsTest {

    @Autowired
    Api api;

    @Autowired
    Users users;

    /** A real MARKETER user: sessions are checked against the users table on every request. */
    private String marketer() {
        String name = "marketer-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(new Users.NewUser(name, "Mia Marketer", null, Role.MARKETER, "a-long-enough-password"));
        return name;
    }

    @Test
    void aLoggedInUserReadsTheOpenApiDescriptionOfEveryResource() throws Exception {
        String marketer = marketer();
        String docs = api.mvc().perform(get("/v3/api-docs").with(user(marketer).roles("MARKETER")))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(docs).contains("\"openapi\":\"3.").contains("Keepwarm API").contains("\"scheme\":\"bearer\"")
                .contains("/api/v1/contacts", "/api/v1/imports", "/api/v1/contacts/{id}/consents", "/api/v1/admin/clock");
        // A body read in part for its endpoint's own checks is described as the body it is.
        assertThat(docs).doesNotContain("BodyAsRead").contains("\"$ref\":\"#/components/schemas/Draft\"",
                "\"$ref\":\"#/components/schemas/NewUserRequest\"");
        api.mvc().perform(get("/swagger-ui/index.html").with(user(marketer).roles("MARKETER")))
                .andExpect(status().isOk());
    }

    @Test
    void theHomePageShowsTheFunnelAndAMarketerFindsTheImportFormThroughTheNavigation() throws Exception {
        String marketer = marketer();
        String page = api.mvc().perform(get("/").with(user(marketer).roles("MARKETER")))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("id=\"contacts-total\"").contains("id=\"funnel-chart\"").contains("href=\"/ui/imports\"");
        String imports = api.mvc().perform(get("/ui/imports").with(user(marketer).roles("MARKETER")))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(imports).contains("action=\"/ui/imports\"").contains("<label for=\"import-file\">");
    }
}
