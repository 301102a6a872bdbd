package io.keepwarm.platform.web;

import io.keepwarm.platform.ClockWalk;
import io.keepwarm.platform.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reads and moves the simulated clock; answers 404 while the real clock is on. A move forward walks through the time
 * between, running the jobs at each step ({@link ClockWalk}); one move at a time (409 while one walks).
 */
@RestController
@RequestMapping("/api/v1/admin/clock")
class ClockController {

    private final Clock clock;
    private final ClockWalk walk;

    ClockController(Clock clock, ClockWalk walk) {
        this.clock = clock;
        this.walk = walk;
    }

    /** @param walked what the last move did: null on a read */
    record ClockView(Instant now, boolean simulated, Walked walked) {}

    /**
     * @param from where the clock stood
     * @param to where the move left it
     * @param steps how many steps of at most an hour it walked, running the jobs at each (0: set back)
     * @param done what the jobs did on the way, by kind ("emails sent")
     * @param tookMillis how long the move took in real time
     */
    record Walked(Instant from, Instant to, int steps, Map<String, Long> done, long tookMillis) {}

    /** Exactly one of the two: how far to move forward, or the instant to jump to. */
    record ClockChange(Duration advance, Instant set) {}

    @GetMapping
    ClockView read() {
        walk.simulated();
        return new ClockView(clock.instant(), true, null);
    }

    @PostMapping
    ClockView change(@RequestBody ClockChange change) {
        walk.simulated();
        if ((change.advance() == null) == (change.set() == null)) {
            throw InvalidInputException.field("advance", "give exactly one of 'advance' (e.g. \"P30D\") or 'set' (e.g. \"2027-01-01T09:00:00Z\")");
        }
        ClockWalk.Walked walked = change.advance() != null ? walk.forward(change.advance()) : walk.to(change.set());
        return new ClockView(clock.instant(), true, new Walked(walked.from(), walked.to(), walked.steps(), walked.done(),
                walked.took().toMillis()));
    }
}
