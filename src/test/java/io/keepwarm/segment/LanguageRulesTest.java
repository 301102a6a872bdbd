package io.keepwarm.segment;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A rule picks contacts by their own language; one of none, who reads the account's default, is "empty". */
@KeepwarmTest
class LanguageRulesTest {

    @Autowired Api api;
    @Autowired Segments segments;

    private final String tag = "lang-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aRuleFindsContactsByTheirLanguageAndThoseOfNoneAsEmpty() throws Exception {
        long german = contact("de");
        long french = contact("FR");
        long english = contact("en");
        long accountDefault = contact(null);

        assertThat(matching("language = de")).containsExactly(german);
        assertThat(matching("language = \"DE\"")).as("a code in any case").containsExactly(german);
        assertThat(matching("language in (de, \"fr\")")).containsExactly(german, french);
        assertThat(matching("language != de")).containsExactly(french, english, accountDefault);
        assertThat(matching("language is empty")).as("those who read the account's default")
                .containsExactly(accountDefault);
        assertThat(matching("language is not empty")).containsExactly(german, french, english);
        assertThat(matchingJson("{\"field\": \"language\", \"op\": \"in\", \"values\": [\"en\", \"de\"]}"))
                .containsExactly(german, english);
    }

    @Test
    void aLanguageThatIsNoCodeIsRefusedNamingItAndOperatorsOfTextAreNotOffered() throws Exception {
        api.post("/api/v1/segments/preview", text("stage = NURTURE and language in (de, German)"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("rule.and[1].values[1]"))
                .andExpect(jsonPath("$.errors[0].message").value(Matchers.containsString(
                        "'German' is not an ISO 639-1 language code; give two letters such as en, de or fr")));
        api.post("/api/v1/segments/preview", text("language contains \"d\""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(Matchers.containsString(
                        "'contains' does not work on language")));
    }

    @Test
    void theConditionBuilderOffersTheLanguagesByNameSayingWhatEmptyMeansAndWritesTheRule() {
        Vocabulary.Term language = segments.vocabulary(null).terms().stream().filter(t -> t.key().equals("language"))
                .findFirst().orElseThrow();

        assertThat(language.label()).isEqualTo("Language");
        assertThat(language.group()).isEqualTo("Contact");
        assertThat(language.operators()).extracting(Vocabulary.Op::words).containsExactly("is", "is not", "is one of",
                "is empty (reads the account's default)", "is set (their own)");
        assertThat(language.choices()).contains(new Vocabulary.Choice("de", "German (de)"),
                new Vocabulary.Choice("pt", "Portuguese (pt)"));
        assertThat(segments.addCondition("", false, new Condition("language", "IN", List.of("de", "fr"), null, null), null))
                .isEqualTo("language in (\"de\", \"fr\")");
    }

    private long contact(String language) throws Exception {
        return api.createContact("{\"email\": \"" + uniqueEmail("lang") + "\", \"source\": \"API\", \"tags\": [\"" + tag
                + "\"]" + (language == null ? "" : ", \"language\": \"" + language + "\"") + "}");
    }

    private List<Long> matching(String rule) throws Exception {
        return members(text("tag = \"" + tag + "\" and (" + rule + ")"));
    }

    private List<Long> matchingJson(String rule) throws Exception {
        return members("{\"rule\": {\"and\": [{\"field\": \"tag\", \"op\": \"=\", \"value\": \"" + tag + "\"}, " + rule + "]}}");
    }

    private List<Long> members(String body) throws Exception {
        return ids(json(api.post("/api/v1/segments/preview", body).andExpect(status().isOk())).get("sample"));
    }

    private static String text(String rule) {
        return JsonMapper.shared().createObjectNode().put("text", rule).toString();
    }

    private static List<Long> ids(JsonNode members) {
        List<Long> ids = new ArrayList<>();
        members.forEach(m -> ids.add(m.get("contactId").asLong()));
        return ids;
    }
}
