package io.keepwarm.scoring;

import io.keepwarm.platform.InvalidInputException.FieldError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How scores fade and when a contact counts as ready for sales: the account's settings, saved in the app (see
 * {@link ScoringRules#settings()}), with the configuration's keepwarm.scoring.* as the defaults until someone does.
 *
 * @param halfLife the time in which a behaviour score halves without new activity (default 90 days)
 * @param readyScore the behaviour score at which a contact may be ready (default 100)
 * @param readyGrade the fit grade it must also reach (default B); ignored while the account has no fit rules
 * @param gradeA fit points for grade A (default 60); likewise gradeB (40) and gradeC (20); below that, D
 */
public record ScoringSettings(Duration halfLife, int readyScore, String readyGrade, int gradeA, int gradeB, int gradeC) {

    public ScoringSettings {
        List<FieldError> problems = problems(halfLife, readyScore, readyGrade, gradeA, gradeB, gradeC);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.stream().map(p -> p.field() + " " + p.message())
                    .collect(Collectors.joining("; ")));
        }
    }

    /** What is wrong with these values, each with its field; none when they make settings. */
    public static List<FieldError> problems(Duration halfLife, int readyScore, String readyGrade, int gradeA, int gradeB,
            int gradeC) {
        List<FieldError> problems = new ArrayList<>();
        if (halfLife == null || halfLife.isNegative() || halfLife.toHours() < 1) {
            problems.add(new FieldError("halfLife", "must be at least an hour (PT1H), such as 90 days (P90D), not "
                    + halfLife));
        }
        if (readyScore < 1) {
            problems.add(new FieldError("readyScore", "must be 1 or more, not " + readyScore));
        }
        if (readyGrade == null || !readyGrade.matches("[A-D]")) {
            problems.add(new FieldError("readyGrade", "must be one of A, B, C, D (A fits best), not " + readyGrade));
        }
        if (gradeA <= gradeB) {
            problems.add(new FieldError("gradeA", "must be more fit points than grade B's " + gradeB + ", not " + gradeA));
        }
        if (gradeB <= gradeC) {
            problems.add(new FieldError("gradeB", "must be more fit points than grade C's " + gradeC + ", not " + gradeB));
        }
        return problems;
    }

    /** The grade for a sum of fit points. */
    public String grade(int fitPoints) {
        return fitPoints >= gradeA ? "A" : fitPoints >= gradeB ? "B" : fitPoints >= gradeC ? "C" : "D";
    }

    /** What a score of exactly this much is worth after the time has passed. */
    public double decay(double score, Duration elapsed) {
        if (score <= 0 || elapsed.isNegative() || elapsed.isZero()) {
            return score;
        }
        // To the nanosecond: decayTo moves decayedAt to the exact instant, so a truncated remainder would be lost.
        return score * Math.pow(0.5, seconds(elapsed) / seconds(halfLife));
    }

    private static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }

    /**
     * Whether a score and grade meet the readiness rule; without fit rules (grading off) the grade is not asked.
     * Grades compare as letters: A is best.
     */
    public boolean ready(int score, String grade, boolean grading) {
        return score >= readyScore && (!grading || (grade != null && grade.compareTo(readyGrade) <= 0));
    }
}
