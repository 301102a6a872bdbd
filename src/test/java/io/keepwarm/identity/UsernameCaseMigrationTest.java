package io.keepwarm.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keepwarm.support.MigrationDatabase;
import io.keepwarm.support.TestDatabase;
import java.time.Instant;
import java.time.ZoneOffset;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * V58 makes a username one name whatever its case, on a database of its own (an H2 in memory, a PostgreSQL schema): two
 * users whose names differ only in case stop it, naming both, before it changes anything; once one is renamed it runs,
 * and from then on the database itself refuses a second 'alice'.
 */
@Tag("db")
@ExtendWith(TestDatabase.class)
class UsernameCaseMigrationTest {

    private static final String SCHEMA = "username_case";

    private final MigrationDatabase database = new MigrationDatabase(SCHEMA);
    private final JdbcClient jdbc = database.jdbc();

    @Test
    void namesDifferingOnlyInCaseStopTheMigrationNamingThemAndOnceRenamedTheDatabaseRefusesASecondAlice() {
        database.startAt("57?"); // "?": the last version below 58, whichever it is
        long first = user("Alice");
        long second = user("alice");
        user("bob");

        assertThatThrownBy(() -> database.migrateToLatest()).isInstanceOf(FlywayException.class)
                .hasMessageContaining("Usernames that differ only in case: Alice (id " + first + "), alice (id " + second
                        + ")")
                .hasMessageContaining("rename all but one");
        assertThat(version()).as("nothing of V58 stands").isNotEqualTo("58");

        jdbc.sql("UPDATE users SET username = 'alice.smith' WHERE id = ?").param(second).update();
        if (!TestDatabase.postgres()) {
            // as H2's message says: Flyway noted the failed attempt there (PostgreSQL rolled it back)
            assertThatThrownBy(() -> database.migrateToLatest()).hasMessageContaining("failed migration to version 58");
            jdbc.sql("DELETE FROM flyway_schema_history WHERE version = '58'").update();
        }
        database.migrateToLatest();

        assertThat(jdbc.sql("SELECT COUNT(*) FROM flyway_schema_history WHERE version = '58' AND success")
                .query(Integer.class).single()).as("V58 stands").isEqualTo(1);
        assertThatThrownBy(() -> user("ALICE")).isInstanceOf(DataIntegrityViolationException.class);
        assertThat(user("carol")).isPositive();
    }

    private long user(String name) {
        jdbc.sql("""
                INSERT INTO users (username, display_name, role, password_hash, enabled, created_at)
                VALUES (?, ?, 'MARKETER', 'x', TRUE, ?)""").params(name, name, Instant.EPOCH.atOffset(ZoneOffset.UTC))
                .update();
        return jdbc.sql("SELECT id FROM users WHERE username = ?").param(name).query(Long.class).single();
    }

    private String version() {
        return jdbc.sql("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank DESC")
                .query(String.class).list().getFirst();
    }
}
