package io.keepwarm.platform;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The short admin lists read as every other list: a page of items with the cursor of the next. */
@KeepwarmTest
class AdminListsTest {

    private static final List<String> LISTS = List.of("/api/v1/users", "/api/v1/api-keys", "/api/v1/territories",
            "/api/v1/scoring/rules", "/api/v1/scoring/fit-rules", "/api/v1/attributes");

    @Autowired
    Api api;

    @Test
    void eachAdminListIsAPageOfItemsWithTheStandardLimitAndCursor() throws Exception {
        for (String list : LISTS) {
            var page = json(api.get(list + "?limit=1").andExpect(status().isOk()));
            assertThat(page.get("items").isArray()).as(list).isTrue();
            assertThat(page.get("items").size()).as(list).isLessThanOrEqualTo(1);
            assertThat(page.has("nextCursor")).as(list).isTrue();
            api.get(list + "?limit=501").andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("limit"));
            api.get(list + "?cursor=nonsense").andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("cursor"));
        }
    }

    @Test
    void usersAndAttributesComePageByPageEachOnce() throws Exception {
        for (int i = 0; i < 2; i++) {
            api.post("/api/v1/users", """
                    {"username": "%s", "displayName": "Paged", "role": "SALES", "password": "a-long-enough-password"}"""
                    .formatted("paged-" + java.util.UUID.randomUUID().toString().substring(0, 8)))
                    .andExpect(status().isCreated());
        }
        for (String list : List.of("/api/v1/users", "/api/v1/attributes")) {
            List<String> all = api.every(list).stream().map(Object::toString).toList();
            assertThat(all).as(list).hasSizeGreaterThan(1).doesNotHaveDuplicates();
            var first = json(api.get(list + "?limit=1"));
            var second = json(api.get(list + "?limit=1&cursor=" + first.get("nextCursor").asString()));
            assertThat(List.of(first.get("items").get(0).toString(), second.get("items").get(0).toString()))
                    .as(list).isEqualTo(all.subList(0, 2));
        }
    }

    @Test
    void aContactsTagsComeInAlphabeticalOrderPageByPage() throws Exception {
        long contact = api.createContact("{\"email\": \"%s\", \"tags\": [\"golf\", \"boat-owner\", \"fair-2027\"]}"
                .formatted(uniqueEmail("tagged")));
        var first = json(api.get("/api/v1/contacts/" + contact + "/tags?limit=2")
                .andExpect(jsonPath("$.items[0]").value("boat-owner"))
                .andExpect(jsonPath("$.items[1]").value("fair-2027")));
        api.get("/api/v1/contacts/" + contact + "/tags?limit=2&cursor=" + first.get("nextCursor").asString())
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.items[0]").value("golf"))
                .andExpect(jsonPath("$.nextCursor").value(org.hamcrest.Matchers.nullValue()));
    }
}
