package db.migration;

import io.keepwarm.platform.Countries;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * A contact's country is kept as its ISO code from every source since the API, the app and vCards learnt it, as the
 * CSV import always did; contacts stored before with the country as typed ("Germany", "U.S.A.") are given its code
 * here, so one segment rule, territory or opt-out country finds them all. A value that names no country stays as it
 * is. The contacts changed are queued for their segments to be re-checked, as any change of a contact is.
 */
public class V73__Countries_as_iso_codes extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        Map<String, String> codes = new LinkedHashMap<>();
        try (Statement select = connection.createStatement();
                ResultSet stored = select.executeQuery("SELECT DISTINCT country FROM contacts WHERE country IS NOT NULL")) {
            while (stored.next()) {
                String country = stored.getString(1);
                String code = Countries.iso2(country);
                if (code != null && !code.equals(country)) {
                    codes.put(country, code);
                }
            }
        }
        try (PreparedStatement queue = connection.prepareStatement(
                        "INSERT INTO segment_changes (contact_id) SELECT id FROM contacts WHERE country = ?");
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE contacts SET country = ? WHERE country = ?")) {
            for (Map.Entry<String, String> typed : codes.entrySet()) {
                queue.setString(1, typed.getKey());
                queue.executeUpdate();
                update.setString(1, typed.getValue());
                update.setString(2, typed.getKey());
                update.executeUpdate();
            }
        }
    }
}
