package io.keepwarm.ui;

import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.InDoubtMessages;
import io.keepwarm.support.KeepwarmTest;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MvcResult;

/** The in-doubt page decides every message it listed with one confirmed click, not one click per message. */
@KeepwarmTest
class InDoubtBulkDecisionPageTest {

    @Autowired Api api;
    @Autowired InDoubtMessages inDoubt;
    @Autowired JdbcClient jdbc;

    @Test
    void sendingAllAgainAfterConfirmingQueuesThePagesMessagesButNotOneThatFellInDoubtAfterThePageWasShown() throws Exception {
        String email = uniqueEmail("bulk-page");
        long contact = api.createContact("{\"email\": \"" + email + "\"}");
        String admin = api.sessionUser(Role.ADMIN);
        try {
            long first = inDoubt.add(contact, email, "Round 1");
            long second = inDoubt.add(contact, email, "Round 2");

            Document page = Jsoup.parse(api.mvc().perform(get("/ui/outbox/in-doubt")
                    .with(user(admin).roles(Role.ADMIN.name()))).andReturn().getResponse().getContentAsString());
            String ids = page.select("#resend-all input[name=ids]").val();
            List<Long> listed = Arrays.stream(ids.split(",")).map(Long::parseLong).toList();
            assertThat(listed).contains(first, second);
            // Other tests' messages share the outbox: the page says how many it holds, whatever they are.
            assertThat(page.select("#resend-all summary").text()).isEqualTo("Send all " + listed.size() + " again");
            assertThat(page.select("#count-all summary").text()).isEqualTo("Count all " + listed.size() + " as sent");
            assertThat(page.select("#resend-all p").text()).contains(listed.size() + " messages")
                    .contains("second time");
            assertThat(page.select("#count-all p").text()).contains("delivered");

            long fellLater = inDoubt.add(contact, email, "Round 3");
            // Only this test's messages are sent back, so other tests' messages in doubt stay as they are.
            String ours = listed.stream().filter(id -> id == first || id == second || id == fellLater).map(String::valueOf)
                    .collect(Collectors.joining(","));
            MvcResult decided = api.mvc().perform(post("/ui/outbox/in-doubt/resolve")
                    .with(user(admin).roles(Role.ADMIN.name())).with(csrf())
                    .param("ids", ours).param("decision", "RESEND")).andReturn();
            Document answer = listAfter(decided, admin);

            assertThat(answer.getElementById("action-done").text()).isEqualTo("2 messages queued to be sent again.");
            assertThat(List.of(inDoubt.statusOf(first), inDoubt.statusOf(second), inDoubt.statusOf(fellLater)))
                    .containsExactly("QUEUED", "QUEUED", "IN_DOUBT");
            assertThat(answer.getElementById("doubt-" + fellLater)).as("still listed for a decision").isNotNull();
            assertThat(jdbc.sql("SELECT actor FROM audit_log WHERE action = 'OUTBOX_IN_DOUBT_DECIDED' AND entity_id IN (?, ?, ?)")
                    .params(String.valueOf(first), String.valueOf(second), String.valueOf(fellLater))
                    .query(String.class).list()).containsExactly(admin, admin);
        } finally {
            inDoubt.removeAllOf(contact);
        }
    }

    @Test
    void countingOneMessageAsSentSaysSoOnTheListTheDecisionLeadsTo() throws Exception {
        String email = uniqueEmail("one-page");
        long contact = api.createContact("{\"email\": \"" + email + "\"}");
        String admin = api.sessionUser(Role.ADMIN);
        try {
            long message = inDoubt.add(contact, email, "Once");

            MvcResult decided = api.mvc().perform(post("/ui/outbox/" + message + "/resolve")
                    .with(user(admin).roles(Role.ADMIN.name())).with(csrf()).param("decision", "SENT")).andReturn();
            Document answer = listAfter(decided, admin);

            assertThat(answer.getElementById("action-done").text()).isEqualTo("Message " + message + " counted as sent");
            assertThat(inDoubt.statusOf(message)).isEqualTo("SENT");
            assertThat(answer.getElementById("doubt-" + message)).as("no longer listed").isNull();
        } finally {
            inDoubt.removeAllOf(contact);
        }
    }

    /** The in-doubt list a decision leads to, as the admin who made it sees it, with what the decision said. */
    private Document listAfter(MvcResult decided, String admin) throws Exception {
        // A redirect, so that reloading the list does not decide again.
        assertThat(decided.getResponse().getRedirectedUrl()).isEqualTo("/ui/outbox/in-doubt");
        return Jsoup.parse(api.mvc().perform(get("/ui/outbox/in-doubt").with(user(admin).roles(Role.ADMIN.name()))
                .flashAttrs(decided.getFlashMap())).andReturn().getResponse().getContentAsString());
    }
}
