package io.keepwarm.delivery;

import static io.keepwarm.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.Channel;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import io.keepwarm.support.TestClock;
import io.keepwarm.tracking.internal.SignedLinks;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A call script rendered with {@code links.*} holds the contact's own unsubscribe and preference links; the rep reads
 * it without their signed tokens, in the API and on My day, while the task keeps the script as it was rendered.
 */
@KeepwarmTest
class CallScriptsWithoutTokensTest {

    private static final Pattern TOKEN = Pattern.compile("/t/[a-z]+/([A-Za-z0-9]+\\.[A-Za-z0-9_-]+)");

    @Autowired Api api;
    @Autowired Delivery delivery;
    @Autowired ContentLibrary content;
    @Autowired SignedLinks links;
    @Autowired JdbcClient jdbc;
    @Autowired TestClock clock;

    private SalesTeam team;
    private long rep;

    @AfterEach
    void repAway() throws Exception {
        team.away(rep, true); // so the hand-off job and other tests' leads pass them by
    }

    @Test
    void aRepReadsACallScriptWithItsLinksButWithoutTheContactsSignedTokens() throws Exception {
        team = new SalesTeam(api);
        rep = team.rep("Scripted");
        long contact = team.contactToCallToday(rep, "Sol", "+49 30 1234567", clock);
        long task = aCallFromAProgram(contact);
        String stored = jdbc.sql("SELECT script FROM tasks WHERE id = ?").param(task).query(String.class).single();
        List<String> tokens = tokens(stored);
        assertThat(tokens).as("the script as rendered: unsubscribe and preference links").hasSize(2);

        String queue = body(team.get(rep, "/api/v1/tasks?assignee=me&all=true&limit=500"));
        String one = body(team.get(rep, "/api/v1/tasks/" + task));
        String history = body(team.get(rep, "/api/v1/tasks/history?limit=500"));
        Document myDay = Jsoup.parse(body(team.as(rep, get("/ui/my-day"))));

        for (String seen : List.of(queue, one, history, myDay.html())) {
            assertThat(seen).contains("Ask Sol about the cooling guide").doesNotContain(tokens);
        }
        assertThat(json(team.get(rep, "/api/v1/tasks/" + task)).get("script").asString())
                .contains("no more email: http://localhost:8080/t/u/…. Topics: http://localhost:8080/t/p/…");
        assertThat(myDay.select("#task-" + task + " details pre").text()).contains("/t/u/…", "/t/p/…");

        String next = json(team.post(rep, "/api/v1/tasks/" + task + "/complete", "{\"outcome\": \"NO_ANSWER\"}")
                .andExpect(status().isOk())).get("script").asString();
        assertThat(next).doesNotContain(tokens);
        assertThat(jdbc.sql("SELECT script FROM tasks WHERE contact_id = ? AND attempt = 2").param(contact)
                .query(String.class).single()).as("the next attempt keeps the script as rendered").isEqualTo(stored);
    }

    /** A call as a program's phone step makes it: the piece's script rendered with the contact's signed links. */
    private long aCallFromAProgram(long contact) throws Exception {
        long piece = api.liveCallScript("Cooling call %s".formatted(contact), "Ask {{ contact.first_name }} about the"
                + " cooling guide. If they want no more email: {{ links.unsubscribe_url }}. Topics: {{ links.preferences_url }}");
        String script = content.render(piece, contact, Channel.PHONE, links.linksFor(content.get(piece), contact))
                .script();
        long touch = ThreadLocalRandom.current().nextLong(1_000_000_000L, Long.MAX_VALUE);
        delivery.send(new Outgoing.CallTask(touch, contact, rep, TaskKind.CALL, script, null));
        return jdbc.sql("SELECT id FROM tasks WHERE contact_id = ?").param(contact).query(Long.class).single();
    }

    private static List<String> tokens(String text) {
        List<String> found = new ArrayList<>();
        Matcher token = TOKEN.matcher(text);
        while (token.find()) {
            found.add(token.group(1));
        }
        return found;
    }

    private static String body(org.springframework.test.web.servlet.ResultActions result) throws Exception {
        return result.andReturn().getResponse().getContentAsString();
    }
}
