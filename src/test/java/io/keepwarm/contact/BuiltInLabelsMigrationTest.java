package io.keepwarm.contact;

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
 * V100, on a database of its own (an H2 in memory, a PostgreSQL schema): attributes labelled, before V93 refused it,
 * as a built-in field ("Email", "country", "E-Mail") are "(custom)" now, so rules and imports tell them from the field;
 * their keys, and every other label, stay.
 */
@Tag("db")
@ExtendWith(TestDatabase.class)
class BuiltInLabelsMigrationTest {

    private static final OffsetDateTime JANUARY = Instant.parse("2025-01-05T09:00:00Z").atOffset(ZoneOffset.UTC);

    private final MigrationDatabase database = new MigrationDatabase("built_in_labels");
    private final JdbcClient jdbc = database.jdbc();

    @Test
    void anAttributeLabelledAsABuiltInFieldAnyCaseOrSpellingIsCustomAndTheOthersKeepTheirLabels() {
        database.startAt("96");
        database.attribute("work_email", "Email", JANUARY);
        database.attribute("mail", "E-Mail ", JANUARY.plusDays(1));
        database.attribute("home_country", "COUNTRY", JANUARY.plusDays(2));
        database.attribute("old_country", "Country (custom)", JANUARY.minusDays(1));
        database.attribute("birth_country", "Country of birth", JANUARY);
        database.attribute("long_owner", "owner", JANUARY);

        database.migrateToLatest();

        assertThat(label("work_email")).isEqualTo("Email (custom)");
        assertThat(label("mail")).as("as the settings compare it: letters alone, case aside").isEqualTo("E-Mail (custom)");
        assertThat(label("home_country")).as("the next number where '(custom)' is taken, case aside")
                .isEqualTo("COUNTRY (custom 2)");
        assertThat(label("old_country")).isEqualTo("Country (custom)");
        assertThat(label("birth_country")).isEqualTo("Country of birth");
        assertThat(label("long_owner")).isEqualTo("owner (custom)");
        assertThat(label("birthday")).as("Keepwarm's own attribute").isEqualTo("Birthday");
    }

    private String label(String key) {
        return jdbc.sql("SELECT label FROM attribute_definitions WHERE attr_key = ?").param(key).query(String.class)
                .single();
    }
}
