package io.keepwarm.scoring.web;

import io.keepwarm.activity.ActivityType;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import io.keepwarm.platform.Page;
import io.keepwarm.platform.web.BodyAsRead;
import io.keepwarm.scoring.ScoreChange;
import io.keepwarm.scoring.Scores;
import io.keepwarm.scoring.ScoringRules;
import io.keepwarm.scoring.ScoringRules.BehaviourRule;
import io.keepwarm.scoring.ScoringRules.FitRule;
import io.keepwarm.scoring.ScoringSettings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Scoring rules, fit rules, and each contact's score with its history. */
@RestController
@RequestMapping("/api/v1")
class ScoringController {

    /**
     * A behaviour rule as sent, the cap period as an ISO-8601 duration (P7D). The activity and the period are read as
     * the body is, so "page view" is PAGE_VIEW as any value of a set is, and their mistakes come with the others'.
     */
    record RuleBody(String name, ActivityType activity, String customType, String target, Integer points,
            Integer capCount, Duration capPeriod, Boolean active) {}

    /**
     * The account's scoring settings as answered: the half-life as an ISO-8601 duration in whole days where it is
     * some (P90D), as it would be typed.
     */
    record SettingsBody(String halfLife, int readyScore, String readyGrade, int gradeA, int gradeB, int gradeC) {

        static SettingsBody of(ScoringSettings settings) {
            Duration halfLife = settings.halfLife();
            return new SettingsBody(halfLife.toSeconds() % 86_400 == 0 ? "P" + halfLife.toDays() + "D" : halfLife.toString(),
                    settings.readyScore(), settings.readyGrade(), settings.gradeA(), settings.gradeB(), settings.gradeC());
        }
    }

    private final ScoringRules rules;
    private final Scores scores;

    ScoringController(ScoringRules rules, Scores scores) {
        this.rules = rules;
        this.scores = scores;
    }

    @GetMapping("/scoring/rules")
    Page<BehaviourRule> rules(@RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return rules.behaviourRules(cursor, Cursor.limit(limit));
    }

    @GetMapping("/scoring/rules/{id}")
    BehaviourRule rule(@PathVariable long id) {
        return rules.behaviourRule(id);
    }

    @PostMapping("/scoring/rules")
    ResponseEntity<BehaviourRule> create(@RequestBody BodyAsRead<RuleBody> body) {
        BehaviourRule rule = rules.save(null, read(body));
        return ResponseEntity.created(URI.create("/api/v1/scoring/rules/" + rule.id())).body(rule);
    }

    @PutMapping("/scoring/rules/{id}")
    BehaviourRule update(@PathVariable long id, @RequestBody BodyAsRead<RuleBody> body) {
        return rules.save(id, read(body));
    }

    @DeleteMapping("/scoring/rules/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable long id) {
        rules.deleteBehaviourRule(id);
    }

    @GetMapping("/scoring/settings")
    SettingsBody settings() {
        return SettingsBody.of(rules.settings());
    }

    /** Each value given replaces that setting; the rest stay. */
    @PutMapping("/scoring/settings")
    SettingsBody changeSettings(@RequestBody ScoringRules.SettingsChange change) {
        return SettingsBody.of(rules.change(change));
    }

    @GetMapping("/scoring/fit-rules")
    Page<FitRule> fitRules(@RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return rules.fitRules(cursor, Cursor.limit(limit));
    }

    @GetMapping("/scoring/fit-rules/{id}")
    FitRule fitRule(@PathVariable long id) {
        return rules.fitRule(id);
    }

    @PostMapping("/scoring/fit-rules")
    ResponseEntity<FitRule> createFit(@RequestBody BodyAsRead<FitRule> body) {
        FitRule rule = rules.save(null, body.checked(rules::problems));
        return ResponseEntity.created(URI.create("/api/v1/scoring/fit-rules/" + rule.id())).body(rule);
    }

    @PutMapping("/scoring/fit-rules/{id}")
    /** A fit rule, or every mistake of it at once: values that cannot be read, its name's, its rule's, its points'. */
    FitRule updateFit(@PathVariable long id, @RequestBody BodyAsRead<FitRule> body) {
        return rules.save(id, body.checked(rules::problems));
    }

    @DeleteMapping("/scoring/fit-rules/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteFit(@PathVariable long id) {
        rules.deleteFitRule(id);
    }

    @GetMapping("/contacts/{id}/score")
    Scores.Score score(@PathVariable long id) {
        return scores.of(id);
    }

    @PutMapping("/contacts/{id}/score")
    Scores.Score set(@PathVariable long id, @RequestBody Scores.Score score) {
        return scores.set(id, score);
    }

    @GetMapping("/contacts/{id}/score/history")
    Page<ScoreChange> history(@PathVariable long id, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return scores.history(id, cursor, Cursor.limit(limit));
    }

    /**
     * The rule as sent, or every mistake of it at once: values that cannot be read ("points": "high", an unknown
     * field, an activity or cap period that names none), and the rule's own (a blank name, a cap without its count).
     */
    private static BehaviourRule read(BodyAsRead<RuleBody> body) {
        RuleBody sent = body.dependent("customType", "activity").dependent("capCount", "capPeriod")
                .checked(ScoringController::problems);
        List<FieldError> problems = problems(sent);
        if (!problems.isEmpty()) {
            throw new InvalidInputException("The scoring rule is not valid", problems);
        }
        return rule(sent);
    }

    private static List<FieldError> problems(RuleBody body) {
        List<FieldError> found = new ArrayList<>();
        if (body.points() == null) {
            found.add(new FieldError("points", "is required: the points the activity earns (negative to take some)"));
        }
        found.addAll(ScoringRules.problems(rule(body)));
        return found;
    }

    /** The rule as read; missing points stand at 1 so that only their absence is told. */
    private static BehaviourRule rule(RuleBody body) {
        return new BehaviourRule(null, body.name(), body.activity(), body.customType(), body.target(),
                body.points() == null ? 1 : body.points(), body.capCount(), body.capPeriod(),
                body.active() == null || body.active());
    }
}
