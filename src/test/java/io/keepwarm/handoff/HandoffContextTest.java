package io.keepwarm.handoff;

import static io.keepwarm.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.activity.Activities;
import io.keepwarm.activity.Activity;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.contact.Channel;
import io.keepwarm.lifecycle.ActorType;
import io.keepwarm.lifecycle.Lifecycle;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.platform.Zones;
import io.keepwarm.scoring.Scores;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import io.keepwarm.support.TestClock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** What the rep reads on a new lead: what tipped it, in the account's own words, and whether they may call. */
@KeepwarmTest
class HandoffContextTest {

    @Autowired Api api;
    @Autowired TestClock clock;
    @Autowired Activities activities;
    @Autowired Scores scores;
    @Autowired Lifecycle lifecycle;
    @Autowired Zones zones;
    @Autowired io.keepwarm.tracking.internal.SignedLinks links;
    @Autowired io.keepwarm.content.ContentLibrary library;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private SalesTeam team;
    private Leads leads;
    private long rep;

    @BeforeEach
    void aRep() throws Exception {
        team = new SalesTeam(api);
        leads = new Leads(api);
        rep = team.rep("Context");
        team.onlyThese(rep);
    }

    @AfterEach
    void everyoneBack() throws Exception {
        team.restore();
    }

    @Test
    void theContextNamesTheAccountsOwnEventsAndAttributesGivesTheConsentAndLeavesOutOurOwnSends() throws Exception {
        String key = "lease_end_" + run;
        api.post("/api/v1/attributes", """
                {"key": "%s", "label": "Lease ends (%s)", "type": "DATE"}""".formatted(key, run))
                .andExpect(status().isCreated());
        long contact = leads.ownedBy("context", rep);
        api.patch("/api/v1/contacts/" + contact, """
                {"doNotContact": ["PHONE"], "attributes": {"%s": "2027-03-31"}}""".formatted(key))
                .andExpect(status().isOk());
        api.post("/api/v1/contacts/" + contact + "/consents", """
                {"channel": "EMAIL", "state": "GRANTED", "source": "trade-show form"}""").andExpect(status().isCreated());
        api.post("/api/v1/events", """
                {"events": [{"id": "%s-trial", "contactId": %d, "type": "CUSTOM", "customType": "trial_started"}]}"""
                .formatted(run, contact)).andExpect(status().isOk());
        activities.record(List.of(new Activity(contact, ActivityType.TOUCH_SENT, clock.instant(), Channel.EMAIL,
                "touch-" + run)));

        String context = leads.toMql(contact).get("context").asString();

        assertThat(context).contains("trial_started").doesNotContain("CUSTOM")
                .as("our own sends are in 'Content sent', not the contact's activity").doesNotContain("touch-" + run)
                .contains("Lease ends (" + run + "): 2027-03-31").doesNotContain(key + ":")
                .contains("Consent: email granted, phone unknown, SMS unknown; do not contact by phone");
    }

    @Test
    void theContextSaysWhatTheContactDidInWordsWithPieceNamesAndNoSignedAddresses() throws Exception {
        long piece = api.liveArticle("Liquid cooling explained " + run);
        long contact = leads.ownedBy("words", rep);
        activities.record(List.of(
                new Activity(contact, ActivityType.PAGE_VIEW, clock.instant(), null, "content:" + piece),
                new Activity(contact, ActivityType.EMAIL_CLICKED, clock.instant(), Channel.EMAIL,
                        "https://kw.example/t/l/local1.7hklbr2KwOwBUSFhZzVRmC6NEwek9A", "SCANNER")));

        String context = leads.toMql(contact).get("context").asString();

        assertThat(context).contains("visited 'Liquid cooling explained " + run + "', article")
                .contains("clicked https://kw.example/t/l/… [scanner, not a person]")
                .doesNotContain("PAGE_VIEW", "content:" + piece, "7hklbr2KwOwBUSFhZzVRmC6NEwek9A");
    }

    @Test
    void theContextsDetailsGiveTheTitleCompanyAndWhereTheyAreNotNone() throws Exception {
        long contact = leads.ownedBy("detailed", rep);
        api.patch("/api/v1/contacts/" + contact, """
                {"title": "Head of IT", "city": "Lyon", "country": "FR",
                 "company": {"name": "Froid %s", "industry": "Cooling"}}""".formatted(run)).andExpect(status().isOk());

        String context = leads.toMql(contact).get("context").asString();

        assertThat(context).doesNotContain("Details: none").contains("Details:\n", "Title: Head of IT",
                "Company: Froid " + run + " (Cooling)", "Where: Lyon, FR");
    }

    @Test
    void theContextNamesPeopleByTheirDisplayNamesAnApiKeyAsAKeyAndACallsOutcomeInWords() throws Exception {
        long contact = leads.ownedBy("named", rep);
        long mia = team.user("Mia", "MARKETER", null);
        team.post(mia, "/api/v1/contacts/" + contact + "/notes", "{\"body\": \"Met at the fair\"}")
                .andExpect(status().isCreated());
        api.post("/api/v1/contacts/" + contact + "/notes", "{\"body\": \"Imported from the CRM\"}")
                .andExpect(status().isCreated());
        activities.record(List.of(new Activity(contact, ActivityType.CALL_OUTCOME, clock.instant(), Channel.PHONE,
                "NO_ANSWER")));

        JsonNode handoff = leads.toMql(contact);

        assertThat(handoff.get("why").asString()).contains(" by API key 'test-admin'").doesNotContain("api-key:");
        assertThat(handoff.get("context").asString())
                .contains("Mia: Met at the fair", "API key 'test-admin': Imported from the CRM", "call: no answer")
                .doesNotContain("api-key:", "Mia-", "NO_ANSWER");
    }

    @Test
    void aLeadTheReadinessRuleMadeSaysWhichScoreChangeTippedIt() throws Exception {
        long contact = leads.ownedBy("tipped", rep);
        leads.move(contact, "NURTURE");
        // Below the readiness rule (100), so the move below is the only one to MQL.
        scores.set(contact, new Scores.Score(95, "A"));

        lifecycle.moveWhereAllowed(Map.of(contact, new Lifecycle.Move(Stage.MQL, "READINESS_RULE", "score 95 reached 90")),
                ActorType.SYSTEM, "scoring");

        assertThat(json(api.get("/api/v1/handoffs?contact=" + contact)).at("/items/0/why").asString())
                .contains("readiness rule (score 95 reached 90)")
                .endsWith("; tipped by person +95 points (set by a person)");
    }

    @Test
    void aProspectWhoAskedToBeCalledReadsAsOneSentenceAndEveryOfferByItsButtonsWordsWithoutActivityIds()
            throws Exception {
        long piece = json(api.post("/api/v1/content", """
                {"name": "Cooling guide %s", "type": "WHITE_PAPER", "status": "LIVE", "landingUrl": "https://example.com/cooling",
                 "offer": {"key": "white-paper", "label": "Send me the white paper"},
                 "variants": {"email": {"subject": "A cooling guide", "html": "<p>Hello</p>"}}}""".formatted(run))
                .andExpect(status().isCreated())).get("id").asLong();
        long contact = leads.ownedBy("asker", rep);
        leads.move(contact, "NURTURE");
        take(piece, contact, "white-paper");
        clock.advance(Duration.ofMinutes(5));
        String asked = DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm", Locale.ENGLISH)
                .withZone(zones.accountZone()).format(clock.instant());

        take(piece, contact, "call-me");

        JsonNode handoff = leads.handoffOf(contact);
        String sentence = "Asked to be called from the landing page of 'Cooling guide " + run + "' on " + asked;
        assertThat(handoff.get("why").asString()).isEqualTo(sentence);
        assertThat(handoff.get("context").asString()).startsWith("Why now: " + sentence + "\n")
                .contains("took the offer 'Send me the white paper' on the landing page of 'Cooling guide " + run
                        + "', white paper", "took the offer 'have someone call me' on the landing page of")
                .doesNotContain("tipped by", "(activity", "white-paper", "call-me");
        assertThat(json(team.get(rep, "/api/v1/alerts?limit=500")).get("items").valueStream()
                .filter(a -> a.get("contactId").asLong() == contact).map(a -> a.get("body").asString()))
                .singleElement().asString().contains("Why now: " + sentence + "\n").doesNotContain("tipped by");
    }

    private void take(long piece, long contact, String offer) throws Exception {
        String landing = links.linksFor(library.get(piece), contact).landingUrl();
        api.mvc().perform(post(landing.substring(landing.indexOf("/t/")) + "/accept").param("offer", offer))
                .andExpect(status().isOk());
    }
}
