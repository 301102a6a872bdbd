package io.keepwarm.activity.internal;

import io.keepwarm.activity.ActivityFeed;
import io.keepwarm.platform.ClockWalk;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * At each step of a walk of the simulated clock, first: scores and matches to triggers the activity of the step
 * before (the sends, a click), as {@link ActivityFollowJob} does in real time, so the work after it sees them.
 */
@Component
@Order(100)
class ActivityWalkWork implements ClockWalk.Work {

    private final ActivityFeed feed;

    ActivityWalkWork(ActivityFeed feed) {
        this.feed = feed;
    }

    @Override
    public void runDue(ClockWalk.Tally tally) {
        feed.followAll();
    }
}
