package io.keepwarm.engine.web;

import io.keepwarm.contact.Contacts;
import io.keepwarm.engine.Engine;
import io.keepwarm.engine.ProgramStats;
import io.keepwarm.engine.RunningOut;
import io.keepwarm.engine.Touch;
import io.keepwarm.platform.Contention;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.Page;
import io.keepwarm.program.Programs;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** How programs run: their figures, their touches, one-off sends, and a tick on demand for the simulated clock. */
@RestController
@RequestMapping("/api/v1")
class ProgramRunController {

    record UnscheduledRequest(long contentId) {}

    private final Engine engine;
    private final Programs programs;
    private final Contacts contacts;
    private final Contention contention;

    ProgramRunController(Engine engine, Programs programs, Contacts contacts, Contention contention) {
        this.engine = engine;
        this.contention = contention;
        this.programs = programs;
        this.contacts = contacts;
    }

    @GetMapping("/programs/{id}/stats")
    ProgramStats stats(@PathVariable long id) {
        return engine.stats(id);
    }

    /** The contacts behind one count of a stream's exhaustion forecast ({@code month} as the stats key it). */
    @GetMapping("/programs/{id}/stats/running-out")
    Page<RunningOut> runningOut(@PathVariable long id, @RequestParam(required = false) String month,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        return engine.runningOut(id, month, cursor, Cursor.limit(limit));
    }

    @GetMapping("/programs/{id}/touches")
    Page<Touch> touches(@PathVariable long id, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        int size = Cursor.limit(limit);
        programs.get(id); // a program there is not is a 404, as its stats are, not an empty list
        return engine.touchesOfProgram(id, cursor, size);
    }

    @GetMapping("/contacts/{id}/touches")
    Page<Touch> contactTouches(@PathVariable long id, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        int size = Cursor.limit(limit);
        contacts.get(id); // a contact there is not is a 404, as at every other address under it
        return engine.touchesOf(id, cursor, size);
    }

    /** Sends a one-off piece to the stream's audience at each contact's next allowed moment (seed 004). */
    @PostMapping("/programs/{id}/unscheduled")
    Map<String, Integer> unscheduled(@PathVariable long id, @RequestBody UnscheduledRequest request) {
        return Map.of("planned", engine.unscheduled(id, request.contentId()));
    }

    /**
     * Plans and sends what is due now: handy after moving the simulated clock. Each pass works in batches of their
     * own transactions: one the database gives up (a deadlock with the scheduled tick or an event batch) is run again,
     * and takes up what is still due; the batches done before it stay done.
     */
    @PostMapping("/admin/engine/tick")
    Map<String, Object> tick() {
        var sent = new java.util.EnumMap<>(contention.retried("sending what is due", engine::send).outcomes());
        Engine.Planned planned = contention.retried("planning what is due", engine::plan);
        planned.sent().outcomes().forEach((outcome, n) -> sent.merge(outcome, n, Integer::sum));
        return Map.of("planned", planned.outcomes(), "sent", sent);
    }
}
