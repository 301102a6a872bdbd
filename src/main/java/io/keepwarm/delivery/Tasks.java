package io.keepwarm.delivery;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.delivery.internal.CallOutcomes;
import io.keepwarm.delivery.internal.QueueCursor;
import io.keepwarm.delivery.internal.QueuePosition;
import io.keepwarm.delivery.internal.TaskQueue;
import io.keepwarm.delivery.internal.TaskStore;
import io.keepwarm.delivery.internal.UncallableCalls;
import io.keepwarm.identity.Caller;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.AskAgain;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.Countries;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.ForbiddenException;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.Zones;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The reps' tasks: create them, show a rep's queue within calling hours, and log how each call went. Every task it
 * answers is as staff read it, its signed tokens cut ({@link Task#withoutTokens}); the table keeps the script as sent.
 * The rep's reads (a queue, a task, a contact's open tasks) give an open call's script filled in for whoever holds it
 * now ({@link CallScripts}).
 */
@Service
public class Tasks {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Tasks.class);

    /**
     * A task to create.
     *
     * @param assigneeId whose queue it goes to; null for the contact's owner (and nobody's when it has none)
     * @param title what to do, in a line; blank takes the kind's label
     * @param context why and what to know before calling, as text
     * @param dueAt when it is due; null for now
     * @param priority 0 to 100, higher first among tasks due at the same time (clamped)
     */
    public record NewTask(long contactId, Long assigneeId, TaskKind kind, String title, String context, Instant dueAt,
            int priority) {}

    /**
     * How a call went, or what came of a follow-up (DONE, with a note).
     *
     * @param askAgainOn the contact's "ask me again" date; required with REACHED_NOT_NOW, refused with anything else
     * @param callBackAt a call-back the rep promised: a CALL_BACK task at that time in the queue of the rep who booked it
     */
    public record Completion(CallOutcome outcome, String note, LocalDate askAgainOn, Instant callBackAt) {}

    /**
     * The contact of a queued task, with what a rep needs to dial; the country says their day when the zone is unknown
     * ({@link io.keepwarm.platform.Zones#ofContact}).
     */
    public record Callee(long id, String name, String phone, String timeZone, String country, LocalDateTime localTime) {}

    /**
     * A task in a rep's queue.
     *
     * @param callableNow whether the contact's local time is within calling hours now; for a contact whose zone is
     *     unknown, whether they are on every clock of their country at once (never when the country's clocks are not
     *     known, as their local time could be any)
     * @param callableFrom when calling hours next open for the contact, while they are closed; null when unknown (an
     *     unknown zone whose country's clocks share no calling hour, or are not known)
     * @param doNotCall the contact may not be called (phone do-not-contact, phone consent withdrawn, no phone number, a
     *     number found wrong): a hand-off or a follow-up of theirs stays in the queue, to be done without a call
     */
    public record QueueEntry(Task task, Callee contact, boolean callableNow, Instant callableFrom, boolean doNotCall) {}

    static final int MAX_TITLE = 200;
    static final int MAX_NOTE = 2000;

    private final TaskStore store;
    private final TaskQueue queue;
    private final CallOutcomes outcomes;
    private final UncallableCalls uncallable;
    private final Contacts contacts;
    private final Users users;
    private final AuditLog audit;
    private final Zones zones;
    private final Clock clock;
    private final ObjectProvider<CallScripts> scripts;

    Tasks(TaskStore store, TaskQueue queue, CallOutcomes outcomes, UncallableCalls uncallable, Contacts contacts,
            Users users, AuditLog audit, Zones zones, Clock clock, ObjectProvider<CallScripts> scripts) {
        this.scripts = scripts;
        this.store = store;
        this.queue = queue;
        this.outcomes = outcomes;
        this.uncallable = uncallable;
        this.contacts = contacts;
        this.users = users;
        this.audit = audit;
        this.zones = zones;
        this.clock = clock;
    }

    /**
     * Puts a task in a rep's queue and answers its id. A call for a contact who may not be called is cancelled at once,
     * with the reason.
     */
    @Transactional
    public long create(NewTask task) {
        if (task.kind() == null) {
            throw InvalidInputException.field("kind", "is required, one of " + List.of(TaskKind.values()));
        }
        Contact contact = contacts.get(task.contactId());
        Long assignee = task.assigneeId();
        if (assignee == null) {
            // The owner by default, unless they have left (disabled): then unassigned, where anyone may take it.
            assignee = contact.ownerId() == null ? null
                    : users.findEnabled(contact.ownerId()).map(User::id).orElse(null);
        } else {
            User user = users.find(assignee).orElseThrow(() -> InvalidInputException.field("assigneeId",
                    "no user has the id " + task.assigneeId()));
            if (!user.enabled()) {
                throw InvalidInputException.field("assigneeId", user.username() + " is disabled and cannot take tasks");
            }
        }
        Instant now = clock.instant();
        String title = task.title() == null || task.title().isBlank() ? task.kind().label() : task.title().strip();
        long id = store.insert(new TaskStore.New(contact.id(), assignee, task.kind(),
                title.length() > MAX_TITLE ? title.substring(0, MAX_TITLE) : title, task.context(), null,
                task.dueAt() == null ? now : task.dueAt(), Math.clamp(task.priority(), 0, 100), 1), now);
        Map<String, Object> created = new LinkedHashMap<>(Map.of("taskId", id, "kind", task.kind()));
        created.put("assigneeId", assignee); // null for a task nobody holds yet
        audit.record("TASK_CREATED", "contact", contact.id(), created);
        if (task.kind().onlyACall()) {
            // A call for a contact who may not be called (a ready date of a contact who since said "never call me")
            // would wait in no queue forever: it ends at once, saying why.
            uncallable.end(List.of(contact.id()), now, Actors.current());
        }
        return id;
    }

    public Task get(long id) {
        return shownTasks(List.of(store.find(id).orElseThrow(() -> NotFoundException.of("Task", id)))).getFirst();
    }

    /**
     * A rep's queue: their open tasks due now, those overdue since before today first, then today's by priority and
     * due time (today in the tasks' zone); calls only while the contact is within calling hours in their own zone, and
     * never a call to a contact who may not be called (phone do-not-contact, phone consent withdrawn, no phone number,
     * a number found wrong): their hand-offs and follow-ups come with {@code doNotCall}. With {@code all}, also the
     * tasks not yet due (after today's, by due time) and the calls outside calling hours.
     *
     * @param assigneeId the rep; null for the tasks of nobody
     */
    public List<QueueEntry> queue(Long assigneeId, boolean all, int limit) {
        return shown(queue.of(assigneeId, all, limit, clock.instant()), true);
    }

    /**
     * A page of a queue in queue order: its entries, the cursor of the next page (null on the last), and how many
     * entries the pages before it showed, for "showing 51–100 of 1,234".
     */
    public record QueuePage(List<QueueEntry> items, String nextCursor, int before) {}

    /**
     * A page of the queue as {@link #queue} gives it, after a cursor a page before handed out (null or blank: the first
     * page). The order is the one of the first page's moment, so that following the cursors reads each entry once;
     * whether each may be called is as of now.
     *
     * @throws InvalidInputException when the cursor is not one a page handed out
     */
    public QueuePage queue(Long assigneeId, boolean all, String cursor, int limit) {
        return page(assigneeId, all, cursor, "cursor", limit, e -> true, true);
    }

    /**
     * A page of every open task of the rep in queue order, as {@link #queue} gives it with all, for a list that shows
     * no call script (My day's calls for later): each call titled as there, but its script read as kept, not filled in
     * for whoever holds it, as rendering a script for each task nobody reads on the page is work thrown away. The tasks
     * in {@code leftOut} (shown elsewhere on the page) are not on it.
     *
     * @param field the parameter the cursor came in, as its refusal names it
     */
    public QueuePage titledQueue(long assigneeId, Set<Long> leftOut, String cursor, String field, int limit) {
        return page(assigneeId, true, cursor, field, limit, e -> !leftOut.contains(e.task().id()), false);
    }

    /** The queue's first entries, titled only ({@link #titledQueue(long, Set, String, String, int)}). */
    private List<QueueEntry> titledQueue(Long assigneeId, boolean all, int limit) {
        return shown(queue.of(assigneeId, all, limit, clock.instant()), false);
    }

    private QueuePage page(Long assigneeId, boolean all, String cursor, String field, int limit,
            java.util.function.Predicate<QueueEntry> keep, boolean withScripts) {
        Instant now = clock.instant();
        QueueCursor from = QueueCursor.decode(cursor, now, field);
        List<QueueEntry> read = queue.page(assigneeId, all, from, limit + 1, now, keep);
        boolean more = read.size() > limit;
        List<QueueEntry> items = more ? read.subList(0, limit) : read;
        String next = more ? from.next(QueuePosition.of(items.getLast().task(), from.at()), items.size()).encode()
                : null;
        return new QueuePage(shown(items, withScripts), next, from.before());
    }

    /** How many open tasks the user holds, due or not: all their work, as a page that shows part of it counts it. */
    public int openCount(long assigneeId) {
        return store.openCount(assigneeId);
    }

    /**
     * Tasks in id order, of one assignee, of nobody ({@code nobodys}) or everyone's, of one status or any: the record
     * of work done.
     */
    public Page<Task> list(Long assigneeId, boolean nobodys, Task.Status status, String cursor, int limit) {
        return Page.of(shownTasks(store.page(assigneeId, nobodys, status, Cursor.decode(cursor), limit + 1)), limit,
                Task::id);
    }

    /**
     * Logs how the call of an open task went and applies what it means here: the CALL_OUTCOME activity, a number
     * flagged wrong, phone do-not-contact in the consent ledger, the next attempt after no answer, a booked call-back.
     * A follow-up ends DONE with a note saying what came of it (or as a call, when it was one). Publishes {@link TaskCompleted} for the rest. A rep
     * completes only their own tasks.
     */
    @Transactional
    public Task complete(long id, Completion completion) {
        Task task = store.findForUpdate(id).orElseThrow(() -> NotFoundException.of("Task", id));
        Caller caller = users.caller();
        caller.mustActFor(task.assigneeId(), "Task " + id);
        Contact contact = contacts.get(task.contactId());
        check(task, completion, contact, clock.instant());
        if (task.status() != Task.Status.OPEN) {
            throw alreadyEnded(task);
        }
        CallScripts.Filled read = readNow(task);
        if (read != null && read.script() != null) {
            // The record keeps what the rep read when they logged the call: the live piece's words, for them.
            store.keepScript(id, read.script());
        }
        outcomes.apply(task, contact, completion, caller, clock.instant());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("taskId", id);
        details.put("outcome", completion.outcome());
        if (task.script() != null) {
            // Which words the call went by: the script as made (its piece no longer live, or no program's), or the
            // piece's version saved then.
            details.put("script", read == null || read.script() == null ? "AS_MADE" : "AS_SAVED");
            if (read != null && read.pieceSavedAt() != null && read.script() != null) {
                details.put("pieceSavedAt", read.pieceSavedAt().toString());
            }
        }
        if (completion.callBackAt() != null) {
            details.put("callBackAt", completion.callBackAt().toString());
        }
        audit.record("TASK_COMPLETED", "contact", contact.id(), details);
        return get(id);
    }

    /**
     * Why a task done or cancelled is not completed again (a second submit, a page drawn before someone else logged
     * it): what became of it, by whom and when, and that nothing more was logged, with where to look instead.
     */
    private static ConflictException alreadyEnded(Task task) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("currentStatus", task.status());
        StringBuilder said = new StringBuilder("Task " + task.id());
        if (task.status() == Task.Status.CANCELLED) {
            said.append(" was cancelled");
        } else {
            said.append(" was already completed");
            if (task.outcome() != null) {
                said.append(" with outcome ").append(task.outcome());
                facts.put("outcome", task.outcome());
            }
        }
        if (task.doneBy() != null) {
            said.append(" by ").append(task.doneBy());
            facts.put("doneBy", task.doneBy());
        }
        if (task.doneAt() != null) {
            said.append(" at ").append(task.doneAt());
            facts.put("doneAt", task.doneAt().toString());
        }
        if (task.outcomeNote() != null) {
            said.append(" (").append(task.outcomeNote()).append(')');
        }
        return new ConflictException(said + "; nothing was logged this time: GET /api/v1/tasks/" + task.id()
                + " shows what was, and GET /api/v1/tasks?all=true the open tasks", facts);
    }

    /** Closes the contact's open tasks of a kind without a call (their hand-off was decided); answers how many. */
    @Transactional
    public int close(long contactId, TaskKind kind, String note) {
        return store.endOpen(contactId, List.of(kind), Task.Status.DONE, note, clock.instant(), Actors.current());
    }

    /** Cancels the contact's open tasks of a kind (they no longer apply); answers how many. */
    @Transactional
    public int cancel(long contactId, TaskKind kind, String note) {
        return store.endOpen(contactId, List.of(kind), Task.Status.CANCELLED, note, clock.instant(), Actors.current());
    }

    /** Cancels the contact's open tasks of a kind due before an instant (asked too early); answers how many. */
    @Transactional
    public int cancelDueBefore(long contactId, TaskKind kind, Instant before, String note) {
        return store.endOpenDueBefore(contactId, kind, before, note, clock.instant(), Actors.current());
    }

    /** Cancels one open task (it no longer applies), saying why; false when it was not open. */
    @Transactional
    public boolean cancelTask(long taskId, String note) {
        return store.finish(taskId, Task.Status.CANCELLED, null, note, clock.instant(), Actors.current());
    }

    /** Cancels these contacts' open tasks of a kind (they no longer apply); answers how many. */
    @Transactional
    public int cancel(Collection<Long> contactIds, TaskKind kind, String note) {
        return contactIds.isEmpty() ? 0 : store.endOpen(contactIds, List.of(kind), Task.Status.CANCELLED, note,
                clock.instant(), Actors.current());
    }

    /**
     * Cancels these contacts' open nurture calls and program tasks, as the contacts left nurture: every open
     * {@code CALL} and {@code READINESS_CHECK} (a program's, its next attempts, a trigger's call, a rep's "ask me
     * again" check) and every task a program's touch made (its task steps). Those calls are nurture's; a lead with
     * sales gets the rep's first call and a disqualified one none, and a trigger's call and its retries carry nothing
     * that tells them from a program's. A call-back a rep booked, the hand-off's and the first call, and a trigger's
     * or a person's follow-up stay. Answers how many.
     */
    @Transactional
    public int cancelProgramTasks(Collection<Long> contactIds, String note) {
        return store.cancelProgramTasks(contactIds, note, clock.instant(), Actors.current());
    }

    /** Cancels the open tasks these program touches made (their place in the program ended); answers how many. */
    @Transactional
    public int cancelOfTouches(Collection<Long> touchIds, String note) {
        return touchIds.isEmpty() ? 0 : store.cancelOfTouches(touchIds, note, clock.instant(), Actors.current());
    }

    /**
     * Moves the contact's open tasks of a kind to another user's queue, due then and with this context, as a new task
     * of theirs would be (a hand-off that changed hands); answers how many.
     */
    @Transactional
    public int reassign(long contactId, TaskKind kind, long assigneeId, String context, Instant due) {
        return store.reassignOpen(contactId, kind, assigneeId, context, due);
    }

    /**
     * The contact's tasks done or cancelled before an instant, the last finished first: {@code limit} and those
     * finished at the same instant as the last of them.
     */
    public List<Task> finishedOf(long contactId, Instant before, int limit) {
        return store.finishedOfContact(contactId, before, limit).stream().map(Task::withoutTokens).toList();
    }

    /** The contact's tasks done or cancelled after an instant, the last finished first: what a window of days holds. */
    public List<Task> finishedSince(long contactId, Instant since) {
        return store.finishedSinceOfContact(contactId, since).stream().map(Task::withoutTokens).toList();
    }

    /** The contact's open tasks, anyone's or nobody's, the first due first. */
    public List<Task> openOf(long contactId) {
        return shownTasks(store.openOfContact(contactId));
    }

    /**
     * Of these contacts, the open tasks that someone other than this user holds, by contact, the first due first: two
     * reps who each took a task of one unowned lead would otherwise both call them, neither knowing of the other.
     */
    public Map<Long, List<Task>> heldByOthers(Collection<Long> contactIds, long userId) {
        if (contactIds.isEmpty()) {
            return Map.of();
        }
        return store.heldByOthers(contactIds, userId).stream().map(Task::withoutTokens)
                .collect(Collectors.groupingBy(Task::contactId, LinkedHashMap::new, Collectors.toList()));
    }

    /**
     * Gives an open task to a user. With no user named, the caller takes a task nobody has: a trigger's for a contact
     * without an owner, or one a leaver left, which would otherwise wait in no one's day. A rep takes only such a task
     * of a contact who is unowned, theirs, or a leaver's (taking a call may make them the owner, which a rep may not
     * do to another rep's contact); ADMIN and MARKETER also give any open task to an enabled rep who is not away. A
     * hand-off's task goes with its hand-off, so it is reassigned there.
     */
    @Transactional
    public Task assign(long id, Long assigneeId) {
        Caller caller = users.caller();
        Task task = store.findForUpdate(id).orElseThrow(() -> NotFoundException.of("Task", id));
        if (task.status() != Task.Status.OPEN) {
            throw new ConflictException("Task " + id + " is " + task.status().name().toLowerCase(java.util.Locale.ROOT)
                    + "; only an open task changes hands");
        }
        if (task.kind() == TaskKind.HANDOFF) {
            throw new ConflictException("Task " + id + " is a hand-off's: it goes with the hand-off, so reassign the"
                    + " hand-off instead (on the contact's page, or POST /api/v1/handoffs/{id}/reassign)");
        }
        // A rep naming themselves takes, as with no one named.
        boolean taking = assigneeId == null
                || (!caller.seesAll() && caller.user() != null && assigneeId == caller.user().id());
        long to = assigneeId == null ? caller.me("assigneeId",
                "name the user the task goes to") : assigneeId;
        if (taking && task.assigneeId() != null) {
            throw new ConflictException("Task " + id + " is no longer nobody's: someone took it first");
        }
        if (!(caller.seesAll() || taking && mayTake(caller, contacts.get(task.contactId()).ownerId()))) {
            throw new ForbiddenException(taking
                    ? "Task " + id + " is for another rep's contact; a rep takes only tasks of their own, unowned or a"
                            + " leaver's contacts. Ask the owner, a marketer or an admin"
                    : "A rep takes a task nobody has for themselves and gives none; ask a marketer or an admin to move"
                            + " task " + id);
        }
        User user = users.find(to).orElseThrow(() -> InvalidInputException.field("assigneeId", "no user has the id " + to));
        if (!user.enabled() || (!taking && user.away())) {
            throw InvalidInputException.field("assigneeId", user.username() + (user.enabled()
                    ? " is away: give the task to a rep who is in" : " is disabled and cannot take tasks"));
        }
        store.reassign(List.of(id), to);
        Map<String, Object> assigned = new LinkedHashMap<>(Map.of("taskId", id, "assigneeId", to));
        assigned.put("from", task.assigneeId()); // null when nobody had it
        audit.record("TASK_ASSIGNED", "contact", task.contactId(), assigned);
        return get(id);
    }

    /** The tasks nobody has that the caller may take, the first due first, at most {@code limit}. */
    public List<QueueEntry> nobodysFor(Caller caller, int limit) {
        // Listed to be taken, their scripts unread: titled, not filled in.
        List<QueueEntry> nobodys = titledQueue(null, true, limit).stream()
                .filter(e -> e.task().kind() != TaskKind.HANDOFF).toList();
        if (caller.seesAll()) {
            return nobodys;
        }
        // A rep sees the ones they may take.
        Map<Long, Long> owners = new java.util.HashMap<>();
        contacts.ownersAndZones(nobodys.stream().map(e -> e.task().contactId()).toList())
                .forEach(c -> owners.put(c.contactId(), c.ownerId()));
        // Asked once per owner: fifty tasks of one leaver's contacts are one lookup, not fifty.
        Map<Long, Boolean> takeable = new java.util.HashMap<>();
        return nobodys.stream().filter(e -> {
            Long owner = owners.get(e.task().contactId());
            return owner == null ? mayTake(caller, null) : takeable.computeIfAbsent(owner, o -> mayTake(caller, o));
        }).toList();
    }

    /** Whether the caller may take a task nobody has of a contact of this owner (a rep: unowned, theirs, a leaver's). */
    public boolean mayTake(Caller caller, Long ownerId) {
        return caller.seesAll() || ownerId == null || (caller.user() != null && caller.user().id() == ownerId)
                || users.findEnabled(ownerId).isEmpty();
    }

    /**
     * Why the contact may not be called, as a queue leaves their calls out: phone do-not-contact, phone consent
     * withdrawn, their number found wrong. Empty when they may be.
     */
    public Optional<String> whyNotCalled(long contactId) {
        return queue.whyNotCalled(contacts.get(contactId));
    }

    /** Of these contacts, those who may not be called, each with why in words as {@link #whyNotCalled(long)} says it. */
    public Map<Long, String> whyNotCalled(Collection<Contact> people) {
        return people.isEmpty() ? Map.of() : queue.whyNotCalled(people);
    }

    /** A contact's number a call found wrong: the number as it was written then, when, and by whom (as acted under). */
    public record WrongNumber(String phone, Instant flaggedAt, String flaggedBy) {}

    /** The flag on the contact's current number, written whichever way; empty when it has none or no number. */
    public Optional<WrongNumber> wrongNumber(Contact contact) {
        return contact.phone() == null || contact.phone().isBlank() ? Optional.empty()
                : store.wrongNumberOf(contact.id(), contact.phone());
    }

    /** The contact's open call-back that comes first, in anyone's queue: a call already agreed with them. */
    public Optional<Task> callBackOf(long contactId) {
        return store.openCallBack(contactId).map(Task::withoutTokens);
    }

    /** One open task as its rep's queue shows it: whether it may be called now, and from when. */
    public Optional<QueueEntry> entry(long taskId) {
        return store.find(taskId).filter(t -> t.status() == Task.Status.OPEN)
                .map(t -> shown(List.of(queue.entry(t, contacts.get(t.contactId()), clock.instant())), true).getFirst());
    }

    /** The attempt booked after this call went unanswered or to voicemail; empty when it was the last one allowed. */
    public Optional<Task> nextAttempt(long taskId) {
        return store.nextAttempt(get(taskId)).map(Task::withoutTokens);
    }

    /**
     * Brings an open task forward to an earlier moment (a new lead's next attempt that would fall after its hand-off's
     * deadline); a later one is no bringing forward and changes nothing. Answers whether it moved.
     */
    @Transactional
    public boolean bringForward(long taskId, Instant due) {
        return store.bringForward(taskId, due);
    }

    /** Calling hours in each contact's zone, as a person reads them ("08:00–21:00"). */
    public String callingHours() {
        return queue.callingHours();
    }

    /**
     * The first moment at or after this one within the contact's calling hours: on their clock, or for an unknown zone
     * on every clock of their country at once (the queue's rule); empty when there is none (an unknown zone of a
     * country whose clocks Keepwarm does not know), as such a contact waits for their zone to be set.
     */
    public Optional<Instant> firstCallingMoment(Instant at, String timeZone, String country) {
        return queue.firstCallingMoment(at, timeZone, country);
    }

    /** The contact's open call (any kind but a follow-up), in anyone's queue, that is due first. */
    public Optional<Task> nextCall(long contactId) {
        return store.nextCall(contactId);
    }

    /**
     * The contact's open call (any kind but a follow-up), in anyone's queue, due by the end of that moment's day in
     * their zone, overdue ones included: a call already waiting for them that day, so another would phone them twice.
     */
    public Optional<Task> callWaitingOn(long contactId, Instant at) {
        Contact contact = contacts.get(contactId);
        ZoneId zone = zones.ofContact(contact.timeZone(), contact.country());
        Instant dayEnds = at.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
        return store.nextCall(contactId).filter(t -> t.dueAt().isBefore(dayEnds)).map(Task::withoutTokens);
    }

    /** How many calls a task gets before no answer or a voicemail is the end of it. */
    public int maxAttempts() {
        return outcomes.maxAttempts();
    }

    /** Whether the contact waits for a call (any kind but a follow-up), in anyone's queue or nobody's, whenever due. */
    public boolean callOpen(long contactId) {
        return store.callOpen(contactId);
    }

    /** Whether the contact already waits for a call (any kind but a follow-up), in anyone's queue or nobody's, due by then. */
    public boolean callDueBy(long contactId, Instant by) {
        return store.callDueBy(contactId, by);
    }

    /** A queue's entries with their tasks as {@link #shownTasks} gives them; without scripts, only titled. */
    private List<QueueEntry> shown(List<QueueEntry> entries, boolean withScripts) {
        List<Task> shown = shownTasks(entries.stream().map(QueueEntry::task).toList(), withScripts);
        List<QueueEntry> entered = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            QueueEntry e = entries.get(i);
            entered.add(new QueueEntry(shown.get(i), e.contact(), e.callableNow(), e.callableFrom(), e.doNotCall()));
        }
        return entered;
    }

    /**
     * Tasks as staff read them: an open program call's script filled in for whoever holds it now, so that a stand-in
     * or a rep it was given to reads their own name where the script says who calls, and a call kept with its kind's
     * label alone titled by what it is about; then their signed tokens cut. A task done or cancelled reads as kept.
     */
    private List<Task> shownTasks(List<Task> found) {
        return shownTasks(found, true);
    }

    /** As above; without scripts, each call only titled, its script as kept. */
    private List<Task> shownTasks(List<Task> found, boolean withScripts) {
        List<Task> calls = found.stream().filter(t -> t.status() == Task.Status.OPEN && t.script() != null).toList();
        CallScripts filler = scripts.getIfAvailable();
        Map<Long, CallScripts.Filled> filled = calls.isEmpty() || filler == null ? Map.of()
                : fill(filler, calls, withScripts);
        return found.stream().map(t -> filledIn(t, filled.get(t.id())).withoutTokens()).toList();
    }

    /** The open call's script as its rep reads it now ({@link #shownTasks}), its tokens kept; null when none is. */
    private CallScripts.Filled readNow(Task task) {
        CallScripts filler = scripts.getIfAvailable();
        return task.script() == null || filler == null ? null : fill(filler, List.of(task), true).get(task.id());
    }

    private Map<Long, CallScripts.Filled> fill(CallScripts filler, List<Task> calls, boolean withScripts) {
        Map<Long, Long> touches = store.programTouches(calls.stream().map(Task::id).toList());
        List<CallScripts.Call> asked = calls.stream().filter(t -> touches.containsKey(t.id()))
                .map(t -> new CallScripts.Call(t.id(), touches.get(t.id()), t.contactId(), t.assigneeId())).toList();
        if (asked.isEmpty()) {
            return Map.of();
        }
        try {
            if (!withScripts) {
                // A title alone is no note: the script is not said to be read as kept, as it is not read at all.
                return filler.titles(asked).entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                        e -> new CallScripts.Filled(null, null, e.getValue(), null)));
            }
            return filler.fill(asked);
        } catch (RuntimeException failed) {
            // A queue that could not be read would leave the rep without their day: each call shows its script as
            // kept, saying so.
            log.warn("Call scripts of tasks {} could not be filled in for their reps", touches.keySet(), failed);
            return asked.stream().collect(Collectors.toMap(CallScripts.Call::taskId, c -> new CallScripts.Filled(null,
                    "The script as written when the call was made: it could not be filled in for whoever calls now.",
                    null, null)));
        }
    }

    private static Task filledIn(Task task, CallScripts.Filled filled) {
        if (filled == null) {
            return task;
        }
        String title = task.kind() == TaskKind.CALL && filled.title() != null && task.title().equals(task.kind().label())
                ? filled.title() : task.title();
        return task.filledIn(title, filled.script() == null ? task.script() : filled.script(), filled.note());
    }

    /**
     * A call-back must be one the rep may make: within calling hours in the contact's zone (else it would silently
     * wait for the next morning, not the time agreed) and within two years. For a contact whose zone is unknown the
     * hours must hold on every clock of their country at once, as the queue calls them; of a country whose clocks
     * Keepwarm does not know there are no hours to check against, and their call waits for the zone in any case.
     */
    private Optional<FieldError> callBackWithinHours(Instant at, Contact contact, LocalDate today) {
        ZoneId zone = zones.ofContact(contact.timeZone(), contact.country());
        if (at.atZone(zone).toLocalDate().isAfter(AskAgain.latest(today))) {
            return Optional.of(new FieldError("callBackAt", "must be within two years, by " + AskAgain.latest(today)
                    + " at the latest, not " + at));
        }
        Optional<ZoneId> known = Zones.known(contact.timeZone());
        Optional<Instant> opens = queue.firstCallingMoment(at, contact.timeZone(), contact.country());
        if (opens.isEmpty() || opens.get().equals(at)) {
            return Optional.empty();
        }
        if (known.isEmpty()) {
            return Optional.of(new FieldError("callBackAt", "is " + at.atZone(zone).toLocalDateTime() + " "
                    + zone.getId() + ", outside calling hours (" + queue.callingHours() + ") on some clock of "
                    + Countries.iso2(contact.country()) + " (the contact's time zone is unknown, so the hours must hold on every clock"
                    + " of their country at once); book a time within them, such as "
                    + opens.get().atZone(zone).toLocalDateTime() + " " + zone.getId()));
        }
        return Optional.of(new FieldError("callBackAt", "is " + at.atZone(known.get()).toLocalDateTime()
                + " in the contact's zone (" + known.get().getId() + "), outside calling hours ("
                + queue.callingHours() + "); book a time within them, such as "
                + opens.get().atZone(known.get()).toLocalDateTime() + " their time"));
    }

    private void check(Task task, Completion c, Contact contact, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        List<CallOutcome> calls = Arrays.stream(CallOutcome.values()).filter(CallOutcome::ofACall).toList();
        if (c.outcome() == null) {
            errors.add(new FieldError("outcome", task.kind().call() ? "is required: how did the call go? One of " + calls
                    : "is required: DONE, with a note on what came of the follow-up (or how the call went, one of "
                            + calls + ", if it was one)"));
        } else if (!c.outcome().ofACall() && task.kind().call()) {
            errors.add(new FieldError("outcome", c.outcome() + " ends a follow-up; a " + task.kind()
                    + " is a call: how did it go? One of " + calls));
        }
        if (c.outcome() == CallOutcome.DONE && (c.note() == null || c.note().isBlank())) {
            errors.add(new FieldError("note", "is required with DONE: what came of the follow-up?"));
        }
        if (c.outcome() == CallOutcome.REACHED_NOT_NOW && c.askAgainOn() == null) {
            errors.add(new FieldError("askAgainOn", "is required with REACHED_NOT_NOW: when may we ask again?"));
        }
        if (c.askAgainOn() != null && c.outcome() != null && c.outcome() != CallOutcome.REACHED_NOT_NOW) {
            errors.add(new FieldError("askAgainOn", "goes only with REACHED_NOT_NOW"));
        }
        ZoneId zone = zones.ofContact(contact.timeZone(), contact.country());
        LocalDate today = now.atZone(zone).toLocalDate();
        if (c.askAgainOn() != null && c.askAgainOn().isBefore(today)) {
            errors.add(new FieldError("askAgainOn", "must be today or later in the contact's zone (" + zone.getId()
                    + "), not " + c.askAgainOn()));
        }
        if (c.askAgainOn() != null && c.askAgainOn().isAfter(AskAgain.latest(today))) {
            errors.add(new FieldError("askAgainOn", "must be within two years, by " + AskAgain.latest(today)
                    + " at the latest, not " + c.askAgainOn()));
        }
        if (c.callBackAt() != null && !c.callBackAt().isAfter(now)) {
            errors.add(new FieldError("callBackAt", "must be in the future (now is " + now + ")"));
        } else if (c.callBackAt() != null) {
            callBackWithinHours(c.callBackAt(), contact, today).ifPresent(errors::add);
        }
        if (c.callBackAt() != null && (c.outcome() == CallOutcome.WRONG_NUMBER || c.outcome() == CallOutcome.DO_NOT_CALL)) {
            errors.add(new FieldError("callBackAt", "cannot go with " + c.outcome() + ": nobody may be called back there"));
        }
        if (c.note() != null && c.note().length() > MAX_NOTE) {
            errors.add(new FieldError("note", "must have at most " + MAX_NOTE + " characters"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The outcome cannot be logged; the task stays open", errors);
        }
    }
}
