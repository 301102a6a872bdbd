package io.keepwarm.segment;

import static org.assertj.core.api.Assertions.assertThat;

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
 * V116, on a database of its own (an H2 in memory, a PostgreSQL schema): an account's own attribute keyed "language",
 * which the new field of that name would hide from rules, is "language_custom" with its values, and every rule, step,
 * action and template that named it names the new key; an attribute labelled "Language" is "Language (custom)"; both
 * are in the audit log.
 */
@Tag("db")
@ExtendWith(TestDatabase.class)
class LanguageAttributeMigrationTest {

    private static final OffsetDateTime JANUARY = Instant.parse("2025-01-05T09:00:00Z").atOffset(ZoneOffset.UTC);

    private final MigrationDatabase database = new MigrationDatabase("language_attribute");
    private final JdbcClient jdbc = database.jdbc();

    @Test
    void theCustomLanguageAttributeMovesToItsOwnKeyAndWhatNamedItFollows() {
        database.startAt("115");
        database.attribute("language", "Spoken language", JANUARY);
        database.attribute("lang", "LANGUAGE ", JANUARY.plusDays(1));
        long contact = database.contact("ana", "DE", null, "Europe/Berlin", JANUARY);
        jdbc.sql("INSERT INTO contact_attributes (contact_id, attr_key, value_text) VALUES (?, 'language', 'German')")
                .param(contact).update();
        jdbc.sql("""
                INSERT INTO segments (name, rule_json, time_dependent, rebuild_due, created_by, created_at, updated_at)
                VALUES ('Germans', ?, FALSE, FALSE, 'admin', ?, ?)""")
                .params("{\"and\":[{\"field\":\"language\",\"op\":\"=\",\"value\":\"German\"},"
                        + "{\"field\":\"title\",\"op\":\"=\",\"value\":\"language\"}]}", JANUARY, JANUARY).update();
        jdbc.sql("""
                INSERT INTO programs (name, kind, status, priority, reenrollment, exit_on_segment_leave, goal_json,
                    definition_json, version, created_by, created_at, updated_at)
                VALUES ('Drip', 'SEQUENCE', 'ACTIVE', 0, 'NEVER', FALSE, ?, ?, 1, 'admin', ?, ?)""")
                .params("{\"field\":\"language\",\"op\":\"is not empty\",\"values\":[]}",
                        "{\"steps\":[{\"type\":\"setAttribute\",\"key\":\"language\",\"value\":\"French\"},"
                                + "{\"type\":\"task\",\"text\":\"Call in {{ contact.language }}, {{contact.language_level}}\"}]}",
                        JANUARY, JANUARY).update();
        jdbc.sql("""
                INSERT INTO triggers (name, status, kind, cue_type, cue_json, condition_text, actions_json, created_by,
                    created_at, updated_at, listening_since)
                VALUES ('Hot', 'ACTIVE', 'CUSTOMER', 'tagAdded', '{}', ?, ?, 'admin', ?, ?, ?)""")
                .params("language in (\"German\", language) and title = \"language\" and consent.email = GRANTED",
                        "[{\"type\":\"setAttribute\",\"key\":\"language\",\"value\":\"x\"}]", JANUARY, JANUARY, JANUARY)
                .update();
        jdbc.sql("INSERT INTO fit_rules (name, rule_text, points, created_at) VALUES ('Speaks', ?, 5, ?)")
                .params("not language is empty", JANUARY).update();
        jdbc.sql("""
                INSERT INTO content_items (name, content_type, status, language, fallbacks_json, created_by, created_at,
                    updated_by, updated_at)
                VALUES ('Hello', 'ARTICLE', 'LIVE', 'en', '{"contact.language":"your language"}', 'admin', ?, 'admin', ?)""")
                .params(JANUARY, JANUARY).update();
        long piece = jdbc.sql("SELECT id FROM content_items WHERE name = 'Hello'").query(Long.class).single();
        jdbc.sql("""
                INSERT INTO content_variants (content_id, channel, subject, html_body, text_body, text_derived)
                VALUES (?, 'EMAIL', 'In {{ contact.language }}', '<p>{{ contact.language | default: "?" }}</p>', 'x', FALSE)""")
                .param(piece).update();

        database.migrateToLatest();

        assertThat(jdbc.sql("SELECT label FROM attribute_definitions WHERE attr_key = 'language_custom'")
                .query(String.class).single()).isEqualTo("Spoken language");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM attribute_definitions WHERE attr_key = 'language'")
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT label FROM attribute_definitions WHERE attr_key = 'lang'").query(String.class)
                .single()).as("a label the builder shows for the field").isEqualTo("LANGUAGE (custom)");
        assertThat(jdbc.sql("SELECT attr_key || '=' || value_text FROM contact_attributes WHERE contact_id = ?")
                .param(contact).query(String.class).single()).isEqualTo("language_custom=German");
        assertThat(jdbc.sql("SELECT rule_json FROM segments").query(String.class).single())
                .contains("\"field\":\"language_custom\"").as("a value stays").contains("\"value\":\"language\"");
        assertThat(jdbc.sql("SELECT goal_json FROM programs").query(String.class).single())
                .contains("\"field\":\"language_custom\"");
        assertThat(jdbc.sql("SELECT definition_json FROM programs").query(String.class).single())
                .contains("\"key\":\"language_custom\"")
                .contains("Call in {{ contact.language_custom }}, {{contact.language_level}}");
        assertThat(jdbc.sql("SELECT condition_text FROM triggers").query(String.class).single())
                .isEqualTo("language_custom in (\"German\", language) and title = \"language\" and consent.email = GRANTED");
        assertThat(jdbc.sql("SELECT actions_json FROM triggers").query(String.class).single())
                .contains("\"key\":\"language_custom\"");
        assertThat(jdbc.sql("SELECT rule_text FROM fit_rules").query(String.class).single())
                .isEqualTo("not language_custom is empty");
        assertThat(jdbc.sql("SELECT subject || ' ' || html_body FROM content_variants").query(String.class).single())
                .isEqualTo("In {{ contact.language_custom }} <p>{{ contact.language_custom | default: \"?\" }}</p>");
        assertThat(jdbc.sql("SELECT fallbacks_json FROM content_items").query(String.class).single())
                .isEqualTo("{\"contact.language_custom\":\"your language\"}");
        assertThat(jdbc.sql("SELECT entity_id || ' ' || details FROM audit_log WHERE action = 'ATTRIBUTE_RENAMED'"
                + " ORDER BY id").query(String.class).list()).containsExactly(
                "language_custom {\"key\":\"language_custom\",\"was\":\"language\"}",
                "lang {\"label\":\"LANGUAGE (custom)\",\"was\":\"LANGUAGE \"}");
    }

    @Test
    void anAccountWithoutSuchAnAttributeKeepsEverything() {
        database.startAt("115");
        database.attribute("spoken", "Spoken", JANUARY);

        database.migrateToLatest();

        assertThat(jdbc.sql("SELECT attr_key || ':' || label FROM attribute_definitions WHERE built_in = FALSE")
                .query(String.class).list()).containsExactly("spoken:Spoken");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'ATTRIBUTE_RENAMED'").query(Long.class)
                .single()).isZero();
    }
}
