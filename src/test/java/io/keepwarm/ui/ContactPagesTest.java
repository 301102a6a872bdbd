package io.keepwarm.ui;

import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.delivery.TaskKind;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import jakarta.servlet.RequestDispatcher;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The contact page's quick actions: a refused one comes back with what was typed, ready to correct. */
@KeepwarmTest
class ContactPagesTest {

    @Autowired Api api;
    @Autowired TestClock clock;
    @Autowired io.keepwarm.handoff.HandoffSettings account;
    @Autowired Tasks tasks;
    @Autowired Users users;
    @Autowired io.keepwarm.tracking.internal.SignedLinks links;
    @Autowired io.keepwarm.trigger.TriggerJobs triggerJobs;
    @Autowired io.keepwarm.content.ContentLibrary library;
    @Autowired io.keepwarm.audit.AuditLog audit;
    @Autowired io.keepwarm.activity.Activities activities;

    @Test
    void aRefusedReadyDateOrNoteComesBackAsTypedBesideTheMessageAtItsForm() throws Exception {
        long contact = api.createContact("{\"email\": \"%s\", \"timeZone\": \"UTC\"}".formatted(uniqueEmail("typed")));
        LocalDate yesterday = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(1);

        Document page = page(post("/ui/contacts/" + contact + "/readiness").param("readyOn", yesterday.plusDays(31).toString())
                .param("reason", "stored"));
        assertThat(page.getElementById("readiness-form-error")).isNull();
        assertThat(page.select("#readiness-form-done[data-said] + #readiness-form").text()).as("the answer just above"
                + " the form pressed").isNotEmpty();
        assertThat(page.getElementById("readiness-form-done").text()).isEqualTo("Expected ready on "
                + When.dayOfWeek(yesterday.plusDays(31)));
        assertThat(page.getElementById("ready-reason").val()).isEqualTo("stored");

        page = page(post("/ui/contacts/" + contact + "/readiness").param("readyOn", yesterday.toString())
                .param("reason", "abc"));
        assertThat(page.getElementById("readiness-form-error").text())
                .isEqualTo("The date was not set: fix what is marked below, then press Set date again.");
        assertThat(page.getElementById("readiness-form").attr("aria-describedby")).isEqualTo("readiness-form-error");
        assertThat(FieldMessages.of(page, "ready-on")).isEqualTo("Pick today or a later day: it is "
                + When.dayOfWeek(yesterday.plusDays(1)) + " where they are.");
        assertThat(page.getElementById("ready-reason").val()).isEqualTo("abc");
        assertThat(page.getElementById("ready-on").val()).isEqualTo(yesterday.toString());

        page = page(post("/ui/contacts/" + contact + "/frequency").param("maxTouches", "0").param("windowDays", "30"));
        assertThat(FieldMessages.of(page, "frequency-max")).contains("between 1 and").doesNotContain("maxTouches");
        assertThat(page.getElementById("frequency-form-error")).as("the summary at the form").isNotNull();
        assertThat(page.getElementById("action-done")).as("nothing at the top of the page").isNull();

        String tooLong = "x".repeat(10_001);
        page = page(post("/ui/contacts/" + contact + "/notes").param("body", tooLong));
        assertThat(FieldMessages.of(page, "note-body")).contains("10000 characters");
        assertThat(page.getElementById("note-body").val()).isEqualTo(tooLong);
        assertThat(page.getElementById("ready-reason").val()).as("the other forms show what is stored").isEqualTo("stored");
    }

    @Test
    void theTimelineNamesThePieceAContactActedOnAndSaysWhatTheEventCarriedInWords() throws Exception {
        long contact = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("words")));
        String name = "Cooling in words " + java.util.UUID.randomUUID();
        long piece = api.liveArticle(name);
        api.post("/api/v1/events", """
                {"events": [
                  {"id": "%1$s-r", "contactId": %2$d, "type": "REPLIED", "target": "Re: the guide",
                   "properties": {"snippet": "Thanks, call me in May"}},
                  {"id": "%1$s-o", "contactId": %2$d, "type": "OFFER_ACCEPTED", "target": "content:%3$d"}
                ]}""".formatted(java.util.UUID.randomUUID(), contact, piece));

        String timeline = Jsoup.parse(api.mvc().perform(get("/ui/contacts/" + contact)
                .with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER"))).andReturn().getResponse()
                .getContentAsString()).getElementById("timeline").text();

        assertThat(timeline).contains("Re: the guide · snippet: Thanks, call me in May", "'" + name + "'")
                .doesNotContain("{snippet=", "content:" + piece);
    }

    @Test
    void aCallLoggedOnATaskShowsOnceWithWhoCalledAndTheirNoteAndATriggerThatFiredShowsWithWhatItDid() throws Exception {
        long contact = api.createContact("{\"email\": \"%s\", \"phone\": \"+49 30 1234567\", \"timeZone\": \"UTC\"}"
                .formatted(uniqueEmail("called")));
        long task = tasks.create(new Tasks.NewTask(contact, null, TaskKind.CALL, "Ask about the pilot", null,
                clock.instant(), 50));
        api.post("/api/v1/tasks/" + task + "/complete", "{\"outcome\": \"VOICEMAIL\", \"note\": \"Left word about the pilot\"}")
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isOk());
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        api.post("/api/v1/triggers", """
                {"name": "Fair %1$s", "when": {"type": "tagAdded", "tag": "fair-%1$s"},
                 "actions": [{"type": "addTag", "tag": "met-%1$s"},
                             {"type": "webhook", "url": "http://localhost:9/hook?key=secret-%1$s"}]}""".formatted(run))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isCreated());
        api.post("/api/v1/contacts/" + contact + "/tags", "{\"tags\": [\"fair-" + run + "\"]}");
        triggerJobs.cues();

        Document page = view(contact, Role.MARKETER);

        assertThat(page.select("#timeline li[data-kind=TASK]").eachText()).anySatisfy(entry -> assertThat(entry)
                .contains("Call logged by", ": voicemail", "Ask about the pilot", "Left word about the pilot"));
        assertThat(page.select("#timeline li[data-kind=ACTIVITY]").eachText()).as("the call is not listed twice")
                .noneMatch(entry -> entry.startsWith("Call outcome") || entry.contains("Call outcome"));
        assertThat(page.select("#timeline li[data-kind=TRIGGER]").eachText()).anySatisfy(entry -> assertThat(entry)
                .contains("Trigger 'Fair " + run + "' fired", "add tag: done", "webhook: queued")
                .as("a webhook's address may carry its key").doesNotContain("secret-" + run));
        assertThat(view(contact, Role.SALES).select("#timeline li[data-kind=TASK]").eachText())
                .as("any rep who reads the contact reads its calls and their notes, as its notes")
                .anySatisfy(entry -> assertThat(entry).contains("Call logged by", "Left word about the pilot"));
    }

    @Test
    void aCallLoggedOnATaskThatTheTimelineListsOnItsOwnNamesTheRepWhoLoggedItEscaped() throws Exception {
        io.keepwarm.support.SalesTeam team = new io.keepwarm.support.SalesTeam(api);
        long ada = team.rep("Ada");
        team.change(ada, "{\"displayName\": \"Ada <b>Rep</b>\"}");
        try {
            long contact = api.createContact("{\"email\": \"%s\", \"timeZone\": \"UTC\"}"
                    .formatted(uniqueEmail("logged-alone")));
            // The call's activity as a task's logging records it (its rep as the sender), its task not beside it on
            // the page.
            activities.recordCall(new io.keepwarm.activity.Activity(contact, io.keepwarm.activity.ActivityType.CALL_OUTCOME,
                    clock.instant(), io.keepwarm.contact.Channel.PHONE, "NO_ANSWER"), users.find(ada).orElseThrow().username());

            String html = api.mvc().perform(get("/ui/contacts/" + contact)
                    .with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER"))).andReturn().getResponse()
                    .getContentAsString();

            assertThat(Jsoup.parse(html).select("#timeline li[data-kind=ACTIVITY]").eachText())
                    .anySatisfy(entry -> assertThat(entry).contains("Call logged by Ada <b>Rep</b>: no answer"));
            assertThat(html).contains("Call logged by Ada &lt;b&gt;Rep&lt;/b&gt;: no answer").doesNotContain("<b>Rep</b>");
        } finally {
            team.away(ada, true);
        }
    }

    @Test
    void theTimelineSaysFromWhomToWhomTheOwnerWentWhichTagsCameAndWentAndWhoTookOrWasGivenATask() throws Exception {
        io.keepwarm.support.SalesTeam team = new io.keepwarm.support.SalesTeam(api);
        long ann = team.rep("Ann");
        long bob = team.rep("Bob");
        team.change(ann, "{\"displayName\": \"Ann Smith\"}");
        team.change(bob, "{\"displayName\": \"Bob Jones\"}");
        try {
            long contact = api.createContact("{\"email\": \"%s\", \"timeZone\": \"UTC\", \"owner\": \"%d\"}"
                    .formatted(uniqueEmail("owned"), ann));
            api.patch("/api/v1/contacts/" + contact, "{\"owner\": \"" + bob + "\"}").andExpect(status().isOk());
            api.patch("/api/v1/contacts/" + contact, "{\"owner\": null}").andExpect(status().isOk());
            page(post("/ui/contacts/" + contact + "/tags").param("tag", "fair-2027"));
            page(post("/ui/contacts/" + contact + "/tags/remove").param("tag", "fair-2027"));
            long task = tasks.create(new Tasks.NewTask(contact, null, TaskKind.FOLLOW_UP, "Send the quote", null,
                    clock.instant(), 50));
            team.as(ann, post("/ui/tasks/" + task + "/take")).andExpect(status().is3xxRedirection());
            api.post("/api/v1/tasks/" + task + "/assign", "{\"assigneeId\": " + bob + "}").andExpect(status().isOk());

            java.util.List<String> timeline = view(contact, Role.SALES).select("#timeline li").eachText();

            assertThat(timeline).anySatisfy(e -> assertThat(e).contains("Owner: Ann Smith → Bob Jones",
                    "by API key 'test-admin'"));
            assertThat(timeline).anySatisfy(e -> assertThat(e).contains("Owner: Bob Jones → nobody"));
            assertThat(timeline).anySatisfy(e -> assertThat(e).contains("Tagged fair-2027", "by Test MARKETER"));
            assertThat(timeline).anySatisfy(e -> assertThat(e).contains("Tag removed: fair-2027", "by Test MARKETER"));
            assertThat(timeline).anySatisfy(e -> assertThat(e).contains("Task taken by Ann Smith", "'Send the quote'"));
            assertThat(timeline).anySatisfy(e -> assertThat(e).contains("Task given to Bob Jones (was Ann Smith's)",
                    "'Send the quote'", "by API key 'test-admin'"));
            assertThat(String.join(" ", timeline)).as("people by name, not by id or username")
                    .doesNotContain("api-key:", "Details changed", "Ann-", "Bob-");
        } finally {
            team.away(ann, true);
            team.away(bob, true);
        }
    }

    @Test
    void eachQuickActionAnswersJustAboveTheFormItWasPressedInAndATypingMistakeBesideItsField() throws Exception {
        long contact = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("answered")));

        Document page = page(post("/ui/contacts/" + contact + "/tags").param("tag", "met-at-fair"));
        assertThat(page.getElementById("tag-form-done").text()).isEqualTo("Tag met-at-fair added");
        assertThat(page.select("#tag-form-done[data-said] + #tag-form")).as("just above the form pressed").hasSize(1);
        assertThat(page.getElementById("action-done")).as("nothing at the top of the page").isNull();

        page = page(post("/ui/contacts/" + contact + "/notes").param("body", "Asked for the pilot terms"));
        assertThat(page.getElementById("note-form-done").text()).isEqualTo("Note added");
        assertThat(page.title()).as("which contact, first").isEqualTo(page.getElementById("contact-name").text()
                + " · Contact · Keepwarm");
        assertThat(page.getElementById("tag-form-done")).as("only the action pressed answers").isNull();

        page = page(post("/ui/contacts/" + contact + "/tags").param("tag", " "));
        assertThat(page.getElementById("tag-form").attr("aria-describedby")).isEqualTo("tag-form-error");
        assertThat(page.getElementById("tag-form-error").attr("role")).isEqualTo("alert");
        assertThat(FieldMessages.of(page, "tag-name")).isNotBlank().doesNotContain("tags");

        page = page(post("/ui/contacts/" + contact + "/frequency").param("maxTouches", "2").param("windowDays", "30"));
        assertThat(page.getElementById("frequency-form-done").text()).isEqualTo("Frequency preference saved");

        var plain = api.mvc().perform(post("/ui/contacts/" + contact + "/tags").param("tag", "asked-for-demo")
                .with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER")).with(csrf())).andReturn();
        assertThat(plain.getResponse().getRedirectedUrl()).as("a form sent without scripts").isEqualTo("/ui/contacts/" + contact);
        assertThat(plain.getFlashMap().get("answered")).as("answered at its form after the redirect too")
                .isEqualTo(java.util.Map.of("tag-form", "Tag asked-for-demo added"));
    }

    @Test
    void everyDayAndTimeOnTheContactPageIsSaidInWordsWithItsWeekdayNeverAsNumbers() throws Exception {
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        api.post("/api/v1/attributes", "{\"key\": \"renewal_%s\", \"label\": \"Renewal %1$s\", \"type\": \"DATE\"}"
                .formatted(run)).andExpect(status().is2xxSuccessful());
        long contact = api.createContact("""
                {"email": "%s", "timeZone": "America/New_York", "attributes": {"renewal_%s": "2027-01-31"},
                 "consents": [{"channel": "EMAIL", "state": "GRANTED", "source": "trade-show form"}]}"""
                .formatted(uniqueEmail("dated"), run));
        LocalDate readyOn = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusMonths(2);
        page(post("/ui/contacts/" + contact + "/readiness").param("readyOn", readyOn.toString()).param("reason", "budget"));
        long task = tasks.create(new Tasks.NewTask(contact, null, TaskKind.FOLLOW_UP, "Send the pilot terms", null,
                clock.instant().plus(java.time.Duration.ofDays(1)), 50));
        long program = api.activeProgram("""
                {"name": "dated %1$s", "kind": "SEQUENCE", "steps": [{"type": "wait", "duration": "P14D"},
                 {"type": "addTag", "tag": "walked-%1$s"}]}""".formatted(run));
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + contact + "]}");
        page(post("/ui/contacts/" + contact + "/stage").param("to", "MQL").param("reason", "Asked for a demo"));

        Document page = view(contact, Role.MARKETER);

        String weekdayDate = "(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \\d{1,2} [A-Z][a-z]+ \\d{4}";
        String moment = weekdayDate + ", \\d{2}:\\d{2}";
        assertThat(page.getElementById("stage-since").text()).matches(weekdayDate);
        assertThat(page.getElementById("readiness-form").text()).contains("Expected ready on " + When.dayOfWeek(readyOn));
        assertThat(page.getElementById("handoff-since").text()).matches(moment + " \\(" + account.zone().getId() + "\\)");
        assertThat(page.getElementById("task-due-" + task).text()).matches("Follow-up, due " + moment + " \\(.+\\), .+");
        assertThat(page.select("#consent tbody tr[data-channel=EMAIL] td").last().text()).matches(moment + " \\(.+\\)");
        assertThat(page.select("#in-programs li").text()).matches("dated " + run + ": in since " + weekdayDate
                + ", next step due " + moment + " \\(.+\\) Take out");
        assertThat(page.select("#timeline li > time").eachText()).isNotEmpty().allMatch(t -> t.matches(moment));
        assertThat(page.select("tr:has(th:containsOwn(Renewal " + run + ")) td").text()).as("by its label, the day in words")
                .isEqualTo(When.dayOfWeek(LocalDate.of(2027, 1, 31)));
        assertThat(page.getElementById("main").text()).as("no date or instant left in numbers")
                .doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}");
        api.post("/api/v1/programs/" + program + "/archive", "");
    }

    @Test
    void theTimelineSaysAnOfferTakenByItsButtonsWordsAndItsKeyOnlyOnceThePieceIsDeleted() throws Exception {
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        long contact = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("offered")));
        String name = "Demo guide " + run;
        long piece = Api.json(api.post("/api/v1/content", """
                {"name": "%s", "type": "WHITE_PAPER", "status": "LIVE", "landingUrl": "https://example.com/demo",
                 "offer": {"key": "demo-%s", "label": "Book a 30-minute demo"},
                 "variants": {"email": {"subject": "A demo", "html": "<p>Hello</p>"}}}""".formatted(name, run)))
                .get("id").asLong();
        String landing = links.linksFor(library.get(piece), contact).landingUrl();
        api.mvc().perform(post(landing.substring(landing.indexOf("/t/")) + "/accept").param("offer", "demo-" + run))
                .andExpect(status().is2xxSuccessful());

        assertThat(view(contact, Role.SALES).select("#timeline li[data-kind=ACTIVITY]").eachText())
                .anySatisfy(entry -> assertThat(entry).contains("Offer accepted",
                        "'Book a 30-minute demo' on the landing page of '" + name + "'"))
                .noneSatisfy(entry -> assertThat(entry).contains("demo-" + run));

        // Retired without its offer, then deleted: the key is all that is left of the offer.
        api.as(Role.MARKETER, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .put("/api/v1/content/" + piece).contentType(MediaType.APPLICATION_JSON).content("""
                        {"name": "%s", "type": "WHITE_PAPER", "status": "RETIRED", "landingUrl": "https://example.com/demo",
                         "variants": {"email": {"subject": "A demo", "html": "<p>Hello</p>"}}}""".formatted(name)))
                .andExpect(status().isOk());
        assertThat(view(contact, Role.SALES).select("#timeline li[data-kind=ACTIVITY]").eachText())
                .anySatisfy(entry -> assertThat(entry).contains("Offer accepted", "'demo-" + run + "' on the landing"
                        + " page of '" + name + "'").doesNotContain("Book a 30-minute demo"));
        api.delete("/api/v1/content/" + piece).andExpect(status().is2xxSuccessful());
        assertThat(view(contact, Role.SALES).select("#timeline li[data-kind=ACTIVITY]").eachText())
                .anySatisfy(entry -> assertThat(entry).contains("Offer accepted", "'demo-" + run + "'")
                        .doesNotContain("landing page"));
    }

    @Test
    void aStageMoveSaysFromWhereToWhereAndAHandOffSaysItWentToSales() throws Exception {
        long contact = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("moved")));

        Document page = page(post("/ui/contacts/" + contact + "/stage").param("to", "NURTURE").param("reasonCode", "MANUAL"));
        assertThat(page.getElementById("stage-form-done").text()).isEqualTo("Stage changed from New to Nurture");

        page = page(post("/ui/contacts/" + contact + "/stage").param("to", "MQL")
                .param("reason", "Handed off to sales from the contact page"));
        assertThat(page.getElementById("stage-form-done").text()).startsWith("Handed off to sales: Marketing-qualified now");
    }

    @Test
    void disqualifyingFromThePageWantsAReasonAsItEndsEveryProgramAndCallOfTheContact() throws Exception {
        long contact = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("disq")));
        page(post("/ui/contacts/" + contact + "/stage").param("to", "NURTURE").param("reasonCode", "MANUAL"));

        Document page = page(post("/ui/contacts/" + contact + "/stage").param("to", "DISQUALIFIED").param("reason", " "));
        assertThat(FieldMessages.of(page, "stage-reason")).isEqualTo("Give a reason: moving to Disqualified takes the"
                + " contact out of every program and ends their calls");
        assertThat(io.keepwarm.support.Api.json(api.get("/api/v1/contacts/" + contact + "/stage")).get("stage").asString())
                .isEqualTo("NURTURE");

        page = page(post("/ui/contacts/" + contact + "/stage").param("to", "DISQUALIFIED").param("reason", "a student"));
        assertThat(page.getElementById("stage-form-done").text()).isEqualTo("Stage changed from Nurture to Disqualified");
    }

    @Test
    void aRepsRefusedStageMoveIsToldAtTheFormWithEachMistakeBesideItsFieldAndWhatWasPickedKept() throws Exception {
        io.keepwarm.support.SalesTeam team = new io.keepwarm.support.SalesTeam(api);
        long rep = team.rep("Mel");
        try {
            long contact = api.createContact("{\"email\": \"%s\", \"owner\": \"%d\"}".formatted(uniqueEmail("mql"), rep));
            api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"MQL\", \"reasonCode\": \"SCORE\"}")
                    .andExpect(status().isOk());

            Document neither = move(team, rep, contact, "NURTURE", "", "");
            assertThat(neither.getElementById("action-error")).as("nothing at the top of the page").isNull();
            assertThat(neither.getElementById("stage-form").attr("aria-describedby")).isEqualTo("stage-form-error");
            assertThat(neither.select("#stage-form-error[role=alert]").text())
                    .isEqualTo("The stage was not changed: fix what is marked below, then press Change stage again.");
            assertThat(FieldMessages.of(neither, "stage-reason-code"))
                    .isEqualTo("Pick a reject reason: moving the lead to Nurture rejects its hand-off");
            assertThat(FieldMessages.of(neither, "stage-reason"))
                    .isEqualTo("Give a reason: a move from Marketing-qualified to Nurture needs one");
            assertThat(neither.select("#stage-to option[selected]").val()).isEqualTo("NURTURE");

            Document mismatched = move(team, rep, contact, "DISQUALIFIED", "NOT_READY", "no fit");
            assertThat(FieldMessages.of(mismatched, "stage-reason-code")).isEqualTo("'not ready yet' sends the lead back"
                    + " to nurture: move it to Nurture, or pick 'wrong person' or 'wrong details (fake name, dead"
                    + " company)' to disqualify it");
            assertThat(mismatched.getElementById("stage-reason").hasAttr("aria-invalid")).isFalse();
            assertThat(mismatched.select("#stage-reason-code option[selected]").val()).isEqualTo("NOT_READY");
            assertThat(mismatched.getElementById("stage-reason").val()).isEqualTo("no fit");

            Document other = move(team, rep, contact, "NURTURE", "OTHER", "");
            assertThat(FieldMessages.of(other, "stage-reason"))
                    .isEqualTo("Say why the lead is not for sales: 'other' needs a line here");
            assertThat(other.getElementById("stage-reason-code").hasAttr("aria-invalid")).isFalse();
            assertThat(io.keepwarm.support.Api.json(api.get("/api/v1/contacts/" + contact + "/stage")).get("stage")
                    .asString()).isEqualTo("MQL");
        } finally {
            team.away(rep, true);
        }
    }

    private Document move(io.keepwarm.support.SalesTeam team, long rep, long contact, String to, String reasonCode,
            String reason) throws Exception {
        return Jsoup.parse(team.as(rep, post("/ui/contacts/" + contact + "/stage").header("HX-Request", "true")
                .param("to", to).param("reasonCode", reasonCode).param("reason", reason))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }

    @Test
    void aRepGetsNoRemoveButtonForWhatTheContactChoseInThePreferenceCentreAndIsToldWhyWhenTryingAnyway() throws Exception {
        long contact = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("chose")));
        api.post("/api/v1/contacts/" + contact + "/tags", "{\"tags\": [\"topic:cooling\", \"met-at-fair\"]}");

        assertThat(view(contact, Role.SALES).select("#tags form input[name=tag]").eachAttr("value"))
                .containsExactly("met-at-fair");
        assertThat(view(contact, Role.MARKETER).select("#tags form input[name=tag]").eachAttr("value"))
                .as("marketing may remove either").containsExactlyInAnyOrder("met-at-fair", "topic:cooling");

        Document page = Jsoup.parse(api.mvc().perform(post("/ui/contacts/" + contact + "/tags/remove")
                .param("tag", "topic:cooling").header("HX-Request", "true")
                .with(user(api.sessionUser(Role.SALES)).roles("SALES")).with(csrf()))
                .andReturn().getResponse().getContentAsString());
        assertThat(page.getElementById("tags-error").text()).contains("the contact's own choice in the preference centre");
        assertThat(page.getElementById("tags").attr("aria-describedby")).isEqualTo("tags-error");
        assertThat(page.select("#tags .tag > span").eachText()).contains("topic:cooling");
    }

    @Test
    void aRepWhoTypesAPreferenceCentreTagOnTheContactPageIsToldWhyItIsNotAddedAndKeepsWhatWasTyped() throws Exception {
        long contact = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("unchosen")));

        Document page = Jsoup.parse(api.mvc().perform(post("/ui/contacts/" + contact + "/tags")
                .param("tag", "topic:cooling").header("HX-Request", "true")
                .with(user(api.sessionUser(Role.SALES)).roles("SALES")).with(csrf()))
                .andReturn().getResponse().getContentAsString());

        assertThat(page.getElementById("tag-form").attr("aria-describedby")).isEqualTo("tag-form-error");
        assertThat(page.getElementById("tag-form-error").text()).contains("records a choice contact " + contact
                + " makes in the preference centre").contains("interest-cooling");
        assertThat(page.select("#tags .tag > span").eachText()).doesNotContain("topic:cooling");
        assertThat(page.getElementById("tag-name").val()).as("what was typed is kept").isEqualTo("topic:cooling");
    }

    @Test
    void aPageForAContactThatDoesNotExistIsTheAppsErrorPageInWordsNotRawJson() throws Exception {
        var response = api.mvc().perform(get("/ui/contacts/999999999").accept(MediaType.TEXT_HTML)
                .with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER")))
                .andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getContentType()).startsWith("text/html");
        Document page = Jsoup.parse(response.getContentAsString());
        assertThat(page.selectFirst("h1").text()).isEqualTo("Not found");
        assertThat(page.getElementById("error-detail").text()).isEqualTo("Contact 999999999 does not exist");
        assertThat(page.select("main a[href=/]")).as("a way on").isNotEmpty();
    }

    @Test
    void aPageTheRoleMayNotOpenSaysSoInWordsNotSpringsWhitelabelPage() throws Exception {
        // What the servlet container forwards to /error after Spring Security refuses a SALES user the settings.
        var response = api.mvc().perform(get("/error").accept(MediaType.TEXT_HTML)
                .requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 403)
                .requestAttr(RequestDispatcher.ERROR_REQUEST_URI, "/ui/settings")
                .with(user(api.sessionUser(Role.SALES)).roles("SALES")))
                .andReturn().getResponse();

        Document page = Jsoup.parse(response.getContentAsString());
        assertThat(page.selectFirst("h1").text()).isEqualTo("Not for your role");
        assertThat(page.text()).doesNotContain("Whitelabel");
        assertThat(page.getElementById("error-detail").text()).contains("Your role may not open this page");
    }

    @Test
    void theContactPageSaysWhichProgramsListsAndSegmentsTheContactIsInAndTakesThemOutOfAProgram() throws Exception {
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        long contact = api.createContact("{\"email\": \"%s\", \"title\": \"Curator %s\"}".formatted(uniqueEmail("member"), run));
        long program = api.activeProgram("""
                {"name": "member %1$s", "kind": "SEQUENCE", "steps": [{"type": "wait", "duration": "P14D"},
                 {"type": "addTag", "tag": "walked-%1$s"}]}""".formatted(run));
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + contact + "]}");
        long list = Api.json(api.post("/api/v1/lists", "{\"name\": \"fair %s\"}".formatted(run))).get("id").asLong();
        api.post("/api/v1/lists/" + list + "/members", "{\"contactIds\": [" + contact + "]}");
        api.post("/api/v1/segments", "{\"name\": \"curators %1$s\", \"text\": \"title = \\\"Curator %1$s\\\"\"}".formatted(run));
        api.post("/api/v1/admin/segments/refresh", "");

        Document page = view(contact, Role.MARKETER);
        assertThat(page.select("#in-programs li").text()).startsWith("member " + run + ": in since");
        assertThat(page.select("#in-lists a").text()).isEqualTo("fair " + run);
        assertThat(page.select("#in-segments a").text()).isEqualTo("curators " + run);
        assertThat(page.text()).as("the program that moved them into nurture, by its name")
                .contains("by program 'member " + run + "'").doesNotContain("program:" + program);

        page = page(post("/ui/contacts/" + contact + "/enrollments/remove").param("program", String.valueOf(program)));
        assertThat(page.getElementById("in-programs-done").text()).isEqualTo("Taken out of the program");
        assertThat(page.select("#in-programs li").text()).as("the day on the viewer's clock, the account's")
                .isEqualTo("member " + run + ": left: removed by a person on "
                        + When.dayOfWeek(java.time.LocalDate.ofInstant(clock.instant(), account.zone())));
        assertThat(page.select("#in-programs form")).isEmpty();
        api.post("/api/v1/programs/" + program + "/archive", "");
    }

    @Test
    void theContactListShowsEachContactsScoreAndGradeAndZeroForOneNeverScored() throws Exception {
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        long scored = api.createContact("{\"email\": \"%s\", \"lastName\": \"Alpha-%s\", \"tags\": [\"listed-%2$s\"]}".formatted(uniqueEmail("scored"), run));
        api.createContact("{\"email\": \"%s\", \"lastName\": \"Beta-%s\", \"tags\": [\"listed-%2$s\"]}".formatted(uniqueEmail("unscored"), run));
        api.as(Role.ADMIN, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .put("/api/v1/contacts/" + scored + "/score").contentType(MediaType.APPLICATION_JSON)
                .content("{\"score\": 40, \"grade\": \"B\"}"));

        Document list = Jsoup.parse(api.mvc().perform(get("/ui/contacts").param("tag", "listed-" + run)
                .with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER"))).andReturn().getResponse().getContentAsString());

        assertThat(list.select("tbody tr:has(a:contains(Alpha-" + run + ")) td").eachText()).contains("40 · B");
        assertThat(list.select("tbody tr:has(a:contains(Beta-" + run + ")) td").eachText()).contains("0");
    }

    @Test
    void theOwnerFilterOffersNobodyAndThenListsOnlyTheContactsNobodyOwns() throws Exception {
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        User rep = users.create(new Users.NewUser("owner-" + run, "Olga Owner " + run, null, Role.SALES,
                "a-long-enough-password"));
        api.createContact("""
                {"email": "%s", "lastName": "Owned-%s", "owner": "%s", "tags": ["owners-%2$s"]}"""
                .formatted(uniqueEmail("owned"), run, rep.username()));
        api.createContact("""
                {"email": "%s", "lastName": "Unowned-%s", "tags": ["owners-%2$s"]}""".formatted(uniqueEmail("unowned"), run));

        Document nobody = list("owners-" + run, "nobody");
        assertThat(nobody.select("#f-owner option[selected]").text()).isEqualTo("nobody");
        assertThat(nobody.select("tbody tr").eachText()).singleElement().asString().contains("Unowned-" + run);

        Document olga = list("owners-" + run, String.valueOf(rep.id()));
        assertThat(olga.select("#f-owner option[selected]").text()).isEqualTo("Olga Owner " + run);
        assertThat(olga.select("tbody tr").eachText()).singleElement().asString().contains("Owned-" + run)
                .doesNotContain("Unowned");
        assertThat(list("owners-" + run, "").select("tbody tr")).hasSize(2);
    }

    @Test
    void aRuleFilterThatMeansNothingIsShownAtItsLineAndColumnWithACaretAsTheSegmentEditorShowsIt() throws Exception {
        Document typo = Jsoup.parse(api.mvc().perform(get("/ui/contacts").param("tag", "vip")
                .param("rule", "stage = NURTURE and\n  scroe >= 10")
                .with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER"))).andReturn().getResponse().getContentAsString());
        Document reversed = Jsoup.parse(api.mvc().perform(get("/ui/contacts").param("rule", "score between 50 and 10")
                .with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER"))).andReturn().getResponse().getContentAsString());

        var error = typo.getElementById("rule-error");
        assertThat(List.of(error.attr("data-line"), error.attr("data-column"))).containsExactly("2", "3");
        assertThat(error.selectFirst("p").text())
                .startsWith("The segment rule is not valid: line 2, column 3: 'scroe' is not a field")
                .doesNotContain("rule.");
        assertThat(error.selectFirst("pre.caret code").wholeText()).isEqualTo("  scroe >= 10\n  ^");
        assertThat(typo.getElementById("f-rule").attr("aria-invalid")).isEqualTo("true");
        assertThat(typo.getElementById("no-contacts")).as("the filter did not run: no list, no 'No contacts match'")
                .isNull();
        assertThat(typo.getElementById("contact-list")).isNull();
        assertThat(reversed.getElementById("rule-error").selectFirst("p").text())
                .contains("line 1, column 15: 50 is above 10");
        assertThat(reversed.select("p.error")).as("beside the rule, not above the list").isEmpty();
    }

    private Document list(String tag, String owner) throws Exception {
        return Jsoup.parse(api.mvc().perform(get("/ui/contacts").param("tag", tag).param("owner", owner)
                .with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER"))).andReturn().getResponse().getContentAsString());
    }

    @Test
    void theStageCardSaysOneDayInTheSingularAndEveryDayInWordsAsATasksTitleSaysIt() throws Exception {
        long contact = api.createContact("{\"email\": \"%s\", \"phone\": \"+49 30 1234567\", \"timeZone\": \"UTC\"}"
                .formatted(uniqueEmail("oneday")));
        java.time.Instant entered = clock.instant();
        LocalDate readyOn = LocalDate.ofInstant(entered, ZoneOffset.UTC).plusMonths(2);
        java.time.Instant due = readyOn.atTime(10, 0).toInstant(ZoneOffset.UTC);
        String title = "Ready date " + io.keepwarm.platform.Days.said(readyOn) + ": is now a good time?";
        tasks.create(new Tasks.NewTask(contact, null, TaskKind.CALL_BACK, title, null, due, 50));
        clock.advance(java.time.Duration.ofHours(30));

        Document page = view(contact, Role.MARKETER);

        assertThat(page.getElementById("time-in-stage").text()).isEqualTo("1 day");
        assertThat(page.getElementById("stage-since").text()).isEqualTo(When.dayOfWeek(
                LocalDate.ofInstant(entered, account.zone())));
        assertThat(page.getElementById("next-call").text()).as("the call's time as the README writes a time on their clock")
                .contains(title + ": " + io.keepwarm.platform.Days.brief(readyOn, LocalDate.ofInstant(clock.instant(),
                        ZoneOffset.UTC)) + ", 10:00 their time");
    }

    @Test
    void theTimelineSaysALeadWentBackWithItsOwnerAndTheHandoffsOtherMovesCrowdNothingOffIt() throws Exception {
        io.keepwarm.support.SalesTeam team = new io.keepwarm.support.SalesTeam(api);
        long mike = team.rep("Mike");
        long rita = team.rep("Rita");
        try {
            long contact = api.createContact("{\"email\": \"%s\", \"timeZone\": \"UTC\", \"owner\": \"%d\"}"
                    .formatted(uniqueEmail("moved-often"), mike));
            page(post("/ui/contacts/" + contact + "/tags").param("tag", "before-the-moves"));
            clock.advance(java.time.Duration.ofMinutes(1));
            // More moves of its lead than a page holds, which the timeline does not list (alerts told those reps).
            for (int i = 0; i < Timeline.PAGE + 5; i++) {
                audit.recordAs("system", "HANDOFF_REASSIGNED", "contact", contact, java.util.Map.of("handoffId", 1,
                        "from", i % 2 == 0 ? mike : rita, "to", i % 2 == 0 ? rita : mike, "because", "REP_AWAY"));
            }
            audit.recordAs("system", "HANDOFF_REASSIGNED", "contact", contact, java.util.Map.of("handoffId", 1,
                    "from", rita, "to", mike, "because", "OWNER_BACK", "lapsedMeanwhile", true));

            Document page = view(contact, Role.MARKETER);

            assertThat(page.select("#timeline li[data-kind=HANDOFF]").eachText()).singleElement().asString()
                    .contains("Hand-off back with Mike, who is back: Rita held it while they were away",
                            "its deadline passed meanwhile; a fresh one now");
            assertThat(page.select("#timeline li").eachText()).as("the change before the moves is still there")
                    .anySatisfy(e -> assertThat(e).contains("Tagged before-the-moves"));
        } finally {
            team.away(mike, true);
            team.away(rita, true);
        }
    }

    private Document view(long contact, Role role) throws Exception {
        return Jsoup.parse(api.mvc().perform(get("/ui/contacts/" + contact)
                .with(user(api.sessionUser(role)).roles(role.name()))).andReturn().getResponse().getContentAsString());
    }

    @Test
    void whatAProspectChangedInThePreferenceCentreIsOneEntryOnTheTimelineInWords() throws Exception {
        long contact = api.createContact("{\"email\": \"%s\", \"timeZone\": \"UTC\"}".formatted(uniqueEmail("prefs")));
        String topic = "hpc-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        api.post("/api/v1/content", """
                {"name": "Topic %1$s", "type": "ARTICLE", "status": "LIVE", "topics": ["%1$s"],
                 "variants": {"email": {"subject": "Topic %1$s", "html": "<p>Useful.</p>"}}}""".formatted(topic))
                .andExpect(status().isCreated());
        String url = links.preferencesUrl(contact);
        api.mvc().perform(post(url.substring(url.indexOf("/t/"))).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .param("email", "true").param("topics", topic).param("rhythm", "MONTHLY").param("notNowMonths", "3"))
                .andExpect(status().isOk());

        String timeline = page(get("/ui/contacts/" + contact)).getElementById("timeline").text();

        LocalDate askAgain = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusMonths(3);
        assertThat(timeline).containsOnlyOnce("Changed their preferences:").contains("monthly at most by email",
                "topics " + topic, "ask again on " + When.dayOfWeek(askAgain), "preference centre")
                .doesNotContain("Tagged topic:", "by prospect", "FREQUENCY_PREFERENCE_SET");
    }

    @Test
    void entriesOfDifferentKindsInterleaveNewestFirstOnEachPageOfTheTimelineAndNoneIsLostBetweenPages()
            throws Exception {
        long contact = api.createContact("{\"email\": \"%s\", \"timeZone\": \"UTC\"}".formatted(uniqueEmail("paged")));
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        // A visit, a change of details and a tag a minute or so apart, twenty times: sixty entries, and more than a page.
        java.util.List<String> expected = new java.util.ArrayList<>();
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            java.time.Instant now = clock.advance(java.time.Duration.ofMinutes(1));
            events.append(i == 0 ? "" : ",").append("""
                    {"id": "%s-visit-%d", "contactId": %d, "type": "PAGE_VIEW", "target": "https://example.com/%1$s-%2$d",
                     "occurredAt": "%s"}""".formatted(run, i, contact, now.minusSeconds(30)));
            api.patch("/api/v1/contacts/" + contact, "{\"title\": \"Buyer " + i + "\"}").andExpect(status().isOk());
            clock.advance(java.time.Duration.ofMinutes(1));
            api.post("/api/v1/contacts/" + contact + "/tags", "{\"tags\": [\"t-" + run + "-" + i + "\"]}")
                    .andExpect(status().isOk());
            expected.addAll(0, java.util.List.of("tag " + i, "details", "visit " + i));
        }
        api.post("/api/v1/events", "{\"events\": [" + events + "]}").andExpect(status().isOk());

        java.util.List<java.util.List<String>> pages = new java.util.ArrayList<>();
        String before = null;
        do {
            Document page = view(contact, Role.MARKETER, before);
            pages.add(mine(page, run));
            var older = page.getElementById("timeline-older");
            before = older == null ? null : older.attr("href").replaceAll(".*before=([^#&]*).*", "$1");
        } while (before != null && pages.size() < 5);

        assertThat(pages).as("more than a page").hasSizeGreaterThan(1);
        assertThat(pages.getFirst()).as("the first page holds entries of each kind")
                .contains("details", "tag 19", "visit 19");
        assertThat(pages.stream().flatMap(java.util.List::stream).toList())
                .as("newest first, kinds interleaved, each once across the pages").isEqualTo(expected);
    }

    @Test
    void auditedEntriesOfOneInstantAllStayOnThePageThatEndsAtIt() throws Exception {
        long contact = api.createContact("{\"email\": \"%s\", \"timeZone\": \"UTC\"}".formatted(uniqueEmail("instant")));
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        // The clock stands still: thirty changes of details and thirty tags at one instant, more than a page together.
        for (int i = 0; i < 30; i++) {
            api.patch("/api/v1/contacts/" + contact, "{\"title\": \"Buyer " + i + "\"}").andExpect(status().isOk());
            api.post("/api/v1/contacts/" + contact + "/tags", "{\"tags\": [\"t-" + run + "-" + i + "\"]}")
                    .andExpect(status().isOk());
        }

        Document page = view(contact, Role.MARKETER, null);

        java.util.List<String> entries = mine(page, run);
        assertThat(entries.stream().filter(e -> e.startsWith("tag "))).as("every tag, none left for a page before it")
                .hasSize(30);
        assertThat(entries.stream().filter(e -> e.equals("details"))).hasSize(30);
        assertThat(page.getElementById("timeline-older")).isNull();
    }

    @Test
    void visitsOfOneInstantAllStayOnThePageThatEndsAtIt() throws Exception {
        long contact = api.createContact("{\"email\": \"%s\", \"timeZone\": \"UTC\"}".formatted(uniqueEmail("burst")));
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        // Sixty visits logged with one time, as a system that knows only the minute sends them: more than a page.
        java.time.Instant at = clock.advance(java.time.Duration.ofMinutes(1));
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            events.append(i == 0 ? "" : ",").append("""
                    {"id": "%s-visit-%d", "contactId": %d, "type": "PAGE_VIEW", "target": "https://example.com/%1$s-%2$d",
                     "occurredAt": "%s"}""".formatted(run, i, contact, at));
        }
        api.post("/api/v1/events", "{\"events\": [" + events + "]}").andExpect(status().isOk());

        Document page = view(contact, Role.MARKETER, null);

        assertThat(mine(page, run).stream().filter(e -> e.startsWith("visit "))).as("every visit on the first page")
                .hasSize(60);
        var older = page.getElementById("timeline-older");
        if (older != null) {
            String before = older.attr("href").replaceAll(".*before=([^#&]*).*", "$1");
            assertThat(mine(view(contact, Role.MARKETER, before), run)).as("none left for the page before").isEmpty();
        }
    }

    @Test
    void anAcceptThatWritesSeveralEntriesAtOneInstantReadsNewestFirstWithTheHandOffBetweenTheMovesItFollowsAndMakes()
            throws Exception {
        io.keepwarm.support.SalesTeam team = new io.keepwarm.support.SalesTeam(api);
        long ann = team.rep("Ann");
        try {
            long contact = api.createContact("{\"email\": \"%s\", \"owner\": \"%d\"}"
                    .formatted(uniqueEmail("one-instant"), ann));
            // The clock stands still: every move, the hand-off and its acceptance share one instant.
            api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"NURTURE\", \"reasonCode\": \"MANUAL\"}")
                    .andExpect(status().isOk());
            api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"MQL\", \"reasonCode\": \"SCORE\"}")
                    .andExpect(status().isOk());
            long handoff = io.keepwarm.support.Api.json(api.get("/api/v1/handoffs?contact=" + contact)).get("items").get(0).get("id").asLong();
            api.post("/api/v1/handoffs/" + handoff + "/accept", "").andExpect(status().isOk());

            assertThat(stagesAndHandoffs(view(contact, Role.MARKETER, null))).containsExactly(
                    "Stage Marketing-qualified → Sales-qualified", "Hand-off accepted", "Handed off to sales",
                    "Stage Nurture → Marketing-qualified", "Stage New → Nurture");
        } finally {
            team.away(ann, true);
        }
    }

    @Test
    void movesAndHandOffsOfOneInstantReadNewestFirstOnEveryPageAndNoneIsSkippedOrRepeatedBetweenPages()
            throws Exception {
        long contact = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("tied-pages")));
        api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"NURTURE\", \"reasonCode\": \"MANUAL\"}")
                .andExpect(status().isOk());
        // Thirteen times, a minute apart: handed off and rejected back to nurture at one instant, four entries each:
        // more than a page of 50, whose last instant holds entries of both sources.
        java.util.List<String> expected = new java.util.ArrayList<>();
        for (int i = 0; i < 13; i++) {
            clock.advance(java.time.Duration.ofMinutes(1));
            api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"MQL\", \"reasonCode\": \"SCORE\"}")
                    .andExpect(status().isOk());
            long handoff = io.keepwarm.support.Api.json(api.get("/api/v1/handoffs?contact=" + contact + "&state=OPEN")).get("items").get(0)
                    .get("id").asLong();
            api.post("/api/v1/handoffs/" + handoff + "/reject", "{\"reason\": \"NO_BUDGET\"}").andExpect(status().isOk());
            expected.addAll(0, java.util.List.of("Stage Marketing-qualified → Nurture", "Hand-off rejected: no budget",
                    "Handed off to sales", "Stage Nurture → Marketing-qualified"));
        }
        expected.add("Stage New → Nurture");

        java.util.List<String> walked = new java.util.ArrayList<>();
        String before = null;
        int pages = 0;
        do {
            Document page = view(contact, Role.MARKETER, before);
            walked.addAll(stagesAndHandoffs(page));
            var older = page.getElementById("timeline-older");
            before = older == null ? null : older.attr("href").replaceAll(".*before=([^#&]*).*", "$1");
            pages++;
        } while (before != null && pages < 5);

        assertThat(pages).as("more than a page").isGreaterThan(1);
        assertThat(walked).as("newest first within each instant, each entry once across the pages").isEqualTo(expected);
    }

    /**
     * The titles of the stage moves and hand-offs on a page of the timeline, as a person reads them, top down; without
     * how the rep was chosen, which depends on the reps other tests left.
     */
    private static java.util.List<String> stagesAndHandoffs(Document page) {
        return page.select("#timeline li[data-kind=STAGE] strong, #timeline li[data-kind=HANDOFF] strong").eachText()
                .stream().map(title -> title.replaceAll(" \\(.*\\)$", "")).toList();
    }

    /** This test's visits, tags and changes of details on a page of the timeline, in order, as short words. */
    private static java.util.List<String> mine(Document page, String run) {
        java.util.regex.Pattern tag = java.util.regex.Pattern.compile("t-" + run + "-(\\d+)");
        java.util.regex.Pattern visit = java.util.regex.Pattern.compile("example\\.com/" + run + "-(\\d+)");
        java.util.List<String> entries = new java.util.ArrayList<>();
        for (org.jsoup.nodes.Element entry : page.select("#timeline li[data-kind]")) {
            java.util.regex.Matcher tagged = tag.matcher(entry.text());
            java.util.regex.Matcher visited = visit.matcher(entry.text());
            switch (entry.attr("data-kind")) {
                case "DETAILS" -> entries.add("details");
                case "TAGS" -> entries.add(tagged.find() ? "tag " + tagged.group(1) : entry.text());
                case "ACTIVITY" -> entries.add(visited.find() ? "visit " + visited.group(1) : entry.text());
                default -> { }
            }
        }
        return entries;
    }

    private Document view(long contact, Role role, String before) throws Exception {
        var request = get("/ui/contacts/" + contact);
        if (before != null) {
            request.param("before", java.net.URLDecoder.decode(before, java.nio.charset.StandardCharsets.UTF_8));
        }
        return Jsoup.parse(api.mvc().perform(request.with(user(api.sessionUser(role)).roles(role.name())))
                .andReturn().getResponse().getContentAsString());
    }

    private Document page(MockHttpServletRequestBuilder request) throws Exception {
        return Jsoup.parse(api.mvc().perform(request.header("HX-Request", "true")
                .with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER")).with(csrf()))
                .andReturn().getResponse().getContentAsString());
    }
}
