package io.keepwarm.lifecycle;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.lifecycle.internal.SettingsStore;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** The account's lifecycle rules: the transition table (code), the recycling settings and the stage labels. */
@Service
public class LifecycleRules {

    /** The recycling numbers an account may change. */
    public record Recycling(int lostReturnDays, int dormantAfterMonths) {}

    /** A change to the rules; null leaves a setting as it is, and labels not named keep theirs. */
    public record Change(Integer lostReturnDays, Integer dormantAfterMonths, Map<Stage, String> labels) {}

    /** Everything about the rules, as the API shows it. */
    public record View(List<Transitions.Rule> transitions, Recycling recycling, List<String> fixedRules,
            Map<Stage, String> labels) {}

    static final int MAX_LOST_RETURN_DAYS = 3650;
    static final int MAX_DORMANT_AFTER_MONTHS = 120;
    static final int MAX_LABEL = 60;

    /** The recycling rules that are not settings, in words. */
    private static final List<String> FIXED = List.of(
            "A rejected MQL goes back to NURTURE, with a reason",
            "RECYCLED goes back to NURTURE at the next run of the lifecycle job",
            "DISQUALIFIED never returns automatically; a person may move it to NURTURE with a reason");

    private final SettingsStore store;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate savepoint;

    LifecycleRules(SettingsStore store, AuditLog audit, Clock clock, PlatformTransactionManager transactions) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    public Recycling recycling() {
        SettingsStore.Recycling stored = store.recycling();
        return new Recycling(stored.lostReturnDays(), stored.dormantAfterMonths());
    }

    public Map<Stage, String> labels() {
        return store.labels();
    }

    public View view() {
        return new View(Transitions.all(), recycling(), FIXED, labels());
    }

    @Transactional
    public View change(Change change) {
        List<FieldError> errors = new ArrayList<>();
        between("lostReturnDays", change.lostReturnDays(), MAX_LOST_RETURN_DAYS, errors);
        between("dormantAfterMonths", change.dormantAfterMonths(), MAX_DORMANT_AFTER_MONTHS, errors);
        Map<Stage, String> labels = change.labels() == null ? Map.of() : change.labels();
        Map<Stage, String> clean = new LinkedHashMap<>();
        labels.forEach((stage, label) -> {
            if (label == null || label.isBlank()) {
                errors.add(new FieldError("labels." + stage, "must not be blank"));
            } else if (label.strip().length() > MAX_LABEL) {
                errors.add(new FieldError("labels." + stage, "must have at most " + MAX_LABEL + " characters"));
            } else {
                clean.put(stage, label.strip());
            }
        });
        Map<Stage, String> was = store.labels();
        sameNames(clean, was, errors);
        refuse(errors);
        Recycling before = recycling();
        Recycling after = new Recycling(
                change.lostReturnDays() == null ? before.lostReturnDays() : change.lostReturnDays(),
                change.dormantAfterMonths() == null ? before.dormantAfterMonths() : change.dormantAfterMonths());
        store.saveRecycling(new SettingsStore.Recycling(after.lostReturnDays(), after.dormantAfterMonths()),
                clock.instant(), Actors.current());
        // The audit names only the labels that changed, each with the one it replaced: "'Nurture' is now 'Warm'".
        Map<Stage, String> renamed = new LinkedHashMap<>(clean);
        renamed.entrySet().removeIf(e -> e.getValue().equals(was.get(e.getKey())));
        Map<Stage, String> labelsBefore = new LinkedHashMap<>();
        renamed.keySet().forEach(stage -> labelsBefore.put(stage, was.get(stage)));
        try {
            savepoint.executeWithoutResult(status -> store.saveLabels(renamed));
        } catch (DuplicateKeyException e) {
            // Another save gave a stage one of these names after this one looked: answered as if it had come first.
            List<FieldError> taken = new ArrayList<>();
            sameNames(clean, store.labels(), taken);
            refuse(taken);
            throw e;
        }
        audit.record("LIFECYCLE_RULES_CHANGED", "lifecycle", "rules", Map.of("before", before, "after", after,
                "labels", renamed, "labelsBefore", labelsBefore));
        return view();
    }

    /**
     * Refuses a new name that another stage will also carry (case aside), since the moves table, the funnel and the
     * filters would then show two stages alike; the database holds each name once as well (V93). Only names being
     * changed are refused, and swapping two names in one change is fine.
     */
    private static void sameNames(Map<Stage, String> clean, Map<Stage, String> was, List<FieldError> errors) {
        Map<Stage, String> after = new LinkedHashMap<>(was);
        after.putAll(clean);
        clean.forEach((stage, label) -> {
            if (label.equals(was.get(stage))) {
                return;
            }
            after.entrySet().stream()
                    .filter(other -> other.getKey() != stage && other.getValue().equalsIgnoreCase(label))
                    .findFirst()
                    .ifPresent(other -> errors.add(new FieldError("labels." + stage, "Each stage needs a name of its own: '"
                            + label + "' is already the name of " + other.getKey())));
        });
    }

    private static void refuse(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The lifecycle rules break limits; nothing was changed", errors);
        }
    }

    private static void between(String field, Integer value, int max, List<FieldError> errors) {
        if (value != null && (value < 1 || value > max)) {
            errors.add(new FieldError(field, "must be between 1 and " + max + ", not " + value));
        }
    }
}
