package io.keepwarm.trigger.internal;

import io.keepwarm.platform.Actors;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.Timestamps;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.Segments;
import io.keepwarm.trigger.Action;
import io.keepwarm.trigger.Cue;
import io.keepwarm.trigger.Trigger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Triggers as stored: the cue and the actions as JSON documents, the condition as rule text. */
@Component
public class TriggerStore {

    /** A checked trigger ready to store. */
    public record Row(String name, String description, Trigger.Status status, Cue when, Rule condition,
            List<Action> actions) {}

    private static final TypeReference<List<Action>> ACTIONS = new TypeReference<>() {};
    private static final String COLUMNS = """
            id, name, description, status, cue_json, condition_text, actions_json, webhook_secret, created_by,
            created_at, updated_at, listening_since""";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Segments segments;
    private final Clock clock;

    TriggerStore(JdbcClient jdbc, JsonMapper json, Segments segments, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.segments = segments;
        this.clock = clock;
    }

    public long insert(Row row, String webhookSecret) {
        var now = Timestamps.now(clock);
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO triggers (name, description, status, kind, cue_type, cue_json, condition_text, actions_json,
                    webhook_secret, created_by, created_at, updated_at, listening_since)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(row.name(), row.description(), row.status().name(), row.when().kind().name(),
                        Cues.typeName(row.when()), cue(row.when()), condition(row.condition()), actions(row.actions()),
                        webhookSecret, Actors.current(), now, now, now)
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    /** Replaces a trigger; {@code listensAnew} when it starts listening as of now (resumed, or its cue changed). */
    public void update(long id, Row row, String webhookSecret, boolean listensAnew) {
        var now = Timestamps.now(clock);
        jdbc.sql("""
                UPDATE triggers SET name = ?, description = ?, status = ?, kind = ?, cue_type = ?, cue_json = ?,
                    condition_text = ?, actions_json = ?, webhook_secret = ?, updated_at = ?, version = version + 1,
                    listening_since = COALESCE(CAST(? AS TIMESTAMP WITH TIME ZONE), listening_since)
                 WHERE id = ?""")
                .params(row.name(), row.description(), row.status().name(), row.when().kind().name(),
                        Cues.typeName(row.when()), cue(row.when()), condition(row.condition()), actions(row.actions()),
                        webhookSecret, now, listensAnew ? now : null, id)
                .update();
    }

    /** Replaces the secret its webhook calls are signed with. */
    public void setWebhookSecret(long id, String webhookSecret) {
        jdbc.sql("UPDATE triggers SET webhook_secret = ?, updated_at = ?, version = version + 1 WHERE id = ?")
                .params(webhookSecret, Timestamps.now(clock), id).update();
    }

    /** Pauses or resumes; {@code listensAnew} when a paused trigger resumes. */
    public void setStatus(long id, Trigger.Status status, boolean listensAnew) {
        var now = Timestamps.now(clock);
        jdbc.sql("""
                UPDATE triggers SET status = ?, updated_at = ?, version = version + 1,
                    listening_since = COALESCE(CAST(? AS TIMESTAMP WITH TIME ZONE), listening_since)
                 WHERE id = ?""")
                .params(status.name(), now, listensAnew ? now : null, id).update();
    }

    public void delete(long id) {
        jdbc.sql("DELETE FROM triggers WHERE id = ?").param(id).update();
    }

    public Optional<Trigger> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM triggers WHERE id = ?").param(id).query(this::trigger).optional();
    }

    public Page<Trigger> list(Trigger.Status status, String cursor, int limit) {
        return Page.of(jdbc.sql("SELECT " + COLUMNS + """
                         FROM triggers WHERE id > :after AND (CAST(:status AS VARCHAR) IS NULL OR status = :status)
                        ORDER BY id FETCH FIRST :limit ROWS ONLY""")
                .param("after", Cursor.decode(cursor)).param("status", status == null ? null : status.name())
                .param("limit", limit + 1)
                .query(this::trigger).list(), limit, Trigger::id);
    }

    /**
     * What changes whenever a trigger is created, changed, paused or deleted, whatever order those commit in: how
     * many there are, the newest id, and the sum of their versions (each edit raises one).
     */
    public String stamp() {
        return jdbc.sql("SELECT COUNT(*), MAX(id), SUM(version) FROM triggers")
                .query((rs, n) -> rs.getLong(1) + "/" + rs.getLong(2) + "/" + rs.getLong(3)).single();
    }

    public List<Trigger> active() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM triggers WHERE status = 'ACTIVE' ORDER BY id").query(this::trigger).list();
    }

    public boolean nameTaken(String name, long except) {
        return jdbc.sql("SELECT COUNT(*) FROM triggers WHERE LOWER(name) = LOWER(?) AND id <> ?").params(name, except)
                .query(Long.class).single() > 0;
    }

    /** The names of those of these ids that exist, by id: one read for a page that names many. */
    public java.util.Map<Long, String> names(java.util.Collection<Long> ids) {
        return io.keepwarm.platform.Names.byId(jdbc, "SELECT id, name FROM triggers WHERE id IN (:ids)", ids);
    }

    public boolean hasFired(long id) {
        return jdbc.sql("SELECT COUNT(*) FROM trigger_firings WHERE trigger_id = ?").param(id).query(Long.class).single() > 0;
    }

    private String cue(Cue cue) {
        return json.writerFor(Cue.class).writeValueAsString(cue);
    }

    private String actions(List<Action> actions) {
        return json.writerFor(ACTIONS).writeValueAsString(actions);
    }

    private String condition(Rule rule) {
        return rule == null ? null : segments.print(rule);
    }

    private Trigger trigger(ResultSet rs, int n) throws SQLException {
        String condition = rs.getString("condition_text");
        return new Trigger(rs.getLong("id"), rs.getString("name"), rs.getString("description"),
                Trigger.Status.valueOf(rs.getString("status")), json.readValue(rs.getString("cue_json"), Cue.class),
                condition == null ? null : segments.parse(condition), json.readValue(rs.getString("actions_json"), ACTIONS),
                rs.getString("webhook_secret"), rs.getString("created_by"), Timestamps.read(rs, "created_at"),
                Timestamps.read(rs, "updated_at"), Timestamps.read(rs, "listening_since"));
    }
}
