package io.keepwarm.delivery.internal;

import io.keepwarm.delivery.CallOutcome;
import io.keepwarm.delivery.Task;
import io.keepwarm.delivery.TaskKind;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.platform.Chunks;
import io.keepwarm.platform.Timestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/** The SQL of tasks and of the numbers calls found wrong. */
@Component
public class TaskStore {

    /**
     * A task to write; touchId only for a program's task, which is written once per touch; attemptOf only for a further
     * attempt at a program's call, the touch of its first.
     */
    public record New(Long touchId, Long attemptOf, long contactId, Long assigneeId, TaskKind kind, String title,
            String context, String script, Instant dueAt, int priority, int attempt) {

        /** A task no program touch made. */
        public New(long contactId, Long assigneeId, TaskKind kind, String title, String context, String script,
                Instant dueAt, int priority, int attempt) {
            this(null, null, contactId, assigneeId, kind, title, context, script, dueAt, priority, attempt);
        }
    }

    private static final String COLUMNS = "id, kind, contact_id, assignee_id, title, context, script, due_at, priority,"
            + " status, attempt, touch_id, outcome, outcome_note, created_at, done_at, done_by";
    private static final String INSERT = """
            INSERT INTO tasks (touch_id, attempt_of, contact_id, assignee_id, kind, title, context, script, due_at, priority,
                attempt, status, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?)""";
    private static final int CHUNK = 1000;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    TaskStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    public long insert(New task, Instant now) {
        var key = new GeneratedKeyHolder();
        jdbc.sql(INSERT).params(params(task, now)).update(key, "id");
        return key.getKey().longValue();
    }

    /**
     * Writes the tasks of program touches in one batch; a touch that already has its task is left alone. Answers the
     * ids of the tasks written, by touch (a rewritten batch on PostgreSQL counts no rows, so they are read).
     */
    public Map<Long, Long> insertForTouches(List<New> tasks, Instant now) {
        if (tasks.isEmpty()) {
            return Map.of();
        }
        Set<Long> had = new HashSet<>();
        for (List<Long> chunk : Chunks.of(tasks.stream().map(New::touchId).toList(), CHUNK)) {
            had.addAll(jdbc.sql("SELECT touch_id FROM tasks WHERE touch_id IN (:ids)").param("ids", chunk)
                    .query(Long.class).list());
        }
        List<New> fresh = tasks.stream().filter(t -> !had.contains(t.touchId())).toList();
        if (fresh.isEmpty()) {
            return Map.of();
        }
        template.batchUpdate(INSERT + " ON CONFLICT DO NOTHING", fresh.stream().map(t -> params(t, now)).toList());
        Map<Long, Long> written = new HashMap<>();
        for (List<Long> chunk : Chunks.of(fresh.stream().map(New::touchId).toList(), CHUNK)) {
            jdbc.sql("SELECT touch_id, id FROM tasks WHERE touch_id IN (:ids)").param("ids", chunk)
                    .query(rs -> {
                        written.put(rs.getLong(1), rs.getLong(2));
                    });
        }
        return written;
    }

    private static Object[] params(New t, Instant now) {
        return new Object[] {t.touchId(), t.attemptOf(), t.contactId(), t.assigneeId(), t.kind().name(), t.title(), t.context(),
                t.script(), Timestamps.of(t.dueAt()), t.priority(), t.attempt(), Timestamps.of(now)};
    }

    public Optional<Task> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM tasks WHERE id = ?").param(id).query(TaskStore::task).optional();
    }

    public Optional<Task> findForUpdate(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM tasks WHERE id = ? FOR UPDATE").param(id).query(TaskStore::task)
                .optional();
    }

    /**
     * Queue order, as of a moment: the tasks due by then by priority (higher first), the longest waiting first among
     * equals; then those due later, by due time and priority. Priority leads so that a fresh lead's first call (90) is
     * not buried under yesterday's leftover low-priority follow-ups; age only breaks ties. The two parts are read by
     * two statements, each after the position a page ended on (keyset), so that a page deep in a long queue reads its
     * own rows, not every row before them; the later part walks the queue index (assignee, status, due) in order.
     */
    private enum Part {
        DUE(" AND due_at <= :at",
                " AND (priority < :priority OR (priority = :priority AND (due_at > :due OR (due_at = :due AND id > :after))))",
                " ORDER BY priority DESC, due_at, id"),
        LATER(" AND due_at > :at",
                " AND (due_at > :due OR (due_at = :due AND (priority < :priority OR (priority = :priority AND id > :after))))",
                " ORDER BY due_at, priority DESC, id");

        private final String within;
        private final String after;
        private final String order;

        Part(String within, String after, String order) {
            this.within = within;
            this.after = after;
            this.order = order;
        }
    }

    /**
     * Open tasks of one assignee (or of nobody) in queue order as of {@code at}, after a position (null: from the
     * first). dueBy null reads every open task, due or not. Each case has a plain WHERE of its own, which the queue
     * index (assignee, status, due) answers; one text with "or the parameter is null" in it left PostgreSQL's generic
     * plan scanning every open task.
     */
    public List<Task> open(Long assigneeId, Instant dueBy, Instant at, QueuePosition after, int limit) {
        List<Task> found = new ArrayList<>(limit);
        if (after == null || after.due()) {
            found.addAll(part(Part.DUE, assigneeId, dueBy, at, after, limit));
        }
        if (found.size() < limit && (dueBy == null || dueBy.isAfter(at))) {
            found.addAll(part(Part.LATER, assigneeId, dueBy, at, after == null || after.due() ? null : after,
                    limit - found.size()));
        }
        return found;
    }

    private List<Task> part(Part part, Long assigneeId, Instant dueBy, Instant at, QueuePosition after, int limit) {
        String where = (assigneeId == null ? " WHERE assignee_id IS NULL" : " WHERE assignee_id = :assignee")
                + " AND status = 'OPEN'" + (dueBy == null ? "" : " AND due_at <= :dueBy") + part.within
                + (after == null ? "" : part.after);
        var sql = jdbc.sql("SELECT " + COLUMNS + " FROM tasks" + where + part.order + " FETCH FIRST :limit ROWS ONLY")
                .param("at", Timestamps.of(at)).param("limit", limit);
        if (after != null) {
            sql = sql.param("after", after.id()).param("priority", after.priority())
                    .param("due", Timestamps.of(after.dueAt()));
        }
        if (assigneeId != null) {
            sql = sql.param("assignee", assigneeId);
        }
        if (dueBy != null) {
            sql = sql.param("dueBy", Timestamps.of(dueBy));
        }
        return sql.query(TaskStore::task).list();
    }

    /** Tasks in id order after a cursor, of an assignee (null: everyone's) and status (null: any). */
    public List<Task> page(Long assigneeId, boolean nobodys, Task.Status status, long after, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + """
                         FROM tasks
                        WHERE id > :after AND (CAST(:assignee AS BIGINT) IS NULL OR assignee_id = :assignee)
                          AND (:nobodys = FALSE OR assignee_id IS NULL)
                          AND (CAST(:status AS VARCHAR) IS NULL OR status = :status)
                        ORDER BY id FETCH FIRST :limit ROWS ONLY""")
                .param("after", after).param("assignee", assigneeId).param("nobodys", nobodys)
                .param("status", status == null ? null : status.name()).param("limit", limit)
                .query(TaskStore::task).list();
    }

    /** Ends an open task (DONE or CANCELLED); false when it was not open. */
    public boolean finish(long id, Task.Status status, CallOutcome outcome, String note, Instant now, String by) {
        return jdbc.sql("""
                UPDATE tasks SET status = ?, outcome = ?, outcome_note = ?, done_at = ?, done_by = ?
                 WHERE id = ? AND status = 'OPEN'""")
                .params(status.name(), outcome == null ? null : outcome.name(), note, Timestamps.of(now), by, id)
                .update() > 0;
    }

    /** Keeps a call's script as its rep read it when they logged the call ({@link io.keepwarm.delivery.CallScripts}). */
    public void keepScript(long id, String script) {
        jdbc.sql("UPDATE tasks SET script = ? WHERE id = ?").params(script, id).update();
    }

    /** Ends the contact's open tasks of these kinds (DONE or CANCELLED) without an outcome; returns how many. */
    public int endOpen(long contactId, Collection<TaskKind> kinds, Task.Status status, String note, Instant now, String by) {
        return endOpen(List.of(contactId), kinds, status, note, now, by);
    }

    /** Cancels the contact's open tasks of a kind due before an instant. */
    public int endOpenDueBefore(long contactId, TaskKind kind, Instant before, String note, Instant now, String by) {
        return jdbc.sql("""
                UPDATE tasks SET status = 'CANCELLED', outcome_note = :note, done_at = :now, done_by = :by
                 WHERE contact_id = :contact AND status = 'OPEN' AND kind = :kind AND due_at < :before""")
                .param("note", note).param("now", Timestamps.of(now)).param("by", by).param("contact", contactId)
                .param("kind", kind.name()).param("before", Timestamps.of(before)).update();
    }

    /** {@link #endOpen} for many contacts at once, a chunk a statement. */
    public int endOpen(Collection<Long> contactIds, Collection<TaskKind> kinds, Task.Status status, String note,
            Instant now, String by) {
        int ended = 0;
        for (List<Long> chunk : Chunks.of(List.copyOf(contactIds), CHUNK)) {
            ended += jdbc.sql("""
                    UPDATE tasks SET status = :status, outcome_note = :note, done_at = :now, done_by = :by
                     WHERE contact_id IN (:ids) AND status = 'OPEN' AND kind IN (:kinds)""")
                    .param("status", status.name()).param("note", note).param("now", Timestamps.of(now))
                    .param("by", by).param("ids", chunk).param("kinds", kinds.stream().map(Enum::name).toList())
                    .update();
        }
        return ended;
    }

    /** Of these contacts, those with an open task of these kinds, in anyone's queue or nobody's. */
    public Set<Long> withOpen(Collection<Long> contactIds, Collection<TaskKind> kinds) {
        Set<Long> found = new HashSet<>();
        for (List<Long> chunk : Chunks.of(List.copyOf(contactIds), CHUNK)) {
            found.addAll(jdbc.sql("""
                    SELECT DISTINCT contact_id FROM tasks
                     WHERE contact_id IN (:ids) AND status = 'OPEN' AND kind IN (:kinds)""")
                    .param("ids", chunk).param("kinds", kinds.stream().map(Enum::name).toList())
                    .query(Long.class).list());
        }
        return found;
    }

    /** Every contact with an open task of these kinds, in id order. */
    public List<Long> withOpen(Collection<TaskKind> kinds) {
        return jdbc.sql("SELECT DISTINCT contact_id FROM tasks WHERE status = 'OPEN' AND kind IN (:kinds) ORDER BY contact_id")
                .param("kinds", kinds.stream().map(Enum::name).toList()).query(Long.class).list();
    }

    /**
     * A program's task: one made for a program's touch, or a further attempt at a program's call (which carries the
     * touch as attempt_of; one booked before V92 carries none, hence the kinds: calls and readiness checks come only
     * from programs).
     */
    private static final String PROGRAMS = "(touch_id IS NOT NULL OR kind IN ('CALL', 'READINESS_CHECK'))";

    /** Cancels the open program tasks of these contacts. */
    public int cancelProgramTasks(Collection<Long> contactIds, String note, Instant now, String by) {
        int cancelled = 0;
        for (var chunk : Chunks.of(List.copyOf(contactIds), CHUNK)) {
            cancelled += jdbc.sql("""
                    UPDATE tasks SET status = 'CANCELLED', outcome_note = :note, done_at = :now, done_by = :by
                     WHERE contact_id IN (:ids) AND status = 'OPEN' AND """ + PROGRAMS)
                    .param("note", note).param("now", Timestamps.of(now)).param("by", by).param("ids", chunk).update();
        }
        return cancelled;
    }

    /** Cancels the open tasks these touches made, further attempts at their calls included; answers how many. */
    public int cancelOfTouches(Collection<Long> touchIds, String note, Instant now, String by) {
        int cancelled = 0;
        for (var chunk : Chunks.of(List.copyOf(touchIds), CHUNK)) {
            cancelled += jdbc.sql("""
                    UPDATE tasks SET status = 'CANCELLED', outcome_note = :note, done_at = :now, done_by = :by
                     WHERE (touch_id IN (:ids) OR attempt_of IN (:ids)) AND status = 'OPEN'""")
                    .param("note", note).param("now", Timestamps.of(now)).param("by", by).param("ids", chunk).update();
        }
        return cancelled;
    }

    /** Moves the contact's open program tasks from one user's queue to another's; answers how many. */
    public int reassignProgramTasks(long contactId, long from, long to) {
        return jdbc.sql("UPDATE tasks SET assignee_id = ? WHERE contact_id = ? AND assignee_id = ? AND status = 'OPEN'"
                + " AND " + PROGRAMS).params(to, contactId, from).update();
    }

    public int reassignOpen(long contactId, TaskKind kind, long assigneeId, String context, Instant due) {
        return jdbc.sql("""
                UPDATE tasks SET assignee_id = ?, context = ?, due_at = ?
                 WHERE contact_id = ? AND kind = ? AND status = 'OPEN'""")
                .params(assigneeId, context, Timestamps.of(due), contactId, kind.name()).update();
    }

    /** How many open tasks the user holds, due or not. */
    public int openCount(long assigneeId) {
        return jdbc.sql("SELECT COUNT(*) FROM tasks WHERE assignee_id = ? AND status = 'OPEN'").param(assigneeId)
                .query(Long.class).single().intValue();
    }

    /** A user's open tasks, due or not: task id to contact id, in id order. */
    public Map<Long, Long> openOf(long assigneeId) {
        Map<Long, Long> open = new LinkedHashMap<>();
        jdbc.sql("SELECT id, contact_id FROM tasks WHERE assignee_id = ? AND status = 'OPEN' ORDER BY id")
                .param(assigneeId).query(rs -> {
                    open.put(rs.getLong(1), rs.getLong(2));
                });
        return open;
    }

    /** Of these contacts, the open tasks nobody has (a hand-off's aside), by task id: each task's contact. */
    public Map<Long, Long> nobodysOf(Collection<Long> contactIds) {
        Map<Long, Long> open = new HashMap<>();
        for (List<Long> chunk : Chunks.of(List.copyOf(contactIds), CHUNK)) {
            jdbc.sql("""
                    SELECT id, contact_id FROM tasks
                     WHERE contact_id IN (:ids) AND status = 'OPEN' AND assignee_id IS NULL AND kind <> 'HANDOFF'""")
                    .param("ids", chunk).query(rs -> {
                        open.put(rs.getLong(1), rs.getLong(2));
                    });
        }
        return open;
    }

    /** Of these contacts, the open tasks someone holds other than this user, the first due first. */
    public List<Task> heldByOthers(Collection<Long> contactIds, long userId) {
        List<Task> held = new ArrayList<>();
        for (List<Long> chunk : Chunks.of(List.copyOf(contactIds), CHUNK)) {
            held.addAll(jdbc.sql("SELECT " + COLUMNS + """
                     FROM tasks WHERE contact_id IN (:ids) AND status = 'OPEN' AND assignee_id <> :user
                    ORDER BY due_at, id""").param("ids", chunk).param("user", userId).query(TaskStore::task).list());
        }
        return held;
    }

    /** Moves these open tasks to another user's queue, or to nobody's (null); answers how many moved. */
    public int reassign(Collection<Long> ids, Long assigneeId) {
        int moved = 0;
        for (List<Long> chunk : Chunks.of(List.copyOf(ids), CHUNK)) {
            moved += jdbc.sql("UPDATE tasks SET assignee_id = :assignee WHERE id IN (:ids) AND status = 'OPEN'")
                    .param("assignee", assigneeId).param("ids", chunk).update();
        }
        return moved;
    }

    /** Whether the contact has an open call (any kind but a follow-up), in anyone's queue or nobody's, due by then. */
    public boolean callDueBy(long contactId, Instant by) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM tasks
                 WHERE contact_id = ? AND status = 'OPEN' AND kind <> 'FOLLOW_UP' AND due_at <= ?""")
                .params(contactId, Timestamps.of(by)).query(Long.class).single() > 0;
    }

    /** Whether the contact waits for a call (any kind but a follow-up) in anyone's queue or nobody's, whenever due. */
    public boolean callOpen(long contactId) {
        return jdbc.sql("SELECT COUNT(*) FROM tasks WHERE contact_id = ? AND status = 'OPEN' AND kind <> 'FOLLOW_UP'")
                .param(contactId).query(Long.class).single() > 0;
    }

    /** The contact's open call-back due first. */
    public Optional<Task> openCallBack(long contactId) {
        return jdbc.sql("SELECT " + COLUMNS + """
                 FROM tasks WHERE contact_id = ? AND status = 'OPEN' AND kind = 'CALL_BACK'
                ORDER BY due_at, id FETCH FIRST 1 ROWS ONLY""").param(contactId).query(TaskStore::task).optional();
    }

    /** The contact's open call (any kind but a follow-up) due first. */
    public Optional<Task> nextCall(long contactId) {
        return jdbc.sql("SELECT " + COLUMNS + """
                 FROM tasks WHERE contact_id = ? AND status = 'OPEN' AND kind <> 'FOLLOW_UP'
                ORDER BY due_at, id FETCH FIRST 1 ROWS ONLY""").param(contactId).query(TaskStore::task).optional();
    }

    /** Moves an open task's due moment earlier, never later; answers whether it moved. */
    public boolean bringForward(long id, Instant due) {
        return jdbc.sql("UPDATE tasks SET due_at = ? WHERE id = ? AND status = 'OPEN' AND due_at > ?")
                .params(Timestamps.of(due), id, Timestamps.of(due)).update() > 0;
    }

    /** The program touch whose call this task is, its first attempt or a further one; empty for other tasks. */
    public Optional<Long> programTouchOf(long taskId) {
        return jdbc.sql("SELECT COALESCE(touch_id, attempt_of) FROM tasks WHERE id = ?").param(taskId)
                .query(Long.class).optional();
    }

    /** Of these tasks, those a program's touch made, first attempts or further ones: each task's touch, by task id. */
    public Map<Long, Long> programTouches(Collection<Long> taskIds) {
        Map<Long, Long> touches = new HashMap<>();
        for (List<Long> chunk : Chunks.of(List.copyOf(taskIds), CHUNK)) {
            jdbc.sql("""
                    SELECT id, COALESCE(touch_id, attempt_of) FROM tasks
                     WHERE id IN (:ids) AND (touch_id IS NOT NULL OR attempt_of IS NOT NULL)""")
                    .param("ids", chunk).query(rs -> {
                        touches.put(rs.getLong(1), rs.getLong(2));
                    });
        }
        return touches;
    }

    /** The open attempt booked after this one: the same contact and kind, the next attempt number, booked since. */
    public Optional<Task> nextAttempt(Task task) {
        return jdbc.sql("SELECT " + COLUMNS + """
                 FROM tasks WHERE contact_id = ? AND kind = ? AND attempt = ? AND status = 'OPEN' AND created_at >= ?
                ORDER BY id DESC FETCH FIRST 1 ROWS ONLY""")
                .params(task.contactId(), task.kind().name(), task.attempt() + 1,
                        Timestamps.of(task.doneAt() == null ? task.createdAt() : task.doneAt()))
                .query(TaskStore::task).optional();
    }

    public void flagWrongNumber(long contactId, String phone, Instant now, String by) {
        jdbc.sql("""
                INSERT INTO wrong_numbers (contact_id, phone, flagged_at, flagged_by) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING""").params(contactId, phone, Timestamps.of(now), by).update();
    }

    /** Those of the contacts (id to current phone) whose current number a call found wrong. */
    public Set<Long> wrongNumbers(Map<Long, String> phones) {
        Set<Long> wrong = new HashSet<>();
        for (var chunk : Chunks.of(List.copyOf(phones.keySet()), CHUNK)) {
            jdbc.sql("SELECT contact_id, phone FROM wrong_numbers WHERE contact_id IN (:ids)").param("ids", chunk)
                    .query(rs -> {
                        if (sameNumber(rs.getString(2), phones.get(rs.getLong(1)))) {
                            wrong.add(rs.getLong(1));
                        }
                    });
        }
        return wrong;
    }

    /** The flag on the contact's number as it is now written, the first one raised. */
    public Optional<Tasks.WrongNumber> wrongNumberOf(long contactId, String phone) {
        return jdbc.sql("""
                SELECT phone, flagged_at, flagged_by FROM wrong_numbers WHERE contact_id = ? ORDER BY flagged_at""")
                .param(contactId)
                .query((rs, row) -> new Tasks.WrongNumber(rs.getString(1), Timestamps.read(rs, 2), rs.getString(3)))
                .list().stream().filter(w -> sameNumber(w.phone(), phone)).findFirst();
    }

    /**
     * One number however it is written ("+49 30 1234567", "+49-30-1234567", "+49301234567"): its digits, and whether it
     * starts with a plus. A wrong number written again another way by an import or a sync is still the wrong number.
     */
    static boolean sameNumber(String flagged, String current) {
        return current != null && digits(flagged).equals(digits(current));
    }

    private static String digits(String phone) {
        String digits = phone.replaceAll("[^0-9]", "");
        return phone.strip().startsWith("+") ? "+" + digits : digits;
    }

    /** The contact's open tasks, anyone's or nobody's, the first due first. */
    public List<Task> openOfContact(long contactId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM tasks WHERE contact_id = ? AND status = 'OPEN' ORDER BY due_at, id")
                .param(contactId).query(TaskStore::task).list();
    }

    /**
     * The contact's tasks done or cancelled before an instant, the last finished first: {@code limit} and those
     * finished at the same instant as the last of them (a page of the timeline keeps an instant whole).
     */
    public List<Task> finishedOfContact(long contactId, Instant before, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM (SELECT " + COLUMNS + """
                 FROM tasks WHERE contact_id = ? AND status <> 'OPEN' AND done_at < ?
                ORDER BY done_at DESC FETCH FIRST ? ROWS WITH TIES) newest ORDER BY done_at DESC, id DESC""")
                .params(contactId, Timestamps.of(before), limit).query(TaskStore::task).list();
    }

    /** The contact's tasks done or cancelled after an instant, the last finished first. */
    public List<Task> finishedSinceOfContact(long contactId, Instant since) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM tasks WHERE contact_id = ? AND status <> 'OPEN' AND done_at > ?"
                        + " ORDER BY done_at DESC, id DESC")
                .params(contactId, Timestamps.of(since)).query(TaskStore::task).list();
    }

    /** Every task of the contact, newest first: for the contact's personal-data export. */
    public List<Task> ofContact(long contactId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM tasks WHERE contact_id = ? ORDER BY id DESC").param(contactId)
                .query(TaskStore::task).list();
    }

    private static Task task(ResultSet rs, int n) throws SQLException {
        String outcome = rs.getString("outcome");
        return new Task(rs.getLong("id"), TaskKind.valueOf(rs.getString("kind")), rs.getLong("contact_id"),
                rs.getObject("assignee_id", Long.class), rs.getString("title"), rs.getString("context"),
                rs.getString("script"), Timestamps.read(rs, "due_at"), rs.getInt("priority"),
                Task.Status.valueOf(rs.getString("status")), rs.getInt("attempt"), rs.getObject("touch_id", Long.class),
                outcome == null ? null : CallOutcome.valueOf(outcome), rs.getString("outcome_note"),
                Timestamps.read(rs, "created_at"), Timestamps.read(rs, "done_at"), rs.getString("done_by"), null);
    }
}
