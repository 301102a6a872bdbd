package io.keepwarm.program.internal;

import io.keepwarm.lifecycle.ContactStagesChanged;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.lifecycle.StageChange;
import io.keepwarm.program.Enrollments;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A contact back in nurture from sales goes back into the programs it left for sales ({@link Enrollments#takeBack}),
 * whatever moved it: the lifecycle job returning recycled leads and lost deals, a rejected hand-off, a person. Waiting
 * for the audience segment to take it again left it out wherever the segment never let it go (an audience by tag).
 * Runs in the move's transaction, as {@link StageExits} does, so the move and the return commit together.
 */
@Component
class NurtureReturns {

    private final Enrollments enrollments;

    NurtureReturns(Enrollments enrollments) {
        this.enrollments = enrollments;
    }

    @EventListener
    void on(ContactStagesChanged changed) {
        List<Long> back = changed.changes().stream().filter(c -> c.to() == Stage.NURTURE && c.from() != Stage.NURTURE
                        && c.from() != Stage.NEW)
                .map(StageChange::contactId).distinct().toList();
        if (!back.isEmpty()) {
            enrollments.takeBack(back);
        }
    }
}
