package io.keepwarm.ui;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.activity.ActivityFeed;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.content.ContentStatus;
import io.keepwarm.handoff.Territories;
import io.keepwarm.identity.ApiKeys;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.Users;
import io.keepwarm.scoring.ScoringRules;
import io.keepwarm.scoring.ScoringRules.BehaviourRule;
import io.keepwarm.scoring.ScoringRules.FitRule;
import io.keepwarm.segment.Segment;
import io.keepwarm.segment.Segments;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.trigger.Trigger;
import io.keepwarm.trigger.Triggers;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * What cannot be taken back is asked first, on a page of its own that works without scripts: the list links to it,
 * it says what will happen (or why it will not), nothing changes until its button posts, and the post does it.
 */
@KeepwarmTest
class ConfirmationPagesTest {

    @Autowired Api api;
    @Autowired ApiKeys apiKeys;
    @Autowired Users users;
    @Autowired Territories territories;
    @Autowired ScoringRules scoring;
    @Autowired Triggers triggers;
    @Autowired ActivityFeed feed;
    @Autowired ContentLibrary library;
    @Autowired Segments segments;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void revokingAnApiKeyAsksFirstThatIntegrationsUsingItStopAtOnce() throws Exception {
        String secret = apiKeys.create("zapier-" + run, Role.MARKETER).key();
        long id = apiKeys.authenticate(secret).orElseThrow().id();
        String path = "/ui/settings/api-keys/" + id + "/revoke";
        assertThat(Jsoup.parse(page(Role.ADMIN, get("/ui/settings"))).getElementById("key-" + id)
                .selectFirst("a[href=" + path + "]")).as("the list links to the question").isNotNull();

        Document asked = Jsoup.parse(page(Role.ADMIN, get(path)));

        assertQuestion(asked, "Revoke key 'zapier-" + run + "'?", path);
        assertThat(asked.getElementById("confirm-consequence").text()).contains("Integrations using it stop working at once");
        assertThat(apiKeys.authenticate(secret)).as("asking revokes nothing").isPresent();
        as(Role.ADMIN, post(path)).andExpect(redirectedUrl("/ui/settings")).andExpect(flash().attribute("revoked", true));
        assertThat(apiKeys.authenticate(secret)).isEmpty();
        assertRefused(Jsoup.parse(page(Role.ADMIN, get(path))), "revoked already");
    }

    @Test
    void removingATerritoryAsksFirstNamingItsRepAndWhereItsLeadsGoInstead() throws Exception {
        String rep = "terry-" + run;
        long repId = users.create(new Users.NewUser(rep, "Terry " + run, null, Role.SALES, "a-long-enough-password")).id();
        long id = territories.add(new Territories.NewTerritory("Region-" + run, null, repId)).id();
        String path = "/ui/settings/territories/" + id + "/remove";
        assertThat(Jsoup.parse(page(Role.ADMIN, get("/ui/settings/handoffs"))).selectFirst("a[href=" + path + "]"))
                .isNotNull();

        Document asked = Jsoup.parse(page(Role.ADMIN, get(path)));

        assertQuestion(asked, "Remove the territory of region 'region-" + run + "'?", path);
        assertThat(asked.getElementById("confirm-consequence").text()).contains("stop going to Terry " + run)
                .contains("round the reps in turn");
        assertThat(territories.list()).extracting(t -> t.id()).contains(id);
        as(Role.ADMIN, post(path)).andExpect(redirectedUrl("/ui/settings/handoffs"))
                .andExpect(flash().attribute("removed", true));
        assertThat(territories.list()).extracting(t -> t.id()).doesNotContain(id);
    }

    @Test
    void deletingAScoringRuleAsksFirstInWordsThatThePointsItGaveStay() throws Exception {
        long id = scoring.save(null, new BehaviourRule(null, "Attended " + run, ActivityType.WEBINAR_ATTENDED, null, null,
                15, null, null, true)).id();
        String path = "/ui/scoring/rules/" + id + "/delete";
        assertThat(Jsoup.parse(page(Role.MARKETER, get("/ui/scoring"))).selectFirst("a[href=" + path + "]")).isNotNull();

        Document asked = Jsoup.parse(page(Role.MARKETER, get(path)));

        assertQuestion(asked, "Delete the scoring rule 'Attended " + run + "'?", path);
        assertThat(asked.getElementById("confirm-consequence").text())
                .contains("the activity 'webinar attended' earns no points by it (it gives 15 now)")
                .contains("The points it gave stay").doesNotContain("WEBINAR_ATTENDED");
        assertThat(scoring.behaviourRules()).extracting(BehaviourRule::id).contains(id);
        as(Role.MARKETER, post(path)).andExpect(redirectedUrl("/ui/scoring")).andExpect(flash().attribute("deleted", true));
        assertThat(scoring.behaviourRules()).extracting(BehaviourRule::id).doesNotContain(id);
    }

    @Test
    void deletingAFitRuleAsksFirstThatEveryContactIsGradedAgainWithoutItsPoints() throws Exception {
        long id = scoring.save(null, new FitRule(null, "Big " + run, "industry = \"Big-" + run + "\"", 30)).id();
        String path = "/ui/scoring/fit-rules/" + id + "/delete";

        Document asked = Jsoup.parse(page(Role.MARKETER, get(path)));

        assertQuestion(asked, "Delete the fit rule 'Big " + run + "'?", path);
        assertThat(asked.getElementById("confirm-consequence").text())
                .contains("Every contact is graded again without its 30 points");
        assertThat(scoring.fitRules()).extracting(FitRule::id).contains(id);
        as(Role.MARKETER, post(path)).andExpect(redirectedUrl("/ui/scoring")).andExpect(flash().attribute("deleted", true));
        assertThat(scoring.fitRules()).extracting(FitRule::id).doesNotContain(id);
    }

    @Test
    void deletingATriggerAsksFirstAndOneThatFiredIsRefusedInWords() throws Exception {
        long unused = trigger("Unused " + run, "nobody-" + run);
        long fired = trigger("Fired " + run, "f-" + run);
        long contact = api.createContact("{\"email\": \"%s\", \"tags\": [\"f-%s\"]}".formatted(uniqueEmail("fired"), run));
        api.post("/api/v1/events", """
                {"events": [{"id": "confirm-%s", "contactId": %d, "type": "REPLIED"}]}""".formatted(run, contact));
        feed.followAll();
        String path = "/ui/triggers/" + unused + "/delete";
        assertThat(Jsoup.parse(page(Role.MARKETER, get("/ui/triggers/" + unused))).getElementById("delete-trigger")
                .attr("href")).isEqualTo(path);

        Document asked = Jsoup.parse(page(Role.MARKETER, get(path)));

        assertQuestion(asked, "Delete trigger 'Unused " + run + "'?", path);
        assertThat(asked.getElementById("confirm-consequence").text()).contains("It stops listening at once");
        assertThat(triggers.get(unused).status()).isEqualTo(Trigger.Status.ACTIVE);
        as(Role.MARKETER, post(path)).andExpect(redirectedUrl("/ui/triggers")).andExpect(flash().attribute("deleted", true));
        assertThat(triggers.list(null, null, 500).items()).extracting(Trigger::id).doesNotContain(unused);

        assertRefused(Jsoup.parse(page(Role.MARKETER, get("/ui/triggers/" + fired + "/delete"))),
                "It has fired, so it is not deleted");
        Document refused = Jsoup.parse(page(Role.MARKETER, post("/ui/triggers/" + fired + "/delete")));
        assertRefused(refused, "Pause it instead");
        assertThat(refused.getElementById("confirm-refusal").text()).doesNotContain("PAUSED");
        assertThat(triggers.get(fired)).isNotNull();
        triggers.setStatus(fired, Trigger.Status.PAUSED);
    }

    @Test
    void deletingAPieceAsksFirstAndALiveOrUsedOneIsRefusedNamingWhatHoldsIt() throws Exception {
        long live = api.liveArticle("Live " + run);
        assertRefused(Jsoup.parse(page(Role.MARKETER, get("/ui/content/" + live + "/delete"))), "retire it first");

        long held = draft("Held " + run);
        long program = json(api.post("/api/v1/programs", """
                {"name": "Holder %s", "kind": "SEQUENCE", "steps": [{"type": "send", "contentId": %d, "channel": "EMAIL"}]}"""
                .formatted(run, held))).get("id").asLong();
        assertRefused(Jsoup.parse(page(Role.MARKETER, get("/ui/content/" + held + "/delete"))),
                "It is used by program 'Holder " + run + "', so it is not deleted");

        long loose = draft("Loose " + run);
        String path = "/ui/content/" + loose + "/delete";
        assertThat(Jsoup.parse(page(Role.MARKETER, get("/ui/content/" + loose))).getElementById("delete-piece")
                .attr("href")).isEqualTo(path);
        Document asked = Jsoup.parse(page(Role.MARKETER, get(path)));
        assertQuestion(asked, "Delete 'Loose " + run + "'?", path);
        assertThat(library.find(loose)).isPresent();
        as(Role.MARKETER, post(path)).andExpect(redirectedUrl("/ui/content")).andExpect(flash().attribute("deleted", true));
        assertThat(library.find(loose)).isEmpty();
        as(Role.SALES, get("/ui/content/" + held + "/delete")).andExpect(status().isForbidden());
        api.post("/api/v1/programs/" + program + "/archive", "");
    }

    @Test
    void retiringALivePieceAsksAtTheTopOfTheFormThatNothingIsSavedYetNamingThePrograms() throws Exception {
        long piece = api.liveArticle("Retire me " + run);
        long program = api.activeProgram("""
                {"name": "Sender %s", "kind": "SEQUENCE", "steps": [{"type": "send", "contentId": %d, "channel": "EMAIL"}]}"""
                .formatted(run, piece));
        Document editor = Jsoup.parse(page(Role.MARKETER, get("/ui/content/" + piece)));
        MockHttpServletRequestBuilder retire = post("/ui/content/" + piece);
        ((org.jsoup.nodes.FormElement) editor.getElementById("content-form")).formData().forEach(kv ->
                retire.param(kv.key(), switch (kv.key()) {
                    case "status" -> "RETIRED";
                    case "name" -> "Renamed " + run;
                    case "previewAs" -> "someone@example.com";
                    default -> kv.value();
                }));

        Document asked = Jsoup.parse(page(Role.MARKETER, retire));

        Element question = asked.getElementById("retiring");
        assertThat(asked.getElementById("retiring-question").text()).isEqualTo("Not saved yet: retire 'Retire me " + run + "'?");
        assertThat(question.text()).contains("from now on it is sent to no one").contains("program 'Sender " + run + "'")
                .contains("Nothing you changed is saved until you answer");
        assertThat(question.attr("role")).isEqualTo("alertdialog");
        assertThat(question.hasAttr("autofocus")).as("the page opens on the question").isTrue();
        assertThat(asked.selectFirst("#content-form > :not(input[type=hidden]):not([hidden])")).as("the first thing of the form")
                .isEqualTo(question);
        assertThat(asked.getElementById("confirm-retire").attr("name")).isEqualTo("confirmed");
        assertThat(asked.getElementById("c-status").selectFirst("option[selected]").val()).isEqualTo("RETIRED");
        assertThat(asked.getElementById("c-name").val()).isEqualTo("Renamed " + run);
        assertThat(asked.getElementById("preview-as").val()).as("the preview goes on as the same contact")
                .isEqualTo("someone@example.com");
        assertThat(library.get(piece).status()).isEqualTo(ContentStatus.LIVE);
        as(Role.MARKETER, retire.param("confirmed", "true")).andExpect(redirectedUrl("/ui/content/" + piece))
                .andExpect(flash().attribute("saved", true));
        assertThat(library.get(piece).status()).isEqualTo(ContentStatus.RETIRED);
        assertThat(library.get(piece).name()).isEqualTo("Renamed " + run);
        api.post("/api/v1/programs/" + program + "/archive", "");
    }

    @Test
    void deletingASegmentAsksFirstAndOneAProgramUsesIsRefusedNamingTheProgram() throws Exception {
        Segment used = segment("Audience " + run);
        long program = json(api.post("/api/v1/programs", """
                {"name": "Audience user %s", "kind": "SEQUENCE", "audienceSegmentId": %d,
                 "steps": [{"type": "wait", "duration": "P7D"}]}""".formatted(run, used.id()))).get("id").asLong();
        assertRefused(Jsoup.parse(page(Role.MARKETER, get("/ui/segments/" + used.id() + "/delete"))),
                "It is used by program 'Audience user " + run + "', so it is not deleted");

        Segment loose = segment("Loose " + run);
        String path = "/ui/segments/" + loose.id() + "/delete";
        assertThat(Jsoup.parse(page(Role.MARKETER, get("/ui/segments/" + loose.id()))).getElementById("delete-segment")
                .attr("href")).isEqualTo(path);
        Document asked = Jsoup.parse(page(Role.MARKETER, get(path)));
        assertQuestion(asked, "Delete segment 'Loose " + run + "'?", path);
        assertThat(asked.getElementById("confirm-consequence").text()).contains("0 contacts are not changed");
        assertThat(segments.get(loose.id())).isNotNull();
        as(Role.MARKETER, post(path)).andExpect(redirectedUrl("/ui/segments")).andExpect(flash().attribute("deleted", true));
        assertThat(segments.list(null, 500).items()).extracting(Segment::id).doesNotContain(loose.id());
        api.post("/api/v1/programs/" + program + "/archive", "");
    }

    private static void assertQuestion(Document page, String question, String action) {
        assertThat(page.getElementById("confirm-question").text()).isEqualTo(question);
        assertThat(page.title()).as("what is confirmed").isEqualTo(question + " · Confirm · Keepwarm");
        Element button = page.getElementById("confirm-button");
        assertThat(button).isNotNull();
        assertThat(button.closest("form").attr("method")).isEqualTo("post");
        assertThat(button.closest("form").attr("action")).isEqualTo(action);
        assertThat(button.closest("form").selectFirst("input[type=hidden][name=_csrf]")).as("a browser's post is taken")
                .isNotNull();
        assertThat(page.getElementById("confirm-cancel")).isNotNull();
    }

    /** The post a confirmation page's button makes, with what it carries, as a browser sends it (its CSRF token aside). */
    static MockHttpServletRequestBuilder pressed(Document question) {
        org.jsoup.nodes.FormElement form = (org.jsoup.nodes.FormElement) question.getElementById("confirm-button")
                .closest("form");
        MockHttpServletRequestBuilder post = post(form.attr("action"));
        form.formData().stream().filter(kv -> !kv.key().equals("_csrf")).forEach(kv -> post.param(kv.key(), kv.value()));
        return post;
    }

    private static void assertRefused(Document page, String why) {
        assertThat(page.getElementById("confirm-refusal").text()).contains(why);
        assertThat(page.getElementById("confirm-button")).as("nothing to press").isNull();
    }

    private long trigger(String name, String tag) throws Exception {
        return json(api.post("/api/v1/triggers", """
                {"name": "%s", "when": {"type": "activity", "activity": "REPLIED"}, "condition": "tag = \\"%s\\"",
                 "actions": [{"type": "addTag", "tag": "answered"}]}""".formatted(name, tag))).get("id").asLong();
    }

    private long draft(String name) throws Exception {
        return json(api.post("/api/v1/content", """
                {"name": "%s", "type": "ARTICLE", "status": "DRAFT",
                 "variants": {"email": {"subject": "Hi", "html": "<p>Hello</p>"}}}""".formatted(name))).get("id").asLong();
    }

    private Segment segment(String name) throws Exception {
        long id = json(api.post("/api/v1/segments", JsonMapper.shared().createObjectNode().put("name", name)
                .put("text", "tag = \"none-" + run + "\"").toString())).get("id").asLong();
        return segments.get(id);
    }

    private String page(Role role, MockHttpServletRequestBuilder request) throws Exception {
        return as(role, request).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    private ResultActions as(Role role, MockHttpServletRequestBuilder request) throws Exception {
        return api.mvc().perform(request.with(user(api.sessionUser(role)).roles(role.name())).with(csrf()));
    }
}
