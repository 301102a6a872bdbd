package io.keepwarm.analytics;

import io.keepwarm.analytics.internal.ProgramQueries;
import io.keepwarm.engine.ProgramTouchCounts;
import io.keepwarm.program.Program;
import io.keepwarm.program.ProgramKind;
import io.keepwarm.program.Programs;
import io.keepwarm.program.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * How each step of a program is doing: waiting, touched, suppressed by reason, converted. Read only. The program's
 * stats count its touches here too ({@link ProgramTouchCounts}), so the API's stats, its figures and the program page
 * never differ on what was sent.
 */
@Service
@Transactional(readOnly = true)
public class ProgramAnalytics implements ProgramTouchCounts {

    private final Programs programs;
    private final ProgramQueries queries;

    ProgramAnalytics(Programs programs, ProgramQueries queries) {
        this.programs = programs;
        this.queries = queries;
    }

    public ProgramFigures program(long programId) {
        Program program = programs.get(programId);
        TreeSet<Integer> steps = new TreeSet<>();
        if (program.kind() == ProgramKind.STREAM) {
            steps.add(0);
        } else {
            for (int i = 0; i < program.steps().size(); i++) {
                steps.add(i);
            }
        }
        Map<Integer, Row> rows = new TreeMap<>();
        for (ProgramQueries.Waiting w : queries.waiting(programId)) {
            Row row = rows.computeIfAbsent(w.step(), s -> new Row());
            row.waiting = w.contacts();
            row.exhausted = w.exhausted();
        }
        for (ProgramQueries.Touches t : queries.touches(programId)) {
            Row row = rows.computeIfAbsent(Math.max(t.step(), ProgramFigures.REMOVED_STEPS), s -> new Row());
            switch (figure(t.state())) {
                case "PLANNED" -> row.planned += t.touches();
                case "SENT" -> row.touched += t.touches();
                case "SUPPRESSED" -> {
                    row.suppressed.merge(t.reason().isEmpty() ? "UNKNOWN" : t.reason(), t.touches(), Long::sum);
                    if (!t.detail().isEmpty()) {
                        row.suppressedWhy.merge(t.detail(), t.touches(), Long::sum);
                    }
                }
                default -> row.failed += t.touches();
            }
        }
        queries.suppressedContacts(programId).forEach(c -> rows.computeIfAbsent(
                Math.max(c.step(), ProgramFigures.REMOVED_STEPS), s -> new Row()).suppressedContacts
                .merge(c.reason().isEmpty() ? "UNKNOWN" : c.reason(), c.contacts(), Long::sum));
        queries.branched(programId).forEach(b -> {
            Row row = rows.computeIfAbsent(b.step(), s -> new Row());
            row.wentOn = b.wentOn();
            row.wentElse = b.wentElse();
        });
        queries.converted(programId).forEach(c -> rows.computeIfAbsent(c.step(), s -> new Row()).converted = c.contacts());
        // Steps removed by an edit keep their figures, in a row of their own, not folded into others.
        steps.addAll(rows.keySet());
        List<ProgramFigures.StepFigures> figures = new ArrayList<>();
        for (int step : steps) {
            Row row = rows.getOrDefault(step, new Row());
            figures.add(new ProgramFigures.StepFigures(step, row.waiting, row.exhausted, row.planned, row.touched,
                    Map.copyOf(row.suppressed), Map.copyOf(row.suppressedWhy), row.failed, row.converted, row.wentOn,
                    row.wentElse, Map.copyOf(row.suppressedContacts)));
        }
        return new ProgramFigures(programId, program.kind().name(), atTheirWaits(program, figures));
    }

    /** The program's touches by figure (PLANNED, SENT, SUPPRESSED, FAILED), each with its total and by reason. */
    @Override
    public Map<String, Map<String, Long>> of(long programId) {
        Map<String, Map<String, Long>> counts = new java.util.LinkedHashMap<>();
        for (ProgramQueries.Touches t : queries.touches(programId)) {
            Map<String, Long> state = counts.computeIfAbsent(figure(t.state()), k -> new TreeMap<>());
            state.merge("total", t.touches(), Long::sum);
            if (!t.reason().isEmpty()) {
                state.merge(t.reason(), t.touches(), Long::sum);
            }
        }
        return counts;
    }

    /**
     * Which figure a touch counts in, from its state as {@link ProgramQueries} reads it (an email handed over but not
     * yet taken by the mail server is PLANNED there already): one being sent is still planned, and one in doubt
     * counts as failed.
     */
    private static String figure(String state) {
        return switch (state) {
            case "PLANNED", "SENDING" -> "PLANNED";
            case "SENT", "SUPPRESSED" -> state;
            default -> "FAILED";
        };
    }

    /**
     * A sequence's contacts in a wait stand at the step after it (the next to run), and were shown waiting there: at
     * a task two weeks off while the email before the wait had not even gone. Here they wait at the wait itself, and
     * those who reached the program's goal in a wait converted there (a goal step after a wait keeps its own). The
     * program page and the API both read the figures so.
     */
    private static List<ProgramFigures.StepFigures> atTheirWaits(Program program, List<ProgramFigures.StepFigures> steps) {
        if (program.kind() != ProgramKind.SEQUENCE) {
            return steps;
        }
        Map<Integer, Long> waiting = new java.util.HashMap<>();
        Map<Integer, Long> converted = new java.util.HashMap<>();
        for (ProgramFigures.StepFigures f : steps) {
            boolean afterAWait = f.step() > 0 && f.step() <= program.steps().size()
                    && program.steps().get(f.step() - 1) instanceof Step.Wait;
            waiting.merge(afterAWait ? f.step() - 1 : f.step(), f.waiting(), Long::sum);
            boolean intoAGoalStep = afterAWait && f.step() < program.steps().size()
                    && program.steps().get(f.step()) instanceof Step.Goal;
            converted.merge(afterAWait && !intoAGoalStep ? f.step() - 1 : f.step(), f.converted(), Long::sum);
        }
        return steps.stream().map(f -> new ProgramFigures.StepFigures(f.step(), waiting.getOrDefault(f.step(), 0L),
                f.exhausted(), f.planned(), f.touched(), f.suppressed(), f.suppressedWhy(), f.failed(),
                converted.getOrDefault(f.step(), 0L), f.wentOn(), f.wentElse(), f.suppressedContacts()))
                .toList();
    }

    private static final class Row {
        long waiting;
        long exhausted;
        long planned;
        long touched;
        long failed;
        long converted;
        long wentOn;
        long wentElse;
        final Map<String, Long> suppressed = new TreeMap<>();
        final Map<String, Long> suppressedWhy = new TreeMap<>();
        final Map<String, Long> suppressedContacts = new TreeMap<>();
    }
}
