package io.keepwarm.scoring;

import java.time.Instant;

/**
 * One change of a contact's score, with its cause: a behaviour rule and the activity that met it, decay, a
 * person, a trigger, a new fit grade, a merged duplicate's score, or the reset of a lead recycled back to nurture.
 *
 * @param points the change in whole points (the score shown is the rounded exact score, so one change may read one
 *     point off the sum of the points)
 */
public record ScoreChange(long id, Instant at, Cause cause, String reason, Long ruleId, Long activityId, int points,
        int scoreAfter, String gradeAfter) {

    /** What moved the score. */
    public enum Cause { RULE, DECAY, PERSON, TRIGGER, GRADE, MERGE, RESET }
}
