package io.keepwarm.program.internal;

import io.keepwarm.platform.Actors;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.Database;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.Timestamps;
import io.keepwarm.program.Cadence;
import io.keepwarm.program.Program;
import io.keepwarm.program.ProgramKind;
import io.keepwarm.program.ProgramStatus;
import io.keepwarm.program.Reenrollment;
import io.keepwarm.program.Step;
import io.keepwarm.segment.Rule;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Programs as stored: the steps, cadence and pool kept as one JSON document beside the columns. */
@Component
public class ProgramStore {

    /** The part of a program that is a document rather than columns. */
    record Definition(List<Step> steps, Cadence cadence, List<Long> pool, Boolean sendAsOwner) {}

    private static final String COLUMNS = """
            id, name, description, kind, status, priority, audience_segment_id, reenrollment, goal_json,
            exit_on_segment_leave, definition_json, version, created_by, created_at, updated_at""";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final boolean postgres;

    ProgramStore(JdbcClient jdbc, JsonMapper json, Clock clock, Database database) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.postgres = database.postgres();
    }

    public long insert(Program.Draft d) {
        var now = Timestamps.now(clock);
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO programs (name, description, kind, status, priority, audience_segment_id, reenrollment,
                    goal_json, exit_on_segment_leave, definition_json, version, created_by, created_at, updated_at)
                VALUES (?, ?, ?, 'DRAFT', ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)""")
                .params(d.name().strip(), d.description(), d.kind().name(), priority(d), d.audienceSegmentId(),
                        reenrollment(d).name(), goal(d.goal()), Boolean.TRUE.equals(d.exitOnSegmentLeave()),
                        definition(d), Actors.current(), now, now)
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    public void update(long id, Program.Draft d) {
        jdbc.sql("""
                UPDATE programs SET name = ?, description = ?, priority = ?, audience_segment_id = ?, reenrollment = ?,
                    goal_json = ?, exit_on_segment_leave = ?, definition_json = ?, version = version + 1, updated_at = ?
                 WHERE id = ?""")
                .params(d.name().strip(), d.description(), priority(d), d.audienceSegmentId(), reenrollment(d).name(),
                        goal(d.goal()), Boolean.TRUE.equals(d.exitOnSegmentLeave()), definition(d),
                        Timestamps.now(clock), id)
                .update();
    }

    public void status(long id, ProgramStatus status) {
        jdbc.sql("UPDATE programs SET status = ?, updated_at = ? WHERE id = ?")
                .params(status.name(), Timestamps.now(clock), id).update();
    }

    public void delete(long id) {
        jdbc.sql("DELETE FROM programs WHERE id = ?").param(id).update();
    }

    /** The names of those of these ids that exist, by id: one read for a page that names many. */
    public java.util.Map<Long, String> names(java.util.Collection<Long> ids) {
        return io.keepwarm.platform.Names.byId(jdbc, "SELECT id, name FROM programs WHERE id IN (:ids)", ids);
    }

    public Optional<Program> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM programs WHERE id = ?").param(id).query(this::row).optional();
    }

    /** The program, its row locked until the transaction ends: an edit reads what it changes under the lock. */
    public Optional<Program> findForUpdate(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM programs WHERE id = ? FOR UPDATE").param(id).query(this::row)
                .optional();
    }

    /**
     * The active programs' versions, their rows held until the transaction ends against an edit, which locks its
     * program first. PostgreSQL's shared lock lets engine workers hold them together; H2 has none, so there they
     * take turns.
     */
    public java.util.Map<Long, Integer> holdActiveVersions() {
        java.util.Map<Long, Integer> versions = new java.util.HashMap<>();
        jdbc.sql("SELECT id, version FROM programs WHERE status = 'ACTIVE' ORDER BY id"
                        + (postgres ? " FOR SHARE" : " FOR UPDATE"))
                .query(rs -> { versions.put(rs.getLong(1), rs.getInt(2)); });
        return versions;
    }

    public boolean nameTaken(String name, long except) {
        return jdbc.sql("SELECT COUNT(*) FROM programs WHERE LOWER(name) = LOWER(?) AND id <> ?")
                .params(name.strip(), except).query(Long.class).single() > 0;
    }

    public Page<Program> list(ProgramStatus status, String cursor, int limit) {
        return Page.of(jdbc.sql("SELECT " + COLUMNS + """
                         FROM programs WHERE id > :after AND (CAST(:status AS VARCHAR) IS NULL OR status = :status)
                        ORDER BY id FETCH FIRST :limit ROWS ONLY""")
                .param("after", Cursor.decode(cursor)).param("status", status == null ? null : status.name())
                .param("limit", limit + 1).query(this::row).list(), limit, Program::id);
    }

    public java.util.Map<Long, Integer> activePriorities() {
        java.util.Map<Long, Integer> priorities = new java.util.HashMap<>();
        jdbc.sql("SELECT id, priority FROM programs WHERE status = 'ACTIVE'")
                .query(rs -> { priorities.put(rs.getLong(1), rs.getInt(2)); });
        return priorities;
    }

    /** Active and paused programs that have a goal. */
    public List<Program> runningWithGoal() {
        return jdbc.sql("SELECT " + COLUMNS
                        + " FROM programs WHERE status IN ('ACTIVE', 'PAUSED') AND goal_json IS NOT NULL ORDER BY id")
                .query(this::row).list();
    }

    /** Active and paused programs that have an audience segment. */
    public List<Program> runningWithAudience() {
        return jdbc.sql("SELECT " + COLUMNS
                        + " FROM programs WHERE audience_segment_id IS NOT NULL AND status IN ('ACTIVE', 'PAUSED') ORDER BY id")
                .query(this::row).list();
    }

    /** Active and paused programs whose audience is the segment. */
    public List<Program> runningFor(long segmentId) {
        return jdbc.sql("SELECT " + COLUMNS
                        + " FROM programs WHERE audience_segment_id = ? AND status IN ('ACTIVE', 'PAUSED') ORDER BY id")
                .param(segmentId).query(this::row).list();
    }

    private Program row(ResultSet rs, int n) throws SQLException {
        Definition definition = json.readValue(rs.getString("definition_json"), Definition.class);
        String goal = rs.getString("goal_json");
        return new Program(rs.getLong("id"), rs.getString("name"), rs.getString("description"),
                ProgramKind.valueOf(rs.getString("kind")), ProgramStatus.valueOf(rs.getString("status")),
                rs.getInt("priority"), rs.getObject("audience_segment_id", Long.class),
                Reenrollment.valueOf(rs.getString("reenrollment")), goal == null ? null : json.readValue(goal, Rule.class),
                rs.getBoolean("exit_on_segment_leave"), definition.steps(), definition.cadence(), definition.pool(),
                Boolean.TRUE.equals(definition.sendAsOwner()), rs.getInt("version"), rs.getString("created_by"), Timestamps.read(rs, "created_at"),
                Timestamps.read(rs, "updated_at"));
    }

    private String definition(Program.Draft d) {
        return json.writeValueAsString(new Definition(d.steps(), d.cadence(), d.pool(), Boolean.TRUE.equals(d.sendAsOwner())));
    }

    private String goal(Rule goal) {
        return goal == null ? null : json.writeValueAsString(goal);
    }

    private static int priority(Program.Draft d) {
        return d.priority() == null ? 100 : d.priority();
    }

    private static Reenrollment reenrollment(Program.Draft d) {
        return d.reenrollment() == null ? Reenrollment.NEVER : d.reenrollment();
    }
}
