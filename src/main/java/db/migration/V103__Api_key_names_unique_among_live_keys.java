package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two live API keys named alike ("zapier" and "Zapier") could not be told apart on the Settings page or in the audit
 * log, so revoking "the zapier key" was a guess. Now a name belongs to one live key, whatever its case; a revoked key
 * frees it. Live keys named alike before keep the oldest one's name; each later one gets " (2)", " (3)"... behind it,
 * the first number no other live key holds, and an audit entry saying so, so an admin sees which key it is and can
 * revoke or replace it. A key's secret, role and maker stay: integrations using it go on working.
 *
 * <p>PostgreSQL indexes the lower-case name of live keys alone; H2 indexes no expressions and has no partial index, so
 * there the unique constraint stands on a column computed from both, NULL (never a clash) once a key is revoked.
 */
public class V103__Api_key_names_unique_among_live_keys extends BaseJavaMigration {

    private static final int WIDTH = 100;

    private record Key(long id, String name) {}

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        apart(connection);
        try (Statement ddl = connection.createStatement()) {
            if ("PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
                ddl.execute("CREATE UNIQUE INDEX api_keys_live_name ON api_keys (LOWER(name)) WHERE revoked_at IS NULL");
            } else {
                ddl.execute("ALTER TABLE api_keys ADD COLUMN live_name VARCHAR(100)"
                        + " GENERATED ALWAYS AS (CASE WHEN revoked_at IS NULL THEN LOWER(name) END)");
                ddl.execute("ALTER TABLE api_keys ADD CONSTRAINT api_keys_live_name UNIQUE (live_name)");
            }
        }
    }

    /** Numbers every live key after the oldest of its name; "alike" by the database's LOWER, as the index compares. */
    private static void apart(Connection connection) throws SQLException {
        List<Key> live = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet stored = statement.executeQuery("SELECT id, name FROM api_keys WHERE revoked_at IS NULL ORDER BY id")) {
            while (stored.next()) {
                live.add(new Key(stored.getLong(1), stored.getString(2)));
            }
        }
        Set<String> taken = new HashSet<>();
        for (Key key : live) {
            taken.add(lower(connection, key.name()));
        }
        Set<String> kept = new HashSet<>();
        try (PreparedStatement rename = connection.prepareStatement("UPDATE api_keys SET name = ? WHERE id = ?");
                PreparedStatement audit = connection.prepareStatement("""
                        INSERT INTO audit_log (occurred_at, actor, action, entity_type, entity_id, details)
                        VALUES (CURRENT_TIMESTAMP, 'system', 'API_KEY_RENAMED', 'api_key', ?, ?)""")) {
            for (Key key : live) {
                if (kept.add(lower(connection, key.name()))) {
                    continue;
                }
                for (int n = 2; ; n++) {
                    String suffix = " (" + n + ")";
                    String numbered = key.name().substring(0, Math.min(key.name().length(), WIDTH - suffix.length()))
                            .strip() + suffix;
                    String numberedLower = lower(connection, numbered);
                    if (taken.add(numberedLower)) {
                        kept.add(numberedLower);
                        rename.setString(1, numbered);
                        rename.setLong(2, key.id());
                        rename.executeUpdate();
                        audit.setString(1, String.valueOf(key.id()));
                        audit.setString(2, JsonMapper.shared().writeValueAsString(Map.of("name", numbered,
                                "was", key.name())));
                        audit.executeUpdate();
                        break;
                    }
                }
            }
        }
    }

    private static String lower(Connection connection, String text) throws SQLException {
        try (PreparedStatement lower = connection.prepareStatement("SELECT LOWER(?)")) {
            lower.setString(1, text);
            try (ResultSet result = lower.executeQuery()) {
                result.next();
                return result.getString(1);
            }
        }
    }
}
