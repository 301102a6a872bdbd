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
 * V96, on a database of its own: contacts stored before it get the region key a segment rule compares, read in their
 * country as territories read it, and every segment is rebuilt once with rules that now find more.
 */
@Tag("db")
@ExtendWith(TestDatabase.class)
class RegionKeysMigrationTest {

    private static final String SCHEMA = "region_keys";
    private static final OffsetDateTime JANUARY = Instant.parse("2026-01-05T09:00:00Z").atOffset(ZoneOffset.UTC);

    private final MigrationDatabase database = new MigrationDatabase(SCHEMA);
    private final JdbcClient jdbc = database.jdbc();

    @Test
    void contactsStoredBeforeGetTheKeyOfTheirRegionInTheirCountryAndSegmentsAreRebuilt() {
        database.startAt("95");
        long bayern = contact("bayern", "DE", "Bayern");
        long georgia = contact("georgia", "US", "georgia");
        long words = contact("words", null, "Nordrhein Westfalen");
        long coded = contact("coded", null, "us-ga");
        long none = contact("none", "DE", null);
        jdbc.sql("""
                INSERT INTO segments (name, rule_json, time_dependent, rebuild_due, created_by, created_at, updated_at)
                VALUES ('bavarians', '{"field": "region", "op": "=", "value": "Bayern"}', FALSE, FALSE, 'test', ?, ?)""")
                .params(JANUARY, JANUARY).update();

        database.migrateToLatest();

        assertThat(List.of(bayern, georgia, words, coded, none)).map(this::regionKey)
                .containsExactly("DE-BY", "US-GA", "nordrheinwestfalen", "US-GA", null);
        assertThat(jdbc.sql("SELECT rebuild_due FROM segments").query(Boolean.class).single()).isTrue();
    }

    private long contact(String name, String country, String region) {
        return database.contact(name, country, region, "Europe/Berlin", JANUARY);
    }

    private String regionKey(long contact) {
        return jdbc.sql("SELECT region_key FROM contacts WHERE id = ?").param(contact).query(String.class).optional()
                .orElse(null);
    }
}
