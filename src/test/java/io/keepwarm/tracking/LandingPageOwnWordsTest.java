package io.keepwarm.tracking;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static io.keepwarm.tracking.PublicPages.page;
import static io.keepwarm.tracking.PublicPages.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.content.ContentLibrary;
import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.tracking.internal.SignedLinks;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** A piece's landing page says the author's own intro line and button words where given, else its own. */
@KeepwarmTest
class LandingPageOwnWordsTest {

    @Autowired Api api;
    @Autowired SignedLinks links;
    @Autowired ContentLibrary library;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void theLandingPageShowsTheAuthorsIntroAndButtonAsPlainTextInsteadOfItsOwnWords() throws Exception {
        long zoe = api.createContact("""
                {"email": "%s", "firstName": "Zoë", "language": "de"}""".formatted(uniqueEmail("words-de")));
        ObjectNode given = piece("Own words " + run);
        given.putObject("landing").put("intro", "  Our <b>monthly</b> notes on cooling  ").put("button", "Read the guide");
        JsonNode saved = json(api.post("/api/v1/content", given.toString()));

        assertThat(saved.at("/landing/intro").asString()).isEqualTo("Our <b>monthly</b> notes on cooling");
        assertThat(saved.at("/landing/button").asString()).isEqualTo("Read the guide");
        Document page = landing(saved.get("id").asLong(), zoe);
        assertThat(page.getElementById("intro").text()).isEqualTo("Our <b>monthly</b> notes on cooling");
        assertThat(page.getElementById("intro").select("b")).as("escaped, as all the author's text").isEmpty();
        assertThat(page.text()).doesNotContain("Ein Whitepaper");
        assertThat(page.getElementById("read").text()).as("the author's words, not translated")
                .isEqualTo("Read the guide");
        assertThat(page.getElementById("title").text()).as("no title given: the piece's name")
                .isEqualTo("Own words " + run);
    }

    @Test
    void withoutWordsOfItsOwnTheLandingPageSaysItsOwnInTheContactsLanguage() throws Exception {
        long zoe = api.createContact("""
                {"email": "%s", "firstName": "Zoë", "language": "de"}""".formatted(uniqueEmail("defaults-de")));
        long ann = api.createContact("""
                {"email": "%s", "firstName": "Ann", "language": "en"}""".formatted(uniqueEmail("defaults-en")));
        ObjectNode given = piece("Defaults " + run);
        given.putObject("landing").put("intro", " ").put("button", "");
        JsonNode saved = json(api.post("/api/v1/content", given.toString()));

        assertThat(saved.path("landing").path("intro").isMissingNode()).as("blank words are none").isTrue();
        Document german = landing(saved.get("id").asLong(), zoe);
        Document english = landing(saved.get("id").asLong(), ann);
        assertThat(german.getElementById("intro")).isNull();
        assertThat(german.select("main").text()).contains("Ein Whitepaper");
        assertThat(german.getElementById("read").text()).isEqualTo("Jetzt lesen");
        assertThat(english.select("main").text()).contains("A white paper");
        assertThat(english.getElementById("read").text()).isEqualTo("Read it");
    }

    @Test
    void anIntroWithLiquidOrLineBreaksAndAButtonWithNothingToLeadToAreRefusedAtTheirFields() throws Exception {
        ObjectNode given = piece("Refused " + run);
        given.remove("landingUrl");
        given.putObject("landing").put("intro", "For {{ contact.first_name }}\nand you").put("button", "x".repeat(61));
        JsonNode problem = json(api.post("/api/v1/content", given.toString()).andExpect(status().isBadRequest()));
        String said = problem.toString();

        assertThat(said).contains("landing.intro", "without Liquid", "is one line");
        assertThat(said).contains("landing.button", "is at most 60 characters");

        given.withObject("landing").put("intro", "Fine").put("button", "Read the guide");
        String alone = json(api.post("/api/v1/content", given.toString()).andExpect(status().isBadRequest())).toString();
        assertThat(alone).contains("landing.button", "give the landing address (landingUrl)");
    }

    @Test
    void theEditorKeepsTheIntroAndButtonAndItsPreviewShowsThemAsTyped() throws Exception {
        var saved = api.mvc().perform(post("/ui/content").param("name", "Editor words " + run).param("type", "ARTICLE")
                .param("subject", "Hello").param("html", "<p>Hi</p>").param("landingUrl", "https://example.com/a")
                .param("landingIntro", "Notes from our engineers").param("landingButton", "Open the notes")
                .with(user(api.sessionUser(Role.MARKETER)).roles(Role.MARKETER.name())).with(csrf())).andReturn();
        assertThat(saved.getResponse().getStatus()).isEqualTo(302);
        String piece = saved.getResponse().getRedirectedUrl().replaceFirst("^/ui/content/(\\d+).*$", "$1");

        Document editor = ui(get("/ui/content/" + piece));
        assertThat(editor.getElementById("c-landing-intro").val()).isEqualTo("Notes from our engineers");
        assertThat(editor.getElementById("c-landing-button").val()).isEqualTo("Open the notes");
        Document preview = ui(post("/ui/content/preview").param("id", piece).param("name", "Editor words " + run)
                .param("type", "ARTICLE").param("subject", "Hello").param("html", "<p>Hi</p>")
                .param("landingUrl", "https://example.com/a").param("landingIntro", "Typed <i>intro</i>")
                .param("landingButton", "Typed button").param("previewAs", ""));
        assertThat(preview.getElementById("landing-preview-intro").text()).isEqualTo("Typed <i>intro</i>");
        assertThat(preview.getElementById("landing-preview-button").text()).isEqualTo("Typed button");
        assertThat(preview.select("#landing-preview article").text()).doesNotContain("An article");
        Document unset = ui(post("/ui/content/preview").param("name", "Unsaved " + run).param("type", "ARTICLE")
                .param("landingUrl", "https://example.com/a").param("previewAs", ""));
        assertThat(unset.getElementById("landing-preview-intro")).isNull();
        assertThat(unset.getElementById("landing-preview-button").text()).isEqualTo("Read it");
    }

    private ObjectNode piece(String name) {
        ObjectNode piece = JsonMapper.shared().createObjectNode().put("name", name).put("type", "WHITE_PAPER")
                .put("status", "LIVE").put("landingUrl", "https://example.com/guide");
        piece.putObject("variants").putObject("email").put("subject", "A guide")
                .put("html", "<p><a href=\"{{ content.landing_url }}\">Read it</a></p>");
        return piece;
    }

    private Document landing(long piece, long contact) throws Exception {
        return page(api.mvc().perform(get(path(links.linksFor(library.get(piece), contact).landingUrl())))
                .andReturn().getResponse());
    }

    private Document ui(MockHttpServletRequestBuilder request) throws Exception {
        return Jsoup.parse(api.mvc().perform(request.with(user(api.sessionUser(Role.MARKETER))
                .roles(Role.MARKETER.name())).with(csrf())).andReturn().getResponse().getContentAsString());
    }
}
