package io.keepwarm.scoring;

import io.keepwarm.activity.ActivityType;
import io.keepwarm.audit.AuditLog;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.Timestamps;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.Segments;
import io.keepwarm.scoring.internal.FitGrading;
import io.keepwarm.scoring.internal.ScoreBook;
import io.keepwarm.scoring.internal.ScoringSettingsStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The account's scoring rules: behaviour rules give points for what a contact does; fit rules give points for who
 * the contact is, and their sum is the fit grade; the settings say how scores fade, where the grades start and when a
 * contact is ready for sales.
 */
@Service
public class ScoringRules {

    /** The longest cap period: the follower counts a rule's hits within it either side of when one happened. */
    public static final Duration LONGEST_CAP = Duration.ofDays(3650);

    /** A fit rule that saves as it is, for the page and the API's message to show (a test saves it). */
    public static final String FIT_RULE_EXAMPLE = "industry = \"HPC\" and country = DE";

    /**
     * Points for a kind of activity.
     *
     * @param customType for activity CUSTOM, the account's event name it scores
     * @param target only activity whose target (page, link, form, offer) contains this text, or matches it where it
     *     holds '*' wildcards; null for any
     * @param capCount at most this many times per contact in each capPeriod (both null: no cap)
     */
    public record BehaviourRule(Long id, String name, ActivityType activity, String customType, String target,
            int points, Integer capCount, Duration capPeriod, boolean active) {}

    /** Points for who the contact is, as a rule in the segment text syntax ("industry = \"HPC\""). */
    public record FitRule(Long id, String name, String rule, int points) {}

    /**
     * A change of the settings; a value left null keeps the current one.
     *
     * @param halfLife an ISO-8601 duration (P90D, PT12H), at least an hour
     * @param readyGrade A, B, C or D
     */
    public record SettingsChange(String halfLife, Integer readyScore, String readyGrade, Integer gradeA, Integer gradeB,
            Integer gradeC) {}

    private final JdbcClient jdbc;
    private final Segments segments;
    private final FitGrading grading;
    private final ScoringSettingsStore settingsStore;
    private final ScoreBook book;
    private final AuditLog audit;
    private final Clock clock;

    ScoringRules(JdbcClient jdbc, Segments segments, FitGrading grading, ScoringSettingsStore settingsStore,
            ScoreBook book, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.segments = segments;
        this.grading = grading;
        this.settingsStore = settingsStore;
        this.book = book;
        this.audit = audit;
        this.clock = clock;
    }

    /** The account's settings: as saved, or the configuration's (keepwarm.scoring.*) until someone saves them. */
    public ScoringSettings settings() {
        return settingsStore.current();
    }

    /**
     * Changes the settings (checked, audited). They apply from the next scoring on and hand nobody over by
     * themselves: a contact that meets a new readiness rule becomes MQL at its next score change. New grade points
     * grade every contact again in the background.
     */
    @Transactional
    public ScoringSettings change(SettingsChange change) {
        ScoringSettings before = settings();
        ScoringSettings after = checked(change, before);
        // Scores judged before the readiness rule was kept with them are judged under the rule they were scored by.
        book.judgeUnjudged(before, book.grading());
        settingsStore.save(after, clock.instant(), Actors.current());
        audit.record("SCORING_SETTINGS_CHANGED", "scoring", "settings", Map.of("before", before, "after", after));
        if (after.gradeA() != before.gradeA() || after.gradeB() != before.gradeB() || after.gradeC() != before.gradeC()) {
            grading.requestRegrade(false);
        }
        return settings();
    }

    /** Every problem with the change, without saving anything, for a form that could not read some of its fields. */
    public void check(SettingsChange change) {
        checked(change, settings());
    }

    private static ScoringSettings checked(SettingsChange change, ScoringSettings before) {
        List<FieldError> errors = new ArrayList<>();
        Duration halfLife = before.halfLife();
        if (change.halfLife() != null) {
            try {
                halfLife = Duration.parse(change.halfLife().strip());
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("halfLife", "must be a duration like P90D (90 days) or PT12H (12 hours), not '"
                        + change.halfLife().strip() + "'"));
            }
        }
        String readyGrade = change.readyGrade() == null ? before.readyGrade()
                : change.readyGrade().strip().toUpperCase(Locale.ROOT);
        int readyScore = or(change.readyScore(), before.readyScore());
        int gradeA = or(change.gradeA(), before.gradeA());
        int gradeB = or(change.gradeB(), before.gradeB());
        int gradeC = or(change.gradeC(), before.gradeC());
        // A half-life that could not be read is checked as it was, so it is named once.
        errors.addAll(ScoringSettings.problems(halfLife, readyScore, readyGrade, gradeA, gradeB, gradeC));
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The scoring settings are not valid; nothing was changed", errors);
        }
        return new ScoringSettings(halfLife, readyScore, readyGrade, gradeA, gradeB, gradeC);
    }

    private static int or(Integer given, int current) {
        return given == null ? current : given;
    }

    public List<BehaviourRule> behaviourRules() {
        return behaviourRules(0, Integer.MAX_VALUE);
    }

    /** The behaviour rules in id order, a page at a time. */
    public Page<BehaviourRule> behaviourRules(String cursor, int limit) {
        return Page.of(behaviourRules(Cursor.decode(cursor), limit + 1), limit, BehaviourRule::id);
    }

    private List<BehaviourRule> behaviourRules(long after, int limit) {
        return jdbc.sql("""
                SELECT id, name, activity, custom_type, target_like, points, cap_count, cap_period, active
                  FROM scoring_rules WHERE id > ? ORDER BY id FETCH FIRST ? ROWS ONLY""")
                .params(after, limit)
                .query((rs, n) -> new BehaviourRule(rs.getLong(1), rs.getString(2), ActivityType.valueOf(rs.getString(3)),
                        rs.getString(4), rs.getString(5), rs.getInt(6), rs.getObject(7, Integer.class),
                        rs.getString(8) == null ? null : Duration.parse(rs.getString(8)), rs.getBoolean(9)))
                .list();
    }

    public BehaviourRule behaviourRule(long id) {
        return behaviourRules().stream().filter(r -> r.id() == id).findFirst()
                .orElseThrow(() -> NotFoundException.of("Scoring rule", id));
    }

    @Transactional
    public BehaviourRule save(Long id, BehaviourRule given) {
        // Spaces pasted around an event name or a page never match what is logged, so the rule would never score.
        BehaviourRule rule = stripped(given);
        List<FieldError> errors = mistakes(rule);
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The scoring rule is not valid", errors);
        }
        if (id == null) {
            var keys = new GeneratedKeyHolder();
            jdbc.sql("""
                    INSERT INTO scoring_rules (name, activity, custom_type, target_like, points, cap_count, cap_period,
                                               active, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(rule.name().strip(), rule.activity().name(), rule.customType(), rule.target(), rule.points(),
                            rule.capCount(), rule.capPeriod() == null ? null : rule.capPeriod().toString(), rule.active(),
                            Timestamps.now(clock))
                    .update(keys, "id");
            id = keys.getKey().longValue();
        } else {
            behaviourRule(id);
            jdbc.sql("""
                    UPDATE scoring_rules SET name = ?, activity = ?, custom_type = ?, target_like = ?, points = ?,
                           cap_count = ?, cap_period = ?, active = ? WHERE id = ?""")
                    .params(rule.name().strip(), rule.activity().name(), rule.customType(), rule.target(), rule.points(),
                            rule.capCount(), rule.capPeriod() == null ? null : rule.capPeriod().toString(), rule.active(), id)
                    .update();
        }
        audit.record("SCORING_RULE_SAVED", "scoring_rule", id, Map.of("name", rule.name(), "points", rule.points()));
        return behaviourRule(id);
    }

    @Transactional
    public void deleteBehaviourRule(long id) {
        behaviourRule(id);
        jdbc.sql("DELETE FROM scoring_rules WHERE id = ?").param(id).update();
        audit.record("SCORING_RULE_DELETED", "scoring_rule", id, Map.of());
    }

    public List<FitRule> fitRules() {
        return fitRules(0, Integer.MAX_VALUE);
    }

    /** The fit rules in id order, a page at a time. */
    public Page<FitRule> fitRules(String cursor, int limit) {
        return Page.of(fitRules(Cursor.decode(cursor), limit + 1), limit, FitRule::id);
    }

    private List<FitRule> fitRules(long after, int limit) {
        return jdbc.sql("SELECT id, name, rule_text, points FROM fit_rules WHERE id > ? ORDER BY id FETCH FIRST ? ROWS ONLY")
                .params(after, limit)
                .query((rs, n) -> new FitRule(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4))).list();
    }

    /**
     * Since when every contact is being graded again after a change of the fit rules; empty once all are graded
     * under the rules as they are (the scoring job does it in the background, a thousand contacts at a time).
     */
    public Optional<Instant> regradingSince() {
        return grading.regradingSince();
    }

    public FitRule fitRule(long id) {
        return fitRules().stream().filter(r -> r.id() == id).findFirst()
                .orElseThrow(() -> NotFoundException.of("Fit rule", id));
    }

    /** Saves a fit rule and grades every contact again under the new rules. */
    @Transactional
    public FitRule save(Long id, FitRule rule) {
        String text = segments.print(checked(rule));
        if (id == null) {
            var keys = new GeneratedKeyHolder();
            jdbc.sql("INSERT INTO fit_rules (name, rule_text, points, created_at) VALUES (?, ?, ?, ?)")
                    .params(rule.name().strip(), text, rule.points(), Timestamps.now(clock)).update(keys, "id");
            id = keys.getKey().longValue();
        } else {
            fitRule(id);
            jdbc.sql("UPDATE fit_rules SET name = ?, rule_text = ?, points = ? WHERE id = ?")
                    .params(rule.name().strip(), text, rule.points(), id).update();
        }
        audit.record("FIT_RULE_SAVED", "fit_rule", id, Map.of("name", rule.name(), "points", rule.points()));
        grading.requestRegrade();
        return fitRule(id);
    }

    /** Every mistake saving this fit rule would meet, each at its field; nothing saved. Empty when it would be saved. */
    public List<FieldError> problems(FitRule rule) {
        try {
            checked(rule);
            return List.of();
        } catch (InvalidInputException refused) {
            return refused.errors();
        }
    }

    /** The fit rule's rule, read, or a refusal naming every mistake of it at once (the rule's at its line and column). */
    private Rule checked(FitRule rule) {
        List<FieldError> errors = new ArrayList<>();
        if (rule.name() == null || rule.name().isBlank() || rule.name().length() > 200) {
            errors.add(new FieldError("name", "is required, at most 200 characters"));
        }
        // Unbounded, a few rules' points added up past what an int holds and graded a perfect fit D.
        if (rule.points() == 0 || rule.points() < -1000 || rule.points() > 1000) {
            errors.add(new FieldError("points", "must be between -1000 and 1000 and not 0"));
        }
        if (rule.rule() == null || rule.rule().isBlank()) {
            errors.add(new FieldError("rule", "is required: who fits, in the segment rule syntax, like "
                    + FIT_RULE_EXAMPLE));
        } else {
            try {
                Rule parsed = segments.checked(rule.rule());
                if (errors.isEmpty()) {
                    return parsed;
                }
            } catch (InvalidInputException wrong) {
                throw InvalidInputException.together(errors, wrong);
            }
        }
        throw new InvalidInputException("The fit rule is not valid: " + errors.getFirst().field() + " "
                + errors.getFirst().message(), errors);
    }

    @Transactional
    public void deleteFitRule(long id) {
        fitRule(id);
        jdbc.sql("DELETE FROM fit_rules WHERE id = ?").param(id).update();
        audit.record("FIT_RULE_DELETED", "fit_rule", id, Map.of());
        grading.requestRegrade();
    }

    /** Every mistake saving this rule would meet, each at its field; nothing saved. Empty when it would be saved. */
    public static List<FieldError> problems(BehaviourRule given) {
        return mistakes(stripped(given));
    }

    private static BehaviourRule stripped(BehaviourRule given) {
        return new BehaviourRule(given.id(), given.name(), given.activity(), strip(given.customType()),
                strip(given.target()), given.points(), given.capCount(), given.capPeriod(), given.active());
    }

    private static List<FieldError> mistakes(BehaviourRule rule) {
        List<FieldError> errors = new ArrayList<>();
        if (rule.name() == null || rule.name().isBlank() || rule.name().length() > 200) {
            errors.add(new FieldError("name", "is required, at most 200 characters"));
        }
        if (rule.activity() == null) {
            errors.add(new FieldError("activity", "is required: one of " + List.of(ActivityType.values())));
        } else if ((rule.activity() == ActivityType.CUSTOM) != (rule.customType() != null && !rule.customType().isBlank())) {
            errors.add(new FieldError("customType", rule.activity() == ActivityType.CUSTOM
                    ? "is required for activity CUSTOM: the event name it scores" : "goes only with activity CUSTOM"));
        }
        if (rule.target() != null && (rule.target().isBlank() || rule.target().length() > 500)) {
            errors.add(new FieldError("target", "must be 1 to 500 characters, or left out to score any target"));
        }
        if (rule.points() == 0 || rule.points() < -1000 || rule.points() > 1000) {
            errors.add(new FieldError("points", "must be between -1000 and 1000 and not 0"));
        }
        if ((rule.capCount() == null) != (rule.capPeriod() == null)) {
            errors.add(new FieldError("capCount", "a cap needs both capCount and capPeriod (like 3 per P7D)"));
        } else if (rule.capCount() != null && (rule.capCount() < 1 || rule.capPeriod().isNegative()
                || rule.capPeriod().toMinutes() < 1 || rule.capPeriod().compareTo(LONGEST_CAP) > 0)) {
            // Bounded because the follower counts by the period either side of a hit: a longer one reached past the
            // times the database stores, and every batch the rule met failed.
            errors.add(new FieldError("capPeriod", "capCount must be 1 or more and capPeriod between a minute and "
                    + LONGEST_CAP.toDays() + " days (P" + LONGEST_CAP.toDays() + "D)"));
        }
        return errors;
    }

    private static String strip(String text) {
        return text == null ? null : text.strip();
    }

    /** Reads a period like P7D or PT12H, naming the field when it cannot. */
    public static Duration period(String text) {
        try {
            return text == null ? null : Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw InvalidInputException.field("capPeriod", "must be an ISO-8601 duration like P7D or PT12H, not " + text);
        }
    }
}
