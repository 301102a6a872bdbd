package io.keepwarm.engine;

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
 * V109, on a database of its own (an H2 in memory, a PostgreSQL schema): a stream's contact it could not email had a
 * suppressed touch recorded at every cadence moment, and the figures counted each; afterwards each run of them keeps
 * its first, as the planner records it now, and every other touch stays.
 */
@Tag("db")
@ExtendWith(TestDatabase.class)
class StreamSuppressionsOnceMigrationTest {

    private static final String SCHEMA = "stream_suppressions_once";
    private static final OffsetDateTime JANUARY = Instant.parse("2026-01-06T10:00:00Z").atOffset(ZoneOffset.UTC);

    private final MigrationDatabase database = new MigrationDatabase(SCHEMA);
    private final JdbcClient jdbc = database.jdbc();

    @Test
    void aStreamsRepeatedSuppressionsForOneReasonKeepTheFirstOfEachRunAndEveryOtherTouchStays() {
        database.startAt("108?");
        long stream = program("Monthly notes", "STREAM");
        long sequence = program("Welcome", "SEQUENCE");
        // A year of a monthly stream without consent: twelve suppressions of one reason.
        long withdrawn = enroll(stream, contact("withdrawn"));
        for (int month = 0; month < 12; month++) {
            touch(withdrawn, stream, 0, month, "SUPPRESSED", "CONSENT_WITHDRAWN");
        }
        // Consent back for one moment, then withdrawn again; then marked do-not-contact.
        long changing = enroll(stream, contact("changing"));
        touch(changing, stream, 0, 0, "SUPPRESSED", "CONSENT_WITHDRAWN");
        touch(changing, stream, 0, 1, "SUPPRESSED", "CONSENT_WITHDRAWN");
        touch(changing, stream, 0, 2, "SENT", null);
        touch(changing, stream, 0, 3, "SUPPRESSED", "CONSENT_WITHDRAWN");
        touch(changing, stream, 0, 4, "SUPPRESSED", "CONSENT_WITHDRAWN");
        touch(changing, stream, 0, 5, "SUPPRESSED", "DO_NOT_CONTACT");
        touch(changing, stream, 0, 6, "SUPPRESSED", "DO_NOT_CONTACT");
        // A pause is recorded at each moment still, and a sequence's steps are each their own.
        long paused = enroll(stream, contact("paused"));
        touch(paused, stream, 0, 0, "SUPPRESSED", "PAUSED");
        touch(paused, stream, 0, 1, "SUPPRESSED", "PAUSED");
        long inSequence = enroll(sequence, contact("in-sequence"));
        touch(inSequence, sequence, 0, 0, "SUPPRESSED", "CONSENT_WITHDRAWN");
        touch(inSequence, sequence, 0, 1, "SUPPRESSED", "CONSENT_WITHDRAWN");

        database.migrateToLatest();

        assertThat(touches(withdrawn)).containsExactly("0 SUPPRESSED CONSENT_WITHDRAWN");
        assertThat(touches(changing)).containsExactly("0 SUPPRESSED CONSENT_WITHDRAWN", "2 SENT null",
                "3 SUPPRESSED CONSENT_WITHDRAWN", "5 SUPPRESSED DO_NOT_CONTACT");
        assertThat(touches(paused)).containsExactly("0 SUPPRESSED PAUSED", "1 SUPPRESSED PAUSED");
        assertThat(touches(inSequence)).containsExactly("0 SUPPRESSED CONSENT_WITHDRAWN", "1 SUPPRESSED CONSENT_WITHDRAWN");
    }

    private long program(String name, String kind) {
        jdbc.sql("""
                INSERT INTO programs (name, kind, status, priority, reenrollment, exit_on_segment_leave, definition_json,
                    version, created_by, created_at, updated_at)
                VALUES (?, ?, 'ACTIVE', 0, 'NEVER', FALSE, '{}', 1, 'admin', ?, ?)""")
                .params(name, kind, JANUARY, JANUARY).update();
        return jdbc.sql("SELECT id FROM programs WHERE name = ?").param(name).query(Long.class).single();
    }

    private long contact(String name) {
        return database.contact(name, null, null, "UTC", JANUARY);
    }

    /** The contact's enrollment in the program; its id. */
    private long enroll(long program, long contact) {
        jdbc.sql("""
                INSERT INTO enrollments (program_id, contact_id, active_contact_id, status, source, enrolled_at, step,
                    occurrence)
                VALUES (?, ?, ?, 'ACTIVE', 'MANUAL', ?, 0, 0)""").params(program, contact, contact, JANUARY).update();
        return jdbc.sql("SELECT id FROM enrollments WHERE contact_id = ?").param(contact).query(Long.class).single();
    }

    /** A touch of the enrollment as an older Keepwarm recorded it, a month a moment. */
    private void touch(long enrollment, long program, int step, int occurrence, String state, String reason) {
        OffsetDateTime due = JANUARY.plusMonths(occurrence);
        jdbc.sql("""
                INSERT INTO touches (enrollment_id, program_id, contact_id, step, occurrence, kind, channel, state,
                    reason, planned_at, due_at, stale_at, attempts, ended_at)
                SELECT id, ?, contact_id, ?, ?, 'SEND', 'EMAIL', ?, ?, ?, ?, ?, 0, ? FROM enrollments WHERE id = ?""")
                .params(program, step, occurrence, state, reason, due, due, due.plusDays(3),
                        "SENT".equals(state) ? null : due, enrollment)
                .update();
    }

    /** The enrollment's touches in the order planned, each as its occurrence, state and reason. */
    private List<String> touches(long enrollment) {
        return jdbc.sql("SELECT occurrence, state, reason FROM touches WHERE enrollment_id = ? ORDER BY occurrence")
                .param(enrollment)
                .query((rs, n) -> rs.getInt(1) + " " + rs.getString(2) + " " + rs.getString(3)).list();
    }
}
