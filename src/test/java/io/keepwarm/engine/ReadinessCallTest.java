package io.keepwarm.engine;

import static io.keepwarm.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.delivery.Tasks;
import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import io.keepwarm.support.TestClock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A program checks readiness by a call when its step says PHONE: a readiness-check call with the piece's script in the
 * owner's day, whose "not now, ask again on …" sets the contact's expected-ready date. A contact without a phone number
 * gets no call: the touch is suppressed saying so, as an email to a dead address is.
 */
@KeepwarmTest
class ReadinessCallTest {

    @Autowired Api api;
    @Autowired Engine engine;
    @Autowired TestClock clock;
    @Autowired Tasks tasks;
    @Autowired Forecasts forecasts;
    @Autowired io.keepwarm.delivery.Delivery delivery;

    private SalesTeam team;
    private long rep;

    @AfterEach
    void repAway() throws Exception {
        team.away(rep, true); // so the hand-off job and other tests' leads pass them by
    }

    @Test
    void aReadinessStepByPhonePutsACallWithTheScriptInTheOwnersDayAndItsAnswerSetsTheReadyDate() throws Exception {
        team = new SalesTeam(api);
        rep = team.rep("Checker");
        long contact = team.contactToCallToday(rep, "Vera", "+49 30 7654321", clock);
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        long piece = api.liveCallScript("Ready call %s".formatted(run), "Ask {{ contact.first_name }} when the cooling budget opens");
        long program = api.activeProgram("""
                {"name": "Ready by phone %s", "kind": "SEQUENCE",
                 "steps": [{"type": "readiness", "contentId": %d, "channel": "PHONE"}]}""".formatted(run, piece));
        assertThat(json(api.get("/api/v1/programs/" + program)).at("/steps/0/channel").asString()).isEqualTo("PHONE");
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + contact + "]}");

        engine.plan();

        JsonNode call = null;
        for (JsonNode entry : json(team.get(rep, "/api/v1/tasks?assignee=me&all=true&limit=500")).get("items")) {
            call = entry.at("/task/contactId").asLong() == contact ? entry.get("task") : call;
        }
        assertThat(call).as("a call in the owner's day").isNotNull();
        assertThat(call.get("kind").asString()).isEqualTo("READINESS_CHECK");
        assertThat(call.get("script").asString()).isEqualTo("Ask Vera when the cooling budget opens");
        assertThat(call.get("context").asString()).as("the rep's why now")
                .isEqualTo("From program 'Ready by phone " + run + "': ask whether and when they will be ready to buy");
        LocalDate askAgain = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusMonths(4);
        team.post(rep, "/api/v1/tasks/" + call.get("id").asLong() + "/complete", """
                {"outcome": "REACHED_NOT_NOW", "askAgainOn": "%s"}""".formatted(askAgain)).andExpect(status().isOk());
        assertThat(json(api.get("/api/v1/contacts/" + contact + "/stage")).at("/readiness/readyOn").asString())
                .isEqualTo(askAgain.toString());
    }

    @Test
    void aReadinessCheckForALeadWithSalesOrForAContactWhoSaidWhenToAskAgainIsSuppressedSayingWhyAndMakesNoCall()
            throws Exception {
        team = new SalesTeam(api);
        rep = team.rep("Answered");
        long withSales = team.contactToCallToday(rep, "Mia", "+49 30 1111111", clock);
        long later = team.contactToCallToday(rep, "Leo", "+49 30 2222222", clock);
        api.post("/api/v1/contacts/" + withSales + "/stage", "{\"to\": \"MQL\"}").andExpect(status().isOk());
        LocalDate askAgain = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusMonths(3);
        api.as(Role.ADMIN, put("/api/v1/contacts/" + later + "/readiness").contentType("application/json")
                .content("{\"readyOn\": \"" + askAgain + "\"}")).andExpect(status().isOk());
        long program = readinessByPhone("Answered");

        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + withSales + ", " + later + "]}");
        engine.plan();

        assertThat(engine.touchesOf(withSales)).filteredOn(t -> t.kind() == Touch.Kind.READINESS).singleElement()
                .satisfies(t -> assertThat(tuple(t.state(), t.reason())).isEqualTo(tuple(Touch.State.SUPPRESSED, "WITH_SALES")));
        assertThat(engine.touchesOf(later)).filteredOn(t -> t.kind() == Touch.Kind.READINESS).singleElement()
                .satisfies(t -> {
                    assertThat(t.state()).isEqualTo(Touch.State.SUPPRESSED);
                    assertThat(t.reason()).isEqualTo("ASKED_LATER");
                    assertThat(t.reasonDetail()).isEqualTo("they asked to be asked again on " + spoken(askAgain));
                });
        assertThat(tasks.openOf(withSales)).noneMatch(t -> t.kind() == io.keepwarm.delivery.TaskKind.READINESS_CHECK);
        assertThat(tasks.openOf(later)).as("no call before the day they named").isEmpty();
        assertThat(page("/ui/contacts/" + later).text()).contains("asked to be asked later")
                .contains("they asked to be asked again on " + spoken(askAgain));
    }

    @Test
    void theForecastOfAReadinessCheckForALeadWithSalesOrBeforeTheDayTheContactNamedSaysItWillNotBeSentAndWhyAsTheEngineDoes()
            throws Exception {
        team = new SalesTeam(api);
        rep = team.rep("Foreseen");
        long withSales = team.contactToCallToday(rep, "Uma", "+49 30 5555555", clock);
        long later = team.contactToCallToday(rep, "Ole", "+49 30 6666666", clock);
        api.post("/api/v1/contacts/" + withSales + "/stage", "{\"to\": \"MQL\"}").andExpect(status().isOk());
        LocalDate askAgain = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusMonths(3);
        api.as(Role.ADMIN, put("/api/v1/contacts/" + later + "/readiness").contentType("application/json")
                .content("{\"readyOn\": \"" + askAgain + "\"}")).andExpect(status().isOk());
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        long piece = api.liveCallScript("Foreseen call %s".formatted(run), "Ask when the budget opens");
        // A second check 100 days on, after the day the contact named.
        long program = api.activeProgram("""
                {"name": "Foreseen %s", "kind": "SEQUENCE", "steps": [
                  {"type": "readiness", "contentId": %d, "channel": "PHONE"}, {"type": "wait", "duration": "P100D"},
                  {"type": "readiness", "contentId": %d, "channel": "PHONE"}]}""".formatted(run, piece, piece));

        assertThat(forecasts.forecast(program, withSales).touches())
                .extracting(Forecast.Entry::outcome, Forecast.Entry::reason).containsExactly(
                        tuple(Forecast.Outcome.SUPPRESSED, Reason.WITH_SALES),
                        tuple(Forecast.Outcome.SUPPRESSED, Reason.WITH_SALES));
        assertThat(forecasts.forecast(program, later).touches()).satisfiesExactly(
                first -> assertThat(tuple(first.outcome(), first.reason(), first.detail())).isEqualTo(tuple(
                        Forecast.Outcome.SUPPRESSED, Reason.ASKED_LATER,
                        "they asked to be asked again on " + spoken(askAgain))),
                second -> assertThat(second.outcome()).as("after the day they named").isNotEqualTo(
                        Forecast.Outcome.SUPPRESSED));
        assertThat(page("/ui/programs/" + program + "?contact=" + withSales).select("#preview tbody tr").eachText())
                .as("the program page's preview").hasSize(2).allSatisfy(row -> assertThat(row)
                        .contains("would not send: the contact is with sales (marketing-qualified)"));
        assertThat(page("/ui/programs/" + program + "?contact=" + later).select("#preview tbody tr").eachText())
                .satisfiesExactly(
                        first -> assertThat(first).contains("would not send: the contact asked to be asked later: they"
                                + " asked to be asked again on " + spoken(askAgain)),
                        second -> assertThat(second).doesNotContain("would not send", "asked"));

        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + withSales + ", " + later + "]}");
        engine.plan();

        assertThat(engine.touchesOf(withSales)).as("as forecast").extracting(Touch::state, Touch::reason)
                .containsExactly(tuple(Touch.State.SUPPRESSED, "WITH_SALES"));
        assertThat(engine.touchesOf(later)).as("as forecast")
                .extracting(Touch::state, Touch::reason, Touch::reasonDetail).containsExactly(tuple(
                        Touch.State.SUPPRESSED, "ASKED_LATER", "they asked to be asked again on " + spoken(askAgain)));
        api.post("/api/v1/programs/" + program + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void aProgramsCallForAContactWhoSaidWhenToAskAgainIsSuppressedUntilThatDayWhileItsTaskStepStillGoesToTheOwner()
            throws Exception {
        team = new SalesTeam(api);
        rep = team.rep("NotNow");
        long contact = team.contactToCallToday(rep, "Ada", "+49 30 7777777", clock);
        LocalDate askAgain = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusMonths(3);
        api.as(Role.ADMIN, put("/api/v1/contacts/" + contact + "/readiness").contentType("application/json")
                .content("{\"readyOn\": \"" + askAgain + "\"}")).andExpect(status().isOk());
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        long script = api.liveCallScript("Drip call %s".formatted(run), "Ask about the white paper");
        // A call now, the owner's own work, and a call again 100 days on, after the day the contact named.
        long program = api.activeProgram("""
                {"name": "Drip %s", "kind": "SEQUENCE", "steps": [
                  {"type": "send", "contentId": %d, "channel": "PHONE"}, {"type": "task", "text": "Send the quote"},
                  {"type": "wait", "duration": "P100D"}, {"type": "send", "contentId": %d, "channel": "PHONE"}]}"""
                .formatted(run, script, script));

        assertThat(forecasts.forecast(program, contact).touches()).satisfiesExactly(
                call -> assertThat(tuple(call.outcome(), call.reason(), call.detail())).isEqualTo(tuple(
                        Forecast.Outcome.SUPPRESSED, Reason.ASKED_LATER,
                        "they asked to be asked again on " + spoken(askAgain))),
                task -> assertThat(task.outcome()).isEqualTo(Forecast.Outcome.SENT),
                later -> assertThat(later.outcome()).as("after the day they named").isEqualTo(Forecast.Outcome.SENT));

        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + contact + "]}");
        engine.plan();

        assertThat(engine.touchesOf(contact)).as("as forecast")
                .extracting(Touch::step, Touch::state, Touch::reason, Touch::reasonDetail).startsWith(
                        tuple(0, Touch.State.SUPPRESSED, "ASKED_LATER",
                                "they asked to be asked again on " + spoken(askAgain)),
                        tuple(1, Touch.State.SENT, null, null));
        assertThat(tasks.openOf(contact)).as("no call in the owner's day, only their own work")
                .extracting(io.keepwarm.delivery.Task::kind, io.keepwarm.delivery.Task::title)
                .containsExactly(tuple(io.keepwarm.delivery.TaskKind.FOLLOW_UP, "Send the quote"));
        api.post("/api/v1/programs/" + program + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void anOpenReadinessCheckEndsWhenTheLeadGoesToSalesOrTheContactSaysWhenToAskAgain() throws Exception {
        team = new SalesTeam(api);
        rep = team.rep("Overtaken");
        long toSales = team.contactToCallToday(rep, "Ida", "+49 30 3333333", clock);
        long notNow = team.contactToCallToday(rep, "Max", "+49 30 4444444", clock);
        long program = readinessByPhone("Overtaken");
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + toSales + ", " + notNow + "]}");
        engine.plan();
        assertThat(tasks.openOf(toSales)).extracting(io.keepwarm.delivery.Task::kind)
                .containsExactly(io.keepwarm.delivery.TaskKind.READINESS_CHECK);
        assertThat(tasks.openOf(notNow)).extracting(io.keepwarm.delivery.Task::kind)
                .containsExactly(io.keepwarm.delivery.TaskKind.READINESS_CHECK);

        api.post("/api/v1/contacts/" + toSales + "/stage", "{\"to\": \"MQL\"}").andExpect(status().isOk());
        LocalDate askAgain = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusMonths(2);
        api.as(Role.ADMIN, put("/api/v1/contacts/" + notNow + "/readiness").contentType("application/json")
                .content("{\"readyOn\": \"" + askAgain + "\"}")).andExpect(status().isOk());

        assertThat(tasks.openOf(toSales)).noneMatch(t -> t.kind() == io.keepwarm.delivery.TaskKind.READINESS_CHECK);
        assertThat(tasks.finishedOf(toSales, clock.instant().plusSeconds(1), 5)).filteredOn(t -> t.kind()
                == io.keepwarm.delivery.TaskKind.READINESS_CHECK).singleElement().satisfies(t -> {
                    assertThat(t.status()).isEqualTo(io.keepwarm.delivery.Task.Status.CANCELLED);
                    assertThat(t.outcomeNote()).contains("Handed to sales");
                });
        assertThat(tasks.openOf(notNow)).isEmpty();
        assertThat(tasks.finishedOf(notNow, clock.instant().plusSeconds(1), 5)).singleElement().satisfies(t -> {
            assertThat(t.status()).isEqualTo(io.keepwarm.delivery.Task.Status.CANCELLED);
            assertThat(t.outcomeNote()).isEqualTo("They asked to be asked again on " + spoken(askAgain)
                    + "; the owner gets a call that day");
        });
    }

    @Test
    void aProgramsOpenCallEndsWhenTheContactSaysWhenToAskAgainAndTheirTaskStepStays() throws Exception {
        team = new SalesTeam(api);
        rep = team.rep("Hushed");
        long contact = team.contactToCallToday(rep, "Hedy", "+49 30 8888888", clock);
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        long script = api.liveCallScript("Hushed call %s".formatted(run), "Ask about the white paper");
        long program = api.activeProgram("""
                {"name": "Hushed %s", "kind": "SEQUENCE", "steps": [
                  {"type": "send", "contentId": %d, "channel": "PHONE"}, {"type": "task", "text": "Send the quote"}]}"""
                .formatted(run, script));
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + contact + "]}");
        engine.plan();
        assertThat(tasks.openOf(contact)).extracting(io.keepwarm.delivery.Task::kind).containsExactlyInAnyOrder(
                io.keepwarm.delivery.TaskKind.CALL, io.keepwarm.delivery.TaskKind.FOLLOW_UP);

        LocalDate askAgain = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusMonths(3);
        api.as(Role.ADMIN, put("/api/v1/contacts/" + contact + "/readiness").contentType("application/json")
                .content("{\"readyOn\": \"" + askAgain + "\"}")).andExpect(status().isOk());

        assertThat(tasks.openOf(contact)).as("the owner's own work stays").extracting(io.keepwarm.delivery.Task::kind)
                .containsExactly(io.keepwarm.delivery.TaskKind.FOLLOW_UP);
        assertThat(tasks.finishedOf(contact, clock.instant().plusSeconds(1), 5)).singleElement().satisfies(t -> {
            assertThat(t.kind()).isEqualTo(io.keepwarm.delivery.TaskKind.CALL);
            assertThat(t.status()).isEqualTo(io.keepwarm.delivery.Task.Status.CANCELLED);
            assertThat(t.outcomeNote()).isEqualTo("They asked to be asked again on " + spoken(askAgain)
                    + "; the owner gets a call that day");
        });
        api.post("/api/v1/programs/" + program + "/archive", "").andExpect(status().isOk());
    }

    private long readinessByPhone(String name) throws Exception {
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        long piece = api.liveCallScript("%s call %s".formatted(name, run), "Ask when the budget opens");
        return api.activeProgram("""
                {"name": "%s %s", "kind": "SEQUENCE",
                 "steps": [{"type": "readiness", "contentId": %d, "channel": "PHONE"}]}""".formatted(name, run, piece));
    }

    private static String spoken(LocalDate day) {
        return day.format(java.time.format.DateTimeFormatter.ofPattern("d MMMM yyyy", java.util.Locale.ENGLISH));
    }

    @Test
    void aContactWithoutAPhoneNumberGetsNoCallFromThePhoneStepsButASuppressionSayingSoAndTheSequenceGoesOn()
            throws Exception {
        team = new SalesTeam(api);
        rep = team.rep("Numberless");
        // A Wednesday afternoon, within the hours email may go out.
        clock.set(clock.instant().atZone(ZoneOffset.UTC).toLocalDate()
                .with(java.time.temporal.TemporalAdjusters.next(java.time.DayOfWeek.WEDNESDAY)).atTime(15, 0)
                .toInstant(ZoneOffset.UTC));
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Nora", "timeZone": "UTC", "owner": "%d",
                 "consents": [{"channel": "EMAIL", "state": "GRANTED", "source": "form"}]}"""
                .formatted(Api.uniqueEmail("nora"), rep));
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        long script = api.liveCallScript("No number call %s".formatted(run), "Ask when the budget opens");
        long program = api.activeProgram("""
                {"name": "No number %s", "kind": "SEQUENCE", "steps": [
                  {"type": "readiness", "contentId": %d, "channel": "PHONE"},
                  {"type": "send", "contentId": %d, "channel": "PHONE"},
                  {"type": "send", "contentId": %d, "channel": "EMAIL"}]}"""
                .formatted(run, script, script, api.liveArticle("After the calls " + run)));

        Forecast forecast = forecasts.forecast(program, contact);
        assertThat(forecast.touches()).extracting(Forecast.Entry::outcome, Forecast.Entry::reason).containsExactly(
                tuple(Forecast.Outcome.SUPPRESSED, Reason.NO_PHONE_NUMBER),
                tuple(Forecast.Outcome.SUPPRESSED, Reason.NO_PHONE_NUMBER),
                tuple(Forecast.Outcome.SENT, null));
        Document preview = page("/ui/programs/" + program + "?contact=" + contact);
        assertThat(preview.select("#preview tbody tr").eachText()).as("the program page's preview").satisfiesExactly(
                readiness -> assertThat(readiness).contains("the contact has no phone number"),
                call -> assertThat(call).contains("the contact has no phone number"),
                email -> assertThat(email).contains("After the calls " + run).doesNotContain("no phone number"));

        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + contact + "]}");
        engine.plan();

        assertThat(tasks.openOf(contact)).as("no call in anyone's day").isEmpty();
        assertThat(tasks.finishedOf(contact, clock.instant().plusSeconds(1), 10)).as("none made and ended").isEmpty();
        assertThat(engine.touchesOf(contact)).extracting(Touch::step, Touch::state, Touch::reason).containsExactly(
                tuple(0, Touch.State.SUPPRESSED, "NO_PHONE_NUMBER"),
                tuple(1, Touch.State.SUPPRESSED, "NO_PHONE_NUMBER"),
                tuple(2, Touch.State.SENT, null));
        JsonNode stats = json(api.get("/api/v1/programs/" + program + "/stats"));
        assertThat(stats.at("/touches/SUPPRESSED/NO_PHONE_NUMBER").asLong()).isEqualTo(2);
        assertThat(stats.at("/enrollments/COMPLETED").asLong()).as("the sequence went on past the calls").isEqualTo(1);
        assertThat(page("/ui/programs/" + program).select("#step-figures tr[data-step=0] td.suppressed").text())
                .contains("no phone number: 1");
        assertThat(page("/ui/contacts/" + contact).getElementById("timeline").text())
                .contains("not sent", "(no phone number)");
        api.post("/api/v1/programs/" + program + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void aReadinessCheckByPhoneForAContactNobodyMayCallAsksByTheCheckInsEmailAsAnySendAndWithoutOneIsSuppressedSayingWhy()
            throws Exception {
        team = new SalesTeam(api);
        rep = team.rep("Emailed");
        // A Wednesday afternoon, within the hours email may go out and calls be made.
        long callable = team.contactToCallToday(rep, "Carl", "+49 30 4444444", clock);
        String granted = ", \"consents\": [{\"channel\": \"EMAIL\", \"state\": \"GRANTED\", \"source\": \"form\"}]";
        long numberless = api.createContact("""
                {"email": "%s", "firstName": "Nina", "timeZone": "UTC", "owner": "%d"%s}"""
                .formatted(Api.uniqueEmail("nina"), rep, granted));
        long doNotCall = api.createContact("""
                {"email": "%s", "firstName": "Dora", "phone": "+49 30 3333333", "timeZone": "UTC", "owner": "%d"%s}"""
                .formatted(Api.uniqueEmail("dora"), rep, granted));
        api.patch("/api/v1/contacts/" + doNotCall, "{\"doNotContact\": [\"PHONE\"]}").andExpect(status().isOk());
        long unconsented = api.createContact("""
                {"email": "%s", "firstName": "Uwe", "timeZone": "UTC", "owner": "%d"}"""
                .formatted(Api.uniqueEmail("uwe"), rep));
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        var checkIn = tools.jackson.databind.json.JsonMapper.shared().createObjectNode().put("name", "Good time " + run)
                .put("type", "CHECK_IN").put("status", "LIVE");
        checkIn.putObject("fallbacks").put("contact.first_name", "there");
        checkIn.putObject("variants").putObject("phone").put("script", "Ask whether now is a good time");
        checkIn.withObject("variants").putObject("email").put("subject", "Is now a good time, {{ contact.first_name }}?")
                .put("html", "<p>Tell us when suits you.</p>");
        long piece = json(api.post("/api/v1/content", checkIn.toString()).andExpect(status().isCreated())).get("id").asLong();
        long script = api.liveCallScript("Only a call " + run, "Ask when the budget opens");
        long byCheckIn = api.activeProgram("""
                {"name": "Check-in %s", "kind": "SEQUENCE",
                 "steps": [{"type": "readiness", "contentId": %d, "channel": "PHONE"}]}""".formatted(run, piece));
        long byScript = api.activeProgram("""
                {"name": "Script only %s", "kind": "SEQUENCE",
                 "steps": [{"type": "readiness", "contentId": %d, "channel": "PHONE"}]}""".formatted(run, script));

        assertThat(forecasts.forecast(byCheckIn, numberless).touches()).singleElement().satisfies(t -> {
            assertThat(t.channel()).isEqualTo(io.keepwarm.contact.Channel.EMAIL);
            assertThat(t.outcome()).isEqualTo(Forecast.Outcome.SENT);
        });
        api.post("/api/v1/programs/" + byCheckIn + "/enrollments", "{\"contactIds\": [" + numberless + ", " + doNotCall
                + ", " + unconsented + ", " + callable + "]}");
        engine.plan();

        for (long asked : new long[] {numberless, doNotCall}) {
            assertThat(engine.touchesOf(asked)).singleElement().satisfies(t -> {
                assertThat(t.kind()).isEqualTo(Touch.Kind.READINESS);
                assertThat(tuple(t.channel(), t.contentId(), t.state()))
                        .isEqualTo(tuple(io.keepwarm.contact.Channel.EMAIL, piece, Touch.State.SENT));
            });
            assertThat(delivery.outbox(asked, null, null, 10).items()).extracting(io.keepwarm.delivery.OutboxMessage::subject)
                    .containsExactly("Is now a good time, " + (asked == numberless ? "Nina" : "Dora") + "?");
            assertThat(tasks.openOf(asked)).as("no call in anyone's day").isEmpty();
        }
        assertThat(engine.touchesOf(unconsented)).as("an email like any send: consent first").singleElement()
                .satisfies(t -> assertThat(tuple(t.channel(), t.state(), t.reason()))
                        .isEqualTo(tuple(io.keepwarm.contact.Channel.EMAIL, Touch.State.SUPPRESSED, "NO_CONSENT")));
        assertThat(engine.touchesOf(callable)).filteredOn(t -> t.programId() == byCheckIn).singleElement()
                .satisfies(t -> assertThat(t.channel()).as("one who may be called gets the call")
                        .isEqualTo(io.keepwarm.contact.Channel.PHONE));
        assertThat(tasks.openOf(callable)).anyMatch(t -> t.kind() == io.keepwarm.delivery.TaskKind.READINESS_CHECK);

        // A piece with no email to ask by: the check is suppressed, in the program's figures and the timeline.
        api.post("/api/v1/programs/" + byScript + "/enrollments", "{\"contactIds\": [" + doNotCall + "]}");
        engine.plan();
        assertThat(engine.touchesOf(doNotCall)).filteredOn(t -> t.programId() == byScript).singleElement()
                .satisfies(t -> assertThat(tuple(t.channel(), t.state(), t.reason()))
                        .isEqualTo(tuple(io.keepwarm.contact.Channel.PHONE, Touch.State.SUPPRESSED, "DO_NOT_CONTACT")));
        assertThat(json(api.get("/api/v1/programs/" + byScript + "/stats")).at("/touches/SUPPRESSED/DO_NOT_CONTACT")
                .asLong()).isEqualTo(1);
        assertThat(page("/ui/contacts/" + doNotCall).getElementById("timeline").text()).contains("not sent");
        api.post("/api/v1/programs/" + byCheckIn + "/archive", "").andExpect(status().isOk());
        api.post("/api/v1/programs/" + byScript + "/archive", "").andExpect(status().isOk());
    }

    private Document page(String path) throws Exception {
        return Jsoup.parse(api.mvc().perform(get(path).with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }
}
