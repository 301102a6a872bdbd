package io.keepwarm.ui;

import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.contact.AttributeDefinition;
import io.keepwarm.contact.AttributeType;
import io.keepwarm.contact.Attributes;
import io.keepwarm.identity.Role;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.Locks;
import io.keepwarm.support.TestDatabase;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The custom attributes settings page: a refused definition comes back as typed with each message beside its field;
 * deleting one first says how many contacts hold a value for it, and the module keeps it while any do.
 */
@KeepwarmTest
class AttributePagesTest {

    @Autowired Api api;
    @Autowired Attributes attributes;
    @Autowired TransactionTemplate tx;
    @Autowired JdbcClient jdbc;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aRefusedDefinitionComesBackAsTypedWithEachMessageBesideItsField() throws Exception {
        Document page = page(as(Role.MARKETER, define("Renewal Date", "Renewal", "DATE", "")));
        assertThat(FieldMessages.of(page, "attr-key")).as("what a screen reader reads with the field")
                .isEqualTo("must start with a letter and hold only a-z, 0-9 and _ (at most 60)");
        assertThat(page.getElementById("attr-key").val()).isEqualTo("Renewal Date");
        assertThat(page.getElementById("attr-label").val()).isEqualTo("Renewal");
        assertThat(page.getElementById("form-error").text()).isEqualTo("Not defined: see the marked fields.");
        assertThat(page.getElementById("attr-label").hasAttr("aria-invalid")).as("a field without a mistake").isFalse();

        page = page(as(Role.MARKETER, define("tier_" + run, "Tier", "ONE_OF", "")));
        assertThat(FieldMessages.of(page, "attr-options")).as("as the form's list names the type")
                .isEqualTo("a \"one of\" attribute needs at least one option: type each on a line of its own");
        assertThat(page.selectFirst("#attr-type option[selected]").val()).isEqualTo("ONE_OF");
        page = page(as(Role.MARKETER, define("tier_" + run, "Tier", "TEXT", "basic\npro")));
        assertThat(FieldMessages.of(page, "attr-options"))
                .isEqualTo("only a \"one of\" attribute has options: clear them, or choose the type \"one of\"");

        page = page(as(Role.MARKETER, define("tier_" + run, " ", "TEXT", "")));
        assertThat(FieldMessages.of(page, "attr-label"))
                .isEqualTo("is required: the name people read, at most 100 characters");

        page = page(as(Role.MARKETER, define("industry", "Industry", "TEXT", "")));
        assertThat(FieldMessages.of(page, "attr-key")).startsWith("'industry' already means something in segment rules");
        assertThat(attributes.list()).noneMatch(d -> d.key().equals("tier_" + run));
    }

    @Test
    void anAttributeLabelledAsAnotherInAnyCaseIsRefusedBesideTheLabelInTheFormAndTheApi() throws Exception {
        String plan = "plan_" + run;
        attributes.define(new AttributeDefinition(plan, "Plan " + run, AttributeType.ONE_OF, List.of("basic", "pro"), false));
        String said = "An attribute labelled 'Plan " + run + "' already exists ('" + plan + "'); give this one another label";

        Document page = page(as(Role.MARKETER, define("seats_" + run, "PLAN " + run, "NUMBER", "")));
        assertThat(FieldMessages.of(page, "attr-label")).as("what a screen reader reads with the field").isEqualTo(said);
        assertThat(page.getElementById("attr-key").hasAttr("aria-invalid")).as("the key is not the mistake").isFalse();
        assertThat(page.getElementById("attr-label").val()).isEqualTo("PLAN " + run);

        api.post("/api/v1/attributes", "{\"key\": \"seats_%s\", \"label\": \" plan %s \", \"type\": \"NUMBER\"}"
                        .formatted(run, run))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(said))
                .andExpect(jsonPath("$.sameLabelAs").value(plan));
        assertThat(attributes.list()).noneMatch(d -> d.key().equals("seats_" + run));
    }

    @Test
    void aTakenKeyOrLabelComesInTheSameAnswerAsTheOtherMistakesAndAloneIsAConflictNamingBoth() throws Exception {
        String plan = "plan_" + run;
        attributes.define(new AttributeDefinition(plan, "Plan " + run, AttributeType.TEXT, List.of(), false));
        String keySaid = "An attribute '" + plan + "' already exists";
        String labelSaid = "An attribute labelled 'Plan " + run + "' already exists ('" + plan + "'); give this one"
                + " another label";

        // The key another has, and a ONE_OF without options: one 400, not the options first and the key after.
        api.post("/api/v1/attributes", "{\"key\": \"%s\", \"label\": \"Tier %s\", \"type\": \"ONE_OF\"}"
                        .formatted(plan, run))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.contains("key", "options")))
                .andExpect(jsonPath("$.errors[0].message").value(keySaid));
        // The label another has beside a value that cannot be read and an unknown field.
        api.post("/api/v1/attributes", "{\"key\": \"tier_%s\", \"label\": \"plan %1$s\", \"type\": \"TEXTT\","
                        .formatted(run) + " \"colour\": \"red\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.hasItems("type", "colour", "label")))
                .andExpect(jsonPath("$.errors[?(@.field == 'label')].message").value(labelSaid));
        // Both alone: one conflict naming both, so fixing the key does not meet the label next.
        api.post("/api/v1/attributes", "{\"key\": \"%s\", \"label\": \"PLAN %s\", \"type\": \"TEXT\"}"
                        .formatted(plan, run))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(keySaid + "; " + labelSaid))
                .andExpect(jsonPath("$.sameLabelAs").value(plan));
        Document page = page(as(Role.MARKETER, define(plan, "PLAN " + run, "TEXT", "")));
        assertThat(FieldMessages.of(page, "attr-key")).isEqualTo(keySaid);
        assertThat(FieldMessages.of(page, "attr-label")).isEqualTo(labelSaid);
        page = page(as(Role.MARKETER, define(plan, "Tier " + run, "ONE_OF", "")));
        assertThat(FieldMessages.of(page, "attr-key")).isEqualTo(keySaid);
        assertThat(FieldMessages.of(page, "attr-options")).startsWith("a \"one of\" attribute needs at least one option");
        assertThat(attributes.list()).noneMatch(d -> d.key().equals("tier_" + run));
    }

    @Test
    void aLabelThatIsTheNameOfABuiltInFieldInAnyCaseIsRefusedNamingTheFieldBesideTheLabelAndInTheApi() throws Exception {
        Document page = page(as(Role.MARKETER, define("home_country_" + run, "COUNTRY", "TEXT", "")));
        assertThat(FieldMessages.of(page, "attr-label")).as("what a screen reader reads with the field")
                .isEqualTo("'COUNTRY' is the name of the built-in field Country: segment rules, an import's columns and"
                        + " templates could not tell an attribute so labelled from it; choose another label");
        assertThat(page.getElementById("attr-key").hasAttr("aria-invalid")).as("the key is not the mistake").isFalse();
        assertThat(page.getElementById("attr-label").val()).isEqualTo("COUNTRY");

        api.post("/api/v1/attributes", "{\"key\": \"funnel_%s\", \"label\": \" stage \", \"type\": \"TEXT\"}"
                        .formatted(run))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("label"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("'stage' is the name of the built-in"
                        + " field Stage")));
        api.post("/api/v1/attributes", "{\"key\": \"mail_%s\", \"label\": \"E-Mail\", \"type\": \"TEXT\"}"
                        .formatted(run))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(containsString("built-in field Email:")));
        api.post("/api/v1/attributes", "{\"key\": \"owner_%s\", \"label\": \"owner\", \"type\": \"TEXT\"}"
                        .formatted(run))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(containsString("built-in field Owner:")));
        api.post("/api/v1/attributes", "{\"key\": \"grade_%s\", \"label\": \"Fit grade\", \"type\": \"TEXT\"}"
                        .formatted(run))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(containsString("built-in field Fit grade:")));
        assertThat(attributes.list()).noneMatch(d -> d.key().endsWith("_" + run));

        api.post("/api/v1/attributes", ("{\"key\": \"home_country_%s\", \"label\": \"Country of birth %1$s\","
                        + " \"type\": \"TEXT\"}").formatted(run))
                .andExpect(status().isCreated());
    }

    @Test
    void twoRequestsDefiningOneLabelAtOnceAnswerTheLaterAsIfItHadComeSecond() throws Exception {
        String plan = "plan_" + run;
        String said = "An attribute labelled 'Plan " + run + "' already exists ('" + plan + "'); give this one another label";

        ResultActions second = whileFirstHoldsItsDefinition(
                () -> attributes.define(new AttributeDefinition(plan, "Plan " + run, AttributeType.TEXT, List.of(), false)),
                () -> api.post("/api/v1/attributes", "{\"key\": \"tier_%s\", \"label\": \"plan %1$s\", \"type\": \"TEXT\"}"
                        .formatted(run)));

        second.andExpect(status().isConflict());
        assertThat(Api.json(second).get("detail").asString()).isEqualTo(said);
        assertThat(Api.json(second).get("sameLabelAs").asString()).isEqualTo(plan);
        assertThat(attributes.list()).extracting(AttributeDefinition::key).contains(plan).doesNotContain("tier_" + run);
    }

    /**
     * Defines the first attribute in a transaction kept open until the second request, beside it, comes to wait for
     * it (PostgreSQL waits for the first's label in the index) or has its answer; then commits the first.
     */
    private ResultActions whileFirstHoldsItsDefinition(Runnable first, Callable<ResultActions> second) throws Exception {
        return Locks.whileFirstHolds(tx, first, second, () -> sessionsWaiting() > 0);
    }

    /**
     * Sessions waiting for a lock: PostgreSQL's view of its sessions; on H2, which names no blocker for a wait in a
     * unique index, a session inside its insert of a definition (past the module's check, waiting or about to).
     */
    private long sessionsWaiting() {
        return TestDatabase.postgres() ? Locks.sessionsWaiting(jdbc)
                : jdbc.sql("""
                        SELECT COUNT(*) FROM information_schema.sessions
                         WHERE blocker_id IS NOT NULL OR executing_statement LIKE 'INSERT INTO attribute_definitions%'""")
                        .query(Long.class).single();
    }

    @Test
    void aDefinedAttributeIsListedWithItsLabelTypeAndOptions() throws Exception {
        String key = "plan_" + run;
        var defined = api.mvc().perform(define(key, "Plan " + run, "ONE_OF", "basic\r\npro\n\n")
                .with(user(api.sessionUser(Role.MARKETER)).roles(Role.MARKETER.name())).with(csrf())).andReturn();
        assertThat(defined.getResponse().getRedirectedUrl()).isEqualTo("/ui/settings/attributes");

        Document page = page(as(Role.MARKETER, get("/ui/settings/attributes").flashAttrs(defined.getFlashMap())));
        Element row = page.selectFirst("#attributes tr[data-key=" + key + "]");
        assertThat(row.select("td").eachText()).startsWith(key, "Plan " + run, "one of", "basic, pro");
        assertThat(page.getElementById("defined").text()).isEqualTo("Defined " + key + ".");
        assertThat(page.selectFirst("#attributes tr[data-key=birthday]").text()).contains("built in");
    }

    @Test
    void deletingAnAttributeSaysHowManyContactsHoldAValueAndIsRefusedWhileAnyDo() throws Exception {
        String key = "fleet_" + run;
        attributes.define(new AttributeDefinition(key, "Fleet " + run, AttributeType.NUMBER, List.of(), false));
        api.createContact("{\"email\": \"" + uniqueEmail("fleet") + "\", \"attributes\": {\"" + key + "\": 12}}");

        Document confirm = page(as(Role.MARKETER, get("/ui/settings/attributes/" + key + "/delete")));
        assertThat(confirm.getElementById("held").text()).startsWith("1 contact holds a value for it.")
                .contains("clear those values first");
        assertThat(confirm.getElementById("delete-form")).isNull();

        Document refused = page(as(Role.MARKETER, post("/ui/settings/attributes/" + key + "/delete")));
        assertThat(refused.getElementById("delete-error").text())
                .isEqualTo("'" + key + "' still holds values on 1 contacts; clear them first");
        assertThat(attributes.list()).anyMatch(d -> d.key().equals(key));

        String unused = "unused_" + run;
        attributes.define(new AttributeDefinition(unused, "Unused " + run, AttributeType.TEXT, List.of(), false));
        confirm = page(as(Role.MARKETER, get("/ui/settings/attributes/" + unused + "/delete")));
        assertThat(confirm.getElementById("consequence").text()).startsWith("No contact holds a value for it");
        MockHttpServletResponse deleted = as(Role.MARKETER, post("/ui/settings/attributes/" + unused + "/delete"));
        assertThat(deleted.getRedirectedUrl()).isEqualTo("/ui/settings/attributes");
        assertThat(attributes.list()).noneMatch(d -> d.key().equals(unused));

        Document builtIn = page(as(Role.MARKETER, get("/ui/settings/attributes/birthday/delete")));
        assertThat(builtIn.getElementById("built-in").text()).contains("cannot be deleted");
        assertThat(builtIn.getElementById("delete-form")).isNull();
    }

    @Test
    void anAttributeThatASegmentATriggerAndAProgramNameIsKeptAndTheConfirmationNamesThem() throws Exception {
        String key = "renewal_" + run;
        attributes.define(new AttributeDefinition(key, "Renewal " + run, AttributeType.DATE, List.of(), false));
        api.post("/api/v1/segments", "{\"name\": \"renewing %s\", \"text\": \"%s between today and today+90d\"}"
                .formatted(run, key)).andExpect(status().is2xxSuccessful());
        api.post("/api/v1/triggers", """
                {"name": "Lease %1$s", "when": {"type": "daysBefore", "attribute": "%2$s", "days": 90},
                 "actions": [{"type": "addTag", "tag": "renewing-%1$s"}]}""".formatted(run, key))
                .andExpect(status().isCreated());
        long program = api.activeProgram("""
                {"name": "stamp %1$s", "kind": "SEQUENCE", "steps": [{"type": "setAttribute", "key": "%2$s", "value": "2027-01-01"}]}"""
                .formatted(run, key));

        Document confirm = page(as(Role.MARKETER, get("/ui/settings/attributes/" + key + "/delete")));
        assertThat(confirm.select("#in-use li").eachText()).containsExactlyInAnyOrder("segment 'renewing " + run + "'",
                "trigger 'Lease " + run + "'", "program 'stamp " + run + "'");
        assertThat(confirm.getElementById("delete-form")).isNull();
        Document refused = page(as(Role.MARKETER, post("/ui/settings/attributes/" + key + "/delete")));
        assertThat(refused.getElementById("delete-error").text()).startsWith("'" + key + "' is named by ");
        assertThat(attributes.list()).anyMatch(d -> d.key().equals(key));
        api.delete("/api/v1/attributes/" + key).andExpect(status().isConflict());
        api.post("/api/v1/programs/" + program + "/archive", "").andExpect(status().isOk());
    }

    @Test
    void anAttributeNamedOnlyInAProgramsTaskStepOrATriggersTaskIsKeptNamingTheStepAndTheTrigger() throws Exception {
        String key = "lease_" + run;
        attributes.define(new AttributeDefinition(key, "Lease " + run, AttributeType.TEXT, List.of(), false));
        long program = api.activeProgram("""
                {"name": "lease calls %1$s", "kind": "SEQUENCE", "steps": [{"type": "wait", "duration": "P30D"},
                  {"type": "task", "text": "Ask {{ contact.first_name }} about {{ contact.%2$s }}"}]}""".formatted(run, key));
        long trigger = Api.json(api.post("/api/v1/triggers", """
                {"name": "Lease reply %1$s", "when": {"type": "activity", "activity": "REPLIED"},
                 "actions": [{"type": "createTask", "title": "Call back", "context": "Lease: {{ contact.%2$s }}"}]}"""
                .formatted(run, key)).andExpect(status().isCreated())).get("id").asLong();

        api.delete("/api/v1/attributes/" + key).andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("program 'lease calls " + run + "' (the task at step 2)")))
                .andExpect(jsonPath("$.detail").value(containsString("trigger 'Lease reply " + run + "'")));
        assertThat(attributes.list()).anyMatch(d -> d.key().equals(key));

        api.post("/api/v1/programs/" + program + "/archive", "").andExpect(status().isOk());
        api.delete("/api/v1/triggers/" + trigger).andExpect(status().isNoContent());
        api.delete("/api/v1/attributes/" + key).andExpect(status().isNoContent());
    }

    @Test
    void aMarketerFindsTheAttributesUnderSettingsAndARepReadsThemWithoutTheForm() throws Exception {
        Document marketer = page(as(Role.MARKETER, get("/ui/lists")));
        assertThat(marketer.select("header nav .links a:contains(Settings)").attr("href")).isEqualTo("/ui/settings/attributes");
        Document settings = page(as(Role.MARKETER, get("/ui/settings/attributes")));
        assertThat(settings.select("nav.settings-nav a").eachText())
                .containsExactly("Pressure and quiet hours", "Stages and recycling", "Custom attributes");
        assertThat(settings.getElementById("attribute-form")).isNotNull();

        Document admin = page(as(Role.ADMIN, get("/ui/settings/attributes")));
        assertThat(admin.select("nav.settings-nav a").eachText()).contains("Users", "Audit log", "Custom attributes");

        Document rep = page(as(Role.SALES, get("/ui/settings/attributes")));
        assertThat(rep.selectFirst("#attributes tr[data-key=birthday]")).isNotNull();
        assertThat(rep.select("#attribute-form, #attributes a")).isEmpty();
        assertThat(as(Role.SALES, define("rep_" + run, "Rep", "TEXT", "")).getStatus()).isEqualTo(403);
    }

    private static MockHttpServletRequestBuilder define(String key, String label, String type, String options) {
        return post("/ui/settings/attributes").param("key", key).param("label", label).param("type", type)
                .param("options", options);
    }

    private MockHttpServletResponse as(Role role, MockHttpServletRequestBuilder request) throws Exception {
        return api.mvc().perform(request.with(user(api.sessionUser(role)).roles(role.name())).with(csrf()))
                .andReturn().getResponse();
    }

    /** The page that came back, which must be one (a refused form is shown again, status 200). */
    private static Document page(MockHttpServletResponse response) throws Exception {
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        return Jsoup.parse(response.getContentAsString());
    }
}
