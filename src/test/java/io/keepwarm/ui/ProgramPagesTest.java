package io.keepwarm.ui;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.engine.Engine;
import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The program builder's answers to a person's mistakes, and its warning before a live program changes. */
@KeepwarmTest
class ProgramPagesTest {

    @Autowired Api api;
    @Autowired Engine engine;
    @Autowired io.keepwarm.segment.internal.Membership membership;
    @Autowired io.keepwarm.support.TestClock clock;
    @Autowired io.keepwarm.program.Enrollments enrollments;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aStreamWithoutContentIsNotSavedAndTheBuilderSaysWhyKeepingWhatWasTyped() throws Exception {
        String page = body(as(Role.MARKETER, post("/ui/programs").param("name", "Typed name " + run).param("kind", "STREAM")
                .param("cadenceType", "monthly").param("week", "1").param("day", "TUESDAY").param("at", "10:00")
                .param("action", "save")));

        assertThat(page).contains("id=\"form-errors\"").contains("a stream needs from 1 to 1000 content items")
                .contains("value=\"Typed name " + run + "\"");
        assertThat(json(api.get("/api/v1/programs?limit=200")).get("items").toString()).doesNotContain("Typed name " + run);
    }

    @Test
    void theBuildersFirstFieldIsTheNameAndEnterInAFieldSavesNothingHalfBuilt() throws Exception {
        for (String kind : List.of("SEQUENCE", "STREAM")) {
            org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(body(as(Role.MARKETER,
                    get("/ui/programs/new").param("kind", kind))));

            org.jsoup.select.Elements tabStops = page.select("#program-form").select("input, select, textarea, button")
                    .not("[type=hidden], [hidden], [disabled], [tabindex=-1]");
            assertThat(tabStops.first().id()).as(kind + ": the first tab stop").isEqualTo("p-name");
            // Enter in a field presses the form's first submit button: a disabled one submits nothing.
            org.jsoup.nodes.Element enter = page.select("#program-form button:not([type=button])").first();
            assertThat(enter.hasAttr("disabled")).as(kind + ": what Enter presses").isTrue();
            assertThat(enter.hasAttr("hidden")).isTrue();
            org.jsoup.nodes.Element save = page.getElementById("save-program");
            assertThat(save.text()).isEqualTo("Save program");
            assertThat(tabStops.indexOf(save)).as(kind + ": saving comes after the steps and the pool")
                    .isEqualTo(tabStops.size() - 1);
        }
    }

    @Test
    void aWaitOfNoTimeOrLessIsRefusedInTheBuildersWordsNotTheApisJson() throws Exception {
        for (String days : List.of("-3", "0")) {
            String page = body(as(Role.MARKETER, post("/ui/programs").param("name", "Bad wait " + days + run)
                    .param("kind", "SEQUENCE").param("steps[0].type", "wait").param("steps[0].waitDays", days)
                    .param("action", "save")));

            assertThat(page).as(days).containsAnyOf("a wait is days, hours and minutes of 0 or more",
                    "Give how long to wait (days, hours or minutes), or a weekday and time to wait until")
                    .doesNotContain("&quot;duration&quot;", "\"duration\"");
        }
    }

    @Test
    void aSecondProgramUnderATakenNameIsShownAtTheNameFieldNotAsAProblemDocument() throws Exception {
        MockHttpServletRequestBuilder create = post("/ui/programs").param("name", "Twice " + run).param("kind", "SEQUENCE")
                .param("steps[0].type", "task").param("steps[0].text", "Call them").param("action", "save");
        as(Role.MARKETER, create).andExpect(status().isFound());

        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(body(as(Role.MARKETER, create)));

        assertThat(page.getElementById("p-name").attr("aria-invalid")).isEqualTo("true");
        assertThat(page.getElementById(page.getElementById("p-name").attr("aria-describedby")).text())
                .as("the message a screen reader reads with the field").contains("already exists");
        assertThat(json(api.get("/api/v1/programs?limit=200")).get("items").findValuesAsString("name"))
                .containsOnlyOnce("Twice " + run);
    }

    @Test
    void aStepsFieldWithAMistakeIsMarkedAndPointsAtItsMessageForScreenReaders() throws Exception {
        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(body(as(Role.MARKETER, post("/ui/programs")
                .param("name", "No piece " + run).param("kind", "SEQUENCE").param("steps[0].type", "send")
                .param("steps[0].channel", "EMAIL").param("action", "save"))));

        org.jsoup.nodes.Element content = page.getElementById("s0-content");
        assertThat(content.attr("aria-invalid")).isEqualTo("true");
        assertThat(page.getElementById(content.attr("aria-describedby")).text()).isNotBlank();
        assertThat(page.getElementById("s0-channel").hasAttr("aria-invalid")).as("a field without a mistake").isFalse();
        assertThat(page.getElementById("s0-stale").attr("aria-describedby")).isEqualTo("s0-stale-help");
    }

    @Test
    void aReadinessCheckBuiltAsACallIsSavedAsOneAndShownAsOneWhenTheBuilderOpensAgain() throws Exception {
        long piece = api.liveArticle("Ready call " + run);
        as(Role.MARKETER, post("/ui/programs").param("name", "Ask by phone " + run).param("kind", "SEQUENCE")
                .param("steps[0].type", "readiness").param("steps[0].contentId", String.valueOf(piece))
                .param("steps[0].channel", "PHONE").param("action", "save")).andExpect(status().isFound());
        JsonNode saved = null;
        for (JsonNode p : json(api.get("/api/v1/programs?limit=200")).get("items")) {
            saved = p.get("name").asString().equals("Ask by phone " + run) ? p : saved;
        }
        assertThat(saved.at("/steps/0/channel").asString()).isEqualTo("PHONE");

        org.jsoup.nodes.Document builder = org.jsoup.Jsoup.parse(body(as(Role.MARKETER,
                get("/ui/programs/" + saved.get("id").asLong() + "/edit"))));

        assertThat(builder.select("#s0-channel option[selected]").text()).isEqualTo("A call in the owner's day, with the piece's script");
        assertThat(builder.select("label[for=s0-channel]").text()).isEqualTo("Ask by");
    }

    @Test
    void aReadinessChecksDropIfNotSentWithinIsSavedFromTheBuilderShownAgainAndSaidOnTheProgramsPage() throws Exception {
        long piece = api.liveArticle("Ready limit " + run);
        as(Role.MARKETER, post("/ui/programs").param("name", "Check-in limit " + run).param("kind", "SEQUENCE")
                .param("steps[0].type", "readiness").param("steps[0].contentId", String.valueOf(piece))
                .param("steps[0].channel", "EMAIL").param("steps[0].staleHours", "240").param("steps[0].staleMinutes", "30")
                .param("action", "save")).andExpect(status().isFound());
        JsonNode saved = null;
        for (JsonNode p : json(api.get("/api/v1/programs?limit=200")).get("items")) {
            saved = p.get("name").asString().equals("Check-in limit " + run) ? p : saved;
        }
        assertThat(java.time.Duration.parse(saved.at("/steps/0/staleAfter").asString()))
                .isEqualTo(java.time.Duration.ofDays(10).plusMinutes(30));
        long id = saved.get("id").asLong();

        org.jsoup.nodes.Document builder = org.jsoup.Jsoup.parse(body(as(Role.MARKETER, get("/ui/programs/" + id + "/edit"))));
        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(body(as(Role.MARKETER, get("/ui/programs/" + id))));

        assertThat(builder.select("label[for=s0-stale]").text()).isEqualTo("Drop if not sent within (hours)");
        assertThat(builder.select("#s0-stale").val()).isEqualTo("240");
        assertThat(builder.select("#s0-stale-min").val()).isEqualTo("30");
        assertThat(page.select("#step-figures tr[data-step=0]").text())
                .contains("dropped if not sent within 10 days 30 minutes").doesNotContain("(the default)");
    }

    @Test
    void aReadinessChecksDropIfNotSentWithinOfMinutesIsRefusedAtItsFieldInTheBuildersWords() throws Exception {
        long piece = api.liveArticle("Ready too short " + run);
        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(body(as(Role.MARKETER, post("/ui/programs")
                .param("name", "Check-in too short " + run).param("kind", "SEQUENCE")
                .param("steps[0].type", "readiness").param("steps[0].contentId", String.valueOf(piece))
                .param("steps[0].staleMinutes", "30").param("action", "save"))));

        assertThat(page.select("#form-errors li").eachText()).singleElement().asString()
                .isEqualTo("Step 1 (readiness check): \"drop if not sent within\" must be from an hour to 8760 hours (365 days)");
        assertThat(page.select("#s0-stale-help ~ small.error").text()).isEqualTo("must be from an hour to 8760 hours (365 days)");
        assertThat(page.select("#s0-stale-min").val()).as("what was typed stays").isEqualTo("30");
    }

    @Test
    void aGoalThatDoesNotParseIsShownAtTheGoalWithItsLineAndColumn() throws Exception {
        String page = body(as(Role.MARKETER, post("/ui/programs").param("name", "Bad goal " + run).param("kind", "SEQUENCE")
                .param("goal", "stage = ").param("steps[0].type", "task").param("steps[0].text", "Call them")
                .param("action", "save")));

        assertThat(page).contains("Goal: the rule is not valid: line 1, column").contains(">Call them</textarea>");
    }

    @Test
    void aStepAddedMovedOrRemovedTakesTheFocusOnTheRedrawnBuilderAndIsSaidInTheStatusRegion() throws Exception {
        org.jsoup.nodes.Document added = builderAfter("add:wait", "send", "task");

        assertThat(added.select("[autofocus]")).as("one place takes the focus").hasSize(1);
        org.jsoup.nodes.Element landed = added.selectFirst("[autofocus]");
        assertThat(landed.id()).isEqualTo("step-2");
        assertThat(landed.attr("tabindex")).isEqualTo("-1");
        assertThat(landed.getElementById("step-said").text()).isEqualTo("Step 3 added: Wait.");
        assertThat(said(added)).as("for keepwarm.js to put in #announcer").isEqualTo("Step 3 added: Wait.");
        assertThat(added.select("#steps [role=status]")).as("words a page comes with in a status region are not read out")
                .isEmpty();
        assertThat(added.select("article.step h3").eachText()).as("steps to jump between")
                .containsExactly("Step 1 · Send content", "Step 2 · Task for the owner", "Step 3 · Wait");

        org.jsoup.nodes.Document moved = builderAfter("up:2", "send", "task", "wait");
        assertThat(moved.selectFirst("[autofocus]").id()).isEqualTo("step-1");
        assertThat(said(moved)).isEqualTo("Step 3 moved up: it is now step 2.");

        org.jsoup.nodes.Document down = builderAfter("down:0", "send", "task");
        assertThat(down.selectFirst("[autofocus]").id()).isEqualTo("step-1");
        assertThat(said(down)).isEqualTo("Step 1 moved down: it is now step 2.");

        org.jsoup.nodes.Document removed = builderAfter("remove:2", "send", "task", "wait");
        assertThat(removed.selectFirst("[autofocus]").id()).as("the step before, none being after").isEqualTo("step-1");
        assertThat(said(removed)).isEqualTo("Step 3 removed: 2 steps are left.");

        org.jsoup.nodes.Document emptied = builderAfter("remove:0", "task");
        assertThat(emptied.select("[autofocus]")).singleElement().satisfies(empty -> {
            assertThat(empty.id()).isEqualTo("steps-empty");
            assertThat(empty.attr("tabindex")).isEqualTo("-1");
        });
        assertThat(emptied.getElementById("step-said").text()).isEqualTo("Step 1 removed: no step is left.");
        assertThat(said(emptied)).isEqualTo("Step 1 removed: no step is left.");

        org.jsoup.nodes.Document nothingMoved = builderAfter("up:0", "send", "task");
        assertThat(nothingMoved.select("[autofocus]")).as("nothing changed: nothing to land on").isEmpty();
        assertThat(nothingMoved.select("[data-announce]")).isEmpty();
    }

    /** What the redrawn builder has keepwarm.js say in the status region: one sentence, at most. */
    private static String said(org.jsoup.nodes.Document page) {
        return page.select("[data-announce]").eachAttr("data-announce").stream().reduce((a, b) -> a + " | " + b)
                .orElse(null);
    }

    @Test
    void aWaitWithoutATimeMarksEachOfItsFieldsWithTheStepsMessageAndTheSummaryLinksToTheWait() throws Exception {
        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(body(as(Role.MARKETER, post("/ui/programs")
                .param("name", "Timeless wait " + run).param("kind", "SEQUENCE").param("steps[0].type", "wait")
                .param("action", "save"))));

        assertThat(page.title()).startsWith("Error: New sequence");
        assertThat(page.getElementById("s0-error").text()).startsWith("Give how long to wait");
        for (String field : List.of("s0-days", "s0-hours", "s0-minutes", "s0-day", "s0-at")) {
            assertThat(page.getElementById(field).attr("aria-invalid")).as(field).isEqualTo("true");
            assertThat(page.getElementById(field).attr("aria-describedby")).as(field).contains("s0-error");
        }
        assertThat(page.select("#form-errors li a").eachAttr("href")).contains("#s0-days");
    }

    @Test
    void aPieceAddedMovedOrRemovedInTheStreamsPoolTakesTheFocusOnTheRedrawnBuilderAndIsSaid() throws Exception {
        long cooling = api.liveArticle("Cooling " + run);
        long heating = api.liveArticle("Heating " + run);
        long venting = api.liveArticle("Venting " + run);

        org.jsoup.nodes.Document added = poolAfter("pool-add", venting, cooling, heating);
        assertThat(added.select("[autofocus]")).as("one place takes the focus").singleElement().satisfies(landed -> {
            assertThat(landed.id()).isEqualTo("pool-2");
            assertThat(landed.attr("data-content")).isEqualTo(String.valueOf(venting));
            assertThat(landed.attr("tabindex")).isEqualTo("-1");
        });
        assertThat(added.getElementById("pool-said").attr("data-announce"))
                .isEqualTo("Venting " + run + " added to the pool: piece 3 of 3.");

        org.jsoup.nodes.Document moved = poolAfter("pool-up:2", null, cooling, heating, venting);
        assertThat(moved.selectFirst("[autofocus]").attr("data-content")).isEqualTo(String.valueOf(venting));
        assertThat(moved.selectFirst("[autofocus]").id()).isEqualTo("pool-1");
        assertThat(moved.getElementById("pool-said").text()).isEqualTo("Venting " + run + " moved up: it is now piece 2 of 3.");

        org.jsoup.nodes.Document down = poolAfter("pool-down:0", null, cooling, heating);
        assertThat(down.selectFirst("[autofocus]").attr("data-content")).isEqualTo(String.valueOf(cooling));
        assertThat(down.getElementById("pool-said").text()).isEqualTo("Cooling " + run + " moved down: it is now piece 2 of 2.");

        org.jsoup.nodes.Document removed = poolAfter("pool-remove:1", null, cooling, heating);
        assertThat(removed.selectFirst("[autofocus]").attr("data-content")).as("the piece before, none being after")
                .isEqualTo(String.valueOf(cooling));
        assertThat(removed.getElementById("pool-said").text())
                .isEqualTo("Heating " + run + " removed from the pool: 1 piece is left.");

        org.jsoup.nodes.Document emptied = poolAfter("pool-remove:0", null, heating);
        assertThat(emptied.selectFirst("[autofocus]").id()).isEqualTo("pool-empty");
        assertThat(emptied.getElementById("pool-empty").attr("tabindex")).isEqualTo("-1");
        assertThat(emptied.getElementById("pool-said").text())
                .isEqualTo("Heating " + run + " removed from the pool: no piece is left.");

        org.jsoup.nodes.Document nothingChosen = poolAfter("pool-add", null, heating);
        assertThat(nothingChosen.select("[autofocus]")).as("nothing changed: nothing to land on").isEmpty();
        assertThat(nothingChosen.getElementById("pool-said")).isNull();
    }

    private org.jsoup.nodes.Document poolAfter(String action, Long adding, long... pool) throws Exception {
        MockHttpServletRequestBuilder request = post("/ui/programs").param("name", "Pool " + run)
                .param("kind", "STREAM").param("action", action);
        for (int i = 0; i < pool.length; i++) {
            request.param("pool[" + i + "]", String.valueOf(pool[i]));
        }
        if (adding != null) {
            request.param("poolAdd", String.valueOf(adding));
        }
        return org.jsoup.Jsoup.parse(body(as(Role.MARKETER, request)));
    }

    private org.jsoup.nodes.Document builderAfter(String action, String... types) throws Exception {
        MockHttpServletRequestBuilder request = post("/ui/programs").param("name", "Steps " + run)
                .param("kind", "SEQUENCE").param("action", action);
        for (int i = 0; i < types.length; i++) {
            request.param("steps[" + i + "].type", types[i]);
        }
        return org.jsoup.Jsoup.parse(body(as(Role.MARKETER, request)));
    }

    @Test
    void aStepsMistakeIsSummedUpByTheStepsNumberAndKindAsTheBuilderShowsThem() throws Exception {
        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(body(as(Role.MARKETER, post("/ui/programs")
                .param("name", "Bad branch " + run).param("kind", "SEQUENCE")
                .param("steps[0].type", "task").param("steps[0].text", "Call them")
                .param("steps[1].type", "task").param("steps[1].text", "And again")
                .param("steps[2].type", "branch").param("steps[2].rule", "stage = ")
                .param("action", "save"))));

        assertThat(page.select("#form-errors li").eachText()).singleElement().asString()
                .startsWith("Step 3 (branch): the rule is not valid: line 1, column");
        assertThat(page.getElementById("form-errors").text()).doesNotContain("steps[");
    }

    @Test
    void aGoalThatDoesNotParseAndTheStepsMistakesAreAllShownOnOneSaveEachAtItsField() throws Exception {
        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(body(as(Role.MARKETER, post("/ui/programs")
                .param("name", "All at once " + run).param("kind", "SEQUENCE").param("goal", "stage = ")
                .param("steps[0].type", "task").param("steps[0].text", "")
                .param("steps[1].type", "branch").param("steps[1].rule", "industy = \"HPC\"")
                .param("action", "save"))));

        assertThat(page.select("#form-errors li").eachText()).satisfiesExactly(
                goal -> assertThat(goal).startsWith("Goal: the rule is not valid: line 1, column"),
                task -> assertThat(task).isEqualTo("Step 1 (task): the task is required, at most 2000 characters"),
                branch -> assertThat(branch).startsWith("Step 2 (branch): the rule is not valid: line 1, column 1:"
                        + " 'industy' is not a field"));
        assertThat(page.getElementById("form-errors").text()).doesNotContain("steps[").doesNotContain("goal.");
        assertThat(page.getElementById("p-goal").nextElementSibling().text())
                .startsWith("The segment rule is not valid: line 1, column");
        assertThat(page.getElementById("s0-text").nextElementSibling().text())
                .isEqualTo("is required, at most 2000 characters");
        assertThat(page.getElementById("s1-rule").nextElementSibling().text())
                .startsWith("The segment rule is not valid: line 1, column 1: 'industy' is not a field");
        assertThat(json(api.get("/api/v1/programs?limit=200")).get("items").toString()).doesNotContain("All at once " + run);
    }

    @Test
    void aRuleThatMeansNothingIsShownAtItsLineAndColumnWithACaretAsTheSegmentEditorShowsIt() throws Exception {
        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(body(as(Role.MARKETER, post("/ui/programs")
                .param("name", "Meaningless " + run).param("kind", "SEQUENCE").param("goal", "score between 50 and 10")
                .param("steps[0].type", "task").param("steps[0].text", "Call them")
                .param("steps[1].type", "branch").param("steps[1].rule", "stage = NURTURE and\n  scroe >= 10")
                .param("steps[2].type", "goal").param("steps[2].rule", "owner = 999999999")
                .param("action", "save"))));

        assertThat(page.select("#form-errors li").eachText()).satisfiesExactly(
                goal -> assertThat(goal).startsWith("Goal: the rule is not valid: line 1, column 15: 50 is above 10"),
                branch -> assertThat(branch)
                        .startsWith("Step 2 (branch): the rule is not valid: line 2, column 3: 'scroe' is not a field"),
                owner -> assertThat(owner)
                        .startsWith("Step 3 (goal): the rule is not valid: line 1, column 9: there is no user 999999999"));
        var branch = page.getElementById("s1-rule-error");
        assertThat(page.getElementById("s1-rule").attr("aria-describedby")).isEqualTo("s1-rule-error");
        assertThat(List.of(branch.attr("data-line"), branch.attr("data-column"))).containsExactly("2", "3");
        assertThat(branch.selectFirst("p").text())
                .startsWith("The segment rule is not valid: line 2, column 3: 'scroe' is not a field");
        assertThat(branch.selectFirst("pre.caret code").wholeText()).isEqualTo("  scroe >= 10\n  ^");
        assertThat(page.getElementById("p-goal-error").selectFirst("pre.caret code").wholeText())
                .isEqualTo("score between 50 and 10\n              ^");
        assertThat(page.getElementById("s2-rule-error").attr("data-column")).isEqualTo("9");
        assertThat(json(api.get("/api/v1/programs?limit=200")).get("items").toString()).doesNotContain("Meaningless " + run);
    }

    @Test
    void aTaskStepNamingAnUnknownVariableIsRefusedBesideItsTextAndOneNamingTheContactsNameIsSaved() throws Exception {
        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(body(as(Role.MARKETER, post("/ui/programs")
                .param("name", "Typo in a task " + run).param("kind", "SEQUENCE")
                .param("steps[0].type", "task").param("steps[0].text", "Call {{ contact.frist_name }} about the guide")
                .param("action", "save"))));

        assertThat(page.getElementById("s0-text").nextElementSibling().text())
                .startsWith("'contact.frist_name' is not a variable; use one of [contact.first_name");
        assertThat(page.getElementById("s0-text-variables").text()).as("the variables it may name")
                .contains("{{ contact.first_name }}", "{{ contact.contract_expiry }}").doesNotContain("links.");
        assertThat(page.getElementById("s0-text").text()).as("what was typed stays")
                .isEqualTo("Call {{ contact.frist_name }} about the guide");
        assertThat(json(api.get("/api/v1/programs?limit=200")).get("items").toString()).doesNotContain("Typo in a task " + run);

        as(Role.MARKETER, post("/ui/programs").param("name", "Call by name " + run).param("kind", "SEQUENCE")
                .param("steps[0].type", "task").param("steps[0].text", "Call {{ contact.first_name }} about the guide")
                .param("action", "save")).andExpect(status().is3xxRedirection());
    }

    @Test
    void aStreamsTimeThatIsNoTimeAndItsEmptyPoolAreShownOnOneSaveWithoutTheApisCadenceExample() throws Exception {
        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(body(as(Role.MARKETER, post("/ui/programs")
                .param("name", "Bad time " + run).param("kind", "STREAM").param("cadenceType", "every")
                .param("everyCount", "2").param("everyUnit", "WEEKS").param("at", "ten")
                .param("action", "save"))));

        assertThat(page.select("#form-errors li").eachText()).containsExactly(
                "At: 'ten' is not a time of day such as 10:00",
                "Content pool: a stream needs from 1 to 1000 content items, in priority order");
        assertThat(page.getElementById("c-at").nextElementSibling().text()).isEqualTo("'ten' is not a time of day such as 10:00");
    }

    @Test
    void aTakenNameAnExitWithoutASegmentAndAWaitOfNoTimeAreAllSaidInTheBuildersWordsOnOneSave() throws Exception {
        as(Role.MARKETER, post("/ui/programs").param("name", "Taken " + run).param("kind", "SEQUENCE")
                .param("steps[0].type", "task").param("steps[0].text", "Call them").param("action", "save"))
                .andExpect(status().isFound());

        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(body(as(Role.MARKETER, post("/ui/programs")
                .param("name", "Taken " + run).param("kind", "SEQUENCE").param("exitOnSegmentLeave", "true")
                .param("steps[0].type", "wait").param("steps[0].waitDays", "0")
                .param("action", "save"))));

        assertThat(page.select("#form-errors li").eachText()).containsExactly(
                "Name: a program named 'Taken " + run + "' already exists",
                "Leaving the segment needs a segment to enroll from: choose one, or untick it",
                "Step 1 (wait): give how long to wait (days, hours or minutes), or a weekday and time to wait until:"
                        + " one of the two");
        assertThat(page.getElementById("p-exit").parent().nextElementSibling().nextElementSibling().text())
                .isEqualTo("needs a segment to enroll from: choose one, or untick it");
    }

    @Test
    void editingALiveSequenceSaysHowManyEnrolledContactsItReachesBeforeSaving() throws Exception {
        long piece = api.liveArticle("Live edit " + run);
        long sequence = api.activeProgram("""
                {"name": "Live edit %s", "kind": "SEQUENCE", "steps": [
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}, {"type": "wait", "duration": "P7D"}]}"""
                .formatted(run, piece));
        long ada = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("ada")));
        long bob = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("bob")));
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [%d, %d]}".formatted(ada, bob))
                .andExpect(status().isOk());
        MockHttpServletRequestBuilder edit = post("/ui/programs/" + sequence).param("name", "Live edit " + run)
                .param("steps[0].type", "send").param("steps[0].contentId", String.valueOf(piece)).param("steps[0].channel", "EMAIL")
                .param("steps[1].type", "wait").param("steps[1].waitDays", "7")
                .param("steps[2].type", "task").param("steps[2].text", "Call after the guide");

        String page = body(as(Role.MARKETER, edit.param("action", "save")));

        assertThat(page).contains("id=\"impact\"").containsPattern("id=\"impact-affected\">2<");
        assertThat(json(api.get("/api/v1/programs/" + sequence)).get("steps")).hasSize(2);

        var confirmed = as(Role.MARKETER, post("/ui/programs/" + sequence).param("name", "Live edit " + run)
                .param("steps[0].type", "send").param("steps[0].contentId", String.valueOf(piece)).param("steps[0].channel", "EMAIL")
                .param("steps[1].type", "wait").param("steps[1].waitDays", "7")
                .param("steps[2].type", "task").param("steps[2].text", "Call after the guide").param("action", "confirm"))
                .andExpect(status().is3xxRedirection());
        assertThat(confirmed.andReturn().getResponse().getRedirectedUrl()).isEqualTo("/ui/programs/" + sequence);
        assertThat(json(api.get("/api/v1/programs/" + sequence)).get("steps")).hasSize(3);
        // Other tests tick the shared engine: leave them no touch of ours to send.
        api.post("/api/v1/programs/" + sequence + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void savingALiveSequenceUnchangedKeepsATaskOfSeveralLinesAsWrittenAndChangesNothing() throws Exception {
        long sequence = api.activeProgram("""
                {"name": "Two lines %s", "kind": "SEQUENCE", "steps": [
                  {"type": "task", "text": "Follow up on the white paper\\nAsk about their cooling budget"}]}""".formatted(run));
        JsonNode before = json(api.get("/api/v1/programs/" + sequence));

        org.jsoup.nodes.Document editor = org.jsoup.Jsoup.parse(body(as(Role.MARKETER, get("/ui/programs/" + sequence + "/edit"))));
        assertThat(editor.getElementById("s0-text").tagName()).as("a browser drops an input's line breaks")
                .isEqualTo("textarea");
        String shown = editor.getElementById("s0-text").val();
        assertThat(shown).isEqualTo("Follow up on the white paper\nAsk about their cooling budget");
        // As a browser sends a text area: its line breaks as CRLF.
        var saved = as(Role.MARKETER, post("/ui/programs/" + sequence).param("name", "Two lines " + run)
                .param("steps[0].type", "task").param("steps[0].text", shown.replace("\n", "\r\n")).param("action", "save"));

        assertThat(saved.andReturn().getResponse().getContentAsString()).doesNotContain("id=\"impact\"");
        assertThat(json(api.get("/api/v1/programs/" + sequence)).get("steps")).isEqualTo(before.get("steps"));
        api.post("/api/v1/programs/" + sequence + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void aRepSeesAProgramsPageAndFiguresButNoButtonToChangeIt() throws Exception {
        long sequence = api.activeProgram("""
                {"name": "Rep view %s", "kind": "SEQUENCE", "steps": [{"type": "task", "text": "Call"}]}""".formatted(run));

        String page = body(as(Role.SALES, get("/ui/programs/" + sequence)));

        assertThat(page).contains("Rep view " + run).contains("id=\"step-figures\"").contains("Task for the owner")
                .doesNotContain("id=\"edit-program\"").doesNotContain("id=\"status-form\"");
    }

    @Test
    void contactsWaitingOutAFinalWaitStandAtTheEndNotAtARemovedStep() throws Exception {
        long sequence = api.activeProgram("""
                {"name": "Final wait %s", "kind": "SEQUENCE", "steps": [
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}, {"type": "wait", "duration": "P3D"}]}"""
                .formatted(run, api.liveArticle("Final wait " + run)));
        long ada = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("ada")));
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [%d]}".formatted(ada))
                .andExpect(status().isOk());
        engine.plan();

        String page = body(as(Role.MARKETER, get("/ui/programs/" + sequence)));

        assertThat(page).containsPattern("<tr data-step=\"2\">\\s*<td>3</td><td>End \\(after the last wait\\)</td>")
                .doesNotContain("Removed step");
        api.post("/api/v1/programs/" + sequence + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void theContactCardsCountAContactWhoReachedTheGoalOnceSoTheyAddUpToEveryoneEnrolled() throws Exception {
        long sequence = api.activeProgram("""
                {"name": "Cards %1$s", "kind": "SEQUENCE", "goal": {"field": "tag", "op": "=", "value": "won-%1$s"},
                 "steps": [{"type": "addTag", "tag": "walked-%1$s"}]}""".formatted(run));
        long ada = api.createContact("{\"email\": \"%s\", \"tags\": [\"won-%s\"]}".formatted(uniqueEmail("ada"), run));
        long bob = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("bob")));
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [%d, %d]}".formatted(ada, bob))
                .andExpect(status().isOk());
        engine.plan();

        String page = body(as(Role.MARKETER, get("/ui/programs/" + sequence)));

        assertThat(page).contains("id=\"enrolled-active\">0<").contains("id=\"enrolled-finished\">1<")
                .contains("id=\"goal-reached\">1<").contains("id=\"enrolled-exited\">0<");
    }

    @Test
    void archivingALiveProgramAsksFirstNamingHowManyContactsLeaveAndThatItCannotBeResumed() throws Exception {
        long sequence = api.activeProgram("""
                {"name": "Archive me %s", "kind": "SEQUENCE", "steps": [{"type": "wait", "duration": "P7D"}]}"""
                .formatted(run));
        long ada = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("ada")));
        long bob = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("bob")));
        long cy = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("cy")));
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [%d, %d, %d]}".formatted(ada, bob, cy))
                .andExpect(status().isOk());

        org.jsoup.nodes.Document asked = org.jsoup.Jsoup.parse(body(as(Role.MARKETER,
                post("/ui/programs/" + sequence + "/status").param("to", "ARCHIVED"))));

        assertThat(asked.getElementById("confirm-question").text()).isEqualTo("Archive 'Archive me " + run + "'?");
        assertThat(asked.getElementById("confirm-consequence").text())
                .contains("Its 3 contacts leave it").contains("cannot be resumed");
        assertThat(json(api.get("/api/v1/programs/" + sequence)).get("status").asString()).isEqualTo("ACTIVE");
        assertThat(json(api.get("/api/v1/programs/" + sequence + "/enrollments?status=ACTIVE")).get("items")).hasSize(3);

        as(Role.MARKETER, post("/ui/programs/" + sequence + "/status").param("to", "ARCHIVED").param("confirmed", "true"))
                .andExpect(status().is3xxRedirection());
        assertThat(json(api.get("/api/v1/programs/" + sequence)).get("status").asString()).isEqualTo("ARCHIVED");
    }

    @Test
    void activatingADraftAsksFirstSayingHowManyOfItsAudienceItEnrollsNow() throws Exception {
        String tag = "act-" + run;
        api.createContact("{\"email\": \"%s\", \"tags\": [\"%s\"]}".formatted(uniqueEmail("ada"), tag));
        api.createContact("{\"email\": \"%s\", \"tags\": [\"%s\"]}".formatted(uniqueEmail("bob"), tag));
        long sql = api.createContact("{\"email\": \"%s\", \"tags\": [\"%s\"]}".formatted(uniqueEmail("cy"), tag));
        api.post("/api/v1/contacts/" + sql + "/stage", "{\"to\": \"SQL\"}").andExpect(status().isOk());
        long segment = json(api.post("/api/v1/segments", tools.jackson.databind.json.JsonMapper.shared().createObjectNode()
                .put("name", "Activation " + run).put("text", "tag = \"" + tag + "\"").toString())).get("id").asLong();
        membership.refresh(false);
        long sequence = json(api.post("/api/v1/programs", """
                {"name": "Activate me %s", "kind": "SEQUENCE", "audienceSegmentId": %d,
                 "steps": [{"type": "wait", "duration": "P7D"}]}""".formatted(run, segment))
                .andExpect(status().isCreated())).get("id").asLong();

        org.jsoup.nodes.Document asked = org.jsoup.Jsoup.parse(body(as(Role.MARKETER,
                post("/ui/programs/" + sequence + "/status").param("to", "ACTIVE"))));

        assertThat(asked.getElementById("confirm-question").text()).isEqualTo("Activate 'Activate me " + run + "'?");
        assertThat(asked.getElementById("confirm-consequence").text())
                .contains("It enrolls 2 contacts of the segment 'Activation " + run + "' now")
                .contains("1 contact of the segment is left out");
        assertThat(json(api.get("/api/v1/programs/" + sequence)).get("status").asString()).isEqualTo("DRAFT");

        as(Role.MARKETER, post("/ui/programs/" + sequence + "/status").param("to", "ACTIVE").param("confirmed", "true"))
                .andExpect(status().is3xxRedirection());
        assertThat(json(api.get("/api/v1/programs/" + sequence + "/enrollments?status=ACTIVE")).get("items")).hasSize(2);
        api.post("/api/v1/programs/" + sequence + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void activatingOrSavingAProgramWhoseStepsUseADraftOrExpiredPieceWarnsWhichSendNothingAndWhyButGoesAhead()
            throws Exception {
        long draft = piece("Unfinished " + run, "DRAFT", null);
        long expired = piece("Past webinar " + run, "LIVE", "2000-01-01T00:00:00Z");
        long sequence = json(api.post("/api/v1/programs", """
                {"name": "Silent steps %s", "kind": "SEQUENCE", "steps": [
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}, {"type": "wait", "duration": "P7D"},
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}]}""".formatted(run, draft, expired))
                .andExpect(status().isCreated())).get("id").asLong();

        org.jsoup.nodes.Document asked = org.jsoup.Jsoup.parse(body(as(Role.MARKETER,
                post("/ui/programs/" + sequence + "/status").param("to", "ACTIVE"))));

        assertThat(asked.select("#sending-nothing li").eachText()).satisfiesExactly(
                first -> assertThat(first).startsWith("step 1 (send 'Unfinished " + run + "'): it is a draft"),
                third -> assertThat(third).startsWith("step 3 (send 'Past webinar " + run + "'): it expired on ")
                        .endsWith("(its valid-until moment): sent to no one"));
        as(Role.MARKETER, post("/ui/programs/" + sequence + "/status").param("to", "ACTIVE").param("confirmed", "true"))
                .andExpect(status().is3xxRedirection());
        assertThat(json(api.get("/api/v1/programs/" + sequence)).get("status").asString()).isEqualTo("ACTIVE");

        var saved = as(Role.MARKETER, post("/ui/programs/" + sequence).param("name", "Silent steps " + run)
                .param("steps[0].type", "send").param("steps[0].contentId", String.valueOf(draft))
                .param("steps[0].channel", "EMAIL").param("action", "save")).andExpect(status().is3xxRedirection());
        assertThat(saved.andReturn().getFlashMap().get("sendingNothing")).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.list(String.class)).singleElement(
                        org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("step 1 (send 'Unfinished " + run + "'): it is a draft");
        api.post("/api/v1/programs/" + sequence + "/archive", "").andExpect(status().isOk());
    }

    private long piece(String name, String status, String validUntil) throws Exception {
        var piece = tools.jackson.databind.json.JsonMapper.shared().createObjectNode().put("name", name)
                .put("type", "WEBINAR_INVITE").put("status", status);
        if (validUntil != null) {
            piece.put("validUntil", validUntil);
        }
        var email = piece.putObject("variants").putObject("email");
        email.put("subject", name);
        email.put("html", "<p>Join us.</p>");
        return json(api.post("/api/v1/content", piece.toString()).andExpect(status().isCreated())).get("id").asLong();
    }

    @Test
    void aSequenceWhoseGoalIsAStepSaysSoWhereItsGoalIsShownNotNone() throws Exception {
        long sequence = json(api.post("/api/v1/programs", """
                {"name": "Goal step %s", "kind": "SEQUENCE", "steps": [{"type": "wait", "duration": "P7D"},
                 {"type": "goal", "rule": {"field": "stage", "op": "=", "value": "MQL"}},
                 {"type": "wait", "duration": "P7D"}, {"type": "goal", "rule": {"field": "score", "op": ">=", "value": 50}}]}""".formatted(run)).andExpect(status().isCreated()))
                .get("id").asLong();
        long withBoth = json(api.post("/api/v1/programs", """
                {"name": "Both goals %s", "kind": "SEQUENCE", "goal": {"activity": "replied"},
                 "steps": [{"type": "goal", "rule": {"field": "score", "op": ">=", "value": 50}}]}""".formatted(run)).andExpect(status().isCreated()))
                .get("id").asLong();

        assertThat(goalShownOn(sequence)).isEqualTo("none over the whole program; steps 2 and 4 are goal steps: each ends"
                + " the enrollment when its rule holds there");
        assertThat(goalShownOn(withBoth)).endsWith(" · step 1 is a goal step: it ends the enrollment when its"
                + " rule holds there");
    }

    private String goalShownOn(long program) throws Exception {
        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(body(as(Role.MARKETER, get("/ui/programs/" + program))));
        return page.select("#program-facts dt:containsOwn(Goal) + dd").text();
    }

    @Test
    void activatingADraftWithoutAnAudienceAsksFirstSayingNobodyIsEnrolledAndThatItCanNoLongerBeDeleted() throws Exception {
        long sequence = json(api.post("/api/v1/programs", """
                {"name": "By hand %s", "kind": "SEQUENCE", "steps": [{"type": "wait", "duration": "P7D"}]}"""
                .formatted(run)).andExpect(status().isCreated())).get("id").asLong();

        org.jsoup.nodes.Document asked = org.jsoup.Jsoup.parse(body(as(Role.MARKETER,
                post("/ui/programs/" + sequence + "/status").param("to", "ACTIVE"))));

        assertThat(asked.getElementById("confirm-question").text()).isEqualTo("Activate 'By hand " + run + "'?");
        assertThat(asked.getElementById("confirm-consequence").text()).contains("Nobody is enrolled now")
                .contains("added by hand, through the API or by a trigger").contains("no longer deleted");
        assertThat(asked.getElementById("confirm-status").text()).isEqualTo("Activate");
        assertThat(asked.getElementById("confirm-cancel").text()).isEqualTo("Cancel");
        assertThat(json(api.get("/api/v1/programs/" + sequence)).get("status").asString()).isEqualTo("DRAFT");

        as(Role.MARKETER, post("/ui/programs/" + sequence + "/status").param("to", "ACTIVE").param("confirmed", "true"))
                .andExpect(status().is3xxRedirection());
        assertThat(json(api.get("/api/v1/programs/" + sequence)).get("status").asString()).isEqualTo("ACTIVE");
        api.post("/api/v1/programs/" + sequence + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void contactsInAWaitAreShownWaitingAtTheWaitNotAtTheTaskAfterIt() throws Exception {
        long sequence = api.activeProgram("""
                {"name": "In a wait %s", "kind": "SEQUENCE", "steps": [
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}, {"type": "wait", "duration": "P14D"},
                  {"type": "task", "text": "Call about the guide"}]}"""
                .formatted(run, api.liveArticle("In a wait " + run)));
        long ada = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("ada")));
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [%d]}".formatted(ada))
                .andExpect(status().isOk());
        engine.plan();

        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(body(as(Role.MARKETER, get("/ui/programs/" + sequence))));

        assertThat(page.select("#step-figures tr[data-step=1] td.waiting").text()).isEqualTo("1");
        assertThat(page.select("#step-figures tr[data-step=2] td.waiting").text()).isEqualTo("0");
        api.post("/api/v1/programs/" + sequence + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void thePreviewShowsATaskAsWorkForTheOwnerNotAsACallSentToTheContact() throws Exception {
        long sequence = api.activeProgram("""
                {"name": "Task preview %s", "kind": "SEQUENCE", "steps": [{"type": "task", "text": "Call about the guide"}]}"""
                .formatted(run));
        long ada = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("ada")));

        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(body(as(Role.MARKETER,
                get("/ui/programs/" + sequence).param("contact", String.valueOf(ada)))));

        String row = page.select("#preview tbody tr").text();
        assertThat(row).contains("Task (the contact has no owner): Call about the guide").doesNotContain("SENT")
                .doesNotContain("PHONE");
        api.post("/api/v1/programs/" + sequence + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void thePreviewFillsInATasksTextForTheContactAndSaysATaskForAContactWithoutOwnerGoesToNobodysTasks()
            throws Exception {
        long sequence = api.activeProgram("""
                {"name": "Task filled %s", "kind": "SEQUENCE", "steps": [
                  {"type": "task", "text": "Call {{ contact.first_name }} about the cooling guide"}]}""".formatted(run));
        long rep = new io.keepwarm.support.SalesTeam(api).rep("PreviewRep");
        long eve = api.createContact("{\"email\": \"%s\", \"firstName\": \"Eve\", \"owner\": \"%d\"}"
                .formatted(uniqueEmail("eve"), rep));
        long ian = api.createContact("{\"email\": \"%s\", \"firstName\": \"Ian\"}".formatted(uniqueEmail("ian")));

        String owned = org.jsoup.Jsoup.parse(body(as(Role.MARKETER, get("/ui/programs/" + sequence)
                .param("contact", String.valueOf(eve))))).select("#preview tbody tr").text();
        String ownerless = org.jsoup.Jsoup.parse(body(as(Role.MARKETER, get("/ui/programs/" + sequence)
                .param("contact", String.valueOf(ian))))).select("#preview tbody tr").text();

        assertThat(owned).contains("Task for the owner: Call Eve about the cooling guide").contains("to the owner's tasks")
                .doesNotContain("{{");
        assertThat(ownerless).contains("Call Ian about the cooling guide").contains("to Tasks nobody has")
                .doesNotContain("owner's tasks").doesNotContain("{{");
        api.post("/api/v1/programs/" + sequence + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void thePreviewForAContactWhoseTimeZoneIsUnknownSaysSoAndWhoseQuietHoursItKeeps() throws Exception {
        long sequence = api.activeProgram("""
                {"name": "Unknown zone %s", "kind": "SEQUENCE", "steps": [
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}]}"""
                .formatted(run, api.liveArticle("Zone guide " + run)));
        long yank = api.createContact("{\"email\": \"%s\", \"country\": \"US\", \"consents\":".formatted(uniqueEmail("yank"))
                + " [{\"channel\": \"EMAIL\", \"state\": \"GRANTED\", \"source\": \"form\"}]}");
        // Noon UTC on a Tuesday: the afternoon in New York, but two at night in Honolulu.
        clock.set(java.time.ZonedDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC).plusDays(1)
                .with(java.time.temporal.TemporalAdjusters.next(java.time.DayOfWeek.TUESDAY)).withHour(12)
                .truncatedTo(java.time.temporal.ChronoUnit.HOURS).toInstant());

        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(body(as(Role.MARKETER, get("/ui/programs/" + sequence)
                .param("contact", String.valueOf(yank)))));

        assertThat(page.select("#preview-for").text())
                .contains("the contact's time zone is unknown: times are in America/Phoenix, the middle clock of United"
                        + " States").contains("on every clock of United States").doesNotContain("(times in");
        assertThat(page.select("#preview tbody tr[data-outcome=DEFERRED]").text())
                .contains("quiet time on some clock the contact may be on (their time zone is unknown)")
                .doesNotContain("in the contact's time zone");
        assertThat(json(api.get("/api/v1/programs/" + sequence + "/forecast?contact=" + yank)).get("unknownZone")
                .asString()).contains("on every clock of United States");
        api.post("/api/v1/programs/" + sequence + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void aContactTakenOutOfAProgramHasNoTouchLeftPlannedOnItsPage() throws Exception {
        long sequence = api.activeProgram("""
                {"name": "Taken out %s", "kind": "SEQUENCE", "steps": [
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}, {"type": "wait", "duration": "P7D"}]}"""
                .formatted(run, api.liveArticle("Taken out " + run)));
        long ada = berliner("ada");
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [%d]}".formatted(ada))
                .andExpect(status().isOk());
        // 23:00 in Berlin: the email is planned and held for the contact's morning.
        clock.set(java.time.ZonedDateTime.ofInstant(clock.instant(), java.time.ZoneId.of("Europe/Berlin")).plusDays(1)
                .withHour(23).truncatedTo(java.time.temporal.ChronoUnit.HOURS).toInstant());
        engine.plan();
        assertThat(engine.touchesOf(ada)).singleElement().extracting(io.keepwarm.engine.Touch::state)
                .isEqualTo(io.keepwarm.engine.Touch.State.PLANNED);

        api.post("/api/v1/programs/" + sequence + "/enrollments/remove", "{\"contactIds\": [%d]}".formatted(ada))
                .andExpect(status().isOk());

        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(body(as(Role.MARKETER, get("/ui/programs/" + sequence))));
        assertThat(page.select("#step-figures tr[data-step=0] td.planned").text()).isEqualTo("0");
        assertThat(page.select("#step-figures tr[data-step=0] td.suppressed").text()).contains("enrollment ended: 1");
        org.jsoup.nodes.Document dashboard = org.jsoup.Jsoup.parse(body(as(Role.MARKETER, get("/"))));
        // Whichever reasons the weeks shown hold, they read as words, in the table as in the chart's legend.
        assertThat(dashboard.getElementById("touches-table").text()).doesNotContainPattern("[A-Z]{2,}_[A-Z_]+");
        assertThat(dashboard.getElementById("touches-chart").attr("data-series"))
                .doesNotContainPattern("[A-Z]{2,}_[A-Z_]+");
        api.post("/api/v1/programs/" + sequence + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void aCheckInHeldByTheContactsOwnMonthlyRhythmPastItsLimitSaysSoBesideStale() throws Exception {
        long sequence = api.activeProgram("""
                {"name": "Monthly rhythm %s", "kind": "SEQUENCE", "steps": [
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}, {"type": "wait", "duration": "P3D"},
                  {"type": "readiness", "contentId": %d}]}"""
                .formatted(run, api.liveArticle("Rhythm guide " + run), api.liveArticle("Rhythm check " + run)));
        long ada = berliner("ada");
        api.as(Role.MARKETER, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .put("/api/v1/contacts/" + ada + "/frequency").contentType("application/json")
                .content("{\"channel\": \"EMAIL\", \"maxTouches\": 1, \"windowDays\": 30}")).andExpect(status().isOk());
        // A Tuesday at 10:00 in Berlin: the guide goes at once, the check-in is due on Friday morning.
        java.time.Instant tuesday = java.time.ZonedDateTime.ofInstant(clock.instant(), java.time.ZoneId.of("Europe/Berlin"))
                .plusDays(1).with(java.time.temporal.TemporalAdjusters.next(java.time.DayOfWeek.TUESDAY)).withHour(10)
                .truncatedTo(java.time.temporal.ChronoUnit.HOURS).toInstant();
        clock.set(tuesday);
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [%d]}".formatted(ada))
                .andExpect(status().isOk());
        engine.tick();
        clock.set(tuesday.plus(java.time.Duration.ofDays(3)).plusSeconds(60));
        engine.tick();

        String held = "held by the contact's own rhythm (1 email in 30 days) past its 3-day limit";
        assertThat(engine.touchesOf(ada)).filteredOn(t -> t.kind() == io.keepwarm.engine.Touch.Kind.READINESS)
                .singleElement().satisfies(t -> {
                    assertThat(t.reason()).as("the code the figures and the API count").isEqualTo("STALE");
                    assertThat(t.reasonDetail()).isEqualTo(held);
                });
        assertThat(org.jsoup.Jsoup.parse(body(as(Role.MARKETER, get("/ui/contacts/" + ada)))).text())
                .contains("Readiness check by email not sent").contains(held);
        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(body(as(Role.MARKETER, get("/ui/programs/" + sequence))));
        assertThat(page.select("#step-figures tr[data-step=2] td.suppressed > ul > li")).as("why is said on the line"
                + " of the one suppression, not as a second one with its own count").singleElement()
                .satisfies(reason -> assertThat(reason.text()).isEqualTo("too late to send: 1 — " + held));
        assertThat(page.select("#step-figures tr[data-step=2]").text()).contains("dropped if not sent within 3 days");
        org.jsoup.nodes.Document builder = org.jsoup.Jsoup.parse(body(as(Role.MARKETER,
                get("/ui/programs/" + sequence + "/edit"))));
        // Left blank, a check-in has the default limit, as a send step does, said in the same words.
        assertThat(builder.select("label[for=s2-stale]").text()).isEqualTo(builder.select("label[for=s0-stale]").text())
                .isEqualTo("Drop if not sent within (hours)");
        assertThat(builder.select("#s2-stale").val()).isEmpty();
        assertThat(builder.select("#s2-stale-help").text()).contains("72 hours (3 days)");
        api.post("/api/v1/programs/" + sequence + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void aStepsTouchesTooLateToSendAreOneLineWithWhatHeldThemSoFiveReadAsFive() {
        String outbox = "sent on, then held in the outbox past its limit";
        String quiet = "held by quiet hours past its 3-day limit";
        io.keepwarm.analytics.ProgramFigures.StepFigures allHeldInTheOutbox = new io.keepwarm.analytics.ProgramFigures
                .StepFigures(1, 0, 0, 0, 3, java.util.Map.of("STALE", 5L, "NO_CONSENT", 2L), java.util.Map.of(outbox, 5L),
                        0, 0, 0, 0);
        io.keepwarm.analytics.ProgramFigures.StepFigures heldByTwo = new io.keepwarm.analytics.ProgramFigures
                .StepFigures(1, 0, 0, 0, 3, java.util.Map.of("STALE", 5L), java.util.Map.of(outbox, 2L, quiet, 3L),
                        0, 0, 0, 0);

        assertThat(new ProgramPages.StepRow(2, "Send content", "'Guide' by email", allHeldInTheOutbox).reasons())
                .containsExactly("no consent: 2", "too late to send: 5 — " + outbox);
        assertThat(new ProgramPages.StepRow(2, "Send content", "'Guide' by email", heldByTwo).reasons())
                .containsExactly("too late to send: 5 — 3 " + quiet + "; 2 " + outbox);
    }

    @Test
    void touchesSuppressedAgainAndAgainForFewerContactsSayHowManyTimesAndHowManyContacts() {
        io.keepwarm.analytics.ProgramFigures.StepFigures paused = new io.keepwarm.analytics.ProgramFigures.StepFigures(
                0, 1, 0, 0, 0, java.util.Map.of("PAUSED", 4L, "NO_CONSENT", 2L), java.util.Map.of(), 0, 0, 0, 0,
                java.util.Map.of("PAUSED", 1L, "NO_CONSENT", 2L));

        assertThat(new ProgramPages.StepRow(1, "Cadence", "every week", paused).reasons())
                .containsExactly("no consent: 2", "paused by the contact: 4 times, 1 contact");
    }

    @Test
    void aBranchRowSaysHowManyContactsWentOnAndHowManyWentToItsElseStep() throws Exception {
        long sequence = api.activeProgram("""
                {"name": "Branch ways %s", "kind": "SEQUENCE", "steps": [
                  {"type": "branch", "rule": {"field": "tag", "op": "=", "value": "vip-%s"}, "elseStep": 3},
                  {"type": "task", "text": "Call the VIP"}, {"type": "wait", "duration": "P30D"},
                  {"type": "task", "text": "Call the others"}]}""".formatted(run, run));
        StringBuilder ids = new StringBuilder();
        for (String name : java.util.List.of("vip", "ann", "bob", "cid")) {
            String tags = name.equals("vip") ? ", \"tags\": [\"vip-" + run + "\"]" : "";
            ids.append(ids.isEmpty() ? "" : ", ").append(api.createContact(
                    "{\"email\": \"%s\"%s}".formatted(uniqueEmail(name), tags)));
        }
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [" + ids + "]}")
                .andExpect(status().isOk());
        engine.plan();

        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(body(as(Role.MARKETER, get("/ui/programs/" + sequence))));

        assertThat(page.select("#step-figures tr[data-step=0] .branched").text())
                .isEqualTo("4 contacts passed: 1 went on to step 2, 3 went to step 4.");
        assertThat(page.select("#step-figures tr[data-step=1] .branched")).isEmpty();

        // Another step reworded: the branch keeps its figures. Its rule changed: what it counted was another question.
        editSteps(sequence, "vip-" + run, "Call the VIP today");
        page = org.jsoup.Jsoup.parse(body(as(Role.MARKETER, get("/ui/programs/" + sequence))));
        assertThat(page.select("#step-figures tr[data-step=0] .branched").text()).startsWith("4 contacts passed");
        editSteps(sequence, "gold-" + run, "Call the VIP today");
        page = org.jsoup.Jsoup.parse(body(as(Role.MARKETER, get("/ui/programs/" + sequence))));
        assertThat(page.select("#step-figures tr[data-step=0] .branched").text()).isEqualTo("No contact has passed it yet.");
        api.post("/api/v1/programs/" + sequence + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void aStreamContactWhoseLastPieceIsHeldForMondayIsNotYetOutOfContentOnThePageOrInTheApi() throws Exception {
        long lead = berliner("held");
        // Saturday 10:00: email waits for Monday 08:00 (quiet hours at weekends).
        long stream = api.activeProgram("""
                {"name": "Held last %s", "kind": "STREAM",
                 "cadence": {"type": "monthly", "week": 1, "day": "SATURDAY", "at": "10:00"}, "pool": [%d]}"""
                .formatted(run, api.liveArticle("Only piece " + run)));
        api.post("/api/v1/programs/" + stream + "/enrollments", "{\"contactIds\": [%d]}".formatted(lead))
                .andExpect(status().isOk());
        clock.set(enrollments.list(stream, null, null, 1).items().getFirst().nextDueAt());
        engine.tick();
        io.keepwarm.engine.Touch held = engine.touchesOf(lead).getFirst();
        assertThat(held.state()).isEqualTo(io.keepwarm.engine.Touch.State.PLANNED);
        String monday = java.time.YearMonth.from(held.dueAt().atZone(java.time.ZoneId.of("Europe/Berlin"))).toString();

        JsonNode stats = json(api.get("/api/v1/programs/" + stream + "/stats"));
        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(body(as(Role.MARKETER, get("/ui/programs/" + stream))));

        assertThat(stats.at("/runningOut").toString()).isEqualTo("{\"" + monday + "\":1}");
        assertThat(stats.at("/enrollments/EXHAUSTED").asLong()).isZero();
        assertThat(page.select("#exhaustion tr[data-month=now]")).isEmpty();
        assertThat(page.select("#exhaustion tr[data-month=" + monday + "]").text()).as("the month in words")
                .isEqualTo(java.time.YearMonth.parse(monday).format(java.time.format.DateTimeFormatter.ofPattern(
                        "MMMM yyyy", java.util.Locale.ENGLISH)) + " 1");
        assertThat(page.select("#exhaustion th").first().text()).isEqualTo("Last piece goes out in");
        assertThat(page.select("#enrolled-out").text()).isEqualTo("0");
        assertThat(page.select("#enrollments").text()).contains("in the stream now").doesNotContain("finished the steps");

        clock.set(held.dueAt().plusSeconds(60));
        engine.tick();
        stats = json(api.get("/api/v1/programs/" + stream + "/stats"));
        page = org.jsoup.Jsoup.parse(body(as(Role.MARKETER, get("/ui/programs/" + stream))));

        assertThat(stats.at("/runningOut").toString()).isEqualTo("{\"now\":1}");
        assertThat(stats.at("/enrollments/EXHAUSTED").asLong()).isEqualTo(1);
        assertThat(page.select("#exhaustion tr[data-month=now]").text()).isEqualTo("already out of content 1");
        assertThat(page.select("#enrolled-out").text()).isEqualTo("1");
        api.post("/api/v1/programs/" + stream + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void aFortnightlyStreamsPageSaysItsFortnightIsEachContactsOwnCountedFromTheirFirstTouch() throws Exception {
        long stream = api.activeProgram("""
                {"name": "Fortnightly %s", "kind": "STREAM",
                 "cadence": {"type": "every", "period": "P14D", "at": "10:00"}, "pool": [%d]}"""
                .formatted(run, api.liveArticle("Fortnight piece " + run)));

        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(body(as(Role.MARKETER, get("/ui/programs/" + stream))));
        org.jsoup.nodes.Document builder = org.jsoup.Jsoup.parse(body(as(Role.MARKETER,
                get("/ui/programs/" + stream + "/edit"))));

        assertThat(page.getElementById("cadence").text())
                .isEqualTo("every 2 weeks at 10:00 in the contact's zone, counted from each contact's first touch");
        assertThat(builder.getElementById("every-help").text()).contains("contacts who enrol on different days are"
                + " touched on different days");
        api.post("/api/v1/programs/" + stream + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void aPieceRetiredUnderAProgramIsStillShownInItsBuilderByNameAndMarkedRetiredSoASaveKeepsIt() throws Exception {
        long stepPiece = api.liveArticle("Step piece " + run);
        long poolPiece = api.liveArticle("Pool piece " + run);
        long sequence = api.activeProgram("""
                {"name": "Retired step %s", "kind": "SEQUENCE", "steps": [
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}]}""".formatted(run, stepPiece));
        long stream = api.activeProgram("""
                {"name": "Retired pool %s", "kind": "STREAM",
                 "cadence": {"type": "every", "period": "P14D", "at": "10:00"}, "pool": [%d]}""".formatted(run, poolPiece));
        for (long piece : List.of(stepPiece, poolPiece)) {
            ObjectNode saved = (ObjectNode) json(api.get("/api/v1/content/" + piece));
            api.as(Role.ADMIN, put("/api/v1/content/" + piece).contentType(MediaType.APPLICATION_JSON)
                    .content(saved.put("status", "RETIRED").toString())).andExpect(status().isOk());
        }

        org.jsoup.nodes.Document steps = org.jsoup.Jsoup.parse(body(as(Role.MARKETER,
                get("/ui/programs/" + sequence + "/edit"))));
        org.jsoup.nodes.Document pool = org.jsoup.Jsoup.parse(body(as(Role.MARKETER,
                get("/ui/programs/" + stream + "/edit"))));

        assertThat(steps.select("#s0-content option[selected]").text()).as("not 'Choose a piece…', which a save would keep")
                .startsWith("Step piece " + run).contains("retired");
        assertThat(pool.select("#pool-list li span").first().text())
                .isEqualTo("Pool piece " + run + " (retired: sent to no one)");
        api.post("/api/v1/programs/" + sequence + "/archive", "").andExpect(status().isOk());
        api.post("/api/v1/programs/" + stream + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void aOneOffPieceIsSentIntoALiveStreamFromItsPageAfterSayingHowManyContactsGetIt() throws Exception {
        long webinar = api.liveArticle("Webinar news " + run);
        long stream = api.activeProgram("""
                {"name": "One-off %s", "kind": "STREAM",
                 "cadence": {"type": "monthly", "week": 1, "day": "TUESDAY", "at": "10:00"}, "pool": [%d]}"""
                .formatted(run, api.liveArticle("Pool piece " + run)));
        long ada = berliner("oneoff-ada");
        long bob = berliner("oneoff-bob");
        api.post("/api/v1/programs/" + stream + "/enrollments", "{\"contactIds\": [%d, %d]}".formatted(ada, bob))
                .andExpect(status().isOk());

        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(body(as(Role.MARKETER, get("/ui/programs/" + stream))));
        assertThat(page.select("#unscheduled-piece option").eachText()).contains("Webinar news " + run);
        org.jsoup.nodes.Document asked = org.jsoup.Jsoup.parse(body(as(Role.MARKETER,
                post("/ui/programs/" + stream + "/unscheduled").param("contentId", String.valueOf(webinar)))));

        assertThat(asked.getElementById("confirm-question").text())
                .isEqualTo("Send 'Webinar news " + run + "' to the contacts of 'One-off " + run + "'?");
        assertThat(asked.getElementById("confirm-consequence").text()).contains("Each of its 2 contacts gets it once");
        assertThat(asked.select("#confirm form input[name=contentId]").val()).isEqualTo(String.valueOf(webinar));
        assertThat(engine.touchesOf(ada)).as("asking plans nothing").noneMatch(t -> Long.valueOf(webinar).equals(t.contentId()));

        String sent = as(Role.MARKETER, post("/ui/programs/" + stream + "/unscheduled")
                .param("contentId", String.valueOf(webinar)).param("confirmed", "true"))
                .andExpect(status().is3xxRedirection()).andReturn().getFlashMap().get("done").toString();

        assertThat(sent).startsWith("'Webinar news " + run + "' is planned for 2 contacts");
        assertThat(engine.touchesOf(ada)).anyMatch(t -> Long.valueOf(webinar).equals(t.contentId()));
        assertThat(engine.touchesOf(bob)).anyMatch(t -> Long.valueOf(webinar).equals(t.contentId()));
        api.post("/api/v1/programs/" + stream + "/archive", "").andExpect(status().isOk());
    }

    /** A contact in Berlin who gave email consent: the engine's touches go to them by the clock, not by a gate. */
    private long berliner(String name) throws Exception {
        return api.createContact("{\"email\": \"%s\", \"timeZone\": \"Europe/Berlin\", \"consents\":"
                .formatted(uniqueEmail(name)) + " [{\"channel\": \"EMAIL\", \"state\": \"GRANTED\", \"source\": \"form\"}]}");
    }

    private void editSteps(long sequence, String tag, String task) throws Exception {
        api.as(Role.ADMIN, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .put("/api/v1/programs/" + sequence).contentType("application/json").content("""
                {"name": "Branch ways %s", "kind": "SEQUENCE", "steps": [
                  {"type": "branch", "rule": {"field": "tag", "op": "=", "value": "%s"}, "elseStep": 3},
                  {"type": "task", "text": "%s"}, {"type": "wait", "duration": "P30D"},
                  {"type": "task", "text": "Call the others"}]}""".formatted(run, tag, task))).andExpect(status().isOk());
    }

    private org.springframework.test.web.servlet.ResultActions as(Role role, MockHttpServletRequestBuilder request) throws Exception {
        return api.mvc().perform(request.with(user(api.sessionUser(role)).roles(role.name())).with(csrf()));
    }

    private static String body(org.springframework.test.web.servlet.ResultActions result) throws Exception {
        return result.andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }
}
