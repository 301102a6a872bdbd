package io.keepwarm.segment;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.contact.Merges;
import io.keepwarm.contact.Tags;
import io.keepwarm.segment.internal.Membership;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

@KeepwarmTest
@RecordApplicationEvents
class SegmentMembershipTest {

    @Autowired Api api;
    @Autowired Tags tags;
    @Autowired Merges merges;
    @Autowired Membership membership;
    @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;
    @Autowired io.keepwarm.support.TestClock clock;
    @Autowired ApplicationEvents events;

    private final String hot = "hot-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void contactsEnterAndLeaveASegmentAsTheirDataChangesAndOnlyChangedContactsAreChecked() throws Exception {
        long early = api.createContact("{\"email\": \"" + uniqueEmail("early") + "\", \"tags\": [\"" + hot + "\"]}");
        long segment = json(api.post("/api/v1/segments", "{\"name\": \"" + hot + "\", \"text\": \"tag = \\\"" + hot + "\\\"\"}")).get("id").asLong();

        membership.refresh(false);
        assertThat(entered(segment)).containsExactly(early);

        long late = api.createContact("{\"email\": \"" + uniqueEmail("late") + "\"}");
        membership.refresh(false);
        events.clear();
        tags.add(late, List.of(hot));
        tags.remove(early, hot);
        Membership.Refreshed refreshed = membership.refresh(false);

        assertThat(refreshed.contactsChecked()).isEqualTo(2);
        assertThat(refreshed.segmentsRebuilt()).isZero();
        assertThat(entered(segment)).containsExactly(late);
        assertThat(left(segment)).containsExactly(early);
    }

    @Test
    void editingASegmentRebuildsTheSegmentsThatUseItAndTheyFollowItsDates() throws Exception {
        String cold = "cold-" + hot;
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("switched") + "\", \"tags\": [\"" + cold + "\"]}");
        long inner = json(api.post("/api/v1/segments", "{\"name\": \"inner " + hot + "\", \"text\": \"tag = \\\"" + hot
                + "\\\"\"}")).get("id").asLong();
        long outer = json(api.post("/api/v1/segments", "{\"name\": \"outer " + hot + "\", \"text\": \"in_segment(" + inner
                + ")\"}")).get("id").asLong();
        membership.refresh(false);
        assertThat(entered(outer)).doesNotContain(contact);

        api.as(io.keepwarm.identity.Role.ADMIN, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .put("/api/v1/segments/" + inner).contentType("application/json").content("{\"name\": \"inner " + hot
                        + "\", \"text\": \"tag = \\\"" + cold + "\\\" and not opened(email) >= 1 within 30d\"}"))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isOk());
        membership.refresh(false);

        assertThat(entered(outer)).contains(contact);
        assertThat(json(api.get("/api/v1/segments/" + outer)).get("timeDependent").asBoolean())
                .as("the segment it uses now reads the date").isTrue();
    }

    @Test
    void consentGivenThroughAnUpsertOfAnExistingContactMovesItIntoASegmentOnConsent() throws Exception {
        String email = uniqueEmail("consenting");
        long id = api.createContact("{\"email\": \"" + email + "\", \"tags\": [\"" + hot + "\"]}");
        long segment = json(api.post("/api/v1/segments", "{\"name\": \"consenting " + hot + "\", \"text\": \"tag = \\\""
                + hot + "\\\" and consent.email = GRANTED\"}")).get("id").asLong();
        membership.refresh(false);
        assertThat(entered(segment)).doesNotContain(id);

        api.post("/api/v1/contacts", "{\"email\": \"" + email + "\", \"consents\": [{\"channel\": \"EMAIL\","
                + " \"state\": \"GRANTED\", \"source\": \"webinar form\"}]}")
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isOk());
        membership.refresh(false);

        assertThat(entered(segment)).containsExactly(id);
    }

    @Test
    void aSegmentWhoseRuleNoLongerWorksHoldsUpNoOtherSegment() throws Exception {
        String key = "gone_" + hot.replace('-', '_');
        api.post("/api/v1/attributes", "{\"key\": \"" + key + "\", \"label\": \"Gone " + key + "\", \"type\": \"TEXT\"}")
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().is2xxSuccessful());
        long broken = json(api.post("/api/v1/segments", "{\"name\": \"broken " + hot + "\", \"text\": \"" + key
                + " = \\\"x\\\"\"}")).get("id").asLong();
        // Keepwarm refuses to remove an attribute something names; one removed before it did, or by hand in the
        // database, still leaves the name dangling.
        jdbc.sql("DELETE FROM attribute_definitions WHERE attr_key = ?").param(key).update();
        long working = json(api.post("/api/v1/segments", "{\"name\": \"working " + hot + "\", \"text\": \"tag = \\\""
                + hot + "\\\"\"}")).get("id").asLong();
        long id = api.createContact("{\"email\": \"" + uniqueEmail("unheld") + "\", \"tags\": [\"" + hot + "\"]}");

        membership.refresh(false);
        tags.add(api.createContact("{\"email\": \"" + uniqueEmail("later") + "\"}"), List.of(hot));
        membership.refresh(false);

        assertThat(entered(working)).contains(id).hasSize(2);
        assertThat(entered(broken)).isEmpty();
        api.delete("/api/v1/segments/" + broken);
    }

    @Test
    void timeAloneMovesContactsOutOfAWindowWhenTimeDependentSegmentsAreRebuilt() throws Exception {
        long id = api.createContact("{\"email\": \"" + uniqueEmail("window") + "\", \"tags\": [\"" + hot + "\"]}");
        long segment = json(api.post("/api/v1/segments", "{\"name\": \"new " + hot + "\", \"text\": \"tag = \\\""
                + hot + "\\\" and created_at >= today-7d\"}")).get("id").asLong();
        membership.refresh(false);
        assertThat(entered(segment)).containsExactly(id);

        clock.advance(Duration.ofDays(9));
        events.clear();
        membership.refresh(false);
        assertThat(left(segment)).isEmpty();
        membership.refresh(true);
        assertThat(left(segment)).containsExactly(id);
    }

    @Test
    void aMergedDuplicateLeavesAndTheSurvivorKeepsItsListsAndSegments() throws Exception {
        long list = json(api.post("/api/v1/lists", "{\"name\": \"merge " + hot + "\"}")).get("id").asLong();
        long survivor = api.createContact("{\"email\": \"" + uniqueEmail("survivor") + "\"}");
        long duplicate = api.createContact("{\"email\": \"" + uniqueEmail("duplicate") + "\"}");
        api.post("/api/v1/lists/" + list + "/members", "{\"contactIds\": [" + duplicate + "]}");
        long segment = json(api.post("/api/v1/segments", "{\"name\": \"in " + hot + "\", \"text\": \"in_list(" + list + ")\"}")).get("id").asLong();
        membership.refresh(false);
        assertThat(entered(segment)).containsExactly(duplicate);

        events.clear();
        merges.merge(survivor, duplicate);
        membership.refresh(false);

        assertThat(entered(segment)).containsExactly(survivor);
        api.get("/api/v1/segments/" + segment + "/count").andExpect(
                org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.count").value(1));
    }

    private List<Long> entered(long segment) {
        return events.stream(SegmentEntered.class).filter(e -> e.segmentId() == segment)
                .flatMap(e -> e.contactIds().stream()).toList();
    }

    private List<Long> left(long segment) {
        return events.stream(SegmentLeft.class).filter(e -> e.segmentId() == segment)
                .flatMap(e -> e.contactIds().stream()).toList();
    }
}
