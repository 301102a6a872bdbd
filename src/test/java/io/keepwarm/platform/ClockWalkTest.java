package io.keepwarm.platform;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.engine.Engine;
import io.keepwarm.engine.Touch;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A move of the simulated clock, as a marketer previewing weeks of nurturing sees it: as if the time had passed. */
@KeepwarmTest
class ClockWalkTest {

    @Autowired Api api;
    @Autowired Engine engine;
    @Autowired Consents consents;
    @Autowired TestClock clock;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aWeekAheadSendsTheEmailOfAUsContactOfUnknownZoneInsideTheirNarrowWindowRatherThanDroppingIt() throws Exception {
        // In the US, state unknown: an email may go only while it is a weekday 08:00-20:00 on every US clock at once,
        // from Hawaii to the East Coast, which is a few hours of the UTC evening.
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Ada", "country": "US", "source": "TRADE_SHOW"}"""
                .formatted(uniqueEmail("walk")));
        consents.record(contact, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "trade-show form", null));
        api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"NURTURE\"}").andExpect(status().isOk());
        long piece = api.liveArticle("Welcome " + run);
        long drip = api.activeProgram("""
                {"name": "walk %s", "kind": "SEQUENCE", "steps": [
                  {"type": "send", "contentId": %d, "channel": "EMAIL", "staleAfter": "P3D"}]}""".formatted(run, piece));
        Instant monday = clock.advanceToNext(DayOfWeek.MONDAY, LocalTime.of(9, 0));
        api.post("/api/v1/programs/" + drip + "/enrollments", "{\"contactIds\": [" + contact + "]}")
                .andExpect(status().is2xxSuccessful());

        var moved = json(api.post("/api/v1/admin/clock", "{\"advance\": \"P7D\"}").andExpect(status().isOk()));

        assertThat(moved.get("now").asString()).isEqualTo(monday.plus(Duration.ofDays(7)).toString());
        assertThat(moved.get("walked").get("steps").asInt()).isEqualTo(7 * 24);
        assertThat(moved.get("walked").get("done").get("touches sent").asLong()).isPositive();
        Touch sent = engine.touchesOf(contact).stream().filter(t -> t.programId() == drip).findFirst().orElseThrow();
        assertThat(sent.state()).as(sent.reason() + ": " + sent.reasonDetail()).isEqualTo(Touch.State.SENT);
        assertThat(sent.sentAt()).as("the same Monday evening, UTC").isBetween(monday, monday.plus(Duration.ofHours(16)));
        assertThat(sent.sentAt().atZone(ZoneId.of("Pacific/Honolulu")).toLocalTime()).isAfterOrEqualTo(LocalTime.of(8, 0));
        assertThat(sent.sentAt().atZone(ZoneId.of("America/New_York")).toLocalTime()).isBefore(LocalTime.of(20, 0));
    }

    @Test
    void aMoveToAnEarlierInstantIsASetThatWalksNothing() throws Exception {
        Instant now = clock.instant();
        // Where the tests before left it is the furthest the shared clock may be: back, then forward past it again.
        var back = json(api.post("/api/v1/admin/clock", "{\"set\": \"" + now.minus(Duration.ofHours(2)) + "\"}")
                .andExpect(status().isOk()));
        assertThat(back.get("walked").get("steps").asInt()).isZero();
        var ahead = json(api.post("/api/v1/admin/clock", "{\"set\": \"" + now.plus(Duration.ofMinutes(90)) + "\"}")
                .andExpect(status().isOk()));
        assertThat(ahead.get("walked").get("steps").asInt()).as("3h30 in steps of at most an hour").isEqualTo(4);
        assertThat(ahead.get("now").asString()).isEqualTo(now.plus(Duration.ofMinutes(90)).toString());
    }
}
