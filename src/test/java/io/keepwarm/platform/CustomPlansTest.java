package io.keepwarm.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keepwarm.support.KeepwarmTest;
import java.sql.Timestamp;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * After a bulk change the planner learns how many rows a table holds now. {@code analyze} swallows and logs a
 * failure (it is only ever a help), so without this test a broken statement would go unnoticed.
 */
@KeepwarmTest
@EnabledIfSystemProperty(named = "keepwarm.test.db", matches = "postgres")
class CustomPlansTest {

    @Autowired CustomPlans customPlans;
    @Autowired JdbcTemplate jdbc;
    @Autowired io.keepwarm.support.TestClock clock;

    @Test
    void analyzeTellsThePlannerHowManyRowsATableHoldsAfterABulkInsert() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.update("""
                INSERT INTO contacts (email, time_zone, source, validity, created_at, updated_at)
                SELECT 'bulk-' || g || '-' || ? || '@example.com', 'UTC', 'IMPORT', 'VALID', ?, ?
                  FROM generate_series(1, 40) g(g)""", run, now, now);
        long rows = jdbc.queryForObject("SELECT COUNT(*) FROM contacts", Long.class);

        customPlans.analyze("contacts");

        assertThat(jdbc.queryForObject("SELECT reltuples FROM pg_class WHERE oid = 'contacts'::regclass", Double.class))
                .isEqualTo((double) rows);
    }

    @Test
    void onlyATableNameIsTaken() {
        assertThatThrownBy(() -> customPlans.analyze("contacts; DROP TABLE contacts"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
