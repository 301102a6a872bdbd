package io.keepwarm.activity;

import io.keepwarm.activity.internal.LogBatches;
import io.keepwarm.platform.Chunks;
import io.keepwarm.platform.CustomPlans;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.Timestamps;
import io.keepwarm.contact.Channel;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** The activity log: append what contacts did, ask who engaged. */
@Service
public class Activities {

    private static final int CHUNK = 1000;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final LogBatches batches;
    private final CustomPlans customPlans;

    Activities(JdbcClient jdbc, JdbcTemplate template, Clock clock, ApplicationEventPublisher events,
            LogBatches batches, CustomPlans customPlans) {
        this.batches = batches;
        this.customPlans = customPlans;
        this.jdbc = jdbc;
        this.template = template;
        this.clock = clock;
        this.events = events;
    }

    @Transactional
    public void record(List<Activity> activities) {
        record(activities, null);
    }

    /**
     * A call a person logged (a rep on its task), recorded with who logged it as the events API records a call's
     * sender ({@link Events#SENT_BY}): the timeline names them as the call's actor ({@link LoggedActivity#sentBy}).
     */
    @Transactional
    public void recordCall(Activity call, String loggedBy) {
        if (call.type() != ActivityType.CALL_OUTCOME) {
            throw new IllegalArgumentException("Only a call outcome names who logged it, not " + call.type());
        }
        record(List.of(call), JsonMapper.shared().writeValueAsString(java.util.Map.of(Events.SENT_BY, loggedBy)));
    }

    private void record(List<Activity> activities, String properties) {
        if (activities.isEmpty()) {
            return;
        }
        var now = Timestamps.now(clock);
        long batch = batches.open();
        template.batchUpdate("""
                INSERT INTO activities (contact_id, type, occurred_at, channel, target, recorded_at, flag, batch_id, touch_id,
                                        properties)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", activities, CHUNK, (ps, a) -> {
            ps.setLong(1, a.contactId());
            ps.setString(2, a.type().name());
            ps.setObject(3, Timestamps.of(a.occurredAt()));
            ps.setString(4, a.channel() == null ? null : a.channel().name());
            ps.setString(5, a.target());
            ps.setObject(6, now);
            ps.setString(7, a.flag());
            ps.setLong(8, batch);
            ps.setObject(9, a.touchId(), Types.BIGINT);
            ps.setString(10, properties);
        });
        batches.close(batch, activities.size());
        events.publishEvent(new ActivitiesRecorded(
                activities.stream().map(Activity::contactId).collect(Collectors.toCollection(TreeSet::new))));
    }

    /**
     * The contact's latest activities that happened before an instant, newest first: a page of their timeline. Those
     * at the same instant as the oldest of the newest {@code limit} come with them, so a page cut at that instant
     * leaves none of them for a later page that starts before it.
     */
    public List<LoggedActivity> recentOf(long contactId, Instant before, int limit) {
        return jdbc.sql("""
                SELECT id, contact_id, type, custom_type, occurred_at, channel, target, flag, properties, recorded_at,
                       client_event_id FROM (
                    SELECT id, contact_id, type, custom_type, occurred_at, channel, target, flag, properties,
                           recorded_at, client_event_id
                      FROM activities
                     WHERE contact_id = :contact AND occurred_at < :before
                     ORDER BY occurred_at DESC FETCH FIRST :limit ROWS WITH TIES) newest
                 ORDER BY occurred_at DESC, id DESC""")
                .param("contact", contactId).param("before", Timestamps.of(before)).param("limit", limit)
                .query((rs, n) -> logged(rs))
                .list();
    }

    private static LoggedActivity logged(ResultSet rs) throws SQLException {
        return new LoggedActivity(rs.getLong(1), rs.getLong(2), ActivityType.valueOf(rs.getString(3)), rs.getString(4),
                Timestamps.read(rs, 5), rs.getString(6) == null ? null : Channel.valueOf(rs.getString(6)),
                rs.getString(7), rs.getString(8), ActivityFeed.properties(rs.getString(9)), Timestamps.read(rs, 10),
                rs.getString(11));
    }

    /**
     * A page of the contact's timeline, newest first by when each thing happened, of some types or all (an empty set),
     * machine activity included with its flag.
     */
    public Page<LoggedActivity> timeline(long contactId, Set<ActivityType> types, String cursor, int limit) {
        Cursor.Before before = Cursor.decodeBefore(cursor);
        List<LoggedActivity> rows = jdbc.sql("""
                SELECT id, contact_id, type, custom_type, occurred_at, channel, target, flag, properties, recorded_at,
                       client_event_id
                  FROM activities
                 WHERE contact_id = :contact AND (:anyType OR type IN (:types))
                   AND (:first OR occurred_at < :at OR (occurred_at = :at AND id < :id))
                 ORDER BY occurred_at DESC, id DESC FETCH FIRST :limit ROWS ONLY""")
                .param("contact", contactId)
                .param("anyType", types.isEmpty())
                .param("types", types.isEmpty() ? List.of("-") : types.stream().map(Enum::name).toList())
                .param("first", before == null)
                .param("at", Timestamps.of(before == null ? Instant.EPOCH : before.at()))
                .param("id", before == null ? 0 : before.id())
                .param("limit", limit + 1)
                .query((rs, n) -> logged(rs))
                .list();
        boolean more = rows.size() > limit;
        List<LoggedActivity> page = more ? rows.subList(0, limit) : rows;
        return new Page<>(List.copyOf(page), more ? Cursor.before(page.getLast().occurredAt(), page.getLast().id()) : null);
    }

    /** After a bulk of new activities (a large tick's sends): see {@link CustomPlans#analyze}. */
    public void refreshStatistics() {
        customPlans.analyze("activities");
    }

    /**
     * The activities of one type of these contacts that happened after the instant: a hundred contacts a read, each
     * planned for its own values. The sends of one large tick fill the table faster than its statistics follow; a
     * plan kept from while it was small, or 500 ids at once, made PostgreSQL scan the whole table (on a generic plan
     * comparing every row with every id: 125 ms a read at 100,000 rows), where a hundred ids are probed in the index.
     */
    public List<Activity> ofTypeAfter(Collection<Long> contactIds, ActivityType type, Instant after) {
        List<Activity> found = new ArrayList<>();
        List<Long> ids = List.copyOf(contactIds);
        customPlans.around(() -> {
            for (var chunk : Chunks.of(ids, 100)) {
                found.addAll(jdbc.sql("""
                        SELECT contact_id, occurred_at, channel, target, flag, touch_id FROM activities
                         WHERE contact_id IN (:ids) AND type = :type AND occurred_at > :after""")
                        .param("ids", chunk)
                        .param("type", type.name())
                        .param("after", Timestamps.of(after))
                        .query((rs, n) -> new Activity(rs.getLong(1), type, Timestamps.read(rs, 2),
                                rs.getString(3) == null ? null : Channel.valueOf(rs.getString(3)), rs.getString(4),
                                rs.getString(5), rs.getObject(6, Long.class)))
                        .list());
            }
        });
        return found;
    }

    /** The contact's latest activities, newest first, machine activity included (with its flag). */
    public List<Activity> recent(long contactId, int limit) {
        return jdbc.sql("""
                SELECT type, occurred_at, channel, target, flag FROM activities
                 WHERE contact_id = ? ORDER BY occurred_at DESC, id DESC FETCH FIRST ? ROWS ONLY""")
                .params(contactId, limit)
                .query((rs, n) -> new Activity(contactId, ActivityType.valueOf(rs.getString(1)), Timestamps.read(rs, 2),
                        rs.getString(3) == null ? null : Channel.valueOf(rs.getString(3)), rs.getString(4),
                        rs.getString(5)))
                .list();
    }

    /**
     * A contact's history of one kind of activity in brief: how many, the first and the last (activity flagged as a
     * machine's left out).
     */
    public record Span(long contactId, int count, Instant first, Instant last) {}

    /**
     * The spans of one kind of activity per contact, for contacts above {@code afterContactId} in id order, a page at
     * a time: when each last replied or bought, and how often (a trigger's "30 days since the last purchase").
     */
    public List<Span> spans(ActivityType type, long afterContactId, int limit) {
        return jdbc.sql("""
                SELECT contact_id, COUNT(*), MIN(occurred_at), MAX(occurred_at) FROM activities
                 WHERE type = :type AND flag IS NULL AND contact_id > :after
                 GROUP BY contact_id ORDER BY contact_id FETCH FIRST :limit ROWS ONLY""")
                .param("type", type.name()).param("after", afterContactId).param("limit", limit)
                .query((rs, n) -> new Span(rs.getLong(1), rs.getInt(2), Timestamps.read(rs, 3), Timestamps.read(rs, 4)))
                .list();
    }

    /**
     * Those of the given contacts who engaged (opened, clicked, visited, replied, were reached by phone, ...) at or
     * after the instant; activity flagged as a machine's (a privacy proxy's open, a scanner's click) is not engagement.
     */
    public Set<Long> engagedSince(Collection<Long> contactIds, Instant since) {
        List<String> types = Arrays.stream(ActivityType.values()).filter(ActivityType::engagement).map(Enum::name).toList();
        Set<Long> engaged = new HashSet<>();
        List<Long> ids = List.copyOf(contactIds);
        for (var chunk : Chunks.of(ids, CHUNK)) {
            // A call that reached the person (ready, or "not now, ask again") is engagement too; one that did not is not.
            engaged.addAll(jdbc.sql("""
                    SELECT DISTINCT contact_id FROM activities
                     WHERE contact_id IN (:ids) AND occurred_at >= :since AND flag IS NULL
                       AND (type IN (:types) OR (type = 'CALL_OUTCOME' AND target IN ('REACHED_READY', 'REACHED_NOT_NOW')))""")
                    .param("ids", chunk)
                    .param("types", types)
                    .param("since", Timestamps.of(since))
                    .query(Long.class)
                    .list());
        }
        return engaged;
    }
}
