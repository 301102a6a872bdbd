package io.keepwarm.support;

import java.time.OffsetDateTime;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A migration test's database of its own (an H2 in memory, a PostgreSQL schema), migrated by Flyway as the
 * application configures it: the test starts it at the version before the migration it tests, writes the rows an
 * older Keepwarm would have left, then migrates the rest of the way. Needs {@link TestDatabase} as an extension.
 */
public final class MigrationDatabase {

    private final String schema;
    private final DriverManagerDataSource dataSource;
    private final JdbcClient jdbc;

    public MigrationDatabase(String schema) {
        this.schema = schema;
        this.dataSource = new DriverManagerDataSource(TestDatabase.ownUrl(schema), TestDatabase.USER,
                TestDatabase.PASSWORD);
        this.jdbc = JdbcClient.create(dataSource);
    }

    public JdbcClient jdbc() {
        return jdbc;
    }

    /** Empties the database and migrates it up to this version ("57?": the last version below 58, whichever it is). */
    public void startAt(String version) {
        Flyway upTo = flyway(version);
        upTo.clean();
        upTo.migrate();
    }

    /**
     * A contact as an older Keepwarm stored it (an API contact, valid, made and changed at {@code at}), with the address
     * {@code name@example.com}; its id. The columns are those every version has had.
     */
    public long contact(String name, String country, String region, String timeZone, OffsetDateTime at) {
        jdbc.sql("""
                INSERT INTO contacts (email, country, region, time_zone, source, validity, created_at, updated_at)
                VALUES (?, ?, ?, ?, 'API', 'VALID', ?, ?)""")
                .params(name + "@example.com", country, region, timeZone, at, at).update();
        return jdbc.sql("SELECT id FROM contacts WHERE email = ?").param(name + "@example.com").query(Long.class).single();
    }

    /** A text attribute a person defined, as an older Keepwarm stored it. */
    public void attribute(String key, String label, OffsetDateTime createdAt) {
        jdbc.sql("""
                INSERT INTO attribute_definitions (attr_key, label, attr_type, built_in, created_at)
                VALUES (?, ?, 'TEXT', FALSE, ?)""").params(key, label, createdAt).update();
    }

    /** Migrates on up to this version, keeping what is there. */
    public void migrateTo(String version) {
        flyway(version).migrate();
    }

    /** Migrates the rest of the way, as the application does when it starts. */
    public void migrateToLatest() {
        flyway("latest").migrate();
    }

    private Flyway flyway(String target) {
        var configuration = Flyway.configure().dataSource(dataSource).cleanDisabled(false).target(target)
                .locations("classpath:db/migration", "classpath:db/vendor/" + (TestDatabase.postgres() ? "postgresql" : "h2"));
        return (TestDatabase.postgres() ? configuration.schemas(schema) : configuration).load();
    }
}
