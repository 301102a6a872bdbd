package io.keepwarm.contact;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SortedContacts;
import io.keepwarm.support.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;

/** Sorting the contact list through the API, page after page, as an integration reading 100,000 contacts would. */
@KeepwarmTest
class ContactSortTest {

    @Autowired
    Api api;

    @Autowired
    TestClock clock;

    @Test
    void everySortBothWaysPagesThroughTiesAndMissingCompaniesAndScoresInTheOrderAPersonExpects() throws Exception {
        String tag = "sorted-" + UUID.randomUUID().toString().substring(0, 8);
        Map<Long, Long> scores = new java.util.HashMap<>();
        long ada = contact(tag, "Ada", "Lovelace", "Acme " + tag);
        scores.put(ada, 40L);
        long byron = contact(tag, "Byron", "lovelace", "Acme " + tag);
        scores.put(byron, 40L);
        long ada2 = contact(tag, "ada", "Lovelace", null);
        clock.advance(Duration.ofMinutes(1));
        long emile = contact(tag, "Émile", "Zola", "Beta " + tag);
        scores.put(emile, 10L);
        long zeta = contact(tag, null, null, "Zeta " + tag);
        clock.advance(Duration.ofMinutes(1));
        long charles = contact(tag, "Charles", "Babbage", null);
        scores.put(charles, 90L);
        long grace = contact(tag, "Grace", null, "Beta " + tag);
        long hopper = contact(tag, null, "Hopper", null);
        for (var score : scores.entrySet()) {
            api.as(Role.ADMIN, MockMvcRequestBuilders.put("/api/v1/contacts/" + score.getKey() + "/score")
                    .contentType(MediaType.APPLICATION_JSON).content("{\"score\": " + score.getValue() + "}"))
                    .andExpect(status().isOk());
        }
        clock.advance(Duration.ofMinutes(1));
        api.patch("/api/v1/contacts/" + ada2, "{\"title\": \"Countess\"}").andExpect(status().isOk());
        List<SortedContacts.Item> items = new ArrayList<>();
        for (JsonNode c : pages(tag, null, 500).getFirst()) {
            JsonNode company = c.get("company");
            items.add(new SortedContacts.Item(c.get("id").asLong(), text(c, "lastName"), text(c, "firstName"),
                    c.get("email").asString(), company == null || company.isNull() ? null : company.get("name").asString(),
                    company == null || company.isNull() ? null : company.get("id").asLong(), scores.get(c.get("id").asLong()),
                    Instant.parse(c.get("updatedAt").asString()), Instant.parse(c.get("createdAt").asString())));
        }
        assertThat(items).hasSize(8);

        for (String sort : ContactSort.accepted()) {
            List<List<JsonNode>> pages = pages(tag, sort, 3);
            List<Long> paged = pages.stream().flatMap(List::stream).map(c -> c.get("id").asLong()).toList();
            assertThat(paged).as(sort).isEqualTo(SortedContacts.order(items, ContactSort.parse(sort)));
            assertThat(pages).as(sort).hasSize(3);
        }
        assertThat(ids(pages(tag, "lastName", 500))).as("Babbage, Hopper, Lovelace Ada (twice, by id), Byron, Zola;"
                + " those without a last name last, by first name").containsExactly(charles, hopper, ada, ada2, byron,
                emile, zeta, grace);
        assertThat(ids(pages(tag, "-score", 500))).as("highest first, ties newest first, the never scored last")
                .startsWith(charles, byron, ada, emile);
        assertThat(ids(pages(tag, "score", 500))).as("lowest first, the never scored still last").startsWith(emile,
                ada, byron, charles);
        assertThat(ids(pages(tag, "-updatedAt", 500)).getFirst()).as("the one changed last").isEqualTo(ada2);
    }

    @Test
    void aSortTheListDoesNotKnowIsRefusedNamingEverySortItDoes() throws Exception {
        api.get("/api/v1/contacts?sort=lastname").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("lastName, -lastName, email, -email,"
                        + " company, -company, score, -score, updatedAt, -updatedAt, createdAt, -createdAt")))
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("not 'lastname'")));
    }

    @Test
    void aCursorOfOneSortUsedWithAnotherIsRefusedSayingWhichSortItCameFrom() throws Exception {
        String tag = "cursors-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 3; i++) {
            contact(tag, "Ann" + i, "Ames" + i, null);
        }
        String byName = json(api.get("/api/v1/contacts?limit=1&sort=lastName&tag=" + tag)).get("nextCursor").asString();
        String byId = json(api.get("/api/v1/contacts?limit=1&tag=" + tag)).get("nextCursor").asString();

        api.get("/api/v1/contacts?limit=1&sort=-lastName&tag=" + tag + "&cursor=" + byName)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("comes from the list sorted by lastName,"
                        + " not from sort=-lastName")));
        api.get("/api/v1/contacts?limit=1&tag=" + tag + "&cursor=" + byName).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("not from the usual order (no sort)")));
        api.get("/api/v1/contacts?limit=1&sort=email&tag=" + tag + "&cursor=" + byId).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("comes from the list in its usual order")));
        api.get("/api/v1/contacts?limit=1&sort=email&cursor=bm90LW91cnM").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("not a cursor this API handed out")));
    }

    private long contact(String tag, String first, String last, String company) throws Exception {
        StringBuilder json = new StringBuilder("{\"email\": \"" + uniqueEmail("sort") + "\", \"tags\": [\"" + tag + "\"]");
        if (first != null) {
            json.append(", \"firstName\": \"").append(first).append('"');
        }
        if (last != null) {
            json.append(", \"lastName\": \"").append(last).append('"');
        }
        if (company != null) {
            json.append(", \"company\": {\"name\": \"").append(company).append("\"}");
        }
        return api.createContact(json.append('}').toString());
    }

    /** The list filtered by the tag, sorted so, read page after page with the cursors it hands out. */
    private List<List<JsonNode>> pages(String tag, String sort, int limit) throws Exception {
        List<List<JsonNode>> pages = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = json(api.get("/api/v1/contacts?tag=" + tag + "&limit=" + limit
                    + (sort == null ? "" : "&sort=" + sort) + (cursor == null ? "" : "&cursor=" + cursor))
                    .andExpect(status().isOk()));
            pages.add(page.get("items").valueStream().toList());
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
        } while (cursor != null);
        return pages;
    }

    private static List<Long> ids(List<List<JsonNode>> pages) {
        return pages.stream().flatMap(List::stream).map(c -> c.get("id").asLong()).toList();
    }

    private static String text(JsonNode contact, String field) {
        JsonNode value = contact.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
