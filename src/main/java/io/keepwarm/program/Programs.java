package io.keepwarm.program;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.platform.Page;
import io.keepwarm.program.internal.ProgramChecks;
import io.keepwarm.program.internal.ProgramStore;
import io.keepwarm.segment.Segments;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Nurture programs: create, edit, and move them through draft, active, paused and archived. */
@Service
public class Programs {

    private final ProgramStore store;
    private final ProgramChecks checks;
    private final Enrollments enrollments;
    private final Segments segments;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    Programs(ProgramStore store, ProgramChecks checks, Enrollments enrollments, Segments segments, AuditLog audit,
            ApplicationEventPublisher events) {
        this.events = events;
        this.store = store;
        this.checks = checks;
        this.enrollments = enrollments;
        this.segments = segments;
        this.audit = audit;
    }

    @Transactional
    public Program create(Program.Draft draft) {
        refuseMistakes(null, draft);
        takenName(null, draft, List.of()).ifPresent(taken -> {
            throw new ConflictException(taken.message());
        });
        long id = store.insert(draft);
        audit.record("PROGRAM_CREATED", "program", id, Map.of("name", draft.name().strip(), "kind", draft.kind()));
        return get(id);
    }

    /**
     * Changes a program in any state but archived. Enrolled contacts keep their place, so nothing already sent is
     * sent again; {@link Enrollments#impact} says beforehand whom a change reaches.
     */
    @Transactional
    public Program update(long id, Program.Draft draft) {
        // Locked first: the engine's batches hold the program while they walk it (holdActiveVersions), so the steps
        // this edit moves contacts from are the ones every batch walked, and no batch walks the old steps after it.
        Program program = store.findForUpdate(id).orElseThrow(() -> NotFoundException.of("Program", id));
        if (program.status() == ProgramStatus.ARCHIVED) {
            throw new ConflictException("Program '" + program.name() + "' is archived and cannot change");
        }
        refuseMistakes(id, draft);
        if (draft.kind() != program.kind()) {
            throw new ConflictException("A program cannot change from " + program.kind() + " to " + draft.kind()
                    + "; create a new one");
        }
        takenName(id, draft, List.of()).ifPresent(taken -> {
            throw new ConflictException(taken.message());
        });
        store.update(id, draft);
        if (program.kind() == ProgramKind.SEQUENCE) {
            enrollments.followEditedSteps(id, program.steps(), draft.steps());
        } else {
            enrollments.followEditedCadence(id, program.cadence(), draft.cadence());
            List<Long> removed = program.pool().stream().filter(piece -> !draft.pool().contains(piece)).toList();
            if (!removed.isEmpty() || !program.pool().containsAll(draft.pool())) {
                events.publishEvent(new StreamPoolEdited(id, removed));
            }
        }
        audit.record("PROGRAM_UPDATED", "program", id, Map.of("name", draft.name().strip()));
        return get(id);
    }

    /**
     * Every mistake saving the draft would meet, each at its field, and nothing saved: for a form that shows them all
     * at once. A name another program has is one of them (saving refuses it as a conflict when it is the only one).
     * Empty when the draft's content would save; whether the program itself may change now (archived, another kind)
     * is saving's to say.
     *
     * @param id the program the draft changes; null for a new one
     */
    public List<FieldError> problems(Long id, Program.Draft draft) {
        return problems(id, draft, checks.problems(draft));
    }

    /** The draft's {@code mistakes} and, first, at its field's place, a name another program has. */
    private List<FieldError> problems(Long id, Program.Draft draft, List<FieldError> mistakes) {
        List<FieldError> problems = new ArrayList<>(mistakes);
        takenName(id, draft, mistakes).ifPresent(problems::addFirst);
        return problems;
    }

    /**
     * A 400 naming every mistake of the draft, a name another program has among them: a taken name is a conflict on its
     * own (saving says so after this), but beside other mistakes it is one more to fix at once, not one met after them.
     */
    private void refuseMistakes(Long id, Program.Draft draft) {
        List<FieldError> mistakes = checks.problems(draft);
        if (!mistakes.isEmpty()) {
            throw checks.refusal(problems(id, draft, mistakes));
        }
    }

    /** A name another program has, at its field, when the name itself is fine ({@code mistakes} say whether it is). */
    private Optional<FieldError> takenName(Long id, Program.Draft draft, List<FieldError> mistakes) {
        boolean nameFine = mistakes.stream().noneMatch(p -> p.field().equals("name"));
        return nameFine && store.nameTaken(draft.name(), id == null ? -1 : id)
                ? Optional.of(new FieldError("name", "A program named '" + draft.name().strip() + "' already exists"))
                : Optional.empty();
    }

    @Transactional
    public void delete(long id) {
        Program program = get(id);
        if (program.status() != ProgramStatus.DRAFT) {
            throw new ConflictException("Program '" + program.name() + "' has run (" + program.status()
                    + "); archive it instead, so its history stays");
        }
        store.delete(id);
        audit.record("PROGRAM_DELETED", "program", id, Map.of("name", program.name()));
    }

    public Program get(long id) {
        return store.find(id).orElseThrow(() -> NotFoundException.of("Program", id));
    }

    /** The names of those of these ids that exist, by id (a page naming many reads them at once). */
    public Map<Long, String> names(java.util.Collection<Long> ids) {
        return store.names(ids);
    }

    public Page<Program> list(ProgramStatus status, String cursor, int limit) {
        return store.list(status, cursor, limit);
    }

    /**
     * The active programs' versions, held until the caller's transaction ends: an edit of one of them waits for it,
     * and it waits for an edit under way, so a batch that walks a program's steps walks the steps as they are.
     */
    public Map<Long, Integer> holdActiveVersions() {
        return store.holdActiveVersions();
    }

    /** The programs that run now and their priorities (lower first), for the engine to send only their touches. */
    public Map<Long, Integer> activePriorities() {
        return store.activePriorities();
    }

    /**
     * Starts (or resumes) a program. On first activation, the members its audience segment already has are
     * enrolled, as new entrants will be.
     */
    @Transactional
    public Program activate(long id) {
        Program program = get(id);
        move(program, ProgramStatus.ACTIVE, ProgramStatus.DRAFT, ProgramStatus.PAUSED);
        if (program.status() == ProgramStatus.DRAFT && program.audienceSegmentId() != null) {
            enrollments.enroll(id, segments.recordedMembers(program.audienceSegmentId()), Enrollment.Source.SEGMENT);
        }
        return get(id);
    }

    /**
     * What activating the program would do now: how many of its audience segment's members it enrolls at once, and
     * how many it leaves out (sales has them, or they were disqualified). Nothing changes.
     *
     * @param members the audience segment's members as last recorded; 0 without an audience
     */
    public record Activation(long members, Enrollments.Enrolled enrolled) {}

    public Activation activation(long id) {
        Program program = get(id);
        if (program.status() != ProgramStatus.DRAFT || program.audienceSegmentId() == null) {
            return new Activation(0, new Enrollments.Enrolled(0, 0, 0, 0));
        }
        var members = segments.recordedMembers(program.audienceSegmentId());
        return new Activation(members.size(), enrollments.wouldEnroll(id, members));
    }

    /**
     * Holds every touch of the program until it is activated again. Its audience is still followed meanwhile (see
     * {@code AudienceEnrollment}), so on resuming those who left have exited and those who joined are waiting.
     */
    @Transactional
    public Program pause(long id) {
        move(get(id), ProgramStatus.PAUSED, ProgramStatus.ACTIVE);
        return get(id);
    }

    /** Ends the program for good: every active enrollment exits. */
    @Transactional
    public Program archive(long id) {
        Program program = get(id);
        move(program, ProgramStatus.ARCHIVED, ProgramStatus.DRAFT, ProgramStatus.ACTIVE, ProgramStatus.PAUSED);
        enrollments.end(id, null, Enrollment.Status.EXITED, "PROGRAM_ARCHIVED");
        events.publishEvent(new ProgramArchived(id));
        return get(id);
    }

    private void move(Program program, ProgramStatus to, ProgramStatus... from) {
        if (!List.of(from).contains(program.status())) {
            throw new ConflictException("Program '" + program.name() + "' is " + program.status() + " and cannot become "
                    + to + " (only from " + Arrays.toString(from) + ")");
        }
        store.status(program.id(), to);
        audit.record("PROGRAM_" + to, "program", program.id(), Map.of("from", program.status()));
    }
}
