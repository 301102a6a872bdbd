package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Firings recorded what an alert or a task action did by user id ("alerted user 4") before they named people
 * ("alerted Rita Jones"); each page and export read the old rows anew at every view. Now they are written once in
 * today's words, with each person's name as it is at the upgrade, as a firing records it when it runs. Only a detail
 * that is one of those earlier forms, whole, changes.
 */
public class V107__Firing_details_name_people extends BaseJavaMigration {

    private static final Pattern ALERTED = Pattern.compile("alerted user (\\d{1,18})");
    private static final Pattern NOT_ALERTED = Pattern.compile(
            "the contact's owner \\(user (\\d{1,18})\\) is disabled: nobody would read the alert");
    private static final Pattern TASK_FOR = Pattern.compile("task \\d+ for user (\\d{1,18})");
    private static final Pattern TASK_NO_OWNER = Pattern.compile("task \\d+ created, unassigned: the contact has no owner");
    private static final Pattern TASK_OWNER_LEFT = Pattern.compile(
            "task \\d+ created, unassigned: the contact's owner \\(user (\\d{1,18})\\) is disabled");

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        Map<Long, String> names = names(connection);
        try (Statement read = connection.createStatement();
                ResultSet rows = read.executeQuery("""
                        SELECT firing_id, position, action, detail FROM trigger_action_results
                         WHERE action IN ('alertOwner', 'createTask') AND detail IS NOT NULL""");
                PreparedStatement write = connection.prepareStatement(
                        "UPDATE trigger_action_results SET detail = ? WHERE firing_id = ? AND position = ?")) {
            while (rows.next()) {
                String detail = rows.getString(4);
                String words = words(rows.getString(3), detail, names);
                if (!words.equals(detail)) {
                    write.setString(1, words);
                    write.setLong(2, rows.getLong(1));
                    write.setInt(3, rows.getInt(2));
                    write.addBatch();
                }
            }
            write.executeBatch();
        }
    }

    private static Map<Long, String> names(Connection connection) throws SQLException {
        Map<Long, String> names = new HashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet users = statement.executeQuery("SELECT id, username, display_name FROM users")) {
            while (users.next()) {
                String shown = users.getString(3);
                names.put(users.getLong(1), shown == null || shown.isBlank() ? users.getString(2) : shown);
            }
        }
        return names;
    }

    private static String words(String action, String detail, Map<Long, String> names) {
        if (action.equals("alertOwner")) {
            Matcher m = ALERTED.matcher(detail);
            if (m.matches()) {
                return "alerted " + person(m.group(1), names);
            }
            m = NOT_ALERTED.matcher(detail);
            if (m.matches()) {
                return "the contact's owner, " + person(m.group(1), names) + ", is disabled: nobody would read the alert";
            }
            return detail;
        }
        Matcher m = TASK_FOR.matcher(detail);
        if (m.matches()) {
            return "a task for " + person(m.group(1), names);
        }
        if (TASK_NO_OWNER.matcher(detail).matches()) {
            return "a task in nobody's queue, for any rep to take: the contact has no owner";
        }
        m = TASK_OWNER_LEFT.matcher(detail);
        if (m.matches()) {
            return "a task in nobody's queue, for any rep to take: the contact's owner, " + person(m.group(1), names)
                    + ", is disabled";
        }
        return detail;
    }

    private static String person(String id, Map<Long, String> names) {
        return names.getOrDefault(Long.parseLong(id), "a user since deleted");
    }
}
