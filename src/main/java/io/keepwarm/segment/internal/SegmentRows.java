package io.keepwarm.segment.internal;

import io.keepwarm.platform.Timestamps;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.Segment;
import java.util.function.Predicate;
import org.springframework.jdbc.core.RowMapper;
import tools.jackson.databind.json.JsonMapper;

/** Segments as stored: the rule kept in its JSON form. */
public final class SegmentRows {

    public static final String COLUMNS = "id, name, description, rule_json, time_dependent, created_by, created_at, updated_at, refreshed_at";

    public static final RowMapper<Segment> MAPPER = (rs, n) -> new Segment(rs.getLong("id"), rs.getString("name"),
            rs.getString("description"), rule(rs.getString("rule_json")), rs.getBoolean("time_dependent"),
            rs.getString("created_by"), Timestamps.read(rs, "created_at"), Timestamps.read(rs, "updated_at"),
            Timestamps.read(rs, "refreshed_at"));

    private SegmentRows() {}

    public static Rule rule(String json) {
        return RuleJson.read(JsonMapper.shared().readTree(json));
    }

    /** Whether any condition of the rule passes the test, e.g. names a list or another segment. */
    public static boolean mentions(Rule rule, Predicate<Rule> condition) {
        return switch (rule) {
            case Rule.All all -> all.rules().stream().anyMatch(r -> mentions(r, condition));
            case Rule.Any any -> any.rules().stream().anyMatch(r -> mentions(r, condition));
            case Rule.Not not -> mentions(not.rule(), condition);
            default -> condition.test(rule);
        };
    }

    /** The segments whose rule the predicate accepts, as a person reads them ("segment 'Engaged'"), in id order. */
    public static java.util.List<String> naming(org.springframework.jdbc.core.simple.JdbcClient jdbc, Predicate<Rule> names) {
        return jdbc.sql("SELECT name, rule_json FROM segments ORDER BY id")
                .query((rs, n) -> names.test(rule(rs.getString(2))) ? "segment '" + rs.getString(1) + "'" : null)
                .list().stream().filter(java.util.Objects::nonNull).toList();
    }

    public static String json(Rule rule) {
        return JsonMapper.shared().writeValueAsString(RuleJson.write(rule));
    }
}
