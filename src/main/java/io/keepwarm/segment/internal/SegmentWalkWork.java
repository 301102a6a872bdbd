package io.keepwarm.segment.internal;

import io.keepwarm.platform.ClockWalk;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * At each step of a walk of the simulated clock: what {@link SegmentJobs} runs, segments whose rules move with time
 * included, as a step is at most the hour after which that job refreshes them.
 */
@Component
@Order(400)
class SegmentWalkWork implements ClockWalk.Work {

    private final Membership membership;

    SegmentWalkWork(Membership membership) {
        this.membership = membership;
    }

    @Override
    public void runDue(ClockWalk.Tally tally) {
        Membership.Refreshed refreshed = membership.refresh(true);
        tally.add("contacts who joined a segment", refreshed.entered());
        tally.add("contacts who left a segment", refreshed.left());
    }
}
