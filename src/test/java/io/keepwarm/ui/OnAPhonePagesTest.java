package io.keepwarm.ui;

import static io.keepwarm.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.delivery.TaskKind;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SalesTeam;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.JsonNode;

/**
 * What a field rep who works Keepwarm on a phone alone meets: lists that read without sideways scrolling, numbers to
 * tap, days in words, and the answer to what they pressed in sight.
 */
@KeepwarmTest
class OnAPhonePagesTest {

    /** A moment as stored texts write it, in numbers: "on 2027-01-12 09:00". */
    private static final Pattern IN_NUMBERS = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}");

    @Autowired Api api;
    @Autowired Tasks tasks;
    @Autowired io.keepwarm.support.TestClock clock;
    @Autowired io.keepwarm.handoff.HandoffSettings settings;
    @Autowired io.keepwarm.activity.ActivityFeed feed;

    private SalesTeam team;
    private long rep;

    @BeforeEach
    void aRep() throws Exception {
        team = new SalesTeam(api);
        rep = team.rep("Pia");
    }

    /** Away, so the hand-off job and other tests' leads pass her by. */
    @AfterEach
    void repAway() throws Exception {
        team.away(rep, true);
    }

    @Test
    void theCallsForLaterAndTheContactListReadAsCardsOnAPhoneEachValueUnderItsColumnsName() throws Exception {
        long contact = team.contactToCallToday(rep, "Later", "+1-303-555-0104", clock);
        tasks.create(new Tasks.NewTask(contact, rep, TaskKind.CALL_BACK, "Call back", "after the board meeting",
                clock.instant().plus(Duration.ofDays(2)), 80));

        Document day = pageAs(rep, "/ui/my-day");
        Document list = pageAs(rep, "/ui/contacts?q=later");

        readsAsCards(day.getElementById("callbacks"));
        readsAsCards(list.getElementById("contact-list"));
        assertThat(day.select("#callbacks td.phone").text()).isEqualTo("+1-303-555-0104");
        String css = api.get("/css/keepwarm.css").andReturn().getResponse().getContentAsString();
        assertThat(css).as("the rule that stacks them").contains("@media (max-width: 576px)",
                "table.stack td[data-label]::before { content: attr(data-label)", ".phone { white-space: nowrap; }");
    }

    @Test
    void aNumberToDialIsNeverBrokenAcrossTwoLines() throws Exception {
        long contact = team.contactToCallToday(rep, "Dial", "+1-303-555-0105", clock);
        long task = tasks.create(new Tasks.NewTask(contact, rep, TaskKind.CALL_BACK, "Call back", null, null, 80));

        Document day = pageAs(rep, "/ui/my-day");

        assertThat(day.select("#task-" + task + " a[href^=tel:]").hasClass("phone")).isTrue();
    }

    @Test
    void aLeadsWhyItsCallsContextAndItsAlertSayTheDayInWordsAsTheContactPageDoes() throws Exception {
        long contact = leadHandedOff("Worded", "+1-303-555-0106");
        JsonNode handoff = handoffOf(contact);
        assertThat(handoff.get("why").asString()).as("written in numbers once, for every reader").containsPattern(IN_NUMBERS);
        long alert = 0;
        for (JsonNode a : json(team.get(rep, "/api/v1/alerts?unread=true")).get("items")) {
            alert = a.get("contactId").asLong() == contact ? a.get("id").asLong() : alert;
        }
        String today = When.dayOfWeek(LocalDate.ofInstant(clock.instant(), settings.zone()));

        Document day = pageAs(rep, "/ui/my-day");

        for (String id : List.of("handoff-why-" + handoff.get("id").asLong(), "context-" + handoff.get("taskId").asLong(),
                "alert-body-" + alert)) {
            assertThat(day.getElementById(id)).as(id).isNotNull();
            assertThat(day.getElementById(id).text()).as(id).contains(today).doesNotContainPattern(IN_NUMBERS);
        }
    }

    @Test
    void aLeadsCallFoldsTheHandOffContextItsCardAboveAlreadyHoldsSoADayOfLeadsIsNotPagesLong() throws Exception {
        long contact = leadHandedOff("Folded", "+1-303-555-0107");
        JsonNode handoff = handoffOf(contact);

        Document day = pageAs(rep, "/ui/my-day");

        Element context = day.getElementById("context-" + handoff.get("taskId").asLong());
        assertThat(context.parent().tagName()).isEqualTo("details");
        assertThat(context.parent().hasAttr("open")).isFalse();
        assertThat(context.parent().selectFirst("summary").text()).isEqualTo("The hand-off's context");
    }

    @Test
    void whatALoggedCallDidIsScrolledIntoSightAndARefusalStaysBesideItsField() throws Exception {
        long contact = team.contactToCallToday(rep, "Scrolled", "+1-303-555-0107", clock);
        long task = tasks.create(new Tasks.NewTask(contact, rep, TaskKind.CALL_BACK, "Call back", null, null, 80));

        MockHttpServletResponse refused = team.as(rep, post("/ui/tasks/" + task + "/outcome")
                .header("HX-Request", "true").param("outcome", "REACHED_NOT_NOW")).andReturn().getResponse();
        MockHttpServletResponse logged = team.as(rep, post("/ui/tasks/" + task + "/outcome")
                .header("HX-Request", "true").param("outcome", "NO_ANSWER")).andReturn().getResponse();

        assertThat(refused.getHeader("HX-Reswap")).as("the page stays at the field to fix").isNull();
        assertThat(page(refused).getElementById("task-" + task + "-askAgainOn-error")).isNotNull();
        assertThat(logged.getHeader("HX-Reswap")).isEqualTo("outerHTML show:#my-day-said:top");
        assertThat(page(logged).select("#my-day-said #action-done").text()).startsWith("Logged: No answer");
    }

    @Test
    void theContactPageDialsTheirNumberWithATapUnlessTheyMayNotBeCalled() throws Exception {
        long callable = team.contactToCallToday(rep, "Tap", "+1-303-555-0108", clock);
        long quiet = team.contactToCallToday(rep, "Hush", "+1-303-555-0109", clock);
        api.patch("/api/v1/contacts/" + quiet, "{\"doNotContact\": [\"PHONE\"]}").andExpect(status().isOk());

        Document tap = pageAs(rep, "/ui/contacts/" + callable);
        Document hush = pageAs(rep, "/ui/contacts/" + quiet);

        Element call = tap.selectFirst("hgroup a[href^=tel:]");
        assertThat(call).as("at the top, beside the address").isNotNull();
        assertThat(call.attr("href")).isEqualTo("tel:+1-303-555-0108");
        assertThat(call.hasClass("phone")).isTrue();
        assertThat(hush.select("a[href^=tel:]")).isEmpty();
        assertThat(hush.getElementById("not-called").text()).contains("+1-303-555-0109", "not to be called");
    }

    @Test
    void theLastUnansweredCallOnAnAcceptedLeadSaysAtOnceThatTheLeadGoesBackToNurture() throws Exception {
        long contact = leadHandedOff("Silent", "+1-303-555-0110");
        long handoff = handoffOf(contact).get("id").asLong();
        long call = json(team.post(rep, "/api/v1/handoffs/" + handoff + "/accept", "{}").andExpect(status().isOk()))
                .get("firstCallTaskId").asLong();

        String said = "";
        for (int attempt = 1; attempt <= 3; attempt++) {
            said = page(team.as(rep, post("/ui/tasks/" + call + "/outcome").header("HX-Request", "true")
                    .param("outcome", "NO_ANSWER")).andReturn().getResponse()).getElementById("action-done").text();
            if (attempt < 3) {
                call = tasks.nextAttempt(call).orElseThrow().id();
            }
        }

        assertThat(said).startsWith("Logged: No answer. That was the last of 3 attempts: no further call is booked.")
                .endsWith("The lead goes back to nurture (recycled) with its owner; to work it still, move it back to"
                        + " Sales-qualified on the contact's page.");
    }

    @Test
    void onAPhoneTheMenuAndTheAccountFoldBehindAMenuButtonThatNeedsNoScriptAndCarriesTheUnreadAlerts() throws Exception {
        leadHandedOff("Menu", "+1-303-555-0111");

        Document home = pageAs(rep, "/");

        Element menu = home.selectFirst("header nav details.phone-fold");
        assertThat(menu).as("a <details>: it opens without a script, and says to a screen reader whether it is open")
                .isNotNull();
        assertThat(menu.hasAttr("open")).isFalse();
        Element button = menu.child(0);
        assertThat(button.tagName()).isEqualTo("summary");
        assertThat(button.ownText()).isEqualTo("Menu");
        assertThat(button.select(".badge").attr("aria-label")).as("the count beside My day, folded with it")
                .matches("[1-9]\\d*\\+? unread alerts");
        assertThat(menu.select("#nav-links a").eachText()).anyMatch(link -> link.startsWith("My day"));
        assertThat(menu.getElementById("account-link")).isNotNull();
        assertThat(menu.getElementById("sign-out")).isNotNull();
        assertThat(home.selectFirst("header nav > ul.brand-line").text()).as("beside the button").startsWith("Keepwarm");
        String css = api.get("/css/keepwarm.css").andReturn().getResponse().getContentAsString();
        assertThat(css).as("wider than a phone, the menu stands whole as before and the button is gone")
                .contains("@media (min-width: 768px) {\n  details.phone-fold { display: contents; }\n"
                        + "  details.phone-fold > summary { display: none; }\n"
                        + "  details.phone-fold::details-content { display: contents; content-visibility: visible; }");
        Document day = pageAs(rep, "/ui/my-day");
        assertThat(day.getElementById("my-day").attr("hx-select-oob"))
                .as("a Mark read counts the button's alerts anew too").contains("#menu-button");
    }

    @Test
    void onAPhoneTheContactFiltersFoldSayingWhatTheListIsFilteredBySoTheFirstContactsShowAndAMistakeKeepsThemOpen()
            throws Exception {
        team.contactToCallToday(rep, "Filtered", "+1-303-555-0112", clock);

        Document all = pageAs(rep, "/ui/contacts");
        Document some = pageAs(rep, "/ui/contacts?stage=NEW&tag=none-such&q=filtered");
        Document wrong = page(team.as(rep, get("/ui/contacts").param("rule", "score >>> 5")).andReturn().getResponse());

        for (Document page : List.of(all, some)) {
            Element filters = page.getElementById("filters");
            assertThat(filters.hasClass("phone-fold")).isTrue();
            assertThat(filters.hasAttr("open")).as("folded, so the list comes next").isFalse();
            assertThat(filters.getElementById("contact-filters")).isNotNull();
        }
        assertThat(all.select("#filters > summary").text()).isEqualTo("Filter the list");
        assertThat(some.select("#filters > summary").text())
                .isEqualTo("Filtered by \"filtered\", stage and tag: change");
        assertThat(wrong.getElementById("filters").hasAttr("open")).as("open at the mistake to fix").isTrue();
        assertThat(wrong.getElementById("rule-error")).isNotNull();
    }

    @Test
    void theDashboardsTablesReadAsCardsOnAPhoneEachValueUnderItsColumnsName() throws Exception {
        long program = api.activeProgram("""
                {"name": "Carded", "kind": "SEQUENCE", "steps": [{"type": "wait", "duration": "P7D"}]}""");
        String marketer = api.sessionUser(io.keepwarm.identity.Role.MARKETER);

        Document home = page(api.mvc().perform(get("/").with(
                org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user(marketer)
                        .roles("MARKETER"))).andReturn().getResponse());

        for (String id : List.of("conversions", "velocity", "touches-table", "handoffs-table", "reps-table",
                "programs")) {
            readsAsCards(home.getElementById(id));
        }
        assertThat(home.select("#conversions tbody tr")).isNotEmpty();
        assertThat(home.select("#programs tbody tr")).isNotEmpty();
        api.post("/api/v1/programs/" + program + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void aLeadsCardOnMyDaySaysTheirNumberWasFoundWrongAsTheContactPageDoes() throws Exception {
        long contact = leadHandedOff("Wrongly", "+1-303-555-0113");
        long handoff = handoffOf(contact).get("id").asLong();
        Document before = pageAs(rep, "/ui/my-day");
        api.post("/api/v1/events", """
                {"events": [{"id": "dialer-%1$d", "contactId": %1$d, "type": "CALL_OUTCOME", "channel": "PHONE",
                  "target": "WRONG_NUMBER", "properties": {"note": "A bakery answered"}}]}""".formatted(contact))
                .andExpect(status().isOk());
        feed.followAll();

        Document day = pageAs(rep, "/ui/my-day");
        Document contactPage = pageAs(rep, "/ui/contacts/" + contact);

        assertThat(before.getElementById("handoff-not-called-" + handoff)).as("a number not found wrong").isNull();
        assertThat(day.getElementById("handoff-" + handoff)).as("the lead still waits for a decision").isNotNull();
        assertThat(day.getElementById("handoff-not-called-" + handoff).text())
                .isEqualTo("+1-303-555-0113 (not to be called: their number was found wrong)")
                .isEqualTo(contactPage.getElementById("not-called").text());
    }

    @Test
    void aRepWhoManagesRepsIsCalledASalesManagerInTheHeaderAndOnTheirAccountAndTheirRepsSalesReps() throws Exception {
        long manager = team.rep("Manon");
        team.manages(manager, rep);
        try {
            for (String path : List.of("/", "/ui/account")) {
                Document managers = pageAs(manager, path);
                Document reps = pageAs(rep, path);
                assertThat(managers.getElementById("account-link").parent().text()).as(path).endsWith("· Sales manager");
                assertThat(reps.getElementById("account-link").parent().text()).as(path).endsWith("· Sales rep");
            }
            assertThat(pageAs(manager, "/ui/account").getElementById("role").text()).isEqualTo("Sales manager");
        } finally {
            team.change(rep, "{\"managerId\": 0}");
            team.away(manager, true);
        }
    }

    /** A table stacks on a phone, and each value that says what it is says it by its column's name. */
    private static void readsAsCards(Element table) {
        assertThat(table).isNotNull();
        assertThat(table.hasClass("stack")).as("#" + table.id() + " stacks on a phone").isTrue();
        List<String> columns = table.select("thead th").eachText();
        for (Element row : table.select("tbody tr")) {
            for (int i = 0; i < columns.size(); i++) {
                Element cell = row.child(i);
                if (cell.hasAttr("data-label")) {
                    assertThat(cell.attr("data-label")).as("#" + table.id() + " column " + i).isEqualTo(columns.get(i));
                }
            }
            assertThat(row.select("td[data-label]").size()).as("#" + table.id() + ": all but the row's name labelled")
                    .isGreaterThanOrEqualTo(columns.size() - 1);
        }
    }

    /** A contact of the rep's to call today, just made marketing-qualified: a lead handed to her. */
    private long leadHandedOff(String firstName, String phone) throws Exception {
        long contact = team.contactToCallToday(rep, firstName, phone, clock);
        api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"MQL\", \"reasonCode\": \"SCORE\"}")
                .andExpect(status().isOk());
        return contact;
    }

    private JsonNode handoffOf(long contact) throws Exception {
        return json(api.get("/api/v1/handoffs?contact=" + contact)).get("items").get(0);
    }

    /** The page as the user sees it. */
    private Document pageAs(long user, String path) throws Exception {
        return page(team.as(user, get(path)).andReturn().getResponse());
    }

    private static Document page(MockHttpServletResponse response) throws Exception {
        return Jsoup.parse(response.getContentAsString());
    }
}
