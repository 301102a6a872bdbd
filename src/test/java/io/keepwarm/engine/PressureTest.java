package io.keepwarm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.activity.Activities;
import io.keepwarm.activity.Activity;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.platform.Hashes;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The policy over the database: facts, preferences and past sends read a batch at a time, on both databases. */
@KeepwarmTest
class PressureTest {

    /** Tuesday 10 March 2026, 10:00 in Berlin. */
    private static final Instant NOW = Instant.parse("2026-03-10T09:00:00Z");

    @Autowired
    Api api;

    @Autowired
    Pressure pressure;

    @Autowired
    Activities activities;

    @Autowired
    FrequencyPreferences preferences;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aBatchReadsEachContactsFactsAndDecidesEachTouch() throws Exception {
        long granted = contact("granted", "Germany", "EMAIL", "GRANTED");
        long withdrawn = contact("withdrawn", "DE", "EMAIL", "WITHDRAWN");
        long unknown = contact("unknown", "United States", "EMAIL", "UNKNOWN");
        long emailedYesterday = contact("emailed", "DE", "EMAIL", "GRANTED");
        long doNotCall = contact("dnc", "DE", "PHONE", "GRANTED");
        api.patch("/api/v1/contacts/" + doNotCall, "{\"doNotContact\": [\"PHONE\"]}");
        String suppressedEmail = Api.uniqueEmail("suppressed");
        long suppressed = api.createContact("{\"email\": \"" + suppressedEmail + "\", \"timeZone\": \"Europe/Berlin\","
                + " \"consents\": [{\"channel\": \"EMAIL\", \"state\": \"GRANTED\", \"source\": \"form\"}]}");
        jdbc.sql("INSERT INTO suppressions (email_hash, reason, created_at) VALUES (?, 'NEVER', CURRENT_TIMESTAMP)")
                .param(Hashes.sha256(suppressedEmail)).update();
        Instant yesterday = NOW.minus(Duration.ofDays(1));
        activities.record(List.of(new Activity(emailedYesterday, ActivityType.TOUCH_SENT, yesterday, Channel.EMAIL, null),
                new Activity(granted, ActivityType.TOUCH_SENT, NOW.minus(Duration.ofDays(40)), Channel.EMAIL, null)));

        List<Decision> decisions = pressure.decide(List.of(email(granted), email(withdrawn), email(unknown),
                email(emailedYesterday), call(doNotCall), email(suppressed), email(999_999_999L)), NOW);

        assertThat(decisions).containsExactly(
                Decision.SEND,
                new Decision.Suppress(Reason.CONSENT_WITHDRAWN),
                new Decision.Suppress(Reason.NO_CONSENT),
                new Decision.Defer(yesterday.plus(Duration.ofDays(3)), Reason.CAP_REACHED),
                new Decision.Suppress(Reason.DO_NOT_CONTACT),
                new Decision.Suppress(Reason.SUPPRESSED),
                new Decision.Suppress(Reason.CONTACT_GONE));
    }

    @Test
    void fiveProgramsTouchingOnePersonInOneBatchShareOneBudget() throws Exception {
        long id = contact("fire-hose", "DE", "EMAIL", "GRANTED");
        List<Decision> decisions = pressure.decide(List.of(email(id), email(id), email(id), email(id), email(id)), NOW);
        assertThat(decisions.getFirst()).isEqualTo(Decision.SEND);
        assertThat(decisions.subList(1, 5)).allMatch(d -> d.equals(new Decision.Defer(NOW.plus(Duration.ofDays(3)), Reason.CAP_REACHED)));
    }

    @Test
    void theContactsOwnPreferenceAndCountryAreRead() throws Exception {
        long monthly = contact("monthly", "DE", "EMAIL", "GRANTED");
        preferences.set(monthly, new FrequencyPreferences.Change(null, 1, 30));
        Instant tenDaysAgo = NOW.minus(Duration.ofDays(10));
        activities.record(List.of(new Activity(monthly, ActivityType.TOUCH_SENT, tenDaysAgo, Channel.PHONE, null)));

        var inputs = pressure.inputs(List.of(monthly), NOW).get(monthly);
        assertThat(inputs.facts().frequency()).isEqualTo(new Frequency(null, 1, 30));
        assertThat(inputs.facts().country()).isEqualTo("DE");
        assertThat(inputs.facts().zone()).hasToString("Europe/Berlin");
        assertThat(inputs.facts().consentOn(Channel.EMAIL)).isEqualTo(ConsentState.GRANTED);
        assertThat(inputs.recent()).containsExactly(new PastTouch(Channel.PHONE, tenDaysAgo));
        assertThat(pressure.decide(List.of(email(monthly)), NOW))
                .containsExactly(new Decision.Defer(tenDaysAgo.plus(Duration.ofDays(30)), Reason.CAP_REACHED));
    }

    @Test
    void aMergedDuplicatesPreferenceGoesToTheSurvivorOnlyWhenItHasNone() throws Exception {
        long survivor = contact("survivor", "DE", "EMAIL", "GRANTED");
        long duplicate = contact("duplicate", "DE", "EMAIL", "GRANTED");
        preferences.set(duplicate, new FrequencyPreferences.Change(Channel.EMAIL, 1, 30));
        api.post("/api/v1/contacts/merge", "{\"survivorId\": %d, \"mergedId\": %d}".formatted(survivor, duplicate));
        assertThat(preferences.get(survivor).windowDays()).isEqualTo(30);

        long another = contact("another", "DE", "EMAIL", "GRANTED");
        preferences.set(another, new FrequencyPreferences.Change(null, 1, 90));
        api.post("/api/v1/contacts/merge", "{\"survivorId\": %d, \"mergedId\": %d}".formatted(survivor, another));
        assertThat(preferences.get(survivor).windowDays()).isEqualTo(30);
    }

    private long contact(String name, String country, String channel, String consent) throws Exception {
        return api.createContact("{\"email\": \"" + Api.uniqueEmail(name) + "\", \"timeZone\": \"Europe/Berlin\","
                + " \"country\": \"" + country + "\", \"consents\": [{\"channel\": \"" + channel + "\", \"state\": \""
                + consent + "\", \"source\": \"form\"}]}");
    }

    private static Candidate email(long contactId) {
        return new Candidate(contactId, Channel.EMAIL, true, null, NOW);
    }

    private static Candidate call(long contactId) {
        return new Candidate(contactId, Channel.PHONE, false, null, NOW);
    }
}
