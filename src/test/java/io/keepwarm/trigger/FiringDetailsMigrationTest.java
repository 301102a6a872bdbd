package io.keepwarm.trigger;

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
 * V107, on a database of its own: what alert and task actions did, recorded by user id before firings named people,
 * reads in today's words with each person's name; any other detail stays as written.
 */
@Tag("db")
@ExtendWith(TestDatabase.class)
class FiringDetailsMigrationTest {

    private static final OffsetDateTime JANUARY = Instant.parse("2026-01-05T09:00:00Z").atOffset(ZoneOffset.UTC);

    private final MigrationDatabase database = new MigrationDatabase("firing_details");
    private final JdbcClient jdbc = database.jdbc();

    @Test
    void alertsAndTasksRecordedByUserIdNameThePeopleAndOtherDetailsStay() {
        database.startAt("106?");
        long rita = user("rita", "Rita Jones");
        long contact = database.contact("earlier", "DE", null, "Europe/Berlin", JANUARY);
        jdbc.sql("""
                INSERT INTO triggers (name, status, kind, cue_type, cue_json, actions_json, created_by, created_at,
                    updated_at, listening_since)
                VALUES ('Hot', 'ACTIVE', 'CUSTOMER', 'tagAdded', '{}', '[]', 'admin', ?, ?, ?)""")
                .params(JANUARY, JANUARY, JANUARY).update();
        long trigger = jdbc.sql("SELECT id FROM triggers WHERE name = 'Hot'").query(Long.class).single();
        jdbc.sql("""
                INSERT INTO trigger_firings (trigger_id, contact_id, occurrence, cue, outcome, run_id, fired_at)
                VALUES (?, ?, 'tag:hot', 'tag hot added', 'FIRED', 'run-1', ?)""").params(trigger, contact, JANUARY).update();
        long firing = jdbc.sql("SELECT id FROM trigger_firings").query(Long.class).single();
        List<String> before = List.of("alerted user " + rita, "task 99 for user " + rita,
                "task 7 created, unassigned: the contact has no owner", "alerted user 424242",
                "alerted user " + rita + " twice");
        for (int i = 0; i < before.size(); i++) {
            jdbc.sql("""
                    INSERT INTO trigger_action_results (firing_id, position, action, outcome, detail, updated_at)
                    VALUES (?, ?, ?, 'DONE', ?, ?)""")
                    .params(firing, i, i == 1 || i == 2 ? "createTask" : "alertOwner", before.get(i), JANUARY).update();
        }

        database.migrateToLatest();

        assertThat(jdbc.sql("SELECT detail FROM trigger_action_results ORDER BY position").query(String.class).list())
                .containsExactly("alerted Rita Jones", "a task for Rita Jones",
                        "a task in nobody's queue, for any rep to take: the contact has no owner",
                        "alerted a user since deleted", "alerted user " + rita + " twice");
    }

    private long user(String username, String displayName) {
        jdbc.sql("""
                INSERT INTO users (username, display_name, role, password_hash, enabled, created_at)
                VALUES (?, ?, 'SALES', 'x', TRUE, ?)""").params(username, displayName, JANUARY).update();
        return jdbc.sql("SELECT id FROM users WHERE username = ?").param(username).query(Long.class).single();
    }
}
