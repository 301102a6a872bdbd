package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * V116 moved an account's own attribute {@code language} to {@code language_custom} (or {@code language_custom_2}...)
 * and rewrote the Liquid that named it as {@code contact.language}, but not Liquid's bracket form,
 * {@code contact["language"]} or {@code contact['language']} (spaces inside the brackets allowed), which has read the
 * contact's own language (the field) since. This rewrites the bracket form to the new key, keeping its quotes, in the
 * texts V116 rewrote: the email's subject, HTML and text and the call script of every piece, its landing page's title
 * and text and its fallbacks, and every text of the rules, steps, cues and actions of segments, programs and triggers
 * (a task's text, an alert's).
 *
 * <p>The key is the one V116 recorded in the audit log ({@code ATTRIBUTE_RENAMED} of {@code language}); without such an
 * entry there was no attribute of that name and the bracket form always meant the field, so nothing changes. A text
 * saved since that rename is left as it is: it was written (and previewed) when {@code contact["language"]} already
 * printed the contact's own language. Running it again changes nothing: the rewritten form names the new key.
 */
public class V122__Custom_language_attribute_in_bracket_liquid extends BaseJavaMigration {

    private static final Pattern BRACKET = Pattern.compile(
            "(?<![A-Za-z0-9_.])(contact\\s*\\[\\s*)([\"'])language\\2(\\s*])");
    private static final JsonMapper JSON = JsonMapper.shared();

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        Renamed renamed = renamed(connection);
        if (renamed == null) {
            return;
        }
        String key = renamed.key();
        UnaryOperator<String> liquid = text -> rewritten(text, key);
        UnaryOperator<String> json = text -> json(text, key);
        for (String column : new String[] {"subject", "html_body", "text_body", "script"}) {
            rewrite(connection, "SELECT v.content_id, v.channel, v." + column + " FROM content_variants v"
                    + " JOIN content_items c ON c.id = v.content_id WHERE v." + column + " IS NOT NULL"
                    + " AND c.updated_at <= ?",
                    "UPDATE content_variants SET " + column + " = ? WHERE content_id = ? AND channel = ?",
                    renamed.at(), liquid);
        }
        for (String column : new String[] {"landing_title", "landing_html", "fallbacks_json"}) {
            rewrite(connection, "SELECT id, " + column + " FROM content_items WHERE " + column + " IS NOT NULL"
                    + " AND updated_at <= ?", "UPDATE content_items SET " + column + " = ? WHERE id = ?", renamed.at(),
                    liquid);
        }
        String[][] documents = {{"segments", "rule_json"}, {"programs", "goal_json"}, {"programs", "definition_json"},
            {"triggers", "cue_json"}, {"triggers", "actions_json"}};
        for (String[] document : documents) {
            rewrite(connection, "SELECT id, " + document[1] + " FROM " + document[0] + " WHERE " + document[1]
                    + " IS NOT NULL AND updated_at <= ?",
                    "UPDATE " + document[0] + " SET " + document[1] + " = ? WHERE id = ?", renamed.at(), json);
        }
    }

    /** The key V116 gave the attribute, and when. */
    private record Renamed(String key, OffsetDateTime at) {}

    /** V116's rename of the attribute {@code language}, from the audit log; null when it renamed none. */
    private static Renamed renamed(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("""
                SELECT entity_id, details, occurred_at FROM audit_log
                 WHERE action = 'ATTRIBUTE_RENAMED' AND entity_type = 'attribute' AND actor = 'system'
                 ORDER BY id""")) {
            while (rows.next()) {
                JsonNode details = JSON.readTree(rows.getString(2));
                if ("language".equals(details.path("was").asString(null)) && details.hasNonNull("key")
                        && details.get("key").asString().equals(rows.getString(1))) {
                    return new Renamed(rows.getString(1), rows.getObject(3, OffsetDateTime.class));
                }
            }
        }
        return null;
    }

    /** The text with each bracket form of {@code contact["language"]} naming {@code key}, in the same quotes. */
    public static String rewritten(String text, String key) {
        return BRACKET.matcher(text).replaceAll(match -> Matcher.quoteReplacement(
                match.group(1) + match.group(2) + key + match.group(2) + match.group(3)));
    }

    /** A rule, program, cue or action document with the bracket form rewritten in each of its texts. */
    private static String json(String text, String key) {
        JsonNode tree = JSON.readTree(text);
        return walk(tree, key) ? JSON.writeValueAsString(tree) : text;
    }

    private static boolean walk(JsonNode node, String key) {
        boolean changed = false;
        if (node instanceof ObjectNode object) {
            for (String name : Set.copyOf(object.propertyNames())) {
                JsonNode value = object.get(name);
                if (value.isString()) {
                    String was = value.asString();
                    String now = rewritten(was, key);
                    if (!now.equals(was)) {
                        object.put(name, now);
                        changed = true;
                    }
                } else {
                    changed |= walk(value, key);
                }
            }
        } else if (node != null && node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode element = node.get(i);
                if (element.isString()) {
                    String now = rewritten(element.asString(), key);
                    if (!now.equals(element.asString())) {
                        ((tools.jackson.databind.node.ArrayNode) node).set(i, JSON.getNodeFactory().stringNode(now));
                        changed = true;
                    }
                } else {
                    changed |= walk(element, key);
                }
            }
        }
        return changed;
    }

    /**
     * Writes back each value the change alters: {@code select} reads the row's key columns then the value (its last
     * column), for rows changed no later than {@code at}; {@code update} sets the value, then takes the key columns.
     */
    private static void rewrite(Connection connection, String select, String update, OffsetDateTime at,
            UnaryOperator<String> change) throws SQLException {
        try (PreparedStatement read = connection.prepareStatement(select);
                PreparedStatement write = connection.prepareStatement(update)) {
            read.setObject(1, at);
            try (ResultSet rows = read.executeQuery()) {
                int columns = rows.getMetaData().getColumnCount();
                while (rows.next()) {
                    String was = rows.getString(columns);
                    String now = change.apply(was);
                    if (!now.equals(was)) {
                        List<Object> keys = new ArrayList<>();
                        for (int i = 1; i < columns; i++) {
                            keys.add(rows.getObject(i));
                        }
                        write.setString(1, now);
                        for (int i = 0; i < keys.size(); i++) {
                            write.setObject(i + 2, keys.get(i));
                        }
                        write.addBatch();
                    }
                }
            }
            write.executeBatch();
        }
    }
}
