package io.keepwarm.ui;

import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.Users;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Creating a contact and editing one on the pages, as a marketer and as a rep: the same rules as the API's, each
 * refusal beside its field with what was typed still there, and only what was changed saved.
 */
@KeepwarmTest
class ContactEditPagesTest {

    @Autowired Api api;
    @Autowired Contacts contacts;
    @Autowired Users users;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aMarketerCreatesAContactWithAnAttributeAndLandsOnItsPageWhichSaysSo() throws Exception {
        String plan = attribute("ONE_OF", "[\"basic\", \"pro\"]");
        long rep = rep("owner");
        String email = uniqueEmail("ada");

        Document blank = page(Role.MARKETER, get("/ui/contacts/new"));
        assertThat(blank.select("#contact-form input[name=_csrf]")).as("the form carries its CSRF token").hasSize(1);
        assertThat(blank.select("#c-zone option[selected]").val()).as("no zone picked for them").isEmpty();
        assertThat(blank.select("#c-owner option").eachAttr("value")).contains(String.valueOf(rep));
        assertThat(blank.select("#attr-" + plan + " option").eachAttr("value")).contains("basic", "pro");

        Map<String, String> typed = fields(blank);
        typed.put("fields[email]", email);
        typed.put("fields[firstName]", "Ada");
        typed.put("fields[lastName]", "Lovelace");
        typed.put("fields[phone]", "+44 20 7946 0000");
        typed.put("fields[title]", "CTO");
        typed.put("fields[company.name]", "Analytical Engines " + run);
        typed.put("fields[company.industry]", "Computing");
        typed.put("fields[region]", "London");
        typed.put("fields[timeZone]", "Europe/London");
        typed.put("fields[owner]", String.valueOf(rep));
        typed.put("fields[source]", "TRADE_SHOW");
        typed.put("attributes[" + plan + "]", "pro");
        MvcResult saved = send(Role.MARKETER, post("/ui/contacts"), typed);

        long id = contacts.findIdByEmail(email).orElseThrow();
        assertThat(saved.getResponse().getRedirectedUrl()).isEqualTo("/ui/contacts/" + id);
        Contact contact = contacts.get(id);
        assertThat(contact).extracting(Contact::firstName, Contact::lastName, Contact::phone, Contact::title,
                Contact::region, Contact::timeZone, Contact::ownerId)
                .containsExactly("Ada", "Lovelace", "+44 20 7946 0000", "CTO", "London", "Europe/London", rep);
        assertThat(contact.company().name()).isEqualTo("Analytical Engines " + run);
        assertThat(contact.company().industry()).isEqualTo("Computing");
        assertThat(contact.source().name()).isEqualTo("TRADE_SHOW");
        assertThat(contact.attributes()).containsEntry(plan, "pro");
        Document page = Jsoup.parse(api.mvc().perform(get("/ui/contacts/" + id).flashAttrs(saved.getFlashMap())
                .with(user(api.sessionUser(Role.MARKETER)).roles("MARKETER"))).andReturn().getResponse()
                .getContentAsString());
        assertThat(page.getElementById("action-done").text()).isEqualTo("Contact created.");
        assertThat(page.getElementById("contact-name").text()).isEqualTo("Ada Lovelace");
    }

    @Test
    void aRefusedNewContactKeepsWhatWasTypedAndSaysBesideEachFieldWhatIsWrong() throws Exception {
        String seats = attribute("NUMBER", null);
        String email = uniqueEmail("typo");
        Map<String, String> typed = fields(page(Role.MARKETER, get("/ui/contacts/new")));
        typed.put("fields[email]", email);
        typed.put("fields[firstName]", "Grace");
        typed.put("fields[phone]", "call me");
        typed.put("fields[company.industry]", "Navy");
        typed.put("attributes[" + seats + "]", "lots");
        typed.put("fields[consentChannel]", "FAX");

        MvcResult refused = send(Role.MARKETER, post("/ui/contacts"), typed);

        assertThat(refused.getResponse().getStatus()).isEqualTo(200);
        Document page = Jsoup.parse(refused.getResponse().getContentAsString());
        assertThat(page.getElementById("form-error").text()).isEqualTo("Nothing was saved: see the marked fields.");
        assertThat(page.getElementById("c-phone-error").text()).isEqualTo("'call me' is not a phone number");
        assertThat(page.getElementById("c-phone").attr("aria-invalid")).isEqualTo("true");
        assertThat(page.getElementById("c-company-error").text()).isEqualTo("is required when other company fields are given");
        assertThat(page.getElementById("attr-" + seats + "-error").text()).isEqualTo("'lots' is not a number");
        assertThat(FieldMessages.of(page, "c-phone")).as("what a screen reader reads with each field")
                .isEqualTo("'call me' is not a phone number");
        assertThat(FieldMessages.of(page, "c-company")).isEqualTo("is required when other company fields are given");
        assertThat(FieldMessages.of(page, "attr-" + seats)).isEqualTo("'lots' is not a number");
        assertThat(FieldMessages.of(page, "c-consent-channel")).isEqualTo("choose email, phone or SMS");
        assertThat(page.getElementById("c-email").val()).isEqualTo(email);
        assertThat(page.getElementById("c-first-name").val()).isEqualTo("Grace");
        assertThat(page.getElementById("c-phone").val()).isEqualTo("call me");
        assertThat(page.getElementById("c-industry").val()).isEqualTo("Navy");
        assertThat(page.getElementById("attr-" + seats).val()).isEqualTo("lots");
        assertThat(page.getElementById("c-first-name-error")).as("a field without fault is not marked").isNull();
        assertThat(page.getElementById("c-first-name").hasAttr("aria-invalid")).isFalse();
        assertThat(contacts.findIdByEmail(email)).as("nothing was saved").isEmpty();
    }

    @Test
    void aNewContactWithAnAddressAlreadyKnownSaysWhoseItIsAndLeavesThatContactAlone() throws Exception {
        String email = uniqueEmail("known");
        long known = api.createContact("{\"email\": \"%s\", \"firstName\": \"Known\", \"lastName\": \"Person\"}"
                .formatted(email));
        Map<String, String> typed = fields(page(Role.MARKETER, get("/ui/contacts/new")));
        typed.put("fields[email]", " " + email.toUpperCase() + " ");
        typed.put("fields[firstName]", "Someone else");

        Document page = Jsoup.parse(send(Role.MARKETER, post("/ui/contacts"), typed).getResponse().getContentAsString());

        assertThat(page.getElementById("c-email-error").text()).isEqualTo(email.toUpperCase()
                + " is already the address of Known Person: open that contact to change it, or type another address.");
        assertThat(page.getElementById("holder-link").attr("href")).isEqualTo("/ui/contacts/" + known);
        assertThat(page.getElementById("c-first-name").val()).isEqualTo("Someone else");
        assertThat(contacts.get(known).firstName()).as("not updated by address, as the API's upsert would")
                .isEqualTo("Known");
    }

    @Test
    void aNewContactWithAnAddressAlreadyKnownIsToldEveryOtherMistakeAtTheSameTime() throws Exception {
        String email = uniqueEmail("again");
        long known = api.createContact("{\"email\": \"%s\", \"firstName\": \"Known\"}".formatted(email));
        Map<String, String> typed = fields(page(Role.SALES, get("/ui/contacts/new")));
        typed.put("fields[email]", email);
        typed.put("fields[phone]", "call me maybe");
        typed.put("fields[country]", "Narnia");

        Document page = Jsoup.parse(send(Role.SALES, post("/ui/contacts"), typed).getResponse().getContentAsString());

        assertThat(FieldMessages.of(page, "c-email")).startsWith(email + " is already the address of Known");
        assertThat(FieldMessages.of(page, "c-phone")).isEqualTo("'call me maybe' is not a phone number");
        assertThat(FieldMessages.of(page, "c-country")).startsWith("'Narnia' is not a country we know");
        assertThat(page.getElementById("c-phone").val()).isEqualTo("call me maybe");
        assertThat(page.getElementById("c-country").val()).isEqualTo("Narnia");
        assertThat(contacts.get(known).phone()).as("the known contact is left alone").isNull();
    }

    @Test
    void anErasedPersonsAddressIsRefusedBesideTheEmailField() throws Exception {
        String email = uniqueEmail("erased");
        api.delete("/api/v1/contacts/" + api.createContact("{\"email\": \"%s\"}".formatted(email)));
        Map<String, String> typed = fields(page(Role.MARKETER, get("/ui/contacts/new")));
        typed.put("fields[email]", email);

        Document page = Jsoup.parse(send(Role.MARKETER, post("/ui/contacts"), typed).getResponse().getContentAsString());

        assertThat(page.getElementById("c-email-error").text()).startsWith(email + " is on the suppression list");
        assertThat(contacts.findIdByEmail(email)).isEmpty();
    }

    @Test
    void anEditShowsTheStoredValuesAndSavesOnlyWhatWasChangedThere() throws Exception {
        String plan = attribute("TEXT", null);
        long id = api.createContact("""
                {"email": "%s", "firstName": "Lin", "phone": "+49 30 1234567", "title": "CTO", "city": "Berlin",
                 "timeZone": "Europe/Berlin", "company": {"name": "Cool Halls %s", "industry": "Data centres"},
                 "attributes": {"%s": "gold"}}""".formatted(uniqueEmail("lin"), run, plan));

        Document form = page(Role.MARKETER, get("/ui/contacts/" + id + "/edit"));
        assertThat(form.getElementById("c-phone").val()).isEqualTo("+49 30 1234567");
        assertThat(form.getElementById("c-industry").val()).isEqualTo("Data centres");
        assertThat(form.select("#c-zone option[selected]").text()).isEqualTo("Europe/Berlin");
        assertThat(form.getElementById("attr-" + plan).val()).isEqualTo("gold");
        assertThat(form.select("#contact-form input[name=_csrf]")).hasSize(1);
        // Someone else changes the title while the form is open.
        api.patch("/api/v1/contacts/" + id, "{\"title\": \"VP Engineering\"}");

        Map<String, String> typed = fields(form);
        typed.put("fields[phone]", "+49 30 7654321");
        typed.put("fields[city]", "");
        typed.put("attributes[" + plan + "]", "platinum");
        MvcResult saved = send(Role.MARKETER, post("/ui/contacts/" + id), typed);

        assertThat(saved.getResponse().getRedirectedUrl()).isEqualTo("/ui/contacts/" + id);
        assertThat(saved.getFlashMap().get("done")).isEqualTo("Saved: changed phone, city, TEXT " + run + ".");
        Contact contact = contacts.get(id);
        assertThat(contact.phone()).isEqualTo("+49 30 7654321");
        assertThat(contact.city()).as("a field emptied is cleared").isNull();
        assertThat(contact.title()).as("the other person's change stands").isEqualTo("VP Engineering");
        assertThat(contact.attributes()).containsEntry(plan, "platinum");
        assertThat(contact.company().industry()).isEqualTo("Data centres");
    }

    @Test
    void anAttributeFieldEmptiedOnTheEditFormIsClearedAndTheOthersStand() throws Exception {
        String plan = attribute("TEXT", null);
        String seats = attribute("NUMBER", null);
        String tier = attribute("ONE_OF", "[\"basic\", \"pro\"]");
        String vip = attribute("BOOLEAN", null);
        String renewal = attribute("DATE", null);
        long id = api.createContact("""
                {"email": "%s", "attributes": {"%s": "gold", "%s": 12, "%s": "pro", "%s": true, "%s": "2027-01-31"}}"""
                .formatted(uniqueEmail("clear"), plan, seats, tier, vip, renewal));
        Map<String, String> typed = fields(page(Role.MARKETER, get("/ui/contacts/" + id + "/edit")));
        typed.put("attributes[" + plan + "]", "");
        typed.put("attributes[" + tier + "]", "");
        typed.put("attributes[" + vip + "]", "");
        typed.put("attributes[" + renewal + "]", "");

        MvcResult saved = send(Role.MARKETER, post("/ui/contacts/" + id), typed);

        assertThat(saved.getFlashMap().get("done")).isEqualTo("Saved: changed BOOLEAN %s, DATE %s, ONE_OF %s, TEXT %s."
                .formatted(run, run, run, run));
        assertThat(contacts.get(id).attributes()).as("the emptied fields are cleared, the one left alone stands")
                .containsOnlyKeys(seats);
        Document again = page(Role.MARKETER, get("/ui/contacts/" + id + "/edit"));
        assertThat(again.getElementById("attr-" + plan).val()).isEmpty();
        assertThat(again.getElementById("attr-" + seats).val()).isEqualTo("12");
    }

    @Test
    void aLanguageTypedOnTheEditFormIsSavedShownOnTheContactsPageAndALanguagesNameIsRefusedBesideTheField()
            throws Exception {
        long id = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("language")));
        Map<String, String> typed = fields(page(Role.MARKETER, get("/ui/contacts/" + id + "/edit")));
        typed.put("fields[language]", "German");
        Document refused = Jsoup.parse(send(Role.MARKETER, post("/ui/contacts/" + id), typed).getResponse()
                .getContentAsString());
        assertThat(refused.getElementById("c-language-error").text()).contains("'German' is not an ISO 639-1 language code");

        typed.put("fields[language]", "DE");
        MvcResult saved = send(Role.MARKETER, post("/ui/contacts/" + id), typed);

        assertThat(saved.getFlashMap().get("done")).isEqualTo("Saved: changed language.");
        assertThat(contacts.get(id).language()).isEqualTo("de");
        assertThat(page(Role.MARKETER, get("/ui/contacts/" + id)).getElementById("language").text())
                .isEqualTo("de (German)");
    }

    @Test
    void anIndustryTypedForACompanyThatHasOneIsSaidToStandAsItWasRatherThanSeemingSaved() throws Exception {
        long id = api.createContact("""
                {"email": "%s", "company": {"name": "Shared Halls %s", "industry": "Data centres"}}"""
                .formatted(uniqueEmail("shared"), run));
        Map<String, String> typed = fields(page(Role.MARKETER, get("/ui/contacts/" + id + "/edit")));
        typed.put("fields[company.industry]", "Retail");

        MvcResult saved = send(Role.MARKETER, post("/ui/contacts/" + id), typed);

        assertThat(saved.getFlashMap().get("done")).isEqualTo("Saved: changed industry. The company Shared Halls " + run
                + " keeps its industry Data centres: a company's details are shared by its contacts and only filled in"
                + " where missing.");
        assertThat(contacts.get(id).company().industry()).isEqualTo("Data centres");
    }

    @Test
    void aRefusedEditKeepsWhatWasTypedAndWhatTheFormWasOpenedWith() throws Exception {
        long id = api.createContact("{\"email\": \"%s\", \"phone\": \"+1 555 0100\"}".formatted(uniqueEmail("kim")));
        Map<String, String> typed = fields(page(Role.MARKETER, get("/ui/contacts/" + id + "/edit")));
        typed.put("fields[email]", "");
        typed.put("fields[phone]", "+1 555 0199");
        typed.put("fields[timeZone]", "Mars/Olympus");

        MvcResult refused = send(Role.MARKETER, post("/ui/contacts/" + id), typed);

        Document page = Jsoup.parse(refused.getResponse().getContentAsString());
        assertThat(page.getElementById("c-email-error").text()).isEqualTo("cannot be cleared");
        assertThat(page.getElementById("c-zone-error").text())
                .isEqualTo("'Mars/Olympus' is not an IANA time zone such as Europe/Berlin");
        assertThat(page.select("#c-zone option[selected]").text()).isEqualTo("Mars/Olympus");
        assertThat(page.getElementById("c-phone").val()).isEqualTo("+1 555 0199");
        assertThat(page.select("input[name=\"was[phone]\"]").val()).isEqualTo("+1 555 0100");
        assertThat(contacts.get(id).phone()).isEqualTo("+1 555 0100");
    }

    @Test
    void aRepCreatesContactsOwnedByThemselvesAsManualEntriesAndEditsTheirOwn() throws Exception {
        long me = users.findByUsername(api.sessionUser(Role.SALES)).orElseThrow().id();
        String email = uniqueEmail("mine");
        Document blank = page(Role.SALES, get("/ui/contacts/new"));
        assertThat(blank.select("#c-owner option[selected]").val()).as("the rep owns what they create")
                .isEqualTo(String.valueOf(me));

        Map<String, String> typed = fields(blank);
        typed.put("fields[email]", email);
        send(Role.SALES, post("/ui/contacts"), typed);
        long id = contacts.findIdByEmail(email).orElseThrow();
        assertThat(contacts.get(id).ownerId()).isEqualTo(me);
        assertThat(contacts.get(id).source()).as("typed in by hand, the source left 'not given'")
                .isEqualTo(io.keepwarm.contact.ContactSource.MANUAL);

        typed = fields(page(Role.SALES, get("/ui/contacts/" + id + "/edit")));
        typed.put("fields[email]", uniqueEmail("mine-new"));
        typed.put("fields[title]", "Head of IT");
        MvcResult saved = send(Role.SALES, post("/ui/contacts/" + id), typed);

        assertThat(saved.getFlashMap().get("done")).isEqualTo("Saved: changed email, job title.");
        assertThat(contacts.get(id).title()).isEqualTo("Head of IT");
    }

    @Test
    void aRepMayNotTakeAColleaguesContactNorChangeItsAddressAndIsToldSoBesideTheField() throws Exception {
        long colleague = rep("colleague");
        long me = users.findByUsername(api.sessionUser(Role.SALES)).orElseThrow().id();
        String email = uniqueEmail("theirs");
        long id = api.createContact("{\"email\": \"%s\", \"owner\": \"%d\"}".formatted(email, colleague));
        MockHttpServletResponse notOffered = api.mvc().perform(get("/ui/contacts/" + id + "/edit")
                .with(user(api.sessionUser(Role.SALES)).roles("SALES"))).andReturn().getResponse();
        assertThat(notOffered.getRedirectedUrl()).as("the contact page says whom to ask").isEqualTo("/ui/contacts/" + id);
        // The form as it would be sent anyway (opened by one who may, or typed by hand).
        Map<String, String> opened = fields(page(Role.MARKETER, get("/ui/contacts/" + id + "/edit")));

        Map<String, String> typed = new LinkedHashMap<>(opened);
        typed.put("fields[owner]", String.valueOf(me));
        Document page = Jsoup.parse(send(Role.SALES, post("/ui/contacts/" + id), typed).getResponse()
                .getContentAsString());
        assertThat(page.getElementById("c-owner-error").text()).startsWith(email + " belongs to Rep colleague")
                .contains("Nothing was changed");
        assertThat(page.select("#c-owner option[selected]").val()).isEqualTo(String.valueOf(me));

        typed = new LinkedHashMap<>(opened);
        typed.put("fields[email]", uniqueEmail("taken-over"));
        page = Jsoup.parse(send(Role.SALES, post("/ui/contacts/" + id), typed).getResponse().getContentAsString());
        assertThat(page.getElementById("c-email-error").text()).contains("belongs to Rep colleague");

        Contact contact = contacts.get(id);
        assertThat(contact.ownerId()).isEqualTo(colleague);
        assertThat(contact.email()).isEqualTo(email);
    }

    /** Defines an attribute of this type for this run; answers its key. */
    private String attribute(String type, String options) throws Exception {
        String key = type.toLowerCase().replace("_", "") + "_" + run;
        api.post("/api/v1/attributes", "{\"key\": \"%s\", \"label\": \"%s %s\", \"type\": \"%s\"%s}".formatted(key, type,
                run, type, options == null ? "" : ", \"options\": " + options));
        return key;
    }

    private long rep(String name) {
        return users.create(new Users.NewUser(name + "-" + run, "Rep " + name, null, Role.SALES,
                "a-long-enough-password")).id();
    }

    /** What the page's contact form would send as it stands: every field by name, a select's chosen option. */
    private static Map<String, String> fields(Document page) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Element field : page.select("#contact-form input[name], #contact-form select[name]")) {
            if (!field.attr("name").equals("_csrf")) {
                Element chosen = field.selectFirst("option[selected]");
                fields.put(field.attr("name"), !field.tagName().equals("select") ? field.val()
                        : chosen != null ? chosen.val() : field.select("option").first().val());
            }
        }
        return fields;
    }

    private Document page(Role role, MockHttpServletRequestBuilder request) throws Exception {
        MockHttpServletResponse response = api.mvc().perform(request
                .with(user(api.sessionUser(role)).roles(role.name()))).andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(200);
        return Jsoup.parse(response.getContentAsString());
    }

    private MvcResult send(Role role, MockHttpServletRequestBuilder request, Map<String, String> fields)
            throws Exception {
        fields.forEach(request::param);
        return api.mvc().perform(request.with(user(api.sessionUser(role)).roles(role.name())).with(csrf())).andReturn();
    }
}
