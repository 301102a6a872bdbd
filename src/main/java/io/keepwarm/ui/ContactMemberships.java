package io.keepwarm.ui;

import io.keepwarm.lifecycle.LifecycleRules;
import io.keepwarm.program.Enrollment;
import io.keepwarm.program.Enrollments;
import io.keepwarm.program.Programs;
import io.keepwarm.segment.ContactList;
import io.keepwarm.segment.Lists;
import io.keepwarm.segment.Segment;
import io.keepwarm.segment.Segments;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Where a contact belongs, for its page: the programs it is or was in, its lists and its segments. */
@Component
class ContactMemberships {

    /** How many of a contact's enrollments the page lists, the newest first. */
    static final int ENROLLMENTS = 50;

    /** A program the contact is or was in, and where they stand in it, in words. */
    record InProgram(long programId, String program, boolean active, String where) {}

    record Of(List<InProgram> programs, List<ContactList> lists, List<Segment> segments) {}

    private final Enrollments enrollments;
    private final Programs programs;
    private final Lists lists;
    private final Segments segments;
    private final When when;
    private final LifecycleRules rules;

    ContactMemberships(Enrollments enrollments, Programs programs, Lists lists, Segments segments, When when,
            LifecycleRules rules) {
        this.when = when;
        this.rules = rules;
        this.enrollments = enrollments;
        this.programs = programs;
        this.lists = lists;
        this.segments = segments;
    }

    Of of(long contactId) {
        Map<Long, String> names = new HashMap<>();
        List<InProgram> in = enrollments.ofContact(contactId, ENROLLMENTS).stream()
                .map(e -> new InProgram(e.programId(), names.computeIfAbsent(e.programId(), p -> programs.get(p).name()),
                        e.status() == Enrollment.Status.ACTIVE, where(e)))
                .toList();
        return new Of(in, lists.of(contactId), segments.recordedOf(contactId));
    }

    /**
     * Where they stand, on the viewer's clock in words ("in since Mon 2 November 2026"); the next step to the minute
     * with its zone named, as a day alone left open whose day it was.
     */
    private String where(Enrollment e) {
        return switch (e.status()) {
            case ACTIVE -> "in since " + when.saidDay(e.enrolledAt()) + (e.nextDueAt() == null ? ""
                    : ", next step due " + when.said(e.nextDueAt()));
            case COMPLETED, EXITED -> (Enrollments.GOAL_REACHED.equals(e.endReason()) ? "reached the goal"
                    : e.status() == Enrollment.Status.COMPLETED ? "finished" : "left: " + Words.leftProgram(e.endReason(), rules.labels()))
                    + (e.endedAt() == null ? "" : " on " + when.saidDay(e.endedAt()));
        };
    }
}
