package io.keepwarm.ui;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Consent, do-not-contact and personal data on the contact page, under the API's rules. */
@KeepwarmTest
class ContactConsentPagesTest {

    @Autowired Api api;
    @Autowired Consents consents;
    @Autowired io.keepwarm.contact.Contacts contacts;

    @Test
    void aMarketerRecordsConsentHeardOnThePhoneAndTheLedgerShowsItWithItsWords() throws Exception {
        long contact = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("phoned")));

        Document page = page(Role.MARKETER, post("/ui/contacts/" + contact + "/consents").param("channel", "EMAIL")
                .param("state", "GRANTED").param("source", "phone call")
                .param("evidence", "Told me on the phone on 3 May: yes, send me the monthly news"));

        assertThat(page.getElementById("consent-form-done").text()).isEqualTo("Recorded: consent for email granted (phone call)");
        assertThat(page.select("#consent tbody tr").first().text()).contains("email granted phone call");
        assertThat(page.select("details li").text()).contains("Told me on the phone on 3 May");
        assertThat(page.getElementById("opt-in-form")).as("nothing left to confirm").isNull();
        assertThat(consents.current(contact).get(Channel.EMAIL).state()).isEqualTo(ConsentState.GRANTED);
    }

    @Test
    void theEvidenceSaysTheLanguageThePersonReadTheWordsInAndTheApiRefusesALanguagesName() throws Exception {
        long contact = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("evidence-de")));
        api.post("/api/v1/contacts/" + contact + "/consents", """
                {"channel": "EMAIL", "state": "GRANTED", "source": "web form",
                 "evidence": {"form": "newsletter box", "text": "Ja, schicken Sie mir Neuigkeiten", "language": "DE"}}""")
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isCreated())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath(
                        "$.evidence.language").value("de"));
        api.post("/api/v1/contacts/" + contact + "/consents", """
                {"channel": "EMAIL", "state": "WITHDRAWN", "source": "web form",
                 "evidence": {"text": "Nein", "language": "German"}}""")
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status().isBadRequest())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath(
                        "$.errors[0].field").value("evidence.language"));

        Document page = page(Role.MARKETER, get("/ui/contacts/" + contact));
        assertThat(page.select("details li").text()).contains("read in: de (German)");
        assertThat(page.select("details li q").attr("lang")).as("a screen reader reads the words in German")
                .isEqualTo("de");
        assertThat(consents.current(contact).get(Channel.EMAIL).state()).isEqualTo(ConsentState.GRANTED);
    }

    @Test
    void theRhythmAndConsentFormsNameTheChannelsInWords() throws Exception {
        long contact = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("rhythm")));

        Document page = page(Role.MARKETER, post("/ui/contacts/" + contact + "/frequency").param("maxTouches", "2")
                .param("windowDays", "30").param("channel", "PHONE"));

        assertThat(page.getElementById("frequency").text()).contains("at most 2 in 30 days for phone calls").doesNotContain("PHONE");
        assertThat(page.select("#frequency-channel option").eachText()).containsExactly("every channel", "email", "phone calls", "SMS");
        assertThat(page.select("#frequency-channel option[selected]").val()).isEqualTo("PHONE");
        assertThat(page.select("#consent-channel option").eachText()).containsExactly("email", "phone calls", "SMS");
        assertThat(page.select("#consent-channel option").eachAttr("value")).as("the form still sends the codes")
                .containsExactly("EMAIL", "PHONE", "SMS");
    }

    @Test
    void aGrantWithoutThePersonsWordsIsRefusedAndComesBackAsTyped() throws Exception {
        long contact = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("wordless")));

        Document page = page(Role.MARKETER, post("/ui/contacts/" + contact + "/consents").param("channel", "SMS")
                .param("state", "GRANTED").param("source", "trade fair").param("evidence", " "));

        assertThat(page.getElementById("consent-form-error").text())
                .isEqualTo("Nothing was recorded: fix what is marked below, then press Record statement again.");
        assertThat(FieldMessages.of(page, "consent-evidence")).startsWith("a grant needs the person's words");
        assertThat(page.getElementById("consent-source").val()).isEqualTo("trade fair");
        assertThat(page.select("#consent-channel option[selected]").val()).isEqualTo("SMS");
        assertThat(consents.ledger(contact)).isEmpty();
    }

    @Test
    void aRepCannotGiveBackConsentThePersonWithdrewAndIsToldWhoCan() throws Exception {
        long contact = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("withdrew")));
        Document page = page(Role.SALES, post("/ui/contacts/" + contact + "/consents").param("channel", "EMAIL")
                .param("state", "WITHDRAWN").param("source", "phone call").param("evidence", "Said stop"));
        assertThat(page.getElementById("consent-form-done").text()).isEqualTo("Recorded: consent for email withdrawn (phone call)");

        page = page(Role.SALES, post("/ui/contacts/" + contact + "/consents").param("channel", "EMAIL")
                .param("state", "GRANTED").param("source", "phone call").param("evidence", "Changed their mind"));

        assertThat(page.getElementById("consent-form-error").text()).contains("a rep cannot record it again");
        assertThat(consents.current(contact).get(Channel.EMAIL).state()).isEqualTo(ConsentState.WITHDRAWN);
    }

    @Test
    void theConfirmationEmailIsSentFromThePageWhileEmailConsentIsUnknown() throws Exception {
        long contact = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("confirm")));
        assertThat(view(contact, Role.SALES).getElementById("opt-in-form")).isNotNull();

        Document page = page(Role.SALES, post("/ui/contacts/" + contact + "/opt-in"));

        assertThat(page.getElementById("opt-in-form-done").text()).startsWith("Confirmation email sent to confirm")
                .contains("granted when they confirm");
        page = page(Role.SALES, post("/ui/contacts/" + contact + "/opt-in"));
        assertThat(page.getElementById("opt-in-form-error").text()).contains("before sending another");
    }

    @Test
    void anAddressOnTheSuppressionListIsSaidOnThePageAndNoConfirmationEmailIsOffered() throws Exception {
        long contact = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("complained")));
        contacts.suppress(contact, "COMPLAINT");

        Document page = view(contact, Role.MARKETER);

        assertThat(page.getElementById("reachable").text()).contains("suppression list").contains("no email goes");
        assertThat(page.getElementById("opt-in-form")).isNull();
    }

    @Test
    void aRepMarksDoNotContactOnceAskedThatTheyCannotUndoItAndOnlyMarketingClearsIt() throws Exception {
        long contact = api.createContact("{\"email\": \"%s\", \"firstName\": \"Dina\"}".formatted(uniqueEmail("dnc")));
        assertThat(view(contact, Role.SALES).select("#dnc-form button").text()).isEqualTo("Mark do-not-contact…");

        MockHttpServletResponse asked = response(Role.SALES, post("/ui/contacts/" + contact + "/dnc")
                .param("channel", "PHONE").header("HX-Request", "true").with(csrf()));
        assertThat(asked.getHeader("HX-Retarget")).as("htmx shows the question in place of the page").isEqualTo("#main");
        Document question = Jsoup.parse(asked.getContentAsString());
        assertThat(question.getElementById("confirm-question").text()).isEqualTo("Mark Dina do-not-contact for phone calls?");
        assertThat(question.getElementById("confirm-consequence").text()).contains("their open calls leave",
                "You cannot undo it: only a marketer or an admin can clear a do-not-contact");
        assertThat(question.getElementById("confirm-cancel").attr("href")).isEqualTo("/ui/contacts/" + contact);
        assertThat(json(api.get("/api/v1/contacts/" + contact)).get("doNotContact").toString()).as("asking marks nothing")
                .doesNotContain("PHONE");
        org.springframework.test.web.servlet.MvcResult confirmed = api.mvc().perform(ConfirmationPagesTest.pressed(question)
                .with(csrf()).with(user(api.sessionUser(Role.SALES)).roles(Role.SALES.name()))).andReturn();
        assertThat(confirmed.getResponse().getRedirectedUrl()).isEqualTo("/ui/contacts/" + contact);
        assertThat(confirmed.getFlashMap().get("answered")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .extractingByKey("dnc-form").asString().startsWith("Marked do-not-contact for phone calls");
        assertThat(json(api.get("/api/v1/contacts/" + contact)).get("doNotContact").toString()).contains("PHONE");

        Document page = view(contact, Role.SALES);
        assertThat(page.select("#dnc-set li").text()).contains("Do not contact for phone calls", "a marketer or an admin clears it")
                .doesNotContain("PHONE");
        assertThat(page.getElementById("do-not-contact").text()).isEqualTo("phone calls");
        assertThat(page.select("#dnc-set button")).as("no clear button for a rep").isEmpty();
        assertThat(page.select("#dnc-channel option").eachAttr("value")).doesNotContain("PHONE");

        page = page(Role.SALES, post("/ui/contacts/" + contact + "/dnc").param("channel", "PHONE").param("clear", "true"));
        assertThat(page.getElementById("dnc-set-error").text()).contains("clearing that is a compliance decision");
        assertThat(json(api.get("/api/v1/contacts/" + contact)).get("doNotContact").toString()).contains("PHONE");

        page = page(Role.MARKETER, post("/ui/contacts/" + contact + "/dnc").param("channel", "PHONE").param("clear", "true"));
        assertThat(page.getElementById("dnc-set-done").text()).as("said where the cleared channel was listed")
                .isEqualTo("Do-not-contact for phone calls cleared");
        assertThat(page.getElementById("dnc-set")).isNull();
    }

    @Test
    void enrollingAContactWhoseEmailWillBeWithheldSaysSoAtOnce() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        long unknown = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("ada")));
        long granted = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("grace")));
        api.post("/api/v1/contacts/" + granted + "/consents",
                "{\"channel\": \"EMAIL\", \"state\": \"GRANTED\", \"source\": \"web form\"}");
        long piece = api.liveArticle("Withheld " + run);
        long program = api.activeProgram("""
                {"name": "Mailer %s", "kind": "SEQUENCE", "steps": [{"type": "send", "contentId": %d, "channel": "EMAIL"}]}"""
                .formatted(run, piece));

        Document page = page(Role.MARKETER, post("/ui/contacts/" + unknown + "/enrollments").param("program", "" + program));
        assertThat(page.getElementById("enroll-form-done").text())
                .startsWith("Enrolled, but no email will go out: email consent is unknown");

        page = page(Role.MARKETER, post("/ui/contacts/" + granted + "/enrollments").param("program", "" + program));
        assertThat(page.getElementById("enroll-form-done").text()).isEqualTo("Enrolled");
        api.post("/api/v1/programs/" + program + "/archive", "");
    }

    @Test
    void marketingDownloadsErasesAndMergesAContactAndARepIsOfferedNoneOfIt() throws Exception {
        String keep = uniqueEmail("keeper");
        String dup = uniqueEmail("dup");
        long contact = api.createContact("{\"email\": \"%s\", \"firstName\": \"Keeper\"}".formatted(keep));
        long duplicate = api.createContact("{\"email\": \"%s\", \"phone\": \"+44 20 7946 0000\"}".formatted(dup));
        assertThat(view(contact, Role.SALES).getElementById("personal-data")).isNull();
        assertThat(response(Role.SALES, get("/ui/contacts/" + contact + "/export")).getStatus()).isEqualTo(403);
        assertThat(response(Role.SALES, post("/ui/contacts/" + contact + "/erase").with(csrf())).getStatus())
                .isEqualTo(403);

        MockHttpServletResponse export = response(Role.MARKETER, get("/ui/contacts/" + contact + "/export"));
        assertThat(export.getHeader("Content-Disposition")).contains("contact-" + contact + ".json");
        assertThat(export.getContentAsString()).contains(keep, "consentLedger");

        Document confirm = Jsoup.parse(response(Role.MARKETER, get("/ui/contacts/" + contact + "/merge")
                .param("email", dup)).getContentAsString());
        assertThat(confirm.getElementById("confirm-question").text()).contains(dup).contains("into Keeper");
        String action = confirm.select("#confirm form").attr("action");
        MockHttpServletResponse merged = response(Role.MARKETER, post(action).with(csrf()));
        assertThat(merged.getRedirectedUrl()).isEqualTo("/ui/contacts/" + contact);
        assertThat(json(api.get("/api/v1/contacts/" + contact)).get("phone").asString()).isEqualTo("+44 20 7946 0000");
        assertThat(api.get("/api/v1/contacts/" + duplicate).andReturn().getResponse().getStatus()).isEqualTo(404);

        confirm = Jsoup.parse(response(Role.MARKETER, get("/ui/contacts/" + contact + "/erase")).getContentAsString());
        assertThat(confirm.getElementById("confirm-consequence").text()).contains(keep, "suppression list");
        MockHttpServletResponse erased = response(Role.MARKETER,
                post(confirm.select("#confirm form").attr("action")).with(csrf()));
        assertThat(erased.getRedirectedUrl()).isEqualTo("/ui/contacts");
        assertThat(api.get("/api/v1/contacts/" + contact).andReturn().getResponse().getStatus()).isEqualTo(404);
    }

    @Test
    void marketingExportsTheContactListAsCsvAndARepGetsNoLink() throws Exception {
        String email = uniqueEmail("listed");
        api.createContact("{\"email\": \"%s\"}".formatted(email));

        MockHttpServletResponse csv = response(Role.MARKETER, get("/ui/contacts/export"));
        assertThat(csv.getContentType()).startsWith("text/csv");
        assertThat(csv.getContentAsString()).startsWith("\uFEFFid,email").contains(email);
        assertThat(Jsoup.parse(response(Role.MARKETER, get("/ui/contacts")).getContentAsString())
                .getElementById("export-contacts").attr("href")).isEqualTo("/ui/contacts/export");
        assertThat(Jsoup.parse(response(Role.SALES, get("/ui/contacts")).getContentAsString())
                .getElementById("export-contacts")).isNull();
        assertThat(response(Role.SALES, get("/ui/contacts/export")).getStatus()).isEqualTo(403);
    }

    @Test
    void theExportHoldsWhatTheFilteredListShowsAndTheListSaysHowManyMatch() throws Exception {
        String tag = "export-" + uniqueEmail("t").replaceAll("[^a-z0-9]", "");
        String tagged = uniqueEmail("tagged");
        String other = uniqueEmail("other");
        api.createContact("{\"email\": \"%s\", \"tags\": [\"%s\"]}".formatted(tagged, tag));
        api.createContact("{\"email\": \"%s\"}".formatted(other));

        Document list = Jsoup.parse(response(Role.MARKETER, get("/ui/contacts").param("tag", tag)).getContentAsString());
        assertThat(list.getElementById("contacts-total").text()).isEqualTo("1 contact matches");
        String link = list.getElementById("export-contacts").attr("href");
        assertThat(link).isEqualTo("/ui/contacts/export?tag=" + tag);
        assertThat(list.getElementById("export-contacts").text()).isEqualTo("Export these contacts (CSV)");

        String csv = response(Role.MARKETER, get(link)).getContentAsString();
        assertThat(csv).startsWith("\uFEFFid,email").contains(tagged).doesNotContain(other);
        assertThat(csv.lines().count()).as("the header and the one contact the list shows").isEqualTo(2);
        assertThat(Jsoup.parse(response(Role.MARKETER, get("/ui/contacts")).getContentAsString())
                .getElementById("contacts-total").text()).endsWith("contacts in all");
    }

    @Test
    void aContactAddedByHandWithConsentFromTheFairCanBeEmailedAndAGrantWithoutWordsIsRefusedBesideItsField()
            throws Exception {
        String email = uniqueEmail("fair");
        Document form = Jsoup.parse(response(Role.SALES, get("/ui/contacts/new")).getContentAsString());
        assertThat(form.select("#c-consent-channel option").eachAttr("value")).containsExactly("", "EMAIL", "PHONE", "SMS");

        Document refused = Jsoup.parse(response(Role.SALES, post("/ui/contacts").with(csrf()).param("fields[email]", email)
                .param("fields[timeZone]", "UTC").param("fields[consentChannel]", "EMAIL")
                .param("fields[consentSource]", "trade fair")).getContentAsString());
        assertThat(refused.getElementById("c-consent-evidence-error").text()).contains("a grant needs the person's words");
        assertThat(refused.getElementById("c-consent-source").val()).isEqualTo("trade fair");
        assertThat(api.get("/api/v1/contacts?q=" + email).andReturn().getResponse().getContentAsString())
                .as("nothing was saved").doesNotContain(email);
        Document allAtOnce = Jsoup.parse(response(Role.SALES, post("/ui/contacts").with(csrf()).param("fields[email]", email)
                .param("fields[timeZone]", "Mars/Olympus").param("fields[consentChannel]", "EMAIL")
                .param("fields[consentSource]", "trade fair")).getContentAsString());
        assertThat(allAtOnce.getElementById("c-consent-evidence-error")).as("the consent's mistake").isNotNull();
        assertThat(allAtOnce.getElementById("c-zone-error")).as("and the contact's, told at the same time").isNotNull();
        assertThat(api.get("/api/v1/contacts?q=" + email).andReturn().getResponse().getContentAsString())
                .as("still nothing saved").doesNotContain(email);

        MockHttpServletResponse saved = response(Role.SALES, post("/ui/contacts").with(csrf()).param("fields[email]", email)
                .param("fields[timeZone]", "UTC").param("fields[consentChannel]", "EMAIL")
                .param("fields[consentSource]", "trade fair")
                .param("fields[consentEvidence]", "Signed up at the fair on 3 May: yes, monthly news"));
        long id = Long.parseLong(saved.getRedirectedUrl().substring("/ui/contacts/".length()));
        Consents.Entry entry = consents.ledger(id).getLast();
        assertThat(entry.state()).isEqualTo(ConsentState.GRANTED);
        assertThat(entry.source()).isEqualTo("trade fair");
        assertThat(entry.evidence().text()).isEqualTo("Signed up at the fair on 3 May: yes, monthly news");
    }

    @Test
    void wordsOfConsentTypedWithoutChoosingWhatTheyConsentedToAreRefusedBesideTheFieldNotDropped() throws Exception {
        String email = uniqueEmail("unchosen");

        Document refused = Jsoup.parse(response(Role.SALES, post("/ui/contacts").with(csrf()).param("fields[email]", email)
                .param("fields[timeZone]", "UTC").param("fields[consentChannel]", "")
                .param("fields[consentEvidence]", "Said yes to the monthly news on 3 May")).getContentAsString());

        assertThat(refused.getElementById("form-error").text()).isEqualTo("Nothing was saved: see the marked fields.");
        assertThat(FieldMessages.of(refused, "c-consent-evidence"))
                .isEqualTo("choose what they consented to, or clear the words");
        assertThat(refused.getElementById("c-consent-evidence").text()).isEqualTo("Said yes to the monthly news on 3 May");
        assertThat(refused.getElementById("c-email").val()).isEqualTo(email);
        assertThat(api.get("/api/v1/contacts?q=" + email).andReturn().getResponse().getContentAsString())
                .as("no contact made without the consent it was typed with").doesNotContain(email);
    }

    private Document view(long contact, Role role) throws Exception {
        return Jsoup.parse(response(role, get("/ui/contacts/" + contact)).getContentAsString());
    }

    private Document page(Role role, MockHttpServletRequestBuilder request) throws Exception {
        return Jsoup.parse(response(role, request.header("HX-Request", "true").with(csrf())).getContentAsString());
    }

    private MockHttpServletResponse response(Role role, MockHttpServletRequestBuilder request) throws Exception {
        return api.mvc().perform(request.with(user(api.sessionUser(role)).roles(role.name()))).andReturn().getResponse();
    }
}
