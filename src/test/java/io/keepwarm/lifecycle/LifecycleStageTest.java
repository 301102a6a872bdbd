package io.keepwarm.lifecycle;

import static io.keepwarm.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.identity.Role;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import tools.jackson.databind.JsonNode;

@KeepwarmTest
@RecordApplicationEvents
class LifecycleStageTest {

    @Autowired
    Api api;

    @Autowired
    TestClock clock;

    @Autowired
    ApplicationEvents events;

    @Autowired
    Lifecycle lifecycle;

    Stages stages;

    @BeforeEach
    void steps() {
        stages = new Stages(api);
    }

    @Test
    void aContactWithoutMovesIsNewSinceItWasCreated() throws Exception {
        long id = stages.aContact("new");
        JsonNode contact = json(api.get("/api/v1/contacts/" + id));
        clock.advance(Duration.ofHours(5));

        JsonNode stage = stages.current(id);
        assertThat(stage.get("stage").asString()).isEqualTo("NEW");
        assertThat(stage.get("enteredAt").asString()).isEqualTo(contact.get("createdAt").asString());
        assertThat(Duration.parse(stage.get("timeInStage").asString())).isEqualTo(Duration.ofHours(5));
        assertThat(stage.get("readiness").isNull()).isTrue();
    }

    @Test
    void anAllowedMoveAnswersTheNewStageAndPublishesItAsABatchOfOne() throws Exception {
        long id = stages.aContact("allowed");
        api.post("/api/v1/contacts/" + id + "/stage", """
                {"to": "NURTURE", "reasonCode": "TRADE_SHOW", "reason": "met at the HPC fair"}""")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.stage").value("NURTURE"))
                .andExpect(jsonPath("$.label").value("Nurture"))
                .andExpect(jsonPath("$.timeInStage").value("PT0S"));

        assertThat(events.stream(ContactStagesChanged.class)
                .filter(e -> e.changes().stream().anyMatch(c -> c.contactId() == id)))
                .singleElement()
                .satisfies(e -> assertThat(e.changes()).singleElement().satisfies(c -> {
                    assertThat(c.from()).isEqualTo(Stage.NEW);
                    assertThat(c.to()).isEqualTo(Stage.NURTURE);
                    assertThat(c.actorType()).isEqualTo("API");
                    assertThat(c.actor()).isEqualTo("api-key:test-admin");
                    assertThat(c.reasonCode()).isEqualTo("TRADE_SHOW");
                    assertThat(c.at()).isEqualTo(clock.instant());
                }));
    }

    @Test
    void aForbiddenMoveIsAConflictNamingFromToAndWhatIsAllowedFromThere() throws Exception {
        long id = stages.aContact("forbidden");
        api.post("/api/v1/contacts/" + id + "/stage", "{\"to\": \"CUSTOMER\"}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.title").value("Conflict"))
                .andExpect(jsonPath("$.detail").value(
                        "A contact cannot move from NEW to CUSTOMER. Allowed from NEW: [NURTURE, MQL, SQL, DISQUALIFIED]"))
                .andExpect(jsonPath("$.from").value("NEW"))
                .andExpect(jsonPath("$.to").value("CUSTOMER"))
                .andExpect(jsonPath("$.allowed[0]").value("NURTURE"))
                .andExpect(jsonPath("$.allowed.length()").value(4));
        assertThat(stages.stageOf(id)).isEqualTo("NEW");

        stages.move(id, Stage.NURTURE);
        api.post("/api/v1/contacts/" + id + "/stage", "{\"to\": \"NURTURE\"}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("The contact is already in NURTURE"));
        api.post("/api/v1/contacts/" + id + "/stage", "{\"to\": \"LOST\"}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.allowed").isArray());
        assertThat(events.stream(ContactStagesChanged.class).flatMap(e -> e.changes().stream())
                .filter(c -> c.contactId() == id).count()).isEqualTo(1);
    }

    // A rep sends back only their own lead, through its hand-off (HandoffTest); a marketer may move any, and the move
    // rejects the lead's open hand-off, so its reason code is a reject reason.
    @Test
    void anMqlSentBackToNurtureMustSayWhy() throws Exception {
        long id = stages.aContactThrough("rejected", Stage.NURTURE, Stage.MQL);

        api.as(Role.MARKETER, post("/api/v1/contacts/" + id + "/stage").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"to\": \"NURTURE\", \"reasonCode\": \"NOT_READY\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("reason"));
        assertThat(stages.stageOf(id)).isEqualTo("MQL");

        api.as(Role.MARKETER, post("/api/v1/contacts/" + id + "/stage").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"to\": \"NURTURE\", \"reasonCode\": \"NOT_READY\", \"reason\": \"contract runs to March\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.stage").value("NURTURE"));
        JsonNode last = json(api.get("/api/v1/contacts/" + id + "/stage-history")).get("transitions").get(2);
        assertThat(last.get("from").asString()).isEqualTo("MQL");
        assertThat(last.get("actorType").asString()).isEqualTo("API");
        assertThat(last.get("actor").asString()).isEqualTo("api-key:test-marketer");
        assertThat(last.get("reasonCode").asString()).isEqualTo("NOT_READY");
        assertThat(last.get("reason").asString()).isEqualTo("contract runs to March");
    }

    @Test
    void historyShowsEveryMoveWithItsActorAndReasonAndHowLongEachStageLasted() throws Exception {
        long id = stages.aContact("history");
        Instant created = clock.instant();
        clock.advance(Duration.ofDays(2));
        api.post("/api/v1/contacts/" + id + "/stage", """
                {"to": "NURTURE", "reasonCode": "WEBINAR", "reason": "attended the cooling webinar"}""");
        clock.advance(Duration.ofDays(10));
        api.post("/api/v1/contacts/" + id + "/stage", "{\"to\": \"MQL\", \"reasonCode\": \"SCORE\"}");
        clock.advance(Duration.ofDays(3));

        JsonNode history = json(api.get("/api/v1/contacts/" + id + "/stage-history").andExpect(status().isOk()));
        JsonNode first = history.get("transitions").get(0);
        assertThat(first.get("from").asString()).isEqualTo("NEW");
        assertThat(first.get("to").asString()).isEqualTo("NURTURE");
        assertThat(Instant.parse(first.get("at").asString())).isEqualTo(created.plus(Duration.ofDays(2)));
        assertThat(first.get("actorType").asString()).isEqualTo("API");
        assertThat(first.get("actor").asString()).isEqualTo("api-key:test-admin");
        assertThat(first.get("reasonCode").asString()).isEqualTo("WEBINAR");
        assertThat(first.get("reason").asString()).isEqualTo("attended the cooling webinar");
        assertThat(history.get("transitions").get(1).get("reason").isNull()).isTrue();

        JsonNode stays = history.get("stages");
        assertThat(stays.size()).isEqualTo(3);
        assertThat(stays.get(0).get("stage").asString()).isEqualTo("NEW");
        assertThat(Duration.parse(stays.get(0).get("duration").asString())).isEqualTo(Duration.ofDays(2));
        assertThat(stays.get(1).get("stage").asString()).isEqualTo("NURTURE");
        assertThat(Instant.parse(stays.get(1).get("exitedAt").asString())).isEqualTo(created.plus(Duration.ofDays(12)));
        assertThat(Duration.parse(stays.get(1).get("duration").asString())).isEqualTo(Duration.ofDays(10));
        assertThat(stays.get(2).get("stage").asString()).isEqualTo("MQL");
        assertThat(stays.get(2).get("exitedAt").isNull()).isTrue();
        assertThat(Duration.parse(stays.get(2).get("duration").asString())).isEqualTo(Duration.ofDays(3));
        assertThat(Duration.parse(stages.current(id).get("timeInStage").asString())).isEqualTo(Duration.ofDays(3));
    }

    @Test
    void aDisqualifiedContactComesBackOnlyByHandWithAReason() throws Exception {
        long id = stages.aContactThrough("disqualified", Stage.DISQUALIFIED);
        api.post("/api/v1/contacts/" + id + "/stage", "{\"to\": \"MQL\"}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.allowed.length()").value(1))
                .andExpect(jsonPath("$.allowed[0]").value("NURTURE"));
        api.post("/api/v1/contacts/" + id + "/stage", "{\"to\": \"NURTURE\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("reason"));
        api.post("/api/v1/contacts/" + id + "/stage", "{\"to\": \"NURTURE\", \"reason\": \"new budget owner\"}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.stage").value("NURTURE"));
    }

    @Test
    void noProgramTriggerOrJobMayTakeAContactOutOfDisqualifiedEvenWithAReason() throws Exception {
        long id = stages.aContactThrough("stays-out", Stage.DISQUALIFIED);
        for (ActorType automatic : List.of(ActorType.PROGRAM, ActorType.TRIGGER, ActorType.SYSTEM)) {
            assertThatThrownBy(() -> lifecycle.move(id, new Lifecycle.Move(Stage.NURTURE, "SCORE", "scored 80"),
                    automatic, "rule:" + automatic))
                    .isInstanceOf(ConflictException.class)
                    .hasMessage("A contact cannot move from DISQUALIFIED to NURTURE automatically; only a person may,"
                            + " with a reason. Allowed from DISQUALIFIED: nothing");
        }
        assertThat(stages.stageOf(id)).isEqualTo("DISQUALIFIED");
    }

    @Test
    void aMoveWithoutAStageOrToAnUnknownOneIsABadRequest() throws Exception {
        long id = stages.aContact("badmove");
        api.post("/api/v1/contacts/" + id + "/stage", "{}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("to"));
        api.post("/api/v1/contacts/" + id + "/stage", "{\"to\": \"HOT\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("to"));
        api.post("/api/v1/contacts/" + id + "/stage", "{\"to\": \"NURTURE\", \"reason\": \"%s\"}".formatted("x".repeat(501)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("reason"));
        api.post("/api/v1/contacts/999999999/stage", "{\"to\": \"NURTURE\"}").andExpect(status().isNotFound());
        api.get("/api/v1/contacts/999999999/stage-history").andExpect(status().isNotFound());
    }

    @Test
    void aMergeMovesTheDuplicatesHistoryToTheSurvivorWhichKeepsItsOwnStage() throws Exception {
        long survivor = stages.aContactThrough("survivor", Stage.NURTURE);
        long duplicate = stages.aContactThrough("duplicate", Stage.MQL, Stage.SQL);
        String readyOn = java.time.LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC).plusYears(1).toString();
        api.as(Role.ADMIN, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                        .put("/api/v1/contacts/" + duplicate + "/readiness").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"readyOn\": \"" + readyOn + "\", \"reason\": \"budget next fiscal year\"}"))
                .andExpect(status().isOk());

        api.post("/api/v1/contacts/merge", "{\"survivorId\": %d, \"mergedId\": %d}".formatted(survivor, duplicate))
                .andExpect(status().isOk());

        JsonNode stage = stages.current(survivor);
        assertThat(stage.get("stage").asString()).isEqualTo("NURTURE");
        assertThat(stage.at("/readiness/readyOn").asString()).isEqualTo(readyOn);
        assertThat(stage.at("/readiness/reason").asString()).isEqualTo("budget next fiscal year");
        JsonNode transitions = json(api.get("/api/v1/contacts/" + survivor + "/stage-history")).get("transitions");
        assertThat(transitions.size()).isEqualTo(3);
        assertThat(transitions.valueStream().map(t -> t.get("to").asString())).containsExactlyInAnyOrder("NURTURE", "MQL", "SQL");
    }
}
