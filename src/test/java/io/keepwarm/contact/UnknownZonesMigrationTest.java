package io.keepwarm.contact;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.support.MigrationDatabase;
import io.keepwarm.support.TestDatabase;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * V101, on a database of its own: a contact stored with no time zone gets the clock its country or region has in the
 * table now, as a new contact of that place would; a zone that is set stays, given or not, and a place of several
 * clocks or of none Keepwarm reads stays unknown.
 */
@Tag("db")
@ExtendWith(TestDatabase.class)
class UnknownZonesMigrationTest {

    private static final String SCHEMA = "unknown_zones";
    private static final OffsetDateTime JANUARY = Instant.parse("2026-01-05T09:00:00Z").atOffset(ZoneOffset.UTC);

    private final MigrationDatabase database = new MigrationDatabase(SCHEMA);
    private final JdbcClient jdbc = database.jdbc();

    @Test
    void contactsWithoutAZoneGetTheOneClockTheirPlaceKeepsNowAndAZoneSetStays() {
        database.startAt("100?");
        long china = contact("china", "CN", null, null);
        long quebec = contact("quebec", "CA", "Québec", null);
        long inBerlin = contact("in-berlin", "CN", null, "Europe/Berlin");
        long noState = contact("no-state", "US", null, null);
        long russia = contact("russia", "RU", null, null);
        long nowhere = contact("nowhere", "Atlantis", null, null);

        database.migrateToLatest();

        assertThat(Arrays.asList(zone(china), zone(quebec), zone(inBerlin), zone(noState), zone(russia), zone(nowhere)))
                .containsExactly("Asia/Shanghai", "America/Toronto", "Europe/Berlin", null, null, null);
        assertThat(jdbc.sql("SELECT contact_id FROM segment_changes").query(Long.class).list())
                .as("the contacts changed, queued for their segments").containsExactlyInAnyOrder(china, quebec);
    }

    private long contact(String name, String country, String region, String zone) {
        return database.contact(name, country, region, zone, JANUARY);
    }

    private String zone(long contact) {
        return jdbc.sql("SELECT time_zone FROM contacts WHERE id = ?").param(contact).query(String.class).optional()
                .orElse(null);
    }
}
