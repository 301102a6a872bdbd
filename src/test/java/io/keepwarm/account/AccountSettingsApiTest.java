package io.keepwarm.account;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.delivery.TaskKind;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import io.keepwarm.support.TestClock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;

/**
 * The account's time zone and the reps' calling hours are an admin's to set in the app: checked, audited, and in force
 * from the next queue, contact or hand-off on, without a restart.
 */
@KeepwarmTest
class AccountSettingsApiTest {

    @Autowired Api api;
    @Autowired Tasks tasks;
    @Autowired TestClock clock;
    @Autowired JdbcClient jdbc;

    @AfterEach
    void backToTheConfiguration() {
        jdbc.sql("DELETE FROM account_settings").update();
    }

    @Test
    void everyRoleReadsTheConfigurationsSettingsUntilAnAdminSavesTheirOwn() throws Exception {
        api.as(Role.SALES, get("/api/v1/account/settings")).andExpect(status().isOk())
                .andExpect(jsonPath("$.timeZone").value("UTC")).andExpect(jsonPath("$.callingFrom").value("08:00"))
                .andExpect(jsonPath("$.callingUntil").value("21:00"));
    }

    @Test
    void anAdminChangesSomeSettingsTheRestStayAndTheChangeIsAudited() throws Exception {
        change(Role.ADMIN, "{\"timeZone\": \"Europe/Berlin\", \"callingFrom\": \"09:30\"}").andExpect(status().isOk())
                .andExpect(jsonPath("$.timeZone").value("Europe/Berlin")).andExpect(jsonPath("$.callingFrom").value("09:30"))
                .andExpect(jsonPath("$.callingUntil").value("21:00"));
        change(Role.ADMIN, "{\"callingUntil\": \"18:00\"}").andExpect(status().isOk())
                .andExpect(jsonPath("$.timeZone").value("Europe/Berlin"));

        api.as(Role.SALES, get("/api/v1/account/settings")).andExpect(jsonPath("$.callingUntil").value("18:00"));
        api.get("/api/v1/audit?entityType=account&entityId=settings")
                .andExpect(jsonPath("$.items[0].action").value("ACCOUNT_SETTINGS_CHANGED"))
                .andExpect(jsonPath("$.items[0].details").value(Matchers.containsString("09:30–18:00")));
    }

    @Test
    void onlyAnAdminChangesThem() throws Exception {
        change(Role.MARKETER, "{\"timeZone\": \"Asia/Tokyo\"}").andExpect(status().isForbidden());
        change(Role.SALES, "{\"callingFrom\": \"06:00\"}").andExpect(status().isForbidden());
        api.get("/api/v1/account/settings").andExpect(jsonPath("$.timeZone").value("UTC"))
                .andExpect(jsonPath("$.callingFrom").value("08:00"));
    }

    @Test
    void settingsThatCannotWorkAreRefusedFieldByFieldInWordsAndNothingChanges() throws Exception {
        change(Role.ADMIN, "{\"timeZone\": \"Europe/Atlantis\", \"callingFrom\": \"8am\", \"callingUntil\": \"25:00\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field", Matchers.containsInAnyOrder("timeZone", "callingFrom",
                        "callingUntil")))
                .andExpect(jsonPath("$.errors[?(@.field == 'timeZone')].message",
                        Matchers.contains(Matchers.containsString("IANA time zone such as Europe/Berlin"))))
                .andExpect(jsonPath("$.errors[?(@.field == 'callingFrom')].message",
                        Matchers.contains(Matchers.containsString("HH:MM"))));
        change(Role.ADMIN, "{\"callingFrom\": \"21:00\", \"callingUntil\": \"08:00\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("callingUntil"))
                .andExpect(jsonPath("$.errors[0].message").value(Matchers.containsString("must be after the start of calling hours")));
        change(Role.ADMIN, "{\"callingFrom\": \"22:00\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("callingUntil"));

        api.get("/api/v1/account/settings").andExpect(jsonPath("$.timeZone").value("UTC"))
                .andExpect(jsonPath("$.callingFrom").value("08:00")).andExpect(jsonPath("$.callingUntil").value("21:00"));
    }

    @Test
    void newCallingHoursOpenTheQueueAtOnce() throws Exception {
        SalesTeam team = new SalesTeam(api);
        long rep = team.rep("Early");
        Instant sevenThirty = clock.set(clock.instant().atZone(ZoneOffset.UTC).toLocalDate().plusDays(1).atTime(7, 30)
                .toInstant(ZoneOffset.UTC));
        long contact = api.createContact("""
                {"email": "%s", "phone": "+44 20 7946 0000", "timeZone": "UTC", "owner": "%d"}"""
                .formatted(uniqueEmail("early-bird"), rep));
        tasks.create(new Tasks.NewTask(contact, null, TaskKind.CALL, "Call early", null, sevenThirty, 0));
        assertThat(queued(team, rep, contact)).as("07:30, before calling hours").isFalse();

        change(Role.ADMIN, "{\"callingFrom\": \"07:00\"}").andExpect(status().isOk());

        assertThat(queued(team, rep, contact)).as("07:30, within the new calling hours").isTrue();
    }

    @Test
    void aContactCreatedWithoutAZoneOrCountryGetsTheAccountsZoneAsItIsNow() throws Exception {
        change(Role.ADMIN, "{\"timeZone\": \"America/Chicago\"}").andExpect(status().isOk());

        long contact = api.createContact("{\"email\": \"" + uniqueEmail("zoneless") + "\"}");

        assertThat(json(api.get("/api/v1/contacts/" + contact)).get("timeZone").asString()).isEqualTo("America/Chicago");
    }

    @Test
    void thePagesWriteTimesInTheNewZoneFromTheNextPageOn() throws Exception {
        SalesTeam team = new SalesTeam(api);
        long ada = team.user("Ada", "ADMIN", null);
        change(Role.ADMIN, "{\"timeZone\": \"Europe/Berlin\"}").andExpect(status().isOk());
        assertThat(latestAuditTime(team, ada)).isEqualTo(minute(clock.instant(), "Europe/Berlin"));

        change(Role.ADMIN, "{\"timeZone\": \"Asia/Tokyo\"}").andExpect(status().isOk());

        // A page reads the zone once, at its first time shown: the next page after the change writes the new one.
        assertThat(latestAuditTime(team, ada)).isEqualTo(minute(clock.instant(), "Asia/Tokyo"));
    }

    /** When the audit page says its newest entry about the account (its settings) happened. */
    private static String latestAuditTime(SalesTeam team, long admin) throws Exception {
        return org.jsoup.Jsoup.parse(team.get(admin, "/ui/settings/audit?entityType=account")
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString())
                .select("#audit tbody tr td").first().text();
    }

    private static String minute(Instant at, String zone) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(java.time.ZoneId.of(zone))
                .format(at) + " " + zone;
    }

    private boolean queued(SalesTeam team, long rep, long contact) throws Exception {
        JsonNode items = json(team.get(rep, "/api/v1/tasks?assignee=me").andExpect(status().isOk())).get("items");
        return items.valueStream().anyMatch(e -> e.at("/contact/id").asLong() == contact);
    }

    private ResultActions change(Role role, String body) throws Exception {
        return api.as(role, put("/api/v1/account/settings").contentType(MediaType.APPLICATION_JSON).content(body));
    }
}
