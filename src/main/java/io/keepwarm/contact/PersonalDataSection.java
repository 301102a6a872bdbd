package io.keepwarm.contact;

import io.keepwarm.platform.Timestamps;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Personal data another module keeps about a contact (addresses and user agents of tracked requests, ...), added to
 * the contact's export so a person's right of access sees all of it. The contact module knows no implementation.
 */
public interface PersonalDataSection {

    /** The key of this section in the export document. */
    String name();

    /** What the module keeps about the contact, as plain values the export writes as JSON. */
    Object of(long contactId);

    /**
     * The rows a query with the contact's id as its one parameter finds, each as its columns by camel-case name
     * ({@code sent_at} as {@code sentAt}): what a module keeps about the person, as kept.
     */
    static List<Map<String, Object>> rows(JdbcClient jdbc, String sql, long contactId) {
        return jdbc.sql(sql).param(contactId).query((rs, n) -> row(rs)).list();
    }

    private static Map<String, Object> row(ResultSet rs) throws SQLException {
        ResultSetMetaData columns = rs.getMetaData();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= columns.getColumnCount(); i++) {
            row.put(camelCase(columns.getColumnLabel(i)), switch (columns.getColumnType(i)) {
                case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> Timestamps.read(rs, i);
                case Types.DATE -> rs.getObject(i, LocalDate.class);
                default -> rs.getObject(i);
            });
        }
        return row;
    }

    private static String camelCase(String column) {
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char c : column.toLowerCase().toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.toString();
    }
}
