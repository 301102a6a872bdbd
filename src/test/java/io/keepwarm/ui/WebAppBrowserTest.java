package io.keepwarm.ui;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.contact.Notes;
import io.keepwarm.contact.Tags;
import io.keepwarm.delivery.CallOutcome;
import io.keepwarm.delivery.Task;
import io.keepwarm.delivery.TaskKind;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.handoff.Alerts;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.Users;
import io.keepwarm.scoring.ScoringRules;
import io.keepwarm.support.Api;
import io.keepwarm.support.Chromium;
import io.keepwarm.support.CleanDatabase;
import io.keepwarm.support.TestDatabase;
import io.keepwarm.support.TestPasswords;
import io.keepwarm.trigger.TriggerJobs;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.ChromiumDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The web app in Debian's headless Chromium, as a marketer and a rep use it: sign in, import a file with a bad row,
 * write a segment and watch its count, open a contact's timeline and act on it, read the dashboard's funnel; a rep
 * rejects a hand-off in "My day" and the dashboard's recycled-back count moves; a marketer edits a piece and watches
 * its preview greet a contact, builds a trigger that then fires, and adds scoring rules. Every
 * page visited is checked for console errors and form fields without a label, and screenshotted into
 * target/screenshots. Runs on a real port with a database of its own, like the tracking browser test.
 *
 * <p>On H2 only: what it adds to the page tests (which run on both databases, the SQL behind every page included) is
 * the browser's part (scripts, layout, focus), the same whatever the database, and running it again on PostgreSQL
 * took five of CI's twenty minutes.
 */
@ExtendWith(TestDatabase.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@AutoConfigureMockMvc
@ActiveProfiles(resolver = TestDatabase.class)
@Import({CleanDatabase.class, Api.class, TestPasswords.class})
class WebAppBrowserTest {

    private static final int PORT = freePort();
    private static final String BASE = "http://localhost:" + PORT;
    private static final String PASSWORD = "a-long-enough-password";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @DynamicPropertySource
    static void ownPortAndDatabase(DynamicPropertyRegistry properties) {
        properties.add("server.port", () -> PORT);
        properties.add("keepwarm.public-url", () -> BASE);
        TestDatabase.ownDatabase(properties, "web_test");
    }

    private static WebDriver browser;

    @Autowired Api api;
    @Autowired Users users;
    @Autowired Consents consents;
    @Autowired Notes notes;
    @Autowired Tasks tasks;
    @Autowired Alerts alerts;
    @Autowired Clock clock;
    @Autowired Tags tags;
    @Autowired TriggerJobs triggerJobs;
    @Autowired ScoringRules scoringRules;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private WebDriverWait wait;

    @BeforeAll
    static void startChromium(@TempDir Path profile) {
        browser = Chromium.start(profile, 1280, 1300);
    }

    @AfterAll
    static void stopChromium() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void freshSession() {
        // htmx swaps parts of a page in place (the import's progress, a preview): an element read just before the swap
        // is stale, and the wait asks again for the new one.
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
        browser.manage().window().setSize(new Dimension(1280, 1300));
        browser.manage().deleteAllCookies();
    }

    @AfterEach
    void nothingLoggedAnError() {
        // The log holds what the browser logged since it was last read: this test's pages.
        assertThat(severe()).as("console errors").isEmpty();
    }

    @Test
    void aMarketerSignsInImportsAFileWithABadRowAndSeesItReported(@TempDir Path files) throws Exception {
        signIn(user(Role.MARKETER));
        page("dashboard");
        menu("Import");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("import-form")));
        page("import");

        Path csv = Files.writeString(files.resolve("leads-" + run + ".csv"), """
                email,first name,last name,tags
                ada.%1$s@example.com,Ada,Lovelace,browser-%1$s
                not-an-address,Bad,Row,browser-%1$s
                grace.%1$s@example.com,Grace,Hopper,browser-%1$s
                """.formatted(run));
        browser.findElement(By.id("import-file")).sendKeys(csv.toAbsolutePath().toString());
        new Select(browser.findElement(By.id("import-source"))).selectByValue("TRADE_SHOW");
        browser.findElement(By.cssSelector("#import-form button[type=submit]")).click();
        // the header names the fields plainly, so the guessed mapping stands
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("mapping-form")));
        browser.findElement(By.cssSelector("#mapping-form button[type=submit]")).click();

        wait.until(ExpectedConditions.attributeToBe(By.id("job"), "data-status", "DONE"));
        assertThat(browser.findElement(By.id("created")).getText()).isEqualTo("2");
        assertThat(browser.findElement(By.id("rejected")).getText()).isEqualTo("1");
        WebElement rejected = browser.findElement(By.cssSelector("#rejections tbody tr"));
        assertThat(rejected.getText()).contains("3").contains("not-an-address");
        page("import-result");
    }

    @Test
    void aMarketerWritesASegmentSeesItsLiveCountAndAnInlineErrorForABrokenRule() throws Exception {
        String tag = "seg-" + run;
        for (String name : List.of("ann", "ben", "cat")) {
            api.createContact("""
                    {"email": "%s", "firstName": "%s", "tags": ["%s"]}""".formatted(uniqueEmail(name), name, tag));
        }
        signIn(user(Role.MARKETER));
        menu("Segments");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("new-segment"))).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("segment-form")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("preview-empty")));

        browser.findElement(By.id("segment-name")).sendKeys("Browser " + run);
        WebElement rule = browser.findElement(By.id("rule-text"));
        rule.sendKeys("tag = \"" + tag + "\"");
        wait.until(ExpectedConditions.textToBe(By.id("live-count"), "3"));
        page("segment-editor");

        rule.sendKeys(" and stage = ");
        WebElement error = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rule-error")));
        assertThat(error.getAttribute("data-line")).isEqualTo("1");
        // The rule is 'tag = "seg-…" and stage = ': the value is missing at the end, one past the last character.
        int end = ("tag = \"" + tag + "\" and stage = ").length();
        assertThat(Integer.parseInt(error.getAttribute("data-column"))).isBetween(end - 1, end + 1);
        assertThat(error.getText()).contains("line 1, column");
        assertThat(rule.getAttribute("aria-invalid")).isEqualTo("true");
        page("segment-error");

        rule.sendKeys("NEW");
        wait.until(ExpectedConditions.textToBe(By.id("live-count"), "3"));
        assertThat(rule.getAttribute("aria-invalid")).isNull();
        browser.findElement(By.cssSelector("#segment-form button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("saved")));
        page("segment-saved");
        assertThat(browser.getCurrentUrl()).as("nothing in the address to bookmark or share").doesNotContain("saved");
        browser.navigate().refresh();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("segment-form")));
        assertThat(browser.findElements(By.id("saved"))).as("said once: a reload does not say it again").isEmpty();
    }

    @Autowired io.keepwarm.content.ContentLibrary library;
    @Autowired io.keepwarm.tracking.internal.SignedLinks signedLinks;

    @Test
    void theLandingPagesTwoOfferButtonsStandApartOnALaptopAndOnAPhone() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Ada"}""".formatted(uniqueEmail("offers")));
        var piece = tools.jackson.databind.json.JsonMapper.shared().createObjectNode().put("name", "Offers " + run)
                .put("type", "WHITE_PAPER").put("status", "LIVE").put("landingUrl", "https://example.com/cooling");
        piece.putObject("offer").put("key", "white-paper").put("label", "Send me the white paper");
        var email = piece.putObject("variants").putObject("email");
        email.put("subject", "A cooling guide");
        email.put("html", "<p><a href=\"{{ content.offer_url }}\">Get it</a></p>");
        long id = Api.json(api.post("/api/v1/content", piece.toString())).get("id").asLong();
        String landing = signedLinks.linksFor(library.get(id), contact).offerUrl();

        for (int width : new int[] {1280, 390}) {
            browser.manage().window().setSize(new Dimension(width, 1300));
            browser.get(landing);
            var accept = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("accept"))).getRect();
            var callMe = browser.findElement(By.id("call-me")).getRect();
            boolean sideBySide = callMe.getY() < accept.getY() + accept.getHeight();
            int gap = sideBySide ? callMe.getX() - (accept.getX() + accept.getWidth())
                    : callMe.getY() - (accept.getY() + accept.getHeight());
            assertThat(gap).as("%dpx wide, %s: the space between the two buttons", width,
                    sideBySide ? "side by side" : "one above the other").isGreaterThanOrEqualTo(8);
        }
        page("landing-offers-phone");
    }

    @Test
    void aMarketerBuildsATwoConditionSegmentWithTheBuilderOnAPhoneSeesItsCountAndSavesTheRuleText() throws Exception {
        String tag = "built-" + run;
        for (String name : List.of("ann", "ben", "cat")) {
            api.createContact("""
                    {"email": "%s", "firstName": "%s", "tags": ["%s"]}""".formatted(uniqueEmail(name), name, tag));
        }
        signIn(user(Role.MARKETER));
        browser.manage().window().setSize(new Dimension(390, 1400));
        browser.get(BASE + "/ui/segments/new");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("condition-builder")));
        browser.findElement(By.id("segment-name")).sendKeys("Built " + run);

        addCondition("Tag", "is", tag, null);
        wait.until(ExpectedConditions.textToBe(By.id("live-count"), "3"));
        addCondition("Score", "is at least", "", null);
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("builder-error"))).getText())
                .isEqualTo("give a value after 'Score is at least'");
        // A refused pick is a 400 with a problem, which Chromium notes; nothing else may have been logged.
        assertThat(severe()).singleElement().asString().contains("/ui/segments/condition").contains("400");
        addCondition("First name", "is one of", "ann, ben", "and (all must hold)");
        wait.until(ExpectedConditions.textToBe(By.id("live-count"), "2"));

        String rule = "tag = \"" + tag + "\" and first_name in (\"ann\", \"ben\")";
        assertThat(browser.findElement(By.id("rule-text")).getAttribute("value")).isEqualTo(rule);
        assertThat((Boolean) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth <= document.documentElement.clientWidth;"))
                .as("the builder fits a phone's width without scrolling sideways").isTrue();
        page("segment-builder-phone");
        browser.findElement(By.cssSelector("#segment-form button[type=submit]")).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("saved")));
        assertThat(browser.findElement(By.id("rule-text")).getAttribute("value")).isEqualTo(rule);
    }

    @Test
    void aMarketerPicksTheOwnerByNameAndACompanyWithACommaInTheBuilder() throws Exception {
        long rep = rep("owning");
        String acme = "Acme, Inc. " + run;
        api.createContact("""
                {"email": "%s", "owner": "%d", "company": {"name": "%s"}}""".formatted(uniqueEmail("owned"), rep, acme));
        api.createContact("""
                {"email": "%s", "owner": "%d", "company": {"name": "Globex %s"}}""".formatted(uniqueEmail("other"), rep, run));
        signIn(user(Role.MARKETER));
        browser.get(BASE + "/ui/segments/new");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("condition-builder")));

        new Select(browser.findElement(By.id("builder-field"))).selectByVisibleText("Owner");
        new Select(browser.findElement(By.id("builder-op"))).selectByVisibleText("is");
        new Select(browser.findElement(By.id("builder-value-0"))).selectByVisibleText("Browser owning " + run);
        browser.findElement(By.id("builder-add")).click();
        wait.until(ExpectedConditions.textToBe(By.id("live-count"), "2"));
        addCondition("Company name", "is one of", "\"" + acme + "\", Initech", null);
        wait.until(ExpectedConditions.textToBe(By.id("live-count"), "1"));

        assertThat(browser.findElement(By.id("rule-text")).getAttribute("value"))
                .isEqualTo("owner = " + rep + " and company in (\"" + acme + "\", \"Initech\")");
        page("segment-builder-owner");
    }

    /** Picks a field, a condition and one value in the builder and adds it. */
    private void addCondition(String field, String condition, String value, String join) {
        new Select(browser.findElement(By.id("builder-field"))).selectByVisibleText(field);
        new Select(browser.findElement(By.id("builder-op"))).selectByVisibleText(condition);
        browser.findElement(By.id("builder-value-0")).sendKeys(value);
        if (join != null) {
            new Select(browser.findElement(By.id("builder-join"))).selectByVisibleText(join);
        }
        browser.findElement(By.id("builder-add")).click();
    }

    @Test
    void theContactPageShowsTheTimelineAndItsQuickActionsAddToIt() throws Exception {
        // The rep's own contact: a rep puts only their own contacts in programs.
        String rep = user(Role.SALES);
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Lin", "lastName": "Timeline-%s", "title": "CTO", "tags": ["hpc"],
                 "timeZone": "Europe/Berlin", "owner": "%s"}""".formatted(uniqueEmail("lin"), run, rep));
        consents.record(contact, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "trade-show form",
                new Consents.Evidence("booth form", null, "Yes, send me the monthly notes")));
        api.post("/api/v1/contacts/" + contact + "/stage", "{\"to\": \"NURTURE\"}").andExpect(status().isOk());
        notes.add(contact, "Met at the booth; budget next year");
        api.as(Role.ADMIN, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .put("/api/v1/contacts/" + contact + "/score").contentType("application/json")
                .content("{\"score\": 40, \"grade\": \"B\"}")).andExpect(status().isOk());

        long piece = json(api.post("/api/v1/content", """
                {"name": "Cooling guide %s", "type": "WHITE_PAPER", "status": "LIVE", "fallbacks": {"contact.first_name": "there"},
                 "variants": {"email": {"subject": "A cooling guide", "html": "<p>Dear {{ contact.first_name }},</p>"}}}"""
                .formatted(run)).andExpect(status().isCreated())).get("id").asLong();
        long program = json(api.post("/api/v1/programs", """
                {"name": "Cooling %s", "kind": "SEQUENCE", "steps": [{"type": "send", "contentId": %d, "channel": "EMAIL"}]}"""
                .formatted(run, piece)).andExpect(status().isCreated())).get("id").asLong();
        api.post("/api/v1/programs/" + program + "/activate", "").andExpect(status().isOk());

        signIn(rep);
        browser.findElement(By.linkText("Contacts")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("contact-filters")));
        browser.findElement(By.id("f-q")).sendKeys("Lin");
        browser.findElement(By.id("f-tag")).sendKeys("hpc");
        new Select(browser.findElement(By.id("f-stage"))).selectByValue("NURTURE");
        browser.findElement(By.cssSelector("#contact-filters button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("contact-list")));
        page("contacts");
        browser.findElement(By.linkText("Lin Timeline-" + run)).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("timeline")));
        assertThat(browser.findElement(By.id("stage")).getText()).isEqualTo("Nurture");
        assertThat(browser.findElement(By.id("score")).getText()).isEqualTo("40");
        String timeline = browser.findElement(By.id("timeline")).getText();
        assertThat(timeline).contains("Stage New → Nurture").contains("Met at the booth").contains("Score +40 → 40, grade B")
                .contains("Consent: email granted").contains("Added through the API");
        assertThat(browser.findElement(By.id("consent")).getText()).contains("email granted trade-show form");
        page("contact");

        browser.findElement(By.id("note-body")).sendKeys("Called: wants the cooling guide " + run);
        browser.findElement(By.cssSelector("#note-form button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "wants the cooling guide " + run));
        // Said through the page's status region, which the swap left in place, and the focus is back where it was.
        wait.until(ExpectedConditions.textToBe(By.id("announcer"), "Note added"));
        assertThat(browser.switchTo().activeElement().getText()).as("the focus after adding").isEqualTo("Add note");
        browser.findElement(By.id("tag-name")).sendKeys("callback");
        browser.findElement(By.cssSelector("#tag-form button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tags"), "callback"));
        new Select(browser.findElement(By.id("stage-to"))).selectByValue("MQL");
        browser.findElement(By.cssSelector("#stage-form button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("stage"), "Marketing-qualified"));
        assertThat(browser.findElement(By.id("timeline")).getText()).contains("Stage Nurture → Marketing-qualified")
                .contains("Handed off to sales");
        new Select(browser.findElement(By.id("enroll-program"))).selectByValue(String.valueOf(program));
        browser.findElement(By.cssSelector("#enroll-form button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("enroll-form-done"), "Enrolled"));
        labelled();

        browser.manage().window().setSize(new Dimension(390, 1400));
        browser.navigate().refresh();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("timeline")));
        screenshot("contact-phone");
    }

    @Test
    void aMarketerCreatesAContactFromTheListAfterBeingToldItsAddressIsAnotherContactsAndEditsItOnAPhone()
            throws Exception {
        String taken = uniqueEmail("taken");
        long holder = api.createContact("""
                {"email": "%s", "firstName": "Tak", "lastName": "En-%s"}""".formatted(taken, run));
        long rep = rep("form");
        signIn(user(Role.MARKETER));
        browser.findElement(By.linkText("Contacts")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("new-contact"))).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("contact-form")));
        browser.findElement(By.id("c-email")).sendKeys(taken);
        browser.findElement(By.id("c-first-name")).sendKeys("Nadia");
        browser.findElement(By.id("c-last-name")).sendKeys("Form-" + run);
        new Select(browser.findElement(By.id("c-owner"))).selectByValue(String.valueOf(rep));
        new Select(browser.findElement(By.id("c-zone"))).selectByValue("Europe/Paris");
        page("contact-new");
        browser.findElement(By.id("contact-save")).click();

        WebElement existing = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("holder-link")));
        assertThat(existing.getAttribute("href")).endsWith("/ui/contacts/" + holder);
        assertThat(browser.findElement(By.id("c-first-name")).getAttribute("value")).isEqualTo("Nadia");
        page("contact-new-address-taken");
        WebElement email = browser.findElement(By.id("c-email"));
        email.clear();
        email.sendKeys(uniqueEmail("nadia"));
        browser.findElement(By.id("contact-save")).click();

        wait.until(ExpectedConditions.textToBe(By.id("action-done"), "Contact created."));
        assertThat(browser.findElement(By.id("contact-name")).getText()).isEqualTo("Nadia Form-" + run);
        page("contact-created");

        browser.manage().window().setSize(new Dimension(390, 1400));
        browser.findElement(By.id("edit-contact")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("contact-form")));
        assertThat(browser.findElement(By.id("c-last-name")).getAttribute("value")).isEqualTo("Form-" + run);
        assertThat((Boolean) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth <= document.documentElement.clientWidth;"))
                .as("the form fits a phone's width without scrolling sideways").isTrue();
        page("contact-edit-phone");
    }

    @Test
    void aMarketerEmptiesAnAttributeOnTheEditFormAndTheContactNoLongerHasIt() throws Exception {
        String plan = "plan_" + run;
        String renewal = "renewal_" + run;
        api.post("/api/v1/attributes", "{\"key\": \"%s\", \"label\": \"Plan %s\", \"type\": \"TEXT\"}".formatted(plan, run));
        api.post("/api/v1/attributes", "{\"key\": \"%s\", \"label\": \"Renewal %s\", \"type\": \"DATE\"}"
                .formatted(renewal, run));
        long id = api.createContact("""
                {"email": "%s", "attributes": {"%s": "gold", "%s": "2027-01-31"}}""".formatted(uniqueEmail("empty"), plan,
                renewal));
        signIn(user(Role.MARKETER));
        browser.get(BASE + "/ui/contacts/" + id + "/edit");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("contact-form")));

        browser.findElement(By.id("attr-" + plan)).clear();
        browser.findElement(By.id("contact-save")).click();

        wait.until(ExpectedConditions.textToBe(By.id("action-done"), "Saved: changed Plan " + run + "."));
        browser.get(BASE + "/ui/contacts/" + id + "/edit");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("contact-form")));
        assertThat(browser.findElement(By.id("attr-" + plan)).getAttribute("value")).isEmpty();
        assertThat(browser.findElement(By.id("attr-" + renewal)).getAttribute("value")).isEqualTo("2027-01-31");
    }

    @Test
    void aNoteAddedAfterTheSessionEndedSaysSoKeepsWhatWasTypedAndGoesInOnceSignedInAgain() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Ines", "lastName": "Expired-%s"}""".formatted(uniqueEmail("ines"), run));
        String rep = user(Role.SALES);
        signIn(rep);
        browser.get(BASE + "/ui/contacts/" + contact);
        String typed = "Wants a call back in March " + run;
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("note-body"))).sendKeys(typed);

        browser.manage().deleteAllCookies(); // the session ends, as one that timed out does
        browser.findElement(By.cssSelector("#note-form button")).click();

        WebElement problem = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#note-form .request-problem")));
        assertThat(problem.getText()).isEqualTo("Your session has ended or the page is out of date: sign in again in"
                + " another tab, then press the button again — what you typed is still here.");
        assertThat(problem.getAttribute("role")).isEqualTo("alert");
        assertThat(browser.findElement(By.id("note-body")).getAttribute("value")).isEqualTo(typed);
        assertThat(notes.list(contact)).isEmpty();
        page("contact-session-ended");
        assertThat(severe()).as("only the refusal itself is logged").allMatch(entry -> entry.contains("403"));

        String page = browser.getWindowHandle();
        browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        signIn(rep);
        browser.close();
        browser.switchTo().window(page);
        browser.findElement(By.cssSelector("#note-form button")).click();

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), typed));
        assertThat(browser.findElements(By.cssSelector(".request-problem"))).isEmpty();
        assertThat(notes.list(contact)).extracting(Notes.Note::body).containsExactly(typed);
        assertThat(severe()).as("the stale page's one refusal before it took the new session's token")
                .allMatch(entry -> entry.contains("403"));
    }

    @Test
    void aPersonIsWarnedBeforeTheSessionEndsMayStaySignedInAndAFormSentAfterItEndedWaitsForANewSignIn()
            throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Olga", "lastName": "Idle-%s"}""".formatted(uniqueEmail("olga"), run));
        String rep = user(Role.SALES);
        signIn(rep);
        ChromiumDriver chromium = (ChromiumDriver) browser;
        // No test waits half an hour: the session's long timers are moved closer, first so that its warning comes
        // after 5 s and its end two minutes later, then to a thousandth (its end after 1.8 s). The pages' short timers
        // keep their time.
        Object shortened = longTimersAt(chromium, "ms - 1675000");
        try {
            browser.get(BASE + "/ui/contacts/" + contact + "/edit");
            WebElement stay = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("session-stay")));
            assertThat(browser.findElement(By.id("session-notice-text")).getText())
                    .startsWith("Your session ends in 2 minutes for lack of activity");
            assertThat(browser.findElement(By.id("session-notice")).getAttribute("role")).isEqualTo("alertdialog");
            assertThat(browser.switchTo().activeElement().getAttribute("id")).as("a keyboard user is at the button")
                    .isEqualTo("session-stay");
            stay.click();
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("session-notice")));
        } finally {
            chromium.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", shortened));
        }

        shortened = longTimersAt(chromium, "ms / 1000");
        try {
            browser.get(BASE + "/ui/contacts/" + contact + "/edit");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("session-notice-text"),
                    "Your session has ended for lack of activity"));
            String typed = "Idle-changed-" + run;
            WebElement lastName = browser.findElement(By.id("c-last-name"));
            lastName.clear();
            lastName.sendKeys(typed);
            browser.manage().deleteAllCookies(); // the server's session is gone too
            browser.findElement(By.id("contact-save")).click();

            WebElement problem = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#contact-form .request-problem")));
            assertThat(problem.getText()).startsWith("Your session has ended or the page is out of date: sign in again");
            assertThat(browser.findElement(By.id("c-last-name")).getAttribute("value")).as("nothing typed is lost")
                    .isEqualTo(typed);
            api.get("/api/v1/contacts/" + contact).andExpect(
                    org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.lastName")
                            .value("Idle-" + run));

            String page = browser.getWindowHandle();
            browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
            signIn(rep);
            browser.close();
            browser.switchTo().window(page);
            browser.findElement(By.id("contact-save")).click();

            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("action-done")));
            api.get("/api/v1/contacts/" + contact).andExpect(
                    org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.lastName").value(typed));
        } finally {
            chromium.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", shortened));
        }
    }

    @Test
    void aWarningThatCameLateSaysTheTimeReallyLeftInWordsThatAgreeWithIt() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Lena", "lastName": "Late-%s"}""".formatted(uniqueEmail("lena"), run));
        signIn(user(Role.SALES));
        ChromiumDriver chromium = (ChromiumDriver) browser;
        // The warning comes after 5 s, as the other session test's does, and the page's clock then reads as a computer's
        // does that slept while it waited: 70 s, then 40 s, of the session are left when it comes.
        for (var expected : List.of(Map.entry(1_725_000L, "Your session ends in 1 minute for lack of activity"),
                Map.entry(1_755_000L, "Your session ends in less than a minute for lack of activity"))) {
            Object shortened = longTimersAt(chromium, "ms - 1675000", expected.getKey());
            try {
                browser.get(BASE + "/ui/contacts/" + contact + "/edit");
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("session-stay")));
                assertThat(browser.findElement(By.id("session-notice-text")).getText()).startsWith(expected.getValue());
            } finally {
                chromium.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", shortened));
            }
        }
    }

    @Test
    void anIdleTabWithdrawsItsWarningWhileAnotherTabIsInUseAndSaysTheSessionEndedOnlyOnceNoTabIs() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Tess", "lastName": "Tabs-%s"}""".formatted(uniqueEmail("tess"), run));
        signIn(user(Role.SALES));
        ChromiumDriver chromium = (ChromiumDriver) browser;
        // In the idle tab, counted from its own request: the warning after 2 s, the end after 30 s (time for the other
        // tab to be used); counted again from the other tab's request (a little less of the session is left then):
        // the warning after 6 s, the end after 12 s. The other tab keeps its real timers.
        Object shortened = longTimersAt(chromium,
                "ms >= 1800000 ? 30000 : ms >= 1790000 ? 12000 : ms >= 1680000 ? 2000 : 6000");
        String idle = browser.getWindowHandle();
        String other = null;
        try {
            browser.get(BASE + "/ui/contacts/" + contact + "/edit");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("session-stay")));

            browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
            other = browser.getWindowHandle();
            browser.get(BASE + "/ui/contacts/" + contact); // the person works on in another tab
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("note-body")));
            browser.switchTo().window(idle);

            // The warning goes without a word, and the count starts again from the other tab's request.
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("session-notice")));
            assertThat(browser.findElement(By.id("session-notice-text")).getAttribute("textContent"))
                    .doesNotContain("ended");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("session-stay")));
            assertThat(browser.findElement(By.id("session-notice-text")).getText())
                    .startsWith("Your session ends in 2 minutes");

            // No tab is used any more: the end comes, counted from the other tab's request.
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("session-notice-text"),
                    "Your session has ended for lack of activity"));
        } finally {
            chromium.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", shortened));
            if (other != null) {
                browser.switchTo().window(other);
                browser.close();
                browser.switchTo().window(idle);
            }
        }
    }

    @Test
    void theDashboardShowsTheFunnelToMarketingAndTheRepSeesOnlyWhatTheirRoleMay() throws Exception {
        // A small funnel: twelve contacts in nurture, four of them qualified, one accepted, one sent back.
        for (int i = 0; i < 12; i++) {
            long contact = api.createContact("""
                    {"email": "%s", "firstName": "Dee"}""".formatted(uniqueEmail("dee" + i)));
            move(contact, "NURTURE", null);
            if (i < 4) {
                move(contact, "MQL", null);
            }
            if (i == 0) {
                move(contact, "SQL", null);
            }
            if (i == 1) {
                api.post("/api/v1/contacts/" + contact + "/stage", """
                        {"to": "NURTURE", "reasonCode": "NOT_READY", "reason": "budget next year"}""")
                        .andExpect(status().isOk());
            }
        }
        api.post("/api/v1/programs", """
                {"name": "Monthly notes %s", "kind": "SEQUENCE", "steps": []}""".formatted(run));

        signIn(user(Role.MARKETER));
        wait.until(ExpectedConditions.attributeToBe(By.id("funnel-chart"), "data-drawn", "true"));
        wait.until(ExpectedConditions.attributeToBe(By.id("touches-chart"), "data-drawn", "true"));
        wait.until(ExpectedConditions.attributeToBe(By.id("handoffs-chart"), "data-drawn", "true"));
        // A screen reader hears each chart's own label, which names the table with its figures, not a description
        // ECharts makes up (it read the row index as a second value and only ten of the twelve weeks).
        assertThat(browser.findElement(By.id("funnel-chart")).getAttribute("aria-label"))
                .isEqualTo("Contacts by stage now; the table beside it holds the same figures");
        assertThat(browser.findElement(By.id("touches-chart")).getAttribute("aria-label"))
                .isEqualTo("Touches per week: sent, and suppressed by reason; the table below holds the same figures");
        assertThat(browser.findElement(By.id("handoffs-chart")).getAttribute("aria-label"))
                .isEqualTo("MQLs, hand-offs, accepted and rejected per week; the table below holds the same figures");
        WebElement nurture = browser.findElement(By.cssSelector("#funnel-table tr[data-stage=NURTURE] td"));
        assertThat(Long.parseLong(nurture.getText())).isPositive();
        assertThat(browser.findElement(By.id("conversions")).getText()).contains("New").contains("Nurture");
        assertThat(browser.findElement(By.cssSelector("#velocity tr[data-stage=NURTURE]")).getText())
                .as("where nurtured contacts went").contains("Marketing-qualified");
        page("dashboard");
        for (String link : List.of("Programs", "Content", "Outbox")) {
            menu(link);
            wait.until(ExpectedConditions.titleContains(link));
            page(link.toLowerCase());
        }
        browser.manage().window().setSize(new Dimension(390, 1400));
        browser.get(BASE + "/");
        wait.until(ExpectedConditions.attributeToBe(By.id("funnel-chart"), "data-drawn", "true"));
        screenshot("dashboard-phone");
        browser.manage().window().setSize(new Dimension(1280, 1300));
        // The window's new width lays the page out again after setSize returns: until then the phone's folded menu
        // may still hide the button.
        wait.until(ExpectedConditions.elementToBeClickable(By.id("sign-out"))).click();
        wait.until(ExpectedConditions.urlContains("/login"));

        // The rep's own contact becomes an MQL: the hand-off goes to them, the same caller as before.
        String rep = user(Role.SALES);
        long lead = api.createContact("""
                {"email": "%s", "firstName": "Rex", "lastName": "Lead-%s", "owner": "%s"}"""
                .formatted(uniqueEmail("rex"), run, rep));
        move(lead, "NURTURE", null);
        move(lead, "MQL", null);

        signIn(rep);
        wait.until(ExpectedConditions.attributeToBe(By.id("funnel-chart"), "data-drawn", "true"));
        List<String> links = browser.findElements(By.cssSelector("header nav .links a")).stream().map(WebElement::getText).toList();
        assertThat(links).contains("Home", "Contacts").doesNotContain("Segments", "Import", "Outbox", "Settings")
                .anyMatch(link -> link.startsWith("My day"));
        assertThat(browser.findElements(By.id("touches-chart"))).isEmpty();
        long recycledBefore = Long.parseLong(browser.findElement(By.id("recycled-back")).getText());
        browser.findElement(By.partialLinkText("My day")).click();
        wait.until(ExpectedConditions.titleContains("My day"));
        WebElement handoff = browser.findElements(By.cssSelector("article.handoff")).stream()
                .filter(h -> h.getText().contains("Rex Lead-" + run)).findFirst().orElseThrow();
        page("my-day");
        new Select(handoff.findElement(By.cssSelector("select[name=reason]"))).selectByValue("NOT_READY");
        handoff.findElement(By.cssSelector("input[name=note]")).sendKeys("Budget comes next year");
        handoff.findElement(By.cssSelector("form.reject button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-done"), "Rejected"));
        assertThat(browser.findElements(By.cssSelector("article.handoff"))).extracting(WebElement::getText)
                .noneMatch(h -> h.contains("Rex Lead-" + run));

        browser.findElement(By.linkText("Home")).click();
        wait.until(ExpectedConditions.attributeToBe(By.id("funnel-chart"), "data-drawn", "true"));
        assertThat(Long.parseLong(browser.findElement(By.id("recycled-back")).getText())).isEqualTo(recycledBefore + 1);
    }

    @Test
    void aMarketerSeesTheirNameAndTheWholeMenuOnOneLineOfALaptopAndReachesEveryPageFromIt() throws Exception {
        browser.manage().window().setSize(new Dimension(1280, 800));
        signIn(user(Role.MARKETER));
        assertThat(browser.findElement(By.id("account-link")).getText()).isEqualTo("Browser MARKETER");
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("Home", "/");
        pages.put("My day", "/ui/my-day");
        pages.put("Contacts", "/ui/contacts");
        pages.put("Segments", "/ui/segments");
        pages.put("Lists", "/ui/lists");
        pages.put("Import", "/ui/imports");
        pages.put("Programs", "/ui/programs");
        pages.put("Content", "/ui/content");
        pages.put("Triggers", "/ui/triggers");
        pages.put("Scoring", "/ui/scoring");
        pages.put("Outbox", "/ui/outbox");
        pages.put("Tracking", "/ui/tracking");
        pages.put("Settings", "/ui/settings/attributes");
        for (var page : pages.entrySet()) {
            assertThat(browser.findElements(By.cssSelector("#nav-links > li")).stream()
                    .map(item -> item.getLocation().getY()).distinct()).as("lines the menu takes on " + page.getKey())
                    .hasSize(1);
            menu(page.getKey());
            wait.until(ExpectedConditions.urlToBe(BASE + page.getValue()));
        }
        browser.findElement(By.xpath("//nav//summary[normalize-space(.) = 'Automation']")).click();
        page("menu-laptop");
        // Escape closes the menu as a menu closes, the keyboard's focus back on it.
        WebElement automation = browser.findElement(By.xpath("//nav//summary[normalize-space(.) = 'Automation']"));
        automation.sendKeys(org.openqa.selenium.Keys.ESCAPE);
        wait.until(driver -> automation.findElement(By.xpath("..")).getAttribute("open") == null);
        assertThat(browser.switchTo().activeElement()).isEqualTo(automation);
        screenshot("menu-closed-focus-ring");
    }

    @Test
    void onAPhoneTheHeaderIsALineTheFirstContactsShowAtOnceTheMenuOpensToFingerSizedLinksAndTheDashboardsTablesFit()
            throws Exception {
        long phoebe = api.createContact("""
                {"email": "%s", "firstName": "Phoebe", "lastName": "Phone-%s"}""".formatted(uniqueEmail("phoebe"), run));
        browser.manage().window().setSize(new Dimension(390, 844));
        signIn(user(Role.MARKETER));
        browser.get(BASE + "/ui/contacts");
        long screen = (Long) ((JavascriptExecutor) browser).executeScript("return window.innerHeight;");

        assertThat(browser.findElement(By.tagName("header")).getSize().getHeight()).as("the header, of " + screen + " px")
                .isLessThan((int) screen / 5);
        WebElement first = browser.findElement(By.cssSelector("#contact-list tbody tr td a"));
        assertThat(first.getLocation().getY() + first.getSize().getHeight()).as("the first contact, without scrolling")
                .isLessThan((int) screen);
        assertThat(browser.findElement(By.id("nav-links")).isDisplayed()).isFalse();
        page("contacts-phone");
        browser.findElement(By.id("menu-button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav-links")));
        for (WebElement target : browser.findElements(By.cssSelector(
                "#nav-links > li > a, #nav-links summary, #account-link, #sign-out, #filters > summary"))) {
            assertThat(target.getSize().getHeight()).as("a finger's height: " + target.getText()).isGreaterThanOrEqualTo(44);
        }
        page("menu-phone");
        menu("Contacts");
        wait.until(ExpectedConditions.urlToBe(BASE + "/ui/contacts"));

        browser.get(BASE + "/");
        wait.until(ExpectedConditions.attributeToBe(By.id("funnel-chart"), "data-drawn", "true"));
        fitsThePhone();
        @SuppressWarnings("unchecked")
        List<String> scrolled = (List<String>) ((JavascriptExecutor) browser).executeScript("""
                return Array.from(document.querySelectorAll('main table'))
                  .filter(t => t.getBoundingClientRect().width > document.documentElement.clientWidth
                      || (t.parentElement.scrollWidth > t.parentElement.clientWidth))
                  .map(t => t.id);""");
        assertThat(scrolled).as("dashboard tables read sideways").isEmpty();
        screenshot("dashboard-phone-cards");

        // 320 CSS pixels wide, as reflow asks: the funnel's chart and the contact's quick actions were 336 px wide.
        browser.manage().window().setSize(new Dimension(320, 844));
        browser.navigate().refresh();
        wait.until(ExpectedConditions.attributeToBe(By.id("funnel-chart"), "data-drawn", "true"));
        fitsThePhone();
        browser.get(BASE + "/ui/contacts/" + phoebe);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("note-form")));
        fitsThePhone();
    }

    @Test
    void onALaptopWithoutScriptsTheMenuTheAccountAndTheContactFiltersStandWholeAsWithThem() throws Exception {
        browser.manage().window().setSize(new Dimension(1280, 800));
        signIn(user(Role.MARKETER));
        ChromiumDriver chromium = (ChromiumDriver) browser;
        chromium.executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", true));
        try {
            browser.get(BASE + "/ui/contacts");
            // Seen as a person sees it: a closed <details> keeps its content's boxes but paints none of it, unless the
            // CSS shows it (::details-content), so sizes say nothing; checkVisibility() and what is under a point do.
            @SuppressWarnings("unchecked")
            Map<String, Object> shown = (Map<String, Object>) ((JavascriptExecutor) browser).executeScript("""
                    const shown = id => {
                      const e = document.getElementById(id), box = e.getBoundingClientRect();
                      const under = document.elementFromPoint(box.x + Math.min(10, box.width / 2), box.y + box.height / 2);
                      return e.checkVisibility() && e.contains(under);
                    };
                    return {closed: document.querySelectorAll('details.phone-fold:not([open])').length,
                      links: shown('nav-links'), account: shown('account-link'), signOut: shown('sign-out'),
                      filters: shown('contact-filters'), menuButton: shown('menu-button')};""");

            assertThat(shown.get("closed")).as("the menu and the filters, which no script opened").isEqualTo(2L);
            assertThat(shown).as("shown and under a pointer").containsEntry("links", true).containsEntry("account", true)
                    .containsEntry("signOut", true).containsEntry("filters", true).containsEntry("menuButton", false);
            screenshot("laptop-without-scripts");
        } finally {
            chromium.executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", false));
        }
    }

    @Test
    void onAPhoneTheWayBackTheNumberToCallACancelAndATickBoxInAListAreAFingersHeight() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Tapper", "phone": "+1-303-555-0142"}""".formatted(uniqueEmail("tapper")));
        long list = json(api.post("/api/v1/lists", "{\"name\": \"Tapped %s\"}".formatted(run))).get("id").asLong();
        api.post("/api/v1/lists/" + list + "/members", "{\"contactIds\": [" + contact + "]}").andExpect(status().isOk());
        browser.manage().window().setSize(new Dimension(390, 844));
        signIn(user(Role.ADMIN));
        Map<String, String> controls = new LinkedHashMap<>();
        controls.put("/ui/contacts/" + contact, "main p.back > a, #call-link");
        controls.put("/ui/contacts/" + contact + "/edit", "main p.back > a, #contact-cancel");
        controls.put("/ui/lists/" + list, "main p.back > a, #as-contacts, #members label.tick");
        controls.put("/ui/settings/audit", "#audit-filters a");

        for (var page : controls.entrySet()) {
            browser.get(BASE + page.getKey());
            List<WebElement> targets = browser.findElements(By.cssSelector(page.getValue()));
            assertThat(targets).as(page.getValue() + " on " + page.getKey()).hasSizeGreaterThanOrEqualTo(
                    page.getValue().split(",").length);
            for (WebElement target : targets) {
                assertThat(target.getSize().getHeight()).as("a finger's height: " + target.getText() + " on "
                        + page.getKey()).isGreaterThanOrEqualTo(44);
            }
        }
    }

    /** A zone whose clock reads about noon whatever the simulated clock says now: a call there is within calling hours. */
    private String zoneAtNoon() {
        int offset = Math.floorMod(12 - clock.instant().atZone(ZoneOffset.UTC).getHour() + 12, 24) - 12;
        return offset == 0 ? "UTC" : "Etc/GMT" + (offset > 0 ? "-" : "+") + Math.abs(offset);
    }

    @Test
    void aRepLogsACallInTwoClicksBooksACallBackAndReadsAnAlert() throws Exception {
        String rep = user(Role.SALES);
        long repId = users.findByUsername(rep).orElseThrow().id();
        // Away, so rep choice hands this rep no lead (and no alert) of another test's.
        api.patch("/api/v1/users/" + repId, "{\"away\": true}");
        String zone = zoneAtNoon();
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Cal", "lastName": "Caller-%s", "phone": "+49 30 1234567",
                 "timeZone": "%s", "owner": "%s"}""".formatted(uniqueEmail("cal"), run, zone, rep));
        long first = tasks.create(new Tasks.NewTask(contact, null, TaskKind.CALL, "Ask about the guide " + run,
                "Downloaded the cooling guide", null, 50));
        long second = tasks.create(new Tasks.NewTask(contact, null, TaskKind.READINESS_CHECK, "Check in " + run, null, null,
                40));
        alerts.alert(repId, contact, "Lease ends in 90 days: " + run, "Time to call about the renewal");

        signIn(rep);
        browser.findElement(By.partialLinkText("My day")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("task-" + first)));
        assertThat(browser.findElement(By.id("alerts")).getText()).contains("Lease ends in 90 days: " + run);
        assertThat(browser.findElement(By.cssSelector("#nav-links .badge")).getText()).as("unread alerts").isEqualTo("1");
        page("my-day-calls");
        // A note half typed on the next call's card, before logging the first call, which draws the day again.
        browser.findElement(By.id("log-" + second)).click();
        browser.findElement(By.id("task-" + second + "-note")).sendKeys("assistant picks up " + run);

        browser.findElement(By.id("log-" + first)).click();
        browser.findElement(By.cssSelector("#task-" + first + " button[value=NO_ANSWER]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-done"), "Logged: No answer"));
        assertThat(browser.findElements(By.id("task-" + first))).as("the logged call left the list").isEmpty();
        assertThat(tasks.get(first).outcome()).isEqualTo(CallOutcome.NO_ANSWER);
        assertThat(browser.findElement(By.id("task-" + second + "-note")).getDomProperty("value"))
                .as("what was typed on the other card is still there").isEqualTo("assistant picks up " + run);
        assertThat(browser.findElement(By.cssSelector("#task-" + second + " details.outcome")).getDomAttribute("open"))
                .as("its menu still open").isNotNull();

        LocalDateTime tomorrow = LocalDateTime.ofInstant(clock.instant(), ZoneId.of(zone)).plusDays(1)
                .withHour(10).withMinute(0).withSecond(0).withNano(0);
        WebElement callBack = browser.findElement(By.cssSelector("#task-" + second + " input[name=callBackAt]"));
        // A datetime-local field takes its value as typed digits; setting it directly is the reliable way in Chromium.
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]", callBack,
                tomorrow.toString());
        browser.findElement(By.cssSelector("#task-" + second + " button[value=VOICEMAIL]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-done"), "call-back booked"));
        assertThat(browser.findElement(By.id("callbacks")).getText()).contains("Cal Caller-" + run).contains("10:00");

        browser.findElement(By.cssSelector("article.alert button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-done"), "Alert marked read"));
        assertThat(browser.findElement(By.id("alerts")).getText()).doesNotContain("Lease ends in 90 days: " + run);
        assertThat(browser.findElements(By.cssSelector("nav .badge"))).as("the count beside My day follows at once")
                .isEmpty();
        browser.navigate().refresh();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("alerts")));
        assertThat(browser.findElements(By.cssSelector("nav .badge"))).as("nothing unread").isEmpty();
        page("my-day-after");
    }

    @Test
    void aRepIsAskedOnAPageOfItsOwnBeforeLoggingAWrongNumberOrMarkingDoNotContactAndEachGoesThroughOnceConfirmed()
            throws Exception {
        String rep = user(Role.SALES);
        long repId = users.findByUsername(rep).orElseThrow().id();
        api.patch("/api/v1/users/" + repId, "{\"away\": true}");
        String zone = zoneAtNoon();
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Wes", "lastName": "Wrong-%s", "phone": "+49 30 1234567",
                 "timeZone": "%s", "owner": "%s"}""".formatted(uniqueEmail("wes"), run, zone, rep));
        long call = tasks.create(new Tasks.NewTask(contact, null, TaskKind.CALL, "Ask about the guide " + run, null,
                null, 50));

        signIn(rep);
        browser.findElement(By.partialLinkText("My day")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("task-" + call)));
        browser.findElement(By.id("log-" + call)).click();
        browser.findElement(By.id("task-" + call + "-note")).sendKeys("A plumber's number");
        browser.findElement(By.cssSelector("#task-" + call + " button[value=WRONG_NUMBER]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("confirm-question"),
                "Log a wrong number for Wes Wrong-" + run + "?"));
        assertThat(tasks.get(call).status()).as("asking logs nothing").isEqualTo(Task.Status.OPEN);
        page("my-day-wrong-number-asked");
        browser.findElement(By.id("confirm-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-done"), "Logged: Wrong number."));
        assertThat(tasks.get(call).outcome()).isEqualTo(CallOutcome.WRONG_NUMBER);
        assertThat(tasks.get(call).outcomeNote()).isEqualTo("A plumber's number");

        browser.get(BASE + "/ui/contacts/" + contact);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("dnc-form")));
        new Select(browser.findElement(By.id("dnc-channel"))).selectByValue("EMAIL");
        browser.findElement(By.id("dnc-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("confirm-consequence"),
                "You cannot undo it"));
        assertThat(browser.findElement(By.id("confirm-question")).getText()).endsWith("do-not-contact for email?");
        browser.findElement(By.id("confirm-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dnc-form-done"),
                "Marked do-not-contact for email"));
        assertThat(browser.findElement(By.id("do-not-contact")).getText()).isEqualTo("email");
    }

    @Test
    void aMarketerGivesALeadToAnotherRepWithTheReassignButtonOnTheContactPage() throws Exception {
        long first = rep("first");
        long second = rep("second");
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Ria", "lastName": "Reassigned-%s", "owner": "%d"}"""
                .formatted(uniqueEmail("ria"), run, first));
        move(contact, "NURTURE", null);
        move(contact, "MQL", null);
        long handoff = json(api.get("/api/v1/handoffs?contact=" + contact)).at("/items/0/id").asLong();
        assertThat(json(api.get("/api/v1/handoffs/" + handoff)).get("repId").asLong()).isEqualTo(first);

        signIn(user(Role.MARKETER));
        browser.get(BASE + "/ui/contacts/" + contact);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("reassign-form")));
        assertThat(browser.findElement(By.id("open-handoff")).getText()).contains("with Browser first " + run);
        new Select(browser.findElement(By.id("reassign-rep"))).selectByValue(String.valueOf(second));
        page("contact-reassign");
        browser.findElement(By.id("reassign-button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("reassign-form-done"),
                "Hand-off reassigned to Browser second " + run));

        assertThat(browser.findElement(By.id("open-handoff")).getText()).contains("with Browser second " + run);
        assertThat(json(api.get("/api/v1/handoffs/" + handoff)).get("repId").asLong()).isEqualTo(second);
        for (long rep : List.of(first, second)) {
            // Away, so no other test's lead comes their way.
            api.patch("/api/v1/users/" + rep, "{\"away\": true}");
        }
    }

    @Test
    void aRepSeesDoNotCallInPlaceOfTheNumberOnALeadTheyMayNotPhoneAndMarksAFollowUpDone() throws Exception {
        String rep = user(Role.SALES);
        long repId = users.findByUsername(rep).orElseThrow().id();
        api.patch("/api/v1/users/" + repId, "{\"away\": true}");
        long quiet = api.createContact("""
                {"email": "%s", "firstName": "Quinn", "lastName": "Quiet-%s", "phone": "+49 30 7654321", "owner": "%s"}"""
                .formatted(uniqueEmail("quinn"), run, rep));
        api.patch("/api/v1/contacts/" + quiet, "{\"doNotContact\": [\"PHONE\"]}").andExpect(status().isOk());
        long lead = tasks.create(new Tasks.NewTask(quiet, null, TaskKind.HANDOFF, "New lead: Quinn " + run, null, null, 90));
        long followUp = tasks.create(new Tasks.NewTask(quiet, null, TaskKind.FOLLOW_UP, "Send the case study " + run, null,
                null, 40));

        signIn(rep);
        browser.findElement(By.partialLinkText("My day")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("do-not-call-" + lead)));
        WebElement entry = browser.findElement(By.id("task-" + lead));
        assertThat(entry.getText()).contains("Do not call").doesNotContain("+49 30 7654321");
        assertThat(entry.findElements(By.cssSelector("a[href^='tel:']"))).isEmpty();
        page("my-day-do-not-call");

        browser.findElement(By.id("task-" + followUp + "-note")).sendKeys("Sent by post");
        browser.findElement(By.cssSelector("#done-" + followUp + " button[value=DONE]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-done"), "Done"));
        assertThat(tasks.get(followUp).outcomeNote()).isEqualTo("Sent by post");
        assertThat(browser.findElements(By.id("task-" + followUp))).isEmpty();
        // The card done is gone: the focus goes on to the card that was next, or to its list's heading, not <body>.
        wait.until(driver -> java.util.Set.of("task-" + lead, "queue-title")
                .contains(driver.switchTo().activeElement().getAttribute("id")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("announcer"), "Done"));
    }

    @Test
    void onTheContactPageATagIsRemovedTheirRhythmSetAndAPastBeyondOnePageIsPagedIn() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Pat", "lastName": "Pages-%s", "tags": ["old-tag", "keep"]}"""
                .formatted(uniqueEmail("pat"), run));
        // Seventy visits a minute apart, an hour ago and before: more than one page of the timeline.
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < 70; i++) {
            events.append(i == 0 ? "" : ",").append("""
                    {"id": "%s-visit-%d", "contactId": %d, "type": "PAGE_VIEW", "target": "https://example.com/page-%d",
                     "occurredAt": "%s"}""".formatted(run, i, contact, i, clock.instant().minus(Duration.ofMinutes(60 + i))));
        }
        api.post("/api/v1/events", "{\"events\": [" + events + "]}").andExpect(status().isOk());

        signIn(user(Role.MARKETER));
        browser.get(BASE + "/ui/contacts/" + contact);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("timeline")));
        assertThat(browser.findElements(By.cssSelector("#timeline li[data-kind]"))).hasSize(50);
        assertThat(browser.findElement(By.id("timeline")).getText()).doesNotContain("example.com/page-69");
        browser.findElement(By.id("timeline-older")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "example.com/page-69"));
        List<String> visits = browser.findElements(By.cssSelector("#timeline li[data-kind=ACTIVITY]")).stream()
                .map(WebElement::getText).toList();
        assertThat(visits).as("every visit once, none lost between the pages").hasSize(70).doesNotHaveDuplicates();
        assertThat(browser.findElements(By.id("timeline-older"))).isEmpty();

        browser.findElement(By.cssSelector("button[aria-label='Remove tag old-tag']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tags-done"), "Tag old-tag removed"));
        assertThat(browser.findElement(By.id("tags")).getText()).contains("keep").doesNotContain("old-tag");

        browser.findElement(By.id("frequency-max")).sendKeys("1");
        browser.findElement(By.id("frequency-days")).sendKeys("30");
        new Select(browser.findElement(By.id("frequency-channel"))).selectByValue("EMAIL");
        browser.findElement(By.cssSelector("#frequency-form button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("frequency"), "at most 1 in 30 days for email"));

        LocalDate quarter = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusMonths(3);
        String inAQuarter = When.dayOfWeek(quarter);
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]",
                browser.findElement(By.id("ready-on")), quarter.toString());
        browser.findElement(By.id("ready-reason")).sendKeys("Budget comes in spring");
        browser.findElement(By.cssSelector("#readiness-form button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("readiness-form-done"),
                "Expected ready on " + inAQuarter));
        assertThat(browser.findElement(By.id("readiness-form")).getText()).contains(inAQuarter);
        ((JavascriptExecutor) browser).executeScript("document.getElementById('prefs-title').scrollIntoView()");
        page("contact-preferences");
    }

    @Test
    void aMarketerBuildsAMonthlyStreamWithTwoPiecesOfContentAndActivatesIt() throws Exception {
        long first = api.liveArticle("Stream one " + run);
        long second = api.liveArticle("Stream two " + run);
        signIn(user(Role.MARKETER));
        browser.findElement(By.linkText("Programs")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("new-stream"))).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("program-form")));

        assertThat(browser.findElement(By.id("c-monthly")).isSelected()).isTrue();
        new Select(browser.findElement(By.id("c-week"))).selectByValue("1");
        new Select(browser.findElement(By.id("c-day"))).selectByValue("TUESDAY");
        // The pool first, before the program has a name: the browser's "required" must not stop an edit of the form.
        new Select(browser.findElement(By.id("pool-add"))).selectByValue(String.valueOf(first));
        browser.findElement(By.id("pool-add-button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#pool-list li[data-content='" + first + "']")));
        browser.findElement(By.id("p-name")).sendKeys("Monthly notes " + run);
        // Enter in the name saves nothing half built: the builder stays as it is, without a mistake to show.
        browser.findElement(By.id("p-name")).sendKeys(org.openqa.selenium.Keys.ENTER);
        assertThat(browser.findElements(By.id("form-errors"))).isEmpty();
        assertThat(browser.findElements(By.id("saved"))).isEmpty();
        new Select(browser.findElement(By.id("pool-add"))).selectByValue(String.valueOf(second));
        browser.findElement(By.id("pool-add-button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#pool-list li[data-content='" + second + "']")));
        // Adding to the pool posts the whole form: what was typed is still there.
        assertThat(browser.findElement(By.id("p-name")).getAttribute("value")).isEqualTo("Monthly notes " + run);
        assertThat(new Select(browser.findElement(By.id("c-day"))).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("TUESDAY");
        assertThat(browser.findElements(By.cssSelector("#pool-list li"))).extracting(WebElement::getText)
                .satisfiesExactly(one -> assertThat(one).contains("Stream one " + run), two -> assertThat(two).contains("Stream two " + run));
        scrollTo("cadence");
        page("program-builder");

        browser.findElement(By.id("save-program")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("saved")));
        assertThat(browser.findElement(By.id("program-status")).getText()).isEqualTo("Draft");
        assertThat(browser.findElement(By.id("cadence")).getText()).isEqualTo("first Tuesday of the month at 10:00 in the contact's zone");
        browser.findElement(By.id("activate")).click();
        // Activating asks first, even without an audience: once active a program can no longer be deleted.
        wait.until(ExpectedConditions.elementToBeClickable(By.id("confirm-status"))).click();
        wait.until(ExpectedConditions.textToBe(By.id("program-status"), "Active"));
        assertThat(browser.findElement(By.id("pool")).getText()).contains("Stream one " + run).contains("Stream two " + run);
        page("program");
    }

    @Test
    void aStepAddedMovedOrRemovedInTheSequenceBuilderHasTheFocusAndIsSaidInTheStatusRegion() {
        signIn(user(Role.MARKETER));
        browser.get(BASE + "/ui/programs/new?kind=SEQUENCE");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("add-send")));
        browser.findElement(By.id("add-send")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("step-0")));
        browser.findElement(By.id("add-wait")).click();

        wait.until(driver -> "step-1".equals(driver.switchTo().activeElement().getAttribute("id")));
        wait.until(ExpectedConditions.textToBe(By.id("announcer"), "Step 2 added: Wait."));
        assertThat(browser.findElement(By.id("step-said")).getText()).isEqualTo("Step 2 added: Wait.");
        long top = (Long) ((JavascriptExecutor) browser).executeScript("return Math.round(window.scrollY);");
        assertThat(top).as("scrolled to the step").isPositive();

        browser.findElement(By.cssSelector("#step-1 button[value='up:1']")).click();
        wait.until(ExpectedConditions.textToBe(By.id("announcer"), "Step 2 moved up: it is now step 1."));
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("step-0");

        browser.findElement(By.cssSelector("#step-0 button[value='remove:0']")).click();
        wait.until(ExpectedConditions.textToBe(By.id("announcer"), "Step 1 removed: 1 step is left."));
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("step-0");

        browser.findElement(By.cssSelector("#step-0 button[value='remove:0']")).click();
        wait.until(driver -> "steps-empty".equals(driver.switchTo().activeElement().getAttribute("id")));
        wait.until(ExpectedConditions.textToBe(By.id("announcer"), "Step 1 removed: no step is left."));
    }

    @Test
    void aPieceAddedMovedOrRemovedInTheStreamsPoolHasTheFocusAndIsSaidInTheStatusRegion() throws Exception {
        long cooling = api.liveArticle("Pool cooling " + run);
        long heating = api.liveArticle("Pool heating " + run);
        signIn(user(Role.MARKETER));
        browser.get(BASE + "/ui/programs/new?kind=STREAM");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("pool-add")));

        for (long piece : new long[] {cooling, heating}) {
            new Select(browser.findElement(By.id("pool-add"))).selectByValue(String.valueOf(piece));
            browser.findElement(By.id("pool-add-button")).click();
            landedOn(piece);
        }
        wait.until(ExpectedConditions.textToBe(By.id("announcer"), "Pool heating " + run + " added to the pool: piece 2 of 2."));
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("pool-1");

        browser.findElement(By.cssSelector("#pool-1 button[value='pool-up:1']")).click();
        landedOn(heating);
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("pool-0");
        wait.until(ExpectedConditions.textToBe(By.id("announcer"), "Pool heating " + run + " moved up: it is now piece 1 of 2."));
        page("program-builder-pool-moved");

        browser.findElement(By.cssSelector("#pool-0 button[value='pool-remove:0']")).click();
        landedOn(cooling);
        wait.until(ExpectedConditions.textToBe(By.id("announcer"),
                "Pool heating " + run + " removed from the pool: 1 piece is left."));

        browser.findElement(By.cssSelector("#pool-0 button[value='pool-remove:0']")).click();
        wait.until(driver -> "pool-empty".equals(driver.switchTo().activeElement().getAttribute("id")));
        wait.until(ExpectedConditions.textToBe(By.id("announcer"),
                "Pool cooling " + run + " removed from the pool: no piece is left."));
    }

    /** The redrawn builder has the keyboard's focus on this piece of its pool. */
    private void landedOn(long piece) {
        wait.until(driver -> String.valueOf(piece).equals(driver.switchTo().activeElement().getAttribute("data-content")));
    }

    @Test
    void aStreamsCadenceShowsOnlyTheFieldsOfTheKindChosen() {
        signIn(user(Role.MARKETER));
        browser.get(BASE + "/ui/programs/new?kind=STREAM");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("cadence")));
        assertThat(browser.findElement(By.id("c-week")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("c-count")).isDisplayed()).isFalse();

        browser.findElement(By.id("c-every")).click();

        assertThat(browser.findElement(By.id("c-count")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("c-unit")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("c-week")).isDisplayed()).as("Which").isFalse();
        assertThat(browser.findElement(By.id("c-day")).isDisplayed()).as("Weekday").isFalse();
    }

    @Test
    void withTheSimulatedClockAdvancedAMonthTheOutboxShowsTheFirstTouchAndTheContactsTimelineShowsIt() throws Exception {
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Mo", "lastName": "Monthly-%s", "timeZone": "Europe/Berlin"}"""
                .formatted(uniqueEmail("mo"), run));
        consents.record(contact, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "webinar form", null));
        long stream = api.activeProgram("""
                {"name": "Monthly touch %s", "kind": "STREAM",
                 "cadence": {"type": "monthly", "week": 1, "day": "TUESDAY", "at": "10:00"}, "pool": [%d, %d]}"""
                .formatted(run, api.liveArticle("First touch " + run), api.liveArticle("Second touch " + run)));
        api.post("/api/v1/programs/" + stream + "/enrollments", "{\"contactIds\": [" + contact + "]}").andExpect(status().isOk());

        signIn(user(Role.MARKETER));
        browser.get(BASE + "/ui/programs/" + stream);
        browser.findElement(By.id("preview-contact")).sendKeys(String.valueOf(contact));
        browser.findElement(By.cssSelector("#preview-form button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("preview")));
        List<WebElement> planned = browser.findElements(By.cssSelector("#preview tbody tr"));
        assertThat(planned).hasSize(2);
        assertThat(planned.getFirst().getText()).contains("First touch " + run).contains("Tue").contains("10:00").contains("would send");
        scrollTo("preview-section");
        page("program-preview");

        // The first Tuesday of a month at 10:00 in Berlin comes within a month: move the clock there and tick.
        String due = json(api.get("/api/v1/programs/" + stream + "/enrollments")).get("items").get(0).get("nextDueAt").asString();
        api.post("/api/v1/admin/clock", "{\"set\": \"" + due + "\"}").andExpect(status().isOk());
        api.post("/api/v1/admin/engine/tick", "").andExpect(status().isOk());

        browser.get(BASE + "/ui/outbox?contact=" + contact);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("outbox")));
        assertThat(browser.findElement(By.id("outbox")).getText()).contains("First touch " + run).doesNotContain("Second touch " + run);
        page("outbox-first-touch");
        browser.findElement(By.cssSelector("#outbox tbody a[href^='/ui/contacts/']")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("timeline")));
        assertThat(browser.findElement(By.id("timeline")).getText()).contains("Email kept in the outbox (no mail server is set up): 'First touch " + run + "'").contains("Monthly touch " + run)
                .as("the touch once, not again as its sent activity").doesNotContain("Touch sent (email)");

        browser.get(BASE + "/ui/programs/" + stream);
        WebElement cadence = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#step-figures tr[data-step='0']")));
        assertThat(cadence.findElement(By.className("touched")).getText()).isEqualTo("1");
        assertThat(cadence.findElement(By.className("waiting")).getText()).isEqualTo("1");
        // One piece left: the contact runs out of content with the touch of the month it falls due next.
        String next = json(api.get("/api/v1/programs/" + stream + "/enrollments")).get("items").get(0).get("nextDueAt").asString();
        String month = java.time.YearMonth.from(java.time.Instant.parse(next).atZone(java.time.ZoneId.of("Europe/Berlin"))).toString();
        assertThat(browser.findElements(By.cssSelector("#exhaustion tbody tr"))).singleElement()
                .satisfies(row -> assertThat(row.getAttribute("data-month")).isEqualTo(month))
                .satisfies(row -> assertThat(row.getText()).isEqualTo(java.time.YearMonth.parse(month).format(
                        java.time.format.DateTimeFormatter.ofPattern("MMMM yyyy", java.util.Locale.ENGLISH)) + " 1"));
        scrollTo("figures");
        page("program-figures");
    }

    private void scrollTo(String id) {
        ((JavascriptExecutor) browser).executeScript("document.getElementById(arguments[0]).scrollIntoView()", id);
    }

    @Test
    void aMarketerEditsAPieceAndTheLivePreviewGreetsTheChosenContactByFirstName() throws Exception {
        String zora = uniqueEmail("zora");
        api.createContact("""
                {"email": "%s", "firstName": "Zora"}""".formatted(zora));
        long piece = api.liveArticle("Preview guide " + run);

        signIn(user(Role.MARKETER));
        browser.findElement(By.linkText("Content")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("content-list")));
        page("content");
        browser.findElement(By.linkText("Preview guide " + run)).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("preview-hint")));

        browser.findElement(By.id("preview-as")).sendKeys(zora);
        wait.until(ExpectedConditions.attributeContains(By.id("preview-html"), "srcdoc", "Dear Zora,"));
        WebElement html = browser.findElement(By.id("c-html"));
        html.clear();
        html.sendKeys("<p>Hello {{ contact.first_name }}, the guide is here.</p>");
        wait.until(ExpectedConditions.attributeContains(By.id("preview-html"), "srcdoc", "Hello Zora, the guide is here."));
        WebElement subject = browser.findElement(By.id("c-subject"));
        subject.clear();
        subject.sendKeys(" ");
        wait.until(ExpectedConditions.textToBe(By.id("err-subject"), "Subject is required"));
        // marked for screen readers while its message shows, and no longer once it is gone
        wait.until(ExpectedConditions.attributeToBe(By.id("c-subject"), "aria-invalid", "true"));
        subject.sendKeys("A guide for {{ contact.first_name }}");
        wait.until(ExpectedConditions.textToBe(By.id("preview-subject"), "A guide for Zora"));
        assertThat(browser.findElement(By.id("err-subject")).getText()).isEmpty();
        wait.until(driver -> driver.findElement(By.id("c-subject")).getAttribute("aria-invalid") == null);
        assertThat(browser.findElement(By.id("preview-html")).getAttribute("sandbox")).isEmpty();
        page("content-editor");

        browser.findElement(By.id("save-content")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("saved")));
        assertThat(json(api.get("/api/v1/content/" + piece)).get("variants").get("email").get("html").asString())
                .contains("Hello {{ contact.first_name }}, the guide is here.");
    }

    @Test
    void retiringALivePieceOpensOnTheQuestionThatNothingIsSavedYetAndThePreviewStaysOnTheContact() throws Exception {
        String rhea = uniqueEmail("rhea");
        api.createContact("""
                {"email": "%s", "firstName": "Rhea"}""".formatted(rhea));
        long piece = api.liveArticle("Retiring guide " + run);

        signIn(user(Role.MARKETER));
        browser.get(BASE + "/ui/content/" + piece);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("preview-hint")));
        browser.findElement(By.id("preview-as")).sendKeys(rhea);
        wait.until(ExpectedConditions.attributeContains(By.id("preview-html"), "srcdoc", "Rhea"));
        WebElement name = browser.findElement(By.id("c-name"));
        name.clear();
        name.sendKeys("Retired guide " + run);
        new Select(browser.findElement(By.id("c-status"))).selectByValue("RETIRED");
        browser.findElement(By.id("save-content")).click();

        WebElement question = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("retiring")));
        assertThat(question.getText()).startsWith("Not saved yet: retire 'Retiring guide " + run + "'?");
        wait.until(driver -> "retiring".equals(((JavascriptExecutor) driver)
                .executeScript("return document.activeElement && document.activeElement.id")));
        assertThat((Boolean) ((JavascriptExecutor) browser).executeScript("""
                const box = arguments[0].getBoundingClientRect();
                return box.top >= 0 && box.top < window.innerHeight;""", question)).as("the question is in view").isTrue();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("preview-contact"), rhea));
        assertThat(browser.findElements(By.cssSelector("#preview .error"))).isEmpty();
        assertThat(json(api.get("/api/v1/content/" + piece)).get("status").asString()).isEqualTo("LIVE");
        page("content-editor-retiring");

        browser.findElement(By.id("confirm-retire")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("saved")));
        assertThat(json(api.get("/api/v1/content/" + piece)).get("status").asString()).isEqualTo("RETIRED");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Retired guide " + run);
    }

    @Test
    void aMarketerCreatesATriggerAndAScoringRuleSeesThemListedAndTheTriggerFire() throws Exception {
        String tag = "vip-" + run;
        long contact = api.createContact("""
                {"email": "%s", "firstName": "Vic", "lastName": "Trigger-%s"}""".formatted(uniqueEmail("vic"), run));
        api.as(Role.ADMIN, org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .put("/api/v1/contacts/" + contact + "/score").contentType("application/json")
                .content("{\"score\": 30}")).andExpect(status().isOk());

        signIn(user(Role.MARKETER));
        menu("Triggers");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("new-trigger"))).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("trigger-form")));
        browser.findElement(By.id("t-name")).sendKeys("VIP follow-up " + run);
        new Select(browser.findElement(By.id("when-type"))).selectByValue("noteAdded");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("when-keywords")));
        new Select(browser.findElement(By.id("when-type"))).selectByValue("tagAdded");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("when-tag"))).sendKeys(tag);
        browser.findElement(By.id("a0-subject")).sendKeys("A VIP to call");
        browser.findElement(By.id("add-action")).click();
        new Select(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("a1-type")))).selectByValue("addTag");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("a1-tag"))).sendKeys("followed-up");
        assertThat(browser.findElement(By.id("a0-subject")).getAttribute("value")).isEqualTo("A VIP to call");
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        page("trigger-editor");
        browser.findElement(By.id("save-trigger")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("saved")));

        tags.add(contact, List.of(tag));
        triggerJobs.runAll();
        browser.navigate().refresh();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("firing-list"), "Vic Trigger-" + run));
        assertThat(browser.findElement(By.id("firing-list")).getText()).contains("fired").contains("add tag: done");
        ((JavascriptExecutor) browser).executeScript("document.getElementById('firings').scrollIntoView()");
        page("trigger");
        browser.findElement(By.linkText("← Triggers")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("trigger-list"), "VIP follow-up " + run));
        page("triggers");

        menu("Scoring");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rule-form")));
        browser.findElement(By.id("r-name")).sendKeys("Pricing page " + run);
        new Select(browser.findElement(By.id("r-activity"))).selectByValue("PAGE_VIEW");
        browser.findElement(By.id("r-target")).sendKeys("/pricing");
        browser.findElement(By.id("r-points")).sendKeys("10");
        browser.findElement(By.id("save-rule")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("saved")));
        browser.findElement(By.id("f-name")).sendKeys("Chief " + run);
        browser.findElement(By.id("f-rule")).sendKeys("title = \"CTO\"");
        browser.findElement(By.id("f-points")).sendKeys("30");
        browser.findElement(By.id("save-fit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("fit-list"), "Chief " + run));
        assertThat(browser.findElement(By.id("rule-list")).getText()).contains("Pricing page " + run).contains("/pricing");
        assertThat(browser.findElement(By.id("score-changes")).getText()).contains("Vic Trigger-" + run)
                .contains("set by a person").doesNotContain("PERSON");
        assertThat(browser.findElement(By.id("readiness")).getText()).contains("100");
        page("scoring");
        // While a fit rule grades, a grade set by hand is refused: later tests set one.
        scoringRules.fitRules().stream().filter(r -> r.name().equals("Chief " + run))
                .forEach(r -> scoringRules.deleteFitRule(r.id()));
    }

    @Test
    void aSaveButtonPressedTwiceInQuickSuccessionAddsTheScoringRuleOnce() throws Exception {
        signIn(user(Role.MARKETER));
        menu("Scoring");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rule-form")));
        browser.findElement(By.id("r-name")).sendKeys("Pressed twice " + run);
        new Select(browser.findElement(By.id("r-activity"))).selectByValue("REPLIED");
        browser.findElement(By.id("r-points")).sendKeys("5");

        // The second press of a double click, while the first one's request is on its way.
        ((JavascriptExecutor) browser).executeScript(
                "var save = arguments[0]; save.click(); setTimeout(function () { save.click(); }, 10);",
                browser.findElement(By.id("save-rule")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("saved")));

        List<ScoringRules.BehaviourRule> saved = scoringRules.behaviourRules().stream()
                .filter(r -> r.name().equals("Pressed twice " + run)).toList();
        saved.forEach(r -> scoringRules.deleteBehaviourRule(r.id()));
        assertThat(saved).hasSize(1);
    }

    @Test
    void onALaptopAnAdminReadsEveryUsersRoleInWordsAndWhole() throws Exception {
        user(Role.MARKETER);
        rep("Whole");
        signIn(user(Role.ADMIN));
        assertThat(browser.findElement(By.xpath("//a[@id='account-link']/..")).getText()).endsWith("· Admin");
        browser.get(BASE + "/ui/settings/users");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("users")));
        // What each select shows against the room it has for it: a role cut to "AD" or "SA" is unreadable.
        @SuppressWarnings("unchecked")
        List<String> cut = (List<String>) ((JavascriptExecutor) browser).executeScript("""
                const ctx = document.createElement('canvas').getContext('2d');
                return Array.from(document.querySelectorAll('#users select')).filter(s => {
                  const style = getComputedStyle(s);
                  ctx.font = style.font;
                  return ctx.measureText(s.selectedOptions[0].text).width
                      > s.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
                }).map(s => s.id + ': ' + s.selectedOptions[0].text);""");
        assertThat(cut).as("selects too narrow for what they show").isEmpty();
        assertThat(browser.findElements(By.cssSelector("#users select[name=role] option:checked")).stream()
                .map(WebElement::getText).distinct()).contains("Admin", "Marketer", "Sales rep");
        page("settings-users");
    }

    @Test
    void anAdminSignsInOnTheStyledPageChangesThePressurePolicyAndFindsTheChangeInTheAuditLog() throws Exception {
        String admin = user(Role.ADMIN);
        browser.get(BASE + "/login");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sign-in-form")));
        page("sign-in");
        browser.findElement(By.id("username")).sendKeys(admin);
        browser.findElement(By.id("password")).sendKeys("not-the-password");
        browser.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sign-in-error")));
        assertThat(browser.findElement(By.id("sign-in-error")).getText()).contains("name or password is not right");
        assertThat(browser.findElement(By.id("username")).getAttribute("value")).isEqualTo(admin);
        assertThat(browser.getCurrentUrl()).as("no ?error left to bookmark or reload").endsWith("/login");
        page("sign-in-error");
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sign-out")));

        browser.findElement(By.linkText("Settings")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("keys-title")));
        page("settings-api-keys");
        browser.findElement(By.linkText("Pressure and quiet hours")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("pressure-form")));
        page("settings-pressure");

        // A mistake first: the message stands at the field and what was typed stays.
        WebElement window = browser.findElement(By.id("cap-0-window"));
        window.clear();
        window.sendKeys("0");
        WebElement end = browser.findElement(By.id("hours-EMAIL-end"));
        end.clear();
        end.sendKeys("18");
        browser.findElement(By.cssSelector("#pressure-form button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("cap-0-window-error")));
        assertThat(browser.findElement(By.id("cap-0-window-error")).getText()).contains("between 1 and 365");
        assertThat(browser.findElement(By.id("cap-0-window")).getAttribute("value")).isEqualTo("0");
        assertThat(browser.findElement(By.id("hours-EMAIL-end")).getAttribute("value")).isEqualTo("18");
        page("settings-pressure-error");

        window = browser.findElement(By.id("cap-0-window"));
        window.clear();
        window.sendKeys("5");
        browser.findElement(By.cssSelector("#pressure-form button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("saved")));
        assertThat(browser.findElement(By.id("cap-0-window")).getAttribute("value")).isEqualTo("5");
        assertThat(browser.findElement(By.id("hours-EMAIL-end")).getAttribute("value")).isEqualTo("18");

        browser.findElement(By.linkText("Audit log")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("audit-filters")));
        browser.findElement(By.id("audit-actor")).sendKeys(admin);
        browser.findElement(By.cssSelector("#audit-filters button[type=submit]")).click();
        // The unfiltered page lists the change too: wait for the filtered one, or the row read goes stale under us.
        wait.until(ExpectedConditions.urlContains("actor="));
        String latest = wait.until(d -> d.findElement(By.cssSelector("#audit tbody tr")).getText());
        assertThat(latest).contains("pressure policy changed", "Browser ADMIN", "window days: 5")
                .doesNotContain("PRESSURE_POLICY_CHANGED", "windowDays");
        page("settings-audit");

        for (String section : List.of("Stages and recycling", "Hand-offs", "Mail (SMTP)", "Users")) {
            browser.findElement(By.linkText(section)).click();
            wait.until(ExpectedConditions.titleContains(section.replace(" (SMTP)", "")));
            page("settings-" + section.toLowerCase().replaceAll("[^a-z]+", "-").replaceAll("-$", ""));
        }
        browser.findElement(By.id("sign-out")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("signed-out")));
    }

    @Test
    void aMarketerMapsARenamedColumnInTheImportWizardSeesThePreviewRunsItAndSeesTheCounts(@TempDir Path files)
            throws Exception {
        // "Electronic mail" is no header the import knows; "Given" and "Family" are not either.
        Path csv = Files.writeString(files.resolve("fair-" + run + ".csv"), """
                Electronic mail;Given;Family;Company
                kim.%1$s@example.com;Kim;Park;Acme
                lee.%1$s@example.com;Lee;Chan;Initech
                broken-%1$s;Bad;Row;Nowhere
                """.formatted(run));
        signIn(user(Role.MARKETER));
        browser.get(BASE + "/ui/imports");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("import-form")));
        browser.findElement(By.id("import-file")).sendKeys(csv.toAbsolutePath().toString());
        browser.findElement(By.cssSelector("#import-form button[type=submit]")).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("mapping-form")));
        assertThat(browser.findElement(By.id("row-count")).getText()).isEqualTo("3");
        List<WebElement> previewRows = browser.findElements(By.cssSelector("#preview-rows tr"));
        assertThat(previewRows).hasSize(3);
        assertThat(previewRows.get(0).getText()).contains("kim." + run + "@example.com").contains("Kim").contains("Acme");
        assertThat(new Select(browser.findElement(By.id("map-0"))).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("ignore");
        assertThat(new Select(browser.findElement(By.id("map-3"))).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("company.name");

        // Without an email column the import cannot run: the wizard says so and keeps the choices.
        new Select(browser.findElement(By.id("map-1"))).selectByValue("firstName");
        browser.findElement(By.cssSelector("#mapping-form button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("mapping-error")));
        assertThat(browser.findElement(By.id("mapping-error")).getText()).contains("email");
        assertThat(new Select(browser.findElement(By.id("map-1"))).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("firstName");

        new Select(browser.findElement(By.id("map-0"))).selectByValue("email");
        new Select(browser.findElement(By.id("map-2"))).selectByValue("lastName");
        page("import-mapping");
        browser.findElement(By.cssSelector("#mapping-form button[type=submit]")).click();

        wait.until(ExpectedConditions.attributeToBe(By.id("job"), "data-status", "DONE"));
        assertThat(browser.findElement(By.id("rows-read")).getText()).isEqualTo("3");
        assertThat(browser.findElement(By.id("created")).getText()).isEqualTo("2");
        assertThat(browser.findElement(By.id("rejected")).getText()).isEqualTo("1");
        assertThat(browser.findElement(By.cssSelector("#rejections tbody tr")).getText()).contains("4").contains("broken-" + run);
        page("import-mapped-result");
        api.get("/api/v1/contacts?q=kim." + run).andExpect(
                org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.items[0].lastName").value("Park"));
    }

    @Test
    void onAPhoneAMarketerMakesAListAddsMembersByAddressAndDefinesACustomAttribute() throws Exception {
        String ada = uniqueEmail("ada");
        long adaId = api.createContact("{\"email\": \"" + ada + "\", \"firstName\": \"Ada\", \"lastName\": \"Phone\"}");
        signIn(user(Role.MARKETER));
        browser.manage().window().setSize(new Dimension(390, 1400));
        menu("Lists");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("list-form")));
        browser.findElement(By.id("list-name")).sendKeys("Phone fair " + run);
        browser.findElement(By.cssSelector("#list-form button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("created")));

        browser.findElement(By.id("emails")).sendKeys(ada + ", nobody-" + run + "@example.com");
        browser.findElement(By.cssSelector("#add-form button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("report")));
        assertThat(browser.findElement(By.id("report-title")).getText()).isEqualTo("Added 1 contact");
        assertThat(browser.findElement(By.id("rejected")).getText()).contains("no contact has the address nobody-" + run);
        assertThat(browser.findElement(By.cssSelector("#members tr[data-contact='" + adaId + "'] a")).getText())
                .isEqualTo("Ada Phone");
        fitsThePhone();
        page("list-phone");

        browser.findElement(By.id("delete-link")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("consequence")));
        fitsThePhone();
        page("list-delete-phone");

        menu("Settings");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("attribute-form")));
        browser.findElement(By.id("attr-key")).sendKeys("Bad Key");
        browser.findElement(By.id("attr-label")).sendKeys("Plan");
        browser.findElement(By.cssSelector("#attribute-form button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("attr-key-error")));
        assertThat(browser.findElement(By.id("attr-label")).getAttribute("value")).isEqualTo("Plan");
        fitsThePhone();
        page("attributes-phone");
    }

    /** Follows a link of the main menu, opening it (on a phone) and the group the link sits in first, as a person would. */
    private void menu(String label) {
        WebElement link = browser.findElement(By.id("nav-links"))
                .findElement(By.xpath(".//a[normalize-space(.) = '" + label + "']"));
        WebElement menu = browser.findElement(By.id("menu-button"));
        if (!link.isDisplayed() && menu.isDisplayed() && !browser.findElement(By.id("nav-links")).isDisplayed()) {
            menu.click();
        }
        if (!link.isDisplayed()) {
            link.findElement(By.xpath("ancestor::details[contains(@class, 'dropdown')]/summary")).click();
            wait.until(ExpectedConditions.visibilityOf(link));
        }
        link.click();
    }

    /**
     * Has every page opened from now on run its timers of a minute or more after {@code delay} (a JavaScript expression
     * of {@code ms}) instead; returns the script's identifier, to remove it.
     */
    private static Object longTimersAt(ChromiumDriver chromium, String delay) {
        return longTimersAt(chromium, delay, 0);
    }

    /**
     * As {@link #longTimersAt(ChromiumDriver, String)}, and once the first of those timers has come, the page's clock
     * (Date.now) reads {@code clockJump} ms later than it is: as a computer's does that slept while the timer waited.
     */
    private static Object longTimersAt(ChromiumDriver chromium, String delay, long clockJump) {
        return chromium.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "(function () { var real = window.setTimeout; window.setTimeout = function (f, ms) {"
                        + " return real(f, ms >= 60000 ? " + delay + " : ms); };"
                        + (clockJump == 0 ? "" : " var shortened = window.setTimeout, now = Date.now, slept = false;"
                                + " window.setTimeout = function (f, ms) { return shortened(ms >= 60000"
                                + " ? function () { slept = true; f(); } : f, ms); };"
                                + " Date.now = function () { return now() + (slept ? " + clockJump + " : 0); };")
                        + " })();")).get("identifier");
    }

    /** Nothing on the page is wider than the phone's screen, so nobody scrolls sideways to reach a field or button. */
    private void fitsThePhone() {
        long width = (Long) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(width).as("sideways overflow on " + browser.getCurrentUrl()).isLessThanOrEqualTo(0);
    }

    private void move(long contact, String to, String reason) throws Exception {
        api.post("/api/v1/contacts/" + contact + "/stage", reason == null ? "{\"to\": \"%s\"}".formatted(to)
                : "{\"to\": \"%s\", \"reason\": \"%s\"}".formatted(to, reason)).andExpect(status().isOk());
    }

    private String user(Role role) {
        String name = role.name().toLowerCase() + "-" + run;
        if (users.findByUsername(name).isEmpty()) {
            users.create(new Users.NewUser(name, "Browser " + role, null, role, PASSWORD));
        }
        return name;
    }

    /** A SALES user of this run, here (not away), by a name of their own. */
    private long rep(String name) {
        return users.create(new Users.NewUser(name + "-" + run, "Browser " + name + " " + run, null, Role.SALES,
                PASSWORD)).id();
    }

    private void signIn(String name) {
        browser.get(BASE + "/login");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        labelled();
        browser.findElement(By.id("username")).sendKeys(name);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sign-out")));
    }

    /** Checks the page as it stands and keeps a screenshot of it. */
    private void page(String name) throws IOException {
        labelled();
        screenshot(name);
    }

    /** Every field a person fills in has a label (or an accessible name), on the page as it stands. */
    private void labelled() {
        @SuppressWarnings("unchecked")
        List<String> unlabelled = (List<String>) ((JavascriptExecutor) browser).executeScript("""
                return Array.from(document.querySelectorAll('input, select, textarea'))
                  .filter(f => !['hidden', 'submit', 'button', 'reset'].includes(f.type))
                  .filter(f => f.labels.length === 0 && !f.getAttribute('aria-label') && !f.getAttribute('aria-labelledby'))
                  .map(f => f.outerHTML);""");
        assertThat(unlabelled).as("fields without a label on " + browser.getCurrentUrl()).isEmpty();
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    }

    private static List<String> severe() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port for the browser test", e);
        }
    }
}
