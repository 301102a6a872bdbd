package io.keepwarm.contact.internal;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Reads shared by the write path and the views. */
final class ContactReads {

    private ContactReads() {}

    /** The typed value in the four columns starting at {@code first}. */
    static AttributeValue attributeValue(ResultSet rs, int first) throws SQLException {
        String text = rs.getString(first);
        java.math.BigDecimal number = rs.getBigDecimal(first + 1);
        java.sql.Date date = rs.getDate(first + 2);
        boolean bool = rs.getBoolean(first + 3);
        boolean boolNull = rs.wasNull();
        return new AttributeValue(text, number == null ? null : number.setScale(6, java.math.RoundingMode.HALF_UP),
                date == null ? null : date.toLocalDate(), boolNull ? null : bool);
    }

    /** The current consent per channel: the latest ledger entry of each. */
    static Map<Long, Map<Channel, ConsentState>> currentConsents(JdbcClient jdbc, Collection<Long> contactIds) {
        Map<Long, Map<Channel, ConsentState>> current = new HashMap<>();
        if (contactIds.isEmpty()) {
            return current;
        }
        jdbc.sql("""
                SELECT e.contact_id, e.channel, e.state FROM consent_events e
                WHERE e.contact_id IN (:ids)
                  AND e.id = (SELECT MAX(l.id) FROM consent_events l
                              WHERE l.contact_id = e.contact_id AND l.channel = e.channel)""")
                .param("ids", contactIds)
                .query(rs -> {
                    current.computeIfAbsent(rs.getLong(1), id -> new HashMap<>())
                            .put(Channel.valueOf(rs.getString(2)), ConsentState.valueOf(rs.getString(3)));
                });
        return current;
    }
}
