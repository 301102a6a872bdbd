package io.keepwarm.contact;

import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.platform.Folding;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The folded text the database keeps beside each searched column (V124) is the text Folding folds in a query, for
 * every letter it folds: a search or a rule finds the same contacts as when each row was folded at every query.
 */
@KeepwarmTest
class FoldedColumnsTest {

    @Autowired Api api;
    @Autowired JdbcClient jdbc;

    @Test
    void theStoredFoldedNamesTitleAddressAndCompanyAreTheTextFoldedAsASearchFoldsIt() throws Exception {
        String letters = foldedLetters();
        ObjectNode contact = JsonMapper.shared().createObjectNode().put("email", uniqueEmail("fold"))
                .put("firstName", "Zoë " + letters.substring(0, letters.length() / 2))
                .put("lastName", "Groß-" + letters.substring(letters.length() / 2))
                .put("title", "Directrice Générale " + letters.substring(0, 60));
        contact.putObject("company").put("name", "Société Ürünler " + letters.substring(60));
        long id = api.createContact(contact.toString());

        Map<String, Object> row = jdbc.sql("""
                SELECT c.first_name, c.first_name_folded, c.last_name, c.last_name_folded, c.title, c.title_folded,
                       c.email, c.email_folded, co.name, co.name_folded
                  FROM contacts c JOIN companies co ON co.id = c.company_id WHERE c.id = ?""").param(id)
                .query((rs, n) -> {
                    Map<String, Object> values = new java.util.LinkedHashMap<>();
                    for (int i = 1; i <= 10; i += 2) {
                        values.put(rs.getString(i), rs.getString(i + 1));
                    }
                    return Map.<String, Object>copyOf(values);
                }).single();

        assertThat(row).hasSize(5).allSatisfy((text, folded) -> {
            assertThat(folded).as(text).isEqualTo(Folding.fold(text)).isEqualTo(jdbc
                    .sql("SELECT " + Folding.sql("CAST(? AS VARCHAR)") + " FROM contacts WHERE id = ?")
                    .params(text, id).query(String.class).single());
        });
        assertThat(row.get(contact.get("lastName").asString())).asString().startsWith("gross-");
    }

    /** Every letter of Latin-1 and Latin Extended-A that Folding makes a plain letter, in both cases where it has two. */
    private static String foldedLetters() {
        StringBuilder letters = new StringBuilder();
        for (char c = 0xC0; c <= 0x17F; c++) {
            String folded = Folding.fold(String.valueOf(c));
            if (Character.isLetter(c) && !folded.equals(String.valueOf(c).toLowerCase(java.util.Locale.ROOT))
                    && folded.chars().allMatch(l -> l >= 'a' && l <= 'z')) {
                letters.append(c);
            }
        }
        assertThat(letters.length()).as("the letters Folding folds").isGreaterThan(120);
        return letters.toString();
    }
}
