package io.keepwarm.content;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

@KeepwarmTest
class ContentApiTest {

    @Autowired Api api;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aWebinarInvitationSavedWithoutAMomentItIsValidUntilIsWarnedItWouldGoOutAfterTheWebinar() throws Exception {
        ObjectNode invite = article("Webinar " + run).put("type", "WEBINAR_INVITE");
        JsonNode open = json(api.post("/api/v1/content", invite.toString()).andExpect(status().isCreated()));
        assertThat(strings(open.get("warnings"))).contains(io.keepwarm.content.ContentLibrary.WEBINAR_WITHOUT_END);

        JsonNode ending = json(api.post("/api/v1/content", invite.put("validUntil", "2099-02-03T18:00:00Z").toString())
                .andExpect(status().isCreated()));
        assertThat(strings(ending.get("warnings"))).doesNotContain(io.keepwarm.content.ContentLibrary.WEBINAR_WITHOUT_END);
        JsonNode article = json(api.post("/api/v1/content", article("Article " + run).toString())
                .andExpect(status().isCreated()));
        assertThat(strings(article.get("warnings"))).doesNotContain(io.keepwarm.content.ContentLibrary.WEBINAR_WITHOUT_END);
    }

    @Test
    void aPieceKeepsTheMomentItIsValidUntilAndOneSavedLiveWithThatMomentPastIsWarnedItGoesToNoOne() throws Exception {
        ObjectNode piece = article("Webinar " + run).put("status", "LIVE").put("validUntil", "2099-02-03T18:00:00+01:00");
        JsonNode created = json(api.post("/api/v1/content", piece.toString()).andExpect(status().isCreated()));
        assertThat(created.get("validUntil").asString()).isEqualTo("2099-02-03T17:00:00Z");
        assertThat(strings(created.get("warnings"))).doesNotContain(io.keepwarm.content.ContentLibrary.VALID_UNTIL_PAST);
        long id = created.get("id").asLong();

        // A piece read, changed and sent back keeps it; an invitation to an event long past is said to go to no one.
        ObjectNode read = (ObjectNode) json(api.get("/api/v1/content/" + id));
        read.put("validUntil", "2000-01-01T00:00:00Z");
        JsonNode saved = json(api.as(Role.MARKETER, MockMvcRequestBuilders.put("/api/v1/content/" + id)
                .contentType(MediaType.APPLICATION_JSON).content(read.toString())).andExpect(status().isOk()));
        assertThat(strings(saved.get("warnings"))).contains(io.keepwarm.content.ContentLibrary.VALID_UNTIL_PAST);

        read.putNull("validUntil");
        assertThat(json(api.as(Role.MARKETER, MockMvcRequestBuilders.put("/api/v1/content/" + id)
                .contentType(MediaType.APPLICATION_JSON).content(read.toString())).andExpect(status().isOk()))
                .get("validUntil").isNull()).as("cleared: no end").isTrue();
    }

    @Test
    void aPieceWithValuesThatCannotBeReadHearsOfItsOtherMistakesInTheSameAnswer() throws Exception {
        // Unreadable: the type and a stage. The piece's own checks find the blank name, the language and the address;
        // the type left unread is not also called missing.
        api.post("/api/v1/content", """
                {"name": " ", "type": "letter", "stages": ["warmish"], "language": "English!",
                 "landingUrl": "ftp://example.com/guide"}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.contains("type", "stages[0]",
                        "name", "language", "landingUrl")))
                .andExpect(jsonPath("$.errors[3].message").value("is a language tag such as en, de or pt-br"));
        // An offer given that could not be read: the email using it is not also said to have none.
        api.post("/api/v1/content", """
                {"name": "", "type": "ARTICLE", "offer": "call-me",
                 "variants": {"email": {"subject": "Talk?", "html": "<p><a href=\\"{{ content.offer_url }}\\">Call me</a></p>"}}}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.contains("offer", "name")));
        long id = json(api.post("/api/v1/content", article("Kept " + run).toString()).andExpect(status().isCreated()))
                .get("id").asLong();
        api.as(Role.MARKETER, MockMvcRequestBuilders.put("/api/v1/content/" + id).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"\", \"type\": \"ARTICLE\", \"status\": \"ALIVE\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.contains("status", "name")));
        api.get("/api/v1/content/" + id).andExpect(jsonPath("$.name").value("Kept " + run));
    }

    @Test
    void aPieceGivenANullLanguageIsOfAnyLanguageAndOneThatLeavesItOutIsEnglishAsBefore() throws Exception {
        JsonNode english = json(as(Role.MARKETER, post(article("Left out " + run))).andExpect(status().isCreated()));
        assertThat(english.get("language").asString()).isEqualTo("en");

        ObjectNode anyLanguage = article("Webinar for all " + run);
        anyLanguage.putNull("language");
        JsonNode created = json(as(Role.MARKETER, post(anyLanguage)).andExpect(status().isCreated()));
        long id = created.get("id").asLong();
        assertThat(created.get("language").isNull()).as("any language").isTrue();

        // Read, changed and sent back, it stays of any language; a language given later is kept.
        ObjectNode read = (ObjectNode) json(api.get("/api/v1/content/" + id));
        assertThat(read.get("language").isNull()).isTrue();
        read.put("name", "Webinar for everyone " + run);
        assertThat(json(as(Role.MARKETER, put(id, read)).andExpect(status().isOk())).get("language").isNull()).isTrue();
        read.put("language", "DE");
        assertThat(json(as(Role.MARKETER, put(id, read)).andExpect(status().isOk())).get("language").asString())
                .isEqualTo("de");
        read.put("language", 5);
        as(Role.MARKETER, put(id, read)).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("language"));
    }

    @Test
    void theLibraryListsThePiecesOfAnyLanguageApartFromThoseInOne() throws Exception {
        String topic = "languages-" + run;
        long english = created(article("In English " + run), topic);
        long german = created(article("Auf Deutsch " + run).put("language", "de"), topic);
        long everyone = created(article("For everyone " + run).putNull("language"), topic);

        assertThat(listed("topic=" + topic)).containsExactly(english, german, everyone);
        assertThat(listed("topic=" + topic + "&language=any")).containsExactly(everyone);
        assertThat(listed("topic=" + topic + "&language=ANY")).containsExactly(everyone);
        assertThat(listed("topic=" + topic + "&language=de")).as("a language lists only the pieces in it")
                .containsExactly(german);
        assertThat(listed("language=any")).contains(everyone).doesNotContain(english, german);

        // "Any" typed as a piece's language would be one no contact reads, and no filter finds.
        as(Role.MARKETER, post(article("Typed any " + run).put("language", "Any"))).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("language"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString(
                        "for a piece of any language leave it empty")));
    }

    private long created(ObjectNode piece, String topic) throws Exception {
        piece.putArray("topics").add(topic);
        return json(as(Role.MARKETER, post(piece)).andExpect(status().isCreated())).get("id").asLong();
    }

    @Test
    void aMarketerCreatesEditsFindsAndRetiresAPiece() throws Exception {
        ObjectNode piece = article("Cooling guide " + run);
        piece.putArray("topics").add("Cooling-" + run).add("HPC");
        piece.putArray("stages").add("NURTURE");
        JsonNode created = json(as(Role.MARKETER, post(piece)).andExpect(status().isCreated()));
        long id = created.get("id").asLong();
        assertThat(created.get("status").asString()).isEqualTo("DRAFT");
        assertThat(created.get("language").asString()).isEqualTo("en");
        assertThat(strings(created.get("topics"))).containsExactly("cooling-" + run, "hpc");
        assertThat(created.get("createdBy").asString()).startsWith("api-key:");

        piece.put("status", "LIVE").put("name", "Cooling guide, 2nd edition " + run);
        as(Role.MARKETER, put(id, piece)).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("LIVE"))
                .andExpect(jsonPath("$.name").value("Cooling guide, 2nd edition " + run));

        long other = json(api.post("/api/v1/content", article("Other " + run).put("type", "CASE_STUDY")
                .put("language", "de").toString())).get("id").asLong();
        assertThat(listed("topic=COOLING-" + run)).containsExactly(id);
        assertThat(listed("topic=cooling-" + run + "&status=LIVE&type=ARTICLE&language=en&stage=NURTURE")).containsExactly(id);
        assertThat(listed("topic=cooling-" + run + "&stage=MQL")).isEmpty();
        assertThat(listed("status=DRAFT&type=CASE_STUDY&language=de")).contains(other).doesNotContain(id);
        assertThat(listed("stage=MQL&language=de")).contains(other);

        piece.put("status", "RETIRED");
        as(Role.MARKETER, put(id, piece)).andExpect(jsonPath("$.status").value("RETIRED"));
        assertThat(listed("topic=cooling-" + run + "&status=LIVE")).isEmpty();
        piece.put("status", "LIVE");
        as(Role.MARKETER, put(id, piece)).andExpect(status().isConflict())
                .andExpect(jsonPath("$.allowed[0]").value("DRAFT"));
    }

    @Test
    void aLivePieceCannotBeDeletedUntilItIsRetired() throws Exception {
        ObjectNode piece = article("Live one " + run).put("status", "LIVE");
        long id = json(api.post("/api/v1/content", piece.toString()).andExpect(status().isCreated())).get("id").asLong();

        api.delete("/api/v1/content/" + id).andExpect(status().isConflict())
                .andExpect(jsonPath("$.status").value(409))
                .andExpect(jsonPath("$.currentStatus").value("LIVE"))
                .andExpect(jsonPath("$.detail").value(containsString("retire it first")));
        as(Role.ADMIN, put(id, piece.put("status", "RETIRED"))).andExpect(status().isOk());
        api.delete("/api/v1/content/" + id).andExpect(status().isNoContent());
        api.get("/api/v1/content/" + id).andExpect(status().isNotFound());
    }

    @Test
    void aRetiredPieceAProgramOrTriggerStillSendsIsNotDeletedAndTheRefusalNamesThem() throws Exception {
        ObjectNode piece = article("Named " + run).put("status", "LIVE");
        long id = json(api.post("/api/v1/content", piece.toString()).andExpect(status().isCreated())).get("id").asLong();
        long program = json(api.post("/api/v1/programs", """
                {"name": "names it %s", "kind": "SEQUENCE", "steps": [{"type": "send", "contentId": %d, "channel": "EMAIL"}]}"""
                .formatted(run, id)).andExpect(status().isCreated())).get("id").asLong();
        long trigger = json(api.post("/api/v1/triggers", """
                {"name": "sends it %s", "when": {"type": "tagAdded", "tag": "named-%s"},
                 "actions": [{"type": "sendContent", "programId": %d, "contentId": %d}]}""".formatted(run, run, program, id))
                .andExpect(status().isCreated())).get("id").asLong();
        as(Role.ADMIN, put(id, piece.put("status", "RETIRED"))).andExpect(status().isOk());

        api.delete("/api/v1/content/" + id).andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("program 'names it " + run + "'")))
                .andExpect(jsonPath("$.detail").value(containsString("trigger 'sends it " + run + "'")));

        api.delete("/api/v1/triggers/" + trigger).andExpect(status().isNoContent());
        api.post("/api/v1/programs/" + program + "/archive", "").andExpect(status().isOk());
        api.delete("/api/v1/content/" + id).andExpect(status().isNoContent());
    }

    @Test
    void aLivePieceNeedsSomethingToSend() throws Exception {
        api.post("/api/v1/content", """
                {"name": "empty %s", "type": "ARTICLE", "status": "LIVE"}""".formatted(run))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("variants"));
    }

    @Test
    void aLiveOfferSendsOnlyALivePieceAndThatPieceStaysLiveUntilTheOfferChanges() throws Exception {
        ObjectNode delivery = article("Guide delivery " + run);
        long deliveryId = json(api.post("/api/v1/content", delivery.toString()).andExpect(status().isCreated()))
                .get("id").asLong();
        ObjectNode paper = article("White paper " + run).put("status", "LIVE");
        paper.putObject("offer").put("key", "send-guide").put("label", "Send me the guide").put("sends", deliveryId);

        // Live, the offer would send a draft: a prospect pressing it would get nothing.
        api.post("/api/v1/content", paper.toString()).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("offer.sends"))
                .andExpect(jsonPath("$.errors[0].message").value(allOf(containsString("'Guide delivery " + run
                        + "', which is a draft"), containsString("would get nothing"))));

        as(Role.ADMIN, put(deliveryId, delivery.put("status", "LIVE"))).andExpect(status().isOk());
        long paperId = json(api.post("/api/v1/content", paper.toString()).andExpect(status().isCreated()))
                .get("id").asLong();

        // The piece the live offer sends cannot leave live while the offer sends it.
        as(Role.ADMIN, put(deliveryId, delivery.put("status", "DRAFT"))).andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(allOf(containsString("'White paper " + run + "' sends it"),
                        containsString("Point that offer at another piece"))));
        as(Role.ADMIN, put(deliveryId, delivery.put("status", "RETIRED"))).andExpect(status().isConflict());
        assertThat(json(api.get("/api/v1/content/" + deliveryId)).get("status").asString()).isEqualTo("LIVE");

        // Once the offering piece is out of live, its delivery may go too.
        as(Role.ADMIN, put(paperId, paper.put("status", "RETIRED"))).andExpect(status().isOk());
        as(Role.ADMIN, put(deliveryId, delivery.put("status", "RETIRED"))).andExpect(status().isOk());
    }

    @Test
    void thePreviewGreetsAContactByNameOrWithTheFallbackButNeverWithABlank() throws Exception {
        long id = json(api.post("/api/v1/content", article("Greeting " + run).toString())).get("id").asLong();
        long ada = api.createContact("{\"email\": \"" + uniqueEmail("ada") + "\", \"firstName\": \"Ada\"}");
        long nameless = api.createContact("{\"email\": \"" + uniqueEmail("nameless") + "\"}");

        JsonNode toAda = json(preview(Role.MARKETER, id, ada).andExpect(status().isOk()));
        assertThat(toAda.get("subject").asString()).isEqualTo("Ada, a cooling guide for you");
        assertThat(toAda.get("html").asString()).contains("<p>Dear Ada,</p>");
        assertThat(toAda.get("text").asString()).startsWith("Dear Ada,");

        JsonNode toNobody = json(preview(Role.SALES, id, nameless).andExpect(status().isOk()));
        assertThat(toNobody.get("subject").asString()).isEqualTo("There, a cooling guide for you");
        assertThat(toNobody.get("html").asString()).contains("<p>Dear there,</p>").doesNotContain("Dear ,");
        assertThat(toNobody.get("text").asString()).startsWith("Dear there,");
        assertThat(toNobody.get("script").isNull()).isTrue();
    }

    @Test
    void aGreetingThatTestsForTheNameNeedsNoFallbackAndGreetsANamelessContactWithItsElseBranch() throws Exception {
        ObjectNode piece = article("Conditional greeting " + run);
        piece.putObject("fallbacks");
        ObjectNode email = (ObjectNode) piece.get("variants").get("email");
        email.put("subject", "{% if contact.first_name %}{{ contact.first_name }}, a{% else %}A{% endif %}"
                + " cooling guide");
        email.put("html", "<p>{% if contact.first_name %}Dear {{ contact.first_name }}{% else %}Hello{% endif %},</p>");
        long id = json(api.post("/api/v1/content", piece.toString()).andExpect(status().isCreated()))
                .get("id").asLong();
        piece.put("name", "Conditional greeting with a fallback " + run).putObject("fallbacks")
                .put("contact.first_name", "there");
        long withFallback = json(api.post("/api/v1/content", piece.toString()).andExpect(status().isCreated()))
                .get("id").asLong();
        long ada = api.createContact("{\"email\": \"" + uniqueEmail("ada") + "\", \"firstName\": \"Ada & Bo\"}");
        long nameless = api.createContact("{\"email\": \"" + uniqueEmail("nameless") + "\", \"firstName\": \" \"}");

        for (long each : List.of(id, withFallback)) {
            JsonNode toAda = json(preview(Role.MARKETER, each, ada).andExpect(status().isOk()));
            assertThat(toAda.get("subject").asString()).isEqualTo("Ada & Bo, a cooling guide");
            assertThat(toAda.get("html").asString()).isEqualTo("<p>Dear Ada &amp; Bo,</p>");
            JsonNode toNobody = json(preview(Role.MARKETER, each, nameless).andExpect(status().isOk()));
            assertThat(toNobody.get("subject").asString()).isEqualTo("A cooling guide");
            assertThat(toNobody.get("html").asString()).isEqualTo("<p>Hello,</p>");
            assertThat(toNobody.get("text").asString()).isEqualTo("Hello,");
        }
    }

    @Test
    void aGreetingThatAsksWhetherTheNameIsBlankOrMissingShowsItOnlyInTheBranchWithANameAndNeedsNoFallback()
            throws Exception {
        ObjectNode piece = article("Greeting unless blank " + run);
        piece.putObject("fallbacks");
        ObjectNode email = (ObjectNode) piece.get("variants").get("email");
        email.put("subject", "{% unless contact.first_name %}A{% else %}{{ contact.first_name }}, a{% endunless %}"
                + " cooling guide");
        email.put("html", "<p>{% if contact.first_name == blank %}Hello{% else %}Dear {{ contact.first_name }}{% endif %},"
                + "</p>");
        email.put("text", "{% case contact.first_name %}{% when blank %}Hello{% else %}Dear {{ contact.first_name }}"
                + "{% endcase %},");
        long id = json(api.post("/api/v1/content", piece.toString()).andExpect(status().isCreated()))
                .get("id").asLong();
        long ada = api.createContact("{\"email\": \"" + uniqueEmail("ada") + "\", \"firstName\": \"Ada\"}");
        long nameless = api.createContact("{\"email\": \"" + uniqueEmail("nameless") + "\", \"firstName\": \" \"}");

        JsonNode toAda = json(preview(Role.MARKETER, id, ada).andExpect(status().isOk()));
        assertThat(List.of(toAda.get("subject").asString(), toAda.get("html").asString(), toAda.get("text").asString()))
                .containsExactly("Ada, a cooling guide", "<p>Dear Ada,</p>", "Dear Ada,");
        JsonNode toNobody = json(preview(Role.MARKETER, id, nameless).andExpect(status().isOk()));
        assertThat(List.of(toNobody.get("subject").asString(), toNobody.get("html").asString(),
                toNobody.get("text").asString())).containsExactly("A cooling guide", "<p>Hello,</p>", "Hello,");
    }

    @Test
    void contactDataIsEscapedInTheHtmlButKeptAsWrittenInTheTextAndSubject() throws Exception {
        long id = json(api.post("/api/v1/content", article("Escaping " + run).toString())).get("id").asLong();
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("tricky") + "\", \"firstName\":"
                + " \"<script>alert(1)</script> & Co\"}");

        JsonNode rendered = json(preview(Role.MARKETER, id, contact));
        assertThat(rendered.get("html").asString()).contains("Dear &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co,")
                .doesNotContain("<script");
        assertThat(rendered.get("text").asString()).startsWith("Dear <script>alert(1)</script> & Co,");
        assertThat(rendered.get("subject").asString()).startsWith("<script>alert(1)</script> &").endsWith(", a cooling guide for you");
    }

    @Test
    void filtersSeeContactDataAsWrittenAndTheHtmlStillGetsItEscaped() throws Exception {
        ObjectNode piece = article("Filtered " + run);
        ((ObjectNode) piece.get("fallbacks")).put("company.name", "your team");
        ObjectNode email = (ObjectNode) piece.get("variants").get("email");
        email.put("subject", "For {{ company.name | truncate: 10 }}");
        email.put("html", "<p>Dear {{ contact.first_name | upcase }} at {{ company.name | truncate: 10 }}</p>"
                + "<p><a href=\"https://example.com/signup?company={{ company.name | url_encode }}\">Sign up</a></p>"
                + "<p>{{ company.name | size }} letters, {{ company.name | escape }}</p>");
        email.put("text", "Dear {{ contact.first_name | upcase }} at {{ company.name | truncate: 10 }}"
                + " https://example.com/signup?company={{ company.name | url_encode }}");
        long id = json(api.post("/api/v1/content", piece.toString()).andExpect(status().isCreated())).get("id").asLong();
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("obrien") + "\", \"firstName\":"
                + " \"<script>alert(1)</script>\", \"company\": {\"name\": \"O'Brien & Sons\"}}");

        JsonNode rendered = json(preview(Role.MARKETER, id, contact).andExpect(status().isOk()));
        assertThat(rendered.get("subject").asString()).isEqualTo("For O'Brien...");
        assertThat(rendered.get("html").asString())
                .contains("Dear &lt;SCRIPT&gt;ALERT(1)&lt;/SCRIPT&gt; at O'Brien...</p>",
                        "href=\"https://example.com/signup?company=O%27Brien+%26+Sons\"",
                        "<p>14 letters, O'Brien &amp; Sons</p>")
                .doesNotContain("<script", "<SCRIPT", "&amp;#39;", "&amp;amp;");
        assertThat(rendered.get("text").asString()).isEqualTo("Dear <SCRIPT>ALERT(1)</SCRIPT> at O'Brien..."
                + " https://example.com/signup?company=O%27Brien+%26+Sons");
    }

    @Test
    void savingTheHtmlRemovesScriptsHandlersAndJavascriptLinksButKeepsLiquidLinksAndSaysWhatWent() throws Exception {
        ObjectNode piece = article("Sanitised " + run);
        ((ObjectNode) piece.get("variants").get("email")).put("html", """
                <p onclick="steal()">Dear {{ contact.first_name }},</p><script>alert(1)</script>
                <style>p {color: red}</style><iframe src="https://evil.example"></iframe>
                <p><a href="javascript:alert(1)">Bad</a> <a href="{{ content.landing_url }}">Read the guide</a>
                <img src="data:image/png;base64,AAAA" alt="x"> <img src="https://cdn.example.com/a.png" alt="Chart"></p>
                <div style="color: navy; position: fixed; width: expression(alert(1));
                 background-image: url(http://evil.example/x.png)">Styled</div>""");
        JsonNode created = json(api.post("/api/v1/content", piece.toString()).andExpect(status().isCreated()));
        String html = created.at("/variants/email/html").asString();

        assertThat(html).doesNotContain("<script", "onclick", "javascript:", "<style", "<iframe", "data:", "position",
                        "expression", "evil.example")
                .contains("<a href=\"{{ content.landing_url }}\">Read the guide</a>",
                        "<img src=\"https://cdn.example.com/a.png\" alt=\"Chart\">", "Dear {{ contact.first_name }},",
                        "<div style=\"color: navy\">Styled</div>");
        assertThat(strings(created.get("warnings"))).containsExactly("removed onclick attribute on <p> (1)",
                "removed <script> (1)",
                "removed <style> and its rules: email keeps only the styles written on each element (style=\"…\");"
                        + " export from your email builder with its CSS inlined (1)",
                "removed <iframe> (1)",
                "removed href attribute on <a> (a javascript: address) (1)",
                "removed src attribute on <img> (a data: address) (1)", "removed CSS position from a style (1)",
                "removed CSS width from a style: it could run script (1)",
                "removed CSS background-image from a style: url() is kept only as an https background image (1)",
                "subject: a contact without contact.first_name reads its fallback \"there\" in the subject too:"
                        + " \"There, a cooling guide for you\". A subject without it, or a fallback that reads well in"
                        + " both, avoids that");

        long contact = api.createContact("{\"email\": \"" + uniqueEmail("reader") + "\", \"firstName\": \"Ben\"}");
        long id = created.get("id").asLong();
        assertThat(json(preview(Role.MARKETER, id, contact)).get("html").asString())
                .contains("<a href=\"http://localhost:8080/ui/content/" + id + "/landing?contact=" + contact
                        + "\">Read the guide</a>");
        as(Role.MARKETER, put(id, piece)).andExpect(status().isOk())
                .andExpect(jsonPath("$.warnings[0]").value("removed onclick attribute on <p> (1)"));
        as(Role.MARKETER, MockMvcRequestBuilders.get("/api/v1/content/" + id)).andExpect(jsonPath("$.warnings").doesNotExist());
    }

    @Test
    void anInlineStyledNewsletterKeepsItsStylingAndItsLiquidColourThroughSaveAndPreviewWithNothingReported()
            throws Exception {
        ObjectNode piece = article("Newsletter " + run);
        ((ObjectNode) piece.get("fallbacks")).put("company.name", "#333333");
        ((ObjectNode) piece.get("variants").get("email")).put("html", "<table width=\"600\" cellpadding=\"0\""
                + " cellspacing=\"0\" border=\"0\" bgcolor=\"#ffffff\" align=\"center\" style=\"border-collapse:collapse\">"
                + "<tr><td valign=\"top\" style=\"padding:16px 24px;font-family:Georgia, serif;font-size:18px;"
                + "color:{{ company.name | default: '#333' }};border:1px solid #cccccc\">Dear {{ contact.first_name }},"
                + "</td></tr></table><hr size=\"1\" color=\"#cccccc\" noshade>");
        JsonNode created = json(api.post("/api/v1/content", piece.toString()).andExpect(status().isCreated()));
        String styled = "<td valign=\"top\" style=\"padding: 16px 24px; font-family: Georgia, serif; font-size: 18px;"
                + " color: {{ company.name | default: '#333' }}; border: 1px solid #cccccc\">";

        assertThat(created.at("/variants/email/html").asString()).contains("<table width=\"600\" cellpadding=\"0\""
                + " cellspacing=\"0\" border=\"0\" bgcolor=\"#ffffff\" align=\"center\" style=\"border-collapse: collapse\">",
                styled, "<hr size=\"1\" color=\"#cccccc\" noshade>");
        assertThat(strings(created.get("warnings"))).as("nothing removed; the subject's fallback is told of")
                .allMatch(w -> w.startsWith("subject: "));

        long contact = api.createContact("{\"email\": \"" + uniqueEmail("styled") + "\", \"firstName\": \"Ben\","
                + " \"company\": {\"name\": \"teal\"}}");
        assertThat(json(preview(Role.MARKETER, created.get("id").asLong(), contact)).get("html").asString())
                .contains(styled.replace("{{ company.name | default: '#333' }}", "teal"),
                        "Dear Ben,");
    }

    @Test
    void liquidOnALandingPageIsRefusedOnSaveForTheVisitorWouldSeeItAsTyped() throws Exception {
        ObjectNode piece = article("Landing liquid " + run);
        piece.putObject("landing").put("title", "Your checklist")
                .put("html", "<p>Hi {{ contact.first_name }}, your checklist for {{company.name}} is ready.</p>");

        api.post("/api/v1/content", piece.toString()).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(1))
                .andExpect(jsonPath("$.errors[0].field").value("landing.html"))
                .andExpect(jsonPath("$.errors[0].message").value(allOf(
                        containsString("'{{ contact.first_name }}' would reach the visitor as typed"),
                        containsString("greets the visitor by first name itself"))));
        piece.putObject("landing").put("title", "Your checklist").put("html", "<p>Your checklist is ready.</p>");
        api.post("/api/v1/content", piece.toString()).andExpect(status().isCreated());
    }

    @Test
    void aTemplateThatWouldRenderHundredsOfMegabytesIsRefusedOnSaveNamingTheLimit() throws Exception {
        ObjectNode piece = article("Bomb " + run);
        ((ObjectNode) piece.get("variants").get("email")).put("text", "{% assign s = '0123456789' %}"
                + "{% for i in (1..25) %}{% assign s = s | append: s %}{% endfor %}{{ s | truncate: 20 }}");
        api.post("/api/v1/content", piece.toString()).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("variants.email.text"))
                .andExpect(jsonPath("$.errors[0].message").value(allOf(containsString("cannot be rendered"),
                        containsString("more than 2,000,000 characters"))));
    }

    @Test
    void aPieceThatGrowsTooLargeForOneContactIsRefusedAtPreviewNamingTheLimit() throws Exception {
        ObjectNode piece = article("Grows " + run);
        ((ObjectNode) piece.get("variants").get("email")).put("text", "{% for i in (1..10000) %}"
                + "{{ contact.first_name }}{{ contact.first_name }}{{ contact.first_name }}{% endfor %}");
        long id = json(api.post("/api/v1/content", piece.toString()).andExpect(status().isCreated())).get("id").asLong();
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("long") + "\", \"firstName\": \""
                + "n".repeat(100) + "\"}");

        preview(Role.MARKETER, id, contact).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("variants.email.text"))
                .andExpect(jsonPath("$.errors[0].message").value(allOf(containsString("for this contact"),
                        containsString("more than 2,000,000 characters"))));
    }

    @Test
    void aTextPartIsDerivedFromTheHtmlWhenNoneIsGiven() throws Exception {
        ObjectNode piece = article("Derived " + run);
        ((ObjectNode) piece.get("variants").get("email")).put("html", "<h1>Cooling in 2026</h1><p>Dear"
                + " {{ contact.first_name }},<br>three ideas:</p><ul><li>Air</li><li>Liquid</li></ul>"
                + "<p><a href=\"{{ content.landing_url }}\">Read the guide</a></p>");
        JsonNode created = json(api.post("/api/v1/content", piece.toString()));
        assertThat(created.at("/variants/email/textDerived").asBoolean()).isTrue();
        assertThat(created.at("/variants/email/text").asString()).isEqualTo("""
                Cooling in 2026

                Dear {{ contact.first_name }},
                three ideas:

                - Air
                - Liquid

                Read the guide ({{ content.landing_url }})""");

        long contact = api.createContact("{\"email\": \"" + uniqueEmail("texty") + "\", \"firstName\": \"Cy\"}");
        long id = created.get("id").asLong();
        assertThat(json(preview(Role.MARKETER, id, contact)).get("text").asString())
                .contains("Dear Cy,", "Read the guide (http://localhost:8080/ui/content/" + id + "/landing?contact=" + contact + ")");

        ObjectNode withText = article("Given text " + run);
        ((ObjectNode) withText.get("variants").get("email")).put("text", "Plain: hi {{ contact.first_name }}");
        JsonNode given = json(api.post("/api/v1/content", withText.toString()));
        assertThat(given.at("/variants/email/textDerived").asBoolean()).isFalse();
        assertThat(given.at("/variants/email/text").asString()).isEqualTo("Plain: hi {{ contact.first_name }}");
    }

    @Test
    void editingTheHtmlUnderAHandWrittenTextPartWarnsThatTheTextStillHasTheOldWords() throws Exception {
        ObjectNode piece = article("Hand text " + run);
        ObjectNode email = (ObjectNode) piece.get("variants").get("email");
        email.put("text", "Raised floors are the answer.");
        long id = json(api.post("/api/v1/content", piece.toString()).andExpect(status().isCreated())).get("id").asLong();

        email.put("html", "<p>UPDATED: raised floors are not the answer.</p>");
        JsonNode saved = json(as(Role.ADMIN, put(id, piece)).andExpect(status().isOk()));

        assertThat(strings(saved.get("warnings"))).contains(ContentLibrary.TEXT_LEFT_BEHIND);
        assertThat(ContentLibrary.TEXT_LEFT_BEHIND).contains("reads the old words");

        // The text changed with it, or made from the HTML: nothing to warn of.
        email.put("html", "<p>UPDATED twice.</p>").put("text", "Updated twice.");
        assertThat(strings(json(as(Role.ADMIN, put(id, piece)).andExpect(status().isOk())).get("warnings")))
                .doesNotContain(ContentLibrary.TEXT_LEFT_BEHIND);
        email.remove("text");
        email.put("html", "<p>UPDATED thrice.</p>");
        assertThat(strings(json(as(Role.ADMIN, put(id, piece)).andExpect(status().isOk())).get("warnings")))
                .doesNotContain(ContentLibrary.TEXT_LEFT_BEHIND);
    }

    @Test
    void aLiquidSyntaxErrorIsRefusedNamingTheFieldWhereItIsAndWhatIsWrongInPlainWords() throws Exception {
        ObjectNode piece = article("Broken " + run);
        ObjectNode email = (ObjectNode) piece.get("variants").get("email");
        email.put("subject", "{% if contact.first_name %}Hi {{ contact.first_name }}");
        email.put("html", "<p>Dear\n{{ contact.first_name </p>");
        email.put("text", "{% iff contact.first_name %}Hi{% endif %}");
        api.post("/api/v1/content", piece.toString())
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("variants.email.subject"))
                .andExpect(jsonPath("$.errors[0].message").value("is not valid Liquid: a '{% if %}' is never closed with"
                        + " '{% endif %}' (line 1, column 1)"))
                .andExpect(jsonPath("$.errors[1].field").value("variants.email.text"))
                .andExpect(jsonPath("$.errors[1].message").value("is not valid Liquid: unknown tag 'iff'; did you mean"
                        + " 'if'? (line 1, column 1)"))
                .andExpect(jsonPath("$.errors[2].field").value("variants.email.html"))
                .andExpect(jsonPath("$.errors[2].message").value("is not valid Liquid: '{{' is never closed with '}}'"
                        + " (line 2, column 1)"))
                .andExpect(jsonPath("$.detail").value(allOf(not(containsString("mismatched")),
                        not(containsString("viable")), not(containsString("<EOF>")))));
    }

    @Test
    void aContactVariableWithoutAFallbackIsRefusedNamingTheVariable() throws Exception {
        ObjectNode piece = article("No fallback " + run);
        piece.putObject("fallbacks");
        ((ObjectNode) piece.get("variants").get("email")).put("text", "Hi {{ contact.first_name }} from {{ owner.name }}");
        JsonNode problem = json(api.post("/api/v1/content", piece.toString()).andExpect(status().isBadRequest()));
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(e -> fields.add(e.get("field").asString() + ": " + e.get("message").asString()));
        assertThat(fields).anyMatch(f -> f.startsWith("variants.email.subject: 'contact.first_name' has no fallback")
                && f.contains("(line 1, column 4)"));
        assertThat(fields).anyMatch(f -> f.startsWith("variants.email.text: 'owner.name' has no fallback"));

        ObjectNode afterEmoji = article("Emoji " + run);
        ((ObjectNode) afterEmoji.get("variants").get("email")).put("html", "<p>🌊🌊</p>\n<p>🌊 Hi {{ contact.frist_name }}</p>");
        api.post("/api/v1/content", afterEmoji.toString()).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(allOf(containsString("'contact.frist_name' is not"),
                        containsString("(line 2, column 12)"))));

        ObjectNode typo = article("Typo " + run);
        ((ObjectNode) typo.get("variants").get("email")).put("subject", "Hi {{ contact.frist_name }}");
        api.post("/api/v1/content", typo.toString()).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(containsString("'contact.frist_name' is not a variable")));

        ObjectNode liquid = article("Liquid fallback " + run);
        liquid.putObject("fallbacks").put("contact.first_name", "{{ company.name }}");
        api.post("/api/v1/content", liquid.toString()).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("fallbacks.contact.first_name"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("not as Liquid")));
    }

    @Test
    void aServiceReminderNamesTheContractExpiryInWordsAndACustomAttributeWithItsFallbackWhenTheContactHasNone()
            throws Exception {
        String colour = "colour_" + run;
        api.post("/api/v1/attributes", "{\"key\": \"%1$s\", \"label\": \"Colour %1$s\", \"type\": \"TEXT\"}"
                .formatted(colour)).andExpect(status().isCreated());
        ObjectNode piece = article("Service reminder " + run);
        piece.putObject("fallbacks").put("contact.first_name", "there").put("contact.contract_expiry", "soon")
                .put("contact." + colour, "any colour");
        ObjectNode email = (ObjectNode) piece.get("variants").get("email");
        email.put("subject", "Your contract ends {{ contact.contract_expiry }}");
        email.put("html", "<p>Dear {{ contact.first_name }}, your lease runs to {{ contact.contract_expiry }}; a unit"
                + " in {{ contact.%s }} is ready.</p>".formatted(colour));
        long id = json(api.post("/api/v1/content", piece.toString()).andExpect(status().isCreated())).get("id").asLong();
        long ada = api.createContact("{\"email\": \"%s\", \"firstName\": \"Ada\", \"attributes\": {\"contract_expiry\":"
                .formatted(uniqueEmail("ada")) + " \"2027-03-04\", \"%s\": \"teal & white\"}}".formatted(colour));
        long nameless = api.createContact("{\"email\": \"" + uniqueEmail("nameless") + "\"}");

        JsonNode toAda = json(preview(Role.MARKETER, id, ada).andExpect(status().isOk()));
        assertThat(toAda.get("subject").asString()).isEqualTo("Your contract ends 4 March 2027");
        assertThat(toAda.get("html").asString())
                .contains("your lease runs to 4 March 2027; a unit in teal &amp; white is ready.");
        JsonNode toNobody = json(preview(Role.MARKETER, id, nameless).andExpect(status().isOk()));
        assertThat(toNobody.get("subject").asString()).isEqualTo("Your contract ends soon");
        assertThat(toNobody.get("html").asString()).contains("your lease runs to soon; a unit in any colour is ready.");

        piece.put("language", "de").put("name", "Service-Erinnerung " + run);
        long german = json(api.post("/api/v1/content", piece.toString()).andExpect(status().isCreated()))
                .get("id").asLong();
        assertThat(json(preview(Role.MARKETER, german, ada)).get("subject").asString())
                .isEqualTo("Your contract ends 4. März 2027");
        api.delete("/api/v1/attributes/" + colour).andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("content 'Service reminder " + run + "'")));

        ObjectNode withoutDefault = article("Reminder without a default " + run);
        ((ObjectNode) withoutDefault.get("variants").get("email")).put("subject", "Ends {{ contact.contract_expiry }}");
        api.post("/api/v1/content", withoutDefault.toString()).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("variants.email.subject"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("'contact.contract_expiry' has no fallback")));
    }

    @Test
    void aVariableThatIsNeitherBuiltInNorACustomAttributeIsRefusedSayingHowToDefineOne() throws Exception {
        ObjectNode piece = article("Favourite colour " + run);
        ((ObjectNode) piece.get("variants").get("email")).put("subject", "In {{ contact.favourite_color_%s }}".formatted(run));
        api.post("/api/v1/content", piece.toString()).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("variants.email.subject"))
                .andExpect(jsonPath("$.errors[0].message").value(allOf(
                        containsString("'contact.favourite_color_" + run + "' is not a variable"),
                        containsString("contact.contract_expiry"), containsString("Custom attributes"))));
        piece.putObject("fallbacks").put("contact.favourite_color_" + run, "blue").put("contact.first_name", "there");
        ((ObjectNode) piece.get("variants").get("email")).put("subject", "Hello");
        api.post("/api/v1/content", piece.toString()).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("fallbacks.contact.favourite_color_" + run));
    }

    @Test
    void anUnknownSegmentIsRefused() throws Exception {
        ObjectNode piece = article("Segmented " + run);
        piece.putArray("segmentIds").add(999_999_999L);
        api.post("/api/v1/content", piece.toString()).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("segmentIds[0]"))
                .andExpect(jsonPath("$.errors[0].message").value("Segment 999999999 does not exist"));

        long segment = json(api.post("/api/v1/segments", "{\"name\": \"readers " + run + "\", \"text\": \"score >= 10\"}"))
                .get("id").asLong();
        piece.putArray("segmentIds").add(segment);
        api.post("/api/v1/content", piece.toString()).andExpect(status().isCreated())
                .andExpect(jsonPath("$.segmentIds[0]").value(segment));
    }

    @Test
    void aRepReadsAndPreviewsACallScriptButCannotWriteContent() throws Exception {
        ObjectNode piece = JsonMapper.shared().createObjectNode().put("name", "Check-in call " + run)
                .put("type", "CALL_SCRIPT").put("status", "LIVE");
        piece.putObject("fallbacks").put("contact.first_name", "there").put("owner.name", "your Keepwarm contact");
        piece.putObject("variants").putObject("phone").put("script", "Hello {{ contact.first_name }}, this is"
                + " {{ owner.name }}. Is now a good time to talk about cooling?");
        long id = json(api.post("/api/v1/content", piece.toString()).andExpect(status().isCreated())).get("id").asLong();
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("callee") + "\", \"firstName\": \"Dee\"}");

        as(Role.SALES, MockMvcRequestBuilders.get("/api/v1/content/" + id)).andExpect(status().isOk());
        preview(Role.SALES, id, contact).andExpect(status().isOk())
                .andExpect(jsonPath("$.script").value("Hello Dee, this is your Keepwarm contact. Is now a good time to"
                        + " talk about cooling?"))
                .andExpect(jsonPath("$.subject").doesNotExist());
        as(Role.SALES, put(id, piece)).andExpect(status().isForbidden());
    }

    @Test
    void aSubjectThatShowsTheNamesFallbackIsSavedWithAWarningThatSaysWhatAContactWithoutANameReads() throws Exception {
        ObjectNode piece = article("Subject fallback " + run);
        ((ObjectNode) piece.get("variants").get("email")).put("subject", "A cooling guide for {{ contact.first_name }}");

        JsonNode created = json(api.post("/api/v1/content", piece.toString()).andExpect(status().isCreated()));
        ((ObjectNode) piece.get("variants").get("email")).put("subject", "A cooling guide");
        JsonNode replaced = json(as(Role.MARKETER, put(created.get("id").asLong(), piece)).andExpect(status().isOk()));

        assertThat(strings(created.get("warnings"))).as("a warning, and the piece saved").containsExactly(
                "subject: a contact without contact.first_name reads its fallback \"there\" in the subject too:"
                        + " \"A cooling guide for there\". A subject without it, or a fallback that reads well in"
                        + " both, avoids that");
        assertThat(created.at("/variants/email/subject").asString()).isEqualTo("A cooling guide for {{ contact.first_name }}");
        assertThat(replaced.get("warnings")).as("the body's fallback alone is no matter").isEmpty();
    }

    @Test
    void theApiPreviewWarnsOfTheSubjectsFallbackAsTheEditorsPreviewDoes() throws Exception {
        long id = json(api.post("/api/v1/content", article("Previewed warning " + run).toString())
                .andExpect(status().isCreated())).get("id").asLong();
        long ada = api.createContact("{\"email\": \"" + uniqueEmail("ada") + "\", \"firstName\": \"Ada\"}");

        JsonNode previewed = json(preview(Role.SALES, id, ada).andExpect(status().isOk()));

        assertThat(previewed.get("subject").asString()).isEqualTo("Ada, a cooling guide for you");
        assertThat(strings(previewed.get("warnings"))).as("said whatever the contact previewed has").containsExactly(
                "subject: a contact without contact.first_name reads its fallback \"there\" in the subject too:"
                        + " \"There, a cooling guide for you\". A subject without it, or a fallback that reads well in"
                        + " both, avoids that");
    }

    @Test
    void aSubjectWhoseNameHasItsOwnDefaultIsSavedAndPreviewedWithoutAWarning() throws Exception {
        ObjectNode piece = article("Own default " + run);
        ((ObjectNode) piece.get("variants").get("email")).put("subject",
                "{{ contact.first_name | default: \"Friend\" }}, a cooling guide for you");
        JsonNode created = json(api.post("/api/v1/content", piece.toString()).andExpect(status().isCreated()));
        long nameless = api.createContact("{\"email\": \"" + uniqueEmail("nameless") + "\"}");

        JsonNode previewed = json(preview(Role.MARKETER, created.get("id").asLong(), nameless)
                .andExpect(status().isOk()));

        assertThat(previewed.get("subject").asString()).isEqualTo("Friend, a cooling guide for you");
        assertThat(created.get("warnings")).isEmpty();
        assertThat(previewed.get("warnings")).isEmpty();
    }

    /** An article with an email whose subject and body greet the contact, with a fallback for a missing name. */
    private ObjectNode article(String name) {
        ObjectNode piece = JsonMapper.shared().createObjectNode().put("name", name).put("type", "ARTICLE")
                .put("landingUrl", "https://example.com/guides/cooling");
        piece.putObject("fallbacks").put("contact.first_name", "there");
        ObjectNode email = piece.putObject("variants").putObject("email");
        email.put("subject", "{{ contact.first_name | capitalize }}, a cooling guide for you");
        email.put("html", "<p>Dear {{ contact.first_name }},</p><p>Our guide: <a href=\"{{ content.landing_url }}\">read"
                + " it</a></p>");
        return piece;
    }

    private static MockHttpServletRequestBuilder post(ObjectNode piece) {
        return MockMvcRequestBuilders.post("/api/v1/content").contentType(MediaType.APPLICATION_JSON).content(piece.toString());
    }

    private static MockHttpServletRequestBuilder put(long id, ObjectNode piece) {
        return MockMvcRequestBuilders.put("/api/v1/content/" + id).contentType(MediaType.APPLICATION_JSON)
                .content(piece.toString());
    }

    private ResultActions as(Role role, MockHttpServletRequestBuilder request) throws Exception {
        return api.as(role, request);
    }

    private ResultActions preview(Role role, long id, long contact) throws Exception {
        return api.as(role, MockMvcRequestBuilders.post("/api/v1/content/" + id + "/preview?contact=" + contact));
    }

    private List<Long> listed(String query) throws Exception {
        List<Long> ids = new ArrayList<>();
        json(api.as(Role.SALES, MockMvcRequestBuilders.get("/api/v1/content?limit=500&" + query)).andExpect(status().isOk()))
                .get("items").forEach(item -> ids.add(item.get("id").asLong()));
        return ids;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }
}
