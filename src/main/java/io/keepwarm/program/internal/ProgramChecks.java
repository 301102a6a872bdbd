package io.keepwarm.program.internal;

import io.keepwarm.contact.Channel;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import io.keepwarm.program.Cadence;
import io.keepwarm.program.Program;
import io.keepwarm.program.ProgramKind;
import io.keepwarm.program.Step;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.Segments;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.springframework.stereotype.Component;

/** Checks a program draft as a whole and names every part at fault, so nothing half-valid is stored. */
@Component
public class ProgramChecks {

    private static final int MAX_STEPS = 100;
    private static final Duration MIN_WAIT = Duration.ofMinutes(1);
    private static final Duration MIN_STALE_AFTER = Duration.ofHours(1);
    private static final Duration MAX_STALE_AFTER = Duration.ofDays(365);

    private final Segments segments;
    private final ContentLibrary content;

    ProgramChecks(Segments segments, ContentLibrary content) {
        this.segments = segments;
        this.content = content;
    }

    /** The refusal of a draft with these mistakes ({@link #problems} and more), the first of them in its message. */
    public InvalidInputException refusal(List<FieldError> errors) {
        return new InvalidInputException("The program is not valid: " + errors.getFirst().field() + " "
                + errors.getFirst().message(), errors);
    }

    /** Every mistake of a draft, each at its field; empty when the draft may be stored. */
    public List<FieldError> problems(Program.Draft d) {
        List<FieldError> errors = new ArrayList<>();
        if (d.name() == null || d.name().isBlank() || d.name().strip().length() > 200) {
            errors.add(new FieldError("name", "is required, at most 200 characters"));
        }
        if (d.kind() == null) {
            errors.add(new FieldError("kind", "is required: SEQUENCE (a drip of steps) or STREAM (a cadence and a pool)"));
        } else if (d.kind() == ProgramKind.SEQUENCE) {
            sequence(d, errors);
        } else {
            stream(d, errors);
        }
        if (d.priority() != null && (d.priority() < 1 || d.priority() > 1000)) {
            errors.add(new FieldError("priority", "must be from 1 (first) to 1000"));
        }
        if (d.audienceSegmentId() != null) {
            try {
                segments.get(d.audienceSegmentId());
            } catch (RuntimeException e) {
                errors.add(new FieldError("audienceSegmentId", "there is no segment " + d.audienceSegmentId()));
            }
        } else if (Boolean.TRUE.equals(d.exitOnSegmentLeave())) {
            errors.add(new FieldError("exitOnSegmentLeave", "needs an audienceSegmentId to leave"));
        }
        rule(d.goal(), "goal", errors);
        return errors;
    }

    private void sequence(Program.Draft d, List<FieldError> errors) {
        if (d.steps().isEmpty() || d.steps().size() > MAX_STEPS) {
            errors.add(new FieldError("steps", "a sequence has from 1 to " + MAX_STEPS + " steps"));
        }
        if (d.cadence() != null || !d.pool().isEmpty()) {
            errors.add(new FieldError("cadence", "a sequence has steps, not a cadence or a pool"));
        }
        for (int i = 0; i < d.steps().size(); i++) {
            step(d.steps().get(i), i, d.steps().size(), "steps[" + i + "]", errors);
        }
    }

    private void step(Step step, int index, int count, String path, List<FieldError> errors) {
        switch (step) {
            case null -> errors.add(new FieldError(path, "is empty"));
            case Step.Send send -> {
                content(send.contentId(), path + ".contentId", errors);
                if (send.channel() == null || send.channel() == Channel.SMS) {
                    errors.add(new FieldError(path + ".channel", "must be EMAIL or PHONE (a call task)"));
                }
                staleAfter(send.staleAfter(), path, errors);
            }
            case Step.Wait wait -> {
                boolean byDuration = wait.duration() != null;
                boolean byDay = wait.day() != null && wait.at() != null;
                if (byDuration == byDay || (byDuration && wait.duration().compareTo(MIN_WAIT) < 0)) {
                    errors.add(new FieldError(path, "waits either a duration of at least a minute (\"duration\": \"P7D\")"
                            + " or until a weekday and time (\"day\": \"TUESDAY\", \"at\": \"10:00\")"));
                }
            }
            case Step.Branch branch -> {
                rule(branch.rule(), path + ".rule", errors);
                if (branch.rule() == null) {
                    errors.add(new FieldError(path + ".rule", "is required"));
                }
                if (branch.elseStep() <= index || branch.elseStep() > count) {
                    errors.add(new FieldError(path + ".elseStep", "must be a later step (" + (index + 1) + " to "
                            + count + ", where " + count + " is the end), so a sequence never loops"));
                }
            }
            case Step.Task task -> {
                if (task.text() == null || task.text().isBlank() || task.text().length() > 2000) {
                    errors.add(new FieldError(path + ".text", "is required, at most 2000 characters"));
                } else {
                    // Filled in for each contact when the task is made: a variable it cannot fill is refused now.
                    errors.addAll(content.checkTask(path + ".text", task.text()));
                }
            }
            case Step.ReadinessCheck check -> {
                content(check.contentId(), path + ".contentId", errors);
                if (check.channel() == Channel.SMS) {
                    errors.add(new FieldError(path + ".channel", "must be EMAIL or PHONE (a readiness-check call)"));
                }
                staleAfter(check.staleAfter(), path, errors);
            }
            case Step.SetStage set -> {
                if (set.stage() == null) {
                    errors.add(new FieldError(path + ".stage", "is required"));
                }
            }
            case Step.AddTag tag -> {
                if (tag.tag() == null || tag.tag().isBlank() || tag.tag().length() > 60) {
                    errors.add(new FieldError(path + ".tag", "is required, at most 60 characters"));
                }
            }
            case Step.SetAttribute set -> {
                if (set.key() == null || set.key().isBlank()) {
                    errors.add(new FieldError(path + ".key", "is required"));
                }
            }
            case Step.Goal goal -> {
                if (goal.rule() == null) {
                    errors.add(new FieldError(path + ".rule", "is required"));
                }
                rule(goal.rule(), path + ".rule", errors);
            }
        }
    }

    /**
     * A touch's "drop if not sent within", where the step sets one (send and readiness check alike): an hour at
     * least, and at most a year, the longest window a cap may have; a longer limit means none, and one past the
     * calendar's end could not be planned at all.
     */
    private static void staleAfter(Duration staleAfter, String path, List<FieldError> errors) {
        if (staleAfter != null && (staleAfter.compareTo(MIN_STALE_AFTER) < 0 || staleAfter.compareTo(MAX_STALE_AFTER) > 0)) {
            errors.add(new FieldError(path + ".staleAfter", "must be from an hour (PT1H) to 365 days (P365D)"));
        }
    }

    private void stream(Program.Draft d, List<FieldError> errors) {
        if (!d.steps().isEmpty()) {
            errors.add(new FieldError("steps", "a stream has a cadence and a pool, not steps"));
        }
        switch (d.cadence()) {
            case null -> errors.add(new FieldError("cadence", "is required, e.g. {\"type\": \"monthly\", \"week\": 1,"
                    + " \"day\": \"TUESDAY\", \"at\": \"10:00\"} or {\"type\": \"every\", \"period\": \"P28D\", \"at\": \"10:00\"}"));
            case Cadence.Every every -> {
                if (every.period() == null || every.period().isNegative() || every.period().isZero() || every.at() == null) {
                    errors.add(new FieldError("cadence", "an 'every' cadence needs a positive period and a time 'at'"));
                }
            }
            case Cadence.Monthly monthly -> {
                if (monthly.day() == null || monthly.at() == null || !(monthly.week() == -1
                        || (monthly.week() >= 1 && monthly.week() <= 4))) {
                    errors.add(new FieldError("cadence", "a monthly cadence needs week 1 to 4 (or -1 for the last), a day"
                            + " and a time 'at'"));
                }
            }
        }
        if (d.pool().isEmpty() || d.pool().size() > 1000) {
            errors.add(new FieldError("pool", "a stream needs from 1 to 1000 content items, in priority order"));
        } else if (new HashSet<>(d.pool()).size() != d.pool().size()) {
            errors.add(new FieldError("pool", "names a content item twice"));
        } else {
            for (int i = 0; i < d.pool().size(); i++) {
                content(d.pool().get(i), "pool[" + i + "]", errors);
            }
        }
    }

    /** A program may name a draft (it is sent once live), never a piece that does not exist. */
    private void content(Long id, String path, List<FieldError> errors) {
        if (id == null || id <= 0) {
            errors.add(new FieldError(path, "must name a content item"));
        } else if (content.find(id).isEmpty()) {
            errors.add(new FieldError(path, "there is no content item " + id + " (GET /api/v1/content lists them)"));
        }
    }

    private void rule(Rule rule, String path, List<FieldError> errors) {
        if (rule == null) {
            return;
        }
        try {
            segments.check(rule);
        } catch (InvalidInputException e) {
            e.errors().forEach(f -> errors.add(new FieldError(path + f.field().replaceFirst("^rule", ""), f.message())));
        }
    }
}
