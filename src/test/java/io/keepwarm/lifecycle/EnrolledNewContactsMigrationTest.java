package io.keepwarm.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.support.MigrationDatabase;
import io.keepwarm.support.TestDatabase;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * V71, on a database of its own (an H2 in memory, a PostgreSQL schema): contacts enrolled before enrolling moved NEW
 * contacts to NURTURE are in nurture afterwards, as if they had been moved when their first active enrollment began;
 * a contact further along, one whose enrollment ended and one never enrolled keep their stage.
 */
@Tag("db")
@ExtendWith(TestDatabase.class)
class EnrolledNewContactsMigrationTest {

    private static final String SCHEMA = "enrolled_new_contacts";
    private static final OffsetDateTime JANUARY = Instant.parse("2026-01-05T09:00:00Z").atOffset(ZoneOffset.UTC);

    private final MigrationDatabase database = new MigrationDatabase(SCHEMA);
    private final JdbcClient jdbc = database.jdbc();

    @Test
    void aNewContactWithAnActiveEnrollmentMovesToNurtureByItsFirstProgramWhileOthersKeepTheirStage() {
        database.startAt("70");
        long welcome = program("Welcome \"Q1\"");
        long webinar = program("Webinar follow-up");
        long twice = contact("twice");
        enroll(webinar, twice, "ACTIVE", JANUARY.plusDays(3));
        enroll(welcome, twice, "ACTIVE", JANUARY.plusDays(1));
        long ended = contact("ended");
        enroll(welcome, ended, "EXITED", JANUARY);
        long lead = contact("lead");
        enroll(welcome, lead, "ACTIVE", JANUARY);
        jdbc.sql("INSERT INTO contact_stages (contact_id, stage, entered_at) VALUES (?, 'MQL', ?)")
                .params(lead, JANUARY.plusDays(2)).update();
        long stranger = contact("stranger");

        database.migrateToLatest();

        assertThat(stage(twice)).isEqualTo(Map.of("stage", "NURTURE", "entered_at", JANUARY.plusDays(1).toInstant()));
        assertThat(jdbc.sql("""
                SELECT from_stage, to_stage, occurred_at, actor_type, actor, reason_code, reason
                  FROM stage_transitions WHERE contact_id = ?""").param(twice)
                .query((rs, n) -> List.of(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant(),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)))
                .list())
                .containsExactly(List.of("NEW", "NURTURE", JANUARY.plusDays(1).toInstant(), "PROGRAM", "program:" + welcome,
                        "ENROLLED", "Enrolled in program 'Welcome \"Q1\"'"));
        JsonNode audited = JsonMapper.shared().readTree(jdbc.sql("""
                SELECT details FROM audit_log WHERE action = 'STAGE_CHANGED' AND entity_type = 'contact' AND entity_id = ?""")
                .param(String.valueOf(twice)).query(String.class).single());
        assertThat(audited.get("from").asString()).isEqualTo("NEW");
        assertThat(audited.get("to").asString()).isEqualTo("NURTURE");
        assertThat(audited.get("actorType").asString()).isEqualTo("PROGRAM");
        assertThat(audited.get("reason").asString()).isEqualTo("Enrolled in program 'Welcome \"Q1\"'");
        assertThat(stage(ended)).isNull();
        assertThat(stage(lead)).containsEntry("stage", "MQL");
        assertThat(stage(stranger)).isNull();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM stage_transitions WHERE contact_id <> ?").param(twice)
                .query(Long.class).single()).as("no other contact moved").isZero();
    }

    private long program(String name) {
        jdbc.sql("""
                INSERT INTO programs (name, kind, status, priority, reenrollment, exit_on_segment_leave, definition_json,
                    version, created_by, created_at, updated_at)
                VALUES (?, 'SEQUENCE', 'ACTIVE', 0, 'NEVER', FALSE, '{}', 1, 'admin', ?, ?)""")
                .params(name, JANUARY, JANUARY).update();
        return jdbc.sql("SELECT id FROM programs WHERE name = ?").param(name).query(Long.class).single();
    }

    private long contact(String name) {
        return database.contact(name, null, null, "Europe/Berlin", JANUARY);
    }

    private void enroll(long program, long contact, String status, OffsetDateTime at) {
        jdbc.sql("""
                INSERT INTO enrollments (program_id, contact_id, active_contact_id, status, source, enrolled_at, step,
                    occurrence)
                VALUES (?, ?, ?, ?, 'MANUAL', ?, 0, 0)""")
                .params(program, contact, "ACTIVE".equals(status) ? contact : null, status, at).update();
    }

    private Map<String, Object> stage(long contact) {
        return jdbc.sql("SELECT stage, entered_at FROM contact_stages WHERE contact_id = ?").param(contact)
                .query((rs, n) -> Map.<String, Object>of("stage", rs.getString(1),
                        "entered_at", rs.getObject(2, OffsetDateTime.class).toInstant()))
                .optional().orElse(null);
    }
}
