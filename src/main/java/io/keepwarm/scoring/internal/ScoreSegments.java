package io.keepwarm.scoring.internal;

import io.keepwarm.scoring.ScoresChanged;
import io.keepwarm.segment.Segments;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Segment rules read scores and grades ("grade >= B"), so a change sends the contacts to be re-checked. */
@Component
class ScoreSegments {

    private final Segments segments;

    ScoreSegments(Segments segments) {
        this.segments = segments;
    }

    @EventListener
    void on(ScoresChanged changed) {
        segments.recheck(changed.contactIds());
    }
}
