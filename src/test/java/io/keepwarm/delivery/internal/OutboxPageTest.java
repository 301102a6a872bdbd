package io.keepwarm.delivery.internal;

import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The outbox page as a marketer reads it: what went out lately comes first, older messages a page further. */
@KeepwarmTest
class OutboxPageTest {

    @Autowired Api api;
    @Autowired OutboxStore outbox;
    @Autowired TestClock clock;

    @Test
    void theOutboxPageListsTheNewestMessageFirstAndPagesBackToTheOldest() throws Exception {
        String email = uniqueEmail("outbox-order");
        long contact = api.createContact("{\"email\": \"" + email + "\"}");
        for (int i = 1; i <= 55; i++) {
            outbox.insertOne(new OutboxStore.NewMessage(null, contact, "NURTURE", email, "news@example.com", "News",
                    "Letter " + i, "<p>" + i + "</p>", String.valueOf(i), null, List.of(), null, "KEPT", null),
                    clock.instant());
        }

        List<String> subjects = new ArrayList<>();
        Document page = page("/ui/outbox?contact=" + contact);
        page.select("#outbox tbody tr").forEach(row -> subjects.add(row.select("td").get(2).text()));
        assertThat(subjects).hasSize(50).startsWith("Letter 55", "Letter 54").endsWith("Letter 6");
        page = page(page.select("a:contains(Older messages)").attr("href"));
        assertThat(page.select("#outbox tbody tr")).extracting(row -> row.select("td").get(2).text())
                .containsExactly("Letter 5", "Letter 4", "Letter 3", "Letter 2", "Letter 1");
        assertThat(page.select("a:contains(Older messages)")).isEmpty();
    }

    private Document page(String path) throws Exception {
        return Jsoup.parse(api.mvc().perform(get(path).with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER")))
                .andReturn().getResponse().getContentAsString());
    }
}
