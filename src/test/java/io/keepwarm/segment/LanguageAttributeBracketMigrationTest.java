package io.keepwarm.segment;

import static org.assertj.core.api.Assertions.assertThat;

import db.migration.V122__Custom_language_attribute_in_bracket_liquid;
import io.keepwarm.support.MigrationDatabase;
import io.keepwarm.support.TestDatabase;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * V122, on a database of its own (an H2 in memory, a PostgreSQL schema): Liquid's bracket form of the account's own
 * attribute "language", {@code contact["language"]} or {@code contact['language']}, which V116 left to read the
 * contact's own language, names the attribute's new key as the dotted form does since V116; a text saved after the
 * rename, and every text of an account that never had such an attribute, keep meaning the contact's language.
 */
@Tag("db")
@ExtendWith(TestDatabase.class)
class LanguageAttributeBracketMigrationTest {

    private static final OffsetDateTime JANUARY = Instant.parse("2025-01-05T09:00:00Z").atOffset(ZoneOffset.UTC);

    private final MigrationDatabase database = new MigrationDatabase("language_brackets");
    private final JdbcClient jdbc = database.jdbc();

    @Test
    void theBracketFormsOfTheCustomLanguageAttributeNameItsNewKeyInPiecesStepsAndActions() {
        database.startAt("115");
        database.attribute("language", "Spoken language", JANUARY);
        long piece = piece("Hello", JANUARY);
        jdbc.sql("""
                INSERT INTO content_variants (content_id, channel, subject, html_body, text_body, text_derived)
                VALUES (?, 'EMAIL', ?, ?, ?, FALSE)""")
                .params(piece, "In {{ contact[\"language\"] }}",
                        "<p>{{ contact['language'] | default: \"?\" }} {{ contact[ \"language\" ] }}"
                                + " {{ contact[\"language_level\"] }} {{ company[\"language\"] }}</p>",
                        "{% if contact['language'] == \"German\" %}Hallo{% endif %}")
                .update();
        jdbc.sql("INSERT INTO content_variants (content_id, channel, script, text_derived) VALUES (?, 'PHONE', ?, FALSE)")
                .params(piece, "Ask in {{contact['language']}}").update();
        jdbc.sql("UPDATE content_items SET landing_html = ? WHERE id = ?")
                .params("<p>{{ contact[\"language\"] }}</p>", piece).update();
        jdbc.sql("""
                INSERT INTO programs (name, kind, status, priority, reenrollment, exit_on_segment_leave, goal_json,
                    definition_json, version, created_by, created_at, updated_at)
                VALUES ('Drip', 'SEQUENCE', 'ACTIVE', 0, 'NEVER', FALSE, NULL, ?, 1, 'admin', ?, ?)""")
                .params("{\"steps\":[{\"type\":\"task\",\"text\":\"Call in {{ contact[\\\"language\\\"] }}\"}]}",
                        JANUARY, JANUARY).update();
        jdbc.sql("""
                INSERT INTO triggers (name, status, kind, cue_type, cue_json, condition_text, actions_json, created_by,
                    created_at, updated_at, listening_since)
                VALUES ('Hot', 'ACTIVE', 'CUSTOMER', 'tagAdded', '{}', NULL, ?, 'admin', ?, ?, ?)""")
                .params("[{\"type\":\"alert\",\"text\":\"Speaks {{ contact['language'] }}\"}]", JANUARY, JANUARY,
                        JANUARY).update();

        database.migrateTo("116");
        // Written after the rename, when the bracket form already printed the contact's own language: it stays.
        OffsetDateTime renamed = jdbc.sql("SELECT occurred_at FROM audit_log WHERE action = 'ATTRIBUTE_RENAMED'")
                .query(OffsetDateTime.class).single();
        long since = piece("Since", renamed.plusMinutes(5));
        jdbc.sql("""
                INSERT INTO content_variants (content_id, channel, subject, html_body, text_body, text_derived)
                VALUES (?, 'EMAIL', 'In {{ contact["language"] }}', '<p>x</p>', 'x', FALSE)""").param(since).update();
        database.migrateToLatest();

        assertThat(jdbc.sql("SELECT subject FROM content_variants WHERE content_id = ? AND channel = 'EMAIL'")
                .param(piece).query(String.class).single()).isEqualTo("In {{ contact[\"language_custom\"] }}");
        assertThat(jdbc.sql("SELECT html_body FROM content_variants WHERE content_id = ? AND channel = 'EMAIL'")
                .param(piece).query(String.class).single())
                .as("each quote kept; another attribute and another object's language stay")
                .isEqualTo("<p>{{ contact['language_custom'] | default: \"?\" }} {{ contact[ \"language_custom\" ] }}"
                        + " {{ contact[\"language_level\"] }} {{ company[\"language\"] }}</p>");
        assertThat(jdbc.sql("SELECT text_body FROM content_variants WHERE content_id = ? AND channel = 'EMAIL'")
                .param(piece).query(String.class).single())
                .isEqualTo("{% if contact['language_custom'] == \"German\" %}Hallo{% endif %}");
        assertThat(jdbc.sql("SELECT script FROM content_variants WHERE content_id = ? AND channel = 'PHONE'")
                .param(piece).query(String.class).single()).isEqualTo("Ask in {{contact['language_custom']}}");
        assertThat(jdbc.sql("SELECT landing_html FROM content_items WHERE id = ?").param(piece).query(String.class)
                .single()).isEqualTo("<p>{{ contact[\"language_custom\"] }}</p>");
        assertThat(jdbc.sql("SELECT definition_json FROM programs").query(String.class).single())
                .contains("Call in {{ contact[\\\"language_custom\\\"] }}");
        assertThat(jdbc.sql("SELECT actions_json FROM triggers").query(String.class).single())
                .contains("Speaks {{ contact['language_custom'] }}");
        assertThat(jdbc.sql("SELECT subject FROM content_variants WHERE content_id = ?").param(since)
                .query(String.class).single()).isEqualTo("In {{ contact[\"language\"] }}");
    }

    @Test
    void anAccountThatNeverHadSuchAnAttributeKeepsTheBracketFormForTheContactsLanguage() {
        database.startAt("115");
        long piece = piece("Hello", JANUARY);
        jdbc.sql("""
                INSERT INTO content_variants (content_id, channel, subject, html_body, text_body, text_derived)
                VALUES (?, 'EMAIL', 'In {{ contact["language"] }}', '<p>x</p>', 'x', FALSE)""").param(piece).update();

        database.migrateToLatest();

        assertThat(jdbc.sql("SELECT subject FROM content_variants WHERE content_id = ?").param(piece)
                .query(String.class).single()).isEqualTo("In {{ contact[\"language\"] }}");
    }

    @Test
    void aTextRewrittenOnceIsNotRewrittenAgain() {
        String once = V122__Custom_language_attribute_in_bracket_liquid.rewritten(
                "{{ contact[\"language\"] }} {{ contact['language'] }} {{ contact.language_custom }}", "language_custom");

        assertThat(once).isEqualTo("{{ contact[\"language_custom\"] }} {{ contact['language_custom'] }}"
                + " {{ contact.language_custom }}");
        assertThat(V122__Custom_language_attribute_in_bracket_liquid.rewritten(once, "language_custom"))
                .isEqualTo(once);
        assertThat(V122__Custom_language_attribute_in_bracket_liquid.rewritten("{{ contact[\"language'] }}",
                "language_custom")).as("mismatched quotes are no bracket form").isEqualTo("{{ contact[\"language'] }}");
    }

    private long piece(String name, OffsetDateTime updatedAt) {
        jdbc.sql("""
                INSERT INTO content_items (name, content_type, status, language, fallbacks_json, created_by,
                    created_at, updated_by, updated_at)
                VALUES (?, 'ARTICLE', 'LIVE', 'en', '{}', 'admin', ?, 'admin', ?)""").params(name, JANUARY, updatedAt).update();
        return jdbc.sql("SELECT id FROM content_items WHERE name = ?").param(name).query(Long.class).single();
    }
}
