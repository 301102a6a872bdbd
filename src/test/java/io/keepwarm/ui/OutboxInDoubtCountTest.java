package io.keepwarm.ui;

import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.InDoubtMessages;
import io.keepwarm.support.KeepwarmTest;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@KeepwarmTest
class OutboxInDoubtCountTest {

    @Autowired Api api;
    @Autowired InDoubtMessages inDoubt;

    private Document outboxPage() throws Exception {
        return Jsoup.parse(api.mvc().perform(get("/ui/outbox")
                .with(user(api.sessionUser(Role.ADMIN)).roles(Role.ADMIN.name())))
                .andReturn().getResponse().getContentAsString());
    }

    @Test
    void theOutboxSaysHowManyMessagesWaitForADecisionAfterASenderStopped() throws Exception {
        String email = uniqueEmail("doubt");
        long contact = api.createContact("{\"email\": \"" + email + "\"}");
        try {
            for (int i = 0; i < 2; i++) {
                inDoubt.add(contact, email, "Maybe sent " + i);
            }

            // The count is the whole outbox's, which other tests' messages share: it says what the table holds.
            long waiting = inDoubt.count();
            assertThat(outboxPage().getElementById("in-doubt-count").text())
                    .contains(waiting + " messages wait for your decision.");
        } finally {
            inDoubt.removeAllOf(contact);
        }
        if (inDoubt.count() == 0) {
            assertThat(outboxPage().getElementById("in-doubt-count").text()).contains("None now.")
                    .doesNotContain("wait for your decision");
        }
    }
}
