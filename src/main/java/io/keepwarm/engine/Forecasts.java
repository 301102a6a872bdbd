package io.keepwarm.engine;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.Contacts;
import io.keepwarm.contact.Tags;
import io.keepwarm.content.ContentItem;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.engine.internal.ContentHistory;
import io.keepwarm.engine.internal.PolicyStore;
import io.keepwarm.engine.internal.ReadinessAnswers;
import io.keepwarm.engine.internal.ReadinessByEmail;
import io.keepwarm.engine.internal.StreamPools;
import io.keepwarm.engine.internal.TouchStore;
import io.keepwarm.lifecycle.Lifecycle;
import io.keepwarm.platform.Countries;
import io.keepwarm.platform.CountryZones;
import io.keepwarm.platform.Languages;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.platform.Zones;
import io.keepwarm.program.Enrollment;
import io.keepwarm.program.Enrollments;
import io.keepwarm.program.Program;
import io.keepwarm.program.ProgramKind;
import io.keepwarm.program.Programs;
import io.keepwarm.program.Schedules;
import io.keepwarm.program.Step;
import io.keepwarm.segment.Rule;
import io.keepwarm.segment.Segments;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** "Preview for this contact": a read-only dry run of the touch engine for one contact and one program. */
@Service
@Transactional(readOnly = true)
public class Forecasts {

    /** How far ahead the preview looks. */
    public static final int MONTHS = 6;

    /** As {@code Planner}: a touch without a staleness limit of its own may wait three days for an allowed moment. */
    private static final Duration DEFAULT_STALE_AFTER = Touch.DEFAULT_STALE_AFTER;
    private static final int MAX_STEPS = 1000;
    /** How a forecast writes a moment in the contact's zone (in its note), and how pages beside it should. */
    public static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm", Locale.ENGLISH);

    private final Programs programs;
    private final Enrollments enrollments;
    private final Contacts contacts;
    private final Pressure pressure;
    private final PolicyStore policy;
    private final TouchStore touches;
    private final ContentLibrary library;
    private final Segments segments;
    private final Lifecycle lifecycle;
    private final Tags tags;
    private final ReadinessAnswers readinessAnswers;
    private final Zones zones;
    private final Languages languages;
    private final ReadinessByEmail byEmail;
    private final Clock clock;

    Forecasts(Programs programs, Enrollments enrollments, Contacts contacts, Pressure pressure, PolicyStore policy,
            TouchStore touches, ContentLibrary library, Segments segments, Lifecycle lifecycle, Tags tags,
            ReadinessAnswers readinessAnswers, Zones zones, ReadinessByEmail byEmail, Languages languages, Clock clock) {
        this.languages = languages;
        this.readinessAnswers = readinessAnswers;
        this.byEmail = byEmail;
        this.zones = zones;
        this.tags = tags;
        this.programs = programs;
        this.enrollments = enrollments;
        this.contacts = contacts;
        this.pressure = pressure;
        this.policy = policy;
        this.touches = touches;
        this.library = library;
        this.segments = segments;
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    /**
     * What the contact would receive from the program over the next {@link #MONTHS} months, and when: each touch
     * the engine would plan, decided by the same {@link PressurePolicy} the sender uses (consent and the other
     * gates, caps, the contact's own frequency, quiet hours in their zone, staleness). Nothing is written.
     *
     * <p>It is a forecast, not a promise, and approximates in these ways:
     * <ul>
     * <li>The caps count the touches the contact has really been sent (from every program) plus this forecast's
     *     own touches. Touches that <em>other</em> programs will send in the same months are ignored, so where
     *     several programs compete for one contact the real touches can come later, or be dropped as stale.</li>
     * <li>Rules (the program's goal, branches, goal steps), whether a piece suits the contact's stage and segments,
     *     and whether a readiness check has anything to ask (the contact with sales, or a later ready date) are judged
     *     on the contact as they are now; a stage a step would set is not taken into account.</li>
     * <li>Consent, suppression and the pressure policy are taken as they are now; the real send checks them again
     *     at the moment of sending.</li>
     * <li>The engine works in ticks; the forecast assumes a tick at every due moment.</li>
     * <li>A program that is not active (draft, paused, archived) is forecast as if it ran from now; a contact not in
     *     the program, as if enrolled now.</li>
     * </ul>
     */
    public Forecast forecast(long programId, long contactId) {
        Program program = programs.get(programId);
        Instant now = clock.instant();
        Instant until = now.atZone(ZoneOffset.UTC).plusMonths(MONTHS).toInstant();
        Contacts.OwnerAndZone who = contacts.ownersAndZones(List.of(contactId)).stream().findFirst()
                .orElseThrow(() -> NotFoundException.of("Contact", contactId));
        ZoneId zone = zones.ofContact(who.timeZone(), who.country());
        Pressure.Inputs inputs = pressure.inputs(List.of(contactId), now).get(contactId);
        Optional<Enrollment> enrollment = enrollments.activeOf(programId, List.of(contactId)).stream().findFirst();
        Run run = new Run(program, contactId, zone, Languages.read(who.language(), languages.accountLanguage()), inputs,
                now, until);
        if (program.goal() != null && holds(program.goal(), contactId)) {
            run.note = "The contact already meets the program's goal: the enrollment ends at its next due moment.";
            return new Forecast(programId, contactId, zone, enrollment.isPresent(), now, until, run.entries, run.note,
                    run.unknownZone());
        }
        // What the engine planned already and holds (for the contact's morning, or room under a cap) goes first: a
        // sequence stands past the step that planned it, so walking on from where it stands left it out.
        enrollment.ifPresent(e -> touches.forContact(contactId).stream()
                .filter(t -> t.enrollmentId() == e.id() && t.state() == Touch.State.PLANNED)
                .forEach(run::waiting));
        if (program.kind() == ProgramKind.STREAM) {
            Instant enrolled = enrollment.map(Enrollment::enrolledAt).orElse(now);
            stream(run, enrolled, enrollment.map(Enrollment::nextDueAt)
                    .orElseGet(() -> Schedules.first(program.cadence(), now, zone)));
        } else {
            sequence(run, enrollment.map(Enrollment::step).orElse(0), enrollment.map(Enrollment::nextDueAt).orElse(now));
        }
        return new Forecast(programId, contactId, zone, enrollment.isPresent(), now, until, run.entries, run.note,
                run.unknownZone());
    }

    /** The state of one dry run. */
    private final class Run {
        final Program program;
        final long contactId;
        final ZoneId zone;
        final Pressure.Inputs inputs;
        final PressureSettings settings = policy.load();
        final List<PastTouch> recent;
        final Instant now;
        final Instant until;
        final List<Forecast.Entry> entries = new ArrayList<>();
        final ContentChoices choices;
        /** The language the contact reads: their own, else the account's. */
        final String reads;
        /** The contact's stage and ready date, read when a readiness check or a call first needs them. */
        ReadinessAnswers.Answers answers;
        String note;

        Run(Program program, long contactId, ZoneId zone, String reads, Pressure.Inputs inputs, Instant now,
                Instant until) {
            this.program = program;
            this.reads = reads;
            this.contactId = contactId;
            this.zone = zone;
            this.inputs = inputs;
            this.recent = new ArrayList<>(inputs.recent());
            this.choices = ContentChoices.of(tags.list(contactId));
            this.now = now;
            this.until = until;
        }

        /** The pieces, looked up once per forecast. */
        private final Map<Long, Optional<ContentItem>> pieces = new HashMap<>();
        /** Whether nobody may call the contact, read when a readiness check by phone first needs it. */
        private Boolean uncallable;

        private Optional<Long> byEmailInstead(Long contentId) {
            if (uncallable == null) {
                uncallable = contacts.getAll(List.of(contactId)).values().stream()
                        .anyMatch(c -> !byEmail.uncallable(List.of(c)).isEmpty());
            }
            return uncallable ? ReadinessByEmail.piece(contentId, p -> pieces.computeIfAbsent(p, library::find)) : Optional.empty();
        }

        /**
         * A task for the owner goes when due, as the sender hands it over: work for the rep, not a call to the
         * contact, so no caps, calling hours or consent, and it takes no room from the contact's touches.
         */
        void task(int step, Instant due) {
            entries.add(new Forecast.Entry(step, Touch.Kind.TASK, Channel.PHONE, null, null, due, due,
                    Forecast.Outcome.SENT, null));
        }

        /**
         * Decides one touch at {@code due} as the sender would, and lets it count against the caps if it goes: a
         * readiness check by phone for a contact nobody may call as the email the sender asks by instead, where a
         * piece can ({@link ReadinessByEmail}).
         */
        Forecast.Entry touch(int step, Touch.Kind kind, Channel channel, Long contentId, Duration staleAfter,
                Instant due) {
            Optional<Long> instead = ReadinessByEmail.byPhone(kind, channel) ? byEmailInstead(contentId) : Optional.empty();
            if (instead.isPresent()) {
                channel = Channel.EMAIL;
                contentId = instead.get();
            }
            return decide(step, kind, channel, contentId, new Candidate(contactId, channel, true,
                    staleAfter == null ? DEFAULT_STALE_AFTER : staleAfter, due), due, null);
        }

        /**
         * A touch the engine has planned and holds, decided as the sender will when it next comes due (at the
         * earliest now), within the staleness limit it was planned with.
         */
        void waiting(Touch planned) {
            Instant at = planned.dueAt().isBefore(now) ? now : planned.dueAt();
            if (planned.kind() == Touch.Kind.TASK) {
                entries.add(new Forecast.Entry(planned.step(), Touch.Kind.TASK, planned.channel(), null, null,
                        planned.plannedAt(), at, Forecast.Outcome.SENT, null));
                return;
            }
            Reason held = java.util.Arrays.stream(Reason.values()).filter(r -> r.name().equals(planned.reason()))
                    .findFirst().orElse(null);
            decide(planned.step(), planned.kind(), planned.channel(), planned.contentId(), new Candidate(contactId,
                    planned.channel(), true, Duration.between(planned.plannedAt(), planned.staleAt()),
                    planned.plannedAt()), at, held);
        }

        /**
         * Null for a contact whose zone is known; else whose clock the times are on (their country's middle one, or
         * the account's) and the rule the pressure policy applies instead: quiet hours on every clock of their country,
         * or in every zone there is.
         */
        String unknownZone() {
            if (inputs.facts().zone() != null) {
                return null;
            }
            String country = inputs.facts().country();
            return "the contact's time zone is unknown: times are in " + zone + ", " + whoseClock()
                    + ", and a touch goes only outside quiet hours " + (CountryZones.clocksOf(country).isEmpty()
                    ? "in every time zone from UTC-12 to UTC+14"
                    : "on every clock of " + Countries.name(Countries.iso2(country)));
        }

        /** Whose clock a contact of unknown zone is planned on: "the middle clock of Australia", "the account's zone". */
        private String whoseClock() {
            String country = inputs.facts().country();
            if (CountryZones.plannedIn(country) == null) {
                return "the account's zone";
            }
            String name = Countries.name(Countries.iso2(country));
            return CountryZones.clocksOf(country).isEmpty() ? "the clock of " + name : "the middle clock of " + name;
        }

        private Decision.Suppress expired(ContentItem piece) {
            return new Decision.Suppress(Reason.CONTENT_EXPIRED,
                    StreamPools.pieceExpiredOn(piece, zones.accountZone()));
        }

        /** Whether the piece is expired by the moment: a stream passes over it from then on. */
        boolean expiredBy(long contentId, Instant at) {
            return pieces.computeIfAbsent(contentId, library::find).map(p -> p.expiredBy(at)).orElse(false);
        }

        private ReadinessAnswers.Answers answers() {
            if (answers == null) {
                answers = readinessAnswers.of(List.of(contactId)).get(contactId);
            }
            return answers;
        }

        /**
         * Decides a touch at the moment {@code at} (its candidate's planned moment, or later for one held since),
         * {@code held} saying why it was held; lets it count against the caps if it goes.
         */
        private Forecast.Entry decide(int step, Touch.Kind kind, Channel channel, Long contentId, Candidate candidate,
                Instant at, Reason held) {
            Instant due = candidate.plannedAt();
            Optional<ContentItem> piece = contentId == null ? Optional.empty()
                    : pieces.computeIfAbsent(contentId, library::find);
            String content = piece.map(ContentItem::name).orElse(null);
            // As the sender: a readiness check or a call with nothing to ask is not made, a piece expired by then is
            // dropped, and a piece the contact's own choices rule out is withheld, whatever the caps say.
            Optional<Decision.Suppress> answered = ReadinessAnswers.asks(kind, channel)
                    ? answers().on(LocalDate.ofInstant(at, zone)) : Optional.empty();
            Decision decision = answered.isPresent() ? answered.get()
                    : piece.filter(p -> p.expiredBy(at)).isPresent() ? expired(piece.get())
                    : channel == Channel.EMAIL && !piece.map(choices::allow).orElse(true)
                    ? new Decision.Suppress(Reason.PREFERENCE)
                    : channel == Channel.EMAIL && !piece.map(p -> Languages.suits(p.language(), reads)).orElse(true)
                    ? new Decision.Suppress(Reason.LANGUAGE)
                    : PressurePolicy.decide(candidate, inputs.facts(), recent, settings, at);
            if (decision instanceof Decision.Defer defer && piece.filter(p -> p.expiredBy(defer.until())).isPresent()) {
                // Held (a cap, quiet hours) past the piece's end: dropped then, not sent late.
                decision = expired(piece.get());
            }
            Forecast.Entry entry = switch (decision) {
                case Decision.Send send -> at.isAfter(due) && held != null
                        ? new Forecast.Entry(step, kind, channel, contentId, content, due, at, Forecast.Outcome.DEFERRED,
                                held)
                        : new Forecast.Entry(step, kind, channel, contentId, content, due, at, Forecast.Outcome.SENT,
                                null);
                case Decision.Defer defer -> new Forecast.Entry(step, kind, channel, contentId, content, due,
                        defer.until(), Forecast.Outcome.DEFERRED, defer.reason());
                case Decision.Suppress suppress -> new Forecast.Entry(step, kind, channel, contentId, content, due, null,
                        Forecast.Outcome.SUPPRESSED, suppress.reason(), suppress.detail());
            };
            if (entry.at() != null) {
                recent.add(new PastTouch(channel, entry.at()));
            }
            entries.add(entry);
            return entry;
        }
    }

    private void stream(Run run, Instant enrolled, Instant first) {
        Program program = run.program;
        // As the planner: one no email can reach has their suppression recorded once for the reason, not once a
        // cadence moment, and uses up no piece while that lasts; a row per moment said the same thing six months long.
        Reason unreachable = pressure.cannotEmail(List.of(run.contactId), run.now).get(run.contactId);
        if (unreachable != null) {
            run.note = "The contact cannot be emailed now: " + unreachable.message() + ". Nothing is sent them while"
                    + " that lasts (the stream records it once) and they keep their place: the next piece goes at the"
                    + " first cadence moment after it changes.";
            return;
        }
        // As the planner chooses: not a piece received, nor one planned for the contact by any program.
        ContentHistory history = touches.history(List.of(run.contactId), program.pool());
        Set<Long> taken = history.receivedOrPlanned(run.contactId);
        // A piece planned already but forecast to be dropped (the pause outlasts it) is free again once it is.
        run.entries.stream().filter(e -> e.outcome() == Forecast.Outcome.SUPPRESSED && e.contentId() != null
                && !history.received(run.contactId).contains(e.contentId())).forEach(e -> taken.remove(e.contentId()));
        // The contact is judged as they are now, so whether a piece suits them is worked out once per forecast.
        Map<Long, Boolean> suiting = new HashMap<>();
        for (Instant due = first; due.isBefore(run.until);
                due = Schedules.following(program.cadence(), enrolled, due, run.zone)) {
            // A touch already overdue (no tick since) is planned by the next tick, at the earliest now; held by a cap
            // or quiet hours, it stays good until the next one is due, as the planner has it. A piece expired by then
            // is passed over, as the planner passes over it.
            Instant at = due.isBefore(run.now) ? run.now : due;
            Optional<Long> piece = program.pool().stream().filter(id -> !taken.contains(id))
                    .filter(id -> suiting.computeIfAbsent(id, p -> suits(p, run)) && !run.expiredBy(id, at))
                    .findFirst();
            if (piece.isEmpty()) {
                run.note = "The stream has no piece left that suits the contact from " + MOMENT.format(due.atZone(run.zone))
                        + " (" + run.zone + (run.inputs.facts().zone() == null
                                ? ", " + run.whoseClock() + ": the contact's own is unknown" : "")
                        + "): content exhaustion; add pieces to its pool.";
                return;
            }
            Forecast.Entry entry = run.touch(0, Touch.Kind.SEND, Channel.EMAIL, piece.get(),
                    Duration.between(at, Schedules.following(program.cadence(), enrolled, at, run.zone)), at);
            // A piece dropped unsent (the contact's pause, a cap past its limit) is not had: as in the planner, it is
            // the one chosen again at the next cadence moment, so a pause uses up no content.
            if (entry.outcome() != Forecast.Outcome.SUPPRESSED) {
                taken.add(piece.get());
            }
        }
    }

    private void sequence(Run run, int from, Instant start) {
        List<Step> steps = run.program.steps();
        Instant t = start.isBefore(run.now) ? run.now : start;
        int step = from;
        for (int walked = 0; walked < MAX_STEPS && t.isBefore(run.until); walked++) {
            if (step >= steps.size()) {
                run.note = "The sequence ends after its last step.";
                return;
            }
            switch (steps.get(step)) {
                case Step.Send send -> run.touch(step, Touch.Kind.SEND, send.channel(), send.contentId(), send.staleAfter(), t);
                case Step.ReadinessCheck check -> run.touch(step, Touch.Kind.READINESS, check.channel(), check.contentId(),
                        check.staleAfter(), t);
                case Step.Task task -> run.task(step, t);
                case Step.Wait wait -> t = Schedules.afterWait(wait, t, run.zone);
                case Step.Branch branch -> {
                    if (!holds(branch.rule(), run.contactId)) {
                        step = branch.elseStep();
                        continue;
                    }
                }
                case Step.Goal goal -> {
                    if (holds(goal.rule(), run.contactId)) {
                        run.note = "The contact meets the goal at step " + (step + 1) + ": the enrollment ends there.";
                        return;
                    }
                }
                case Step.SetStage set -> { }
                case Step.AddTag add -> { }
                case Step.SetAttribute set -> { }
            }
            step++;
        }
    }

    private boolean suits(long contentId, Run run) {
        return StreamPools.suits(library.find(contentId), run.choices, run.reads,
                () -> lifecycle.current(run.contactId).stage(),
                segment -> holds(segments.get(segment).rule(), run.contactId), run.now);
    }

    private boolean holds(Rule rule, long contactId) {
        return segments.matching(rule, List.of(contactId)).contains(contactId);
    }
}
