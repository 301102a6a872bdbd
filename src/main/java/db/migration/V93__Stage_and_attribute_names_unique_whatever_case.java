package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Two stages with one name, or two attributes with one label, whatever the case, could not be told apart in the moves
 * table, the funnel, the segment builder or an import's columns. The settings refused them, but two saves at the
 * same moment both passed that check; now the database refuses the second as well. Names stored alike before keep the
 * first one's (for stages in the funnel's order, for attributes the built-in one, else the oldest): each later one is
 * given the same name with " (2)", " (3)"... behind it, the first number no other holds, so a person sees at once
 * which two were one name and picks a better one. An attribute's label loses the spaces around it, as the settings
 * have stored it for a while and as they compare it.
 *
 * <p>PostgreSQL indexes the lower-case name itself; H2 indexes no expressions, so there the unique constraint stands
 * on a column computed from the name, as V58 did for usernames.
 */
public class V93__Stage_and_attribute_names_unique_whatever_case extends BaseJavaMigration {

    /** The stages in the funnel's order, as they stood at this version: the first of two alike keeps its name. */
    private static final String STAGE_ORDER = """
            CASE stage WHEN 'NEW' THEN 0 WHEN 'NURTURE' THEN 1 WHEN 'MQL' THEN 2 WHEN 'SQL' THEN 3
                 WHEN 'OPPORTUNITY' THEN 4 WHEN 'CUSTOMER' THEN 5 WHEN 'RECYCLED' THEN 6 WHEN 'LOST' THEN 7
                 WHEN 'DISQUALIFIED' THEN 8 WHEN 'DORMANT' THEN 9 ELSE 10 END, stage""";

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        boolean postgres = "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
        apart(connection, "stage_labels", "stage", 60, "SELECT stage, label FROM stage_labels ORDER BY " + STAGE_ORDER);
        apart(connection, "attribute_definitions", "attr_key", 100,
                "SELECT attr_key, label FROM attribute_definitions ORDER BY built_in DESC, created_at, attr_key");
        try (Statement ddl = connection.createStatement()) {
            if (postgres) {
                ddl.execute("CREATE UNIQUE INDEX stage_labels_label_without_case ON stage_labels (LOWER(label))");
                ddl.execute("CREATE UNIQUE INDEX attribute_definitions_label_without_case"
                        + " ON attribute_definitions (LOWER(label))");
            } else {
                ddl.execute("ALTER TABLE stage_labels ADD COLUMN label_without_case VARCHAR(60)"
                        + " GENERATED ALWAYS AS (LOWER(label))");
                ddl.execute("ALTER TABLE stage_labels ADD CONSTRAINT stage_labels_label_without_case"
                        + " UNIQUE (label_without_case)");
                ddl.execute("ALTER TABLE attribute_definitions ADD COLUMN label_without_case VARCHAR(100)"
                        + " GENERATED ALWAYS AS (LOWER(label))");
                ddl.execute("ALTER TABLE attribute_definitions ADD CONSTRAINT attribute_definitions_label_without_case"
                        + " UNIQUE (label_without_case)");
            }
        }
    }

    private record Named(String key, String label) {}

    /**
     * Gives every name after the first of its kind a number. What counts as "alike" is the database's own LOWER, the
     * one the index compares by, not Java's, which differs for a few letters.
     */
    private static void apart(Connection connection, String table, String keyColumn, int width, String select)
            throws SQLException {
        List<Named> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet stored = statement.executeQuery(select)) {
            while (stored.next()) {
                rows.add(new Named(stored.getString(1), stored.getString(2)));
            }
        }
        Set<String> taken = new HashSet<>();
        for (Named row : rows) {
            taken.add(lower(connection, row.label().strip()));
        }
        Set<String> kept = new HashSet<>();
        try (PreparedStatement rename = connection.prepareStatement(
                "UPDATE " + table + " SET label = ? WHERE " + keyColumn + " = ?")) {
            for (Named row : rows) {
                String label = row.label().strip();
                String lower = lower(connection, label);
                if (!kept.add(lower)) {
                    for (int n = 2; ; n++) {
                        String suffix = " (" + n + ")";
                        String numbered = label.substring(0, Math.min(label.length(), width - suffix.length()))
                                .strip() + suffix;
                        String numberedLower = lower(connection, numbered);
                        if (taken.add(numberedLower)) {
                            label = numbered;
                            kept.add(numberedLower);
                            break;
                        }
                    }
                }
                if (!label.equals(row.label())) {
                    rename.setString(1, label);
                    rename.setString(2, row.key());
                    rename.executeUpdate();
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
