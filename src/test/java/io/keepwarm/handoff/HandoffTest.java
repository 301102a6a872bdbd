package io.keepwarm.handoff;

import static io.keepwarm.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.icegreen.greenmail.util.GreenMail;
import io.keepwarm.activity.Activities;
import io.keepwarm.activity.Activity;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.delivery.Task;
import io.keepwarm.delivery.TaskKind;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.engine.Engine;
import io.keepwarm.identity.Role;
import io.keepwarm.lifecycle.ActorType;
import io.keepwarm.lifecycle.Lifecycle;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.program.Enrollment;
import io.keepwarm.program.Enrollments;
import io.keepwarm.scoring.Scores;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import io.keepwarm.support.TestClock;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

@KeepwarmTest
@RecordApplicationEvents
class HandoffTest {

    @Autowired Api api;
    @Autowired TestClock clock;
    @Autowired HandoffJob job;
    @Autowired ApplicationEvents events;
    @Autowired GreenMail mail;
    @Autowired Activities activities;
    @Autowired Scores scores;
    @Autowired Consents consents;
    @Autowired Engine engine;
    @Autowired Lifecycle lifecycle;
    @Autowired io.keepwarm.trigger.TriggerJobs triggerJobs;
    @Autowired io.keepwarm.trigger.Triggers triggers;
    @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;
    @Autowired Tasks tasks;
    @Autowired io.keepwarm.platform.Zones zones;
    @Autowired Enrollments enrollments;
    @Autowired io.keepwarm.tracking.internal.SignedLinks signedLinks;
    @Autowired io.keepwarm.content.ContentLibrary library;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private SalesTeam team;
    private Leads leads;
    private final List<Long> territories = new ArrayList<>();

    @BeforeEach
    void defaultSla() throws Exception {
        team = new SalesTeam(api);
        leads = new Leads(api);
        sla("{\"slaHours\": 24, \"onOverdue\": \"ESCALATE\"}");
    }

    @AfterEach
    void everyoneBack() throws Exception {
        for (long id : territories) {
            api.delete("/api/v1/territories/" + id).andExpect(status().isNoContent());
        }
        team.restore();
    }

    @Test
    void aSalesKeyListingHandOffsIsToldWhoMayListThemNotThatItsMeNeedsALogin() throws Exception {
        JsonNode refused = json(api.as(Role.SALES, MockMvcRequestBuilders.get("/api/v1/handoffs"))
                .andExpect(status().isBadRequest()));
        assertThat(refused.at("/errors/0/field").asString()).isEqualTo("rep");
        assertThat(refused.at("/errors/0/message").asString()).doesNotContain("needs a logged-in user")
                .contains("log in as the rep", "ADMIN or MARKETER key");
        api.as(Role.MARKETER, MockMvcRequestBuilders.get("/api/v1/handoffs")).andExpect(status().isOk());
        JsonNode adminMe = json(api.as(Role.ADMIN, MockMvcRequestBuilders.get("/api/v1/handoffs?rep=me"))
                .andExpect(status().isBadRequest()));
        assertThat(adminMe.at("/errors/0/message").asString()).contains("?rep=<user id>", "everyone's");
    }

    @Test
    void aLeadGoesToItsOwnerFirstTheSameCallerAsBefore() throws Exception {
        long[] reps = team.onlyReps("Ann", "Bob");
        long ann = reps[0], bob = reps[1];
        long contact = leads.ownedBy("owned", bob);

        JsonNode handoff = leads.toMql(contact);

        assertThat(handoff.get("repId").asLong()).isEqualTo(bob);
        assertThat(handoff.get("chosenBy").asString()).isEqualTo("OWNER");
        assertThat(handoff.get("state").asString()).isEqualTo("OPEN");
        assertThat(events.stream(HandoffCreated.class).filter(e -> e.contactId() == contact)).singleElement()
                .satisfies(e -> assertThat(e.repId()).isEqualTo(bob));
    }

    @Test
    void anOwnerWhoIsAwayMakesWayForTheTerritoryAndTheRuleNamingRegionAndIndustryWins() throws Exception {
        long[] reps = team.onlyReps("Away", "Regional", "Specialist");
        long away = reps[0], regional = reps[1], specialist = reps[2];
        team.away(away, true);
        String region = "bavaria-" + run;
        territory("{\"region\": \"%s\", \"repId\": %d}".formatted(region.toUpperCase(), regional));
        territory("{\"region\": \"%s\", \"industry\": \"HPC-%s\", \"repId\": %d}".formatted(region, run, specialist));
        long hpc = leads.contact("hpc", "\"owner\": \"%d\", \"region\": \"%s\", \"company\": {\"name\": \"Cool %s\", \"industry\": \"hpc-%s\"}"
                .formatted(away, region, run, run));
        long other = leads.contact("other", "\"region\": \"%s\", \"company\": {\"name\": \"Warm %s\", \"industry\": \"Retail\"}"
                .formatted(region, run));

        JsonNode first = leads.toMql(hpc);
        JsonNode second = leads.toMql(other);

        assertThat(first.get("repId").asLong()).isEqualTo(specialist);
        assertThat(first.get("chosenBy").asString()).isEqualTo("TERRITORY");
        assertThat(leads.ownerOf(hpc)).as("the rep stands in: the contact stays with its owner, who is only away")
                .isEqualTo(away);
        assertThat(second.get("repId").asLong()).isEqualTo(regional);
    }

    @Test
    void aTerritoryNamingACountryTakesTheLeadsOfThatCountryWhicheverWayTheContactGaveIt() throws Exception {
        long[] reps = team.onlyReps("Alpine", "Other");
        long alpine = reps[0], other = reps[1];
        territory("{\"region\": \"Liechtenstein\", \"repId\": %d}".formatted(alpine));
        for (String country : List.of("LI", "Liechtenstein", "LIE")) {
            JsonNode handoff = leads.toMql(leads.contact("vaduz", "\"country\": \"%s\"".formatted(country)));

            assertThat(handoff.get("repId").asLong()).as(country).isEqualTo(alpine);
            assertThat(handoff.get("chosenBy").asString()).isEqualTo("TERRITORY");
        }
    }

    @Test
    void aStatesTerritoryTakesItsLeadsByCodeOrNameWhateverTheCaseAccentsOrSpacesButACodeOnlyInItsCountry()
            throws Exception {
        long[] reps = team.onlyReps("Western", "Other");
        long western = reps[0], other = reps[1];
        territory("{\"region\": \"California\", \"repId\": %d}".formatted(western));
        territory("{\"region\": \"Québec\", \"industry\": \"Énergie %s\", \"repId\": %d}"
                .formatted(run, western));
        for (String region : List.of("ca", " CA ", "california", "CALIFORNIA ")) {
            JsonNode handoff = leads.toMql(leads.contact("la", "\"country\": \"US\", \"region\": \"%s\""
                    .formatted(region)));

            assertThat(handoff.get("repId").asLong()).as(region).isEqualTo(western);
            assertThat(handoff.get("chosenBy").asString()).isEqualTo("TERRITORY");
        }
        JsonNode quebecois = leads.toMql(leads.contact("montreal", ("\"country\": \"Canada\", \"region\": \"QC\","
                + " \"company\": {\"name\": \"Hydro %s\", \"industry\": \" energie  %s\"}").formatted(run, run)));
        assertThat(quebecois.get("repId").asLong()).as("accents and spaces aside, and QC is Quebec")
                .isEqualTo(western);

        JsonNode canadian = leads.toMql(leads.contact("calgary", "\"country\": \"CA\", \"region\": \"ca\""));

        assertThat(canadian.get("chosenBy").asString()).as("CA is no Canadian province").isEqualTo("ROUND_ROBIN");
    }

    @Test
    void aCountrysCodeNamesThatCountryAloneAndAGermanStateFitsByItsCodeItsGermanOrItsEnglishName() throws Exception {
        long[] reps = team.onlyReps("German", "Brewer", "Other");
        long german = reps[0], brewer = reps[1], other = reps[2];
        JsonNode germany = savedTerritory("{\"region\": \"de\", \"repId\": %d}".formatted(german));
        long bavaria = territory("{\"region\": \"Bavaria\", \"industry\": \"Brewing %s\", \"repId\": %d}"
                .formatted(run, brewer));
        assertThat(germany.get("warnings").valueStream().map(JsonNode::asString)).as("said on saving it")
                .contains("'DE' names the country Germany only: for Delaware (US), write its name or US-DE.");
        for (String region : List.of("BY", "Bayern", " bavaria ")) {
            JsonNode handoff = leads.toMql(leads.contact("munich", ("\"country\": \"Germany\", \"region\": \"%s\","
                    + " \"company\": {\"name\": \"Brau %s\", \"industry\": \"Brewing %s\"}").formatted(region, run, run)));

            assertThat(handoff.get("repId").asLong()).as(region).isEqualTo(brewer);
        }
        assertThat(leads.toMql(leads.contact("berlin", "\"country\": \"DE\", \"region\": \"Berlin\""))
                .get("repId").asLong()).isEqualTo(german);

        for (String region : List.of("DE", "Delaware")) {
            JsonNode dover = leads.toMql(leads.contact("dover", "\"country\": \"US\", \"region\": \"%s\""
                    .formatted(region)));

            assertThat(dover.get("chosenBy").asString()).as("DE is Germany, not Delaware: " + region)
                    .isEqualTo("ROUND_ROBIN");
        }
    }

    @Test
    void aStatesTerritoryTakesItsLeadsWrittenWithSpacesForHyphensAndWithOrWithoutUmlautsAndSoATownsAnywhere()
            throws Exception {
        long[] reps = team.onlyReps("Swabian", "Winston", "Other");
        long swabian = reps[0], winston = reps[1], other = reps[2];
        territory("{\"region\": \"Baden-Württemberg\", \"repId\": %d}".formatted(swabian));
        territory("{\"region\": \"Winston-Salem %s\", \"repId\": %d}".formatted(run, winston));
        for (String region : List.of("Baden Württemberg", "Baden-Wurttemberg", "baden wuerttemberg", "BW", "DE-BW")) {
            JsonNode handoff = leads.toMql(leads.contact("stuttgart", "\"country\": \"Germany\", \"region\": \"%s\""
                    .formatted(region)));

            assertThat(handoff.get("repId").asLong()).as(region).isEqualTo(swabian);
            assertThat(handoff.get("chosenBy").asString()).isEqualTo("TERRITORY");
        }
        for (String country : List.of("\"country\": \"US\", ", "")) {
            JsonNode handoff = leads.toMql(leads.contact("salem", (country + "\"region\": \"winston salem %s\"")
                    .formatted(run)));

            assertThat(handoff.get("repId").asLong()).as(country).isEqualTo(winston);
        }
    }

    @Test
    void georgiaIsTheStateForAUsContactAndTheCountryForAGeorgianAndWithoutACountryTheLeadSaysWhyNoTerritoryTookIt()
            throws Exception {
        long[] reps = team.onlyReps("Peach", "Caucasus", "Words");
        long peach = reps[0], caucasus = reps[1], words = reps[2];
        JsonNode state = savedTerritory("{\"region\": \"us-ga\", \"repId\": %d}".formatted(peach));
        long country = territory("{\"region\": \"GE\", \"repId\": %d}".formatted(caucasus));
        assertThat(state.get("region").asString()).as("an ISO 3166-2 code, as a country's code, upper case")
                .isEqualTo("US-GA");
        assertThat(state.get("warnings").valueStream().map(JsonNode::asString)).noneMatch(w -> w.contains("names"));
        for (String region : List.of("Georgia", "GA", "georgia ")) {
            assertThat(leads.toMql(leads.contact("atlanta", "\"country\": \"USA\", \"region\": \"%s\""
                    .formatted(region))).get("repId").asLong()).as(region).isEqualTo(peach);
        }
        assertThat(leads.toMql(leads.contact("tbilisi", "\"country\": \"Georgia\", \"region\": \"Tbilisi\""))
                .get("repId").asLong()).isEqualTo(caucasus);

        JsonNode nowhere = leads.toMql(leads.contact("somewhere", "\"region\": \"Georgia\""));

        assertThat(nowhere.get("chosenBy").asString()).as("which Georgia is not guessed").isEqualTo("ROUND_ROBIN");
        assertThat(nowhere.get("context").asString()).contains("Rep chosen in turn, as the contact has no country to"
                + " read its region 'Georgia' in: with its country set, a territory (region US-GA; region GE) would"
                + " take such leads.");

        JsonNode both = savedTerritory("{\"region\": \"Georgia\", \"repId\": %d}"
                .formatted(words));

        assertThat(both.get("warnings").valueStream().map(JsonNode::asString)).contains("'Georgia' names the country"
                + " Georgia and Georgia (US): the rule fits contacts of each, as their country says, and a contact of"
                + " no country by these words alone. For one of them only, write its code: GE for the country"
                + " Georgia, US-GA for Georgia (US).");
        JsonNode byWords = leads.toMql(leads.contact("somewhere", "\"region\": \" georgia\""));
        assertThat(byWords.get("repId").asLong()).as("the same words").isEqualTo(words);
        assertThat(byWords.get("chosenBy").asString()).isEqualTo("TERRITORY");
    }

    @Test
    void byIsBavariaForAGermanContactAndATerritoryOfBYIsBelarusAndSaysSo() throws Exception {
        long[] reps = team.onlyReps("Bavarian", "Belarusian", "Other");
        long bavarian = reps[0], belarusian = reps[1], other = reps[2];
        JsonNode belarus = savedTerritory("{\"region\": \"by\", \"repId\": %d}"
                .formatted(belarusian));
        JsonNode bavaria = savedTerritory("{\"region\": \"de-by\", \"repId\": %d}"
                .formatted(bavarian));
        assertThat(belarus.get("warnings").valueStream().map(JsonNode::asString))
                .contains("'BY' names the country Belarus only: for Bavaria (DE), write its name or DE-BY.");
        assertThat(bavaria.get("region").asString()).isEqualTo("DE-BY");
        for (String region : List.of("BY", "by", "Bayern", "Bavaria")) {
            assertThat(leads.toMql(leads.contact("munich", "\"country\": \"DE\", \"region\": \"%s\""
                    .formatted(region))).get("repId").asLong()).as(region).isEqualTo(bavarian);
        }
        assertThat(leads.toMql(leads.contact("minsk", "\"country\": \"Belarus\", \"region\": \"Minsk\""))
                .get("repId").asLong()).isEqualTo(belarusian);
    }

    @Test
    void savingATerritoryOverTheApiAnswersWhatTheTerritoryFormWarnsOf() throws Exception {
        leads.contact("dresden", "\"region\": \"Saxony %s\"".formatted(run));
        long sam = team.rep("Sam");
        long maria = team.rep("Maria");
        JsonNode first = savedTerritory("{\"region\": \"Saxony %s\", \"repId\": %d}"
                .formatted(run, sam));
        JsonNode second = savedTerritory("{\"region\": \"sáxony %s\", \"repId\": %d}"
                .formatted(run, maria));
        JsonNode misspelt = savedTerritory("{\"region\": \"Saxnoy %s\", \"repId\": %d}"
                .formatted(run, maria));

        assertThat(first.get("region").asString()).isEqualTo("saxony " + run);
        assertThat(first.get("warnings").isEmpty()).as("nothing else fits them").isTrue();
        assertThat(second.get("warnings").valueStream().map(JsonNode::asString)).containsExactly("Maria now shares"
                + " these contacts with Sam: leads that fit both rules go to them in turn (1 contact fits both this rule"
                + " and Sam's territory of region 'saxony " + run + "' today).");
        assertThat(misspelt.get("warnings").valueStream().map(JsonNode::asString))
                .containsExactly("No contact has region 'Saxnoy " + run + "' today — check the spelling.");
    }

    @Test
    void aLeadWhoseTerritorysRepsAreAllAwayOrGoneGoesRoundTheRepsHereAndSaysWhy() throws Exception {
        long[] reps = team.onlyReps("TyrolAway", "TyrolGone", "Here");
        long away = reps[0], gone = reps[1], here = reps[2];
        String region = "tyrol-" + run;
        territory(region, away);
        territory(region, gone);
        team.away(away, true);
        team.change(gone, "{\"enabled\": false}");
        long contact = leads.contact("tyrol", "\"region\": \"%s\"".formatted(region));

        JsonNode handoff = leads.toMql(contact);

        assertThat(handoff.get("repId").asLong()).isEqualTo(here);
        assertThat(handoff.get("chosenBy").asString()).isEqualTo("ROUND_ROBIN");
        assertThat(handoff.get("context").asString()).contains("Rep chosen in turn, as every rep of its territory"
                + " (region " + region + ") is away or gone.");
        assertThat(leads.ownerOf(contact)).isEqualTo(here);
    }

    @Test
    void aCountrysTerritoryIsNamedByItsUpperCaseCodeInTheHandOffsContextAndAlertEmailAlsoForARuleKeptInLowerCase()
            throws Exception {
        long away = team.rep("LiAway");
        long gone = team.rep("LiGone");
        String address = "here." + run + "@keepwarm.test";
        long here = team.rep("LiHere", address);
        team.onlyThese(away, gone, here);
        // A rule saved before territories kept a country's code upper case, and one typed in lower case today.
        jdbc.sql("INSERT INTO territories (region, rep_id, created_at) VALUES ('li', ?, ?)")
                .params(away, io.keepwarm.platform.Timestamps.of(clock.instant())).update();
        territories.add(jdbc.sql("SELECT id FROM territories WHERE rep_id = ?").param(away).query(Long.class).single());
        territory("{\"region\": \"li\", \"repId\": %d}".formatted(gone));
        team.away(away, true);
        team.change(gone, "{\"enabled\": false}");
        long contact = leads.contact("vaduz", "\"country\": \"LI\"");

        JsonNode handoff = leads.toMql(contact);

        assertThat(handoff.get("repId").asLong()).isEqualTo(here);
        assertThat(handoff.get("context").asString())
                .contains("Rep chosen in turn, as every rep of its territory (region LI) is away or gone.")
                .doesNotContain("region li");
        List<MimeMessage> emails = Arrays.stream(mail.getReceivedMessages()).filter(m -> to(m).equals(address))
                .toList();
        assertThat(emails).singleElement().satisfies(m -> assertThat((String) m.getContent())
                .contains("is yours (the next rep in turn).",
                        "Rep chosen in turn, as every rep of its territory (region LI) is away or gone.")
                .doesNotContain("region li", "ROUND_ROBIN", "in turn: in turn"));
        assertThat(emails.getFirst().getSentDate().toInstant()).as("dated on Keepwarm's clock, as nurture email is")
                .isEqualTo(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    @Test
    void twoRepsCoveringTheSameTerritoryShareItsLeadsInTurn() throws Exception {
        long[] reps = team.onlyReps("EmeaOne", "EmeaTwo", "Elsewhere");
        long first = reps[0], second = reps[1], elsewhere = reps[2];
        String region = "emea-" + run;
        territory(region, first);
        territory(region, second);
        Map<Long, Integer> perRep = new HashMap<>();
        for (int i = 0; i < 4; i++) {
            JsonNode handoff = leads.toMql(leads.contact("emea" + i, "\"region\": \"%s\"".formatted(region)));
            assertThat(handoff.get("chosenBy").asString()).isEqualTo("TERRITORY");
            perRep.merge(handoff.get("repId").asLong(), 1, Integer::sum);
        }

        assertThat(perRep).as("the second rep on EMEA gets leads too").containsOnlyKeys(first, second)
                .containsEntry(first, 2).containsEntry(second, 2);
    }

    @Test
    void repsWhoseRulesNameOneCountryTwoWaysTakeItsLeadsInTurnAndTheContextSaysSo() throws Exception {
        long[] reps = team.onlyReps("Sam", "Maria");
        long sam = reps[0], maria = reps[1];
        territory("{\"region\": \"Liechtenstein\", \"repId\": %d}".formatted(sam));
        territory("{\"region\": \"LI\", \"repId\": %d}".formatted(maria));
        List<JsonNode> handoffs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            handoffs.add(leads.toMql(leads.contact("schaan" + i, "\"country\": \"LI\"")));
        }

        assertThat(handoffs).extracting(h -> h.get("chosenBy").asString()).containsOnly("TERRITORY");
        assertThat(handoffs).extracting(h -> h.get("repId").asLong()).as("one each, not both to one")
                .containsExactlyInAnyOrder(sam, maria);
        assertThat(handoffs).allSatisfy(h -> assertThat(h.get("context").asString())
                .contains("Rep chosen in turn among ", " and ", "whose territories (region liechtenstein; region LI)"
                        + " fit it alike."));
    }

    @Test
    void withoutOwnerOrTerritoryLeadsGoRoundTheRepsAndSkipThoseAway() throws Exception {
        long[] reps = team.onlyReps("Ann", "Bob", "Cid");
        long ann = reps[0], bob = reps[1], cid = reps[2];
        team.away(cid, true);

        Map<Long, Integer> leadsPerRep = handOffNewContacts(4);

        assertThat(leadsPerRep).containsOnlyKeys(ann, bob).containsEntry(ann, 2).containsEntry(bob, 2);
    }

    @Test
    void leadsTheReadinessRuleMakesTogetherEachGetOneHandoffInTurnWithWhyNowATaskAndAnAlert() throws Exception {
        long[] reps = team.onlyReps("Ann", "Bob");
        long ann = reps[0], bob = reps[1];
        List<Long> contacts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long contact = leads.contact("batch" + i, "");
            leads.move(contact, "NURTURE");
            contacts.add(contact);
        }
        Map<Long, Lifecycle.Move> moves = new HashMap<>();
        contacts.forEach(id -> moves.put(id, new Lifecycle.Move(Stage.MQL, "READINESS_RULE", "score 120 reached 100")));

        assertThat(lifecycle.moveWhereAllowed(moves, ActorType.SYSTEM, "scoring")).hasSize(4);

        Map<Long, Integer> perRep = new HashMap<>();
        for (long contact : contacts) {
            JsonNode items = json(api.get("/api/v1/handoffs?contact=" + contact).andExpect(status().isOk())).get("items");
            assertThat(items).as("one hand-off for contact %d", contact).hasSize(1);
            JsonNode handoff = items.get(0);
            assertThat(handoff.get("state").asString()).isEqualTo("OPEN");
            assertThat(handoff.get("why").asString()).startsWith("Nurture → Marketing-qualified on ")
                    .endsWith("by Keepwarm (scoring): readiness rule (score 120 reached 100)");
            long rep = handoff.get("repId").asLong();
            perRep.merge(rep, 1, Integer::sum);
            assertThat(queueEntry(rep, contact).at("/task/kind").asString()).isEqualTo("HANDOFF");
            assertThat(leads.ownerOf(contact)).isEqualTo(rep);
        }
        assertThat(perRep).containsEntry(ann, 2).containsEntry(bob, 2);
        for (long rep : List.of(ann, bob)) {
            assertThat(json(team.get(rep, "/api/v1/alerts?unread=true")).get("items").valueStream()
                    .filter(a -> contacts.contains(a.get("contactId").asLong()))).hasSize(2);
        }
        assertThat(events.stream(HandoffCreated.class).filter(e -> contacts.contains(e.contactId()))).hasSize(4);
    }

    @Test
    void aRepOfWeightTwoGetsTwiceTheLeadsOfARepOfWeightOne() throws Exception {
        long[] reps = team.onlyReps("Heavy", "Light");
        long heavy = reps[0], light = reps[1];
        team.change(heavy, "{\"weight\": 2}");

        Map<Long, Integer> leadsPerRep = handOffNewContacts(6);

        assertThat(leadsPerRep).containsEntry(heavy, 4).containsEntry(light, 2);
    }

    @Test
    void theRepIsAlertedInTheAppAndByEmailAndGetsATaskWithWhyNowActivityNotesScoreAndContentSeen() throws Exception {
        String address = "rep." + run + "@keepwarm.test";
        long rep = team.rep("Rhea", address);
        team.onlyThese(rep);
        long contact = leads.ownedBy("context", rep);
        String piece = "Cooling guide " + run;
        sendPiece(contact, piece);
        activities.record(List.of(new Activity(contact, ActivityType.PAGE_VIEW, clock.instant(), null,
                "https://example.com/pricing")));
        api.post("/api/v1/contacts/" + contact + "/notes", "{\"body\": \"Asked about liquid cooling at the booth\"}")
                .andExpect(status().isCreated());
        // Below the readiness rule (100): a score over it would make the contact MQL by itself, before the move below.
        scores.set(contact, new Scores.Score(95, "A"));

        JsonNode handoff = leads.toMql(contact);

        JsonNode alert = json(team.get(rep, "/api/v1/alerts?unread=true").andExpect(status().isOk())).at("/items/0");
        assertThat(alert.get("subject").asString()).isEqualTo("New lead: context Lead is ready for sales");
        assertThat(alert.get("contactId").asLong()).isEqualTo(contact);
        // The deadline as the pages say a moment, in the account's zone (UTC in tests), not "Friday 2027-01-08 13:00".
        String due = java.time.format.DateTimeFormatter.ofPattern("EEE d MMMM yyyy, HH:mm", java.util.Locale.ENGLISH)
                .withZone(ZoneOffset.UTC).format(Instant.parse(handoff.get("dueAt").asString())) + " (UTC)";
        assertThat(alert.get("body").asString()).contains("Accept or reject context Lead by " + due + ".")
                .doesNotContain("hand-off " + handoff.get("id").asLong());
        JsonNode task = queueEntry(rep, contact);
        assertThat(task.at("/task/kind").asString()).isEqualTo("HANDOFF");
        assertThat(task.at("/task/priority").asInt()).isEqualTo(90);
        assertThat(task.at("/task/context").asString())
                .contains("Why now: Nurture → Marketing-qualified on", "score (downloaded two white papers, visited pricing twice)")
                .contains("Score at hand-off: 95, grade A")
                .contains("visited https://example.com/pricing")
                .contains("Asked about liquid cooling at the booth")
                .contains("'" + piece + "', article, by email");
        assertThat(handoff.get("context").asString()).isEqualTo(task.at("/task/context").asString());
        List<MimeMessage> emails = Arrays.stream(mail.getReceivedMessages()).filter(m -> to(m).equals(address)).toList();
        assertThat(emails).singleElement().satisfies(m -> {
            assertThat(m.getSubject()).isEqualTo("[Keepwarm] New lead: context Lead is ready for sales");
            assertThat((String) m.getContent()).contains("Asked about liquid cooling at the booth")
                    .as("the deadline, as the alert in the app says it").contains("by " + due + ".")
                    .as("the rep's choice in words, as the app says it").contains("is yours (the contact's owner)")
                    .doesNotContain("OWNER")
                    .as("one click from the email to the lead").containsPattern("Open it in Keepwarm: https?://[^/\\s]+/ui/contacts/"
                            + contact + "(\\s|$)");
        });
        assertThat(alert.get("emailStatus").asString()).isEqualTo("SENT");

        team.post(rep, "/api/v1/alerts/" + alert.get("id").asLong() + "/read", "").andExpect(status().isOk());
        assertThat(json(team.get(rep, "/api/v1/alerts?unread=true")).get("items").valueStream()
                .filter(a -> a.get("id").asLong() == alert.get("id").asLong())).isEmpty();
        long other = team.rep("Other");
        team.post(other, "/api/v1/alerts/" + alert.get("id").asLong() + "/read", "").andExpect(status().isForbidden());
    }

    @Test
    void whyNowSaysWhoMovedTheLeadAndWhyWithoutTheManualCodeAndAClickNamesThePieceItWentTo() throws Exception {
        long rep = team.onlyReps("Rhoda")[0];
        long contact = leads.ownedBy("clicked", rep);
        String name = "Clicked guide " + run;
        long piece = json(api.post("/api/v1/content", """
                {"name": "%s", "type": "WHITE_PAPER", "status": "LIVE", "landingUrl": "https://example.com/cooling",
                 "variants": {"email": {"subject": "A cooling guide", "html": "<p>Hello</p>"}}}""".formatted(name))
                .andExpect(status().isCreated())).get("id").asLong();
        String landing = signedLinks.linksFor(library.get(piece), contact).landingUrl();
        activities.record(List.of(new Activity(contact, ActivityType.EMAIL_CLICKED, clock.instant(), Channel.EMAIL,
                landing)));

        api.post("/api/v1/contacts/" + contact + "/stage", """
                {"to": "MQL", "reasonCode": "MANUAL", "reason": "met at the trade show, ready now"}""")
                .andExpect(status().isOk());

        String context = leads.handoffOf(contact).get("context").asString();
        assertThat(context).containsPattern("Why now: .* → .* on .* by [^:\\n]+ \\(met at the trade show, ready now\\)")
                .contains("clicked the landing page of '" + name + "', white paper")
                .doesNotContain("manual", "MANUAL", "/t/l/");
    }

    @Test
    void acceptingMakesTheContactSqlTakesItOutOfItsProgramsAndClosesTheHandoffTaskForAFirstCall() throws Exception {
        long rep = team.onlyReps("Acceptor")[0];
        long contact = leads.ownedBy("accept", rep);
        long program = api.activeProgram("""
                {"name": "nurture %s", "kind": "SEQUENCE", "steps": [{"type": "wait", "duration": "P90D"},
                  {"type": "task", "text": "check in"}]}""".formatted(run));
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + contact + "]}").andExpect(status().isOk());
        long id = leads.toMql(contact).get("id").asLong();

        JsonNode accepted = json(team.post(rep, "/api/v1/handoffs/" + id + "/accept", "").andExpect(status().isOk()));

        assertThat(accepted.get("state").asString()).isEqualTo("ACCEPTED");
        assertThat(leads.stageOf(contact)).isEqualTo("SQL");
        JsonNode enrollment = json(api.get("/api/v1/programs/" + program + "/enrollments")).at("/items/0");
        assertThat(enrollment.get("status").asString()).isEqualTo("EXITED");
        assertThat(enrollment.get("endReason").asString()).isEqualTo("ENTERED_SQL");
        assertThat(queue(rep).stream().filter(e -> e.at("/task/contactId").asLong() == contact)
                .map(e -> e.at("/task/kind").asString())).as("the hand-off task closed, the program's task cancelled")
                .containsExactly("FIRST_CALL");
        assertThat(events.stream(HandoffAccepted.class).filter(e -> e.handoffId() == id)).hasSize(1);
        team.post(rep, "/api/v1/handoffs/" + id + "/accept", "").andExpect(status().isConflict());
    }

    @Test
    void acceptingALeadLeavesTheRepTheFirstCallDueNowWithTheHandoffsContext() throws Exception {
        long rep = team.onlyReps("Caller")[0];
        weekdayMorning();
        long contact = leads.ownedBy("first-call", rep);
        JsonNode handoff = leads.toMql(contact);
        long id = handoff.get("id").asLong();

        JsonNode accepted = json(team.post(rep, "/api/v1/handoffs/" + id + "/accept", "").andExpect(status().isOk()));

        JsonNode call = queueEntry(rep, contact);
        assertThat(call.at("/task/kind").asString()).isEqualTo("FIRST_CALL");
        assertThat(call.at("/task/title").asString()).isEqualTo("First call after hand-off");
        assertThat(call.at("/task/context").asString()).isEqualTo(handoff.get("context").asString());
        assertThat(Instant.parse(call.at("/task/dueAt").asString())).isEqualTo(clock.instant());
        assertThat(call.get("callableNow").asBoolean()).as("a weekday morning in the contact's zone").isTrue();
        assertThat(accepted.get("firstCallTaskId").asLong()).isEqualTo(call.at("/task/id").asLong());
        assertThat(accepted.get("firstCall").asString()).as("the call named, not its task id")
                .isEqualTo("First call after hand-off, due now within the contact's calling hours");
        assertThat(handoffTask(id).get("status").asString()).isEqualTo("DONE");
    }

    @Test
    void acceptingALeadWhoMayNotBeCalledGivesNoFirstCallAndTheAnswerSaysWhy() throws Exception {
        long rep = team.onlyReps("Quiet")[0];
        long contact = leads.ownedBy("no-phone-calls", rep);
        long id = leads.toMql(contact).get("id").asLong();
        api.patch("/api/v1/contacts/" + contact, "{\"doNotContact\": [\"PHONE\"]}").andExpect(status().isOk());

        JsonNode accepted = json(team.post(rep, "/api/v1/handoffs/" + id + "/accept", "").andExpect(status().isOk()));

        assertThat(accepted.hasNonNull("firstCallTaskId")).isFalse();
        assertThat(accepted.get("firstCall").asString()).contains("may not be called", "do not contact by phone");
        assertThat(queue(rep)).noneMatch(e -> e.at("/task/contactId").asLong() == contact);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM tasks WHERE contact_id = ? AND kind <> 'HANDOFF'").param(contact)
                .query(Long.class).single()).as("no call made only for the queue to hide it").isZero();
    }

    @Test
    void aRepCannotDecideOrListAnotherRepsHandoffButAMarketerCan() throws Exception {
        long[] reps = team.onlyReps("Ann", "Bob");
        long ann = reps[0], bob = reps[1];
        long id = leads.toMql(leads.ownedBy("guarded", ann)).get("id").asLong();
        long bobs = leads.toMql(leads.ownedBy("bobs", bob)).get("id").asLong();

        JsonNode refused = json(team.post(bob, "/api/v1/handoffs/" + id + "/accept", "").andExpect(status().isForbidden()));
        team.post(bob, "/api/v1/handoffs/" + id + "/reject", "{\"reason\": \"NO_BUDGET\"}").andExpect(status().isForbidden());
        team.get(bob, "/api/v1/handoffs?rep=" + ann).andExpect(status().isForbidden());

        assertThat(refused.get("title").asString()).isEqualTo("Forbidden");
        assertThat(refused.get("detail").asString()).contains("Hand-off " + id, "a rep acts only on their own");
        assertThat(json(team.get(bob, "/api/v1/handoffs")).get("items").valueStream().map(h -> h.get("id").asLong()))
                .as("a rep's list is their own").contains(bobs).doesNotContain(id);
        assertThat(leads.handoff(id).get("state").asString()).isEqualTo("OPEN");
        api.as(Role.MARKETER, MockMvcRequestBuilders.post("/api/v1/handoffs/" + id + "/accept")).andExpect(status().isOk());
        assertThat(leads.handoff(id).get("state").asString()).isEqualTo("ACCEPTED");
    }

    @Test
    void rejectingNeedsAReasonAndSendsTheLeadBackToNurtureWithTheSameOwner() throws Exception {
        long rep = team.onlyReps("Rejector")[0];
        long contact = leads.ownedBy("reject", rep);
        long id = leads.toMql(contact).get("id").asLong();

        assertThat(unreadAbout(rep, contact)).as("accept or reject it, the alert asks").isNotEmpty();
        JsonNode missing = json(team.post(rep, "/api/v1/handoffs/" + id + "/reject", "{}").andExpect(status().isBadRequest()));
        JsonNode other = json(team.post(rep, "/api/v1/handoffs/" + id + "/reject", "{\"reason\": \"OTHER\"}")
                .andExpect(status().isBadRequest()));
        JsonNode both = json(team.post(rep, "/api/v1/handoffs/" + id + "/reject", """
                {"reason": "OTHER", "readyOn": "%s"}""".formatted(clock.instant().atZone(ZoneOffset.UTC).toLocalDate()
                .minusDays(1))).andExpect(status().isBadRequest()));
        String readyOn = clock.instant().atZone(ZoneOffset.UTC).toLocalDate().plusMonths(4).toString();
        JsonNode rejected = json(team.post(rep, "/api/v1/handoffs/" + id + "/reject", """
                {"reason": "NOT_READY", "note": "Budget opens in Q3", "readyOn": "%s"}""".formatted(readyOn))
                .andExpect(status().isOk()));

        assertThat(missing.at("/errors/0/field").asString()).isEqualTo("reason");
        assertThat(other.at("/errors/0/field").asString()).isEqualTo("note");
        assertThat(both.get("errors").findValuesAsString("field")).as("every mistake on one try")
                .containsExactly("note", "readyOn");
        assertThat(rejected.get("state").asString()).isEqualTo("REJECTED");
        assertThat(rejected.get("rejectReason").asString()).isEqualTo("NOT_READY");
        assertThat(unreadAbout(rep, contact)).as("decided: nothing left to ask").isEmpty();
        assertThat(leads.stageOf(contact)).isEqualTo("NURTURE");
        assertThat(leads.ownerOf(contact)).as("the same caller next time").isEqualTo(rep);
        JsonNode stage = json(api.get("/api/v1/contacts/" + contact + "/stage"));
        assertThat(stage.at("/readiness/readyOn").asString()).isEqualTo(readyOn);
        JsonNode move = json(api.get("/api/v1/contacts/" + contact + "/stage-history")).at("/transitions/1");
        assertThat(move.get("reasonCode").asString()).isEqualTo("REJECTED_NOT_READY");
        assertThat(move.get("reason").asString()).contains("NOT_READY", "Budget opens in Q3");
        assertThat(events.stream(HandoffRejected.class).filter(e -> e.handoffId() == id)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo(RejectReason.NOT_READY))
                .satisfies(e -> assertThat(e.repId()).isEqualTo(rep));
    }

    @Test
    void aLeadAcceptedLaterLosesTheReadyDateItsEarlierRejectionSetSoItIsNeverSurfacedAsReadyAgain() throws Exception {
        long rep = team.onlyReps("Later")[0];
        long contact = leads.ownedBy("later", rep);
        long first = leads.toMql(contact).get("id").asLong();
        String readyOn = clock.instant().atZone(ZoneOffset.UTC).toLocalDate().plusMonths(4).toString();
        team.post(rep, "/api/v1/handoffs/" + first + "/reject", """
                {"reason": "NOT_READY", "note": "Budget opens in Q3", "readyOn": "%s"}""".formatted(readyOn))
                .andExpect(status().isOk());
        long second = leads.toMql(contact).get("id").asLong();

        team.post(rep, "/api/v1/handoffs/" + second + "/accept", "{}").andExpect(status().isOk());

        assertThat(leads.stageOf(contact)).isEqualTo("SQL");
        assertThat(json(api.get("/api/v1/contacts/" + contact + "/stage")).path("readiness").isMissingNode()
                || json(api.get("/api/v1/contacts/" + contact + "/stage")).path("readiness").isNull())
                .as("no 'expected ready on' left for a lead sales took on").isTrue();
    }

    @Test
    void aLeadRejectedAsTheWrongPersonIsDisqualifiedAndGetsNothingMoreFromItsProgramsOrTheirCalls() throws Exception {
        long rep = team.onlyReps("Picky")[0];
        long contact = leads.ownedBy("wrong", rep);
        long stream = inAStreamWithTwoPieces(contact);
        long sequence = inASequenceWithTwoTasks(contact);
        long id = leads.toMql(contact).get("id").asLong();

        team.post(rep, "/api/v1/handoffs/" + id + "/reject", "{\"reason\": \"WRONG_PERSON\"}").andExpect(status().isOk());

        assertThat(leads.stageOf(contact)).isEqualTo("DISQUALIFIED");
        for (long program : List.of(stream, sequence)) {
            JsonNode enrollment = enrollmentOf(program, contact);
            assertThat(enrollment.get("status").asString()).isEqualTo("EXITED");
            assertThat(enrollment.get("endReason").asString()).isEqualTo("ENTERED_DISQUALIFIED");
        }
        assertThat(queue(rep)).as("no program call left for a disqualified contact")
                .noneMatch(e -> e.at("/task/contactId").asLong() == contact);
        clock.advance(Duration.ofDays(40));
        engine.tick();
        assertThat(sentTo(contact)).as("the stream's second piece never goes").hasSize(1);
    }

    @Test
    void acceptingALeadTakesItsProgramTasksOutOfTheRepsQueueButKeepsTheCallBackTheRepBooked() throws Exception {
        long rep = team.onlyReps("Keeper")[0];
        long contact = leads.ownedBy("callback", rep);
        inASequenceWithTwoTasks(contact);
        List<JsonNode> programTasks = queue(rep).stream().filter(e -> e.at("/task/contactId").asLong() == contact).toList();
        assertThat(programTasks).hasSize(2);
        String callBackAt = clock.instant().plus(Duration.ofDays(2)).toString();
        team.post(rep, "/api/v1/tasks/" + programTasks.get(0).at("/task/id").asLong() + "/complete", """
                {"outcome": "VOICEMAIL", "callBackAt": "%s"}""".formatted(callBackAt)).andExpect(status().isOk());
        long id = leads.toMql(contact).get("id").asLong();

        team.post(rep, "/api/v1/handoffs/" + id + "/accept", "").andExpect(status().isOk());

        assertThat(queue(rep).stream().filter(e -> e.at("/task/contactId").asLong() == contact)
                .map(e -> e.at("/task/kind").asString())).as("the call-back agreed with them is the first call")
                .containsExactly("CALL_BACK");
        assertThat(leads.handoff(id).get("firstCall").asString()).as("the call-back's time in words, not an instant or a"
                + " task id").isEqualTo("No first call: the call-back booked for " + io.keepwarm.platform.Days.at(
                        Instant.parse(callBackAt), zones.accountZone()) + " is the next call");
        JsonNode dropped = json(api.get("/api/v1/tasks/" + programTasks.get(1).at("/task/id").asLong()));
        assertThat(dropped.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(dropped.get("outcomeNote").asString()).isEqualTo("Left nurture: moved to SQL");
    }

    @Test
    void aRepWhoMovesTheirLeadToSqlAcceptsItAsTheAcceptButtonWouldAndTheReportCountsIt() throws Exception {
        long rep = team.onlyReps("Mover")[0];
        clock.advance(Duration.ofMinutes(1));
        Instant since = clock.instant();
        long contact = leads.ownedBy("moved-to-sql", rep);
        long stream = inAStreamWithTwoPieces(contact);
        long id = leads.toMql(contact).get("id").asLong();

        team.post(rep, "/api/v1/contacts/" + contact + "/stage", "{\"to\": \"SQL\", \"reason\": \"Called, budget approved\"}")
                .andExpect(status().isOk());

        assertThat(leads.handoff(id).get("state").asString()).isEqualTo("ACCEPTED");
        assertThat(events.stream(HandoffAccepted.class).filter(e -> e.handoffId() == id)).hasSize(1);
        assertThat(enrollmentOf(stream, contact).get("endReason").asString()).isEqualTo("ENTERED_SQL");
        assertThat(queue(rep).stream().filter(e -> e.at("/task/contactId").asLong() == contact)
                .map(e -> e.at("/task/kind").asString())).as("the hand-off task closed for the first call")
                .containsExactly("FIRST_CALL");
        JsonNode mine = json(api.get("/api/v1/handoffs/report?since=" + since)).get("byRep").valueStream()
                .filter(r -> r.get("repId").asLong() == rep).findFirst().orElseThrow();
        assertThat(mine.get("accepted").asLong()).isEqualTo(1);
        assertThat(mine.get("cancelled").asLong()).isZero();
    }

    @Test
    void movingALeadOutOfMqlAnywhereButSqlNeedsARejectReasonFromTheListWhichTheReportCounts() throws Exception {
        long rep = team.onlyReps("Chooser")[0];
        clock.advance(Duration.ofMinutes(1));
        Instant since = clock.instant();
        long back = leads.ownedBy("back-to-nurture", rep);
        long wrong = leads.ownedBy("wrong-person", rep);
        long backId = leads.toMql(back).get("id").asLong();
        long wrongId = leads.toMql(wrong).get("id").asLong();
        String stage = "/api/v1/contacts/%d/stage";

        JsonNode freeText = json(team.post(rep, stage.formatted(back), "{\"to\": \"NURTURE\", \"reason\": \"meh\"}")
                .andExpect(status().isBadRequest()));
        JsonNode noCode = json(team.post(rep, stage.formatted(wrong), "{\"to\": \"DISQUALIFIED\"}")
                .andExpect(status().isBadRequest()));
        JsonNode mismatch = json(team.post(rep, stage.formatted(wrong), "{\"to\": \"DISQUALIFIED\", \"reasonCode\": \"NOT_READY\"}")
                .andExpect(status().isBadRequest()));
        JsonNode otherWithoutNote = json(team.post(rep, stage.formatted(back), "{\"to\": \"RECYCLED\", \"reasonCode\": \"OTHER\"}")
                .andExpect(status().isBadRequest()));

        assertThat(freeText.at("/errors/0/field").asString()).isEqualTo("reasonCode");
        assertThat(freeText.at("/errors/0/message").asString()).contains("NOT_READY", "WRONG_PERSON",
                "POST /api/v1/handoffs/" + backId + "/reject");
        assertThat(noCode.at("/errors/0/message").asString()).contains("is required", "/api/v1/handoffs/" + wrongId + "/reject");
        assertThat(mismatch.at("/errors/0/message").asString()).contains("NOT_READY sends the lead back to nurture");
        assertThat(otherWithoutNote.at("/errors/0/field").asString()).isEqualTo("note");
        assertThat(leads.stageOf(back)).isEqualTo("MQL");
        assertThat(leads.handoff(backId).get("state").asString()).isEqualTo("OPEN");

        team.post(rep, stage.formatted(back), "{\"to\": \"NURTURE\", \"reasonCode\": \"NO_BUDGET\", \"reason\": \"frozen till Q3\"}")
                .andExpect(status().isOk());
        team.post(rep, stage.formatted(wrong), "{\"to\": \"DISQUALIFIED\", \"reasonCode\": \"WRONG_PERSON\"}")
                .andExpect(status().isOk());

        JsonNode rejected = leads.handoff(backId);
        assertThat(rejected.get("state").asString()).isEqualTo("REJECTED");
        assertThat(rejected.get("rejectReason").asString()).isEqualTo("NO_BUDGET");
        assertThat(rejected.get("note").asString()).isEqualTo("frozen till Q3");
        assertThat(leads.handoff(wrongId).get("rejectReason").asString()).isEqualTo("WRONG_PERSON");
        assertThat(leads.stageOf(back)).isEqualTo("NURTURE");
        assertThat(leads.stageOf(wrong)).isEqualTo("DISQUALIFIED");
        JsonNode report = json(api.get("/api/v1/handoffs/report?since=" + since));
        assertThat(report.at("/rejectedByReason/NO_BUDGET").asLong()).isEqualTo(1);
        assertThat(report.at("/rejectedByReason/WRONG_PERSON").asLong()).isEqualTo(1);
        assertThat(events.stream(HandoffRejected.class).filter(e -> e.handoffId() == backId || e.handoffId() == wrongId))
                .hasSize(2);
    }

    @Test
    void aProgramStepOrATriggerLeavesALeadWithItsRepAndSaysWhyItWasPassedOver() throws Exception {
        long rep = team.onlyReps("Holder")[0];
        long contact = leads.ownedBy("held", rep);
        long id = leads.toMql(contact).get("id").asLong();
        long program = api.activeProgram("""
                {"name": "tidy up %s", "kind": "SEQUENCE", "steps": [{"type": "setStage", "stage": "NURTURE"},
                  {"type": "addTag", "tag": "tidied-%s"}]}""".formatted(run, run));
        long trigger = json(api.post("/api/v1/triggers", """
                {"name": "disqualify %1$s", "when": {"type": "tagAdded", "tag": "tidied-%1$s"},
                 "actions": [{"type": "changeStage", "to": "DISQUALIFIED"}, {"type": "addTag", "tag": "seen-%1$s"}]}"""
                .formatted(run)).andExpect(status().isCreated())).get("id").asLong();
        try {
            api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + contact + "]}")
                    .andExpect(status().isOk());

            engine.tick();
            triggerJobs.cues();

            assertThat(leads.stageOf(contact)).isEqualTo("MQL");
            assertThat(leads.handoff(id).get("state").asString()).isEqualTo("OPEN");
            assertThat(queue(rep)).anyMatch(e -> e.at("/task/contactId").asLong() == contact);
            JsonNode passedOver = json(api.get("/api/v1/audit?entityType=program&entityId=" + program)).get("items")
                    .valueStream().filter(a -> a.get("action").asString().equals("PROGRAM_STEP_PASSED_OVER"))
                    .findFirst().orElseThrow();
            JsonNode hold = JsonMapper.shared().readTree(passedOver.get("details").asString());
            assertThat(hold.get("handoffId").asLong()).as("the hold by its hand-off and rep").isEqualTo(id);
            assertThat(hold.get("repId").asLong()).isEqualTo(rep);
            assertThat(passedOver.get("actor").asString()).as("the program passed it over, not whoever ran the engine")
                    .isEqualTo("program:" + program);
            assertThat(actorOf(contact, "TAGS_ADDED", "tidied-" + run)).isEqualTo("program:" + program);
            assertThat(actorOf(contact, "TAGS_ADDED", "seen-" + run)).as("the trigger's action is the trigger's")
                    .isEqualTo("trigger:" + trigger);
            Elements byProgram = auditRows("program:" + program);
            assertThat(byProgram.eachText()).as("the audit page names the program and counts steps from 1").anySatisfy(
                    row -> assertThat(row).contains("program 'tidy up " + run + "' program step passed over",
                            "step: 1", "set stage: Nurture", "contact: held Lead",
                            "why: a lead in sales' hands: the hand-off is open with Holder, who accepts or rejects it")
                            .doesNotContain("hand-off " + id, "user " + rep, "/api/v1/"))
                    .anySatisfy(row -> assertThat(row).contains("program 'tidy up " + run + "' tags added contact held"
                            + " Lead", "tidied-" + run));
            assertThat(byProgram.select("a[href=/ui/contacts/" + contact + "]")).as("the contact's page").isNotEmpty();
            assertThat(auditRows("trigger:" + trigger).eachText()).anySatisfy(row -> assertThat(row)
                    .contains("trigger 'disqualify " + run + "' tags added contact held Lead", "seen-" + run));
            JsonNode firing = json(api.get("/api/v1/contacts/" + contact + "/trigger-firings")).get("items").valueStream()
                    .filter(f -> f.get("triggerId").asLong() == trigger).findFirst().orElseThrow();
            assertThat(firing.at("/actions/0/outcome").asString()).isEqualTo("SKIPPED");
            assertThat(firing.at("/actions/0/detail").asString()).isEqualTo("not moved to Disqualified");
            assertThat(firing.at("/actions/0/held/handoffId").asLong()).as("the hold by its hand-off and rep").isEqualTo(id);
            assertThat(firing.at("/actions/0/held/repId").asLong()).isEqualTo(rep);
            String held = "change stage: skipped (not moved to Disqualified: a lead in sales' hands: the hand-off is open"
                    + " with Holder, who accepts or rejects it)";
            saysTheHoldInWords(trigger, contact, held, id, rep);
            // As a firing recorded it before holds were kept by their hand-off and rep: the API's sentence.
            jdbc.sql("UPDATE trigger_action_results SET detail = ?, held_handoff_id = NULL, held_rep_id = NULL"
                            + " WHERE firing_id = ? AND position = 0")
                    .params("not moved to Disqualified: contact " + contact + " is a lead in sales' hands: hand-off " + id
                            + " is open with Holder (user " + rep + "), who accepts or rejects it (POST /api/v1/handoffs/"
                            + id + "/accept or /reject)", firing.get("id").asLong()).update();
            saysTheHoldInWords(trigger, contact, held, id, rep);
            assertThat(firing.at("/actions/1/outcome").asString()).as("the trigger's other actions still run")
                    .isEqualTo("DONE");
        } finally {
            triggers.setStatus(trigger, io.keepwarm.trigger.Trigger.Status.PAUSED);
        }
    }

    /** The trigger's page and the contact's timeline say the hold in words, the rep by name, without ids or calls. */
    private void saysTheHoldInWords(long trigger, long contact, String held, long handoffId, long rep) throws Exception {
        for (String page : List.of("/ui/triggers/" + trigger, "/ui/contacts/" + contact)) {
            String text = Jsoup.parse(api.mvc().perform(MockMvcRequestBuilders.get(page).with(
                            org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                                    .user(api.sessionUser(Role.ADMIN)).roles("ADMIN")))
                    .andReturn().getResponse().getContentAsString()).text();
            assertThat(text).as("%s says the hold in words, as the audit page does", page).contains(held)
                    .doesNotContain("hand-off " + handoffId, "user " + rep, "/api/v1/handoffs/");
        }
    }

    /** Who the audit log says made the contact's newest change of this action whose details mention the text. */
    private String actorOf(long contact, String action, String mentioning) throws Exception {
        return json(api.get("/api/v1/audit?entityType=contact&entityId=" + contact + "&limit=100")).get("items")
                .valueStream().filter(a -> a.get("action").asString().equals(action)
                        && a.get("details").toString().contains(mentioning))
                .findFirst().orElseThrow().get("actor").asString();
    }

    /** The audit page's rows of one actor, as an admin reads them. */
    private Elements auditRows(String actor) throws Exception {
        return auditRows(MockMvcRequestBuilders.get("/ui/settings/audit").param("actor", actor));
    }

    /** The audit page's rows of one actor's entries of one action on one day (the account's zone: UTC in tests). */
    private Elements auditRows(String actor, String action, java.time.LocalDate on) throws Exception {
        return auditRows(MockMvcRequestBuilders.get("/ui/settings/audit").param("actor", actor).param("action", action)
                .param("from", on.toString()).param("to", on.toString()));
    }

    private Elements auditRows(MockHttpServletRequestBuilder page) throws Exception {
        return Jsoup.parse(api.mvc().perform(page.with(org.springframework.security.test.web.servlet.request
                        .SecurityMockMvcRequestPostProcessors.user(api.sessionUser(Role.ADMIN)).roles("ADMIN")))
                .andReturn().getResponse().getContentAsString()).select("#audit tbody tr");
    }

    @Test
    void theReportCountsEachRepsHandoffsAndTheRejectionsByReason() throws Exception {
        long[] reps = team.onlyReps("Ann", "Bob");
        long ann = reps[0], bob = reps[1];
        clock.advance(Duration.ofMinutes(1));
        Instant since = clock.instant();
        reject(ann, leads.toMql(leads.ownedBy("r1", ann)).get("id").asLong(), "NOT_READY");
        reject(ann, leads.toMql(leads.ownedBy("r2", ann)).get("id").asLong(), "NO_BUDGET");
        reject(bob, leads.toMql(leads.ownedBy("r3", bob)).get("id").asLong(), "NOT_READY");
        leads.toMql(leads.ownedBy("r4", bob));

        JsonNode report = json(api.get("/api/v1/handoffs/report?since=" + since).andExpect(status().isOk()));

        assertThat(report.at("/rejectedByReason/NOT_READY").asLong()).isEqualTo(2);
        assertThat(report.at("/rejectedByReason/NO_BUDGET").asLong()).isEqualTo(1);
        JsonNode annRow = report.get("byRep").valueStream().filter(r -> r.get("repId").asLong() == ann).findFirst().orElseThrow();
        JsonNode bobRow = report.get("byRep").valueStream().filter(r -> r.get("repId").asLong() == bob).findFirst().orElseThrow();
        assertThat(annRow.get("rep").asString()).isEqualTo("Ann");
        assertThat(annRow.get("rejected").asLong()).isEqualTo(2);
        assertThat(annRow.at("/rejectedByReason/NO_BUDGET").asLong()).isEqualTo(1);
        assertThat(bobRow.get("rejected").asLong()).isEqualTo(1);
        assertThat(bobRow.get("open").asLong()).isEqualTo(1);
        assertThat(json(api.get("/api/v1/handoffs?state=REJECTED&rep=" + ann)).get("items").valueStream()
                .map(h -> h.get("rejectReason").asString())).contains("NOT_READY", "NO_BUDGET");
    }

    @Test
    void anOverdueHandoffEscalatesToTheManagerOnceAfterTwentyFourWorkingHoursNotOverTheWeekend() throws Exception {
        long manager = team.user("Mona", "MARKETER", null);
        long rep = team.onlyReps("Slow")[0];
        team.manages(manager, rep);
        Instant friday = clock.set(clock.instant().atZone(ZoneOffset.UTC).toLocalDate()
                .with(TemporalAdjusters.next(DayOfWeek.FRIDAY)).atTime(12, 0).toInstant(ZoneOffset.UTC));
        long contact = leads.ownedBy("overdue", rep);
        JsonNode handoff = leads.toMql(contact);
        long id = handoff.get("id").asLong();
        Instant monday = friday.plus(Duration.ofDays(3));
        assertThat(Instant.parse(handoff.get("dueAt").asString())).as("Friday 12:00 + 24 working hours").isEqualTo(monday);

        clock.set(friday.plus(Duration.ofDays(1)));
        assertThat(job.run().escalated()).as("Saturday noon: 24 hours, but not working hours").doesNotContain(id);
        clock.set(monday.minusSeconds(60));
        assertThat(job.run().escalated()).doesNotContain(id);
        clock.set(monday);
        assertThat(job.run().escalated()).contains(id);
        clock.advance(Duration.ofHours(23));
        assertThat(job.run().reminded()).as("escalated once").doesNotContain(id);
        clock.advance(Duration.ofHours(1));
        HandoffJob.Report dayLater = job.run();
        assertThat(dayLater.escalated()).doesNotContain(id);
        assertThat(dayLater.reminded()).as("a day on, still waiting: the manager hears again").contains(id);
        assertThat(job.run().reminded()).as("once a day").doesNotContain(id);
        assertThat(alertsAbout(manager, contact)).extracting(a -> a.get("subject").asString())
                .containsOnlyOnce("Still overdue: overdue Lead waits for Slow");

        List<JsonNode> alerts = alertsAbout(manager, contact).stream()
                .filter(a -> a.get("subject").asString().startsWith("Overdue hand-off")).toList();
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.get("subject").asString()).isEqualTo("Overdue hand-off: overdue Lead waits for Slow");
            assertThat(a.get("body").asString()).contains("Slow has neither accepted nor rejected overdue Lead within 24"
                    + " hours (weekends not counted)").doesNotContain("hand-off " + id);
        });
        JsonNode escalated = leads.handoff(id);
        assertThat(escalated.get("escalation").asString()).isEqualTo("ESCALATED");
        assertThat(escalated.get("overdue").asBoolean()).isTrue();
        assertThat(escalated.get("repId").asLong()).as("escalation leaves the lead with its rep").isEqualTo(rep);
        String timeline = org.jsoup.Jsoup.parse(api.mvc().perform(
                org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/ui/contacts/" + contact)
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                                .user(api.sessionUser(io.keepwarm.identity.Role.MARKETER)).roles("MARKETER")))
                .andReturn().getResponse().getContentAsString()).getElementById("timeline").text();
        assertThat(timeline).as("the contact's timeline says so too").containsOnlyOnce("Hand-off overdue: escalated to Mona");
        // The escalation's day only: the shared clock may have carried other tests' system entries past it.
        java.time.LocalDate escalatedOn = monday.atZone(java.time.ZoneOffset.UTC).toLocalDate();
        org.jsoup.nodes.Element logged = auditRows("system", "HANDOFF_ESCALATED", escalatedOn).stream()
                .filter(row -> row.attr("data-action").equals("HANDOFF_ESCALATED")
                        && row.child(3).select("a").attr("href").equals("/ui/contacts/" + contact))
                .findFirst().orElseThrow();
        assertThat(logged.select("small.details").text().split(" · ")).as("the audit log says which hand-off as the"
                + " alert does, by its contact").containsExactlyInAnyOrder("hand-off of overdue Lead", "manager: Mona");
        assertThat(logged.select("small.details a").attr("href")).isEqualTo("/ui/contacts/" + contact);
    }

    @Test
    void theManagerIsRemindedOfAnOverdueLeadOncePerWorkingDayAndNotAtTheWeekend() throws Exception {
        long manager = team.user("Mona", "MARKETER", null);
        long rep = team.onlyReps("Slow")[0];
        team.manages(manager, rep);
        Instant wednesday = clock.set(clock.instant().atZone(ZoneOffset.UTC).toLocalDate()
                .with(TemporalAdjusters.next(DayOfWeek.WEDNESDAY)).atTime(12, 0).toInstant(ZoneOffset.UTC));
        long contact = leads.ownedBy("lapsed", rep);
        long id = leads.toMql(contact).get("id").asLong();
        Instant thursday = wednesday.plus(Duration.ofDays(1));
        clock.set(thursday);
        assertThat(job.run().escalated()).contains(id);
        clock.set(thursday.plus(Duration.ofDays(1)));
        assertThat(job.run().reminded()).as("Friday noon, a working day on").contains(id);
        clock.advance(Duration.ofDays(1));
        assertThat(job.run().reminded()).as("Saturday: no working day").doesNotContain(id);
        clock.advance(Duration.ofDays(1));
        assertThat(job.run().reminded()).as("Sunday: no working day").doesNotContain(id);
        Instant monday = thursday.plus(Duration.ofDays(4));
        clock.set(monday.minusSeconds(60));
        assertThat(job.run().reminded()).as("Monday morning: Friday's reminder is not a working day old")
                .doesNotContain(id);
        clock.set(monday);
        assertThat(job.run().reminded()).as("Monday noon").contains(id);
        assertThat(alertsAbout(manager, contact)).extracting(a -> a.get("subject").asString())
                .filteredOn(s -> s.startsWith("Still overdue")).hasSize(2);
    }

    @Test
    void aReminderMissedOnFridayWaitsForMondayRatherThanGoingOutAtTheWeekend() throws Exception {
        long manager = team.user("Mona", "MARKETER", null);
        long rep = team.onlyReps("Slow")[0];
        team.manages(manager, rep);
        Instant wednesday = clock.set(clock.instant().atZone(ZoneOffset.UTC).toLocalDate()
                .with(TemporalAdjusters.next(DayOfWeek.WEDNESDAY)).atTime(12, 0).toInstant(ZoneOffset.UTC));
        long id = leads.toMql(leads.ownedBy("lapsed", rep)).get("id").asLong();
        clock.set(wednesday.plus(Duration.ofDays(1)));
        assertThat(job.run().escalated()).contains(id);
        clock.set(wednesday.plus(Duration.ofDays(3)));
        assertThat(job.run().reminded()).as("Saturday noon, the job having not run on Friday").doesNotContain(id);
        clock.set(wednesday.plus(Duration.ofDays(5)).minus(Duration.ofHours(11)));
        assertThat(job.run().reminded()).as("Monday, 01:00").contains(id);
    }

    @Test
    void anOverdueLeadWhoseRepsManagerHasLeftIsNotEscalatedIntoTheVoidAndALeaverCannotBecomeAManager() throws Exception {
        long manager = team.user("Gone", "MARKETER", null);
        long rep = team.onlyReps("Slow")[0];
        team.manages(manager, rep);
        team.change(manager, "{\"enabled\": false}");
        long contact = leads.ownedBy("orphaned", rep);
        long id = leads.toMql(contact).get("id").asLong();

        clock.advance(Duration.ofDays(7));

        assertThat(job.run().withoutManager()).contains(id);
        assertThat(leads.handoff(id).get("escalation").asString()).isEqualTo("NO_MANAGER");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM alerts WHERE user_id = ?").param(manager).query(Long.class).single())
                .as("no alert for someone who cannot sign in").isZero();
        long other = team.rep("Other");
        api.patch("/api/v1/users/" + other, "{\"managerId\": " + manager + "}").andExpect(status().isBadRequest());
    }

    @Test
    void anOverdueLeadOfARepWithoutAManagerAlertsTheAdminsInTheAppAndByEmailNamingTheMissingManager() throws Exception {
        String address = "admin." + run + "@keepwarm.test";
        long admin = team.user("Ada", "ADMIN", address);
        long rep = team.onlyReps("Lone")[0];
        long contact = leads.ownedBy("unmanaged", rep);
        long id = leads.toMql(contact).get("id").asLong();

        clock.advance(Duration.ofDays(7));

        assertThat(job.run().withoutManager()).contains(id);
        assertThat(leads.handoff(id).get("escalation").asString()).isEqualTo("NO_MANAGER");
        assertThat(alertsAbout(admin, contact)).singleElement().satisfies(a -> {
            assertThat(a.get("subject").asString()).isEqualTo("Overdue hand-off: unmanaged Lead waits for Lone, who has"
                    + " no manager to alert");
            assertThat(a.get("body").asString()).contains("Lone has no manager set", "set Lone's manager");
            assertThat(a.get("emailStatus").asString()).isEqualTo("SENT");
        });
        assertThat(Arrays.stream(mail.getReceivedMessages()).filter(m -> to(m).equals(address)))
                .singleElement().satisfies(m -> assertThat(m.getSubject()).contains("Overdue hand-off: unmanaged Lead"));
        assertThat(job.run().withoutManager()).as("once").doesNotContain(id);
        assertThat(alertsAbout(admin, contact)).hasSize(1);
    }

    @Test
    void anOverdueLeadOfARepWhoseManagersLoopBackToThemGoesToTheAdminsNamingTheLoopNotToTheRepOrRoundIt()
            throws Exception {
        long admin = team.user("Ada", "ADMIN", null);
        long looped = team.rep("Looped");
        long boss = team.rep("Boss");
        long self = team.rep("Self");
        team.onlyThese(looped, boss, self);
        // Saved before such changes were refused (session 36), so written to the table as the API no longer allows.
        jdbc.sql("UPDATE users SET manager_id = CASE id WHEN :l THEN :b WHEN :b THEN :l ELSE :s END WHERE id IN (:ids)")
                .param("l", looped).param("b", boss).param("s", self).param("ids", List.of(looped, boss, self)).update();
        try {
            long loopedLead = leads.ownedBy("looped", looped);
            long selfLead = leads.ownedBy("self", self);
            List<Long> ids = List.of(leads.toMql(loopedLead).get("id").asLong(), leads.toMql(selfLead).get("id").asLong());

            clock.advance(Duration.ofDays(7));

            assertThat(job.run().withoutManager()).containsAll(ids);
            assertThat(alertsAbout(boss, loopedLead)).as("Boss is Looped's own report as much as their manager").isEmpty();
            assertThat(alertsAbout(self, selfLead)).as("never to the rep themselves").extracting(a -> a.get("subject")
                    .asString()).containsExactly("New lead: self Lead is ready for sales");
            assertThat(alertsAbout(admin, loopedLead)).singleElement().satisfies(a -> {
                assertThat(a.get("subject").asString()).as("the loop, not a missing manager").isEqualTo(
                        "Overdue hand-off: looped Lead waits for Looped, whose managers loop back to them");
                assertThat(a.get("body").asString()).contains("Looped's managers loop back to them (Looped is managed by"
                        + " Boss, who is managed by Looped)", "set Looped's manager");
            });
            assertThat(alertsAbout(admin, selfLead)).singleElement().satisfies(a -> assertThat(a.get("body").asString())
                    .contains("Self's managers loop back to them (Self is managed by Self)"));
            String timeline = org.jsoup.Jsoup.parse(api.mvc().perform(MockMvcRequestBuilders.get("/ui/contacts/"
                            + loopedLead).with(org.springframework.security.test.web.servlet.request
                            .SecurityMockMvcRequestPostProcessors.user(api.sessionUser(Role.MARKETER)).roles("MARKETER")))
                    .andReturn().getResponse().getContentAsString()).getElementById("timeline").text();
            assertThat(timeline).as("the loop, not a missing manager").contains("Hand-off overdue: escalated to the"
                    + " admins (the rep's managers loop: Looped is managed by Boss, who is managed by Looped)")
                    .doesNotContain("the rep has no manager");
            assertThat(job.run().withoutManager()).as("once").doesNotContainAnyElementsOf(ids);
        } finally {
            jdbc.sql("UPDATE users SET manager_id = NULL WHERE id IN (:ids)").param("ids", List.of(looped, boss, self))
                    .update();
        }
    }

    @Test
    void aLeadReassignedAfterTheFirstRepClosedTheirTaskWithoutDecidingGivesTheNewRepATask() throws Exception {
        long[] reps = team.onlyReps("Slow", "Quick");
        long slow = reps[0], quick = reps[1];
        sla("{\"onOverdue\": \"REASSIGN\"}");
        long contact = leads.ownedBy("voicemail", slow);
        long id = leads.toMql(contact).get("id").asLong();
        long task = queueEntry(slow, contact).at("/task/id").asLong();
        team.post(slow, "/api/v1/tasks/" + task + "/complete", "{\"outcome\": \"VOICEMAIL\"}").andExpect(status().isOk());

        clock.advance(Duration.ofDays(7));
        assertThat(job.run().reassigned()).contains(id);

        assertThat(queueEntry(quick, contact).at("/task/kind").asString()).isEqualTo("HANDOFF");
    }

    @Test
    void withReassignAnOverdueHandoffGoesToAnotherRepOnceAndTheFirstRepIsTold() throws Exception {
        long[] reps = team.onlyReps("Slow", "Quick");
        long slow = reps[0], quick = reps[1];
        sla("{\"onOverdue\": \"REASSIGN\"}");
        long contact = leads.ownedBy("reassign", slow);
        long id = leads.toMql(contact).get("id").asLong();

        clock.advance(Duration.ofDays(7));
        assertThat(job.run().reassigned()).contains(id);

        JsonNode handoff = leads.handoff(id);
        assertThat(handoff.get("repId").asLong()).isEqualTo(quick);
        assertThat(handoff.get("previousRepId").asLong()).isEqualTo(slow);
        assertThat(handoff.get("escalation").asString()).isEqualTo("REASSIGNED");
        assertThat(handoff.get("overdue").asBoolean()).as("the new rep has a fresh deadline").isFalse();
        assertThat(leads.ownerOf(contact)).as("a late lead is covered, the contact not taken from its owner")
                .isEqualTo(slow);
        assertThat(queueEntry(quick, contact).at("/task/kind").asString()).isEqualTo("HANDOFF");
        assertThat(queue(slow)).noneMatch(e -> e.at("/task/contactId").asLong() == contact);
        assertThat(alertsAbout(slow, contact)).extracting(a -> a.get("subject").asString())
                .contains("Lead reassigned: reassign Lead");
        assertThat(alertsAbout(quick, contact)).extracting(a -> a.get("subject").asString())
                .containsExactly("Lead reassigned to you: reassign Lead");
        assertThat(unreadAbout(slow, contact)).as("the first rep is no longer asked to decide it")
                .extracting(a -> a.get("subject").asString()).containsExactly("Lead reassigned: reassign Lead");
        team.post(slow, "/api/v1/handoffs/" + id + "/accept", "").andExpect(status().isForbidden());
        team.post(quick, "/api/v1/handoffs/" + id + "/accept", "").andExpect(status().isOk());
        assertThat(unreadAbout(quick, contact)).as("accepted: nothing left to ask").isEmpty();
    }

    @Test
    void aManagerLettingRepChoicePickDoesNotGiveTheLeadBackToTheRepWhoLetItLapseAndThePageSaysTheNewDeadline()
            throws Exception {
        long slow = team.rep("Slow");
        long quick = team.rep("Quick");
        long other = team.rep("Other");
        long sam = team.user("Sam", "MARKETER", null);
        team.onlyThese(slow, quick);
        sla("{\"onOverdue\": \"REASSIGN\"}");
        long contact = leads.ownedBy("lapsed", slow);
        long id = leads.toMql(contact).get("id").asLong();
        clock.advance(Duration.ofDays(7));
        assertThat(job.run().reassigned()).contains(id);
        team.away(other, false);

        JsonNode moved = json(team.post(sam, "/api/v1/handoffs/" + id + "/reassign", "").andExpect(status().isOk()));

        assertThat(moved.get("repId").asLong()).as("neither the rep it leaves nor its owner, who let it lapse")
                .isEqualTo(other);
        assertThat(alertsAbout(quick, contact)).extracting(a -> a.get("body").asString())
                .contains("Rep choice gave lapsed Lead to Other, at Sam's request.");
        assertThat(alertsAbout(other, contact)).extracting(a -> a.get("body").asString())
                .anySatisfy(body -> assertThat(body)
                        .startsWith("Rep choice gave you lapsed Lead, who was with Quick, at Sam's request."));
        Document page = Jsoup.parse(team.as(sam, MockMvcRequestBuilders.get("/ui/contacts/" + contact))
                .andReturn().getResponse().getContentAsString());
        String due = java.time.format.DateTimeFormatter.ofPattern("EEE d MMMM yyyy, HH:mm", java.util.Locale.ENGLISH)
                .withZone(ZoneOffset.UTC).format(Instant.parse(moved.get("dueAt").asString()));
        assertThat(page.getElementById("open-handoff").text()).contains("with Other, decide by " + due);
        assertThat(page.select("#reassign-rep option[value=\"\"]").text())
                .isEqualTo("Pick another rep for me (the owner, the rep's team, the territory, then in turn)");
    }

    @Test
    void aReassignedHandoffThatLapsesAgainGoesToTheSecondRepsManagerNotRoundTheTeam() throws Exception {
        long manager = team.user("Mia", "MARKETER", null);
        long[] reps = team.onlyReps("Slow", "Slower");
        long slow = reps[0], slower = reps[1];
        team.manages(manager, slower);
        sla("{\"onOverdue\": \"REASSIGN\"}");
        long contact = leads.ownedBy("lapsing", slow);
        long id = leads.toMql(contact).get("id").asLong();

        clock.advance(Duration.ofDays(7));
        assertThat(job.run().reassigned()).contains(id);
        clock.advance(Duration.ofDays(7));
        HandoffJob.Report second = job.run();
        assertThat(second.reassigned()).as("reassigned once only").doesNotContain(id);
        assertThat(second.escalated()).as("the second deadline is watched too").contains(id);
        clock.advance(Duration.ofDays(7));
        assertThat(job.run().escalated()).as("and escalated once").doesNotContain(id);

        JsonNode handoff = leads.handoff(id);
        assertThat(handoff.get("repId").asLong()).isEqualTo(slower);
        assertThat(handoff.get("previousRepId").asLong()).isEqualTo(slow);
        assertThat(handoff.get("escalation").asString()).isEqualTo("ESCALATED");
        assertThat(alertsAbout(manager, contact)).extracting(a -> a.get("subject").asString())
                .as("escalated once, then reminded while it waits")
                .containsOnlyOnce("Overdue hand-off: lapsing Lead waits for Slower")
                .allMatch(subject -> subject.endsWith("lapsing Lead waits for Slower"));
    }

    @Test
    void theManagersOverdueAlertQuotesTheHoursTheRepHadNotTheSlaSetSince() throws Exception {
        long manager = team.user("Max", "MARKETER", null);
        long rep = team.onlyReps("Slow")[0];
        team.manages(manager, rep);
        long contact = leads.ownedBy("sla-changed", rep);
        leads.toMql(contact);
        sla("{\"slaHours\": 8}");

        clock.advance(Duration.ofDays(7));
        job.run();

        assertThat(alertsAbout(manager, contact)).singleElement()
                .satisfies(a -> assertThat(a.get("body").asString()).contains("within 24 hours (weekends not counted)"));
    }

    @Test
    void aSalesManagerReadsTheirRepsOverdueLeadAndGivesItToAnotherRepWithItsTask() throws Exception {
        long manager = team.rep("Manager");
        long[] reps = team.onlyReps("Slow", "Quick", "Outsider");
        long slow = reps[0], quick = reps[1], outsider = reps[2];
        team.manages(manager, slow);
        // A manager gives a lead within her team only.
        team.manages(manager, quick);
        long contact = leads.ownedBy("stuck", slow);
        long id = leads.toMql(contact).get("id").asLong();
        clock.advance(Duration.ofDays(7));
        assertThat(job.run().escalated()).contains(id);

        team.get(manager, "/api/v1/handoffs/" + id).andExpect(status().isOk());
        team.get(outsider, "/api/v1/handoffs/" + id).andExpect(status().isForbidden());
        JsonNode refused = json(team.post(outsider, "/api/v1/handoffs/" + id + "/reassign", "{\"repId\": " + outsider + "}")
                .andExpect(status().isForbidden()));
        team.post(slow, "/api/v1/handoffs/" + id + "/reassign", "{}").andExpect(status().isForbidden());
        JsonNode moved = json(team.post(manager, "/api/v1/handoffs/" + id + "/reassign", "{\"repId\": " + quick + "}")
                .andExpect(status().isOk()));

        assertThat(refused.get("detail").asString()).contains("you do not manage its rep");
        assertThat(moved.get("repId").asLong()).isEqualTo(quick);
        assertThat(moved.get("previousRepId").asLong()).isEqualTo(slow);
        assertThat(moved.get("chosenBy").asString()).isEqualTo("HAND");
        assertThat(moved.get("overdue").asBoolean()).as("a fresh deadline for the new rep").isFalse();
        assertThat(moved.get("escalation").isNull()).isTrue();
        assertThat(leads.ownerOf(contact)).isEqualTo(quick);
        assertThat(handoffTask(id).get("assigneeId").asLong()).as("the HANDOFF task went with it").isEqualTo(quick);
        assertThat(alertsAbout(quick, contact)).extracting(a -> a.get("subject").asString())
                .containsExactly("Lead reassigned to you: stuck Lead");
        assertThat(alertsAbout(slow, contact)).extracting(a -> a.get("body").asString())
                .contains("Manager gave stuck Lead to Quick.");
        team.post(quick, "/api/v1/handoffs/" + id + "/accept", "").andExpect(status().isOk());
    }

    @Test
    void aLeadReassignedToAnotherRepTakesItsProgramsOpenTasksToTheNewOwnerAndLeavesTheOldOwnerTheirOwn()
            throws Exception {
        long[] reps = team.onlyReps("Maria", "Rita");
        long maria = reps[0], rita = reps[1];
        long mona = team.user("Mona", "MARKETER", null);
        long contact = leads.ownedBy("juergen", maria);
        long program = api.activeProgram("""
                {"name": "Follow up %s", "kind": "SEQUENCE",
                 "steps": [{"type": "task", "text": "Send the case study"}]}""".formatted(run));
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + contact + "]}");
        engine.plan();
        tasks.create(new Tasks.NewTask(contact, maria, TaskKind.FOLLOW_UP, "Lunch with Juergen", null, null, 50));
        long id = leads.toMql(contact).get("id").asLong();

        team.post(mona, "/api/v1/handoffs/" + id + "/reassign", "{\"repId\": " + rita + "}")
                .andExpect(status().isOk());

        assertThat(leads.ownerOf(contact)).isEqualTo(rita);
        assertThat(tasks.openOf(contact)).filteredOn(t -> t.kind() != TaskKind.HANDOFF)
                .extracting(io.keepwarm.delivery.Task::title, io.keepwarm.delivery.Task::assigneeId)
                .containsExactlyInAnyOrder(tuple("Send the case study", rita), tuple("Lunch with Juergen", maria));
        api.post("/api/v1/programs/" + program + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void aMarketerReassigningWithoutNamingARepLetsRepChoicePickSomeoneElseAndRefusesARepWhoCannotTakeIt() throws Exception {
        long[] reps = team.onlyReps("Ann", "Bob", "Away");
        long ann = reps[0], bob = reps[1], away = reps[2];
        long mona = team.user("Mona", "MARKETER", null);
        team.away(away, true);
        long contact = leads.ownedBy("rechoose", ann);
        long id = leads.toMql(contact).get("id").asLong();

        JsonNode awayRep = json(team.post(mona, "/api/v1/handoffs/" + id + "/reassign", "{\"repId\": " + away + "}")
                .andExpect(status().isBadRequest()));
        team.post(mona, "/api/v1/handoffs/" + id + "/reassign", "{\"repId\": " + mona + "}").andExpect(status().isBadRequest());
        team.post(mona, "/api/v1/handoffs/" + id + "/reassign", "{\"repId\": 0}").andExpect(status().isBadRequest());
        JsonNode moved = json(team.post(mona, "/api/v1/handoffs/" + id + "/reassign", "").andExpect(status().isOk()));

        assertThat(awayRep.at("/errors/0/field").asString()).isEqualTo("repId");
        assertThat(awayRep.at("/errors/0/message").asString()).contains("is away");
        assertThat(moved.get("repId").asLong()).isEqualTo(bob);
        assertThat(moved.get("chosenBy").asString()).isEqualTo("ROUND_ROBIN");
        assertThat(queueEntry(bob, contact).at("/task/kind").asString()).isEqualTo("HANDOFF");
        team.post(bob, "/api/v1/handoffs/" + id + "/accept", "").andExpect(status().isOk());
        team.post(mona, "/api/v1/handoffs/" + id + "/reassign", "").andExpect(status().isConflict());
    }

    @Test
    void aRepWhoGoesAwayHasTheirOpenLeadHeldByARepWhoIsHereAndKeepsTheContactUntilTheStandInAcceptsIt() throws Exception {
        long[] reps = team.onlyReps("Holiday", "Here");
        long holiday = reps[0], here = reps[1];
        long contact = leads.ownedBy("vacation", holiday);
        long id = leads.toMql(contact).get("id").asLong();

        team.away(holiday, true);
        assertThat(job.run().handedOver()).contains(id);

        JsonNode handoff = leads.handoff(id);
        assertThat(handoff.get("repId").asLong()).isEqualTo(here);
        assertThat(handoff.get("previousRepId").asLong()).isEqualTo(holiday);
        assertThat(handoff.get("overdue").asBoolean()).isFalse();
        // A day away is no reason to lose a contact nurtured for months: the same caller when back (seed 002).
        assertThat(leads.ownerOf(contact)).as("the contact stays the owner's").isEqualTo(holiday);
        assertThat(handoffTask(id).get("assigneeId").asLong()).as("the HANDOFF task went with it").isEqualTo(here);
        assertThat(alertsAbout(here, contact)).extracting(a -> a.get("body").asString())
                .anySatisfy(body -> assertThat(body).startsWith("Holiday is away, so vacation Lead is yours now."));
        team.away(holiday, false);
        api.post("/api/v1/contacts/" + contact + "/tags", "{\"tags\": [\"back-" + run + "\"]}").andExpect(status().isOk());
        assertThat(leads.handoff(id).get("repId").asLong()).as("an edit of the contact is no change of owner")
                .isEqualTo(here);
        team.post(here, "/api/v1/handoffs/" + id + "/accept", "").andExpect(status().isOk());
        assertThat(leads.ownerOf(contact)).as("the one who works the lead owns it").isEqualTo(here);
    }

    @Test
    void aRepWhoLeavesHasTheirCallsGivenToTheContactsOwnersAndTheirLeadsToRepsWhoAreHere() throws Exception {
        long[] reps = team.onlyReps("Leaver", "Stayer");
        long leaver = reps[0], stayer = reps[1];
        long lead = leads.ownedBy("left-lead", leaver);
        long id = leads.toMql(lead).get("id").asLong();
        long theirs = leads.ownedBy("left-own", leaver);
        leads.move(theirs, "NURTURE");
        long stayers = leads.ownedBy("left-callback", stayer);
        long call = createTask(theirs, leaver, "CALL");
        long callBack = createTask(stayers, leaver, "CALL_BACK");

        team.change(leaver, "{\"enabled\": false}");

        assertThat(json(api.get("/api/v1/tasks/" + callBack)).get("assigneeId").asLong())
                .as("the call-back the leaver booked goes to the contact's owner").isEqualTo(stayer);
        assertThat(json(api.get("/api/v1/tasks/" + call)).get("assigneeId").isNull())
                .as("a call on the leaver's own contact waits where marketers see it").isTrue();
        assertThat(json(api.get("/api/v1/tasks?assignee=" + leaver + "&all=true")).get("items")).isEmpty();
        assertThat(job.run().handedOver()).contains(id);
        assertThat(leads.handoff(id).get("repId").asLong()).isEqualTo(stayer);
        assertThat(handoffTask(id).get("assigneeId").asLong()).isEqualTo(stayer);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM alerts WHERE user_id = ?").param(leaver).query(Long.class).single())
                .as("the first 'New lead' alert only: none about the lead going, to someone who cannot sign in").isOne();
    }

    @Test
    void aLeadNobodyCanTakeWaitsUnassignedUntilARepIsBack() throws Exception {
        long rep = team.onlyReps("Holiday")[0];
        team.away(rep, true);
        long contact = leads.contact("waiting", "");

        JsonNode waiting = leads.toMql(contact);
        assertThat(waiting.get("repId").isNull()).isTrue();
        assertThat(waiting.get("taskId").isNull()).isTrue();

        team.away(rep, false);
        assertThat(job.run().assigned()).contains(waiting.get("id").asLong());
        assertThat(leads.handoffOf(contact).get("repId").asLong()).isEqualTo(rep);
        assertThat(queueEntry(rep, contact).at("/task/kind").asString()).isEqualTo("HANDOFF");
    }

    @Test
    void aPersonWhoRecyclesALeadRejectsItsHandoffForTheReasonTheyGiveAndItsTaskCloses() throws Exception {
        long rep = team.onlyReps("Bypassed")[0];
        long contact = leads.ownedBy("bypassed", rep);
        long id = leads.toMql(contact).get("id").asLong();

        api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"RECYCLED\", \"reasonCode\": \"NOT_READY\"}")
                .andExpect(status().isOk());

        JsonNode handoff = leads.handoff(id);
        assertThat(handoff.get("state").asString()).isEqualTo("REJECTED");
        assertThat(handoff.get("rejectReason").asString()).isEqualTo("NOT_READY");
        assertThat(queue(rep)).noneMatch(e -> e.at("/task/contactId").asLong() == contact);
    }

    @Test
    void aRepCannotDecideAnotherRepsHandoffByMovingTheStageThroughTheApiButAMarketerCan() throws Exception {
        long[] reps = team.onlyReps("Ann", "Bob");
        long ann = reps[0], bob = reps[1];
        long contact = leads.ownedBy("sniped", ann);
        long id = leads.toMql(contact).get("id").asLong();

        JsonNode refused = json(team.post(bob, "/api/v1/contacts/" + contact + "/stage", "{\"to\": \"SQL\"}")
                .andExpect(status().isForbidden()));
        team.post(bob, "/api/v1/contacts/" + contact + "/stage", "{\"to\": \"NURTURE\", \"reason\": \"not now\"}")
                .andExpect(status().isForbidden());
        JsonNode byKey = json(api.as(Role.SALES, MockMvcRequestBuilders.post("/api/v1/contacts/" + contact + "/stage")
                .contentType("application/json").content("{\"to\": \"SQL\"}")).andExpect(status().isForbidden()));

        assertThat(refused.get("detail").asString()).contains("belongs to Ann", "another rep", "Nothing was changed");
        assertThat(byKey.get("detail").asString()).contains("a SALES API key acts for no rep");
        assertThat(leads.handoff(id).get("state").asString()).isEqualTo("OPEN");
        assertThat(leads.stageOf(contact)).isEqualTo("MQL");
        assertThat(queue(ann)).anyMatch(e -> e.at("/task/contactId").asLong() == contact);

        api.as(Role.MARKETER, MockMvcRequestBuilders.post("/api/v1/contacts/" + contact + "/stage")
                .contentType("application/json").content("{\"to\": \"SQL\"}")).andExpect(status().isOk());
        assertThat(leads.handoff(id).get("state").asString()).isEqualTo("ACCEPTED");
    }

    @Test
    void aRepCannotDecideAnotherRepsHandoffWithTheContactPagesStageFormButAcceptsTheirOwnByMovingItToSql() throws Exception {
        long[] reps = team.onlyReps("Ann", "Bob");
        long ann = reps[0], bob = reps[1];
        long annsContact = leads.ownedBy("page-sniped", ann);
        long annsHandoff = leads.toMql(annsContact).get("id").asLong();
        long bobsContact = leads.ownedBy("page-own", bob);
        long bobsHandoff = leads.toMql(bobsContact).get("id").asLong();

        Document page = Jsoup.parse(team.as(bob, MockMvcRequestBuilders.post("/ui/contacts/" + annsContact + "/stage")
                .param("to", "SQL").header("HX-Request", "true")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        team.as(bob, MockMvcRequestBuilders.post("/ui/contacts/" + bobsContact + "/stage").param("to", "SQL"))
                .andExpect(status().is3xxRedirection());

        assertThat(page.getElementById("stage-form-error").text()).contains("belongs to Ann", "another rep");
        assertThat(leads.handoff(annsHandoff).get("state").asString()).isEqualTo("OPEN");
        assertThat(leads.stageOf(annsContact)).isEqualTo("MQL");
        assertThat(leads.handoff(bobsHandoff).get("state").asString()).isEqualTo("ACCEPTED");
        assertThat(leads.stageOf(bobsContact)).isEqualTo("SQL");
    }

    @Test
    void theContactPagesStageFormRejectsALeadOnlyWithAReasonPickedFromTheList() throws Exception {
        long rep = team.onlyReps("Former")[0];
        long contact = leads.ownedBy("page-reject", rep);
        long id = leads.toMql(contact).get("id").asLong();
        Document form = Jsoup.parse(team.get(rep, "/ui/contacts/" + contact).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString());

        Document refused = Jsoup.parse(team.as(rep, MockMvcRequestBuilders.post("/ui/contacts/" + contact + "/stage")
                .param("to", "NURTURE").param("reason", "not now").header("HX-Request", "true"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        Document mismatched = Jsoup.parse(team.as(rep, MockMvcRequestBuilders.post("/ui/contacts/" + contact + "/stage")
                .param("to", "DISQUALIFIED").param("reasonCode", "NOT_READY").param("reason", "no")
                .header("HX-Request", "true")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        Document reasonless = Jsoup.parse(team.as(rep, MockMvcRequestBuilders.post("/ui/contacts/" + contact + "/stage")
                .param("to", "NURTURE").param("reasonCode", "NOT_READY").header("HX-Request", "true"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        team.as(rep, MockMvcRequestBuilders.post("/ui/contacts/" + contact + "/stage").param("to", "NURTURE")
                .param("reasonCode", "NOT_READY").param("reason", "after the summer")).andExpect(status().is3xxRedirection());

        assertThat(form.select("#stage-reason-code option").eachAttr("value")).containsExactly("", "NOT_READY",
                "NO_BUDGET", "WRONG_PERSON", "BAD_DATA", "COMPETITOR", "OTHER");
        // Short enough for a select on a 390 px phone, which cuts what does not fit.
        List<String> labels = List.of("not ready yet: to nurture", "no budget: to nurture",
                "wrong person: disqualified", "wrong details: disqualified",
                "with a competitor: to nurture", "other (note why): to nurture");
        assertThat(labels).allSatisfy(label -> assertThat(label.length()).as(label).isLessThanOrEqualTo(32));
        assertThat(form.select("#stage-reason-code option:not([value=''])").eachText())
                .as("in words with where the lead goes, as My day lists them").isEqualTo(labels);
        long another = leads.toMql(leads.ownedBy("page-reject-my-day", rep)).get("id").asLong();
        assertThat(Jsoup.parse(team.get(rep, "/ui/my-day").andReturn().getResponse().getContentAsString())
                .select("#handoff-" + another + "-reason option:not([value=''])").eachText()).isEqualTo(labels);
        assertThat(refused.getElementById("stage-reason-code-error").text())
                .isEqualTo("Pick a reject reason: moving the lead to Nurture rejects its hand-off");
        assertThat(mismatched.getElementById("stage-reason-code-error").text()).isEqualTo("'not ready yet' sends the lead"
                + " back to nurture: move it to Nurture, or pick 'wrong person' or 'wrong details (fake name, dead"
                + " company)' to disqualify it");
        assertThat(reasonless.getElementById("stage-reason-error").text())
                .isEqualTo("Give a reason: a move from Marketing-qualified to Nurture needs one");
        JsonNode handoff = leads.handoff(id);
        assertThat(handoff.get("state").asString()).isEqualTo("REJECTED");
        assertThat(handoff.get("rejectReason").asString()).isEqualTo("NOT_READY");
        assertThat(leads.stageOf(contact)).isEqualTo("NURTURE");
        assertThat(Jsoup.parse(team.get(rep, "/ui/contacts/" + contact).andReturn().getResponse().getContentAsString())
                .getElementById("stage-reason-code")).as("outside MQL there is no hand-off to reject").isNull();
        long other = leads.ownedBy("api-reject", rep);
        team.post(rep, "/api/v1/handoffs/" + leads.toMql(other).get("id").asLong() + "/reject",
                "{\"reason\": \"NO_BUDGET\"}").andExpect(status().isOk());
        String audit = Jsoup.parse(api.mvc().perform(MockMvcRequestBuilders.get("/ui/settings/audit")
                        .param("entityType", "contact")
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                                .user(api.sessionUser(io.keepwarm.identity.Role.ADMIN)).roles("ADMIN")))
                .andReturn().getResponse().getContentAsString()).text();
        assertThat(audit).as("the audit log says the decision as the timeline does")
                .contains("reason: Hand-off rejected by Former: no budget").doesNotContain("NO_BUDGET");
    }

    @Test
    void aRepSeesOnTheContactPageOnlyTheirOwnHandoffsDetailsAndNotTheTeamsReport() throws Exception {
        long[] reps = team.onlyReps("Ann", "Bob");
        long ann = reps[0], bob = reps[1];
        long contact = leads.ownedBy("private", ann);
        long id = leads.toMql(contact).get("id").asLong();
        team.post(ann, "/api/v1/handoffs/" + id + "/reject", """
                {"reason": "NO_BUDGET", "note": "CFO said the budget is frozen until the merger"}""")
                .andExpect(status().isOk());

        Elements bobSees = timeline(bob, contact);
        Elements annSees = timeline(ann, contact);

        assertThat(bobSees.text()).contains("Handed off to sales", "Hand-off rejected")
                .doesNotContain("budget is frozen", "NO_BUDGET (");
        assertThat(annSees.text()).contains("budget is frozen", "Hand-off rejected: no budget");
        team.get(bob, "/api/v1/handoffs/report").andExpect(status().isForbidden());
        team.get(ann, "/api/v1/handoffs/" + id).andExpect(status().isOk());
    }

    private Elements timeline(long user, long contact) throws Exception {
        return Jsoup.parse(team.get(user, "/ui/contacts/" + contact).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString()).select("#timeline > li[data-kind=HANDOFF], #timeline > li[data-kind=STAGE]");
    }

    @Test
    void aMergedDuplicatesOpenHandoffIsCancelledAndItsHistoryGoesToTheSurvivor() throws Exception {
        long rep = team.onlyReps("Merger")[0];
        long survivor = leads.ownedBy("survivor", rep);
        long duplicate = leads.ownedBy("duplicate", rep);
        long id = leads.toMql(duplicate).get("id").asLong();

        api.post("/api/v1/contacts/merge", "{\"survivorId\": %d, \"mergedId\": %d}".formatted(survivor, duplicate))
                .andExpect(status().isOk());

        JsonNode merged = leads.handoff(id);
        assertThat(merged.get("contactId").asLong()).isEqualTo(survivor);
        assertThat(merged.get("state").asString()).isEqualTo("CANCELLED");
        assertThat(queue(rep)).noneMatch(e -> e.at("/task/contactId").asLong() == survivor);
        assertThat(leads.toMql(survivor).get("state").asString()).as("the survivor may get a hand-off of its own")
                .isEqualTo("OPEN");
    }

    @Test
    void aMergedDuplicatesOpenProgramCallGoesToTheSurvivorsOwnerAndABookedCallBackStaysWithItsRep() throws Exception {
        long[] reps = team.onlyReps("Keeper", "Former");
        long keeper = reps[0], former = reps[1];
        long survivor = leads.ownedBy("survivor", keeper);
        long duplicate = leads.ownedBy("duplicate", former);
        long call = tasks.create(new Tasks.NewTask(duplicate, former, TaskKind.CALL, "Call: pricing page", "visited",
                null, 50));
        long callBack = tasks.create(new Tasks.NewTask(duplicate, former, TaskKind.CALL_BACK, "Call back", "promised",
                null, 50));

        api.post("/api/v1/contacts/merge", "{\"survivorId\": %d, \"mergedId\": %d}".formatted(survivor, duplicate))
                .andExpect(status().isOk());

        assertThat(tasks.get(call)).satisfies(t -> {
            assertThat(t.contactId()).isEqualTo(survivor);
            assertThat(t.assigneeId()).as("the owner of the contact that is left calls").isEqualTo(keeper);
            assertThat(t.status()).isEqualTo(Task.Status.OPEN);
        });
        assertThat(tasks.get(callBack)).satisfies(t -> {
            assertThat(t.contactId()).isEqualTo(survivor);
            assertThat(t.assigneeId()).as("the rep's own promise").isEqualTo(former);
        });
        assertThat(leads.ownerOf(survivor)).isEqualTo(keeper);
    }

    @Test
    void aMergeLeavesTheRepOneCallForThePersonTheSurvivorsOwnFromAProgramBothWereInAndNoSecondFromAnother()
            throws Exception {
        long rep = team.rep("Once");
        long survivor = team.contactToCallToday(rep, "Sam", "+49 30 3000001", clock);
        long duplicate = team.contactToCallToday(rep, "Sammy", "+49 30 3000002", clock);
        long another = team.contactToCallToday(rep, "Samuel", "+49 30 3000003", clock);
        long script = api.liveCallScript("Once call %s".formatted(run), "Ask about the pilot");
        long both = api.activeProgram("""
                {"name": "pilot calls %s", "kind": "SEQUENCE", "steps": [
                  {"type": "send", "contentId": %d, "channel": "PHONE"}, {"type": "task", "text": "Send the quote"},
                  {"type": "wait", "duration": "P90D"}]}""".formatted(run, script));
        long other = api.activeProgram("""
                {"name": "other calls %s", "kind": "SEQUENCE", "steps": [
                  {"type": "send", "contentId": %d, "channel": "PHONE"}, {"type": "wait", "duration": "P90D"}]}"""
                .formatted(run, script));
        api.post("/api/v1/programs/" + both + "/enrollments", "{\"contactIds\": [%d, %d]}".formatted(survivor, duplicate));
        api.post("/api/v1/programs/" + other + "/enrollments", "{\"contactIds\": [%d]}".formatted(another));
        engine.plan();
        assertThat(tasks.openOf(survivor)).extracting(Task::kind).containsExactlyInAnyOrder(TaskKind.CALL, TaskKind.FOLLOW_UP);
        List<Long> own = tasks.openOf(survivor).stream().map(Task::id).toList();
        List<Long> duplicates = tasks.openOf(duplicate).stream().map(Task::id).toList();
        long anothersCall = tasks.openOf(another).stream().filter(t -> t.kind() == TaskKind.CALL).findFirst()
                .orElseThrow().id();
        assertThat(duplicates).as("a call and the task step").hasSize(2);

        api.post("/api/v1/contacts/merge", "{\"survivorId\": %d, \"mergedId\": %d}".formatted(survivor, duplicate))
                .andExpect(status().isOk());
        api.post("/api/v1/contacts/merge", "{\"survivorId\": %d, \"mergedId\": %d}".formatted(survivor, another))
                .andExpect(status().isOk());

        assertThat(tasks.openOf(survivor)).as("the survivor's own call and task step, each once").extracting(Task::id)
                .containsExactlyInAnyOrderElementsOf(own);
        for (long cancelled : List.of(duplicates.get(0), duplicates.get(1), anothersCall)) {
            assertThat(tasks.get(cancelled)).satisfies(t -> {
                assertThat(t.contactId()).isEqualTo(survivor);
                assertThat(t.status()).isEqualTo(Task.Status.CANCELLED);
                assertThat(t.outcomeNote()).contains("merged");
            });
        }
        assertThat(enrollments.list(both, null, null, 10).items()).extracting(Enrollment::contactId, Enrollment::status,
                Enrollment::endReason).containsExactlyInAnyOrder(tuple(survivor, Enrollment.Status.ACTIVE, null),
                tuple(survivor, Enrollment.Status.EXITED, "MERGED"));
        assertThat(enrollmentOf(other, survivor).get("status").asString()).as("a program only the duplicate was in goes on")
                .isEqualTo("ACTIVE");
    }

    @Test
    void aMergeLeavesTheSurvivorNoMoreCallsThanTheCallCapAllowsKeepingTheEarliestAndSayingWhyTheOtherEnded()
            throws Exception {
        long rep = team.rep("Capped");
        long survivor = team.contactToCallToday(rep, "Cara", "+49 30 3000021", clock);
        long duplicate = team.contactToCallToday(rep, "Carla", "+49 30 3000022", clock);
        long script = api.liveCallScript("Capped call %s".formatted(run), "Ask about the pilot");
        List<Long> programs = new ArrayList<>();
        for (String name : List.of("spring calls", "autumn calls")) {
            programs.add(api.activeProgram("""
                    {"name": "%s %s", "kind": "SEQUENCE", "steps": [
                      {"type": "send", "contentId": %d, "channel": "PHONE"}, {"type": "wait", "duration": "P90D"}]}"""
                    .formatted(name, run, script)));
        }
        api.post("/api/v1/programs/" + programs.get(0) + "/enrollments", "{\"contactIds\": [%d]}".formatted(duplicate));
        engine.plan();
        clock.advance(Duration.ofDays(8)); // past the call cap's week: the other program calls too, the first still open
        api.post("/api/v1/programs/" + programs.get(1) + "/enrollments", "{\"contactIds\": [%d]}".formatted(duplicate));
        engine.plan();
        List<Task> calls = tasks.openOf(duplicate);
        assertThat(calls).as("the first due first").extracting(Task::kind).containsExactly(TaskKind.CALL, TaskKind.CALL);
        assertThat(tasks.openOf(survivor)).isEmpty();

        api.post("/api/v1/contacts/merge", "{\"survivorId\": %d, \"mergedId\": %d}".formatted(survivor, duplicate))
                .andExpect(status().isOk());

        assertThat(tasks.openOf(survivor)).as("the call cap's 1 call in 7 days: the earliest call is left")
                .extracting(Task::id).containsExactly(calls.get(0).id());
        assertThat(tasks.get(calls.get(1).id())).satisfies(t -> {
            assertThat(t.status()).isEqualTo(Task.Status.CANCELLED);
            assertThat(t.outcomeNote()).contains("merge", "1 call in 7 days");
        });
        String timeline = Jsoup.parse(team.get(rep, "/ui/contacts/" + survivor).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString()).text();
        assertThat(timeline).contains("Task cancelled", tasks.get(calls.get(1).id()).outcomeNote());
    }

    @Test
    void aCallTheDuplicateBringsEndsWhenTheSurvivorWasCalledWithinTheCallCapsWindowAndSaysWhen() throws Exception {
        long rep = team.rep("Called");
        long survivor = team.contactToCallToday(rep, "Sam", "+49 30 3000031", clock);
        long duplicate = team.contactToCallToday(rep, "Sammy", "+49 30 3000032", clock);
        long script = api.liveCallScript("Called call %s".formatted(run), "Ask about the trial");
        List<Long> programs = new ArrayList<>();
        for (String name : List.of("trial calls", "webinar calls")) {
            programs.add(api.activeProgram("""
                    {"name": "%s %s", "kind": "SEQUENCE", "steps": [
                      {"type": "send", "contentId": %d, "channel": "PHONE"}, {"type": "wait", "duration": "P90D"}]}"""
                    .formatted(name, run, script)));
        }
        api.post("/api/v1/programs/" + programs.get(0) + "/enrollments", "{\"contactIds\": [%d]}".formatted(survivor));
        engine.plan();
        Task survivorsCall = tasks.openOf(survivor).stream().filter(t -> t.kind() == TaskKind.CALL).findFirst()
                .orElseThrow();
        // The rep tries as often as a call is tried; nobody answers, and the survivor waits for no call after.
        for (Optional<Task> attempt = Optional.of(survivorsCall); attempt.isPresent();
                attempt = tasks.nextAttempt(attempt.get().id())) {
            team.post(rep, "/api/v1/tasks/" + attempt.get().id() + "/complete", "{\"outcome\": \"NO_ANSWER\"}")
                    .andExpect(status().isOk());
        }
        clock.advance(Duration.ofDays(2)); // the duplicate, never called, gets its call from the other program
        api.post("/api/v1/programs/" + programs.get(1) + "/enrollments", "{\"contactIds\": [%d]}".formatted(duplicate));
        engine.plan();
        Task duplicatesCall = tasks.openOf(duplicate).stream().filter(t -> t.kind() == TaskKind.CALL).findFirst()
                .orElseThrow();
        assertThat(tasks.openOf(survivor)).as("nothing for the cap to keep apart before the merge").isEmpty();

        api.post("/api/v1/contacts/merge", "{\"survivorId\": %d, \"mergedId\": %d}".formatted(survivor, duplicate))
                .andExpect(status().isOk());

        assertThat(tasks.openOf(survivor)).as("called two days ago: the call cap's 1 call in 7 days is used").isEmpty();
        assertThat(tasks.get(duplicatesCall.id())).satisfies(t -> {
            assertThat(t.status()).isEqualTo(Task.Status.CANCELLED);
            assertThat(t.outcomeNote()).contains("merge", "1 call in 7 days", "they were called")
                    .doesNotContain("wait for a call");
        });
    }

    @Test
    void aMergeEndsTheNextAttemptAtTheDuplicatesProgramCallWithItsPlaceNotOnlyTheFirstCall() throws Exception {
        long rep = team.rep("Retry");
        long survivor = team.contactToCallToday(rep, "Robin", "+49 30 3000011", clock);
        long duplicate = team.contactToCallToday(rep, "Rob", "+49 30 3000012", clock);
        long script = api.liveCallScript("Retry call %s".formatted(run), "Ask about the renewal");
        long program = api.activeProgram("""
                {"name": "renewal calls %s", "kind": "SEQUENCE", "steps": [
                  {"type": "send", "contentId": %d, "channel": "PHONE"}, {"type": "wait", "duration": "P90D"}]}"""
                .formatted(run, script));
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [%d, %d]}".formatted(survivor, duplicate));
        engine.plan();
        long survivorsCall = tasks.openOf(survivor).stream().filter(t -> t.kind() == TaskKind.CALL).findFirst()
                .orElseThrow().id();
        long duplicatesCall = tasks.openOf(duplicate).stream().filter(t -> t.kind() == TaskKind.CALL).findFirst()
                .orElseThrow().id();
        for (Optional<Task> attempt = Optional.of(tasks.get(survivorsCall)); attempt.isPresent();
                attempt = tasks.nextAttempt(attempt.get().id())) {
            team.post(rep, "/api/v1/tasks/" + attempt.get().id() + "/complete", "{\"outcome\": \"NO_ANSWER\"}")
                    .andExpect(status().isOk());
        }
        team.post(rep, "/api/v1/tasks/" + duplicatesCall + "/complete", "{\"outcome\": \"NO_ANSWER\"}")
                .andExpect(status().isOk());
        Task retry = tasks.nextAttempt(duplicatesCall).orElseThrow();

        api.post("/api/v1/contacts/merge", "{\"survivorId\": %d, \"mergedId\": %d}".formatted(survivor, duplicate))
                .andExpect(status().isOk());

        assertThat(tasks.get(retry.id())).as("the second attempt of a call whose place in the program ended")
                .satisfies(t -> {
                    assertThat(t.contactId()).isEqualTo(survivor);
                    assertThat(t.status()).isEqualTo(Task.Status.CANCELLED);
                    assertThat(t.outcomeNote()).contains("merged");
                });
        assertThat(tasks.openOf(survivor)).as("the program tried the survivor as often as it may already").isEmpty();
    }

    @Test
    void onlyTheAdminSetsTheSlaAndItStaysWithinBounds() throws Exception {
        api.as(Role.MARKETER, MockMvcRequestBuilders.put("/api/v1/handoffs/settings").contentType("application/json")
                .content("{\"slaHours\": 8}")).andExpect(status().isForbidden());
        api.as(Role.ADMIN, MockMvcRequestBuilders.put("/api/v1/handoffs/settings").contentType("application/json")
                .content("{\"slaHours\": 0}")).andExpect(status().isBadRequest());
        assertThat(json(api.get("/api/v1/handoffs/settings")).get("slaHours").asInt()).isEqualTo(24);
    }

    /** Enrolls the contact (emailable, on a weekday morning) in a monthly stream of two pieces and sends the first. */
    private long inAStreamWithTwoPieces(long contact) throws Exception {
        weekdayMorning();
        consents.record(contact, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "trade-show form", null));
        long stream = api.activeProgram("""
                {"name": "monthly %s", "kind": "STREAM", "cadence": {"type": "every", "period": "P30D", "at": "10:00"},
                 "pool": [%d, %d]}""".formatted(run, api.liveArticle("First " + run), api.liveArticle("Second " + run)));
        api.post("/api/v1/programs/" + stream + "/enrollments", "{\"contactIds\": [" + contact + "]}").andExpect(status().isOk());
        clock.set(Instant.parse(enrollmentOf(stream, contact).get("nextDueAt").asString()));
        engine.tick();
        assertThat(sentTo(contact)).hasSize(1);
        return stream;
    }

    /** Enrolls the contact in a sequence whose first two steps put two calls in its owner's queue. */
    private long inASequenceWithTwoTasks(long contact) throws Exception {
        weekdayMorning();
        long sequence = api.activeProgram("""
                {"name": "calls %s", "kind": "SEQUENCE", "steps": [{"type": "task", "text": "intro call"},
                  {"type": "task", "text": "send the deck"}, {"type": "wait", "duration": "P90D"}]}""".formatted(run));
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [" + contact + "]}").andExpect(status().isOk());
        engine.tick();
        return sequence;
    }

    /** The next Tuesday, 09:00 UTC: email and calls may go at once to the tests' contacts (all in UTC). */
    private void weekdayMorning() {
        clock.set(clock.instant().atZone(ZoneOffset.UTC).toLocalDate().with(TemporalAdjusters.next(DayOfWeek.TUESDAY))
                .atTime(9, 0).toInstant(ZoneOffset.UTC));
    }

    private JsonNode enrollmentOf(long program, long contact) throws Exception {
        return json(api.get("/api/v1/programs/" + program + "/enrollments?limit=500")).get("items").valueStream()
                .filter(e -> e.get("contactId").asLong() == contact).reduce((a, b) -> b).orElseThrow();
    }

    private List<JsonNode> sentTo(long contact) throws Exception {
        List<JsonNode> sent = new ArrayList<>();
        json(api.get("/api/v1/outbox?contact=" + contact)).get("items").forEach(sent::add);
        return sent;
    }

    private Map<Long, Integer> handOffNewContacts(int count) throws Exception {
        Map<Long, Integer> perRep = new HashMap<>();
        for (int i = 0; i < count; i++) {
            JsonNode handoff = leads.toMql(leads.contact("rr" + i, ""));
            assertThat(handoff.get("chosenBy").asString()).isEqualTo("ROUND_ROBIN");
            perRep.merge(handoff.get("repId").asLong(), 1, Integer::sum);
        }
        return perRep;
    }

    private JsonNode handoffTask(long handoff) throws Exception {
        return json(api.get("/api/v1/tasks/" + leads.handoff(handoff).get("taskId").asLong()).andExpect(status().isOk()));
    }

    private long createTask(long contact, long assignee, String kind) throws Exception {
        return tasks.create(new Tasks.NewTask(contact, assignee, TaskKind.valueOf(kind), null, null, clock.instant(), 0));
    }

    private void sla(String json) throws Exception {
        api.as(Role.ADMIN, MockMvcRequestBuilders.put("/api/v1/handoffs/settings").contentType("application/json")
                .content(json)).andExpect(status().isOk());
    }

    /** A territory of this region alone for the rep, for this test alone. */
    private long territory(String region, long rep) throws Exception {
        return territory("{\"region\": \"%s\", \"repId\": %d}".formatted(region, rep));
    }

    private long territory(String json) throws Exception {
        return savedTerritory(json).get("id").asLong();
    }

    /** Saves a territory for this test alone: {@link #everyoneBack} deletes it, so no other test's lead goes by it. */
    private JsonNode savedTerritory(String json) throws Exception {
        JsonNode saved = json(api.post("/api/v1/territories", json).andExpect(status().isCreated()));
        territories.add(saved.get("id").asLong());
        return saved;
    }

    private void reject(long rep, long handoff, String reason) throws Exception {
        team.post(rep, "/api/v1/handoffs/" + handoff + "/reject", "{\"reason\": \"" + reason + "\"}").andExpect(status().isOk());
    }

    private List<JsonNode> queue(long rep) throws Exception {
        List<JsonNode> entries = new ArrayList<>();
        json(team.get(rep, "/api/v1/tasks?assignee=me&all=true&limit=500").andExpect(status().isOk())).get("items")
                .forEach(entries::add);
        return entries;
    }

    private JsonNode queueEntry(long rep, long contact) throws Exception {
        return queue(rep).stream().filter(e -> e.at("/task/contactId").asLong() == contact).findFirst()
                .orElseThrow(() -> new AssertionError("no task for contact " + contact + " in the queue of " + rep));
    }

    private List<JsonNode> unreadAbout(long user, long contact) throws Exception {
        return alertsAbout(user, contact).stream().filter(a -> a.get("readAt").isNull()).toList();
    }

    private List<JsonNode> alertsAbout(long user, long contact) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        json(team.get(user, "/api/v1/alerts?limit=500")).get("items").forEach(a -> {
            if (a.get("contactId").asLong() == contact) {
                found.add(a);
            }
        });
        return found;
    }

    /** Sends the contact one email piece through a program and the engine, on a weekday morning. */
    private void sendPiece(long contact, String name) throws Exception {
        consents.record(contact, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "trade-show form", null));
        leads.move(contact, "NURTURE");
        ObjectNode piece = JsonMapper.shared().createObjectNode().put("name", name).put("type", "ARTICLE").put("status", "LIVE");
        piece.putObject("fallbacks").put("contact.first_name", "there");
        piece.putObject("variants").putObject("email").put("subject", name).put("html", "<p>Dear {{ contact.first_name }},</p>");
        long content = json(api.post("/api/v1/content", piece.toString()).andExpect(status().isCreated())).get("id").asLong();
        long program = api.activeProgram("""
                {"name": "piece %s", "kind": "SEQUENCE", "steps": [{"type": "send", "contentId": %d, "channel": "EMAIL"}]}"""
                .formatted(run, content));
        api.post("/api/v1/programs/" + program + "/enrollments", "{\"contactIds\": [" + contact + "]}").andExpect(status().isOk());
        clock.set(clock.instant().atZone(ZoneOffset.UTC).toLocalDate().with(TemporalAdjusters.next(DayOfWeek.TUESDAY))
                .atTime(9, 0).toInstant(ZoneOffset.UTC));
        engine.tick();
    }

    private static String to(MimeMessage message) {
        try {
            return message.getRecipients(Message.RecipientType.TO)[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
