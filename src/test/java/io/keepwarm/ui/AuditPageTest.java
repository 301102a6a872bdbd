package io.keepwarm.ui;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.delivery.Delivery;
import io.keepwarm.delivery.internal.OutboxStore;
import io.keepwarm.handoff.Territories;
import io.keepwarm.identity.ApiKeys;
import io.keepwarm.identity.Role;
import io.keepwarm.lifecycle.Lifecycle;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.lifecycle.StageHolds;
import io.keepwarm.scoring.ScoringRules;
import io.keepwarm.segment.Lists;
import io.keepwarm.segment.Segments;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import io.keepwarm.support.TestClock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The audit page as a manager reads it: what each entry is about by its name and page (a segment, a list, a territory,
 * a scoring rule, an API key; one deleted since by the name it had), the contacts and the hand-off its details name by
 * the contact's name and page (a long list cut short), and no id, code or API call where a person reads words.
 */
@KeepwarmTest
class AuditPageTest {

    @Autowired Api api;
    @Autowired AuditLog audit;
    @Autowired Segments segments;
    @Autowired Lists lists;
    @Autowired Territories territories;
    @Autowired ScoringRules scoring;
    @Autowired ApiKeys apiKeys;
    @Autowired Lifecycle lifecycle;
    @Autowired io.keepwarm.engine.PressureRules pressure;
    @Autowired Delivery delivery;
    @Autowired OutboxStore outbox;
    @Autowired TestClock clock;
    @Autowired JdbcClient jdbc;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private SalesTeam team;

    @BeforeEach
    void aTeam() {
        team = new SalesTeam(api);
    }

    @AfterEach
    void repsBack() throws Exception {
        team.restore();
    }

    @Test
    void aSegmentAListATerritoryARuleAndAKeyAreNamedAndLinkedAndOnesGoneSinceAreSaidAsGoneByTheNameTheyHad()
            throws Exception {
        long rita = team.rep("Rita" + run);
        var kept = segments.create(new Segments.Draft("Engaged " + run, null, segments.parse("tag = \"k-" + run + "\"")));
        var dropped = segments.create(new Segments.Draft("Dropped " + run, null,
                segments.parse("tag = \"d-" + run + "\"")));
        segments.delete(dropped.id());
        var fair = lists.create("Fair " + run, null);
        var old = lists.create("Old fair " + run, null);
        lists.delete(old.id());
        var north = territories.add(new Territories.NewTerritory("DE", "Shipping " + run, rita));
        var south = territories.add(new Territories.NewTerritory("IT", "Wine " + run, rita));
        territories.remove(south.id());
        var chief = scoring.save(null, new ScoringRules.FitRule(null, "Chief " + run, "title = \"CTO\"", 30));
        var key = apiKeys.create("sync-" + run, Role.MARKETER).apiKey();
        var revoked = apiKeys.create("old-sync-" + run, Role.MARKETER).apiKey();
        apiKeys.revoke(revoked.id());
        try {
            Document page = auditPage("actor", "system");

            assertThat(entity(page, "SEGMENT_CREATED", "/ui/segments/" + kept.id())).isEqualTo("segment 'Engaged " + run + "'");
            assertThat(rows(page, "SEGMENT_DELETED")).anyMatch(r -> r.contains("the deleted segment 'Dropped " + run + "'"));
            assertThat(entity(page, "LIST_CREATED", "/ui/lists/" + fair.id())).isEqualTo("list 'Fair " + run + "'");
            assertThat(rows(page, "LIST_DELETED")).anyMatch(r -> r.contains("the deleted list 'Old fair " + run + "'"));
            assertThat(entity(page, "TERRITORY_ADDED", "/ui/settings/handoffs#territory-" + north.id()))
                    .isEqualTo("territory 'DE, shipping " + run + "'");
            assertThat(page("/ui/settings/handoffs").select("#territory-" + north.id()).text())
                    .as("the link lands on the territory's own row").contains("shipping " + run, "Rita" + run);
            assertThat(rows(page, "TERRITORY_ADDED")).anyMatch(r -> r.contains("territory 'DE, shipping " + run + "'")
                    && r.contains("rep: Rita" + run));
            assertThat(rows(page, "TERRITORY_REMOVED")).anyMatch(r -> r.contains("the removed territory 'IT, wine " + run
                    + "'"));
            assertThat(entity(page, "FIT_RULE_SAVED", "/ui/scoring/fit-rules/" + chief.id()))
                    .isEqualTo("fit rule 'Chief " + run + "'");
            assertThat(entity(page, "API_KEY_CREATED", "/ui/settings#key-" + key.id())).isEqualTo("API key 'sync-" + run + "'");
            assertThat(rows(page, "API_KEY_REVOKED")).anyMatch(r -> r.contains("the revoked API key 'old-sync-" + run + "'"));
            assertThat(page.select("#audit").text()).doesNotContain("segment " + kept.id(), "list " + fair.id(),
                    "territory " + north.id(), "fit rule " + chief.id(), "api key", "fit_rule", "api_key");
        } finally {
            segments.delete(kept.id());
            lists.delete(fair.id());
            territories.remove(north.id());
            scoring.deleteFitRule(chief.id());
            apiKeys.revoke(key.id());
        }
    }

    @Test
    void aDecidedMessageInDoubtIsNamedByItsSubjectAndLinksToItsPageAndOneErasedSinceIsSaidAsGone() throws Exception {
        long ann = api.createContact("{\"email\": \"" + uniqueEmail("audit-ann") + "\", \"firstName\": \"Ann\"}");
        long gone = api.createContact("{\"email\": \"" + uniqueEmail("audit-gone") + "\"}");
        long kept = inDoubt(ann, "Your cooling guide " + run);
        long erased = inDoubt(gone, "Erased guide " + run);
        try {
            delivery.resolve(kept, false);
            delivery.resolve(erased, false);
            api.delete("/api/v1/contacts/" + gone).andExpect(status().isNoContent());

            Document page = auditPage("action", "OUTBOX_IN_DOUBT_DECIDED");

            Element decided = row(page, "OUTBOX_IN_DOUBT_DECIDED", "/ui/outbox/" + kept);
            assertThat(decided.child(3).text()).isEqualTo("outbox message 'Your cooling guide " + run + "'");
            assertThat(decided.select("small.details a").eachAttr("href")).contains("/ui/contacts/" + ann);
            assertThat(rows(page, "OUTBOX_IN_DOUBT_DECIDED")).anyMatch(r -> r.contains("an outbox message since deleted"))
                    .noneMatch(r -> r.contains("Erased guide") || r.contains("outbox message " + erased));
            assertThat(page.select("#audit").text()).doesNotContain("outbox_message", "outbox message " + kept);
        } finally {
            // a sent message of its own is no other test's business
            jdbc.sql("DELETE FROM outbox_messages WHERE contact_id = ?").param(ann).update();
        }
    }

    /** A message a sender left in doubt, as the sender's crash leaves it. */
    private long inDoubt(long contact, String subject) {
        return outbox.insertOne(new OutboxStore.NewMessage(null, contact, "NURTURE",
                "x-" + run + "@example.com", "news@example.com", "News", subject, "<p>Hello</p>", "Hello", null,
                List.of(), null, "IN_DOUBT", null), clock.instant());
    }

    @Test
    void contactsMovedTogetherAreNamedAndLinkedTheFirstFiveThenHowManyMoreWhichLeadsToTheEntryNamingThemAll()
            throws Exception {
        List<Long> moved = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            moved.add(api.createContact("{\"email\": \"%s\", \"firstName\": \"Moved%d\", \"lastName\": \"%s\"}"
                    .formatted(uniqueEmail("moved"), i, run)));
        }
        // As the lifecycle job records a batch it moved to dormant.
        audit.recordAs("system", "STAGES_CHANGED_BY_RULES", "lifecycle", "job", Map.of("from", "NURTURE", "to", "DORMANT",
                "reasonCode", "NO_ENGAGEMENT", "contactIds", moved));
        audit.recordAs("system", "CONTACTS_BECAME_READY", "lifecycle", "job", Map.of("contactIds", moved.subList(0, 2)));

        Document page = auditPage("entityType", "lifecycle");

        Element batch = row(page, "STAGES_CHANGED_BY_RULES", "the lifecycle job");
        assertThat(batch.select("small.details").text()).contains("from: Nurture", "to: Dormant",
                "reason code: no engagement", "contacts: Moved1 " + run + ", Moved2 " + run + ", Moved3 " + run
                        + ", Moved4 " + run + ", Moved5 " + run + " and 2 more");
        assertThat(batch.select("small.details a[href^=/ui/contacts/]").eachAttr("href"))
                .containsExactlyElementsOf(moved.subList(0, 5).stream().map(id -> "/ui/contacts/" + id).toList());
        Element more = batch.select("small.details a:contains(2 more)").first();
        assertThat(more).as("'and 2 more' leads to the contacts it leaves out").isNotNull();
        String entry = more.attr("href").replaceFirst(".*[?&]entry=", "");
        Document alone = auditPage("entry", entry);
        assertThat(alone.select("#audit tbody tr")).hasSize(1);
        assertThat(alone.select("#audit small.details a").eachAttr("href")).containsExactlyElementsOf(moved.stream()
                .map(id -> "/ui/contacts/" + id).toList());
        assertThat(alone.select("#audit small.details").text()).contains("Moved6 " + run + ", Moved7 " + run)
                .doesNotContain("more");
        assertThat(row(page, "CONTACTS_BECAME_READY", "the lifecycle job").select("small.details").text())
                .isEqualTo("contacts: Moved1 " + run + ", Moved2 " + run);
    }

    @Test
    void programsAndTriggersThatActedAreSaidByTheirNamesOnesDeletedSinceByTheNameTheyHadWhenDeleted()
            throws Exception {
        long kept = json(api.post("/api/v1/programs", """
                {"name": "Kept %s", "kind": "SEQUENCE", "steps": [{"type": "task", "text": "Call them"}]}"""
                .formatted(run)).andExpect(status().isCreated())).get("id").asLong();
        long renamed = json(api.post("/api/v1/programs", """
                {"name": "First name %s", "kind": "SEQUENCE", "steps": [{"type": "task", "text": "Call them"}]}"""
                .formatted(run)).andExpect(status().isCreated())).get("id").asLong();
        api.as(Role.ADMIN, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .put("/api/v1/programs/" + renamed).contentType("application/json").content("""
                        {"name": "Last name %s", "kind": "SEQUENCE", "steps": [{"type": "task", "text": "Call them"}]}"""
                        .formatted(run))).andExpect(status().isOk());
        long trigger = json(api.post("/api/v1/triggers", """
                {"name": "Tagger %1$s", "when": {"type": "tagAdded", "tag": "x-%1$s"},
                 "actions": [{"type": "addTag", "tag": "y-%1$s"}]}""".formatted(run))
                .andExpect(status().isCreated())).get("id").asLong();
        long neverRecorded = 900_000_000_000L + new java.util.Random().nextInt(1_000_000);
        // their work, as entries left behind, then the program and trigger deleted
        for (String actor : List.of("program:" + kept, "program:" + renamed, "trigger:" + trigger,
                "trigger:" + neverRecorded, "program:" + kept)) {
            audit.recordAs(actor, "CONTACT_UPDATED", "contact", "acted-" + run, null);
        }
        api.delete("/api/v1/programs/" + renamed).andExpect(status().isNoContent());
        api.delete("/api/v1/triggers/" + trigger).andExpect(status().isNoContent());

        // one page names them all: the newest first
        List<String> who = auditPage("entityType", "contact", "action", "CONTACT_UPDATED")
                .select("#audit tbody tr").stream().filter(row -> row.child(3).text().equals("contact acted-" + run))
                .map(row -> row.child(1).text()).toList();

        assertThat(who).containsExactly("program 'Kept " + run + "'", "a trigger since deleted",
                "the deleted trigger 'Tagger " + run + "'", "the deleted program 'Last name " + run + "'",
                "program 'Kept " + run + "'");
    }

    @Test
    void aUserNoLongerFoundIsSaidByTheNameTheLogKeptOfThemOrAsGoneNeverByTheirId() throws Exception {
        long named = 900_000_000_000L + new java.util.Random().nextInt(1_000_000);
        long unnamed = named - 1_000_000;
        // As the log recorded a user no longer in the users table: made, then renamed.
        audit.recordAs("system", "USER_CREATED", "user", named, Map.of("username", "zed-" + run, "role", "SALES"));
        audit.recordAs("system", "USER_CHANGED", "user", named, Map.of("displayName", "Zed " + run));
        audit.recordAs("system", "TERRITORY_ADDED", "territory", "gone-" + run, Map.of("region", "Gone " + run,
                "repId", named));
        audit.recordAs("system", "TERRITORY_REMOVED", "territory", "gone-" + run, Map.of("region", "Gone " + run,
                "repId", unnamed));

        Document page = auditPage("actor", "system", "entityType", "territory");

        assertThat(row(page, "TERRITORY_ADDED", "territory gone-" + run).select("small.details").text())
                .contains("rep: the deleted user 'Zed " + run + "'").doesNotContain(String.valueOf(named));
        assertThat(row(page, "TERRITORY_REMOVED", "territory gone-" + run).select("small.details").text())
                .contains("rep: a user since deleted").doesNotContain(String.valueOf(unnamed));
        assertThat(entity(auditPage("actor", "system", "entityType", "user"), "USER_CHANGED",
                "the deleted user 'Zed " + run + "'")).isEqualTo("the deleted user 'Zed " + run + "'");
    }

    @Test
    void aStepPassedOverNamesItsContactAndWhyInWordsWithTheRepByNameAndAHandOffIsSaidByItsContact() throws Exception {
        long rita = team.rep("Rita" + run);
        team.onlyThese(rita);
        long lead = api.createContact("""
                {"email": "%s", "firstName": "Lena", "lastName": "%s", "owner": "%d"}"""
                .formatted(uniqueEmail("lena"), run, rita));
        api.post("/api/v1/contacts/" + lead + "/stage", "{\"to\": \"MQL\", \"reasonCode\": \"SCORE\"}")
                .andExpect(status().isOk());
        StageHolds.Hold hold = lifecycle.hold(lead).orElseThrow();
        long program = api.activeProgram("""
                {"name": "Movers %s", "kind": "SEQUENCE", "steps": [{"type": "addTag", "tag": "m-%1$s"}]}""".formatted(run));
        // As the planner records a program's stage step it passed over while a rep decides the lead: by the hand-off
        // and its rep, or with none yet, or a rep no longer in Keepwarm.
        long nobody = 9_000_000_000_000L;
        for (Long rep : java.util.Arrays.asList(hold.repId(), null, nobody)) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("contactId", lead);
            details.put("step", rep == null ? 2 : rep == nobody ? 3 : 1);
            details.put("setStage", Stage.SQL);
            details.put("handoffId", hold.handoffId());
            details.put("repId", rep);
            audit.recordAs("program:" + program, "PROGRAM_STEP_PASSED_OVER", "program", program, details);
        }
        // As it recorded one before: the API's sentence, ids and call included.
        audit.recordAs("program:" + program, "PROGRAM_STEP_PASSED_OVER", "program", program, Map.of("contactId", lead,
                "step", 4, "setStage", Stage.SQL, "why", hold.why()));

        Document programs = auditPage("entityType", "program", "action", "PROGRAM_STEP_PASSED_OVER");
        Document contacts = auditPage("entityType", "contact", "action", "HANDOFF_CREATED");

        String withRita = "why: a lead in sales' hands: the hand-off is open with Rita" + run + ", who accepts or rejects it";
        assertThat(passedOver(programs, program, "step: 2")).containsExactlyInAnyOrder("contact: Lena " + run,
                "step: 2", "set stage: Sales-qualified", withRita);
        assertThat(passedOver(programs, program, "step: 3")).contains(
                "why: a lead in sales' hands: the hand-off is open and waits for a rep, who accepts or rejects it");
        assertThat(passedOver(programs, program, "step: 4")).contains(
                "why: a lead in sales' hands: the hand-off is open with a rep since deleted");
        assertThat(passedOver(programs, program, "step: 5")).as("an entry recorded before reads as a new one does")
                .containsExactlyInAnyOrder("contact: Lena " + run, "step: 5", "set stage: Sales-qualified", withRita);
        assertThat(programs.select("#audit tbody tr[data-action=PROGRAM_STEP_PASSED_OVER]").text())
                .as("no ids and no API call").doesNotContain("hand-off " + hold.handoffId(), "user " + rita,
                        String.valueOf(nobody), "/api/v1/", "rep: ", "handoff");
        assertThat(programs.select("#audit tbody tr[data-action=PROGRAM_STEP_PASSED_OVER] small.details a").eachAttr("href"))
                .containsOnly("/ui/contacts/" + lead);
        Element created = row(contacts, "HANDOFF_CREATED", "/ui/contacts/" + lead);
        assertThat(created.select("small.details").text()).startsWith("hand-off of Lena " + run + " · rep: Rita" + run)
                .doesNotContain("handoff", "CALLER", "OWNER");
        assertThat(created.select("small.details a").attr("href")).isEqualTo("/ui/contacts/" + lead);
        assertThat(hold.why()).as("the API's 409 keeps its ids and call")
                .contains("hand-off " + hold.handoffId(), "(user " + rita + ")", "/accept");
    }

    /** The details of the program's passed-over step whose details say this, each field as the page says it. */
    private static List<String> passedOver(Document page, long program, String saying) {
        return page.select("#audit tbody tr[data-action=PROGRAM_STEP_PASSED_OVER]").stream()
                .filter(row -> row.child(3).select("a").attr("href").equals("/ui/programs/" + program))
                .map(row -> row.select("small.details").text()).filter(details -> details.contains(saying)).findFirst()
                .map(details -> List.of(details.split(" · ")))
                .orElseThrow(() -> new AssertionError("no step passed over saying " + saying + " in "
                        + page.select("#audit tbody tr").eachText()));
    }

    @Test
    void idsNoPersonCanLookUpAreLeftOutAndYesNoDaysAndAStandInAreSaidInWords() throws Exception {
        long rita = team.rep("Rita" + run);
        long sam = team.rep("Sam" + run);
        long contact = api.createContact("{\"email\": \"%s\", \"firstName\": \"Ida\", \"lastName\": \"%s\"}"
                .formatted(uniqueEmail("ida"), run));
        api.post("/api/v1/contacts/" + contact + "/notes", "{\"body\": \"Met at the fair\"}").andExpect(status().isCreated());
        long survivor = api.createContact("{\"email\": \"%s\", \"firstName\": \"Sura\", \"lastName\": \"%s\"}"
                .formatted(uniqueEmail("sura"), run));
        api.post("/api/v1/contacts/merge", "{\"survivorId\": " + survivor + ", \"mergedId\": " + contact + "}")
                .andExpect(status().isOk());
        Map<String, Object> reassigned = new LinkedHashMap<>();
        reassigned.put("handoffId", 77);
        reassigned.put("from", sam);
        reassigned.put("to", rita);
        reassigned.put("why", "owner changed to a rep who is away");
        reassigned.put("standInFor", sam);
        // As the hand-off module records a lead following its owner to a rep who is away.
        audit.recordAs("system", "HANDOFF_REASSIGNED", "contact", survivor, reassigned);
        audit.recordAs("system", "TASKS_TO_NEW_OWNER", "user", rita, Map.of("taskIds", List.of(11, 12)));
        audit.recordAs("system", "READINESS_SET", "contact", survivor, Map.of("readyOn", "2027-03-01", "reason", "budget"));
        team.change(sam, "{\"away\": true}");

        Document contacts = auditPage("entityType", "contact");
        Document users = auditPage("entityType", "user");
        team.change(sam, "{\"away\": false}");

        assertThat(row(contacts, "HANDOFF_REASSIGNED", "/ui/contacts/" + survivor).select("small.details").text())
                .isEqualTo("hand-off of Sura " + run + " · from: Sam" + run + " · to: Rita" + run
                        + " · why: owner changed to a rep who is away · stand-in for: Sam" + run);
        assertThat(row(contacts, "READINESS_SET", "/ui/contacts/" + survivor).select("small.details").text())
                .contains("ready on: 1 March 2027", "reason: budget");
        assertThat(rows(contacts, "NOTE_ADDED")).isNotEmpty().allMatch(r -> !r.contains("note id"));
        assertThat(row(contacts, "CONTACTS_MERGED", "/ui/contacts/" + survivor).select("small.details").text())
                .as("the duplicate, deleted, by the address it had").startsWith("merged email: ida")
                .doesNotContain("merged:", "a contact since deleted");
        assertThat(rows(users, "TASKS_TO_NEW_OWNER")).anyMatch(r -> r.contains("user Rita" + run + " tasks: 2"));
        assertThat(row(users, "USER_CHANGED", "/ui/settings/users#user-" + sam + "-name").select("small.details").text())
                .isEqualTo("away: yes");
        assertThat(contacts.select("#audit").text()).doesNotContain("task id", "touch id", "note id", "handoff",
                "true", "false", "standInFor");
    }

    @Test
    void theScoringSettingsAndThePressurePolicySayASpanAndTheDaysOfTheWeekInWords() throws Exception {
        String actor = "api-key:settings-" + run;
        // As the scoring and engine modules record a change: the settings as they serialise them.
        audit.recordAs(actor, "SCORING_SETTINGS_CHANGED", "scoring", "settings", Map.of("before", scoring.settings(),
                "after", scoring.settings()));
        audit.recordAs(actor, "PRESSURE_POLICY_CHANGED", "pressure-policy", "account", Map.of("before",
                pressure.settings(), "after", pressure.settings()));

        Document page = auditPage("actor", actor);

        String scored = row(page, "SCORING_SETTINGS_CHANGED", "scoring settings").select("small.details").text();
        assertThat(scored).contains("half life: " + io.keepwarm.platform.Spans.said(scoring.settings().halfLife()))
                .doesNotContain("PT", "P30D");
        String pressed = row(page, "PRESSURE_POLICY_CHANGED", "pressure policy").select("small.details").text();
        assertThat(pressed).doesNotContain("MONDAY", "EMAIL", "true", "false");
        if (pressure.settings().hours().values().stream().anyMatch(h -> !h.days().isEmpty())) {
            assertThat(pressed).containsAnyOf("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                    "Sunday");
        }
    }

    /** The rows of one action, as their text reads. */
    private static List<String> rows(Document page, String action) {
        return page.select("#audit tbody tr[data-action=" + action + "]").eachText();
    }

    /** The newest row of an action about an entity, by its link ("/ui/segments/7") or as the row says it. */
    private static Element row(Document page, String action, String entity) {
        return page.select("#audit tbody tr[data-action=" + action + "]").stream()
                .filter(row -> row.child(3).text().equals(entity) || row.child(3).select("a").attr("href").equals(entity))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + action + " about " + entity + " in "
                        + page.select("#audit tbody tr").eachText()));
    }

    /** What the entity column of that row says. */
    private static String entity(Document page, String action, String href) {
        return row(page, action, href).child(3).text();
    }

    private Document auditPage(String... params) throws Exception {
        return page("/ui/settings/audit", params);
    }

    private Document page(String path, String... params) throws Exception {
        var request = org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(path);
        for (int i = 0; i < params.length; i += 2) {
            request.param(params[i], params[i + 1]);
        }
        return Jsoup.parse(api.mvc().perform(request.with(
                        org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                                .user(api.sessionUser(Role.ADMIN)).roles(Role.ADMIN.name())))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }
}
