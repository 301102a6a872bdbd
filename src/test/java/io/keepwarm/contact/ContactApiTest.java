package io.keepwarm.contact;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@KeepwarmTest
class ContactApiTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Api api;

    @Test
    void createsThenUpdatesTheSameContactByEmail() throws Exception {
        String email = uniqueEmail("ada");
        var created = api.post("/api/v1/contacts", """
                {"email": "%s", "firstName": "Ada", "company": {"name": "Analytical Engines", "domain": "https://www.engines.example/about"},
                 "timeZone": "Europe/London", "source": "trade show", "tags": ["hpc"]}""".formatted(email.toUpperCase()))
                .andExpect(status().isCreated())
                .andExpect(header().exists("Location"))
                .andExpect(jsonPath("$.email").value(email))
                .andExpect(jsonPath("$.source").value("TRADE_SHOW"))
                .andExpect(jsonPath("$.company.domain").value("engines.example"))
                .andExpect(jsonPath("$.consent.EMAIL").value("UNKNOWN"));
        long id = json(created).get("id").asLong();

        api.post("/api/v1/contacts", """
                {"email": " %s ", "lastName": "Lovelace", "tags": ["math"]}""".formatted(email))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(id))
                .andExpect(jsonPath("$.firstName").value("Ada"))
                .andExpect(jsonPath("$.lastName").value("Lovelace"))
                .andExpect(jsonPath("$.tags.length()").value(2));
    }

    @Test
    void aCompanyNameTooLongIsRefusedForItsLengthAloneNotAlsoAsMissing() throws Exception {
        JsonNode problem = json(api.post("/api/v1/contacts", """
                {"email": "%s", "company": {"name": "%s", "domain": "acme.example"}}"""
                .formatted(uniqueEmail("long"), "A".repeat(5000))).andExpect(status().isBadRequest()));

        assertThat(problem.get("errors").valueStream().map(e -> e.get("field").asString() + " "
                + e.get("message").asString())).singleElement().asString()
                .startsWith("company.name has 5000 characters");
    }

    @Test
    void refusesABadContactWithAMessagePerFieldAndWritesNothing() throws Exception {
        String email = uniqueEmail("bad");
        var response = api.post("/api/v1/contacts", """
                {"email": "%s", "timeZone": "Mars/Olympus", "phone": "call me", "validity": "maybe",
                 "attributes": {"birthday": "31.02.1990", "shoe_size": "42"}}""".formatted(email))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE));
        JsonNode problem = json(response);
        assertThat(problem.get("errors").valueStream().map(e -> e.get("field").asString()))
                .contains("timeZone", "phone", "validity", "attributes.birthday", "attributes.shoe_size");
        assertThat(problem.get("detail").asString()).contains("Mars/Olympus");
        api.get("/api/v1/contacts?q=" + email).andExpect(jsonPath("$.items.length()").value(0));
    }

    @Test
    void rejectsUnknownFieldsAndMalformedJsonClearly() throws Exception {
        api.post("/api/v1/contacts", """
                {"email": "%s", "favouriteColour": "blue"}""".formatted(uniqueEmail("x")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("favouriteColour")));
        api.post("/api/v1/contacts", "{\"email\": ")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").value("Unreadable request body"));
    }

    @Test
    void refusesABodyOverTheSizeLimit() throws Exception {
        String huge = "{\"email\": \"" + "a".repeat(2_000_000) + "@example.com\"}";
        api.post("/api/v1/contacts", huge).andExpect(status().isPayloadTooLarge());
    }

    @Test
    void replaysTheFirstAnswerForARepeatedIdempotencyKey() throws Exception {
        String email = uniqueEmail("idem");
        String body = "{\"email\": \"" + email + "\"}";
        var first = api.as(Role.MARKETER, post("/api/v1/contacts").header("Idempotency-Key", "k-" + email)
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated());
        api.as(Role.MARKETER, post("/api/v1/contacts").header("Idempotency-Key", "k-" + email)
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated())
                .andExpect(header().string("Idempotent-Replayed", "true"))
                .andExpect(jsonPath("$.id").value(json(first).get("id").asLong()));
        api.as(Role.MARKETER, post("/api/v1/contacts").header("Idempotency-Key", "k-" + email)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"email\": \"other-" + email + "\"}"))
                .andExpect(status().isUnprocessableContent());
    }

    @Test
    void patchClearsSetsAndChecksFields() throws Exception {
        long id = api.createContact("""
                {"email": "%s", "firstName": "Grace", "title": "Rear Admiral", "city": "Arlington"}""".formatted(uniqueEmail("grace")));
        api.patch("/api/v1/contacts/" + id, """
                {"title": null, "city": "New York", "doNotContact": ["PHONE"], "attributes": {"birthday": "1906-12-09"}}""")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.title").doesNotExist())
                .andExpect(jsonPath("$.firstName").value("Grace"))
                .andExpect(jsonPath("$.city").value("New York"))
                .andExpect(jsonPath("$.doNotContact[0]").value("PHONE"))
                .andExpect(jsonPath("$.attributes.birthday").value("1906-12-09"));
        api.patch("/api/v1/contacts/" + id, """
                {"city": "Boston", "timeZone": "Nowhere/Town"}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("timeZone"));
        api.get("/api/v1/contacts/" + id).andExpect(jsonPath("$.city").value("New York"));
        api.patch("/api/v1/contacts/" + id, "{\"email\": null}").andExpect(status().isBadRequest());
        // A blank required field clears it as null would: a 400 naming it, not a clash in the database.
        api.patch("/api/v1/contacts/" + id, "{\"timeZone\": \"  \"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("timeZone"));
    }

    @Test
    void attributesNullInAPatchRemovesEveryAttributeValueAsAMergePatchSays() throws Exception {
        long id = api.createContact("""
                {"email": "%s", "attributes": {"birthday": "1906-12-09", "lease_expiry": "2028-01-31"}}"""
                .formatted(uniqueEmail("attrs")));
        api.patch("/api/v1/contacts/" + id, "{\"attributes\": null}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.attributes.birthday").doesNotExist())
                .andExpect(jsonPath("$.attributes.lease_expiry").doesNotExist());
        api.get("/api/v1/contacts/" + id).andExpect(jsonPath("$.attributes.birthday").doesNotExist());
    }

    @Test
    void aBlankTextInAPatchIsRefusedSayingToSendNullToClearAndChangesNothing() throws Exception {
        long id = api.createContact("""
                {"email": "%s", "firstName": "Ada", "city": "London", "company": {"name": "Engines %s"}}"""
                .formatted(uniqueEmail("blank"), id()));

        api.patch("/api/v1/contacts/" + id, "{\"company\": {\"name\": \"\"}, \"city\": \"Paris\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("company.name"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString("\"company\": null")));
        api.patch("/api/v1/contacts/" + id, "{\"company\": {}}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("company.name"));
        api.patch("/api/v1/contacts/" + id, "{\"firstName\": \" \"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("firstName"))
                .andExpect(jsonPath("$.errors[0].message").value("is blank; send null to clear it, or leave it out to keep it"));
        api.patch("/api/v1/contacts/" + id, "{\"attributes\": {\"birthday\": \"\"}}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("attributes.birthday"));
        api.get("/api/v1/contacts/" + id)
                .andExpect(jsonPath("$.company.name").value(org.hamcrest.Matchers.startsWith("Engines")))
                .andExpect(jsonPath("$.firstName").value("Ada"))
                .andExpect(jsonPath("$.city").value("London"));

        api.patch("/api/v1/contacts/" + id, "{\"company\": null, \"firstName\": null}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.company").doesNotExist())
                .andExpect(jsonPath("$.firstName").doesNotExist());
    }

    private static String id() {
        return java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void givingAContactAnotherContactsAddressNamesThatContactAndChangesNothing() throws Exception {
        String taken = uniqueEmail("taken");
        long holder = api.createContact("{\"email\": \"" + taken + "\"}");
        long id = api.createContact("{\"email\": \"" + uniqueEmail("mover") + "\", \"city\": \"Leeds\"}");

        api.patch("/api/v1/contacts/" + id, "{\"email\": \"" + taken + "\", \"city\": \"York\"}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString("Contact " + holder + " already has the address " + taken),
                        org.hamcrest.Matchers.containsString("/api/v1/contacts/merge"))))
                .andExpect(jsonPath("$.contactId").value(holder));
        api.get("/api/v1/contacts/" + id).andExpect(jsonPath("$.city").value("Leeds"));
    }

    @Test
    void aCountryIsKeptAsItsIsoCodeAsAnImportKeepsItAndAnUnknownOneIsRefused() throws Exception {
        long id = api.createContact("{\"email\": \"" + uniqueEmail("de") + "\", \"country\": \"Germany\"}");
        api.get("/api/v1/contacts/" + id).andExpect(jsonPath("$.country").value("DE"));
        api.patch("/api/v1/contacts/" + id, "{\"country\": \"united kingdom\"}")
                .andExpect(jsonPath("$.country").value("GB"));

        String email = uniqueEmail("narnia");
        api.post("/api/v1/contacts", "{\"email\": \"" + email + "\", \"country\": \"Narnia\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("country"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString("ISO code (DE)")));
        api.get("/api/v1/contacts?q=" + email).andExpect(jsonPath("$.items.length()").value(0));
        api.patch("/api/v1/contacts/" + id, "{\"country\": \"Narnia\"}").andExpect(status().isBadRequest());
        api.get("/api/v1/contacts/" + id).andExpect(jsonPath("$.country").value("GB"));
    }

    @Test
    void aCountryNameOfTwoCountriesIsRefusedNamingBothWithTheirCodesNotTakenForOne() throws Exception {
        long id = api.createContact("{\"email\": \"" + uniqueEmail("congo") + "\", \"country\": \"CD\"}");

        api.patch("/api/v1/contacts/" + id, "{\"country\": \"Congo\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("country"))
                .andExpect(jsonPath("$.errors[0].message").value("'Congo' names two countries, Congo - Brazzaville and Congo - Kinshasa, and Keepwarm does not guess which:"
                        + " write CG for Congo - Brazzaville or CD for Congo - Kinshasa"));
        api.get("/api/v1/contacts/" + id).andExpect(jsonPath("$.country").value("CD"));
        api.patch("/api/v1/contacts/" + id, "{\"country\": \"Republic of the Congo\"}")
                .andExpect(jsonPath("$.country").value("CG"));
    }

    @Test
    void aPatchOfTheOwnerAsShownTakesItAndOfTagsSaysWhereToChangeThem() throws Exception {
        long id = api.createContact("{\"email\": \"" + uniqueEmail("shown") + "\"}");
        long rep = new io.keepwarm.support.SalesTeam(api).rep("ShownOwner");
        api.patch("/api/v1/contacts/" + id, "{\"ownerId\": " + rep + "}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.ownerId").value(rep));
        api.patch("/api/v1/contacts/" + id, "{\"ownerId\": \"Rita\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("ownerId"))
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString("\"owner\"")));
        api.patch("/api/v1/contacts/" + id, "{\"tags\": [\"x\"]}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString("/tags")));
    }

    @Test
    void everyMistakeOfANewContactComesInOneAnswerTheOwnerAndConsentAsShownIncluded() throws Exception {
        api.post("/api/v1/contacts", "{\"email\": \"" + uniqueEmail("newallatonce") + "\", \"ownerId\": \"Rita\","
                        + " \"consent\": {\"EMAIL\": \"GRANTED\"}, \"firstName\": {\"a\": 1}, \"nosuch\": 1}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(
                        org.hamcrest.Matchers.containsInAnyOrder("ownerId", "consent", "firstName", "nosuch")));
        api.post("/api/v1/contacts", "{\"email\": \"not an address\", \"ownerId\": \"Rita\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(
                        org.hamcrest.Matchers.containsInAnyOrder("ownerId", "email")));
    }

    @Test
    void everyMistakeOfAPatchComesInOneAnswerTheOwnerAsShownIncluded() throws Exception {
        long id = api.createContact("{\"email\": \"" + uniqueEmail("allatonce") + "\"}");
        api.patch("/api/v1/contacts/" + id, "{\"ownerId\": \"Rita\", \"firstName\": {\"a\": 1}, \"nosuch\": 1}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(
                        org.hamcrest.Matchers.containsInAnyOrder("ownerId", "firstName", "nosuch")));
    }

    @Test
    void tagsOrConsentOfAnotherShapeThanShownAreRefusedNotDroppedOnAContactWithoutAny() throws Exception {
        long id = api.createContact("{\"email\": \"" + uniqueEmail("shapes") + "\"}");
        api.patch("/api/v1/contacts/" + id, "{\"tags\": \"vip\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("tags"));
        api.patch("/api/v1/contacts/" + id, "{\"consent\": \"GRANTED\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("consent"));
        api.patch("/api/v1/contacts/" + id, "{\"tags\": []}").andExpect(status().isOk());
    }

    @Test
    void listsContactsPageByPageWithACursor() throws Exception {
        String tag = "page-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < 5; i++) {
            api.createContact("{\"email\": \"%s\", \"tags\": [\"%s\"]}".formatted(uniqueEmail("p" + i), tag));
        }
        JsonNode first = json(api.get("/api/v1/contacts?tag=" + tag + "&limit=3").andExpect(status().isOk()));
        assertThat(first.get("items").size()).isEqualTo(3);
        JsonNode second = json(api.get("/api/v1/contacts?tag=" + tag + "&limit=3&cursor=" + first.get("nextCursor").asString()));
        assertThat(second.get("items").size()).isEqualTo(2);
        assertThat(second.get("nextCursor").isNull()).isTrue();
        api.get("/api/v1/contacts?cursor=garbage").andExpect(status().isBadRequest());
        api.get("/api/v1/contacts?limit=100000").andExpect(status().isBadRequest());
        api.get("/api/v1/contacts?validity=SOMETIMES").andExpect(status().isBadRequest());
    }

    @Test
    void anEmptyTagParameterFiltersNothingAsAnEmptySearchOrSourceDoes() throws Exception {
        api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("untagged")));
        assertThat(json(api.get("/api/v1/contacts?tag=&q=&source=&limit=1")).get("items").size()).isEqualTo(1);
    }

    @Test
    void keepsNotesAndTagsOnAContact() throws Exception {
        long id = api.createContact("{\"email\": \"%s\"}".formatted(uniqueEmail("notes")));
        api.post("/api/v1/contacts/" + id + "/notes", "{\"body\": \"Wife expecting in June; call after.\"}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.author").value("api-key:test-admin"));
        api.post("/api/v1/contacts/" + id + "/notes", "{\"body\": \"Plays golf on Fridays.\"}").andExpect(status().isCreated());
        var newest = json(api.get("/api/v1/contacts/" + id + "/notes?limit=1")
                .andExpect(jsonPath("$.items.length()").value(1))
                .andExpect(jsonPath("$.items[0].body").value("Plays golf on Fridays.")));
        api.get("/api/v1/contacts/" + id + "/notes?limit=1&cursor=" + newest.get("nextCursor").asString())
                .andExpect(jsonPath("$.items[0].body").value("Wife expecting in June; call after."))
                .andExpect(jsonPath("$.nextCursor").value(org.hamcrest.Matchers.nullValue()));
        api.get("/api/v1/contacts/" + id + "/notes?limit=501").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("limit"));
        api.get("/api/v1/contacts/" + id + "/notes?cursor=nonsense").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("cursor"));
        api.post("/api/v1/contacts/" + id + "/tags", "{\"tags\": [\"golf\", \"Golf\", \"boat-owner\"]}")
                .andExpect(jsonPath("$.length()").value(2));
        api.delete("/api/v1/contacts/" + id + "/tags/golf").andExpect(jsonPath("$.length()").value(1));
        api.post("/api/v1/contacts/999999999/notes", "{\"body\": \"x\"}").andExpect(status().isNotFound());
    }

    @Test
    void mergesADuplicateIntoTheSurvivorMovingItsHistory() throws Exception {
        long survivor = api.createContact("{\"email\": \"%s\", \"firstName\": \"Linus\"}".formatted(uniqueEmail("linus")));
        String duplicateEmail = uniqueEmail("linus.t");
        long duplicate = api.createContact("""
                {"email": "%s", "lastName": "Torvalds", "tags": ["kernel"], "phone": "+1 555 0100"}""".formatted(duplicateEmail));
        api.post("/api/v1/contacts/" + duplicate + "/notes", "{\"body\": \"Met at FOSDEM\"}");
        api.post("/api/v1/contacts/" + duplicate + "/consents", "{\"channel\": \"EMAIL\", \"state\": \"GRANTED\", \"source\": \"web form\"}");

        api.post("/api/v1/contacts/merge", "{\"survivorId\": %d, \"mergedId\": %d}".formatted(survivor, duplicate))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.firstName").value("Linus"))
                .andExpect(jsonPath("$.lastName").value("Torvalds"))
                .andExpect(jsonPath("$.phone").value("+1 555 0100"))
                .andExpect(jsonPath("$.tags[0]").value("kernel"))
                .andExpect(jsonPath("$.consent.EMAIL").value("GRANTED"));
        api.get("/api/v1/contacts/" + duplicate).andExpect(status().isNotFound());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM contact_tags WHERE contact_id = ?").param(duplicate)
                .query(Long.class).single()).as("the duplicate's own tag rows").isZero();
        api.get("/api/v1/contacts/" + survivor + "/notes").andExpect(jsonPath("$.items[0].body").value("Met at FOSDEM"));
        api.get("/api/v1/contacts/" + survivor + "/export")
                .andExpect(jsonPath("$.mergedContacts[0].mergedEmail").value(duplicateEmail));
        api.get("/api/v1/audit?entityType=contact&entityId=" + survivor)
                .andExpect(jsonPath("$.items[?(@.action == 'CONTACTS_MERGED')]").exists());
        api.post("/api/v1/contacts/merge", "{\"survivorId\": %d, \"mergedId\": %d}".formatted(survivor, survivor))
                .andExpect(status().isBadRequest());
        api.post("/api/v1/contacts/merge", "{\"survivorId\": %d, \"mergedId\": 999999999}".formatted(survivor))
                .andExpect(status().isNotFound());
        api.post("/api/v1/contacts/merge", "{\"survivorId\": 999999999, \"mergedId\": %d}".formatted(survivor))
                .andExpect(status().isNotFound());
        api.get("/api/v1/contacts/" + survivor).andExpect(status().isOk());
    }
}
