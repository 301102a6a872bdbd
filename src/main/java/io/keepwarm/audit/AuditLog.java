package io.keepwarm.audit;

import io.keepwarm.platform.Timestamps;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.Page;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Who changed what and when: written in the same transaction as the change it describes. */
@Service
public class AuditLog {

    /** One recorded change; details as JSON, as the API gives them. */
    public record Entry(long id, Instant occurredAt, String actor, String action, String entityType, String entityId,
            String details) {}

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, JdbcTemplate template, Clock clock) {
        this.jdbc = jdbc;
        this.template = template;
        this.clock = clock;
    }

    /**
     * A change made by whoever is acting now ({@link Actors#current}): the program or trigger whose work this is
     * ({@link Actors#actingAs}), else a user, an API key, the system.
     */
    public void record(String action, String entityType, Object entityId, Map<String, ?> details) {
        recordAs(Actors.current(), action, entityType, entityId, details);
    }

    /**
     * A change made by a named actor rather than whoever's request it happens in: a program or a trigger moving a
     * contact ("program:7") acts for no person, though an integrator's enrollment call may be what set it going.
     */
    public void recordAs(String actor, String action, String entityType, Object entityId, Map<String, ?> details) {
        jdbc.sql("""
                INSERT INTO audit_log (occurred_at, actor, action, entity_type, entity_id, details)
                VALUES (?, ?, ?, ?, ?, ?)""")
                .params(Timestamps.now(clock), actor, action, entityType,
                        entityId == null ? null : String.valueOf(entityId),
                        details == null || details.isEmpty() ? null : JsonMapper.shared().writeValueAsString(details))
                .update();
    }

    /** Several changes of one kind at once (a batch of contacts moved together), one entry per entity. */
    public void recordAll(String action, String entityType, Map<?, ? extends Map<String, ?>> detailsByEntity) {
        recordAllAs(Actors.current(), action, entityType, detailsByEntity);
    }

    /** As {@link #recordAll}, by a named actor, as {@link #recordAs}. */
    public void recordAllAs(String actor, String action, String entityType,
            Map<?, ? extends Map<String, ?>> detailsByEntity) {
        recordEachAs(actor, action, entityType, List.copyOf(detailsByEntity.entrySet()));
    }

    /**
     * As {@link #recordAll}, where one entity may have several entries (two tasks made for one contact in a batch):
     * each pair is an entity and the details of one entry about it.
     */
    public void recordEach(String action, String entityType,
            List<? extends Map.Entry<?, ? extends Map<String, ?>>> entries) {
        recordEachAs(Actors.current(), action, entityType, entries);
    }

    private void recordEachAs(String actor, String action, String entityType,
            List<? extends Map.Entry<?, ? extends Map<String, ?>>> entries) {
        if (entries.isEmpty()) {
            return;
        }
        var now = Timestamps.now(clock);
        List<Object[]> rows = new java.util.ArrayList<>();
        entries.forEach(e -> rows.add(new Object[] {now, actor, action, entityType, String.valueOf(e.getKey()),
            e.getValue() == null || e.getValue().isEmpty() ? null : JsonMapper.shared().writeValueAsString(e.getValue())}));
        template.batchUpdate("""
                INSERT INTO audit_log (occurred_at, actor, action, entity_type, entity_id, details)
                VALUES (?, ?, ?, ?, ?, ?)""", rows);
    }

    /** Drops the details (which may hold personal data) of every entry about one entity, keeping the facts. */
    public void redact(String entityType, Object entityId) {
        jdbc.sql("UPDATE audit_log SET details = NULL WHERE entity_type = ? AND entity_id = ?")
                .params(entityType, String.valueOf(entityId))
                .update();
    }

    /** One entry by its id: the audit page shows it alone, every contact it names (a batch's "and 990 more"). */
    public java.util.Optional<Entry> entry(long id) {
        return jdbc.sql("SELECT id, occurred_at, actor, action, entity_type, entity_id, details FROM audit_log WHERE id = ?")
                .param(id)
                .query(Entry.class)
                .optional();
    }

    /**
     * One entity's entries of any of these actions that happened before an instant, newest first: a page of its
     * history in one query. Entries at the same instant as the oldest of the newest {@code limit} come with them, so
     * a page cut at that instant leaves none of them for a later page that starts before it.
     */
    public List<Entry> about(String entityType, Object entityId, Collection<String> actions, Instant before,
            int limit) {
        return about(entityType, entityId, actions, null, before, limit);
    }

    /**
     * Of one action, only the entries whose details hold this text value under this key ("because": "OWNER_BACK"): the
     * kind of that action a reader is after, when the action has several.
     */
    public record Only(String action, String key, String value) {

        /** The key and value as {@link #record} writes them into the details, as a LIKE pattern that escapes with '!'. */
        String pattern() {
            String written = JsonMapper.shared().writeValueAsString(Map.of(key, value));
            String pair = written.substring(1, written.length() - 1);
            return "%" + pair.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
        }
    }

    /**
     * As {@link #about(String, Object, Collection, Instant, int)}, with the entries of one of the actions narrowed to
     * those that matter ({@code only}; null: all of them), in the same query: an entry left out takes no place of the
     * page, so the entries the reader is shown are not cut short by ones they are not.
     */
    public List<Entry> about(String entityType, Object entityId, Collection<String> actions, Only only, Instant before,
            int limit) {
        return jdbc.sql("""
                SELECT id, occurred_at, actor, action, entity_type, entity_id, details FROM (
                    SELECT id, occurred_at, actor, action, entity_type, entity_id, details FROM audit_log
                     WHERE entity_type = :entityType AND entity_id = :entityId AND action IN (:actions)
                       AND (action <> :onlyAction OR details LIKE :onlyDetail ESCAPE '!')
                       AND occurred_at < :before
                     ORDER BY occurred_at DESC
                     FETCH FIRST :limit ROWS WITH TIES) newest
                 ORDER BY occurred_at DESC, id DESC""")
                .param("entityType", entityType)
                .param("entityId", String.valueOf(entityId))
                .param("actions", List.copyOf(actions))
                // No action is called "": without a narrowing, every entry passes.
                .param("onlyAction", only == null ? "" : only.action())
                .param("onlyDetail", only == null ? "%" : only.pattern())
                .param("before", Timestamps.of(before))
                .param("limit", limit)
                .query(Entry.class)
                .list();
    }

    /**
     * Which entries to list; each left null matches every entry. {@code actors} are the names acted under ("sam",
     * "api-key:nightly-sync", "trigger:3"), any of which matches; {@code from} is inclusive, {@code to} exclusive.
     */
    public record Filter(String entityType, String entityId, Collection<String> actors, String action, Instant from,
            Instant to) {}

    /** Bounds that stand for "no bound": every entry lies between them, and both databases store them. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

    /** Entries newest first, of one entity type, entity and actor; each left null matches everything. */
    public Page<Entry> list(String entityType, String entityId, String actor, String cursor, int limit) {
        return list(new Filter(entityType, entityId, actor == null ? null : List.of(actor), null, null, null), cursor,
                limit);
    }

    /** Entries newest first, a page at a time by their ids. */
    public Page<Entry> list(Filter filter, String cursor, int limit) {
        long before = cursor == null || cursor.isBlank() ? Long.MAX_VALUE : Cursor.decode(cursor);
        boolean anyActor = filter.actors() == null;
        List<Entry> entries = jdbc.sql("""
                SELECT id, occurred_at, actor, action, entity_type, entity_id, details FROM audit_log
                WHERE id < :before
                  AND (CAST(:entityType AS VARCHAR) IS NULL OR entity_type = :entityType)
                  AND (CAST(:entityId AS VARCHAR) IS NULL OR entity_id = :entityId)
                  AND (CAST(:anyActor AS BOOLEAN) OR actor IN (:actors))
                  AND (CAST(:action AS VARCHAR) IS NULL OR action = :action)
                  AND occurred_at >= :from AND occurred_at < :to
                ORDER BY id DESC
                FETCH FIRST :limit ROWS ONLY""")
                .param("before", before)
                .param("entityType", filter.entityType())
                .param("entityId", filter.entityId())
                .param("anyActor", anyActor)
                // IN () is no SQL: a filter naming no actor matches no entry, as no actor is named ""
                .param("actors", anyActor || filter.actors().isEmpty() ? List.of("") : List.copyOf(filter.actors()))
                .param("action", filter.action())
                .param("from", Timestamps.of(filter.from() == null ? EARLIEST : filter.from()))
                .param("to", Timestamps.of(filter.to() == null ? LATEST : filter.to()))
                .param("limit", limit + 1)
                .query(Entry.class)
                .list();
        return entries.size() > limit
                ? new Page<>(entries.subList(0, limit), Cursor.after(entries.get(limit - 1).id()))
                : new Page<>(entries, null);
    }

    /**
     * What things of one kind were called when entries of an action were recorded about them, by their ids: the
     * {@code name} in each entry's details, the latest entry's for an id with several. Programs and triggers record it
     * when deleted, so their entries can still be named and found by it. Read by the action's index.
     */
    public Map<String, String> namesRecorded(String entityType, String action) {
        Map<String, String> names = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT entity_id, details FROM audit_log
                 WHERE action = ? AND entity_type = ? AND details IS NOT NULL
                 ORDER BY id""")
                .params(action, entityType)
                .query((ResultSet rs) -> {
                    JsonNode name = JsonMapper.shared().readTree(rs.getString("details")).path("name");
                    if (name.isString()) {
                        names.put(rs.getString("entity_id"), name.asString());
                    }
                });
        return names;
    }

    /**
     * What the entries about these entities of one kind recorded of them, by id: the fields of their details, a later
     * entry's over an earlier one's (a program's name as it was renamed, then deleted; a territory's region as it was
     * added). A page names what was deleted since by these, in one read of the entity index for all its ids.
     */
    public Map<String, JsonNode> recordedOf(String entityType, Collection<String> entityIds) {
        Map<String, JsonNode> recorded = new LinkedHashMap<>();
        if (entityIds.isEmpty()) {
            return recorded;
        }
        jdbc.sql("""
                SELECT entity_id, details FROM audit_log
                 WHERE entity_type = :entityType AND entity_id IN (:entityIds) AND details IS NOT NULL
                 ORDER BY id""")
                .param("entityType", entityType)
                .param("entityIds", List.copyOf(entityIds))
                .query((ResultSet rs) -> {
                    JsonNode details = JsonMapper.shared().readTree(rs.getString("details"));
                    if (details.isObject()) {
                        var fields = (tools.jackson.databind.node.ObjectNode) recorded.computeIfAbsent(
                                rs.getString("entity_id"), id -> JsonMapper.shared().createObjectNode());
                        fields.setAll((tools.jackson.databind.node.ObjectNode) details);
                    }
                });
        return recorded;
    }

    /** The kinds of entity the log has entries about ("contact", "api_key"), for a filter to offer. */
    public List<String> entityTypes() {
        return jdbc.sql("SELECT DISTINCT entity_type FROM audit_log ORDER BY entity_type").query(String.class).list();
    }

    /** The actions the log has entries of ("CONTACT_CREATED"), for a filter to offer. */
    public List<String> actions() {
        return jdbc.sql("SELECT DISTINCT action FROM audit_log ORDER BY action").query(String.class).list();
    }
}
