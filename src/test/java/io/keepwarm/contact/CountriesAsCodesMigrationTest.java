package io.keepwarm.contact;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.support.MigrationDatabase;
import io.keepwarm.support.TestDatabase;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * V73, on a database of its own (an H2 in memory, a PostgreSQL schema): contacts stored with their country as typed
 * hold its ISO code afterwards and are queued for their segments; a code, an empty country and a name of no country
 * stay as they were.
 */
@Tag("db")
@ExtendWith(TestDatabase.class)
class CountriesAsCodesMigrationTest {

    private static final String SCHEMA = "countries_as_codes";
    private static final OffsetDateTime JANUARY = Instant.parse("2026-01-05T09:00:00Z").atOffset(ZoneOffset.UTC);

    private final MigrationDatabase database = new MigrationDatabase(SCHEMA);
    private final JdbcClient jdbc = database.jdbc();

    @Test
    void countriesTypedAsNamesBecomeTheirCodesAndTheirContactsAreReCheckedForSegments() {
        database.startAt("71");
        long germany = contact("germany", "Germany");
        long usa = contact("usa", "U.S.A.");
        long lower = contact("lower", "germany");
        long code = contact("code", "FR");
        long none = contact("none", null);
        long nowhere = contact("nowhere", "Atlantis");

        database.migrateToLatest();

        assertThat(List.of(germany, usa, lower, code, none, nowhere)).map(this::country)
                .containsExactly("DE", "US", "DE", "FR", null, "Atlantis");
        assertThat(jdbc.sql("SELECT contact_id FROM segment_changes ORDER BY contact_id").query(Long.class).list())
                .as("the contacts changed, queued for their segments").containsExactlyInAnyOrder(germany, usa, lower);
    }

    private long contact(String name, String country) {
        return database.contact(name, country, null, "Europe/Berlin", JANUARY);
    }

    private String country(long contact) {
        return jdbc.sql("SELECT country FROM contacts WHERE id = ?").param(contact).query(String.class).optional()
                .orElse(null);
    }
}
