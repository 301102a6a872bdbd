package io.keepwarm.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keepwarm.support.MigrationDatabase;
import io.keepwarm.support.TestDatabase;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * V103, on a database of its own (an H2 in memory, a PostgreSQL schema): live API keys named alike, whatever the case,
 * keep the oldest one's name and the later ones are told apart by " (2)", " (3)"..., the first number no other live key
 * holds, each renaming in the audit log; revoked keys keep their names; from then on the database itself refuses a
 * second live key of a name, and a revoked key's name is free.
 */
@Tag("db")
@ExtendWith(TestDatabase.class)
class ApiKeyNamesMigrationTest {

    private static final OffsetDateTime JANUARY = Instant.parse("2026-01-05T09:00:00Z").atOffset(ZoneOffset.UTC);

    private final MigrationDatabase database = new MigrationDatabase("api_key_names");
    private final JdbcClient jdbc = database.jdbc();

    @Test
    void laterLiveKeysNamedAsAnEarlierOneAnyCaseAreNumberedAndTheDatabaseRefusesASecondLiveName() {
        database.startAt("102");
        long zapier = key("zapier", false);
        long revoked = key("Zapier", true);
        long second = key("ZAPIER", false);
        long taken = key("zapier (2)", false);
        long third = key("zApIeR", false);
        long other = key("crm-sync", false);

        database.migrateToLatest();

        assertThat(name(zapier)).isEqualTo("zapier");
        assertThat(name(revoked)).as("a revoked key is named as it was").isEqualTo("Zapier");
        assertThat(name(second)).isEqualTo("ZAPIER (3)");
        assertThat(name(taken)).isEqualTo("zapier (2)");
        assertThat(name(third)).isEqualTo("zApIeR (4)");
        assertThat(name(other)).isEqualTo("crm-sync");
        assertThat(jdbc.sql("SELECT details FROM audit_log WHERE action = 'API_KEY_RENAMED' AND entity_id = ?")
                .param(String.valueOf(second)).query(String.class).single())
                .contains("\"name\":\"ZAPIER (3)\"", "\"was\":\"ZAPIER\"");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'API_KEY_RENAMED'").query(Long.class).single())
                .isEqualTo(2);

        assertThatThrownBy(() -> key("CRM-SYNC", false)).isInstanceOf(DataIntegrityViolationException.class);
        assertThat(key("crm-sync", true)).as("a revoked key of a live key's name").isPositive();
        jdbc.sql("UPDATE api_keys SET revoked_at = ? WHERE id = ?").params(JANUARY, other).update();
        assertThat(key("CRM-sync", false)).as("the name a revoked key freed").isPositive();
    }

    private long key(String name, boolean revoked) {
        String hash = java.util.UUID.randomUUID().toString();
        jdbc.sql("""
                INSERT INTO api_keys (name, prefix, key_hash, role, created_by, created_at, revoked_at)
                VALUES (?, 'kw_abc', ?, 'MARKETER', 'admin', ?, ?)""")
                .params(name, hash, JANUARY, revoked ? JANUARY : null).update();
        return jdbc.sql("SELECT id FROM api_keys WHERE key_hash = ?").param(hash).query(Long.class).single();
    }

    private String name(long key) {
        return jdbc.sql("SELECT name FROM api_keys WHERE id = ?").param(key).query(String.class).single();
    }
}
