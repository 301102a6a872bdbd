package io.keepwarm.analytics.internal;

import io.keepwarm.platform.Timestamps;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The week of a period an instant falls in, in SQL. The weeks' starts (each Monday at midnight in the account's zone)
 * are worked out in Java and given as parameters, so a week that holds a change of the clocks is an hour shorter or
 * longer, as the calendar's is; counting 604,800 seconds from the first Monday drifted an hour off after one.
 */
final class Weeks {

    private Weeks() {}

    /** 0 for the first week, 1 for the second, ...: the column is in the period, so never before the first start. */
    static String of(String column, int weeks) {
        if (weeks == 1) {
            return "0";
        }
        StringBuilder sql = new StringBuilder("CASE");
        for (int week = 1; week < weeks; week++) {
            sql.append(" WHEN ").append(column).append(" < :week").append(week).append(" THEN ").append(week - 1);
        }
        return sql.append(" ELSE ").append(weeks - 1).append(" END").toString();
    }

    /** The parameters of {@link #of}: the start of each week but the first. */
    static Map<String, Object> starts(List<Instant> starts) {
        Map<String, Object> params = new HashMap<>();
        for (int week = 1; week < starts.size(); week++) {
            params.put("week" + week, Timestamps.of(starts.get(week)));
        }
        return params;
    }
}
