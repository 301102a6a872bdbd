package io.keepwarm.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.Contacts;
import io.keepwarm.contact.SuppressionList;
import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Settings → Suppression list as an admin uses it: an address added by hand is listed in words, a second time or a bad
 * address is refused at the field, an entry is lifted with a confirmation, and an erased person's shows nothing.
 */
@KeepwarmTest
class SuppressionPagesTest {

    @Autowired Api api;
    @Autowired Contacts contacts;
    @Autowired SuppressionList suppressions;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void anAdminAddsAnAddressSeesItInWordsIsRefusedTheSameAgainAtTheFieldAndLiftsIt() throws Exception {
        String email = "ada-" + run + "@example.com";
        long contact = api.createContact("{\"email\": \"" + email + "\", \"firstName\": \"Ada\", \"lastName\": \"Byron\"}");

        var added = api.mvc().perform(as(post("/ui/settings/suppressions").param("email", email)
                .param("note", "asked by letter " + run))).andExpect(redirectedUrl("/ui/settings/suppressions"))
                .andReturn();
        Document page = Jsoup.parse(api.mvc().perform(as(get("/ui/settings/suppressions")
                .flashAttrs(added.getFlashMap()))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(page.select("#added").text()).startsWith(email + " is on the suppression list");
        assertThat(page.select(".settings-nav a[aria-current=page]").text()).isEqualTo("Suppression list");
        Element row = page.select("#suppressions tbody tr").first();
        assertThat(row.text()).as("newest first, in words").contains(email, "added by hand", "asked by letter " + run)
                .doesNotContain("MANUAL");
        assertThat(row.select("td").get(3).text()).as("who added it, by name").isNotBlank().isNotEqualTo("not recorded");
        assertThat(row.select("a[href=/ui/contacts/" + contact + "]").text()).isEqualTo("Ada Byron");
        assertThat(row.select("button").text()).isEqualTo("Lift");

        Document audit = Jsoup.parse(page(get("/ui/settings/audit").param("entityType", "suppression")));
        assertThat(audit.select("a[href=/ui/settings/suppressions#" + row.id() + "]").eachText())
                .as("the audit log names the entry by its address").contains("the suppression list's entry for " + email);

        Document again = Jsoup.parse(page(post("/ui/settings/suppressions").param("email", email.toUpperCase())
                .param("note", "twice")));
        assertThat(FieldMessages.of(again, "suppression-email")).isEqualTo("is already on the suppression list: nothing was added.");
        assertThat(again.getElementById("suppression-note").val()).as("kept as typed").isEqualTo("twice");
        assertThat(again.select("#suppressions tbody tr").eachText()).filteredOn(t -> t.contains(email)).hasSize(1);

        Document bad = Jsoup.parse(page(post("/ui/settings/suppressions").param("email", "not an address " + run)));
        assertThat(FieldMessages.of(bad, "suppression-email")).isNotBlank();
        assertThat(bad.select("#suppressions").text()).doesNotContain("not an address " + run);

        String lift = row.select("form").attr("action");
        var lifted = api.mvc().perform(as(post(lift))).andExpect(redirectedUrl("/ui/settings/suppressions"))
                .andReturn();
        Document after = Jsoup.parse(api.mvc().perform(as(get("/ui/settings/suppressions")
                .flashAttrs(lifted.getFlashMap()))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(after.select("#lifted").text()).startsWith(email + " is off the suppression list");
        assertThat(after.select("#suppressions").text()).doesNotContain(email);
    }

    @Test
    void anErasedPersonsEntryShowsNoAddressAndNoLiftButton() throws Exception {
        String email = "erased-" + run + "@example.com";
        long contact = api.createContact("{\"email\": \"" + email + "\"}");
        contacts.suppress(contact, SuppressionList.COMPLAINT);
        long id = suppressions.newestFirst(null, 50).items().stream().filter(e -> email.equals(e.email())).findFirst()
                .orElseThrow().id();
        assertThat(listed(id).text()).contains(email, "a spam complaint");

        api.delete("/api/v1/contacts/" + contact).andExpect(status().is2xxSuccessful());

        Element row = listed(id);
        assertThat(row.text()).contains("an erased person's address", "erased person").doesNotContain(email)
                .doesNotContain("erased-" + run);
        assertThat(row.select("button, form, a")).as("nothing to lift, no contact to open").isEmpty();
    }

    @Test
    void marketersAndSalesCannotOpenTheSuppressionList() throws Exception {
        for (Role role : new Role[] {Role.MARKETER, Role.SALES}) {
            api.mvc().perform(get("/ui/settings/suppressions").with(user(api.sessionUser(role)).roles(role.name())))
                    .andExpect(status().isForbidden());
            api.mvc().perform(post("/ui/settings/suppressions").param("email", "m-" + run + "@example.com")
                    .with(user(api.sessionUser(role)).roles(role.name())).with(csrf())).andExpect(status().isForbidden());
        }
        assertThat(suppressions.newestFirst(null, 50).items()).noneMatch(e -> ("m-" + run + "@example.com").equals(e.email()));
    }

    private Element listed(long id) throws Exception {
        Element row = Jsoup.parse(page(get("/ui/settings/suppressions"))).getElementById("suppression-" + id);
        assertThat(row).isNotNull();
        return row;
    }

    private String page(MockHttpServletRequestBuilder request) throws Exception {
        return api.mvc().perform(as(request)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    private MockHttpServletRequestBuilder as(MockHttpServletRequestBuilder request) {
        return request.with(user(api.sessionUser(Role.ADMIN)).roles(Role.ADMIN.name())).with(csrf());
    }
}
