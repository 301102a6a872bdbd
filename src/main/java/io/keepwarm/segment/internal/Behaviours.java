package io.keepwarm.segment.internal;

import static io.keepwarm.segment.internal.RuleCompiler.bad;

import io.keepwarm.contact.Channel;
import io.keepwarm.segment.Rule;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The SQL for a count of a contact's activities in a window. */
final class Behaviours {

    /**
     * The messages among the activities: those that name their message (our tracker's opens and clicks) count once
     * per message, however often it was opened or clicked in; the others (an open an email service reported) once each.
     */
    private static final String MESSAGES = "COUNT(DISTINCT a.touch_id) + COUNT(*) - COUNT(a.touch_id)";

    private Behaviours() {}

    static String sql(Rule.Behaviour b, RuleCompiler q, String path) {
        // Activity flagged as a machine's (a privacy proxy's open, a scanner's click) is not the contact's behaviour.
        StringBuilder where = new StringBuilder(" FROM activities a WHERE a.contact_id = c.id AND a.flag IS NULL AND a.type IN (")
                .append(b.verb().types().stream().map(t -> q.param(t.name())).collect(Collectors.joining(", "))).append(")");
        if (b.match() != null) {
            where.append(b.verb().matchesChannel()
                    ? " AND a.channel = " + q.param(channel(b.match(), path))
                    : " AND LOWER(a.target) LIKE LOWER(" + q.param(glob(b.match())) + ") ESCAPE '\\'");
        }
        switch (b.window()) {
            case Rule.Window.Within w -> {
                if (w.days() < 1) {
                    throw bad(path + ".withinDays", "a window is at least 1 day");
                }
                where.append(" AND a.occurred_at >= ").append(q.param(q.daysAgo(w.days())));
            }
            case Rule.Window.Since s -> where.append(" AND a.occurred_at >= ")
                    .append(q.param(s.date().atStartOfDay(ZoneOffset.UTC).toInstant()));
            case null -> { }
        }
        int n = b.count();
        // "At least once" and "never" are existence questions; only other counts need counting.
        String count = b.verb().countsMessages() ? MESSAGES : "COUNT(*)";
        return switch (b.op()) {
            case GE -> n <= 0 ? "1 = 1" : n == 1 ? exists(where) : count(count, where, ">=", n, q);
            case GT -> n == 0 ? exists(where) : count(count, where, ">", n, q);
            case EQ -> n == 0 ? "NOT " + exists(where) : count(count, where, "=", n, q);
            case NE -> n == 0 ? exists(where) : count(count, where, "<>", n, q);
            case LT -> n <= 0 ? "1 = 0" : n == 1 ? "NOT " + exists(where) : count(count, where, "<", n, q);
            case LE -> n == 0 ? "NOT " + exists(where) : count(count, where, "<=", n, q);
            default -> throw bad(path + ".op", "an activity count compares with =, !=, <, <=, > or >=");
        };
    }

    private static String exists(StringBuilder where) {
        return "EXISTS (SELECT 1" + where + ")";
    }

    private static String count(String count, StringBuilder where, String op, int n, RuleCompiler q) {
        return "(SELECT " + count + where + ") " + op + " " + q.param(n);
    }

    private static String channel(String match, String path) {
        return Arrays.stream(Channel.values()).map(Enum::name).filter(match::equalsIgnoreCase).findFirst()
                .orElseThrow(() -> bad(path + ".match", "'" + match + "' is not a channel; use email, phone or sms"));
    }

    /**
     * A pattern where * is any text, as a LIKE pattern matched against the whole target; the database lower-cases
     * both, as Java lower-cases some letters differently.
     */
    static String glob(String pattern) {
        return Conditions.likeEscape(pattern).replace("*", "%");
    }
}
