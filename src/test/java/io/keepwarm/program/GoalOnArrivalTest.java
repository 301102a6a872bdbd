package io.keepwarm.program;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.activity.Activities;
import io.keepwarm.activity.Activity;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.contact.Channel;
import io.keepwarm.engine.Engine;
import io.keepwarm.platform.SimulatedClock;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** A program's goal ends the enrollment when the contact reaches it, and its figures count the enrollment once. */
@KeepwarmTest
class GoalOnArrivalTest {

    @Autowired Api api;
    @Autowired Engine engine;
    @Autowired Activities activities;
    @Autowired SimulatedClock clock;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void theStatsCountAnEnrollmentThatReachedTheGoalOnceSoTheyAddUpToEveryEnrollment() throws Exception {
        long replied = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("replied")));
        long quiet = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("quiet")));
        long sequence = api.activeProgram("""
                {"name": "counted once %s", "kind": "SEQUENCE", "goal": {"activity": "replied"},
                 "steps": [{"type": "addTag", "tag": "walked-%s"}]}""".formatted(run, run));
        activities.record(List.of(new Activity(replied, ActivityType.REPLIED, clock.instant(), Channel.EMAIL, null)));
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [%d, %d]}".formatted(replied, quiet))
                .andExpect(status().isOk());
        engine.plan();

        JsonNode counts = json(api.get("/api/v1/programs/" + sequence + "/stats")).get("enrollments");

        assertThat(counts.get("GOAL_REACHED").asLong()).isEqualTo(1);
        assertThat(counts.get("COMPLETED").asLong()).as("finished the steps").isEqualTo(1);
        assertThat(counts.get("ACTIVE").asLong() + counts.get("COMPLETED").asLong() + counts.get("GOAL_REACHED").asLong()
                + counts.get("EXITED").asLong()).isEqualTo(2);
    }

}
