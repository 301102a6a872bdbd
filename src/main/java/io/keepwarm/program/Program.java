package io.keepwarm.program;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.keepwarm.segment.Rule;
import java.time.Instant;
import java.util.List;

/**
 * A nurture program.
 *
 * @param audienceSegmentId contacts entering this segment are enrolled while the program is active; null for
 *     manual, API and trigger enrollment only
 * @param goal when it holds, the contact's enrollment ends as reached (became MQL, replied, accepted an offer)
 * @param exitOnSegmentLeave whether leaving the audience segment ends the enrollment
 * @param priority lower runs first when programs compete for a contact's pressure budget, among the touches decided
 *     together (one planning batch's, or one batch of waiting ones); a touch already waiting (deferred by a cap or
 *     quiet hours, or an unscheduled piece) is decided before the touches of the next planning pass
 * @param sendAsOwner whether email goes out in the name of the contact's owner (the same person each time, so it
 *     reads as a person's mail, not a blast's) instead of the account's sender
 */
public record Program(long id, String name, String description, ProgramKind kind, ProgramStatus status, int priority,
        Long audienceSegmentId, Reenrollment reenrollment, Rule goal, boolean exitOnSegmentLeave, List<Step> steps,
        Cadence cadence, List<Long> pool, boolean sendAsOwner, int version, String createdBy, Instant createdAt,
        Instant updatedAt) {

    public Program {
        steps = steps == null ? List.of() : List.copyOf(steps);
        pool = pool == null ? List.of() : List.copyOf(pool);
    }

    /**
     * What a person gives to create or change a program. The members only a GET shows (the server's to set) are
     * taken and ignored, so a program read, changed and sent back is accepted; any other unknown member is refused.
     */
    @JsonIgnoreProperties({"id", "status", "version", "createdBy", "createdAt", "updatedAt"})
    public record Draft(String name, String description, ProgramKind kind, Integer priority, Long audienceSegmentId,
            Reenrollment reenrollment, Rule goal, Boolean exitOnSegmentLeave, List<Step> steps, Cadence cadence,
            List<Long> pool, Boolean sendAsOwner) {

        public Draft {
            // A step or piece that could not be read stays a null in its place, so the checks of the rest still name
            // each step by its place in the list; the checks refuse a draft with one.
            steps = steps == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(steps));
            pool = pool == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(pool));
        }
    }
}
