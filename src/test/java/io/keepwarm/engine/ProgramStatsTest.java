package io.keepwarm.engine;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.delivery.internal.SmtpChannel;
import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** A program's stats count an email as sent when the mail server took it, as its figures and its page do. */
@KeepwarmTest
class ProgramStatsTest {

    @Autowired Api api;
    @Autowired Engine engine;
    @Autowired Consents consents;
    @Autowired TestClock clock;
    @Autowired SmtpChannel smtp;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void anEmailHandedOverButNotYetTakenByTheMailServerIsPlannedNotSentInTheStatsTheFiguresAndThePage() throws Exception {
        // A Tuesday morning in UTC after anything before: the email may go at once.
        clock.set(ZonedDateTime.ofInstant(clock.instant().plus(Duration.ofDays(14)), ZoneOffset.UTC)
                .with(TemporalAdjusters.next(DayOfWeek.TUESDAY)).withHour(10).withMinute(0).withSecond(0).withNano(0)
                .toInstant());
        long ada = api.createContact("""
                {"email": "%s", "firstName": "Ada", "timeZone": "UTC"}""".formatted(uniqueEmail("stats" + run)));
        consents.record(ada, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "form", null));
        long sequence = api.activeProgram("""
                {"name": "stats %s", "kind": "SEQUENCE", "steps": [
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}]}""".formatted(run, api.liveArticle("Guide " + run)));
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [" + ada + "]}")
                .andExpect(status().isOk());
        engine.tick();

        JsonNode waiting = json(api.get("/api/v1/programs/" + sequence + "/stats")).get("touches");
        assertThat(waiting.at("/SENT/total").asLong()).as("in the outbox, the mail server has not taken it").isZero();
        assertThat(waiting.at("/PLANNED/total").asLong()).isEqualTo(1);
        assertThat(figure(sequence, "touched")).isZero();
        assertThat(onThePage(sequence, "touched")).isZero();
        assertThat(onThePage(sequence, "planned")).isEqualTo(figure(sequence, "planned")).isEqualTo(1);

        smtp.drain();

        JsonNode sent = json(api.get("/api/v1/programs/" + sequence + "/stats")).get("touches");
        assertThat(sent.at("/SENT/total").asLong()).isEqualTo(1);
        assertThat(sent.has("PLANNED")).isFalse();
        assertThat(figure(sequence, "touched")).isEqualTo(1);
        assertThat(onThePage(sequence, "touched")).isEqualTo(1);
        assertThat(onThePage(sequence, "planned")).isZero();
    }

    /** The program's analytics figure, summed over its steps. */
    private long figure(long program, String field) throws Exception {
        return json(api.get("/api/v1/analytics/programs/" + program)).get("steps").valueStream()
                .mapToLong(s -> s.get(field).asLong()).sum();
    }

    /** The program page's column, summed over its rows. */
    private long onThePage(long program, String column) throws Exception {
        Document page = Jsoup.parse(api.mvc().perform(get("/ui/programs/" + program)
                .with(user(api.sessionUser(Role.MARKETER)).roles(Role.MARKETER.name())))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        return page.select("#step-figures td." + column).eachText().stream().mapToLong(Long::parseLong).sum();
    }
}
