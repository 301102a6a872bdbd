package io.keepwarm.platform;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;

/** Every kind of bad request gets a problem document that says what to change. */
@KeepwarmTest
class BadInputTest {

    @Autowired
    Api api;

    @Test
    void aMalformedIdOrAnUnknownOneIsAProblemNotAnError() throws Exception {
        api.as(Role.ADMIN, get("/api/v1/contacts/abc"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        api.as(Role.ADMIN, get("/api/v1/contacts/123456789"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("Contact 123456789 does not exist"));
        api.as(Role.ADMIN, get("/api/v1/imports/123456789")).andExpect(status().isNotFound());
    }

    @Test
    void theWrongMediaTypeOrAMissingFileIsAProblem() throws Exception {
        api.as(Role.ADMIN, post("/api/v1/contacts").contentType(MediaType.TEXT_PLAIN).content("email=a@b.c"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        api.as(Role.ADMIN, multipart("/api/v1/imports").param("source", "IMPORT"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("file"))
                .andExpect(jsonPath("$.errors[0].message").value(
                        "is required: send it as the multipart/form-data part named 'file'"));
        api.as(Role.ADMIN, multipart("/api/v1/imports").file(new MockMultipartFile("file", "x.csv", "text/csv", new byte[0])))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("file"));
        api.as(Role.ADMIN, multipart("/api/v1/imports")
                        .file(new MockMultipartFile("file", "x.csv", "text/csv", "email\na@example.com\n".getBytes()))
                        .param("source", "CARRIER_PIGEON"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void aMethodTheAddressDoesNotTakeIsAProblemNamingTheMethodsItTakes() throws Exception {
        api.as(Role.ADMIN, get("/api/v1/contacts/1/readiness"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith(
                        "This address does not take GET; it takes ")))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("PUT")));
    }

    @Test
    void aMethodNoRoleMayUseOnAnAddressIsAMethodNotAllowedNotARoleRefused() throws Exception {
        for (Role role : Role.values()) {
            api.as(role, get("/api/v1/events"))
                    .andExpect(status().isMethodNotAllowed())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.header()
                            .string("Allow", "POST"))
                    .andExpect(jsonPath("$.detail").value("This address does not take GET; it takes POST (see the API"
                            + " reference at /swagger-ui.html)"));
        }
        api.as(Role.MARKETER, post("/api/v1/users").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isForbidden());
    }

    @Test
    void aMissingBodyOrOneThatIsNoObjectSaysSoWithoutNamingOurCode() throws Exception {
        api.as(Role.ADMIN, post("/api/v1/contacts").contentType(MediaType.APPLICATION_JSON))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("The request has no body; send the JSON the API documents for this"
                        + " address"));
        api.post("/api/v1/contacts", "[1, 2]")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("The body must be an object with the fields the API documents"));
        api.post("/api/v1/contacts", "null").andExpect(status().isBadRequest());
    }

    @Test
    void aBodyThatIsJsonNullIsAProblemAtTheBodyNotAFailureOfOurs() throws Exception {
        for (String path : java.util.List.of("/api/v1/content", "/api/v1/programs", "/api/v1/triggers", "/api/v1/users")) {
            api.post(path, "null")
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("body"))
                    .andExpect(jsonPath("$.errors[0].message").value(
                            "must be a JSON object with the fields the API documents, not null"));
        }
        api.as(Role.ADMIN, put("/api/v1/programs/123456789").contentType(MediaType.APPLICATION_JSON).content("null"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void aMistakeInARuleInsideAProgramOrTriggerIsNamedByItsWholePath() throws Exception {
        // "type" last, so Jackson reads the step ahead to find its kind before it reads the rule.
        api.post("/api/v1/programs", """
                {"name": "Nested", "kind": "SEQUENCE", "steps": [{"type": "task", "text": "Call"},
                 {"rule": {"and": [{"field": "stage", "op": "=", "value": "MQL"}, {"field": "score", "op": "~", "value": 1}]},
                  "elseStep": 2, "type": "branch"}]}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("steps[1].rule.and[1].op"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith(
                        "The segment rule is not valid: steps[1].rule.and[1].op '~' is not an operator")));
        api.post("/api/v1/programs", """
                {"name": "Nested goal", "kind": "SEQUENCE", "steps": [{"type": "task", "text": "Call"}],
                 "goal": {"not": {"activity": "replied", "op": "in"}}}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("goal.not.op"));
        api.post("/api/v1/programs", """
                {"name": "Nested goal step", "kind": "SEQUENCE", "steps": [{"type": "goal", "rule": {"field": "stage"}}]}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("steps[0].rule.op"));
        api.post("/api/v1/triggers", """
                {"name": "Nested", "when": {"type": "tagAdded", "tag": "hot"}, "condition": "stage = MQL and score contains 9",
                 "actions": [{"type": "addTag", "tag": "x"}]}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("condition.and[1].op"));
    }

    @Test
    void aStepActionOrWhenOfAKindWeDoNotHaveNamesTheKindsThereAre() throws Exception {
        api.post("/api/v1/programs", """
                {"name": "Typo", "kind": "SEQUENCE", "steps": [{"type": "task", "text": "Call"}, {"type": "sned"}]}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("steps[1].type"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString("one of [send, wait, branch"),
                        org.hamcrest.Matchers.containsString("not 'sned'"))));
        api.post("/api/v1/programs", """
                {"name": "No type", "kind": "SEQUENCE", "steps": [{"text": "Call"}]}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith(
                        "Field 'steps[0].type' is required, one of [send, wait")));
        api.post("/api/v1/triggers", """
                {"name": "Typo", "when": {"type": "tagAded", "tag": "hot"}, "actions": [{"type": "addTag", "tag": "x"}]}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("when.type"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("tagAdded")));
    }

    @Test
    void everyUnreadableValueOfAProgramIsNamedAtItsFieldInOneAnswerAndNothingIsChanged() throws Exception {
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        long program = Api.json(api.post("/api/v1/programs", """
                {"name": "Whole %s", "kind": "SEQUENCE", "steps": [{"type": "task", "text": "Call"}]}""".formatted(run))
                .andExpect(status().isCreated())).get("id").asLong();
        String body = """
                {"name": "Renamed %s", "kind": "SEQUENCE", "priority": "high",
                 "steps": [{"type": "task", "text": "Call"}, {"type": "SNED", "contentId": 1},
                           {"type": "wait", "duration": "three days"}]}""".formatted(run);

        // Jackson stops at "high": the caller fixed it, posted again, and met "SNED", then "three days".
        api.as(Role.ADMIN, put("/api/v1/programs/" + program).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors.length()").value(3))
                .andExpect(jsonPath("$.errors[0].field").value("priority"))
                .andExpect(jsonPath("$.errors[0].message").value("must be a whole number, not 'high'"))
                .andExpect(jsonPath("$.errors[1].field").value("steps[1].type"))
                .andExpect(jsonPath("$.errors[1].message").value(org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.startsWith("must be one of [send, wait, branch"),
                        org.hamcrest.Matchers.endsWith("not 'SNED'"))))
                .andExpect(jsonPath("$.errors[2].field").value("steps[2].duration"))
                .andExpect(jsonPath("$.errors[2].message").value("must be a duration such as PT1H or P14D, not 'three days'"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith(
                        "The body has 3 values that cannot be read: priority must be a whole number, not 'high';")));
        api.get("/api/v1/programs/" + program).andExpect(jsonPath("$.name").value("Whole " + run));
        api.post("/api/v1/programs", body).andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors.length()").value(3));
        // A rule checks itself as it is read, and Jackson cannot read past it: named after what came before it.
        api.post("/api/v1/programs", """
                {"name": "Rule %s", "kind": "SEQUENCE", "priority": "high", "steps": [{"type": "goal", "rule": {"field": "stage"}}]}"""
                        .formatted(run))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(2))
                .andExpect(jsonPath("$.errors[0].field").value("priority"))
                .andExpect(jsonPath("$.errors[1].field").value("steps[0].rule.op"));
    }

    @Test
    void unreadableValuesOfAnyApiComeTogetherInTheShapeOfEveryOtherBadInput() throws Exception {
        api.post("/api/v1/content", """
                {"name": "Unread", "type": "letter", "stages": ["MQL", "warmish"], "segmentIds": [999999998, "two"],
                 "language": "en", "status": "DRAFT", "colour": "blue"}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(5))
                .andExpect(jsonPath("$.errors[0].field").value("type"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.startsWith("must be one of [ARTICLE, WHITE_PAPER"),
                        org.hamcrest.Matchers.endsWith("not 'letter'"))))
                .andExpect(jsonPath("$.errors[1].field").value("stages[1]"))
                .andExpect(jsonPath("$.errors[1].message").value(org.hamcrest.Matchers.endsWith("not 'warmish'")))
                .andExpect(jsonPath("$.errors[2].field").value("segmentIds[1]"))
                .andExpect(jsonPath("$.errors[2].message").value("must be a whole number, not 'two'"))
                .andExpect(jsonPath("$.errors[3].field").value("colour"))
                .andExpect(jsonPath("$.errors[3].message").value(org.hamcrest.Matchers.startsWith(
                        "is unknown; known fields are")))
                // then the piece's own checks of what did read
                .andExpect(jsonPath("$.errors[4].field").value("segmentIds[0]"))
                .andExpect(jsonPath("$.errors[4].message").value("Segment 999999998 does not exist"));
        // a "when" without its kind, an action of a kind there is not, and text where an object belongs
        api.post("/api/v1/triggers", """
                {"name": "Unread", "when": {"tag": "hot"}, "actions": [{"type": "sendd", "tag": "x"}]}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(2))
                .andExpect(jsonPath("$.errors[0].field").value("when.type"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.startsWith("is required, one of [")))
                .andExpect(jsonPath("$.errors[1].field").value("actions[0].type"));
        api.post("/api/v1/contacts", """
                {"email": "%s", "company": "Acme", "favouriteColour": "blue"}""".formatted(Api.uniqueEmail("unread")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(2))
                .andExpect(jsonPath("$.errors[0].field").value("company"))
                .andExpect(jsonPath("$.errors[0].message").value("must be an object with the fields the API documents"))
                .andExpect(jsonPath("$.errors[1].field").value("favouriteColour"));
    }

    @Test
    void aBodyWithValuesThatCannotBeReadAndRulesItBreaksHearsOfThemAllInOneAnswer() throws Exception {
        // The user's own checks ran only once every value read: the caller fixed "KING", then met the rest.
        api.post("/api/v1/users", """
                {"username": "rep-%s", "displayName": " ", "role": "KING", "password": "short", "colour": "blue"}"""
                        .formatted(java.util.UUID.randomUUID().toString().substring(0, 8)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(4))
                .andExpect(jsonPath("$.errors[0].field").value("role"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.startsWith("must be one of ["), org.hamcrest.Matchers.endsWith("not 'KING'"))))
                .andExpect(jsonPath("$.errors[1].field").value("colour"))
                .andExpect(jsonPath("$.errors[2].field").value("displayName"))
                .andExpect(jsonPath("$.errors[2].message").value("is required"))
                .andExpect(jsonPath("$.errors[3].field").value("password"))
                .andExpect(jsonPath("$.errors[3].message").value("must have at least 12 characters"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith(
                        "The body has 2 values that cannot be read and 2 that break a rule: role must be one of [")));
        // A rule inside a nested object is named by its path; the role left unread is not also called missing.
        long contact = api.createContact("{\"email\": \"%s\"}".formatted(Api.uniqueEmail("consent")));
        api.post("/api/v1/contacts/" + contact + "/consents", """
                {"channel": "fax", "state": "GRANTED", "source": "", "evidence": {"ip": "%s"}}""".formatted("1".repeat(46)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.contains(
                        "channel", "evidence.ip", "source")))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith(
                        "The body has 1 value that cannot be read and 2 that break a rule: channel must be one of [")));
        api.get("/api/v1/contacts/" + contact + "/consents").andExpect(jsonPath("$.ledger.length()").value(0));
    }

    @Test
    void aBodyThatIsNotJsonIsOneErrorSayingTheLineAndColumnWhereItBreaks() throws Exception {
        api.post("/api/v1/programs", """
                {"name": "Broken", "priority": "high",
                 "kind": "SEQUENCE",, "steps": []}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").value("Unreadable request body"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith(
                        "The body is not valid JSON at line 2, column 21: Unexpected character (',' (code 44))")))
                .andExpect(jsonPath("$.line").value(2))
                .andExpect(jsonPath("$.column").value(21))
                .andExpect(jsonPath("$.errors").doesNotExist());
    }

    @Test
    void aBodyCutShortSaysWhereItEndsWithoutTheParsersOwnSettings() throws Exception {
        api.post("/api/v1/segments", "{\"name\": \"Cut\", \"text\": \"tag = 'a'\"")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("The body is not valid JSON at line 1, column 36: Unexpected"
                        + " end-of-input: expected close marker for Object"))
                .andExpect(jsonPath("$.line").value(1));
    }

    @Test
    void anUnknownFieldHoldingAListOrAnObjectIsNamedAsItIsWritten() throws Exception {
        api.post("/api/v1/segments", "{\"name\": \"Extra\", \"text\": \"stage = NURTURE\", \"extra\": [1, 2],"
                        + " \"other\": {\"a\": 1}}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder("extra", "other")));
        api.post("/api/v1/programs", """
                {"name": "Extra step", "kind": "SEQUENCE",
                 "steps": [{"type": "task", "text": "Call"}, {"type": "task", "text": "Call", "foo": {"a": 1}}]}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("steps[1].foo"));
    }

    @Test
    void aNulCharacterInAQueryParameterIsRefusedNamingTheParameterEvenOnARead() throws Exception {
        for (String parameter : new String[] {"q", "tag"}) {
            api.as(Role.MARKETER, get("/api/v1/contacts").param(parameter, "a\u0000b"))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.errors[0].field").value(parameter))
                    .andExpect(jsonPath("$.errors[0].message").value("must not contain the NUL character (\\u0000)"))
                    .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(
                            "Parameter '" + parameter + "' must not contain the NUL character")));
        }
    }

    @Test
    void aNulCharacterInAPagesSearchIsABadRequestPageNamingTheField() throws Exception {
        String page = api.mvc().perform(get("/ui/contacts").param("q", "a\u0000b")
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                                .user(api.sessionUser(Role.MARKETER)).roles("MARKETER")))
                .andExpect(status().isBadRequest())
                .andReturn().getResponse().getContentAsString();
        org.assertj.core.api.Assertions.assertThat(org.jsoup.Jsoup.parse(page).text())
                .contains("'q' must not contain the NUL character");
    }

    @Test
    void aNulCharacterInAnyTextOfABodyIsRefusedAtItsFieldWithTheBodysOtherMistakes() throws Exception {
        api.post("/api/v1/lists", """
                {"name": "a\\u0000b", "description": "fine"}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("name"))
                .andExpect(jsonPath("$.errors[0].message").value("must not contain the NUL character (\\u0000)"));
        api.post("/api/v1/segments/preview", """
                {"text": "city = \\"a\\u0000b\\""}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("text"));
        api.post("/api/v1/scoring/rules", """
                {"name": "x\\u0000", "activity": "PAGE_VIEW", "points": 5, "capCount": "many"}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder("name",
                        "capCount")));
    }

    @Test
    void aNulCharacterInAMembersNameOrAFreeFormValueIsRefusedAtItsPlaceWhateverTheBodyIsReadInto() throws Exception {
        String nul = "must not contain the NUL character (\\u0000)";
        // a map's key in a body read as its type
        api.post("/api/v1/content", """
                {"name": "nul key", "type": "ARTICLE", "fallbacks": {"contact.first\\u0000name": "there"}}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'fallbacks.contact.first?name')].message").value(nul));
        // a body a controller takes as a tree: a contact's email (looked up before anything else) and attributes
        api.post("/api/v1/contacts", """
                {"email": "nul\\u0000@example.com"}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("email"))
                .andExpect(jsonPath("$.errors[0].message").value(nul));
        api.post("/api/v1/contacts", """
                {"email": "%s", "attributes": {"pl\\u0000an": "gold", "tier": "a\\u0000"}}"""
                        .formatted(Api.uniqueEmail("nul-attributes")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder("attributes.pl?an",
                        "attributes.tier")));
        // a merge patch, read by hand
        long contact = api.createContact("{\"email\": \"" + Api.uniqueEmail("nul-patch") + "\", \"firstName\": \"Anna\"}");
        api.patch("/api/v1/contacts/" + contact, """
                {"firstName": "An\\u0000na"}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("firstName"))
                .andExpect(jsonPath("$.errors[0].message").value(nul));
        api.get("/api/v1/contacts/" + contact).andExpect(jsonPath("$.firstName").value("Anna"));
        // a segment's rule as JSON
        api.post("/api/v1/segments", """
                {"name": "nul rule", "rule": {"field": "city", "op": "=", "value": "a\\u0000b"}}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'rule.value')].message").value(nul));
    }

    @Test
    void aNulCharacterInAnAddressIsA400ProblemSayingSoBeforeAnyHandlerReadsIt() throws Exception {
        long contact = api.createContact("{\"email\": \"" + Api.uniqueEmail("nul-path") + "\"}");

        api.as(Role.ADMIN, put(java.net.URI.create("/api/v1/contacts/" + contact + "/tags/a%00b")))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("\"%00\"")));
        api.get("/api/v1/contacts/" + contact).andExpect(jsonPath("$.tags").isEmpty());
    }

    @Test
    void aNulCharacterInTheSignInFormIsRefusedNamingTheFieldBeforeTheNameIsLookedUp() throws Exception {
        api.mvc().perform(post("/login").param("username", "ad\u0000min").param("password", "whatever")
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf()))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("username"))
                .andExpect(jsonPath("$.errors[0].message").value("must not contain the NUL character (\\u0000)"));
    }

    @Test
    void aQueryParameterOrIdOfTheWrongKindSaysWhatItTakes() throws Exception {
        api.get("/api/v1/contacts?validity=FOO")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("validity"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString("Parameter 'validity' must be one of [VALID"),
                        org.hamcrest.Matchers.containsString("not 'FOO'"))));
        api.get("/api/v1/contacts?updatedSince=2027-01-01")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("such as 2027-03-01T09:00:00Z")));
        api.get("/api/v1/contacts/abc")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("The id in the address must be a whole number, not 'abc'"));
        api.get("/api/v1/programs/1/forecast")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("contact"))
                .andExpect(jsonPath("$.detail").value("Parameter 'contact' is required: a whole number"));
    }

    @Test
    void aQueryParameterAListDoesNotTakeIsRefusedNamingItAndTheOnesItTakesWhilePagingKeepsWorking() throws Exception {
        // ?country=DE answered every contact, which a caller reads as "the filter was applied".
        api.as(Role.ADMIN, get("/api/v1/contacts").param("country", "DE").param("limit", "5"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("country"))
                .andExpect(jsonPath("$.detail").value("Unknown parameter 'country': GET /api/v1/contacts takes only q,"
                        + " tag, validity, source, ownerId, companyId, updatedSince, sort, cursor, limit"))
                .andExpect(jsonPath("$.acceptedParameters").value(org.hamcrest.Matchers.hasItems("q", "cursor", "limit")));
        for (String list : java.util.List.of("/api/v1/programs", "/api/v1/content", "/api/v1/segments",
                "/api/v1/handoffs", "/api/v1/tasks/history", "/api/v1/triggers", "/api/v1/contacts")) {
            api.as(Role.ADMIN, get(list).param("colour", "blue"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("colour"))
                    .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.startsWith(
                            "is not a parameter of this address, which takes only")));
            api.as(Role.ADMIN, get(list).param("limit", "1")).andExpect(status().isOk());
        }
        api.post("/api/v1/contacts", "{\"email\": \"%s\"}".formatted(Api.uniqueEmail("paged"))).andExpect(status().isCreated());
        api.post("/api/v1/contacts", "{\"email\": \"%s\"}".formatted(Api.uniqueEmail("paged"))).andExpect(status().isCreated());
        String next = Api.json(api.as(Role.ADMIN, get("/api/v1/contacts").param("limit", "1")).andExpect(status().isOk()))
                .get("nextCursor").asString();
        api.as(Role.ADMIN, get("/api/v1/contacts").param("limit", "1").param("cursor", next)).andExpect(status().isOk());
        api.as(Role.ADMIN, get("/api/v1/contacts/123456789/notes").param("sort", "name"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("Unknown parameter 'sort': GET /api/v1/contacts/123456789/notes"
                        + " takes only cursor, limit"));
    }

    @Test
    void anEnumInABodyIsReadInAnyCaseAndAnUnknownOneNamesItsFieldAndTheValuesThereAre() throws Exception {
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        api.post("/api/v1/programs", """
                {"name": "Lower case %s", "kind": "sequence", "steps": [{"type": "task", "text": "Call"}]}""".formatted(run))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.kind").value("SEQUENCE"));
        api.post("/api/v1/attributes", """
                {"key": "tier_%s", "label": "Tier", "type": "One-of", "options": ["gold", "silver"]}""".formatted(run))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.type").value("ONE_OF"));
        long contact = api.createContact("{\"email\": \"%s\"}".formatted(Api.uniqueEmail("anycase")));
        api.post("/api/v1/contacts/" + contact + "/consents", """
                {"channel": "email", "state": "Granted", "source": "web form"}""")
                .andExpect(status().is2xxSuccessful());

        api.post("/api/v1/programs", """
                {"name": "Typo %s", "kind": "sequnce", "steps": [{"type": "task", "text": "Call"}]}""".formatted(run))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("kind"))
                .andExpect(jsonPath("$.detail").value("Field 'kind' must be one of [SEQUENCE, STREAM], not 'sequnce'"));
        api.post("/api/v1/contacts/" + contact + "/consents", """
                {"channel": "fax", "state": "GRANTED", "source": "web form"}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("channel"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString("one of [EMAIL"), org.hamcrest.Matchers.containsString("'fax'"))));
    }

    @Test
    void theKindOfAStepCadenceWhenOrActionIsReadInAnyCaseAndAnUnknownOneStillNamesTheKinds() throws Exception {
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        long article = api.liveArticle("Any case " + run);
        api.post("/api/v1/programs", """
                {"name": "Capitals %s", "kind": "SEQUENCE", "steps": [{"type": "SEND", "channel": "email", "contentId": %d},
                 {"type": "Wait", "duration": "P2D"}, {"type": "SETSTAGE", "stage": "MQL"}]}""".formatted(run, article))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.steps[0].type").value("send"))
                .andExpect(jsonPath("$.steps[1].type").value("wait"))
                .andExpect(jsonPath("$.steps[2].type").value("setStage"));
        api.post("/api/v1/programs", """
                {"name": "Monthly %s", "kind": "STREAM",
                 "cadence": {"type": "MONTHLY", "week": 1, "day": "TUESDAY", "at": "10:00"}, "pool": [%d]}"""
                        .formatted(run, article))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.cadence.type").value("monthly"));
        api.post("/api/v1/triggers", """
                {"name": "Capitals %s", "when": {"type": "TAGADDED", "tag": "hot"},
                 "actions": [{"type": "ALERTOWNER", "subject": "Hot lead"}]}""".formatted(run))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.when.type").value("tagAdded"))
                .andExpect(jsonPath("$.actions[0].type").value("alertOwner"));

        api.post("/api/v1/triggers", """
                {"name": "Typo %s", "when": {"type": "TAG_ADDED", "tag": "hot"}, "actions": [{"type": "ALERTOWNR"}]}"""
                        .formatted(run))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(2))
                .andExpect(jsonPath("$.errors[0].field").value("when.type"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString("tagAdded"),
                        org.hamcrest.Matchers.endsWith("not 'TAG_ADDED'"))))
                .andExpect(jsonPath("$.errors[1].field").value("actions[0].type"))
                .andExpect(jsonPath("$.errors[1].message").value(org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString("alertOwner"),
                        org.hamcrest.Matchers.endsWith("not 'ALERTOWNR'"))));
    }

    @Test
    void aBodyOfAnotherMediaTypeIsToldWhichOneToSend() throws Exception {
        api.as(Role.ADMIN, post("/api/v1/contacts").contentType(MediaType.TEXT_PLAIN).content("{}"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("send application/json")));
        api.as(Role.ADMIN, post("/api/v1/imports"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.detail").value(
                        "The request has no Content-Type; send multipart/form-data"));
    }

    @Test
    void aFieldOnlyKeepwarmSetsIsNamedReadOnlyWhereABodyCannotCarryIt() throws Exception {
        // programs, content, segments and triggers take back what their GET answered (GetPutRoundTripTest)
        api.as(Role.ADMIN, put("/api/v1/scoring/settings").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"readyScore\": 100, \"updatedAt\": \"2026-01-01T00:00:00Z\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString(
                        "Field 'updatedAt' is set by Keepwarm and read-only: leave it out")));
    }

    @Test
    void aNumberTooLargeForItsFieldNamesTheFieldAndTheRangeNotJavasTypes() throws Exception {
        api.as(Role.ADMIN, put("/api/v1/scoring/settings").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"readyScore\": 99999999999}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("readyScore"))
                .andExpect(jsonPath("$.detail").value("Field 'readyScore' is out of range: it must be a whole number"
                        + " from -2147483648 to 2147483647"));
    }

    @Test
    void aSegmentWithoutARuleIsToldToGiveOne() throws Exception {
        api.post("/api/v1/segments", "{\"name\": \"Ruleless\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("rule"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.startsWith("is required")));
    }

    @Test
    void aSegmentWithABlankNameAndARuleThatIsWrongHearsOfBothInOneAnswer() throws Exception {
        api.post("/api/v1/segments", "{\"name\": \"\", \"text\": \"\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(2))
                .andExpect(jsonPath("$.errors[0].field").value("name"))
                .andExpect(jsonPath("$.errors[0].message").value("is required, at most 200 characters"))
                .andExpect(jsonPath("$.errors[1].field").value("rule"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith(
                        "name is required, at most 200 characters; rule line 1, column 1:")));
        // A rule that reads but means nothing ('scroe') is still placed at its line and column, beside the name.
        api.post("/api/v1/segments", "{\"name\": \" \", \"text\": \"stage = MQL and scroe > 5\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(2))
                .andExpect(jsonPath("$.errors[0].field").value("name"))
                .andExpect(jsonPath("$.errors[1].message").value(org.hamcrest.Matchers.startsWith("line 1, column 17:")))
                .andExpect(jsonPath("$.line").value(1))
                .andExpect(jsonPath("$.column").value(17));
        api.post("/api/v1/segments", "{\"description\": \"%s\"}".formatted("x".repeat(2001)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.contains("name", "description", "rule")));
    }

    @Test
    void attributeDefinitionsAreCheckedAndBuiltInsStay() throws Exception {
        api.post("/api/v1/attributes", "{\"key\": \"Renewal Date\", \"label\": \"Renewal\", \"type\": \"DATE\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("key"));
        api.post("/api/v1/attributes", "{\"key\": \"tier\", \"label\": \"Tier\", \"type\": \"ONE_OF\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("options"));
        api.post("/api/v1/attributes", "{\"key\": \"industry\", \"label\": \"Industry\", \"type\": \"TEXT\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString("segment rules")));
        api.post("/api/v1/attributes", "{\"key\": \"fleet\", \"label\": \"Fleet\", \"type\": \"SHAPE\"}")
                .andExpect(status().isBadRequest());
        api.post("/api/v1/attributes", "{\"key\": \"fleet_size\", \"label\": \"Fleet size\", \"type\": \"NUMBER\"}")
                .andExpect(status().isCreated());
        api.post("/api/v1/attributes", "{\"key\": \"fleet_size\", \"label\": \"Again\", \"type\": \"NUMBER\"}")
                .andExpect(status().isConflict());
        api.post("/api/v1/contacts", "{\"email\": \"%s\", \"attributes\": {\"fleet_size\": \"twelve\"}}"
                        .formatted(Api.uniqueEmail("fleet")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("attributes.fleet_size"));
        api.delete("/api/v1/attributes/birthday").andExpect(status().isConflict());
        api.delete("/api/v1/attributes/fleet_size").andExpect(status().isNoContent());
    }
}
