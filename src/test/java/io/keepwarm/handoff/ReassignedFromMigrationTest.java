package io.keepwarm.handoff;

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
 * V110, on a database of its own (an H2 in memory, a PostgreSQL schema): the rep the SLA's REASSIGN took a hand-off
 * from is kept apart from its escalation, which a second lapse overwrote; a lead a stand-in held for an away owner and
 * let lapse is not marked, so it goes back to its owner.
 */
@Tag("db")
@ExtendWith(TestDatabase.class)
class ReassignedFromMigrationTest {

    private static final String SCHEMA = "handoff_reassigned_from";
    private static final OffsetDateTime JANUARY = Instant.parse("2026-01-06T10:00:00Z").atOffset(ZoneOffset.UTC);

    private final MigrationDatabase database = new MigrationDatabase(SCHEMA);
    private final JdbcClient jdbc = database.jdbc();

    @Test
    void aLeadTakenFromItsOwnerForALapseIsMarkedAlsoOnceEscalatedAndOneItsStandInLetLapseIsNot() {
        database.startAt("109");
        long mike = user("mike");
        long rita = user("rita");
        // The SLA took it from Mike, who let it lapse: not escalated since.
        long reassigned = handoff("reassigned", "OPEN", rita, mike, mike, "REASSIGNED", mike);
        // Taken from Mike for his lapse, then Rita let it lapse too and her manager heard: the mark was overwritten.
        long lapsedTwice = handoff("lapsed-twice", "OPEN", rita, mike, mike, "ESCALATED", mike);
        // Held by Rita while Mike was away, and Rita let it lapse: Mike's again when he is back.
        long heldForMike = handoff("held-for-mike", "OPEN", rita, mike, mike, "ESCALATED", rita);
        long decided = handoff("decided", "ACCEPTED", rita, null, mike, "REASSIGNED", mike);

        database.migrateToLatest();

        assertThat(reassignedFrom(reassigned)).isEqualTo(mike);
        assertThat(reassignedFrom(lapsedTwice)).isEqualTo(mike);
        assertThat(reassignedFrom(heldForMike)).isNull();
        assertThat(reassignedFrom(decided)).isEqualTo(mike);
    }

    private long handoff(String name, String state, long rep, Long standInFor, long previous, String escalation,
            long missedBy) {
        long contact = database.contact(name, null, null, "UTC", JANUARY);
        jdbc.sql("""
                INSERT INTO handoffs (contact_id, open_contact_id, state, rep_id, stand_in_for, previous_rep_id,
                    created_at, assigned_at, due_at, escalated_at, escalation, missed_at, missed_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(contact, state.equals("OPEN") ? contact : null, state, rep, standInFor, previous, JANUARY,
                        JANUARY, JANUARY.plusDays(1), JANUARY.plusDays(2), escalation, JANUARY, missedBy)
                .update();
        return jdbc.sql("SELECT id FROM handoffs WHERE contact_id = ?").param(contact).query(Long.class).single();
    }

    private Long reassignedFrom(long handoff) {
        return jdbc.sql("SELECT reassigned_from FROM handoffs WHERE id = ?").param(handoff)
                .query((rs, n) -> rs.getObject(1, Long.class)).list().getFirst();
    }

    private long user(String username) {
        jdbc.sql("""
                INSERT INTO users (username, display_name, role, password_hash, enabled, created_at)
                VALUES (?, ?, 'SALES', 'x', TRUE, ?)""").params(username, username, JANUARY).update();
        return jdbc.sql("SELECT id FROM users WHERE username = ?").param(username).query(Long.class).single();
    }
}
