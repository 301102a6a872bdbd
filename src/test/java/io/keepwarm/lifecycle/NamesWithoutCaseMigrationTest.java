package io.keepwarm.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keepwarm.support.MigrationDatabase;
import io.keepwarm.support.TestDatabase;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * V93, on a database of its own (an H2 in memory, a PostgreSQL schema): stages and attributes that shared a name,
 * whatever its case, keep the first one's and the later ones are told apart by " (2)", " (3)"..., the first number no
 * other name holds; from then on the database itself refuses a second name alike.
 */
@Tag("db")
@ExtendWith(TestDatabase.class)
class NamesWithoutCaseMigrationTest {

    private static final String SCHEMA = "names_without_case";
    private static final OffsetDateTime JANUARY = Instant.parse("2026-01-05T09:00:00Z").atOffset(ZoneOffset.UTC);

    private final MigrationDatabase database = new MigrationDatabase(SCHEMA);
    private final JdbcClient jdbc = database.jdbc();

    @Test
    void laterStagesNamedAsAnEarlierOneAnyCaseAreNumberedAndTheDatabaseRefusesASecondNameAlike() {
        database.startAt("92");
        stage("MQL", "nurture");
        stage("SQL", "NURTURE");
        stage("OPPORTUNITY", "Nurture (2)");
        stage("LOST", "L".repeat(60));
        stage("DORMANT", "l".repeat(60));

        database.migrateToLatest();

        Map<String, String> labels = new LinkedHashMap<>();
        jdbc.sql("SELECT stage, label FROM stage_labels").query((rs, n) -> labels.put(rs.getString(1), rs.getString(2)))
                .list();
        assertThat(labels).as("the funnel's first keeps the name; the others get the first number nobody holds")
                .containsEntry("NURTURE", "Nurture")
                .containsEntry("MQL", "nurture (3)")
                .containsEntry("SQL", "NURTURE (4)")
                .containsEntry("OPPORTUNITY", "Nurture (2)")
                .containsEntry("LOST", "L".repeat(60))
                .containsEntry("DORMANT", "l".repeat(56) + " (2)")
                .containsEntry("CUSTOMER", "Customer");
        assertThatThrownBy(() -> stage("CUSTOMER", "NURTURE")).isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void laterAttributesLabelledAsAnEarlierOneAnyCaseAreNumberedAndTheDatabaseRefusesASecondLabelAlike() {
        database.startAt("92");
        database.attribute("renewal", "Renewal", JANUARY);
        database.attribute("renewal_date", " renewal ", JANUARY.plusDays(1));
        database.attribute("plan", " Plan ", JANUARY);
        database.attribute("born", "BIRTHDAY", JANUARY.minusYears(1));

        database.migrateToLatest();

        assertThat(label("renewal")).isEqualTo("Renewal");
        assertThat(label("renewal_date")).as("the later one, its spaces gone").isEqualTo("renewal (2)");
        assertThat(label("plan")).isEqualTo("Plan");
        assertThat(label("birthday")).as("the built-in one keeps its label").isEqualTo("Birthday");
        assertThat(label("born")).isEqualTo("BIRTHDAY (2)");
        assertThatThrownBy(() -> database.attribute("tier", "RENEWAL", JANUARY))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    private void stage(String stage, String label) {
        jdbc.sql("UPDATE stage_labels SET label = ? WHERE stage = ?").params(label, stage).update();
    }

    private String label(String key) {
        return jdbc.sql("SELECT label FROM attribute_definitions WHERE attr_key = ?").param(key).query(String.class)
                .single();
    }
}
