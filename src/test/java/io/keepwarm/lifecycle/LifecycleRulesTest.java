package io.keepwarm.lifecycle;

import static io.keepwarm.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.Locks;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;

@KeepwarmTest
class LifecycleRulesTest {

    @Autowired
    Api api;

    @Autowired
    LifecycleRules rules;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void backToTheDefaults() throws Exception {
        change("""
                {"lostReturnDays": 90, "dormantAfterMonths": 6,
                 "labels": {"NURTURE": "Nurture", "MQL": "Marketing-qualified", "SQL": "Sales-qualified"}}""")
                .andExpect(status().isOk());
    }

    @Test
    void theRulesShowTheTransitionTableTheRecyclingSettingsAndTheLabels() throws Exception {
        JsonNode rules = json(api.as(Role.SALES, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .get("/api/v1/lifecycle/rules")).andExpect(status().isOk()));
        assertThat(rules.get("transitions").size()).isEqualTo(Transitions.all().size());
        assertThat(rules.get("transitions").valueStream()
                .filter(r -> r.get("from").asString().equals("MQL") && r.get("to").asString().equals("NURTURE")))
                .singleElement()
                .satisfies(r -> assertThat(r.get("reasonRequired").asBoolean()).isTrue());
        assertThat(rules.at("/recycling/lostReturnDays").asInt()).isEqualTo(90);
        assertThat(rules.at("/recycling/dormantAfterMonths").asInt()).isEqualTo(6);
        assertThat(rules.get("labels").size()).isEqualTo(10);
        assertThat(rules.at("/labels/MQL").asString()).isEqualTo("Marketing-qualified");
    }

    @Test
    void aMarketerChangesTheSettingsAndLabelsAndTheStageShowsTheNewLabel() throws Exception {
        api.as(Role.MARKETER, put("/api/v1/lifecycle/rules").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"lostReturnDays\": 120, \"labels\": {\"MQL\": \"  Warm lead  \"}}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.recycling.lostReturnDays").value(120))
                .andExpect(jsonPath("$.recycling.dormantAfterMonths").value(6))
                .andExpect(jsonPath("$.labels.MQL").value("Warm lead"))
                .andExpect(jsonPath("$.labels.NURTURE").value("Nurture"));

        long id = new Stages(api).aContactThrough("labelled", Stage.MQL);
        api.get("/api/v1/contacts/" + id + "/stage").andExpect(jsonPath("$.label").value("Warm lead"));
        api.get("/api/v1/audit?entityType=lifecycle&entityId=rules")
                .andExpect(jsonPath("$.items[0].action").value("LIFECYCLE_RULES_CHANGED"));
    }

    @Test
    void settingsOutsideTheirLimitsAreRefusedFieldByFieldAndNothingChanges() throws Exception {
        change("{\"lostReturnDays\": 0}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("lostReturnDays"));
        change("{\"lostReturnDays\": 30, \"dormantAfterMonths\": 121, \"labels\": {\"LOST\": \" \"}}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(2))
                .andExpect(jsonPath("$.errors[0].field").value("dormantAfterMonths"))
                .andExpect(jsonPath("$.errors[1].field").value("labels.LOST"));
        change("{\"labels\": {\"HOT\": \"Hot\"}}").andExpect(status().isBadRequest());
        change("{\"lostReturnDays\": \"ninety\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("lostReturnDays"));
        api.get("/api/v1/lifecycle/rules").andExpect(jsonPath("$.recycling.lostReturnDays").value(90));
    }

    @Test
    void aStageCannotTakeTheNameOfAnotherStageInAnyCaseAndNothingChanges() throws Exception {
        change("{\"lostReturnDays\": 30, \"labels\": {\"MQL\": \"nurture\"}}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(1))
                .andExpect(jsonPath("$.errors[0].field").value("labels.MQL"))
                .andExpect(jsonPath("$.errors[0].message")
                        .value("Each stage needs a name of its own: 'nurture' is already the name of NURTURE"));
        change("{\"labels\": {\"NURTURE\": \"Hot lead\", \"MQL\": \"HOT LEAD\"}}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(2))
                .andExpect(jsonPath("$.errors[0].message")
                        .value("Each stage needs a name of its own: 'Hot lead' is already the name of MQL"))
                .andExpect(jsonPath("$.errors[1].message")
                        .value("Each stage needs a name of its own: 'HOT LEAD' is already the name of NURTURE"));

        api.get("/api/v1/lifecycle/rules")
                .andExpect(jsonPath("$.recycling.lostReturnDays").value(90))
                .andExpect(jsonPath("$.labels.NURTURE").value("Nurture"))
                .andExpect(jsonPath("$.labels.MQL").value("Marketing-qualified"));
    }

    @Test
    void twoStagesMaySwapTheirNamesInOneChange() throws Exception {
        change("{\"labels\": {\"NURTURE\": \"Marketing-qualified\", \"MQL\": \"Nurture\"}}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.labels.NURTURE").value("Marketing-qualified"))
                .andExpect(jsonPath("$.labels.MQL").value("Nurture"));
    }

    @Test
    void threeStagesMayPassTheirNamesRoundInOneChange() throws Exception {
        change("{\"labels\": {\"NURTURE\": \"Marketing-qualified\", \"MQL\": \"Sales-qualified\","
                + " \"SQL\": \"nurture\"}}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.labels.NURTURE").value("Marketing-qualified"))
                .andExpect(jsonPath("$.labels.MQL").value("Sales-qualified"))
                .andExpect(jsonPath("$.labels.SQL").value("nurture"));
        change("{\"labels\": {\"SQL\": \"Sales-qualified\", \"MQL\": \"Marketing-qualified\","
                + " \"NURTURE\": \"Nurture\"}}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.labels.SQL").value("Sales-qualified"));
    }

    @Test
    void twoSavesGivingTwoStagesOneNameAtOnceRefuseTheLaterAsIfItHadComeSecond() throws Exception {
        String warm = "Warm " + UUID.randomUUID().toString().substring(0, 8);

        ResultActions second = whileFirstHoldsItsSave(
                () -> rules.change(new LifecycleRules.Change(null, null, Map.of(Stage.NURTURE, warm))),
                () -> change("{\"labels\": {\"MQL\": \"%s\"}}".formatted(warm.toUpperCase(Locale.ROOT))));

        second.andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(1))
                .andExpect(jsonPath("$.errors[0].field").value("labels.MQL"))
                .andExpect(jsonPath("$.errors[0].message").value("Each stage needs a name of its own: '"
                        + warm.toUpperCase(Locale.ROOT) + "' is already the name of NURTURE"));
        api.get("/api/v1/lifecycle/rules")
                .andExpect(jsonPath("$.labels.NURTURE").value(warm))
                .andExpect(jsonPath("$.labels.MQL").value("Marketing-qualified"));
    }

    /** Saves the first change in a transaction kept open until the second request comes to wait for it or answers. */
    private ResultActions whileFirstHoldsItsSave(Runnable first, Callable<ResultActions> second) throws Exception {
        return Locks.whileFirstHolds(tx, first, second, () -> Locks.sessionsWaitingOnEither(jdbc) > 0);
    }


    @Test
    void salesCannotChangeTheRules() throws Exception {
        api.as(Role.SALES, put("/api/v1/lifecycle/rules").contentType(MediaType.APPLICATION_JSON)
                .content("{\"lostReturnDays\": 10}")).andExpect(status().isForbidden());
    }

    private ResultActions change(String json) throws Exception {
        return api.as(Role.ADMIN, put("/api/v1/lifecycle/rules").contentType(MediaType.APPLICATION_JSON).content(json));
    }
}
