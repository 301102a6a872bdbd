package io.keepwarm.scoring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How scores fade and when a contact counts as ready for sales.
 *
 * @param halfLife the time in which a behaviour score halves without new activity (default 90 days)
 * @param readyScore the behaviour score at which a contact may be ready (default 100)
 * @param readyGrade the fit grade it must also reach (default B); ignored while the account has no fit rules
 * @param gradeA fit points for grade A (default 60); likewise gradeB (40) and gradeC (20); below that, D
 */
@ConfigurationProperties("keepwarm.scoring")
public record ScoringSettings(
        @DefaultValue("P90D") Duration halfLife,
        @DefaultValue("100") int readyScore,
        @DefaultValue("B") String readyGrade,
        @DefaultValue("60") int gradeA,
        @DefaultValue("40") int gradeB,
        @DefaultValue("20") int gradeC) {

    public ScoringSettings {
        if (halfLife.isNegative() || halfLife.toHours() < 1) {
            throw new IllegalArgumentException("keepwarm.scoring.half-life must be at least an hour, not " + halfLife);
        }
        if (readyScore < 1) {
            throw new IllegalArgumentException("keepwarm.scoring.ready-score must be 1 or more, not " + readyScore);
        }
        if (!readyGrade.matches("[A-D]")) {
            throw new IllegalArgumentException("keepwarm.scoring.ready-grade must be one of A, B, C, D, not " + readyGrade);
        }
        if (!(gradeA > gradeB && gradeB > gradeC)) {
            throw new IllegalArgumentException("keepwarm.scoring.grade-a > grade-b > grade-c must hold, not "
                    + gradeA + ", " + gradeB + ", " + gradeC);
        }
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
