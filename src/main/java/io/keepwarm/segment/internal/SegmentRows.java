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

    public static String json(Rule rule) {
        return JsonMapper.shared().writeValueAsString(RuleJson.write(rule));
    }
}
