package db.migration;

import io.keepwarm.platform.CountryZones;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * A contact stored without a time zone (its country keeps several clocks and the table placed neither it nor its
 * region then) gets the one its country and region have now: the table has grown (China is Asia/Shanghai, regions are
 * read as people write them), and a new contact of that place gets it at creation, so the old ones should not wait
 * with email held to the hours every clock allows and calls held until someone sets it. Only unknown zones are
 * filled: a zone that is set may have been given on purpose (a Chinese contact who lives in Berlin), and nothing
 * stored tells it from the account's zone given by default, so those stay. A country or region that still names no
 * single clock, or none Keepwarm reads, stays unknown (never the account's zone). Java, as the table is. The contacts
 * changed are queued for their segments (a rule may name the time zone).
 */
public class V101__Unknown_zones_from_the_country_table extends BaseJavaMigration {

    private static final int BATCH = 1000;

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        try (PreparedStatement select = connection.prepareStatement("""
                        SELECT id, country, region FROM contacts WHERE time_zone IS NULL AND country IS NOT NULL
                         ORDER BY id""");
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE contacts SET time_zone = ? WHERE id = ? AND time_zone IS NULL");
                PreparedStatement queue = connection.prepareStatement(
                        "INSERT INTO segment_changes (contact_id) VALUES (?)")) {
            // read a batch at a time on PostgreSQL (a cursor inside Flyway's transaction), not all rows at once
            select.setFetchSize(BATCH);
            int pending = 0;
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String zone = CountryZones.zoneFor(rows.getString(2), rows.getString(3), null);
                    if (zone == null) {
                        continue;
                    }
                    update.setString(1, zone);
                    update.setLong(2, rows.getLong(1));
                    update.addBatch();
                    queue.setLong(1, rows.getLong(1));
                    queue.addBatch();
                    if (++pending == BATCH) {
                        update.executeBatch();
                        queue.executeBatch();
                        pending = 0;
                    }
                }
            }
            if (pending > 0) {
                update.executeBatch();
                queue.executeBatch();
            }
        }
    }
}
