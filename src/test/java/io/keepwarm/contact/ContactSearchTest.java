package io.keepwarm.contact;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.util.List;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Finding a contact the way a person types them: a full name, "last, first", or with the company. */
@KeepwarmTest
class ContactSearchTest {

    @Autowired
    Api api;

    @Test
    void aWordInsideANameOrTheCompanyOrTheAddressesDomainFindsTheContactInTheApiAndOnTheList() throws Exception {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        long ada = api.createContact("""
                {"email": "ada@%s-works.example", "firstName": "Ada", "lastName": "Lovelace-King%s",
                 "company": {"name": "Acme Cooling%s Systems"}}""".formatted(run, run, run));

        for (String q : List.of("king" + run, "cooling" + run, "acme cooling" + run, run + "-works", "ada cooling" + run)) {
            assertThat(apiFinds(q)).as(q).containsExactly(ada);
            assertThat(listFinds(q)).as(q).containsExactly(ada);
        }
        assertThat(apiFinds("ooling" + run)).as("a word is found where it starts, not in its middle").isEmpty();
        assertThat(listFinds("ooling" + run)).isEmpty();
    }

    @Test
    void aFullNameInEitherOrderOrANameWithTheCompanyFindsTheContactInTheApiAndOnTheList() throws Exception {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String first = "Ada" + run;
        String last = "Lovelace" + run;
        String company = "Analytical " + run + " Engines";
        long ada = api.createContact("""
                {"email": "%s", "firstName": "%s", "lastName": "%s", "company": {"name": "%s"}}"""
                .formatted(uniqueEmail("search"), first, last, company));
        api.createContact("""
                {"email": "%s", "firstName": "%s", "lastName": "Byron"}""".formatted(uniqueEmail("other"), first));

        for (String q : List.of(first + " " + last, last.toUpperCase() + ", " + first, "  " + first.toLowerCase() + "  " + last
                + " ", last + " analytical", "ANALYTICAL " + first)) {
            assertThat(apiFinds(q)).as(q).containsExactly(ada);
            assertThat(listFinds(q)).as(q).containsExactly(ada);
        }
        assertThat(apiFinds(first)).as("one word still finds everyone it starts").hasSize(2);
        assertThat(apiFinds(first + " nobody" + run)).as("every word must match").isEmpty();
        assertThat(listFinds(first + " nobody" + run)).isEmpty();
    }

    @Test
    void aNameWithAccentsIsFoundTypedWithoutThemAndWithThemInTheApiAndOnTheList() throws Exception {
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        long jurgen = api.createContact("""
                {"email": "%s", "firstName": "Jürgen", "lastName": "Müller%s",
                 "company": {"name": "Württemberg%s Groß"}}""".formatted(uniqueEmail("jurgen"), run, run));
        long zoe = api.createContact("""
                {"email": "%s", "firstName": "ZOË", "lastName": "Ødegård%s"}""".formatted(uniqueEmail("zoe"), run));

        for (String q : List.of("muller" + run, "Müller" + run, "MULLER" + run, "wurttemberg" + run + " gross",
                "jurgen muller" + run)) {
            assertThat(apiFinds(q)).as(q).containsExactly(jurgen);
            assertThat(listFinds(q)).as(q).containsExactly(jurgen);
        }
        assertThat(apiFinds("zoe odegard" + run)).containsExactly(zoe);
        assertThat(listFinds("Zoë Ødegård" + run)).containsExactly(zoe);
    }

    @Test
    void aSearchOfTooManyWordsIsRefusedSayingHowMany() throws Exception {
        api.mvc().perform(get("/api/v1/contacts").param("q", "a b c d e f g")
                        .with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER"))).andExpect(status().isBadRequest())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.detail")
                        .value(org.hamcrest.Matchers.containsString("at most 6 words")));
    }

    private List<Long> apiFinds(String q) throws Exception {
        return json(api.mvc().perform(get("/api/v1/contacts").param("q", q)
                        .with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER"))))
                .get("items").valueStream().map(c -> c.get("id").asLong()).toList();
    }

    private List<Long> listFinds(String q) throws Exception {
        String html = api.mvc().perform(get("/ui/contacts").param("q", q)
                .with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER"))).andReturn().getResponse().getContentAsString();
        return Jsoup.parse(html).select("a[href^=/ui/contacts/]").stream().map(a -> a.attr("href").substring(13))
                .filter(s -> s.matches("\\d+")).map(Long::valueOf).distinct().toList();
    }
}
