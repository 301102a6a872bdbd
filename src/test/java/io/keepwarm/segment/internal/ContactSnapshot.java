package io.keepwarm.segment.internal;

import io.keepwarm.platform.Timestamps;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Everything a rule can ask about a contact, read straight from the tables, for the in-memory evaluator. */
record ContactSnapshot(long id, Map<String, Object> fields, Set<String> tags, Map<String, Object> attributes,
        Map<String, String> consent, List<Act> activities, Set<Long> lists, String timeZone, Instant createdAt,
        Instant stageEnteredAt) {

    record Act(String type, Instant at, String channel, String target, String flag, Long touchId) {}

    static Map<Long, ContactSnapshot> load(JdbcClient jdbc, Set<Long> ids) {
        Map<Long, ContactSnapshot> all = new HashMap<>();
        jdbc.sql("""
                SELECT c.*, co.name AS co_name, co.domain AS co_domain, co.industry AS co_industry, co.size AS co_size,
                       st.stage AS st_stage, st.entered_at AS st_entered, sc.score AS sc_score, sc.grade AS sc_grade
                  FROM contacts c LEFT JOIN companies co ON co.id = c.company_id
                  LEFT JOIN contact_stages st ON st.contact_id = c.id LEFT JOIN contact_scores sc ON sc.contact_id = c.id
                 WHERE c.id IN (:ids)""").param("ids", ids).query(rs -> {
            Map<String, Object> f = new HashMap<>();
            for (String col : List.of("email", "first_name", "last_name", "phone", "title", "country", "region", "city",
                    "time_zone", "source", "validity", "preferred_channel", "language")) {
                f.put(col, rs.getString(col));
            }
            f.put("company", rs.getString("co_name"));
            f.put("company_domain", rs.getString("co_domain"));
            f.put("industry", rs.getString("co_industry"));
            f.put("company_size", rs.getString("co_size"));
            f.put("owner", rs.getObject("owner_id") == null ? null : rs.getLong("owner_id"));
            f.put("created_at", Timestamps.read(rs, "created_at"));
            f.put("updated_at", Timestamps.read(rs, "updated_at"));
            f.put("stage", rs.getString("st_stage") == null ? "NEW" : rs.getString("st_stage"));
            f.put("score", rs.getObject("sc_score") == null ? 0L : rs.getLong("sc_score"));
            f.put("grade", rs.getString("sc_grade"));
            for (String channel : List.of("email", "phone", "sms")) {
                f.put("do_not_contact." + channel, rs.getBoolean("dnc_" + channel));
            }
            Instant created = Timestamps.read(rs, "created_at");
            Instant entered = Timestamps.read(rs, "st_entered");
            all.put(rs.getLong("id"), new ContactSnapshot(rs.getLong("id"), f, new HashSet<>(), new HashMap<>(),
                    new HashMap<>(), new ArrayList<>(), new HashSet<>(), rs.getString("time_zone"), created,
                    entered == null ? created : entered));
        });
        jdbc.sql("SELECT contact_id, tag FROM contact_tags WHERE contact_id IN (:ids)").param("ids", ids)
                .query(rs -> { all.get(rs.getLong(1)).tags().add(rs.getString(2)); });
        jdbc.sql("SELECT contact_id, attr_key, value_text, value_number, value_date, value_boolean FROM contact_attributes"
                + " WHERE contact_id IN (:ids)").param("ids", ids).query(rs -> {
            Object value = rs.getString(3) != null ? rs.getString(3)
                    : rs.getBigDecimal(4) != null ? rs.getBigDecimal(4)
                    : rs.getObject(5) != null ? rs.getObject(5, LocalDate.class)
                    : rs.getObject(6) != null ? (Object) rs.getBoolean(6) : null;
            all.get(rs.getLong(1)).attributes().put(rs.getString(2), value);
        });
        jdbc.sql("SELECT contact_id, channel, state FROM consent_events WHERE contact_id IN (:ids) ORDER BY id")
                .param("ids", ids).query(rs -> { all.get(rs.getLong(1)).consent().put(rs.getString(2), rs.getString(3)); });
        jdbc.sql("SELECT contact_id, type, occurred_at, channel, target, flag, touch_id FROM activities WHERE contact_id IN (:ids)")
                .param("ids", ids).query(rs -> {
                    all.get(rs.getLong(1)).activities().add(new Act(rs.getString(2), Timestamps.read(rs, 3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getObject(7, Long.class)));
                });
        jdbc.sql("SELECT contact_id, list_id FROM list_members WHERE contact_id IN (:ids)").param("ids", ids)
                .query(rs -> { all.get(rs.getLong(1)).lists().add(rs.getLong(2)); });
        return all;
    }
}
