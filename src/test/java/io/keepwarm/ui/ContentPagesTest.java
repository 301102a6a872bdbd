package io.keepwarm.ui;

import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.keepwarm.content.ContentItem;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.content.ContentStatus;
import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.util.List;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The content editor's forms: mistakes at their fields with nothing typed lost, and the preview of unsaved text. */
@KeepwarmTest
class ContentPagesTest {

    @Autowired Api api;
    @Autowired ContentLibrary library;
    @Autowired io.keepwarm.platform.Zones zones;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aSaveWithBrokenLiquidAndNoSubjectShowsEachMistakeAtItsFieldAndKeepsEverythingTyped() throws Exception {
        MockHttpServletResponse response = as(Role.MARKETER, post("/ui/content").param("name", "Broken " + run)
                .param("type", "ARTICLE").param("topics", "hpc, cooling").param("stages", "NURTURE")
                .param("subject", "").param("html", "<p>Dear {{ contact.first_name </p>")
                .param("fallbacks[contact.first_name]", "there"));

        assertThat(response.getStatus()).isEqualTo(200);
        Document page = Jsoup.parse(response.getContentAsString());
        assertThat(page.getElementById("err-subject").text()).isEqualTo("Subject is required");
        assertThat(page.getElementById("err-html").text())
                .isEqualTo("HTML body is not valid Liquid: '{{' is never closed with '}}' (line 1, column 9)");
        assertThat(page.getElementById("err-name").text()).isEmpty();
        assertThat(page.getElementById(page.getElementById("c-subject").attr("aria-describedby")).text())
                .as("the field points screen readers at its message (keepwarm.js marks it from there)")
                .isEqualTo("Subject is required");
        assertThat(page.getElementById("form-error").text()).as("a summary at the form")
                .isEqualTo("Nothing was saved: see the marked fields.");
        assertThat(page.getElementById("form-error").attr("role")).isEqualTo("alert");
        assertThat(page.title()).as("the first thing read of the page").isEqualTo("Error: New piece · Content · Keepwarm");
        assertThat(page.getElementById("preview").hasAttr("aria-live")).as("not read out at each pause in typing")
                .isFalse();
        assertThat(page.getElementById("c-name").val()).isEqualTo("Broken " + run);
        assertThat(page.getElementById("c-html").val()).isEqualTo("<p>Dear {{ contact.first_name </p>");
        assertThat(page.getElementById("c-topics").val()).isEqualTo("hpc, cooling");
        assertThat(page.selectFirst("input[name=stages][value=NURTURE]").hasAttr("checked")).isTrue();
        assertThat(page.getElementById("fb-contact.first_name").val()).isEqualTo("there");
        assertThat(library.list(new io.keepwarm.content.ContentFilter(null, null, null, null, null), null, 500).items())
                .extracting(ContentItem::name).doesNotContain("Broken " + run);
    }

    @Test
    void aPieceIsValidUntilADateAndTimeInTheAccountsZoneAndOnceItIsPastTheEditorAndTheListSayExpired() throws Exception {
        MockHttpServletResponse saved = as(Role.MARKETER, post("/ui/content").param("name", "Webinar " + run)
                .param("type", "WEBINAR_INVITE").param("status", "LIVE").param("validUntil", "2000-02-03T18:00")
                .param("subject", "Join us").param("html", "<p>Liquid cooling in practice</p>"));
        long id = Long.parseLong(saved.getRedirectedUrl().replaceAll("\\D+(\\d+)", "$1"));

        assertThat(library.get(id).validUntil()).isEqualTo(java.time.LocalDateTime.parse("2000-02-03T18:00")
                .atZone(zones.accountZone()).toInstant());
        Document editor = Jsoup.parse(contentOf(as(Role.MARKETER, get("/ui/content/" + id))));
        assertThat(editor.getElementById("c-validUntil").val()).isEqualTo("2000-02-03T18:00");
        assertThat(editor.getElementById("expired").text()).isEqualTo("expired: sent to no one");
        Document list = Jsoup.parse(contentOf(as(Role.MARKETER, get("/ui/content").param("type", "WEBINAR_INVITE"))));
        assertThat(list.select("#content-list tr[data-id=" + id + "] td[data-status]").text()).isEqualTo("Live, expired");

        Document refused = Jsoup.parse(contentOf(as(Role.MARKETER, post("/ui/content/" + id).param("name", "Webinar " + run)
                .param("type", "WEBINAR_INVITE").param("status", "LIVE").param("validUntil", "3 Feb")
                .param("subject", "Join us").param("html", "<p>Liquid cooling in practice</p>"))));
        assertThat(refused.getElementById("err-validUntil").text())
                .isEqualTo("Valid until is not a date and time like 2027-02-03T18:00: 3 Feb");
    }

    @Test
    void aRefusedSaveOfANewPieceKeepsTheContactItWasPreviewedAs() throws Exception {
        String email = uniqueEmail("pia");
        api.createContact("{\"email\": \"%s\", \"firstName\": \"Pia\"}".formatted(email));

        Document page = Jsoup.parse(as(Role.MARKETER, post("/ui/content").param("name", "Refused " + run)
                .param("subject", "Hi").param("html", "<p>Hi</p>").param("previewAs", email)).getContentAsString());

        assertThat(page.getElementById("err-type").text()).startsWith("Type is required");
        assertThat(page.getElementById("preview-as").val()).isEqualTo(email);
    }

    @Test
    void aPieceWithoutATypeOrALinkToReadItIsRefusedInTheFormsWordsNotTheApisCodes() throws Exception {
        Document page = Jsoup.parse(as(Role.MARKETER, post("/ui/content").param("name", "Codes " + run)
                .param("subject", "Hi").param("html", "<p><a href=\"{{ content.landing_url }}\">Read the guide</a></p>"))
                .getContentAsString());

        assertThat(page.getElementById("err-type").text())
                .isEqualTo("Type is required: choose what kind of piece it is").doesNotContain("ARTICLE");
        assertThat(page.getElementById("err-html").text())
                .contains("the piece has no address under 'Where \"Read it\" leads'").doesNotContain("landingUrl");
    }

    @Test
    void enterInPreviewAsOrAnyFieldOfTheEditorSavesNothingHalfWritten() throws Exception {
        long piece = api.liveArticle("Enter " + run);
        for (String path : List.of("/ui/content/new", "/ui/content/" + piece)) {
            Document page = Jsoup.parse(as(Role.MARKETER, get(path)).getContentAsString());

            // Enter in a field presses the form's first submit button: a disabled one submits nothing.
            org.jsoup.nodes.Element enter = page.select("#content-form button:not([type=button])").first();
            assertThat(enter.id()).as(path + ": what Enter presses").isEqualTo("enter-does-nothing");
            assertThat(enter.hasAttr("disabled")).isTrue();
            assertThat(enter.hasAttr("hidden")).isTrue();
            assertThat(page.getElementById("preview-as").closest("form")).isSameAs(page.getElementById("content-form"));
            assertThat(page.getElementById("save-content").text()).isEqualTo("Save piece");
        }
    }

    @Test
    void thePreviewBeforeAContactIsChosenSaysToChooseOneWithoutCallingItAMistake() throws Exception {
        Document preview = Jsoup.parse(as(Role.MARKETER, post("/ui/content/preview").param("name", "Unsaved " + run)
                .param("type", "ARTICLE").param("subject", "Hi").param("html", "<p>Hi</p>").param("previewAs", ""))
                .getContentAsString());

        assertThat(preview.getElementById("preview-hint").text()).isEqualTo("Choose a contact to preview as.");
        assertThat(preview.getElementById("preview-hint").hasClass("error")).isFalse();
        assertThat(preview.select(".error:not(.field-error)")).isEmpty();

        Document unknown = Jsoup.parse(as(Role.MARKETER, post("/ui/content/preview").param("name", "Unsaved " + run)
                .param("type", "ARTICLE").param("subject", "Hi").param("html", "<p>Hi</p>")
                .param("previewAs", "nobody-" + run + "@example.com")).getContentAsString());
        assertThat(unknown.getElementById("preview-problem").text()).startsWith("No contact matches");
        assertThat(unknown.getElementById("preview-problem").hasClass("error")).isTrue();
    }

    @Test
    void aVariableWithoutADefaultPointsToTheOpenedSectionWhereTheDefaultIsTyped() throws Exception {
        Document page = Jsoup.parse(as(Role.MARKETER, post("/ui/content").param("name", "No default " + run)
                .param("type", "ARTICLE").param("subject", "Hi").param("html", "<p>Call {{ owner.name }}</p>"))
                .getContentAsString());

        assertThat(page.getElementById("err-html").text()).isEqualTo("HTML body 'owner.name' has no default: add one"
                + " under 'Defaults when a contact's value is missing', so a contact without it never reads a blank"
                + " (line 1, column 12)");
        assertThat(page.getElementById("defaults").hasAttr("open")).isTrue();
    }

    @Test
    void theEditorListsCustomAttributesBesideTheBuiltInVariablesAndRefusesAVariableThatIsNeither() throws Exception {
        Document refused = Jsoup.parse(as(Role.MARKETER, post("/ui/content").param("name", "Colour " + run)
                .param("type", "ARTICLE").param("subject", "Hi")
                .param("html", "<p>In {{ contact.favourite_color }}</p>")).getContentAsString());

        assertThat(refused.getElementById("err-html").text()).startsWith("HTML body 'contact.favourite_color' is not a"
                + " variable").contains("contact.contract_expiry", "Custom attributes").endsWith("(line 1, column 10)");
        assertThat(refused.select("code").eachText()).contains("{{ contact.first_name }}",
                "{{ contact.contract_expiry }}", "{{ contact.birthday }}");
        assertThat(refused.getElementById("fb-contact.contract_expiry")).as("a default is typed for it too").isNotNull();

        MockHttpServletResponse saved = as(Role.MARKETER, post("/ui/content").param("name", "Renewal " + run)
                .param("type", "ARTICLE").param("subject", "Your service is due {{ contact.contract_expiry }}")
                .param("html", "<p>See you then</p>").param("fallbacks[contact.contract_expiry]", "soon"));
        assertThat(saved.getStatus()).isEqualTo(302);
    }

    @Test
    void aRefusedSaveKeepsItsMistakesBesideTheirFieldsAfterThePreviewThePageRunsOnLoad() throws Exception {
        Document nameOnly = afterPreviewOnLoad(as(Role.MARKETER, post("/ui/content").param("name", "Only a name " + run)));
        assertThat(nameOnly.getElementById("err-type").text()).startsWith("Type is required");

        Document typeOnly = afterPreviewOnLoad(as(Role.MARKETER, post("/ui/content").param("type", "ARTICLE")));
        assertThat(typeOnly.getElementById("err-name").text()).isEqualTo("Name is required");

        long piece = api.liveArticle("Kept marks " + run);
        Document page = Jsoup.parse(as(Role.MARKETER, get("/ui/content/" + piece)).getContentAsString());
        MockHttpServletRequestBuilder edit = post("/ui/content/" + piece);
        ((org.jsoup.nodes.FormElement) page.getElementById("content-form")).formData().forEach(kv -> edit.param(kv.key(),
                switch (kv.key()) {
                    case "landingUrl" -> "javascript:alert(1)";
                    case "offerSends" -> "9999";
                    case "offerKey" -> "paper";
                    case "offerLabel" -> "Send me the paper";
                    default -> kv.value();
                }));
        Document edited = afterPreviewOnLoad(as(Role.MARKETER, edit));
        assertThat(edited.getElementById("err-landingUrl").text()).startsWith("The landing page address is an http(s)");
        assertThat(edited.getElementById("err-offerSends").text()).contains("9999 is not in the library");

        // A move only a save judges stays marked when the preview, a contact chosen, has checked everything else.
        long retired = api.liveArticle("Retired " + run);
        library.update(retired, new io.keepwarm.content.ContentDraft("Retired " + run, io.keepwarm.content.ContentType.ARTICLE,
                null, null, null, null, ContentStatus.RETIRED, null, null,
                java.util.Map.of("contact.first_name", "there"), new io.keepwarm.content.ContentDraft.Variants(
                        new io.keepwarm.content.ContentDraft.Email("Hi", "<p>Hi</p>", null), null)));
        String email = uniqueEmail("rita");
        api.createContact("{\"email\": \"%s\", \"firstName\": \"Rita\"}".formatted(email));
        Document revived = Jsoup.parse(as(Role.MARKETER, get("/ui/content/" + retired)).getContentAsString());
        MockHttpServletRequestBuilder live = post("/ui/content/" + retired);
        ((org.jsoup.nodes.FormElement) revived.getElementById("content-form")).formData().forEach(kv ->
                live.param(kv.key(), kv.key().equals("status") ? "LIVE" : kv.value()));
        Document refusedMove = afterPreviewAs(email, as(Role.MARKETER, live));
        assertThat(refusedMove.getElementById("err-status").text()).contains("cannot become LIVE");
    }

    @Test
    void aSavedPieceKeepsEveryFieldOfTheFormAndOpensAgainWithThem() throws Exception {
        MockHttpServletResponse saved = as(Role.MARKETER, post("/ui/content").param("name", "Whole " + run)
                .param("type", "WHITE_PAPER").param("status", "LIVE").param("language", "de").param("topics", "HPC, Cooling")
                .param("stages", "NURTURE", "MQL").param("subject", "Hallo {{ contact.first_name }}")
                .param("html", "<p>Hallo {{ contact.first_name }}</p>").param("script", "Ask about {{ company.name }}")
                .param("landingUrl", "https://example.com/guide").param("offerKey", "white-paper")
                .param("offerLabel", "Send me the paper").param("fallbacks[contact.first_name]", "zusammen")
                .param("fallbacks[company.name]", "your team").param("fallbacks[contact.last_name]", ""));

        assertThat(saved.getStatus()).as(() -> Jsoup.parse(contentOf(saved)).select(".error").eachText().toString())
                .isEqualTo(302);
        long id = Long.parseLong(saved.getRedirectedUrl().replaceAll("\\D+(\\d+)", "$1"));
        ContentItem item = library.get(id);
        assertThat(item.status()).isEqualTo(ContentStatus.LIVE);
        assertThat(item.language()).isEqualTo("de");
        assertThat(item.topics()).containsExactlyInAnyOrder("hpc", "cooling");
        assertThat(item.stages()).hasSize(2);
        assertThat(item.offer()).isEqualTo(new ContentItem.Offer("white-paper", "Send me the paper"));
        assertThat(item.fallbacks()).as("a default left blank is none")
                .containsOnly(java.util.Map.entry("contact.first_name", "zusammen"), java.util.Map.entry("company.name", "your team"));
        assertThat(item.variants().phone().script()).isEqualTo("Ask about {{ company.name }}");
        assertThat(item.variants().email().textDerived()).isTrue();

        Document page = Jsoup.parse(as(Role.MARKETER, get("/ui/content/" + id)).getContentAsString());
        assertThat(page.getElementById("c-landing").val()).isEqualTo("https://example.com/guide");
        assertThat(page.getElementById("c-text").val()).as("a derived text part is left for the library").isEmpty();
        assertThat(page.selectFirst("#c-status option[selected]").val()).isEqualTo("LIVE");
        Document list = Jsoup.parse(as(Role.MARKETER, get("/ui/content")).getContentAsString());
        assertThat(list.select("#content-list tr[data-id=" + id + "] td").get(1).text()).as("the type in words")
                .isEqualTo("white paper");

        MockHttpServletResponse refused = as(Role.MARKETER, post("/ui/content/" + id + "/delete"));
        assertThat(Jsoup.parse(refused.getContentAsString()).getElementById("confirm-refusal").text())
                .contains("It is live and may be going out").contains("retire it first").doesNotContain("PUT it");
        assertThat(library.find(id)).isPresent();
    }

    @Test
    void aPieceSavedWithNoLanguageIsOfAnyLanguageInTheEditorAndTheList() throws Exception {
        Document blank = Jsoup.parse(as(Role.MARKETER, get("/ui/content/new")).getContentAsString());
        assertThat(blank.getElementById("c-language").val()).as("a new piece is English unless changed").isEqualTo("en");
        assertThat(blank.getElementById("c-language").attr("placeholder")).isEqualTo("Any language");

        MockHttpServletResponse saved = as(Role.MARKETER, post("/ui/content").param("name", "For all " + run)
                .param("type", "WEBINAR_INVITE").param("status", "LIVE").param("language", " ")
                .param("subject", "Join us").param("html", "<p>Join us</p>"));
        assertThat(saved.getStatus()).as(() -> Jsoup.parse(contentOf(saved)).select(".error").eachText().toString())
                .isEqualTo(302);
        long id = Long.parseLong(saved.getRedirectedUrl().replaceAll("\\D+(\\d+)", "$1"));
        assertThat(library.get(id).language()).isNull();

        Document editor = Jsoup.parse(contentOf(as(Role.MARKETER, get("/ui/content/" + id))));
        assertThat(editor.getElementById("c-language").val()).as("shown as its placeholder, Any language").isEmpty();
        Document list = Jsoup.parse(contentOf(as(Role.MARKETER, get("/ui/content"))));
        assertThat(list.select("#content-list tr[data-id=" + id + "] td").get(3).text()).isEqualTo("any");
    }

    @Test
    void theLibrarysLanguageFilterOffersThePiecesOfAnyLanguageBesideTheLanguagesItHas() throws Exception {
        String topic = "filter-" + run;
        long english = piece("English " + run, topic, "\"en\"");
        long german = piece("German " + run, topic, "\"de\"");
        long everyone = piece("Everyone " + run, topic, "null");

        Document all = Jsoup.parse(contentOf(as(Role.MARKETER, get("/ui/content").param("topic", topic))));
        assertThat(all.select("#c-language option").eachText()).as("all, any language, then the library's languages")
                .startsWith("all", "any language (for every contact)").contains("de (German)", "en (English)");
        assertThat(all.select("#content-list tr[data-id]").eachAttr("data-id"))
                .containsExactly(String.valueOf(english), String.valueOf(german), String.valueOf(everyone));

        Document any = Jsoup.parse(contentOf(as(Role.MARKETER, get("/ui/content").param("topic", topic)
                .param("language", "any"))));
        assertThat(any.select("#content-list tr[data-id]").eachAttr("data-id")).containsExactly(String.valueOf(everyone));
        assertThat(any.select("#c-language option[selected]").text()).isEqualTo("any language (for every contact)");

        Document inGerman = Jsoup.parse(contentOf(as(Role.MARKETER, get("/ui/content").param("topic", topic)
                .param("language", "DE"))));
        assertThat(inGerman.select("#content-list tr[data-id]").eachAttr("data-id")).containsExactly(String.valueOf(german));
        assertThat(inGerman.select("#c-language option[selected]").text()).isEqualTo("de (German)");
    }

    private long piece(String name, String topic, String language) throws Exception {
        return Api.json(api.post("/api/v1/content", """
                {"name": "%s", "type": "ARTICLE", "topics": ["%s"], "language": %s,
                 "variants": {"email": {"subject": "Hello", "html": "<p>Something useful.</p>"}}}"""
                .formatted(name, topic, language))).get("id").asLong();
    }

    @Test
    void theOffersPieceIsChosenByNameAndTypeAndTheSavedPieceShowsWhichItSends() throws Exception {
        long paper = api.liveArticle("The paper " + run);
        Document blank = Jsoup.parse(as(Role.MARKETER, get("/ui/content/new")).getContentAsString());
        assertThat(blank.getElementById("c-offer-sends").tagName()).as("a list to choose from, not an id to type")
                .isEqualTo("select");
        assertThat(blank.select("#c-offer-sends option").eachText()).contains("The paper " + run + " (article)");
        assertThat(blank.selectFirst("#c-offer-sends option[selected]")).as("nothing chosen yet").isNull();

        MockHttpServletResponse saved = as(Role.MARKETER, post("/ui/content").param("name", "Offering " + run)
                .param("type", "WHITE_PAPER").param("status", "DRAFT").param("subject", "A guide")
                .param("html", "<p>A guide.</p>").param("offerKey", "white-paper").param("offerLabel", "Send me the paper")
                .param("offerSends", blank.select("#c-offer-sends option").stream()
                        .filter(o -> o.text().equals("The paper " + run + " (article)")).findFirst().orElseThrow().val()));
        assertThat(saved.getStatus()).isEqualTo(302);
        long id = Long.parseLong(saved.getRedirectedUrl().replaceAll("\\D+(\\d+)", "$1"));
        assertThat(library.get(id).offer().sends()).isEqualTo(paper);

        for (Role role : List.of(Role.MARKETER, Role.SALES)) {
            Document page = Jsoup.parse(as(role, get("/ui/content/" + id)).getContentAsString());
            assertThat(page.selectFirst("#c-offer-sends option[selected]").text()).as(role.name())
                    .isEqualTo("The paper " + run + " (article)");
        }
    }

    @Test
    void theEditorAndTheLibraryShowTopicsAsTheAuthorWroteThemAndSavingAgainKeepsThat() throws Exception {
        String topic = "HPC " + run.toUpperCase(java.util.Locale.ROOT);
        MockHttpServletResponse saved = as(Role.MARKETER, post("/ui/content").param("name", "Topics " + run)
                .param("type", "ARTICLE").param("status", "LIVE").param("topics", topic + ", cooling")
                .param("subject", "Hi").param("html", "<p>Hi</p>"));
        assertThat(saved.getStatus()).isEqualTo(302);
        long id = Long.parseLong(saved.getRedirectedUrl().replaceAll("\\D+(\\d+)", "$1"));

        Document page = Jsoup.parse(as(Role.MARKETER, get("/ui/content/" + id)).getContentAsString());
        assertThat(page.getElementById("c-topics").val()).isEqualTo("cooling, " + topic);
        MockHttpServletRequestBuilder edit = post("/ui/content/" + id);
        ((org.jsoup.nodes.FormElement) page.getElementById("content-form")).formData()
                .forEach(kv -> edit.param(kv.key(), kv.value()));
        assertThat(as(Role.MARKETER, edit).getStatus()).isEqualTo(302);

        Document again = Jsoup.parse(as(Role.MARKETER, get("/ui/content/" + id)).getContentAsString());
        assertThat(again.getElementById("c-topics").val()).isEqualTo("cooling, " + topic);
        Document list = Jsoup.parse(as(Role.MARKETER, get("/ui/content")).getContentAsString());
        assertThat(list.select("#content-list tr[data-id=" + id + "] .tag").eachText())
                .containsExactlyInAnyOrder(topic, "cooling");
    }

    @Test
    void editingAPieceInTheEditorKeepsItsOfferWithThePieceItSendsAndItsLandingPage() throws Exception {
        long paper = api.liveArticle("The paper " + run);
        MockHttpServletResponse saved = as(Role.MARKETER, post("/ui/content").param("name", "Landing " + run)
                .param("type", "WHITE_PAPER").param("status", "DRAFT").param("subject", "A guide")
                .param("html", "<p>A guide.</p>").param("offerKey", "white-paper").param("offerLabel", "Send me the paper")
                .param("offerSends", String.valueOf(paper)).param("landingTitle", "Half the power")
                .param("landingHtml", "<p>Why it <b>works</b></p><script>alert(1)</script>"));
        assertThat(saved.getStatus()).as(() -> Jsoup.parse(contentOf(saved)).select(".error").eachText().toString())
                .isEqualTo(302);
        long id = Long.parseLong(saved.getRedirectedUrl().replaceAll("\\D+(\\d+)", "$1"));
        ContentItem.Landing landing = library.get(id).landing();
        assertThat(landing.title()).isEqualTo("Half the power");
        assertThat(landing.html()).contains("Why it <b>works</b>").doesNotContain("script").doesNotContain("alert");

        // Open the editor, change the name only, and save the form as the page holds it.
        Document page = Jsoup.parse(as(Role.MARKETER, get("/ui/content/" + id)).getContentAsString());
        MockHttpServletRequestBuilder edit = post("/ui/content/" + id);
        ((org.jsoup.nodes.FormElement) page.getElementById("content-form")).formData().forEach(kv ->
                edit.param(kv.key(), kv.key().equals("name") ? "Renamed " + run : kv.value()));
        MockHttpServletResponse edited = as(Role.MARKETER, edit);

        assertThat(edited.getStatus()).as(() -> Jsoup.parse(contentOf(edited)).select(".error").eachText().toString())
                .isEqualTo(302);
        ContentItem item = library.get(id);
        assertThat(item.name()).isEqualTo("Renamed " + run);
        assertThat(item.offer()).isEqualTo(new ContentItem.Offer("white-paper", "Send me the paper", paper));
        assertThat(item.landing()).isEqualTo(landing);
    }

    @Test
    void thePreviewWarnsThatTheNamesFallbackShowsInTheSubjectToo() throws Exception {
        String email = uniqueEmail("ada");
        api.createContact("{\"email\": \"%s\", \"firstName\": \"Ada\"}".formatted(email));

        Document preview = Jsoup.parse(as(Role.MARKETER, post("/ui/content/preview").param("name", "Unsaved " + run)
                .param("type", "ARTICLE").param("subject", "A cooling guide for {{ contact.first_name }}")
                .param("html", "<p>Dear {{ contact.first_name }},</p>").param("fallbacks[contact.first_name]", "there")
                .param("previewAs", email)).getContentAsString());
        Document bodyOnly = Jsoup.parse(as(Role.MARKETER, post("/ui/content/preview").param("name", "Unsaved " + run)
                .param("type", "ARTICLE").param("subject", "A cooling guide")
                .param("html", "<p>Dear {{ contact.first_name }},</p>").param("fallbacks[contact.first_name]", "there")
                .param("previewAs", email)).getContentAsString());

        assertThat(preview.getElementById("preview-subject").text()).isEqualTo("A cooling guide for Ada");
        assertThat(preview.getElementById("preview-subject-warnings").text())
                .contains("contact.first_name", "\"A cooling guide for there\"");
        assertThat(bodyOnly.getElementById("preview-subject-warnings")).isNull();
    }

    @Test
    void thePreviewRendersTheUnsavedTextForTheChosenContactInASandboxedFrameWithoutScript() throws Exception {
        String email = uniqueEmail("zed");
        api.createContact("{\"email\": \"%s\", \"firstName\": \"Zed\"}".formatted(email));
        String nameless = uniqueEmail("nameless");
        api.createContact("{\"email\": \"%s\"}".formatted(nameless));

        Document preview = Jsoup.parse(as(Role.MARKETER, post("/ui/content/preview").param("name", "Unsaved " + run)
                .param("type", "ARTICLE").param("subject", "For {{ contact.first_name }}")
                .param("html", "<p>Dear {{ contact.first_name }},</p><script>alert('owned')</script><img src=x onerror=alert(2)>")
                .param("offerLabel", "Call me back").param("offerKey", "call-back")
                .param("fallbacks[contact.first_name]", "there").param("previewAs", email)).getContentAsString());
        assertThat(preview.getElementById("preview-subject").text()).isEqualTo("For Zed");
        var frame = preview.getElementById("preview-html");
        assertThat(frame.attr("sandbox")).isEmpty();
        assertThat(frame.hasAttr("sandbox")).isTrue();
        assertThat(frame.attr("srcdoc")).contains("Dear Zed,").doesNotContain("<script").doesNotContain("onerror");
        assertThat(preview.getElementById("preview-offer").text()).isEqualTo("Call me back");

        Document fallback = Jsoup.parse(as(Role.MARKETER, post("/ui/content/preview").param("name", "Unsaved " + run)
                .param("type", "ARTICLE").param("subject", "Hi").param("html", "<p>Dear {{ contact.first_name }},</p>")
                .param("fallbacks[contact.first_name]", "friend").param("previewAs", nameless)).getContentAsString());
        assertThat(fallback.getElementById("preview-html").attr("srcdoc")).contains("Dear friend,");

        Document broken = Jsoup.parse(as(Role.MARKETER, post("/ui/content/preview").param("name", "Unsaved " + run)
                .param("type", "ARTICLE").param("html", "<p>Hi</p>").param("previewAs", email)).getContentAsString());
        assertThat(broken.getElementById("err-subject").text()).isEqualTo("Subject is required");
        assertThat(broken.getElementById("err-subject").attr("hx-swap-oob")).isEqualTo("true");
        assertThat(broken.getElementById("preview-problem").text()).contains("Fix the fields");
    }

    @Test
    void afterSavingTheEditorListsWhatCleaningTheHtmlRemovedAndTheStylesItKept() throws Exception {
        var saved = api.mvc().perform(post("/ui/content").param("name", "Cleaned " + run).param("type", "ARTICLE")
                .param("subject", "Hello").param("html", "<p style=\"color:navy;position:fixed\" onclick=\"x()\">Hi</p>"
                        + "<script>alert(1)</script>")
                .with(user(api.sessionUser(Role.MARKETER)).roles(Role.MARKETER.name())).with(csrf())).andReturn();
        assertThat(saved.getResponse().getStatus()).isEqualTo(302);

        Document page = Jsoup.parse(as(Role.MARKETER, get(saved.getResponse().getRedirectedUrl())
                .flashAttrs(saved.getFlashMap())).getContentAsString());
        assertThat(page.getElementById("saved")).isNotNull();
        assertThat(page.select("#removed li").eachText()).containsExactly("removed onclick attribute on <p> (1)",
                "removed CSS position from a style (1)", "removed <script> (1)");
        assertThat(page.getElementById("c-html").val()).isEqualTo("<p style=\"color: navy\">Hi</p>");

        Document reopened = Jsoup.parse(as(Role.MARKETER, get(saved.getResponse().getRedirectedUrl())).getContentAsString());
        assertThat(reopened.getElementById("removed")).as("told once, after the save").isNull();
    }

    @Test
    void theEditorsPreviewOfASavedPieceLinksItsLandingPageToThePiecesOwnPreviewAsTheContact() throws Exception {
        long piece = api.liveArticle("Linked " + run);
        String email = uniqueEmail("lena");
        long contact = api.createContact("{\"email\": \"%s\", \"firstName\": \"Lena\"}".formatted(email));

        Document preview = Jsoup.parse(as(Role.MARKETER, post("/ui/content/preview").param("id", String.valueOf(piece))
                .param("name", "Linked " + run).param("type", "ARTICLE").param("subject", "Hi")
                .param("html", "<p><a href=\"{{ content.landing_url }}\">Read it</a></p>")
                .param("landingUrl", "https://example.com/guide").param("previewAs", email)).getContentAsString());

        String landing = "/ui/content/" + piece + "/landing?contact=" + contact;
        assertThat(preview.getElementById("preview-text").text()).contains("Read it (http://localhost:8080" + landing + ")");
        assertThat(preview.getElementById("landing-preview-link").attr("href")).isEqualTo(landing);
        assertThat(as(Role.MARKETER, get(landing)).getStatus()).isEqualTo(200);
    }

    @Test
    void theLandingPagePreviewShowsTheTextAsTypedCleanedAndLeavesTheSavedPageAsItWas() throws Exception {
        var saved = api.mvc().perform(post("/ui/content").param("name", "Landing " + run).param("type", "ARTICLE")
                .param("subject", "Hello").param("html", "<p>Hi</p>").param("landingHtml", "<p>Saved words</p>")
                .with(user(api.sessionUser(Role.MARKETER)).roles(Role.MARKETER.name())).with(csrf())).andReturn();
        assertThat(saved.getResponse().getStatus()).isEqualTo(302);
        String piece = saved.getResponse().getRedirectedUrl().replaceFirst("^/ui/content/(\\d+).*$", "$1");
        String email = uniqueEmail("lotte");
        long contact = api.createContact("{\"email\": \"%s\", \"firstName\": \"Lotte\"}".formatted(email));

        for (String previewAs : List.of(email, "")) {
            Document preview = Jsoup.parse(as(Role.MARKETER, post("/ui/content/preview").param("id", piece)
                    .param("name", "Landing " + run).param("type", "ARTICLE").param("subject", "Hello")
                    .param("html", "<p>Hi</p>").param("landingHtml", "<h2>Typed words</h2><script>alert(1)</script>")
                    .param("previewAs", previewAs)).getContentAsString());
            var body = preview.getElementById("landing-preview-body");
            assertThat(body.text()).as("as " + previewAs).isEqualTo("Typed words");
            assertThat(body.select("h2")).hasSize(1);
            assertThat(body.html()).doesNotContain("script");
            assertThat(preview.select("#landing-preview article").text()).as("as the public page says it")
                    .contains("An article").doesNotContain("A article");
        }

        Document rep = Jsoup.parse(as(Role.SALES, post("/ui/content/preview").param("id", piece)
                .param("landingHtml", "<p>Typed words</p>").param("previewAs", email)).getContentAsString());
        assertThat(rep.getElementById("landing-preview-body").text()).isEqualTo("Saved words");
        Document page = Jsoup.parse(as(Role.MARKETER, get("/ui/content/" + piece + "/landing?contact=" + contact))
                .getContentAsString());
        assertThat(page.getElementById("body").text()).isEqualTo("Saved words");
    }

    @Test
    void aRepReadsAPieceWithoutEditingAndPreviewsItAsSaved() throws Exception {
        long piece = api.liveArticle("Rep read " + run);
        String email = uniqueEmail("rhea");
        api.createContact("{\"email\": \"%s\", \"firstName\": \"Rhea\"}".formatted(email));

        Document page = Jsoup.parse(as(Role.SALES, get("/ui/content/" + piece)).getContentAsString());
        assertThat(page.selectFirst("#content-form fieldset").hasAttr("disabled")).isTrue();
        assertThat(page.getElementById("save-content")).isNull();
        assertThat(page.getElementById("delete-piece")).isNull();

        Document preview = Jsoup.parse(as(Role.SALES, post("/ui/content/preview").param("id", String.valueOf(piece))
                .param("html", "<p>ignored: reps preview what is saved</p>").param("previewAs", email)).getContentAsString());
        assertThat(preview.getElementById("preview-html").attr("srcdoc")).contains("Dear Rhea,").doesNotContain("ignored");
        assertThat(as(Role.SALES, post("/ui/content/" + piece).param("name", "Taken over")).getStatus()).isEqualTo(403);
    }

    /**
     * The page a refused save answers, as the person sees it once the preview it runs on load has come back: the
     * preview posts the form as the page holds it, and htmx puts each of its out-of-band elements in place of the
     * page's element with that id.
     */
    private Document afterPreviewOnLoad(MockHttpServletResponse refused) throws Exception {
        return afterPreviewAs("", refused);
    }

    /** The same, once the person has chosen a contact to preview as (the preview then checks the unsaved text). */
    private Document afterPreviewAs(String previewAs, MockHttpServletResponse refused) throws Exception {
        assertThat(refused.getStatus()).isEqualTo(200);
        Document page = Jsoup.parse(refused.getContentAsString());
        MockHttpServletRequestBuilder preview = post("/ui/content/preview");
        ((org.jsoup.nodes.FormElement) page.getElementById("content-form")).formData()
                .forEach(kv -> preview.param(kv.key(), kv.key().equals("previewAs") ? previewAs : kv.value()));
        Document answer = Jsoup.parse(as(Role.MARKETER, preview).getContentAsString());
        answer.select("[hx-swap-oob]").forEach(oob -> {
            var target = page.getElementById(oob.id());
            if (target != null) {
                target.replaceWith(oob.clone().removeAttr("hx-swap-oob"));
            }
        });
        return page;
    }

    private static String contentOf(MockHttpServletResponse response) {
        try {
            return response.getContentAsString();
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private MockHttpServletResponse as(Role role, MockHttpServletRequestBuilder request) throws Exception {
        return api.mvc().perform(request.with(user(api.sessionUser(role)).roles(role.name())).with(csrf()))
                .andReturn().getResponse();
    }
}
