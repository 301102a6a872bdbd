package io.keepwarm.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.icegreen.greenmail.util.GreenMail;
import io.keepwarm.audit.AuditLog;
import io.keepwarm.contact.Channel;
import io.keepwarm.engine.PressureRules;
import io.keepwarm.engine.PressureSettings;
import io.keepwarm.handoff.HandoffSettings;
import io.keepwarm.handoff.Territories;
import io.keepwarm.identity.ApiKeys;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.lifecycle.LifecycleRules;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.platform.Timestamps;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The admin's settings forms as a browser sends them: a refused form comes back with each message at its field and
 * everything typed still there, and nothing changes; an accepted one changes the setting through the module and
 * leaves an audit entry naming the admin.
 */
@KeepwarmTest
class SettingsPagesTest {

    @Autowired Api api;
    @Autowired Users users;
    @Autowired ApiKeys apiKeys;
    @Autowired PressureRules pressure;
    @Autowired LifecycleRules lifecycle;
    @Autowired HandoffSettings handoffs;
    @Autowired Territories territories;
    @Autowired AuditLog audit;
    @Autowired GreenMail mail;
    @Autowired TestClock clock;
    @Autowired JdbcClient jdbc;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private PressureSettings policyBefore;
    private LifecycleRules.Recycling recyclingBefore;
    private HandoffSettings.Sla slaBefore;
    private Map<Stage, String> labelsBefore;

    @BeforeEach
    void rememberTheSettings() {
        policyBefore = pressure.settings();
        recyclingBefore = lifecycle.recycling();
        slaBefore = handoffs.current();
        labelsBefore = lifecycle.labels();
    }

    @AfterEach
    void settingsBackAsTheyWere() {
        pressure.change(new PressureRules.Change(
                policyBefore.caps().stream().map(c -> new PressureRules.CapChange(c.channel(), c.max(), c.windowDays())).toList(),
                policyBefore.hours().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> new PressureRules.HoursChange(
                        e.getValue().start(), e.getValue().end(), e.getValue().days()))),
                List.copyOf(policyBefore.optOutCountries()), policyBefore.honourPreferredChannel()));
        lifecycle.change(new LifecycleRules.Change(recyclingBefore.lostReturnDays(), recyclingBefore.dormantAfterMonths(), labelsBefore));
        handoffs.change(new HandoffSettings.Change(slaBefore.slaHours(), slaBefore.onOverdue()));
        jdbc.sql("DELETE FROM account_settings").update();
    }

    @Test
    void anAdminSeesAndSavesTheAccountsTimeZoneAndCallingHoursAndTheAuditLogNamesThem() throws Exception {
        Document page = Jsoup.parse(form(get("/ui/settings/account")));
        assertThat(page.select("#time-zone").val()).isEqualTo("UTC");
        assertThat(page.select("#calling-from").val()).isEqualTo("08:00");
        assertThat(page.select("#calling-until").val()).isEqualTo("21:00");
        assertThat(page.select("#calling-hours-help").text()).contains("every day, in the contact's own time zone",
                "also the pressure policy's hours for calls");

        String admin = api.sessionUser(Role.ADMIN);
        api.mvc().perform(as(admin, post("/ui/settings/account").param("timeZone", "Europe/Berlin")
                        .param("callingFrom", "09:00").param("callingUntil", "18:30")))
                .andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/ui/settings/account"))
                .andExpect(flash().attribute("saved", true));

        assertThat(handoffs.current().zone()).as("the hand-offs' zone, at once").isEqualTo("Europe/Berlin");
        page = Jsoup.parse(form(get("/ui/settings/account")));
        assertThat(page.select("#time-zone").val()).isEqualTo("Europe/Berlin");
        assertThat(page.select("#calling-until").val()).isEqualTo("18:30");
        assertThat(Jsoup.parse(form(get("/ui/settings/pressure"))).select("#calls-hours").text())
                .as("the pressure page names the one setting for calls").contains("09:00–18:30");
        assertThat(Jsoup.parse(form(get("/ui/settings/handoffs"))).text()).contains("Monday to Friday in Europe/Berlin");
        AuditLog.Entry entry = audit.list("account", null, admin, null, 1).items().getFirst();
        assertThat(entry.action()).isEqualTo("ACCOUNT_SETTINGS_CHANGED");
        assertThat(entry.details()).contains("Europe/Berlin", "09:00–18:30");
    }

    @Test
    void anAccountFormWithMistakesComesBackAsTypedWithEachMessageAtItsFieldAndChangesNothing() throws Exception {
        Document page = Jsoup.parse(form(post("/ui/settings/account").param("timeZone", "Berlin")
                .param("callingFrom", "20:00").param("callingUntil", "09:00")));

        assertThat(page.select("#form-error").text()).contains("Nothing was saved");
        assertThat(page.select("#time-zone").val()).isEqualTo("Berlin");
        assertThat(FieldMessages.of(page, "time-zone")).as("its help, then its mistake")
                .startsWith("Hand-off deadlines count working hours").contains("IANA time zone such as Europe/Berlin");
        assertThat(FieldMessages.of(page, "calling-until")).contains("after the start of calling hours (20:00)");
        assertThat(page.getElementById("calling-from").hasAttr("aria-invalid")).as("a field without a mistake").isFalse();
        assertThat(page.select("#calling-from").val()).isEqualTo("20:00");
        assertThat(handoffs.current().zone()).isEqualTo("UTC");
    }

    @Test
    void thePressurePageHasNoHoursOfItsOwnForCalls() throws Exception {
        Document page = Jsoup.parse(form(get("/ui/settings/pressure")));

        assertThat(page.select("#hours-PHONE")).isEmpty();
        assertThat(page.select("#hours-EMAIL")).isNotEmpty();
        assertThat(page.select("#calls-hours").text()).contains("08:00–21:00 every day in the contact's zone");
        assertThat(page.select("#calls-hours a").attr("href")).isEqualTo("/ui/settings/account");
    }

    @Test
    void aPressurePolicyFormWithMistakesComesBackAsTypedWithEachMessageAtItsFieldAndChangesNothing() throws Exception {
        PressureSettings before = pressure.settings();
        String page = form(post("/ui/settings/pressure")
                .param("capChannel", "EMAIL", "", "PHONE").param("capMax", "2", "", "three").param("capWindow", "0", "", "7")
                .param("hours.EMAIL.limited", "on").param("hours.EMAIL.start", "9").param("hours.EMAIL.end", "18")
                .param("hours.EMAIL.days", "MONDAY").param("countries", "US, Atlantis"));
        assertThat(page).contains("id=\"cap-2-max-error\"").contains("must be a whole number, such as 3, not &#39;three&#39;")
                .contains("value=\"three\"").contains("value=\"US, Atlantis\"");
        assertThat(page).as("the fields the form could read are checked too").contains("id=\"cap-0-window-error\"")
                .contains("must be between 1 and 365, not 0").contains("id=\"countries-error\"");
        Document marked = Jsoup.parse(page);
        assertThat(FieldMessages.of(marked, "cap-2-max")).as("what a screen reader reads with the field")
                .isEqualTo("must be a whole number, such as 3, not 'three'");
        assertThat(FieldMessages.of(marked, "cap-0-window")).isEqualTo("must be between 1 and 365, not 0");
        assertThat(FieldMessages.of(marked, "countries")).contains("Atlantis");
        assertThat(marked.getElementById("cap-0-max").hasAttr("aria-describedby")).isFalse();
        assertThat(marked.getElementById("form-error").attr("role")).as("announced").isEqualTo("alert");
        assertThat(pressure.settings()).isEqualTo(before);

        // Past the form's own checks, the module's: its messages land on the row they belong to, blank rows counted.
        page = form(post("/ui/settings/pressure")
                .param("capChannel", "", "EMAIL").param("capMax", "", "2").param("capWindow", "", "0")
                .param("countries", "US, Atlantis"));
        assertThat(page).contains("id=\"cap-1-window-error\"").contains("must be between 1 and 365, not 0")
                .contains("id=\"countries-error\"").contains("Atlantis");
        assertThat(pressure.settings()).isEqualTo(before);
    }

    @Test
    void quietHoursWithNoDayTickedAskForADayInTheFormsWordsNotTheApisDayCodes() throws Exception {
        PressureSettings before = pressure.settings();

        Document page = Jsoup.parse(form(post("/ui/settings/pressure")
                .param("capChannel", "EMAIL").param("capMax", "1").param("capWindow", "3")
                .param("hours.EMAIL.limited", "on").param("hours.EMAIL.start", "9").param("hours.EMAIL.end", "18")));

        assertThat(page.getElementById("hours-EMAIL-days-error").text()).isEqualTo("tick at least one day on which it may go");
        assertThat(page.select("#main").text()).doesNotContain("MONDAY");
        assertThat(pressure.settings()).isEqualTo(before);
    }

    @Test
    void thePressurePolicyPageNamesTheChannelsInWords() throws Exception {
        Document page = Jsoup.parse(form(get("/ui/settings/pressure")));

        assertThat(page.select("#cap-0-channel option").eachText()).containsExactly("every channel", "email", "phone calls", "SMS");
        // Calls keep the calling hours, set on the account's page: no hours of their own here.
        assertThat(page.select("fieldset[id^=hours-]:not(.days) > legend").eachText()).containsExactly("email", "SMS");
        assertThat(page.select("#main").text()).doesNotContain("EMAIL", "PHONE");
    }

    @Test
    void aTerritoryNamesACountryByItsCodeInUpperCaseAsContactsHoldItOldLowerCaseRulesToo() throws Exception {
        long rep = users.create(new Users.NewUser("land-" + run, "Lana Land", null, Role.SALES, "a-long-enough-password")).id();
        api.mvc().perform(as(api.sessionUser(Role.ADMIN), post("/ui/settings/territories").param("region", " de ")
                        .param("industry", "").param("repId", String.valueOf(rep))))
                .andExpect(redirectedUrl("/ui/settings/handoffs"));
        long added = territories.list().stream().filter(t -> t.repId() == rep).findFirst().orElseThrow().id();
        // As territories were stored before: a country's code in lower case.
        jdbc.sql("INSERT INTO territories (region, industry, rep_id, created_at) VALUES ('at', NULL, ?, ?)")
                .params(rep, Timestamps.of(clock.instant())).update();
        try {
            assertThat(territories.list()).filteredOn(t -> t.repId() == rep).extracting(t -> t.region())
                    .containsExactly("DE", "at");

            Document page = Jsoup.parse(form(get("/ui/settings/handoffs")));

            assertThat(page.select("#territories tr:has(td:contains(Lana Land)) td:eq(0)").eachText())
                    .containsExactly("DE", "AT");
            assertThat(form(get("/ui/settings/territories/" + added + "/remove")))
                    .contains("Remove the territory of region &#39;DE&#39;?");
        } finally {
            territories.list().stream().filter(t -> t.repId() == rep).forEach(t -> territories.remove(t.id()));
        }
    }

    @Test
    void aMarketerReachesThePressurePolicyAndStagesFromSettingsAsTheApiLetsThemButNotTheAdminsPages() throws Exception {
        String marketer = api.sessionUser(Role.MARKETER);
        String attributes = api.mvc().perform(get("/ui/settings/attributes").with(user(marketer).roles("MARKETER")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(attributes).contains("href=\"/ui/settings/pressure\"", "href=\"/ui/settings/lifecycle\"")
                .doesNotContain("href=\"/ui/settings/users\"");
        assertThat(api.mvc().perform(get("/ui/settings/pressure").with(user(marketer).roles("MARKETER")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString())
                .contains("Pressure and quiet hours");
        api.mvc().perform(get("/ui/settings/users").with(user(marketer).roles("MARKETER"))).andExpect(status().isForbidden());
    }

    @Test
    void optOutCountriesAreReadByCommasAndByNameAndWordsThatAreEachACountryStillCountOneByOne() {
        assertThat(SettingsPages.countries("United States, Canada; de")).containsExactly("United States", "Canada", "de");
        assertThat(SettingsPages.countries("us ca")).containsExactly("us", "ca");
        assertThat(SettingsPages.countries("New Zealand")).containsExactly("New Zealand");
        assertThat(SettingsPages.countries(" , ")).isEmpty();
    }

    @Test
    void aSavedPressurePolicyIsTheModulesAndTheAuditLogNamesTheAdmin() throws Exception {
        String admin = api.sessionUser(Role.ADMIN);
        api.mvc().perform(as(admin, post("/ui/settings/pressure")
                        .param("capChannel", "EMAIL", "").param("capMax", "2", "").param("capWindow", "7", "")
                        .param("hours.SMS.limited", "on").param("hours.SMS.start", "10").param("hours.SMS.end", "16")
                        .param("hours.SMS.days", "MONDAY", "FRIDAY").param("countries", "United States, ca")))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/ui/settings/pressure"))
                .andExpect(flash().attribute("saved", true));
        PressureSettings saved = pressure.settings();
        assertThat(saved.caps()).containsExactly(new PressureSettings.Cap(Channel.EMAIL, 2, 7));
        assertThat(saved.hours()).containsOnlyKeys(Channel.SMS);
        assertThat(saved.hoursFor(Channel.SMS).end()).isEqualTo(16);
        assertThat(saved.optOutCountries()).containsExactly("CA", "US");
        assertThat(saved.honourPreferredChannel()).isFalse();
        AuditLog.Entry entry = audit.list("pressure-policy", null, admin, null, 1).items().getFirst();
        assertThat(entry.action()).isEqualTo("PRESSURE_POLICY_CHANGED");
        assertThat(entry.details()).contains("\"windowDays\":7");
    }

    @Test
    void recyclingNumbersAndStageNamesAreCheckedAtTheirFieldsAndSavedWithAnAuditEntry() throws Exception {
        String page = form(post("/ui/settings/lifecycle").param("lostReturnDays", "soon").param("dormantAfterMonths", "0")
                .param("label.NURTURE", "Nurture"));
        assertThat(page).contains("value=\"soon\"");
        assertThat(FieldMessages.of(Jsoup.parse(page), "lost-return-days")).as("what a screen reader reads with the field")
                .contains("'soon'");
        page = form(post("/ui/settings/lifecycle").param("lostReturnDays", "30").param("dormantAfterMonths", "0")
                .param("label.NURTURE", "Nurture"));
        assertThat(FieldMessages.of(Jsoup.parse(page), "dormant-after-months")).contains("must be between 1 and 120, not 0");
        assertThat(lifecycle.recycling().lostReturnDays()).isEqualTo(90);

        String admin = api.sessionUser(Role.ADMIN);
        MockHttpServletRequestBuilder change = post("/ui/settings/lifecycle").param("lostReturnDays", "30")
                .param("dormantAfterMonths", "9");
        lifecycle.labels().forEach((stage, label) ->
                change.param("label." + stage, stage == Stage.NURTURE ? "Keeping warm " + run : label));
        api.mvc().perform(as(admin, change)).andExpect(redirectedUrl("/ui/settings/lifecycle"))
                .andExpect(flash().attribute("saved", true));
        assertThat(lifecycle.recycling()).isEqualTo(new LifecycleRules.Recycling(30, 9));
        assertThat(lifecycle.labels().get(Stage.NURTURE)).isEqualTo("Keeping warm " + run);
        assertThat(Jsoup.parse(form(get("/ui/settings/lifecycle"))).getElementById("transitions").text())
                .as("the moves name the stages as the app does").contains("Keeping warm " + run)
                .doesNotContain("NURTURE", "DISQUALIFIED");
        AuditLog.Entry entry = audit.list("lifecycle", "rules", admin, null, 1).items().getFirst();
        // only the name that changed, not all ten
        assertThat(entry.details()).contains("Keeping warm " + run).doesNotContain("DISQUALIFIED");
    }

    @Test
    void twoStagesGivenTheSameNameAreRefusedBesideBothFieldsAndNothingIsSaved() throws Exception {
        MockHttpServletRequestBuilder change = post("/ui/settings/lifecycle").param("lostReturnDays", "30")
                .param("dormantAfterMonths", "9");
        lifecycle.labels().forEach((stage, label) -> change.param("label." + stage,
                stage == Stage.NURTURE ? "Hot lead " + run : stage == Stage.MQL ? "hot LEAD " + run : label));

        Document page = Jsoup.parse(form(change));

        assertThat(page.getElementById("form-error").text()).isEqualTo("Nothing was saved: see the marked fields.");
        assertThat(FieldMessages.of(page, "label-NURTURE")).as("what a screen reader reads with the field")
                .contains("Each stage needs a name of its own: 'Hot lead " + run + "' is already the name of MQL");
        assertThat(FieldMessages.of(page, "label-MQL"))
                .contains("Each stage needs a name of its own: 'hot LEAD " + run + "' is already the name of NURTURE");
        assertThat(page.getElementById("label-MQL").val()).as("kept as typed").isEqualTo("hot LEAD " + run);
        assertThat(lifecycle.labels()).isEqualTo(labelsBefore);
        assertThat(lifecycle.recycling()).isEqualTo(recyclingBefore);
        assertThat(page.getElementById("transitions").text()).doesNotContain("Hot lead");
    }

    @Test
    void theTerritoryFormCountsTheHeldRegionsAfreshAfterAContactChangesAndElseAtMostEveryFiveMinutes()
            throws Exception {
        api.createContact("""
                {"email": "%s", "region": "Saxony %s"}""".formatted(Api.uniqueEmail("saxon"), run));
        assertThat(suggested("saxony " + run)).isEqualTo("1 contact");
        // A contact written where no change is announced (another instance's, say): the counts of a moment ago stand.
        Instant now = clock.instant();
        jdbc.sql("""
                INSERT INTO contacts (email, region, time_zone, source, validity, created_at, updated_at)
                VALUES (?, ?, 'UTC', 'IMPORT', 'VALID', ?, ?)""")
                .params(Api.uniqueEmail("quiet"), "Saxony " + run, Timestamps.of(now), Timestamps.of(now)).update();

        assertThat(suggested("saxony " + run)).as("counted a moment ago").isEqualTo("1 contact");
        clock.advance(Duration.ofMinutes(5));
        assertThat(suggested("saxony " + run)).as("counted again after five minutes").isEqualTo("2 contacts");

        api.createContact("""
                {"email": "%s", "region": "Saxony %s"}""".formatted(Api.uniqueEmail("saxon"), run));
        assertThat(suggested("saxony " + run)).as("a contact changed here shows at once").isEqualTo("3 contacts");
    }

    private String suggested(String place) throws Exception {
        return Jsoup.parse(form(get("/ui/settings/handoffs"))).select("#held-places option[value=" + place + "]")
                .attr("label");
    }

    @Test
    void theTerritoryFormSuggestsTheRegionsContactsHoldAndATerritoryThatFitsNobodySaysSo() throws Exception {
        api.createContact("""
                {"email": "%s", "region": "Bavaria %s", "company": {"name": "Brau %s", "industry": "Brewing %s"}}"""
                .formatted(Api.uniqueEmail("bavarian"), run, run, run));
        api.createContact("{\"email\": \"%s\", \"country\": \"LI\"}".formatted(Api.uniqueEmail("vaduz")));
        api.createContact("{\"email\": \"%s\", \"country\": \"DE\", \"region\": \"th\"}".formatted(Api.uniqueEmail("erfurt")));
        long rep = users.create(new Users.NewUser("terr-" + run, "Terr", null, Role.SALES, "a-long-enough-password")).id();
        long misspelt = territories.add(new Territories.NewTerritory("Bavria " + run, null, rep)).id();
        long right = territories.add(new Territories.NewTerritory("Bavaria " + run, "Brewing " + run, rep)).id();
        long byName = territories.add(new Territories.NewTerritory("Liechtenstein", null, rep)).id();
        try {
            Document page = Jsoup.parse(form(get("/ui/settings/handoffs")));

            assertThat(page.select("#held-places option[value=bavaria " + run + "]").attr("label")).isEqualTo("1 contact");
            assertThat(page.select("#held-places option[value=Thuringia]"))
                    .as("a German contact's 'TH' is suggested by its name: a territory's 'TH' is Thailand").hasSize(1);
            assertThat(page.select("#held-industries option[value=brewing " + run + "]")).hasSize(1);
            assertThat(page.select("#territories tr:has(td:contains(bavria " + run + "))").text())
                    .contains("Fits nobody yet: no contact has the region or country 'bavria " + run + "' yet")
                    .as("a sentence of its own, not one begun by a stray semicolon").doesNotContain(";");
            assertThat(page.select("#territories tr:has(td:contains(bavaria " + run + "))").text())
                    .doesNotContain("its nobody");
            assertThat(page.select("#territories tr:has(td:contains(liechtenstein))").text())
                    .as("a country's name fits the contacts holding its code, as rep choice matches them")
                    .isNotEmpty().doesNotContain("its nobody");
        } finally {
            territories.remove(misspelt);
            territories.remove(right);
            territories.remove(byName);
        }
    }

    @Test
    void theTerritoryFormSuggestsAStateAsOneHoweverItsContactsWroteItAndWarnsOfANameOfTwoPlaces() throws Exception {
        for (String region : List.of("Baden Wurttemberg", "baden-württemberg", "BW")) {
            api.createContact("{\"email\": \"%s\", \"country\": \"DE\", \"region\": \"%s\"}"
                    .formatted(Api.uniqueEmail("swabian"), region));
        }
        api.createContact("{\"email\": \"%s\", \"country\": \"US\", \"region\": \"ga\"}".formatted(Api.uniqueEmail("atlanta")));
        api.createContact("{\"email\": \"%s\", \"region\": \"Winston-Salem %s\"}".formatted(Api.uniqueEmail("ws"), run));
        api.createContact("{\"email\": \"%s\", \"region\": \"winston salem %s\"}".formatted(Api.uniqueEmail("ws"), run));
        long rep = users.create(new Users.NewUser("georgia-" + run, "Gia Georgia", null, Role.SALES, "a-long-enough-password")).id();
        try {
            Document page = Jsoup.parse(form(get("/ui/settings/handoffs")));

            assertThat(page.select("#held-places option[value=Baden-Württemberg]").attr("label"))
                    .as("by its first name, however written").endsWith(" contacts");
            List<String> held = page.select("#held-places option").eachAttr("value");
            assertThat(held).filteredOn(v -> v.matches("(?i)baden.w(ue|u|ü)rttemberg|bw")).hasSize(1);
            assertThat(page.select("#held-places option[value=US-GA]"))
                    .as("a US contact's 'ga' by its ISO code: 'Georgia' is a country too, 'GA' Gabon").hasSize(1);
            assertThat(page.select("#held-places option")).filteredOn(o -> o.attr("value").matches("(?i)winston.salem " + run))
                    .singleElement().satisfies(o -> assertThat(o.attr("label")).isEqualTo("2 contacts"));

            Document saved = Jsoup.parse(saveTerritory("Georgia", "", rep));

            assertThat(saved.select("#territory-warnings").text()).contains("'Georgia' names the country Georgia and"
                    + " Georgia (US): the rule fits contacts of each, as their country says, and a contact of no country by"
                    + " these words alone. For one of them only, write its code: GE for the country Georgia, US-GA for"
                    + " Georgia (US).");

            Document state = Jsoup.parse(saveTerritory(" us-ga ", "", rep));

            assertThat(state.select("#territory-warnings").text()).doesNotContain("names");
            assertThat(state.select("#territories tr:has(td:contains(Gia Georgia)) td:eq(0)").eachText())
                    .contains("georgia", "US-GA");
        } finally {
            territories.list().stream().filter(t -> t.repId() == rep).forEach(t -> territories.remove(t.id()));
        }
    }

    @Test
    void savingATerritoryWarnsOfARegionOrIndustryNoContactHasAndOtherwiseSaysHowManyItFits() throws Exception {
        api.createContact("""
                {"email": "%s", "region": "Bavária  %s", "company": {"name": "Brau %s", "industry": "Brewing %s"}}"""
                .formatted(Api.uniqueEmail("bavarian"), run, run, run));
        api.createContact("{\"email\": \"%s\", \"region\": \" BAVARIA %s\"}".formatted(Api.uniqueEmail("munich"), run));
        long rep = users.create(new Users.NewUser("warn-" + run, "Wanda Warn", null, Role.SALES, "a-long-enough-password")).id();
        try {
            Document misspelt = Jsoup.parse(saveTerritory("Bavria " + run, "Brewing " + run, rep));

            assertThat(misspelt.select("#territory-warnings").text())
                    .isEqualTo("No contact has region 'Bavria " + run + "' today — check the spelling.");
            assertThat(misspelt.select("#territory-added").text()).as("saved all the same, for contacts to come")
                    .isEqualTo("Territory added. Its industry 'Brewing " + run + "' alone fits 1 contact.");

            Document right = Jsoup.parse(saveTerritory("bavaria " + run, "", rep));

            assertThat(right.select("#territory-warnings")).as("case, accents and spaces aside").isEmpty();
            assertThat(right.select("#territory-added").text()).isEqualTo("Territory added. It fits 2 contacts today.");
            assertThat(right.select("#territories tr:has(td:contains(bavria " + run + "))").text())
                    .contains("Fits nobody yet: no contact has the region or country 'bavria " + run + "' yet");
            assertThat(right.select("#territories tr:has(td:contains(bavaria " + run + "))").text())
                    .doesNotContain("its nobody");

            Document unknownTrade = Jsoup.parse(saveTerritory("", "Brewnig " + run, rep));

            assertThat(unknownTrade.select("#territory-warnings").text())
                    .isEqualTo("No contact has industry 'Brewnig " + run + "' today — check the spelling.");
            assertThat(Jsoup.parse(form(get("/ui/settings/handoffs"))).select("#territory-warnings, #territory-added"))
                    .as("said once, on the save").isEmpty();
        } finally {
            territories.list().stream().filter(t -> t.repId() == rep).forEach(t -> territories.remove(t.id()));
        }
    }

    @Test
    void savingATerritoryThatFitsContactsAnotherRuleFitsSaysWhoGetsThemAndHowMany() throws Exception {
        api.createContact("""
                {"email": "%s", "region": "Saxony %s", "company": {"name": "Dresden %s", "industry": "Optics %s"}}"""
                .formatted(Api.uniqueEmail("dresden"), run, run, run));
        api.createContact("{\"email\": \"%s\", \"region\": \"Saxony %s\"}".formatted(Api.uniqueEmail("leipzig"), run));
        long sam = users.create(new Users.NewUser("sam-" + run, "Sam Saxon", null, Role.SALES, "a-long-enough-password")).id();
        long maria = users.create(new Users.NewUser("maria-" + run, "Maria Meissen", null, Role.SALES,
                "a-long-enough-password")).id();
        try {
            Document first = Jsoup.parse(saveTerritory("Saxony " + run, "", sam));

            assertThat(first.select("#territory-warnings")).as("nothing else fits them").isEmpty();

            Document second = Jsoup.parse(saveTerritory("sáxony " + run, "", maria));

            assertThat(second.select("#territory-warnings p").eachText()).containsExactly("Maria Meissen now shares these"
                    + " contacts with Sam Saxon: leads that fit both rules go to them in turn (2 contacts fit both this"
                    + " rule and Sam Saxon's territory of region 'saxony " + run + "' today).");

            Document specialist = Jsoup.parse(saveTerritory("Saxony " + run, "optics " + run, maria));

            assertThat(specialist.select("#territory-warnings p").eachText()).containsExactly("1 contact that Sam"
                    + " Saxon's territory of region 'saxony " + run + "' also fits goes to Maria Meissen now: a rule"
                    + " naming both region and industry wins over one naming either.", "Maria Meissen already has 1"
                    + " contact of these by the territory of region 'sáxony " + run + "': they go to Maria Meissen"
                    + " either way.");
        } finally {
            territories.list().stream().filter(t -> t.repId() == sam || t.repId() == maria)
                    .forEach(t -> territories.remove(t.id()));
        }
    }

    @Test
    void anEmptyTerritoryIsRefusedInWholeSentencesBesideItsFields() throws Exception {
        Document page = Jsoup.parse(form(post("/ui/settings/territories").param("region", " ").param("industry", "")
                .param("repId", "")));

        assertThat(page.select("#territory-region ~ small.error").text()).isEqualTo("Type a region or country, or an"
                + " industry below: a rule that fits everyone is the round-robin's job, not a territory's.");
        assertThat(page.select("#territory-rep ~ small.error").text()).isEqualTo("Choose the rep who covers the territory.");
        assertThat(page.select("#form-error").text()).isEqualTo("Nothing was saved: see the marked fields.");
        assertThat(page.getElementById("form-error").attr("role")).as("announced").isEqualTo("alert");
        assertThat(FieldMessages.of(page, "territory-region")).as("what a screen reader reads with the field")
                .startsWith("Type a region or country");
        assertThat(FieldMessages.of(page, "territory-rep")).isEqualTo("Choose the rep who covers the territory.");
        assertThat(page.getElementById("territory-industry").hasAttr("aria-describedby")).isFalse();
    }

    /** Saves a territory as the form does and opens the page the save leads to, with what the save had to say. */
    private String saveTerritory(String region, String industry, long rep) throws Exception {
        var saved = api.mvc().perform(as(api.sessionUser(Role.ADMIN), post("/ui/settings/territories")
                        .param("region", region).param("industry", industry).param("repId", String.valueOf(rep))))
                .andExpect(redirectedUrl("/ui/settings/handoffs")).andReturn();
        return api.mvc().perform(as(api.sessionUser(Role.ADMIN), get("/ui/settings/handoffs")
                        .flashAttrs(saved.getFlashMap()))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
    }

    @Test
    void theHandoffServiceLevelIsCheckedAtItsField() throws Exception {
        Document page = Jsoup.parse(form(post("/ui/settings/handoffs").param("slaHours", "0").param("onOverdue", "REASSIGN")));
        assertThat(FieldMessages.of(page, "sla-hours")).contains("must be between 1 and 720");
        assertThat(FieldMessages.of(Jsoup.parse(form(post("/ui/settings/handoffs").param("slaHours", "8")
                .param("onOverdue", "SOMETIMES"))), "on-overdue"))
                .isEqualTo("must be 'Alert the rep's manager' or 'Give it to another rep'");
        assertThat(handoffs.current().onOverdue()).isEqualTo(HandoffSettings.OnOverdue.ESCALATE);
        api.mvc().perform(as(api.sessionUser(Role.ADMIN), post("/ui/settings/handoffs").param("slaHours", "8")
                .param("onOverdue", "REASSIGN"))).andExpect(redirectedUrl("/ui/settings/handoffs"))
                .andExpect(flash().attribute("saved", true));
        assertThat(handoffs.current().slaHours()).isEqualTo(8);
        assertThat(handoffs.current().onOverdue()).isEqualTo(HandoffSettings.OnOverdue.REASSIGN);
    }

    @Test
    void anAdminCreatesAUserChangesTheRoleAndDisablesThemOnceAskedAndBadInputIsMarkedAtEachField() throws Exception {
        String page = form(post("/ui/settings/users").param("username", "bad name!").param("displayName", "")
                .param("email", "nope").param("role", "SALES").param("password", "short"));
        assertThat(page).contains("value=\"bad name!\"").doesNotContain("value=\"short\"");
        Document marked = Jsoup.parse(page);
        assertThat(FieldMessages.of(marked, "new-username")).contains("may hold up to 100 letters");
        assertThat(FieldMessages.of(marked, "new-display-name")).contains("is required");
        assertThat(FieldMessages.of(marked, "new-email")).contains("must be an email address");
        assertThat(FieldMessages.of(marked, "new-password")).contains("12");
        assertThat(marked.getElementById("new-role").hasAttr("aria-describedby")).as("a field without a mistake").isFalse();
        assertThat(marked.getElementById("form-error").attr("role")).as("announced").isEqualTo("alert");

        String name = "rita-" + run;
        api.mvc().perform(as(api.sessionUser(Role.ADMIN), post("/ui/settings/users").param("username", name)
                        .param("displayName", "Rita Rep").param("email", name + "@example.com").param("role", "SALES")
                        .param("password", "a-long-enough-password")))
                .andExpect(redirectedUrl("/ui/settings/users"))
                .andExpect(flash().attribute("created", name));
        User rita = users.findByUsername(name).orElseThrow();
        assertThat(rita.role()).isEqualTo(Role.SALES);
        assertThat(form(post("/ui/settings/users").param("username", name).param("displayName", "Again")
                .param("role", "SALES").param("password", "a-long-enough-password")))
                .contains("id=\"new-username-error\"").contains("already exists");

        page = form(post("/ui/settings/users/" + rita.id()).param("email", "rita-at-home").param("role", "ADMIN")
                .param("enabled", "true"));
        assertThat(page).contains("id=\"row-error\"").contains("must be an email address").contains("value=\"rita-at-home\"");
        assertThat(users.find(rita.id()).orElseThrow().role()).isEqualTo(Role.SALES);

        // The checkbox left unticked: the user may no longer sign in, once the admin confirms it.
        Document asked = Jsoup.parse(form(post("/ui/settings/users/" + rita.id()).param("role", "MARKETER")
                .param("email", "rita@example.org").param("password", "")));
        assertThat(asked.getElementById("confirm-question").text()).isEqualTo("Stop Rita Rep (" + name
                + ") from signing in?");
        assertThat(asked.getElementById("confirm-consequence").text()).contains("signed out at once",
                "Their open tasks go at once to their contacts' owners", "the leads waiting for their decision",
                "does not give the tasks back");
        assertThat(asked.getElementById("confirm-cancel").attr("href")).isEqualTo("/ui/settings/users");
        assertThat(users.find(rita.id()).orElseThrow()).as("asking changes nothing").isEqualTo(rita);
        api.mvc().perform(as(api.sessionUser(Role.ADMIN), ConfirmationPagesTest.pressed(asked)))
                .andExpect(redirectedUrl("/ui/settings/users")).andExpect(flash().attribute("changed", true));
        rita = users.find(rita.id()).orElseThrow();
        assertThat(rita.role()).isEqualTo(Role.MARKETER);
        assertThat(rita.enabled()).isFalse();
        assertThat(rita.email()).isEqualTo("rita@example.org");
        assertThat(audit.list("user", String.valueOf(rita.id()), null, null, 1).items().getFirst().action())
                .isEqualTo("USER_CHANGED");
    }

    @Test
    void aNewUsersNameTakenInOtherCapitalsIsMarkedWithTheFormsOtherMistakesAtOnce() throws Exception {
        String name = "Mike-" + run;
        users.create(new Users.NewUser(name.toLowerCase(), "Mike Rep", null, Role.SALES, "a-long-enough-password"));

        Document marked = Jsoup.parse(form(post("/ui/settings/users").param("username", name).param("displayName", "")
                .param("role", "SALES").param("password", "short")));

        assertThat(FieldMessages.of(marked, "new-username")).contains("A user named '" + name.toLowerCase()
                + "' already exists, and a username is the same name in capitals or small letters");
        assertThat(FieldMessages.of(marked, "new-display-name")).contains("is required");
        assertThat(FieldMessages.of(marked, "new-password")).contains("12");
        assertThat(users.findByUsername(name).orElseThrow().username()).as("nothing created")
                .isEqualTo(name.toLowerCase());
    }

    @Test
    void anAdminRenamesAUserAndResetsAForgottenPasswordOnTheirRowAndATooShortOneChangesNothing() throws Exception {
        String name = "reset-" + run;
        User reset = users.create(new Users.NewUser(name, "Rita Rep", null, Role.MARKETER, "the-forgotten-password"));

        String page = form(post("/ui/settings/users/" + reset.id()).param("displayName", "Rita Renamed")
                .param("password", "short").param("role", "MARKETER").param("enabled", "true"));
        assertThat(page).contains("id=\"row-error\"").contains("at least 12 characters").contains("value=\"Rita Renamed\"");
        assertThat(users.find(reset.id()).orElseThrow().displayName()).isEqualTo("Rita Rep");

        api.mvc().perform(as(api.sessionUser(Role.ADMIN), post("/ui/settings/users/" + reset.id())
                        .param("displayName", "Rita Renamed").param("password", "a-brand-new-password")
                        .param("role", "MARKETER").param("enabled", "true")))
                .andExpect(redirectedUrl("/ui/settings/users"))
                .andExpect(flash().attribute("newPassword", true));

        assertThat(users.find(reset.id()).orElseThrow().displayName()).isEqualTo("Rita Renamed");
        api.mvc().perform(formLogin("/login").user(name).password("a-brand-new-password")).andExpect(authenticated());
        api.mvc().perform(formLogin("/login").user(name).password("the-forgotten-password")).andExpect(unauthenticated());
    }

    @Test
    void aNewUserWhoseNameDiffersOnlyInCaseIsRefusedBesideTheUsernameField() throws Exception {
        String name = "Rosa-" + run;
        users.create(new Users.NewUser(name, "Rosa", null, Role.MARKETER, "a-long-enough-password"));

        Document page = Jsoup.parse(form(post("/ui/settings/users").param("username", name.toLowerCase())
                .param("displayName", "Another Rosa").param("role", "SALES").param("password", "a-long-enough-password")));

        assertThat(page.getElementById("new-username-error").text()).contains("A user named '" + name + "' already exists")
                .contains("capitals or small letters");
        assertThat(users.list()).filteredOn(u -> u.username().equalsIgnoreCase(name)).hasSize(1);
    }

    @Test
    void anAdminSetsARepsAwayWeightAndManagerBesideTheRoleAndAMistakeChangesNothing() throws Exception {
        User boss = users.create(new Users.NewUser("boss-" + run, "Bea Boss", null, Role.SALES, "a-long-enough-password"));
        User rep = users.create(new Users.NewUser("ray-" + run, "Ray Rep", null, Role.SALES, "a-long-enough-password"));
        User marketer = users.create(new Users.NewUser("mia-" + run, "Mia Marketer", null, Role.MARKETER,
                "a-long-enough-password"));
        Document page = Jsoup.parse(form(get("/ui/settings/users")));
        assertThat(page.getElementById("user-" + rep.id() + "-weight").val()).isEqualTo("1");
        assertThat(page.select("#user-" + rep.id() + "-manager option").eachText()).contains("none", "Bea Boss")
                .doesNotContain("Ray Rep");
        assertThat(page.getElementById("user-" + marketer.id() + "-weight")).isNull();

        page = Jsoup.parse(form(post("/ui/settings/users/" + rep.id()).param("role", "SALES").param("enabled", "true")
                .param("rep", "true").param("away", "true").param("weight", "lots")
                .param("managerId", String.valueOf(boss.id()))));
        assertThat(FieldMessages.of(page, "user-" + rep.id() + "-weight"))
                .contains("weight must be a whole number from 0 to 100");
        assertThat(page.getElementById("row-error").text()).isEqualTo("Not saved: see the marked fields.");
        assertThat(page.getElementById("user-" + rep.id() + "-manager").hasAttr("aria-invalid")).isFalse();
        assertThat(page.getElementById("user-" + rep.id() + "-weight").val()).isEqualTo("lots");
        page = Jsoup.parse(form(post("/ui/settings/users/" + rep.id()).param("role", "SALES").param("enabled", "true")
                .param("rep", "true").param("weight", "101").param("managerId", "0")));
        assertThat(FieldMessages.of(page, "user-" + rep.id() + "-weight")).contains("must be between 0 and 100, not 101");
        assertThat(users.find(rep.id()).orElseThrow()).isEqualTo(rep);

        api.mvc().perform(as(api.sessionUser(Role.ADMIN), post("/ui/settings/users/" + rep.id()).param("role", "SALES")
                        .param("enabled", "true").param("rep", "true").param("away", "true").param("weight", "3")
                        .param("managerId", String.valueOf(boss.id()))))
                .andExpect(redirectedUrl("/ui/settings/users")).andExpect(flash().attribute("changed", true));
        User saved = users.find(rep.id()).orElseThrow();
        assertThat(saved.away()).isTrue();
        assertThat(saved.weight()).isEqualTo(3);
        assertThat(saved.managerId()).isEqualTo(boss.id());
        page = Jsoup.parse(form(get("/ui/settings/users")));
        assertThat(page.getElementById("user-" + rep.id() + "-away").hasAttr("checked")).isTrue();
        assertThat(page.select("#user-" + rep.id() + "-manager option[selected]").text()).isEqualTo("Bea Boss");

        // The away switch unticked brings the rep back; "none" takes the manager away.
        api.mvc().perform(as(api.sessionUser(Role.ADMIN), post("/ui/settings/users/" + rep.id()).param("role", "SALES")
                        .param("enabled", "true").param("rep", "true").param("weight", "3").param("managerId", "0")))
                .andExpect(redirectedUrl("/ui/settings/users")).andExpect(flash().attribute("changed", true));
        saved = users.find(rep.id()).orElseThrow();
        assertThat(saved.away()).isFalse();
        assertThat(saved.managerId()).isNull();
    }

    @Test
    void anAdminWhoMakesTwoRepsEachOthersManagerIsToldBesideTheManagerFieldAndNothingChanges() throws Exception {
        User maria = users.create(new Users.NewUser("maria-" + run, "Maria Manager", null, Role.SALES,
                "a-long-enough-password"));
        User mike = users.create(new Users.NewUser("mike-" + run, "Mike Rep", null, Role.SALES, "a-long-enough-password"));
        users.change(mike.id(), new Users.UserChange(null, null, null, null, null, null, null, maria.id()));

        Document page = Jsoup.parse(form(post("/ui/settings/users/" + maria.id()).param("role", "SALES")
                .param("enabled", "true").param("rep", "true").param("weight", "1")
                .param("managerId", String.valueOf(mike.id()))));

        assertThat(FieldMessages.of(page, "user-" + maria.id() + "-manager")).contains("Mike Rep is managed by Maria"
                + " Manager already: a manager cannot be managed by their own report");
        assertThat(page.getElementById("row-error").text()).isEqualTo("Not saved: see the marked fields.");
        assertThat(users.find(maria.id()).orElseThrow().managerId()).isNull();
    }

    @Test
    void theUsersPageShowsAManagerLoopSavedBeforeLoopsWereRefusedSavesItsRowsOtherChangesAndBreaksItWhenAManagerChanges()
            throws Exception {
        User ann = users.create(new Users.NewUser("ann-" + run, "Ann Loop", null, Role.SALES, "a-long-enough-password"));
        User bob = users.create(new Users.NewUser("bob-" + run, "Bob Loop", null, Role.SALES, "a-long-enough-password"));
        User tess = users.create(new Users.NewUser("tess-" + run, "Tess Below", null, Role.SALES, "a-long-enough-password"));
        users.change(tess.id(), new Users.UserChange(null, null, null, null, null, null, null, ann.id()));
        // Saved before such changes were refused (session 36), so written to the table as the API no longer allows.
        jdbc.sql("UPDATE users SET manager_id = CASE id WHEN :a THEN :b ELSE :a END WHERE id IN (:a, :b)")
                .param("a", ann.id()).param("b", bob.id()).update();
        try {
            Document page = Jsoup.parse(form(get("/ui/settings/users")));

            assertThat(page.getElementById("manager-loops").text()).contains("users loop back to them");
            assertThat(page.getElementById("user-" + ann.id() + "-loop").text())
                    .isEqualTo("Managers loop: Ann Loop is managed by Bob Loop, who is managed by Ann Loop");
            assertThat(page.getElementById("user-" + bob.id() + "-loop").text())
                    .isEqualTo("Managers loop: Bob Loop is managed by Ann Loop, who is managed by Bob Loop");
            assertThat(page.getElementById("user-" + tess.id() + "-loop")).as("below the loop, not in it").isNull();

            // Bob's row saved as it stands but away and renamed: his manager is no change, so the loop does not block it.
            api.mvc().perform(as(api.sessionUser(Role.ADMIN), post("/ui/settings/users/" + bob.id()).param("role", "SALES")
                    .param("displayName", "Bob Away").param("enabled", "true").param("rep", "true").param("away", "true")
                    .param("weight", "1").param("managerId", String.valueOf(ann.id()))))
                    .andExpect(redirectedUrl("/ui/settings/users")).andExpect(flash().attribute("changed", true));
            api.mvc().perform(as(api.sessionUser(Role.ADMIN), patch("/api/v1/users/" + ann.id())
                    .contentType("application/json").content("{\"weight\": 2, \"managerId\": " + bob.id() + "}")))
                    .andExpect(status().isOk());
            assertThat(users.find(bob.id()).orElseThrow()).extracting(User::away, User::displayName, User::managerId)
                    .containsExactly(true, "Bob Away", ann.id());
            assertThat(users.find(ann.id()).orElseThrow().weight()).isEqualTo(2);
            assertThat(Jsoup.parse(form(get("/ui/settings/users"))).getElementById("user-" + ann.id() + "-loop").text())
                    .as("still a loop, still said").isEqualTo("Managers loop: Ann Loop is managed by Bob Away, who is"
                            + " managed by Ann Loop");
            Document refused = Jsoup.parse(form(post("/ui/settings/users/" + ann.id()).param("role", "SALES")
                    .param("enabled", "true").param("rep", "true").param("weight", "2")
                    .param("managerId", String.valueOf(tess.id()))));
            assertThat(FieldMessages.of(refused, "user-" + ann.id() + "-manager"))
                    .as("a manager changed into a loop is still refused").contains("Tess Below is managed by Ann Loop"
                            + " already: a manager cannot be managed by their own report");

            api.mvc().perform(as(api.sessionUser(Role.ADMIN), post("/ui/settings/users/" + ann.id()).param("role", "SALES")
                    .param("enabled", "true").param("rep", "true").param("weight", "1").param("managerId", "0")))
                    .andExpect(status().is3xxRedirection());

            assertThat(users.find(ann.id()).orElseThrow().managerId()).isNull();
            Document fixed = Jsoup.parse(form(get("/ui/settings/users")));
            assertThat(fixed.getElementById("user-" + bob.id() + "-loop")).isNull();
        } finally {
            jdbc.sql("UPDATE users SET manager_id = NULL WHERE id IN (:a, :b)").param("a", ann.id()).param("b", bob.id())
                    .update();
        }
    }

    @Test
    void anAdminWhoUnticksTheirOwnRowOrDemotesThemselfIsToldWhyAndStaysAnEnabledAdmin() throws Exception {
        String name = "self-" + run;
        long self = users.create(new Users.NewUser(name, "Self Admin", null, Role.ADMIN, "a-long-enough-password")).id();
        try {
            // The checkbox left unticked on their own row.
            String page = api.mvc().perform(as(name, post("/ui/settings/users/" + self).param("role", "ADMIN")))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            assertThat(page).contains("id=\"row-error\"").contains("You cannot disable yourself");
            page = api.mvc().perform(as(name, post("/ui/settings/users/" + self).param("role", "MARKETER")
                    .param("enabled", "true"))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            assertThat(page).contains("id=\"row-error\"").contains("take away your own admin role");
            api.mvc().perform(as(name, patch("/api/v1/users/" + self).contentType("application/json")
                    .content("{\"enabled\": false}"))).andExpect(status().isForbidden());

            User after = users.find(self).orElseThrow();
            assertThat(after.enabled()).isTrue();
            assertThat(after.role()).isEqualTo(Role.ADMIN);
        } finally {
            // The suite keeps one enabled admin; another admin (here an API key) may disable this one.
            api.patch("/api/v1/users/" + self, "{\"enabled\": false}").andExpect(status().isOk());
        }
    }

    @Test
    void aNewApiKeyIsShownOnceAfterARedirectAndReloadingNeitherShowsItAgainNorMintsAnother() throws Exception {
        String name = "tour-" + run;
        var created = api.mvc().perform(as(api.sessionUser(Role.ADMIN), post("/ui/api-keys").param("name", name)
                        .param("role", "MARKETER")))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/ui/settings")).andReturn();
        ApiKeys.ApiKey key = apiKeys.list().stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow();

        Document shown = Jsoup.parse(api.mvc().perform(as(api.sessionUser(Role.ADMIN), get("/ui/settings"))
                .flashAttrs(created.getFlashMap())).andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        String secret = shown.getElementById("api-key").text();
        assertThat(apiKeys.authenticate(secret)).map(ApiKeys.ApiKey::id).contains(key.id());

        Document reloaded = Jsoup.parse(form(get("/ui/settings")));
        assertThat(reloaded.getElementById("api-key")).isNull();
        assertThat(reloaded.html()).doesNotContain(secret);
        assertThat(reloaded.getElementById("key-" + key.id()).text()).contains(name, key.prefix(), "Marketer")
                .doesNotContain("MARKETER");
        assertThat(reloaded.select("#key-role option[selected]").text()).as("a new key is no admin's unless asked")
                .isEqualTo("Marketer");
        assertThat(apiKeys.list()).filteredOn(k -> k.name().equals(name)).hasSize(1);

        api.mvc().perform(as(api.sessionUser(Role.ADMIN), post("/ui/settings/api-keys/" + key.id() + "/revoke")))
                .andExpect(redirectedUrl("/ui/settings")).andExpect(flash().attribute("revoked", true));
        assertThat(apiKeys.authenticate(secret)).isEmpty();
        assertThat(Jsoup.parse(form(get("/ui/settings"))).getElementById("key-" + key.id()).text()).contains("revoked");
    }

    @Test
    void anApiKeyWithoutANameIsNotCreatedAndThePageSaysWhy() throws Exception {
        int before = apiKeys.list().size();
        var refused = api.mvc().perform(as(api.sessionUser(Role.ADMIN), post("/ui/api-keys").param("name", "   ")
                        .param("role", "MARKETER")))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/ui/settings")).andReturn();

        Document page = Jsoup.parse(api.mvc().perform(as(api.sessionUser(Role.ADMIN), get("/ui/settings"))
                .flashAttrs(refused.getFlashMap())).andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(page.getElementById("api-key-error").text()).contains("not created");
        assertThat(page.getElementById("key-name-error").text()).contains("name of 1 to 100 characters");
        assertThat(page.getElementById("api-key")).isNull();
        assertThat(apiKeys.list()).hasSize(before);
    }

    @Test
    void aKeyNamedAsAnotherLiveKeyIsNotCreatedAndTheNameFieldSaysWhichKeyHasItKeepingWhatWasTyped() throws Exception {
        String name = "zapier-" + run;
        ApiKeys.ApiKey zapier = apiKeys.create(name, Role.MARKETER).apiKey();
        int before = apiKeys.list().size();

        var refused = api.mvc().perform(as(api.sessionUser(Role.ADMIN), post("/ui/api-keys")
                        .param("name", name.toUpperCase()).param("role", "SALES")))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/ui/settings")).andReturn();

        Document page = Jsoup.parse(api.mvc().perform(as(api.sessionUser(Role.ADMIN), get("/ui/settings"))
                .flashAttrs(refused.getFlashMap())).andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(page.getElementById("api-key-error").text()).isEqualTo("The key was not created: see its name.");
        assertThat(page.getElementById("key-name-error").text()).contains("Another live API key is named '" + name + "'",
                zapier.prefix(), "tells the two apart", "revoke the other key first");
        assertThat(page.getElementById("key-name").attr("aria-invalid")).isEqualTo("true");
        assertThat(page.getElementById("key-name").attr("aria-describedby")).isEqualTo("key-name-error");
        assertThat(page.getElementById("key-name").val()).as("what was typed, to change").isEqualTo(name.toUpperCase());
        assertThat(page.select("#key-role option[selected]").text()).isEqualTo("Sales rep");
        assertThat(page.getElementById("api-key")).isNull();
        assertThat(apiKeys.list()).hasSize(before);
    }

    @Test
    void theMailPageShowsTheTransportWithoutAPasswordAndSendsTheAdminATestMessageOnce() throws Exception {
        String name = "postmaster-" + run;
        users.create(new Users.NewUser(name, "Post Master", name + "@example.com", Role.ADMIN, "a-long-enough-password"));
        String page = api.mvc().perform(as(name, get("/ui/settings/mail"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("127.0.0.1:" + mail.getSmtp().getPort()).contains("DKIM signing")
                .contains("Send a test message to " + name + "@example.com");
        assertThat(Jsoup.parse(page).getElementById("replies-none").text()).as("no reply mailbox in the tests' set-up")
                .contains("None is read", "KEEPWARM_MAIL_REPLIES_HOST");
        assertThat(Jsoup.parse(page).getElementById("postal-address").text()).as("printed in every message")
                .isEqualTo("1 Test Street, 10115 Berlin, Germany");

        var sent = api.mvc().perform(as(name, post("/ui/settings/mail/test"))).andExpect(status().isFound())
                .andExpect(redirectedUrl("/ui/settings/mail")).andReturn();
        page = api.mvc().perform(as(name, get("/ui/settings/mail")).flashAttrs(sent.getFlashMap()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(Jsoup.parse(page).getElementById("test-sent").text()).as("said after the redirect, so a reload sends"
                + " no second message").isEqualTo("A test message went to " + name + "@example.com.");
        assertThat(Arrays.stream(mail.getReceivedMessages()).anyMatch(m -> to(m).contains(name + "@example.com"))).isTrue();
    }

    @Test
    void theAuditLogFiltersByWhoActedAndReadsInWords() throws Exception {
        String admin = api.sessionUser(Role.ADMIN);
        api.mvc().perform(as(admin, post("/ui/settings/handoffs").param("slaHours", "6").param("onOverdue", "ESCALATE")));
        String page = api.mvc().perform(as(admin, get("/ui/settings/audit").param("actor", admin)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        Document audit = Jsoup.parse(page);
        assertThat(audit.select("#audit tbody tr").first().text()).contains("Test ADMIN hand-off SLA changed")
                .doesNotContain("HANDOFF_SLA_CHANGED", admin);
        assertThat(audit.select("small.details").first().text()).contains("after: (", "sla hours: 6")
                .doesNotContain("{", "\"", "slaHours");
        page = api.mvc().perform(as(admin, get("/ui/settings/audit").param("actor", "nobody-" + run)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("No entries match");
        assertThat(Jsoup.parse(page).select("#audit")).isEmpty();
        api.get("/api/v1/audit?actor=" + admin + "&entityType=handoff").andExpect(
                org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.items[0].actor").value(admin));
        api.get("/api/v1/audit?actor=nobody-" + run).andExpect(
                org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.items").isEmpty());
    }

    @Test
    void theAuditLogFindsWhoActedByTheNameItShowsAnApiKeyByItsNameAndFiltersByKindActionAndDaysOnTheAccountsClock()
            throws Exception {
        String sam = "sam-" + run;
        users.create(new Users.NewUser(sam, "Sam Seller " + run, null, Role.ADMIN, "a-long-enough-password"));
        api.mvc().perform(as(sam, post("/ui/settings/handoffs").param("slaHours", "7").param("onOverdue", "ESCALATE")));
        audit.recordAs("api-key:key-" + run, "CONTACT_UPDATED", "contact", 1, Map.of("tags", "key-" + run));
        // a day's last hour in UTC is the next day's first in Berlin, where the account is
        api.mvc().perform(as(sam, post("/ui/settings/account").param("timeZone", "Europe/Berlin")
                .param("callingFrom", "08:00").param("callingUntil", "21:00")));
        jdbc.sql("""
                INSERT INTO audit_log (occurred_at, actor, action, entity_type, entity_id) VALUES
                (?, ?, 'CONTACT_CREATED', 'contact', 'night'), (?, ?, 'CONTACT_CREATED', 'contact', 'noon')""")
                .params(Timestamps.of(Instant.parse("2020-03-01T23:30:00Z")), sam,
                        Timestamps.of(Instant.parse("2020-03-03T12:00:00Z")), sam).update();

        assertThat(auditRows("actor", "Sam Seller " + run)).as("by the name the rows show")
                .anySatisfy(row -> assertThat(row).contains("Sam Seller " + run + " hand-off SLA changed"));
        assertThat(auditRows("actor", "  SAM seller " + run)).as("case aside").anyMatch(r -> r.contains("hand-off SLA"));
        assertThat(auditRows("actor", sam)).as("by username").anyMatch(r -> r.contains("hand-off SLA changed"));
        assertThat(auditRows("actor", "API key 'key-" + run + "'")).singleElement().asString()
                .contains("API key 'key-" + run + "' contact updated contact");
        assertThat(auditRows("actor", "key-" + run)).as("an API key by its name alone").hasSize(1);

        Document page = auditPage("actor", sam, "entityType", "contact");
        assertThat(page.select("#audit-entity option[value=handoff]").text()).isEqualTo("hand-off");
        assertThat(page.select("#audit-entity option[value=contact]").attr("selected")).isEqualTo("selected");
        assertThat(page.select("#audit tbody tr").eachText()).hasSize(2).allMatch(row -> row.contains("contact created"));
        assertThat(auditRows("actor", sam, "entityType", "Contact")).as("an old link's kind in any case").hasSize(2);
        assertThat(page.select("#audit-action option[value=HANDOFF_SLA_CHANGED]").text())
                .isEqualTo("hand-off SLA changed");
        assertThat(auditRows("actor", sam, "action", "HANDOFF_SLA_CHANGED")).singleElement().asString()
                .contains("hand-off SLA changed", "sla hours: 7");

        assertThat(auditRows("actor", sam, "from", "2020-03-02", "to", "2020-03-02")).as("Berlin's 2 March")
                .singleElement().asString().contains("2020-03-02 00:30", "contact night");
        assertThat(auditRows("actor", sam, "from", "2020-03-01", "to", "2020-03-01")).isEmpty();
        assertThat(auditRows("actor", sam, "to", "2020-03-03")).as("the last day included").hasSize(2);
        assertThat(auditRows("actor", sam, "from", "2020-03-03")).noneMatch(row -> row.contains("contact night"))
                .anyMatch(row -> row.contains("contact noon")).anyMatch(row -> row.contains("hand-off SLA changed"));
    }

    @Test
    void aBackwardsRangeOrADayThatIsNoDateIsSaidBesideItsFieldWithWhatWasTypedKeptAndTheListSaysItIsEmpty()
            throws Exception {
        Document page = auditPage("from", "2027-01-07", "to", "2027-01-05");
        assertThat(FieldMessages.of(page, "audit-from")).isEqualTo("From is after To: 2027-01-07 is later than"
                + " 2027-01-05, so no day lies between them; swap them, or clear one");
        assertThat(page.getElementById("audit-from").val()).isEqualTo("2027-01-07");
        assertThat(page.getElementById("audit-to").val()).isEqualTo("2027-01-05");
        assertThat(page.getElementById("no-entries").text()).isEqualTo("No entries match these filters.");
        assertThat(page.select("#audit")).isEmpty();

        page = auditPage("from", "garbage");
        assertThat(FieldMessages.of(page, "audit-from"))
                .matches("'garbage' is not a date: write it as \\d{4}-\\d{2}-\\d{2} \\(year-month-day\\)");
        assertThat(page.getElementById("audit-from").attr("type")).as("a date field would drop it").isEqualTo("text");
        assertThat(page.getElementById("audit-from").val()).isEqualTo("garbage");
        assertThat(page.getElementById("audit-to").attr("type")).isEqualTo("date");
        assertThat(page.getElementById("no-entries").text()).isEqualTo("No entries match these filters.");

        api.get("/api/v1/audit?from=garbage").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("from"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("'garbage'")));
        api.get("/api/v1/audit?from=2027-01-07T00:00:00Z&to=2027-01-05T00:00:00Z").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("to"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("to must be after from")));
    }

    @Test
    void theAuditLogNamesWhatAnEntryIsAboutAndLinksItsPageAndANewContactsOwnerByNameWithoutEmptyLists()
            throws Exception {
        User olga = users.create(new Users.NewUser("olga-" + run, "Olga Owner " + run, null, Role.SALES,
                "a-long-enough-password"));
        long contact = Api.json(api.post("/api/v1/contacts", """
                {"email": "%s", "firstName": "Cora", "lastName": "Created %s", "owner": "%d"}"""
                .formatted(Api.uniqueEmail("cora"), run, olga.id()))).get("id").asLong();
        long kept = Api.json(api.post("/api/v1/programs", """
                {"name": "Kept %s", "kind": "SEQUENCE", "steps": [{"type": "task", "text": "Call them"}]}"""
                .formatted(run)).andExpect(status().isCreated())).get("id").asLong();
        long gone = Api.json(api.post("/api/v1/programs", """
                {"name": "Gone %s", "kind": "SEQUENCE", "steps": [{"type": "task", "text": "Call them"}]}"""
                .formatted(run)).andExpect(status().isCreated())).get("id").asLong();
        api.delete("/api/v1/programs/" + gone).andExpect(status().isNoContent());
        audit.recordAs("api-key:erased-" + run, "CONTACT_UPDATED", "contact", 999_999_999_999L,
                Map.of("tags", List.of(), "programIds", List.of()));

        Document page = auditPage("entityType", "contact", "action", "CONTACT_CREATED");
        Element created = page.select("#audit tbody tr").stream()
                .filter(row -> row.text().contains("Cora Created " + run)).findFirst().orElseThrow();
        assertThat(created.select("a").attr("href")).isEqualTo("/ui/contacts/" + contact);
        assertThat(created.select("a").text()).isEqualTo("contact Cora Created " + run);
        assertThat(created.select("small.details").text()).contains("owner: Olga Owner " + run, "first name: Cora")
                .doesNotContain("owner: " + olga.id(), "tags", "none", "input");

        assertThat(auditRows("actor", "erased-" + run)).singleElement().asString()
                .contains("contact updated a contact since deleted", "tags: none", "programs: none")
                .doesNotContain("999999999999");
        page = auditPage("entityType", "program", "action", "PROGRAM_CREATED");
        assertThat(page.select("#audit a[href=/ui/programs/" + kept + "]").text()).isEqualTo("program 'Kept " + run + "'");
        assertThat(page.select("#audit tbody tr").eachText()).anyMatch(row -> row.contains("the deleted program 'Gone "
                + run + "'"));
        assertThat(page.select("#audit a[href=/ui/programs/" + gone + "]")).as("no link to a page that is gone").isEmpty();
        page = auditPage("entityType", "user", "action", "USER_CREATED");
        assertThat(page.select("#audit a[href=/ui/settings/users#user-" + olga.id() + "-name]").text())
                .isEqualTo("user Olga Owner " + run);
    }

    @Test
    void theAuditLogFindsADeletedProgramOrTriggerByTheNameItHadAndSaysItWasDeleted() throws Exception {
        long program = Api.json(api.post("/api/v1/programs", """
                {"name": "Old welcome %s", "kind": "SEQUENCE",
                 "steps": [{"type": "task", "text": "Call them"}]}""".formatted(run))
                .andExpect(status().isCreated())).get("id").asLong();
        long trigger = Api.json(api.post("/api/v1/triggers", """
                {"name": "Old tagger %1$s", "when": {"type": "tagAdded", "tag": "x-%1$s"},
                 "actions": [{"type": "addTag", "tag": "y-%1$s"}]}""".formatted(run))
                .andExpect(status().isCreated())).get("id").asLong();
        // Their work, as entries left behind: a trigger's firings go with the contacts erased, after which it may be
        // deleted.
        audit.recordAs("program:" + program, "CONTACT_UPDATED", "contact", "by-program-" + run, null);
        audit.recordAs("trigger:" + trigger, "TAGS_ADDED", "contact", "by-trigger-" + run, null);
        api.delete("/api/v1/programs/" + program).andExpect(status().isNoContent());
        api.delete("/api/v1/triggers/" + trigger).andExpect(status().isNoContent());

        assertThat(auditRows("actor", "old WELCOME " + run)).as("by the name it had, case aside").singleElement()
                .asString().contains("the deleted program 'Old welcome " + run + "' contact updated", "by-program-");
        assertThat(auditRows("actor", "trigger 'Old tagger " + run + "'")).singleElement().asString()
                .contains("the deleted trigger 'Old tagger " + run + "' tags added contact by-trigger-");
        assertThat(auditRows("actor", "the deleted trigger 'Old tagger " + run + "'")).as("as the row says it")
                .hasSize(1);
        assertThat(auditRows("actor", "program 'Old tagger " + run + "'")).as("a trigger's name is no program's")
                .isEmpty();
        assertThat(auditRows("actor", "trigger:" + trigger)).as("by its code, as before").hasSize(1);
    }

    @Test
    void theAuditApiFiltersByActionAndTimeAndPagesWithinTheFilter() throws Exception {
        String actor = "api-key:pager-" + run;
        audit.recordAs(actor, "CONTACT_UPDATED", "contact", 1, null);
        audit.recordAs(actor, "CONTACT_UPDATED", "contact", 2, null);
        audit.recordAs(actor, "TAGS_ADDED", "contact", 3, null);
        audit.recordAs(actor, "CONTACT_UPDATED", "contact", 4, null);
        String filtered = "/api/v1/audit?actor=" + actor + "&entityType=Contact&action=contact_updated&limit=2";
        var first = api.get(filtered).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        var items = tools.jackson.databind.json.JsonMapper.shared().readTree(first);
        assertThat(items.get("items").valueStream().map(i -> i.get("entityId").asString()).toList())
                .containsExactly("4", "2");
        var next = tools.jackson.databind.json.JsonMapper.shared().readTree(api.get(filtered + "&cursor="
                + items.get("nextCursor").asString()).andReturn().getResponse().getContentAsString());
        assertThat(next.get("items").valueStream().map(i -> i.get("entityId").asString()).toList()).containsExactly("1");
        Instant now = clock.instant();
        api.get("/api/v1/audit?actor=" + actor + "&from=" + now.plusSeconds(1))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.items").isEmpty());
        api.get("/api/v1/audit?actor=" + actor + "&from=" + now + "&to=" + now.plusSeconds(1)).andExpect(
                org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.items.length()").value(4));
        api.get("/api/v1/audit?from=" + now + "&to=" + now).andExpect(status().isBadRequest()).andExpect(
                org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.detail")
                        .value(org.hamcrest.Matchers.containsString("to must be after from")));
    }

    private List<String> auditRows(String... params) throws Exception {
        return auditPage(params).select("#audit tbody tr").eachText();
    }

    private Document auditPage(String... params) throws Exception {
        MockHttpServletRequestBuilder request = get("/ui/settings/audit");
        for (int i = 0; i < params.length; i += 2) {
            request.param(params[i], params[i + 1]);
        }
        return Jsoup.parse(form(request));
    }

    /** Posts a form as an admin and returns the page that came back (a refused form is shown again, status 200). */
    private String form(MockHttpServletRequestBuilder request) throws Exception {
        return api.mvc().perform(as(api.sessionUser(Role.ADMIN), request)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
    }

    private static MockHttpServletRequestBuilder as(String username, MockHttpServletRequestBuilder request) {
        return request.with(user(username).roles(Role.ADMIN.name())).with(csrf());
    }

    private static String to(MimeMessage message) {
        try {
            return Arrays.toString(message.getRecipients(Message.RecipientType.TO));
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
