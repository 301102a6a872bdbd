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
 * An attribute labelled as a built-in field ("Email", "country", "E-Mail") is refused since V93, but those labelled so
 * before stayed, and segment rules, their builder and an import's columns could not tell such an attribute from the
 * field. Each is now "&lt;label&gt; (custom)", or "(custom 2)", "(custom 3)"... when that is taken: it reads as the
 * account's own attribute beside the field of the same name, and its key, which rules and steps name it by, stays.
 * The built-in attributes (Birthday...) are Keepwarm's own and none is a field's name.
 *
 * <p>The fields' names are those of this version, compared as the settings compare a label with them (letters and
 * digits only, case aside: {@code ColumnMapping.normalize}): the import's and the segment builder's names for the
 * contact's own fields. A new label is the database's to compare, by its LOWER, as V93's index does.
 */
public class V100__Attribute_labels_apart_from_built_in_fields extends BaseJavaMigration {

    private static final int WIDTH = 100;
    private static final Set<String> FIELD_NAMES = Set.of("city", "company", "companydomain",
            "companydomainorwebsite", "companyindustry", "companyname", "companysize", "consentemail", "consentphone",
            "consentsms", "consentsource", "country", "created", "createdat", "donotcontactemail", "donotcontactphone",
            "donotcontactsms", "email", "emailaddress", "emailconsent", "firstname", "fitgrade", "fullname", "grade",
            "industry", "jobtitle", "lastchanged", "lastname", "owner", "phone", "phoneconsent", "preferredchannel",
            "region", "regionorstate", "score", "smsconsent", "source", "stage", "tag", "tags", "timeinstage",
            "timezone", "title", "updatedat", "validity", "whereconsentwasgiven");

    private record Labelled(String key, String label) {}

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        List<Labelled> rows = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        try (Statement statement = connection.createStatement(); ResultSet stored = statement.executeQuery(
                "SELECT attr_key, label, built_in FROM attribute_definitions ORDER BY created_at, attr_key")) {
            while (stored.next()) {
                Labelled row = new Labelled(stored.getString(1), stored.getString(2));
                taken.add(lower(connection, row.label()));
                if (!stored.getBoolean(3) && FIELD_NAMES.contains(normalize(row.label()))) {
                    rows.add(row);
                }
            }
        }
        try (PreparedStatement rename = connection.prepareStatement(
                "UPDATE attribute_definitions SET label = ? WHERE attr_key = ?")) {
            for (Labelled row : rows) {
                for (int n = 1; ; n++) {
                    String suffix = n == 1 ? " (custom)" : " (custom " + n + ")";
                    String label = row.label().strip();
                    String renamed = label.substring(0, Math.min(label.length(), WIDTH - suffix.length())).strip() + suffix;
                    if (taken.add(lower(connection, renamed))) {
                        rename.setString(1, renamed);
                        rename.setString(2, row.key());
                        rename.executeUpdate();
                        break;
                    }
                }
            }
        }
    }

    /** Lower-case letters and digits only, so "E-mail Address", "email_address" and "EmailAddress" are one. */
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
