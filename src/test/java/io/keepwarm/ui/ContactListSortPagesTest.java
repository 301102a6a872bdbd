package io.keepwarm.ui;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.ContactSort;
import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SortedContacts;
import io.keepwarm.support.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;

/** Sorting the contact list by its column heads, filtered or not, page after page. */
@KeepwarmTest
class ContactListSortPagesTest {

    @Autowired Api api;
    @Autowired TestClock clock;

    @Test
    void eachSortableHeadLinksToTheListSortedByItKeepingTheFiltersAndTheSortedOneSaysWhichWay() throws Exception {
        String tag = "heads-" + UUID.randomUUID().toString().substring(0, 8);
        api.createContact("{\"email\": \"%s\", \"lastName\": \"Ames\", \"tags\": [\"%s\"]}".formatted(uniqueEmail("h"), tag));

        Document list = page("/ui/contacts?q=ames&tag=" + tag + "&rule=score%20%3E%3D%200&sort=-score");

        Element score = head(list, "Score");
        assertThat(score.attr("aria-sort")).isEqualTo("descending");
        assertThat(query(score.selectFirst("a").attr("href"))).containsEntry("sort", "score").containsEntry("q", "ames")
                .containsEntry("tag", tag).containsEntry("rule", "score >= 0");
        assertThat(query(head(list, "Name").selectFirst("a").attr("href"))).containsEntry("sort", "lastName")
                .containsEntry("tag", tag);
        assertThat(query(head(list, "Updated").selectFirst("a").attr("href"))).as("newest first on the first click")
                .containsEntry("sort", "-updatedAt");
        assertThat(head(list, "Name").hasAttr("aria-sort")).isFalse();
        assertThat(head(list, "Stage").select("a")).as("the list cannot be sorted by stage").isEmpty();
        assertThat(list.select("#contact-filters input[name=sort]").attr("value")).as("filtering again keeps the sort")
                .isEqualTo("-score");

        Document ascending = page(score.selectFirst("a").attr("href"));
        assertThat(head(ascending, "Score").attr("aria-sort")).isEqualTo("ascending");
        assertThat(query(head(ascending, "Score").selectFirst("a").attr("href"))).containsEntry("sort", "-score");
    }

    @Test
    void aFilteredListSortedByCompanyOrNamePagesInThatOrderWithTiesAndContactsWithoutACompanyLast() throws Exception {
        String tag = "paged-" + UUID.randomUUID().toString().substring(0, 8);
        String[] companies = {"Acme " + tag, "Beta " + tag, null, "acme " + tag + " Two"};
        String[] lasts = {"Ames", "ames", "Bell", null, "Ćurie"};
        for (int i = 0; i < 31; i++) {
            String company = companies[i % companies.length];
            String last = lasts[i % lasts.length];
            api.createContact("{\"email\": \"%s\", \"firstName\": \"F%d\", %s %s \"tags\": [\"%s\"]}".formatted(
                    uniqueEmail("p"), i % 3, last == null ? "" : "\"lastName\": \"" + last + "\",",
                    company == null ? "" : "\"company\": {\"name\": \"" + company + "\"},", tag));
        }
        List<SortedContacts.Item> items = items(tag);
        assertThat(items).hasSize(31);

        for (String sort : List.of("company", "-company", "lastName", "-lastName")) {
            List<List<Long>> pages = pages("/ui/contacts?tag=" + tag + "&sort=" + sort);
            assertThat(pages).as(sort).hasSize(2);
            assertThat(pages.stream().flatMap(List::stream).toList()).as(sort)
                    .isEqualTo(SortedContacts.order(items, ContactSort.parse(sort)));
        }
    }

    @Test
    void theWholeListSortedNewestFirstStartsWithTheContactMadeLastAndKeepsItsSortOnTheNextPage() throws Exception {
        clock.advance(Duration.ofHours(1));
        long newest = api.createContact("{\"email\": \"%s\", \"lastName\": \"Newest\"}".formatted(uniqueEmail("new")));

        Document first = page("/ui/contacts?sort=-createdAt");

        assertThat(ids(first).getFirst()).isEqualTo(newest);
        assertThat(head(first, "Created").attr("aria-sort")).isEqualTo("descending");
        Element next = first.getElementById("next-page");
        if (next != null) {
            assertThat(query(next.attr("href"))).containsEntry("sort", "-createdAt");
            Document second = page(next.attr("href"));
            assertThat(ids(second)).doesNotContainAnyElementsOf(ids(first));
            assertThat(head(second, "Created").attr("aria-sort")).isEqualTo("descending");
        }
        assertThat(page("/ui/contacts?sort=shoesize").select("[role=alert]").text())
                .contains("must be one of lastName, -lastName");
    }

    private List<SortedContacts.Item> items(String tag) throws Exception {
        List<SortedContacts.Item> items = new ArrayList<>();
        for (JsonNode c : json(api.get("/api/v1/contacts?limit=500&tag=" + tag)).get("items")) {
            JsonNode company = c.get("company");
            boolean none = company == null || company.isNull();
            items.add(new SortedContacts.Item(c.get("id").asLong(), text(c, "lastName"), text(c, "firstName"),
                    c.get("email").asString(), none ? null : company.get("name").asString(),
                    none ? null : company.get("id").asLong(), null, Instant.parse(c.get("updatedAt").asString()),
                    Instant.parse(c.get("createdAt").asString())));
        }
        return items;
    }

    /** The contacts' ids on each page, following the next-page link from the first. */
    private List<List<Long>> pages(String first) throws Exception {
        List<List<Long>> pages = new ArrayList<>();
        String at = first;
        while (at != null) {
            Document page = page(at);
            pages.add(ids(page));
            Element next = page.getElementById("next-page");
            at = next == null ? null : next.attr("href");
        }
        return pages;
    }

    private Document page(String path) throws Exception {
        return Jsoup.parse(api.mvc().perform(get(UriComponentsBuilder.fromUriString(path).build(true).toUri())
                        .with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
    }

    private static List<Long> ids(Document page) {
        return page.select("#contact-list tbody tr td:first-child a").stream()
                .map(a -> Long.valueOf(a.attr("href").substring("/ui/contacts/".length()))).toList();
    }

    private static Element head(Document page, String label) {
        return page.select("#contact-list thead th").stream().filter(th -> th.text().equals(label)).findFirst()
                .orElseThrow();
    }

    private static java.util.Map<String, String> query(String href) {
        return UriComponentsBuilder.fromUriString(href).build(true).getQueryParams().toSingleValueMap().entrySet()
                .stream().collect(java.util.stream.Collectors.toMap(java.util.Map.Entry::getKey,
                        e -> java.net.URLDecoder.decode(e.getValue(), java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static String text(JsonNode contact, String field) {
        JsonNode value = contact.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
