package io.keepwarm.delivery.web;

import io.keepwarm.delivery.CallOutcome;
import io.keepwarm.delivery.Task;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.identity.Caller;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.ForbiddenException;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.Page;
import java.time.Instant;
import java.time.LocalDate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The rep's day: the queue of calls and follow-ups, and logging how each call went. */
@RestController
@RequestMapping("/api/v1/tasks")
class TaskController {

    record CompleteRequest(CallOutcome outcome, String note, LocalDate askAgainOn, Instant callBackAt) {}

    record AssignRequest(Long assigneeId) {}

    private final Tasks tasks;
    private final Users users;

    TaskController(Tasks tasks, Users users) {
        this.tasks = tasks;
        this.users = users;
    }

    /**
     * The queue of {@code assignee} ({@code me}, a user id, or {@code none} for nobody's; a rep reads their own, a
     * manager their reps' too, ADMIN and MARKETER anyone's): open tasks due now, within the contact's calling hours,
     * never a contact who may not be called; {@code all=true} adds those not yet due and those outside calling hours.
     * Paged by {@code limit} (50 by default) with {@code cursor} from the previous page's {@code nextCursor}: the pages
     * keep the first one's order, so that a task falling due meanwhile is read once, not twice or never.
     */
    @GetMapping
    Page<Tasks.QueueEntry> queue(@RequestParam(defaultValue = "me") String assignee,
            @RequestParam(defaultValue = "false") boolean all, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        Tasks.QueuePage page = tasks.queue(assignee(assignee, users.caller()), all, cursor, Cursor.limit(limit));
        return new Page<>(page.items(), page.nextCursor());
    }

    /**
     * Every task of an assignee (a rep's own by default, or one of the reps they manage; everyone's for ADMIN and
     * MARKETER), in id order.
     */
    @GetMapping("/history")
    Page<Task> history(@RequestParam(required = false) String assignee, @RequestParam(required = false) Task.Status status,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        Caller caller = users.caller();
        Long who = assignee == null ? (caller.seesAll() ? null : Long.valueOf(caller.me("assignee", SALES_KEY)))
                : assignee(assignee, caller);
        return tasks.list(who, "none".equals(assignee), status, cursor, Cursor.limit(limit));
    }

    @GetMapping("/{id}")
    Task task(@PathVariable long id) {
        Task task = tasks.get(id);
        Caller caller = users.caller();
        if (!users.mayRead(caller, task.assigneeId())) {
            caller.mustActFor(task.assigneeId(), "Task " + id);
        }
        return task;
    }

    @PostMapping("/{id}/complete")
    Task complete(@PathVariable long id, @RequestBody CompleteRequest request) {
        return tasks.complete(id, new Tasks.Completion(request.outcome(), request.note(), request.askAgainOn(),
                request.callBackAt()));
    }

    /**
     * Gives an open task to a user ({@code assigneeId}; none: the caller). A rep takes a task nobody has for
     * themselves; ADMIN and MARKETER move any open task.
     */
    @PostMapping("/{id}/assign")
    Task assign(@PathVariable long id, @RequestBody(required = false) AssignRequest request) {
        return tasks.assign(id, request == null ? null : request.assigneeId());
    }

    private static final String SALES_KEY = "a SALES key sees no rep's tasks, which are the rep's own; log in as"
            + " the rep, or look with an ADMIN or MARKETER key (?assignee=<user id>, or ?assignee=none)";

    private Long assignee(String assignee, Caller caller) {
        if (assignee.equals("me")) {
            return caller.me("assignee", caller.seesAll()
                    ? "name the queue with ?assignee=<user id>, or ?assignee=none for the tasks nobody has" : SALES_KEY);
        }
        Long id = assignee.equals("none") ? null : parse(assignee);
        if (id == null ? !caller.seesAll() : !users.mayRead(caller, id)) {
            throw new ForbiddenException("A rep sees their own queue (assignee=me) and, as a manager, those of the reps"
                    + " they manage; other queues are for ADMIN, MARKETER and the rep's manager");
        }
        return id;
    }

    private static long parse(String assignee) {
        try {
            return Long.parseLong(assignee);
        } catch (NumberFormatException e) {
            throw InvalidInputException.field("assignee", "must be 'me', 'none' or a user id, not '" + assignee + "'");
        }
    }
}
