package io.keepwarm.segment.internal;

import io.keepwarm.contact.ContactSort;
import io.keepwarm.platform.CustomPlans;
import io.keepwarm.platform.Page;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.SegmentMember;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Runs compiled rules: counts, pages of members, and which of some contacts match. */
@Component
public class SegmentQueries {

    private final JdbcClient jdbc;
    private final RuleSql rules;
    private final CustomPlans customPlans;

    SegmentQueries(JdbcClient jdbc, RuleSql rules, CustomPlans customPlans) {
        this.jdbc = jdbc;
        this.rules = rules;
        this.customPlans = customPlans;
    }

    /** Checks the rule and says whether its answer can change with time alone; throws a 400 problem if it is wrong. */
    public boolean check(Rule rule, Long selfId) {
        return rules.check(rule, selfId).timeDependent();
    }

    /** Whether a stored rule's answer can change with time alone; it is compiled as stored rules are, not checked. */
    public boolean timeDependent(Rule rule, Long selfId) {
        return rules.compile(rule, selfId).timeDependent();
    }

    public long count(Rule rule, Long selfId) {
        RuleCompiler.Compiled q = rules.compile(rule, selfId);
        return jdbc.sql("SELECT COUNT(*) " + q.from() + " WHERE " + q.where()).params(q.params()).query(Long.class).single();
    }

    /** Matching contacts with an id above {@code after}, in id order. */
    public List<SegmentMember> members(Rule rule, Long selfId, long after, int limit) {
        return members(rule, selfId, after, limit, null);
    }

    /** As {@link #members}, with "today" and the windows counted from {@code at} (null: now). */
    public List<SegmentMember> members(Rule rule, Long selfId, long after, int limit, Instant at) {
        RuleCompiler.Compiled q = at == null ? rules.compile(rule, selfId) : rules.compile(rule, selfId, at);
        Map<String, Object> params = new HashMap<>(q.params());
        params.put("after", after);
        params.put("limit", limit);
        return jdbc.sql("SELECT c.id, c.email, c.first_name, c.last_name " + q.from() + " WHERE c.id > :after AND ("
                        + q.where() + ") ORDER BY c.id FETCH FIRST :limit ROWS ONLY")
                .params(params)
                .query((rs, n) -> new SegmentMember(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
    }

    /** A page of the matching contacts' ids in the sort's order, the contact list's one way of paging. */
    public Page<Long> sorted(Rule rule, ContactSort sort, String cursor, int limit) {
        RuleCompiler.Compiled q = rules.compile(rule, null);
        return sort.page(jdbc, q.from(), q.where(), q.params(), cursor, limit);
    }

    /**
     * Those of the given contacts that match. The rule is tested contact by contact: inside a CASE, PostgreSQL keeps
     * each EXISTS a probe of its index per contact. As a join, it planned a scan of all activities whenever it
     * guessed that few would match (an engine's goal "replied" for 500 contacts: 60 ms instead of 2, every batch).
     */
    public List<Long> matching(Rule rule, Long selfId, Collection<Long> contactIds) {
        RuleCompiler.Compiled q = rules.compile(rule, selfId);
        Map<String, Object> params = new HashMap<>(q.params());
        params.put("ids", new org.springframework.jdbc.support.SqlArrayValue("bigint", contactIds.toArray()));
        // Planned for its own parameters each time: a generic plan made while activities was empty (a new
        // installation's first ticks) scanned the whole table for each contact as it filled, and a tick of 100,000
        // touches whose goal is "replied" went from 10 seconds to 13 minutes.
        List<Long> matching = new java.util.ArrayList<>();
        customPlans.around(() -> matching.addAll(jdbc.sql("SELECT c.id " + q.from()
                        + " WHERE c.id = ANY(:ids) AND CASE WHEN (" + q.where() + ") THEN 1 ELSE 0 END = 1")
                .params(params).query(Long.class).list()));
        return matching;
    }

    /** Contacts that match the segment's rule but are not yet recorded as its members. */
    List<Long> entering(long segmentId, Rule rule) {
        RuleCompiler.Compiled q = rules.compile(rule, segmentId);
        Map<String, Object> params = new HashMap<>(q.params());
        params.put("segment", segmentId);
        return jdbc.sql("SELECT c.id " + q.from() + " WHERE (" + q.where() + ") AND NOT EXISTS (SELECT 1 FROM"
                        + " segment_members m WHERE m.segment_id = :segment AND m.contact_id = c.id) ORDER BY c.id")
                .params(params).query(Long.class).list();
    }

    /** Recorded members of the segment that no longer match its rule. */
    List<Long> leaving(long segmentId, Rule rule) {
        RuleCompiler.Compiled q = rules.compile(rule, segmentId);
        Map<String, Object> params = new HashMap<>(q.params());
        params.put("segment", segmentId);
        return jdbc.sql("SELECT m.contact_id FROM segment_members m WHERE m.segment_id = :segment AND NOT EXISTS"
                        + " (SELECT 1 " + q.from() + " WHERE c.id = m.contact_id AND (" + q.where() + ")) ORDER BY m.contact_id")
                .params(params).query(Long.class).list();
    }
}
