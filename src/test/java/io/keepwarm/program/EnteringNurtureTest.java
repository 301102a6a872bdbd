package io.keepwarm.program;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.segment.internal.Membership;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A new contact a program takes is in nurture, so the funnel counts it there; a contact already further along keeps
 * its stage, whichever way it was enrolled.
 */
@KeepwarmTest
class EnteringNurtureTest {

    @Autowired Api api;
    @Autowired Membership membership;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aNewContactEnrolledByHandMovesToNurtureNamingTheProgramWhileAnMqlAndACustomerKeepTheirStage() throws Exception {
        long fresh = contact("fresh", "none");
        long lead = contact("lead", "none");
        move(lead, "MQL");
        long customer = contact("customer", "none");
        for (String stage : List.of("SQL", "OPPORTUNITY", "CUSTOMER")) {
            move(customer, stage);
        }
        long program = program("welcome " + run, null);
        JsonNode before = funnel();

        api.post("/api/v1/programs/" + program + "/enrollments",
                "{\"contactIds\": [" + fresh + ", " + lead + ", " + customer + "]}").andExpect(status().isOk());

        assertThat(stage(fresh)).isEqualTo("NURTURE");
        JsonNode last = history(fresh).getLast();
        assertThat(last.get("from").asString()).isEqualTo("NEW");
        assertThat(last.get("to").asString()).isEqualTo("NURTURE");
        assertThat(last.get("actorType").asString()).isEqualTo("PROGRAM");
        assertThat(last.get("reason").asString()).isEqualTo("Enrolled in program 'welcome " + run + "'");
        assertThat(stage(lead)).isEqualTo("MQL");
        assertThat(history(lead)).hasSize(1);
        assertThat(stage(customer)).isEqualTo("CUSTOMER");
        assertThat(history(customer)).hasSize(3);
        JsonNode after = funnel();
        assertThat(count(after, "NURTURE") - count(before, "NURTURE")).isEqualTo(1);
        assertThat(count(after, "NEW") - count(before, "NEW")).isEqualTo(-1);
        assertThat(count(after, "MQL") - count(before, "MQL")).isZero();
    }

    @Test
    void theNewMembersOfAnAudienceSegmentEnterNurtureAsTheProgramTakesThemAndAnotherEnrollmentMovesNobodyAgain()
            throws Exception {
        String tag = "entering-" + run;
        List<Long> members = List.of(contact("ann", tag), contact("ben", tag), contact("cat", tag));
        long dormant = contact("dan", tag);
        move(dormant, "NURTURE");
        move(dormant, "DORMANT");
        long audience = json(api.post("/api/v1/segments", """
                {"name": "entering %s", "text": "tag = \\"%s\\""}""".formatted(run, tag))
                .andExpect(status().isCreated())).get("id").asLong();
        program("audience " + run, audience);
        long other = program("second " + run, null);

        membership.refresh(false);
        api.post("/api/v1/programs/" + other + "/enrollments", "{\"contactIds\": " + members + "}")
                .andExpect(status().isOk());

        for (long member : members) {
            assertThat(stage(member)).isEqualTo("NURTURE");
            assertThat(history(member)).singleElement().satisfies(move ->
                    assertThat(move.get("reason").asString()).isEqualTo("Enrolled in program 'audience " + run + "'"));
        }
        assertThat(stage(dormant)).isEqualTo("DORMANT");
    }

    private long contact(String name, String tag) throws Exception {
        return api.createContact("""
                {"email": "%s", "firstName": "%s", "timeZone": "UTC", "tags": ["%s"]}"""
                .formatted(uniqueEmail(name), name, tag));
    }

    private long program(String name, Long audience) throws Exception {
        return api.activeProgram("""
                {"name": "%s", "kind": "STREAM", "audienceSegmentId": %s,
                 "cadence": {"type": "monthly", "week": 1, "day": "TUESDAY", "at": "10:00"}, "pool": [%d]}"""
                .formatted(name, audience, api.liveArticle("Piece " + name)));
    }

    private void move(long contact, String to) throws Exception {
        api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"" + to + "\"}").andExpect(status().isOk());
    }

    private String stage(long contact) throws Exception {
        return json(api.get("/api/v1/contacts/" + contact + "/stage")).get("stage").asString();
    }

    private List<JsonNode> history(long contact) throws Exception {
        return json(api.get("/api/v1/contacts/" + contact + "/stage-history")).get("transitions").valueStream().toList();
    }

    private JsonNode funnel() throws Exception {
        return json(api.get("/api/v1/analytics/funnel"));
    }

    private static long count(JsonNode funnel, String stage) {
        return funnel.get("stages").valueStream().filter(s -> s.get("stage").asString().equals(stage)).findFirst()
                .orElseThrow().get("count").asLong();
    }
}
