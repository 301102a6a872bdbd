package io.keepwarm.platform.web;

import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.platform.SimulatedClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Reads and moves the simulated clock; answers 404 while the real clock is on. */
@RestController
@RequestMapping("/api/v1/admin/clock")
class ClockController {

    private final Clock clock;

    ClockController(Clock clock) {
        this.clock = clock;
    }

    record ClockView(Instant now, boolean simulated) {}

    /** Exactly one of the two: how far to move forward, or the instant to jump to. */
    record ClockChange(Duration advance, Instant set) {}

    @GetMapping
    ClockView read() {
        simulated();
        return new ClockView(clock.instant(), true);
    }

    @PostMapping
    ClockView change(@RequestBody ClockChange change) {
        SimulatedClock simulated = simulated();
        if ((change.advance() == null) == (change.set() == null)) {
            throw InvalidInputException.field("advance", "give exactly one of 'advance' (e.g. \"P30D\") or 'set' (e.g. \"2027-01-01T09:00:00Z\")");
        }
        if (change.advance() != null) {
            if (change.advance().isNegative()) {
                throw InvalidInputException.field("advance", "must not be negative; the clock only moves forward");
            }
            simulated.advance(change.advance());
        } else {
            simulated.set(change.set());
        }
        return new ClockView(clock.instant(), true);
    }

    private SimulatedClock simulated() {
        if (clock instanceof SimulatedClock simulated) {
            return simulated;
        }
        throw new NotFoundException("The simulated clock is off; start Keepwarm with KEEPWARM_CLOCK=simulated to use it");
    }
}
