package db.migration;

import io.keepwarm.platform.Regions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Each contact keeps its region as territories compare it ({@link Regions#key}: "DE-BY" for a German contact's
 * "Bavaria", "Bayern" or "BY"; "nordrheinwestfalen" for "Nordrhein Westfalen" where no table knows the place), so a
 * segment rule on region finds every way of writing it with one indexed comparison. Java, as the key is: the
 * contacts stored before are given theirs here, a batch at a time by id. Every segment is rebuilt once, since a rule
 * on region (or one naming a segment with such a rule) may find more contacts now.
 */
public class V96__Contact_region_keys extends BaseJavaMigration {

    private static final int BATCH = 1000;

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("ALTER TABLE contacts ADD COLUMN region_key VARCHAR(400)");
        }
        try (PreparedStatement select = connection.prepareStatement(
                        "SELECT id, country, region FROM contacts WHERE region IS NOT NULL ORDER BY id");
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE contacts SET region_key = ? WHERE id = ?")) {
            // read a batch at a time on PostgreSQL (a cursor inside Flyway's transaction), not all rows at once
            select.setFetchSize(BATCH);
            int pending = 0;
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String key = Regions.key(rows.getString(2), rows.getString(3));
                    if (key == null) {
                        continue;
                    }
                    update.setString(1, key);
                    update.setLong(2, rows.getLong(1));
                    update.addBatch();
                    if (++pending == BATCH) {
                        update.executeBatch();
                        pending = 0;
                    }
                }
            }
            if (pending > 0) {
                update.executeBatch();
            }
        }
        try (Statement ddl = connection.createStatement()) {
            // made after the backfill, so the updates do not keep it up to date row by row
            ddl.execute("CREATE INDEX contacts_region_key ON contacts (region_key)");
            ddl.execute("UPDATE segments SET rebuild_due = TRUE");
        }
    }
}
