package io.keepwarm.lifecycle;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.identity.Role;
import io.keepwarm.identity.Users;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;

@KeepwarmTest
@RecordApplicationEvents
class ReadinessTest {

    private static final ZoneId AUCKLAND = ZoneId.of("Pacific/Auckland");
    private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");

    @Autowired
    Api api;

    @Autowired
    TestClock clock;

    @Autowired
    LifecycleJob job;

    @Autowired
    Users users;

    @Autowired
    ApplicationEvents events;

    @Test
    void aReadyDateSurfacesToTheOwnerOnThatDayInTheContactsOwnZoneAndOnlyOnce() throws Exception {
        long rep = aSalesRep();
        long kiwi = aContact("kiwi", "Pacific/Auckland", rep);
        long californian = aContact("californian", "America/Los_Angeles", rep);
        LocalDate day = clock.instant().atZone(ZoneOffset.UTC).toLocalDate().plusDays(3);
        setReadiness(kiwi, day, "contract runs to March").andExpect(status().isOk())
                .andExpect(jsonPath("$.readyOn").value(day.toString()))
                .andExpect(jsonPath("$.surfacedAt").isEmpty());
        setReadiness(californian, day, "budget next fiscal year").andExpect(status().isOk());

        clock.set(day.atTime(LocalTime.of(0, 30)).atZone(AUCKLAND).toInstant());
        job.run();
        assertThat(readyOf(rep)).containsExactly(kiwi);
        assertThat(json(api.get("/api/v1/contacts/" + californian + "/stage")).at("/readiness/surfacedAt").isNull()).isTrue();

        clock.set(day.atTime(LocalTime.of(0, 30)).atZone(LOS_ANGELES).toInstant());
        job.run();
        job.run();
        assertThat(readyOf(rep)).containsExactly(kiwi, californian);
        JsonNode first = json(api.as(Role.SALES, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .get("/api/v1/lifecycle/ready?owner=" + rep))).get("items").get(0);
        assertThat(first.get("ownerId").asLong()).isEqualTo(rep);
        assertThat(first.get("readyOn").asString()).isEqualTo(day.toString());
        assertThat(first.get("reason").asString()).isEqualTo("contract runs to March");

        assertThat(events.stream(ContactBecameReady.class).filter(e -> e.contactId() == kiwi)).singleElement()
                .isEqualTo(new ContactBecameReady(kiwi, rep, day, "contract runs to March"));
        assertThat(events.stream(ContactBecameReady.class).filter(e -> e.contactId() == californian)).hasSize(1);
    }

    @Test
    void anAustralianOfUnknownZoneHasTheirReadyDayOnTheMiddleClockOfAustraliaNotTheAccounts() throws Exception {
        long rep = aSalesRep();
        long aussie = api.createContact("{\"email\": \"%s\", \"country\": \"AU\", \"owner\": \"%d\"}"
                .formatted(uniqueEmail("aussie"), rep));
        LocalDate day = clock.instant().atZone(ZoneOffset.UTC).toLocalDate().plusDays(3);
        setReadiness(aussie, day, "after their summer break").andExpect(status().isOk());

        // 20:00 UTC (the account's zone in tests) the evening before is 05:30 on the day in Darwin.
        clock.set(day.minusDays(1).atTime(20, 0).toInstant(ZoneOffset.UTC));
        setReadiness(aussie, day.minusDays(1), "yesterday where they are").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString(
                        "today or later in the contact's time zone (Australia/Darwin)")));
        job.run();

        assertThat(readyOf(rep)).as("their day has come, though the account's has not").containsExactly(aussie);
    }

    @Test
    void settingANewDateArmsItAgain() throws Exception {
        long rep = aSalesRep();
        long id = aContact("rearm", "Europe/Berlin", rep);
        LocalDate today = clock.instant().atZone(ZoneId.of("Europe/Berlin")).toLocalDate();
        setReadiness(id, today, "call back today").andExpect(status().isOk());
        job.run();
        assertThat(readyOf(rep)).containsExactly(id);

        LocalDate later = today.plusDays(30);
        setReadiness(id, later, "asked us to wait a month").andExpect(status().isOk())
                .andExpect(jsonPath("$.surfacedAt").isEmpty());
        job.run();
        assertThat(readyOf(rep)).isEmpty();

        clock.set(later.atStartOfDay(ZoneId.of("Europe/Berlin")).toInstant());
        job.run();
        assertThat(readyOf(rep)).containsExactly(id);
        assertThat(events.stream(ContactBecameReady.class).filter(e -> e.contactId() == id).map(ContactBecameReady::readyOn))
                .containsExactly(today, later);

        api.delete("/api/v1/contacts/" + id + "/readiness").andExpect(status().isNoContent());
        assertThat(readyOf(rep)).isEmpty();
    }

    @Test
    void aDisqualifiedContactLosesItsReadyDateSoNoPageOffersACallThatWillNeverCome() throws Exception {
        long id = aContact("disqualified", "UTC", null);
        setReadiness(id, clock.instant().atZone(ZoneOffset.UTC).toLocalDate().plusMonths(3), "budget in spring")
                .andExpect(status().isOk());

        api.post("/api/v1/contacts/" + id + "/stage", "{\"to\": \"DISQUALIFIED\", \"reason\": \"not a fit\"}")
                .andExpect(status().isOk());

        assertThat(json(api.get("/api/v1/contacts/" + id + "/stage")).path("readiness").isNull()
                || json(api.get("/api/v1/contacts/" + id + "/stage")).path("readiness").isMissingNode()).isTrue();
    }

    @Test
    void aReadyDateNeedsADateThatHasNotPassed() throws Exception {
        long id = aContact("baddate", "UTC", null);
        setReadiness(id, null, "whenever").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("readyOn"));
        setReadiness(id, clock.instant().atZone(ZoneOffset.UTC).toLocalDate().minusDays(1), "yesterday")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("readyOn"));
        api.as(Role.ADMIN, put("/api/v1/contacts/" + id + "/readiness").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"readyOn\": \"next March\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("readyOn"));
    }

    private long aSalesRep() {
        String name = "rep-" + UUID.randomUUID().toString().substring(0, 8);
        return users.create(new Users.NewUser(name, "Rita Rep", null, Role.SALES, "a-long-enough-password")).id();
    }

    private long aContact(String name, String zone, Long owner) throws Exception {
        return api.createContact("{\"email\": \"%s\", \"timeZone\": \"%s\"%s}".formatted(uniqueEmail(name), zone,
                owner == null ? "" : ", \"owner\": \"" + owner + "\""));
    }

    private ResultActions setReadiness(long id, LocalDate day, String reason) throws Exception {
        // A marketer: a SALES API key acts for no rep, so it changes no rep's contact (RepEdits).
        return api.as(Role.MARKETER, put("/api/v1/contacts/" + id + "/readiness").contentType(MediaType.APPLICATION_JSON)
                .content("{\"readyOn\": %s, \"reason\": \"%s\"}".formatted(day == null ? "null" : "\"" + day + "\"", reason)));
    }

    private java.util.List<Long> readyOf(long owner) throws Exception {
        return json(api.get("/api/v1/lifecycle/ready?owner=" + owner).andExpect(status().isOk())).get("items")
                .valueStream().map(item -> item.get("contactId").asLong()).toList();
    }
}
