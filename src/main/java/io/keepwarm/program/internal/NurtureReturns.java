package io.keepwarm.program.internal;

import io.keepwarm.lifecycle.ContactStagesChanged;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.lifecycle.StageChange;
import io.keepwarm.program.Enrollments;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A contact back in nurture from sales goes back into the programs it left for sales ({@link Enrollments#takeBack}),
 * whatever moved it: the lifecycle job returning recycled leads and lost deals, a rejected hand-off, a person. Waiting
 * for the audience segment to take it again left it out wherever the segment never let it go (an audience by tag).
 * Back from a stage that kept it out of nurture (with sales, disqualified), it also enters the programs its audience
 * segments would have enrolled it in meanwhile ({@link Enrollments#enterAudiences}), as their re-enrollment allows.
 * Runs in the move's transaction, as {@link StageExits} does, so the move and the return commit together.
 */
@Component
class NurtureReturns {

    private final Enrollments enrollments;

    NurtureReturns(Enrollments enrollments) {
        this.enrollments = enrollments;
    }

    /** The stages a contact comes back to nurture from after programs could not take it: with sales, or disqualified. */
    private static final Set<Stage> KEPT_OUT = EnumSet.of(Stage.SQL, Stage.OPPORTUNITY, Stage.DISQUALIFIED,
            Stage.RECYCLED, Stage.LOST);

    @EventListener
    void on(ContactStagesChanged changed) {
        List<Long> back = changed.changes().stream().filter(c -> c.to() == Stage.NURTURE && c.from() != Stage.NURTURE
                        && c.from() != Stage.NEW)
                .map(StageChange::contactId).distinct().toList();
        if (!back.isEmpty()) {
            enrollments.takeBack(back);
        }
        List<Long> keptOut = changed.changes().stream().filter(c -> c.to() == Stage.NURTURE && KEPT_OUT.contains(c.from()))
                .map(StageChange::contactId).distinct().toList();
        if (!keptOut.isEmpty()) {
            enrollments.enterAudiences(keptOut);
        }
    }
}
