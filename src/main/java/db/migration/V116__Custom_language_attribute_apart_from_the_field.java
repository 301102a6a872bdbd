package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * Segment rules gain a field {@code language}, the contact's own (V115). A rule names a custom attribute by its key,
 * and a field of the same name would hide it: a rule {@code language = "de"} written for an account's own attribute
 * "language" would silently start reading the contact's language. So an attribute keyed {@code language} is now
 * {@code language_custom} ({@code language_custom_2}... when that is taken), and everything that named it by its key
 * follows: its values, the rules of segments, fit rules, programs and triggers, the steps and actions that set it or
 * watch its date, and the Liquid texts of pieces, tasks and alerts ({@code contact.language}). Rules and templates go on
 * selecting and printing what they did.
 *
 * <p>An attribute labelled "Language" (any case or spelling, as V100 compares) is "Language (custom)", or
 * "(custom 2)"..., so the segment builder and an import's columns tell it from the field. Each change is in the audit
 * log ({@code ATTRIBUTE_RENAMED}, by the system), so an admin sees what became of the attribute.
 *
 * <p>The rule syntax is that of this version ({@code RuleText}): a field is a word followed by an operator, so a bare
 * value {@code language} or a quoted text stays as it is.
 */
public class V116__Custom_language_attribute_apart_from_the_field extends BaseJavaMigration {

    private static final String FIELD = "language";
    private static final int LABEL_WIDTH = 100;
    private static final Set<String> OPERATOR_WORDS = Set.of("in", "contains", "starts", "between", "is", "not");
    private static final Set<String> OPERATOR_SYMBOLS = Set.of("=", "!=", "<", "<=", ">", ">=");
    private static final Pattern LIQUID = Pattern.compile("(?<![A-Za-z0-9_.])contact\\.language(?![A-Za-z0-9_])");
    private static final JsonMapper JSON = JsonMapper.shared();

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        String key = customKey(connection);
        if (key != null) {
            rekey(connection, key);
        }
        relabel(connection);
    }

    /** The attribute's labels "Language", "LANGUAGE " or "lang-uage" become "... (custom)". */
    private static void relabel(Connection connection) throws SQLException {
        Map<String, String> labels = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        try (Statement statement = connection.createStatement(); ResultSet stored = statement.executeQuery(
                "SELECT attr_key, label, built_in FROM attribute_definitions ORDER BY created_at, attr_key")) {
            while (stored.next()) {
                taken.add(lower(connection, stored.getString(2)));
                if (!stored.getBoolean(3) && normalize(stored.getString(2)).equals(FIELD)) {
                    labels.put(stored.getString(1), stored.getString(2));
                }
            }
        }
        for (Map.Entry<String, String> row : labels.entrySet()) {
            String label = row.getValue().strip();
            for (int n = 1; ; n++) {
                String suffix = n == 1 ? " (custom)" : " (custom " + n + ")";
                String renamed = label.substring(0, Math.min(label.length(), LABEL_WIDTH - suffix.length())).strip()
                        + suffix;
                if (taken.add(lower(connection, renamed))) {
                    update(connection, "UPDATE attribute_definitions SET label = ? WHERE attr_key = ?", renamed,
                            row.getKey());
                    audit(connection, row.getKey(), Map.of("label", renamed, "was", row.getValue()));
                    break;
                }
            }
        }
    }

    /** The key the account's own attribute "language" moves to, or null when there is none. */
    private static String customKey(Connection connection) throws SQLException {
        Set<String> keys = new HashSet<>();
        boolean custom = false;
        try (Statement statement = connection.createStatement();
                ResultSet stored = statement.executeQuery("SELECT attr_key, built_in FROM attribute_definitions")) {
            while (stored.next()) {
                keys.add(stored.getString(1));
                custom |= stored.getString(1).equals(FIELD) && !stored.getBoolean(2);
            }
        }
        if (!custom) {
            return null;
        }
        for (int n = 1; ; n++) {
            String key = FIELD + "_custom" + (n == 1 ? "" : "_" + n);
            if (!keys.contains(key)) {
                return key;
            }
        }
    }

    private static void rekey(Connection connection, String key) throws SQLException {
        // The key is the values' foreign key: the definition is copied under the new key, the values move to it, and
        // the old one goes. Its label is unique, so the old row holds a stand-in meanwhile.
        String label;
        try (PreparedStatement read = connection.prepareStatement(
                "SELECT label FROM attribute_definitions WHERE attr_key = ?")) {
            read.setString(1, FIELD);
            try (ResultSet row = read.executeQuery()) {
                row.next();
                label = row.getString(1);
            }
        }
        update(connection, "UPDATE attribute_definitions SET label = ? WHERE attr_key = ?", "(" + key + ", moving)",
                FIELD);
        update(connection, """
                INSERT INTO attribute_definitions (attr_key, label, attr_type, options, built_in, created_at)
                SELECT ?, ?, attr_type, options, built_in, created_at FROM attribute_definitions WHERE attr_key = ?""",
                key, label, FIELD);
        update(connection, "UPDATE contact_attributes SET attr_key = ? WHERE attr_key = ?", key, FIELD);
        update(connection, "DELETE FROM attribute_definitions WHERE attr_key = ?", FIELD);
        audit(connection, key, Map.of("key", key, "was", FIELD));

        rewrite(connection, "segments", "id", "rule_json", json -> json(json, key));
        rewrite(connection, "programs", "id", "goal_json", json -> json(json, key));
        rewrite(connection, "programs", "id", "definition_json", json -> json(json, key));
        rewrite(connection, "triggers", "id", "cue_json", json -> json(json, key));
        rewrite(connection, "triggers", "id", "actions_json", json -> json(json, key));
        rewrite(connection, "triggers", "id", "condition_text", text -> ruleText(text, key));
        rewrite(connection, "fit_rules", "id", "rule_text", text -> ruleText(text, key));
        for (String column : new String[] {"subject", "html_body", "text_body", "script"}) {
            rewrite(connection, "content_variants", "content_id", column, text -> liquid(text, key),
                    " AND channel = ?", "channel");
        }
        for (String column : new String[] {"landing_title", "landing_html", "fallbacks_json"}) {
            rewrite(connection, "content_items", "id", column, text -> liquid(text, key));
        }
    }

    private static void rewrite(Connection connection, String table, String id, String column,
            UnaryOperator<String> change) throws SQLException {
        rewrite(connection, table, id, column, change, "", null);
    }

    /** Writes back each non-null value of the column that the change alters; {@code also} narrows to one row. */
    private static void rewrite(Connection connection, String table, String id, String column,
            UnaryOperator<String> change, String also, String alsoColumn) throws SQLException {
        String select = "SELECT " + id + ", " + column + (alsoColumn == null ? "" : ", " + alsoColumn) + " FROM "
                + table + " WHERE " + column + " IS NOT NULL";
        try (Statement read = connection.createStatement(); ResultSet rows = read.executeQuery(select);
                PreparedStatement write = connection.prepareStatement(
                        "UPDATE " + table + " SET " + column + " = ? WHERE " + id + " = ?" + also)) {
            while (rows.next()) {
                String was = rows.getString(2);
                String now = change.apply(was);
                if (!now.equals(was)) {
                    write.setString(1, now);
                    write.setLong(2, rows.getLong(1));
                    if (alsoColumn != null) {
                        write.setString(3, rows.getString(3));
                    }
                    write.addBatch();
                }
            }
            write.executeBatch();
        }
    }

    /**
     * A rule, program, cue or action document: a compared field, a set attribute or a watched date attribute named
     * {@code language}, and the Liquid of every text in it, now name the new key.
     */
    private static String json(String text, String key) {
        JsonNode tree = JSON.readTree(text);
        return walk(tree, key) ? JSON.writeValueAsString(tree) : text;
    }

    private static boolean walk(JsonNode node, String key) {
        boolean changed = false;
        if (node instanceof ObjectNode object) {
            String type = object.path("type").asString("");
            for (String name : Set.copyOf(object.propertyNames())) {
                JsonNode value = object.get(name);
                if (value.isString()) {
                    String was = value.asString();
                    String now = switch (name) {
                        case "field" -> was.equals(FIELD) ? key
                                : was.equals("anniversary(" + FIELD + ")") ? "anniversary(" + key + ")" : was;
                        case "key" -> type.equals("setAttribute") && was.equals(FIELD) ? key : was;
                        case "attribute" -> was.equals(FIELD) ? key : was;
                        default -> liquid(was, key);
                    };
                    if (!now.equals(was)) {
                        object.put(name, now);
                        changed = true;
                    }
                } else {
                    changed |= walk(value, key);
                }
            }
        } else if (node != null && node.isArray()) {
            for (JsonNode element : node) {
                changed |= walk(element, key);
            }
        }
        return changed;
    }

    private static String liquid(String text, String key) {
        return LIQUID.matcher(text).replaceAll(Matcher.quoteReplacement("contact." + key));
    }

    /**
     * A rule in its text form with the field {@code language} (a word, not after a dot, followed by an operator, or in
     * {@code anniversary(...)}) renamed; quoted texts and bare values stay.
     */
    static String ruleText(String text, String key) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                int end = i + 1;
                while (end < text.length() && text.charAt(end) != '"') {
                    end += text.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(end + 1, text.length());
                out.append(text, i, end);
                i = end;
            } else if (Character.isLetter(c) || c == '_') {
                int end = i;
                while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
                    end++;
                }
                String word = text.substring(i, end);
                boolean field = word.equals(FIELD) && !after(text, i, '.') && (operatorFollows(text, end)
                        || text.substring(0, i).stripTrailing().toLowerCase(java.util.Locale.ROOT).endsWith("anniversary("));
                out.append(field ? key : word);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static boolean after(String text, int at, char c) {
        String before = text.substring(0, at).stripTrailing();
        return !before.isEmpty() && before.charAt(before.length() - 1) == c;
    }

    private static boolean operatorFollows(String text, int at) {
        String rest = text.substring(at).stripLeading();
        for (String symbol : OPERATOR_SYMBOLS) {
            if (rest.startsWith(symbol)) {
                return true;
            }
        }
        int end = 0;
        while (end < rest.length() && Character.isLetter(rest.charAt(end))) {
            end++;
        }
        return OPERATOR_WORDS.contains(rest.substring(0, end).toLowerCase(java.util.Locale.ROOT));
    }

    private static void update(Connection connection, String sql, String... params) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setString(i + 1, params[i]);
            }
            statement.executeUpdate();
        }
    }

    private static void audit(Connection connection, String key, Map<String, String> details) throws SQLException {
        try (PreparedStatement audit = connection.prepareStatement("""
                INSERT INTO audit_log (occurred_at, actor, action, entity_type, entity_id, details)
                VALUES (CURRENT_TIMESTAMP, 'system', 'ATTRIBUTE_RENAMED', 'attribute', ?, ?)""")) {
            audit.setString(1, key);
            audit.setString(2, JSON.writeValueAsString(new java.util.TreeMap<>(details)));
            audit.executeUpdate();
        }
    }

    /** Lower-case letters and digits only, as V100 and the settings compare a label with a field's name. */
    private static String normalize(String text) {
        StringBuilder normalized = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                normalized.append(Character.toLowerCase(c));
            }
        }
        return normalized.toString();
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
