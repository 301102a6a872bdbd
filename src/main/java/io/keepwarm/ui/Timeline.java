package io.keepwarm.ui;

import io.keepwarm.activity.Activities;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.activity.LoggedActivity;
import io.keepwarm.audit.AuditLog;
import io.keepwarm.contact.Consents;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.contact.Notes;
import io.keepwarm.contact.Tags;
import io.keepwarm.content.ContentItem;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.delivery.Delivery;
import io.keepwarm.delivery.Task;
import io.keepwarm.delivery.TaskKind;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.engine.Engine;
import io.keepwarm.engine.PieceReferences;
import io.keepwarm.engine.Touch;
import io.keepwarm.handoff.Handoff;
import io.keepwarm.handoff.Handoffs;
import io.keepwarm.identity.Caller;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.lifecycle.Lifecycle;
import io.keepwarm.lifecycle.LifecycleRules;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.platform.SignedAddresses;
import io.keepwarm.program.Programs;
import io.keepwarm.scoring.ScoreChange;
import io.keepwarm.scoring.Scores;
import io.keepwarm.tracking.Tracking;
import io.keepwarm.trigger.Firing;
import io.keepwarm.trigger.Triggers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.stereotype.Component;

/**
 * Everything that happened to a contact, newest first, gathered from each module's face: activities, touches, stage
 * moves, notes, score changes with their cause, consent statements, hand-offs and the reps' decisions, calls and tasks
 * done, trigger firings; a page at a time, each page what happened before the last one's oldest entry.
 */
@Component
class Timeline {

    /**
     * One thing that happened; kind is ACTIVITY, TOUCH, STAGE, NOTE, SCORE, CONSENT, HANDOFF, DETAILS, TAGS, TASK,
     * TRIGGER, PREFERENCES, READINESS or CONTACT.
     *
     * @param onTheirClock whether the contact's own hour tells a rep something too (what reached them or what they did:
     *     a touch, their activity, a call), as My day gives a call's time on their clock
     */
    record Entry(Instant at, String kind, String title, String detail, boolean onTheirClock, int rank, long seq) {

        Entry(Instant at, String kind, String title, String detail, boolean onTheirClock) {
            this(at, kind, title, detail, onTheirClock, 0, 0);
        }

        Entry(Instant at, String kind, String title, String detail) {
            this(at, kind, title, detail, false);
        }

        /**
         * Where it stands among the entries of its instant: its source's place in what causes what (the contact added
         * first), then its place in that source's own order (an id, or a move's place in the contact's history).
         */
        Entry order(int rank, long seq) {
            return new Entry(at, kind, title, detail, onTheirClock, rank, seq);
        }
    }

    /*
     * The sources in the order one act writes them at one instant (a clock may stand still, and one accept writes
     * several entries at once): the contact is added with its consent, a person edits or notes, the contact acts and
     * is scored for it, a trigger fires, stages move and hand-offs open and are decided between those moves, the rep
     * is given the task, tasks close, and programs plan and send touches.
     */
    private static final int ADDED = 0;
    private static final int CONSENTED = 1;
    private static final int EDITED = 2;
    private static final int NOTED = 3;
    private static final int ACTED = 4;
    private static final int CALLED = 5;
    private static final int SCORED = 6;
    private static final int FIRED = 7;
    private static final int MOVED = 8;
    private static final int ASSIGNED = 9;
    private static final int CLOSED = 10;
    private static final int TOUCHED = 11;
    /** Newest first, and among the entries of one instant the last to happen first: the same on every page. */
    private static final Comparator<Entry> NEWEST_FIRST = Comparator.comparing(Entry::at)
            .thenComparingInt(Entry::rank).thenComparingLong(Entry::seq).reversed();

    /**
     * A page of the timeline.
     *
     * @param olderThan where the next page starts (it shows what happened before this); null on the last page
     */
    record Page(List<Entry> entries, Instant olderThan) {}

    static final int PAGE = 50;
    /** Where the first page starts: after anything a clock, simulated or not, can have recorded. */
    private static final Instant END_OF_TIME = Instant.parse("9999-12-31T00:00:00Z");
    private static final int HANDOFFS = 100;
    /** The newest firings read, as with hand-offs: a contact has few, and older pages go without the rest. */
    private static final int FIRINGS = 100;
    private static final String OTHERS = "another rep's hand-off: its details are for that rep, their manager,"
            + " marketers and admins";

    private final Activities activities;
    private final Engine engine;
    private final Lifecycle lifecycle;
    private final Notes notes;
    private final Scores scores;
    private final Consents consents;
    private final Programs programs;
    private final Handoffs handoffs;
    private final ContentLibrary content;
    private final AuditLog audit;
    private final Tasks tasks;
    private final Triggers triggers;
    private final LifecycleRules rules;
    private final Users users;
    private final ActorNames actorNames;
    private final When when;
    private final Tracking tracking;
    private final Delivery delivery;

    Timeline(Activities activities, Engine engine, Lifecycle lifecycle, Notes notes, Scores scores, Consents consents,
            Programs programs, Handoffs handoffs, ContentLibrary content, AuditLog audit, Tasks tasks, Triggers triggers,
            LifecycleRules rules, Users users, ActorNames actorNames, When when, Tracking tracking, Delivery delivery) {
        this.tracking = tracking;
        this.delivery = delivery;
        this.users = users;
        this.actorNames = actorNames;
        this.when = when;
        this.audit = audit;
        this.rules = rules;
        this.tasks = tasks;
        this.triggers = triggers;
        this.handoffs = handoffs;
        this.content = content;
        this.activities = activities;
        this.engine = engine;
        this.lifecycle = lifecycle;
        this.notes = notes;
        this.scores = scores;
        this.consents = consents;
        this.programs = programs;
    }

    /**
     * The page of what happened before an instant (null for the newest). Each source gives a page and one more, so
     * whether an older page exists is known, and every entry of that one's instant too: entries at the same instant
     * as the page's oldest all stay on it, so none falls between two pages, and are ordered as they happened, the
     * last first. A rep sees the details of their own hand-offs only, as the API shows them.
     */
    Page of(Contact contact, Instant before, Caller viewer) {
        long id = contact.id();
        Instant cut = before == null ? END_OF_TIME : before;
        List<Entry> entries = new ArrayList<>();
        People people = new People();
        List<Touch> touches = engine.touchesOf(id);
        PieceReferences pieces = new PieceReferences(touches, content);
        // A call logged on a task shows as the task, with who called and their note; its CALL_OUTCOME activity
        // (recorded at the same instant) would only say it again. One reported by another system stays.
        // Whose hand-offs' details the viewer reads: their own, their reps' as a manager, anyone's for marketing. What
        // a rep may not read shows nowhere: not in the hand-off, its call, the stage line or the day to ask again.
        Map<Long, Boolean> readable = new HashMap<>();
        java.util.function.Predicate<Long> reads = rep -> readable.computeIfAbsent(rep == null ? -1L : rep,
                r -> users.mayRead(viewer, rep));
        List<Handoff> handedOff = handoffs.list(null, null, id, null, HANDOFFS).items();
        Hidden hidden = new Hidden(new java.util.HashSet<>(), new java.util.HashSet<>(), new java.util.HashSet<>());
        handedOff.stream().filter(h -> !reads.test(h.repId())).forEach(h -> hidden.hide(h.id(), h.decidedAt(), h.note()));
        List<Task> finished = tasks.finishedOf(id, cut, PAGE + 1);
        finished.stream().filter(t -> t.kind() == TaskKind.HANDOFF && !reads.test(t.assigneeId()))
                .forEach(t -> hidden.hide(null, null, t.outcomeNote()));
        java.util.Set<Instant> logged = finished.stream().filter(t -> t.outcome() != null && t.outcome().ofACall())
                .map(Task::doneAt).collect(Collectors.toSet());
        // A hand-off's task closed by its decision is the hand-off's entry already (and its note the deciding rep's).
        finished.stream().filter(t -> t.outcome() != null || t.kind() != TaskKind.HANDOFF)
                .forEach(t -> entries.add(task(t, t.kind() != TaskKind.HANDOFF || reads.test(t.assigneeId()),
                        people).order(t.outcome() != null && t.outcome().ofACall() ? CALLED : CLOSED, t.id())));
        // A sent touch is listed as the touch (what, from which program); its TOUCH_SENT activity would say it again.
        List<LoggedActivity> acted = activities.recentOf(id, cut, PAGE + 1).stream()
                .filter(a -> a.type() != ActivityType.TOUCH_SENT)
                .filter(a -> !(a.type() == ActivityType.CALL_OUTCOME && logged.contains(a.occurredAt()))).toList();
        List<Tracking.OfferTaken> offers = acted.stream().anyMatch(a -> a.type() == ActivityType.OFFER_ACCEPTED)
                ? tracking.offersTaken(id, cut, PAGE + 1) : List.of();
        // A call logged on a task whose task is not on this page names who logged it, as the task would; not a rep whose
        // hand-off the viewer may not read, whose calls on it the task would show without who.
        java.util.function.Predicate<String> othersRep = actor -> handedOff.stream()
                .anyMatch(h -> h.repId() != null && !reads.test(h.repId()) && people.isUser(actor, h.repId()));
        acted.forEach(a -> entries.add(activity(a, pieces, offers, people, othersRep).order(ACTED, a.id())));
        triggers.firingsOf(id, null, FIRINGS).items().stream().filter(f -> f.outcome() == Firing.Outcome.FIRED)
                .forEach(f -> entries.add(firing(f, people).order(FIRED, f.id())));
        Map<Long, String> programNames = new HashMap<>();
        // A touch of no program (id 0) is a piece the contact asked for on a landing page.
        java.util.function.LongFunction<String> programName = p -> programNames.computeIfAbsent(p,
                k -> programs.get(k).name());
        Map<Long, String> pieceNames = new HashMap<>();
        Map<Long, Delivery.EmailState> emails = delivery.emailStatesOf(id);
        touches.forEach(t -> entries.add(touch(t, emails.get(t.id()), t.contentId() == null ? null : pieceNames.computeIfAbsent(
                t.contentId(), c -> content.find(c).map(item -> item.name()).orElse(null)),
                t.programId() == 0 ? null : programName.apply(t.programId()), received(t, touches, programName))
                .order(TOUCHED, t.id())));
        Map<Stage, String> labels = rules.labels();
        List<Lifecycle.Transition> moves = lifecycle.history(id).transitions();
        for (int i = 0; i < moves.size(); i++) {
            Lifecycle.Transition t = moves.get(i);
            entries.add(new Entry(t.at(), "STAGE", "Stage " + labels.getOrDefault(t.from(), String.valueOf(t.from()))
                    + " → " + labels.getOrDefault(t.to(), String.valueOf(t.to())),
                    hidden.decision(t) ? "hand-off " + (t.to() == Stage.SQL ? "accepted" : "decided") + ": " + OTHERS
                            : stageDetail(t, people))
                    .order(MOVED, 3L * i));
        }
        // The audit log holds who changed which fields, preferences, escalations and who was given a task: read in one
        // query, then each action's entries in the order the timeline lists them.
        Map<String, List<AuditLog.Entry>> audited = audit.about("contact", id, AUDITED, BACK_WITH_OWNER, cut, PAGE + 1)
                .stream().collect(Collectors.groupingBy(AuditLog.Entry::action));
        // The timeline names the fields, not their values, but for the owner: from whom to whom.
        audited.getOrDefault("CONTACT_UPDATED", List.of()).forEach(e -> detailsChanged(e, people, entries));
        // What a prospect changed in the preference centre is recorded part by part (rhythm, topics, "ask me
        // again"), as anyone's change is: the timeline says it once, as their own change of preferences.
        List<AuditLog.Entry> prospects = new ArrayList<>();
        for (String action : PREFERENCE_ACTIONS) {
            audited.getOrDefault(action, List.of()).forEach(e -> {
                if (PROSPECT.equals(e.actor())) {
                    prospects.add(e);
                } else {
                    entries.add(preferenceEntry(e, people, hidden).order(EDITED, e.id()));
                }
            });
        }
        preferencesChanged(prospects, entries);
        audited.getOrDefault("HANDOFF_ESCALATED", List.of()).forEach(e -> entries.add(escalated(e, people)
                .order(ASSIGNED, e.id())));
        audited.getOrDefault("TASK_ASSIGNED", List.of()).forEach(e -> entries.add(taskAssigned(e, people)
                .order(ASSIGNED, e.id())));
        // Said apart from the cancelled task beside it: the question was never asked, and what would let it be.
        audited.getOrDefault(CHECK_NOT_MADE, List.of()).forEach(e -> entries.add(new Entry(e.occurredAt(), "READINESS",
                "Readiness not asked: the check was cancelled without a call (" + details(e).path("why").asString("")
                        + ")", join(details(e).path("title").asString(null), details(e).path("remedy").asString(null)))
                .order(CLOSED, e.id())));
        // Of the hand-offs' moves, the one no alert of the reader's may have told: the lead back with its owner.
        audited.getOrDefault(REASSIGNED, List.of()).forEach(e -> entries.add(ownerBack(e, people)
                .order(ASSIGNED, e.id())));
        notes.list(id).forEach(n -> entries.add(new Entry(n.createdAt(), "NOTE", "Note by " + people.actor(n.author()),
                n.body()).order(NOTED, n.id())));
        scores.changesBefore(id, cut, PAGE + 1).forEach(c -> entries.add(score(c).order(SCORED, c.id())));
        consents.ledger(id).forEach(c -> entries.add(new Entry(c.recordedAt(), "CONSENT",
                "Consent: " + Words.channelOf(c.channel()) + " " + Words.inWords(c.state()),
                join(c.source() + viaEmail(c, touches), c.evidence() == null ? null : c.evidence().text()))
                .order(CONSENTED, c.id())));
        handedOff.forEach(h -> {
            long opened = opened(h, moves);
            long decided = h.decidedAt() == null ? opened : decided(h, moves, opened);
            if (reads.test(h.repId())) {
                handoff(h, entries, people, opened, decided);
            } else {
                othersHandoff(h, entries, opened, decided);
            }
        });
        entries.add(new Entry(contact.createdAt(), "CONTACT", Words.added(contact.source()), null).order(ADDED, 0));
        List<Entry> older = entries.stream().filter(e -> e.at().isBefore(cut)).sorted(NEWEST_FIRST).toList();
        if (older.size() <= PAGE) {
            return new Page(older, null);
        }
        Instant oldest = older.get(PAGE - 1).at();
        List<Entry> page = older.stream().takeWhile(e -> !e.at().isBefore(oldest)).toList();
        return new Page(page, page.size() < older.size() ? oldest : null);
    }

    /**
     * "Call logged by ann: reached, not now", or a task done or cancelled and by whom (a person, or the trigger or
     * program whose move ended it), with its title and note, for whoever reads the contact, as the contact's notes
     * are; a call on another rep's hand-off without who or the note, which is the hand-off's decision and that rep's.
     */
    private static Entry task(Task t, boolean shown, People people) {
        String by = shown ? " by " + people.actor(t.doneBy()) : "";
        String what = t.outcome() != null && t.outcome().ofACall() ? "Call logged" + by + ": " + Forms.words(t.outcome().name())
                : (t.status() == Task.Status.DONE ? "Task done" : "Task cancelled") + by;
        return new Entry(t.doneAt(), "TASK", what, join(t.title(), shown ? t.outcomeNote() : OTHERS),
                t.outcome() != null && t.outcome().ofACall());
    }

    /**
     * "Trigger 'Renewal soon' fired", with what each of its actions did; a webhook's without its detail, whose address
     * may carry a key meant for the trigger's authors only.
     */
    private static Entry firing(Firing f, People people) {
        return new Entry(f.firedAt(), "TRIGGER", "Trigger '" + f.triggerName() + "' fired", f.actions().stream()
                .map(a -> fieldWords(a.action()) + ": " + Forms.words(a.outcome())
                        + (a.detail() == null || a.action().equals("webhook") ? ""
                                : " (" + Words.firingDetail(a, people::find) + ")"))
                .collect(Collectors.joining(" · ")));
    }

    private Entry activity(LoggedActivity a, PieceReferences pieces, List<Tracking.OfferTaken> offers, People people,
            java.util.function.Predicate<String> unnamed) {
        if (a.type() == ActivityType.CALL_OUTCOME && a.target() != null) {
            return reportedCall(a, people, a.sentBy() == null || unnamed.test(a.sentBy()));
        }
        String what = a.customType() != null ? a.customType() : Forms.words(a.type().name());
        String properties = a.toldProperties().entrySet().stream().map(p -> p.getKey() + ": " + p.getValue())
                .collect(Collectors.joining(" · "));
        // The offer taken is recorded by its key, for segments and triggers; a person reads the button's words.
        String target = a.type() == ActivityType.OFFER_ACCEPTED && a.target() != null && !a.target().contains(":")
                ? offer(a, offers) : a.target();
        String detail = SignedAddresses.cut(join(pieces.readable(target, item -> "'" + item.name() + "'"), properties));
        return new Entry(a.occurredAt(), "ACTIVITY", capitalised(what) + (a.channel() == null ? ""
                : " (" + Words.channelOf(a.channel()) + ")"),
                join(detail, a.flag() == null ? null : "flagged as a machine's: " + Forms.words(a.flag())), true);
    }

    /**
     * For each statement of the ledger made from an email's link (the preference centre's or its unsubscribe link's),
     * ", via the email 'Cooling guide' of 4 March 2027", by its entry's id; the contact's touches are read only when
     * one was.
     */
    Map<Long, String> viaEmails(long contactId, List<Consents.Entry> ledger) {
        if (ledger.stream().noneMatch(e -> e.evidence() != null && e.evidence().touchId() != null)) {
            return Map.of();
        }
        List<Touch> touches = engine.touchesOf(contactId);
        Map<Long, String> via = new HashMap<>();
        ledger.forEach(e -> via.put(e.id(), viaEmail(e, touches)));
        return via;
    }

    /** The email a statement was made from, as {@link #viaEmails} says it; blank for none, or one erased since. */
    private String viaEmail(Consents.Entry entry, List<Touch> touches) {
        Long touch = entry.evidence() == null ? null : entry.evidence().touchId();
        return touch == null ? "" : touches.stream().filter(t -> t.id() == touch).findFirst()
                .map(t -> ", via the email '" + (t.contentId() == null ? "without a piece" : content.find(t.contentId())
                        .map(c -> c.name()).orElse("a deleted piece")) + "'"
                        + (t.sentAt() == null ? "" : " of " + when.saidDay(t.sentAt())))
                .orElse("");
    }

    /**
     * "Call reported through the events API by API key 'dialer': wrong number", as a rep's logged call reads ("Call
     * logged by Ann: wrong number"), naming who sent it as the API does (its actor), and as the changes it made (the
     * stage move, the consent line) name them; with the sender's note first and the day to ask again in words; the
     * outcome's code is for the API. A call logged on a task records its rep as the sender too.
     *
     * @param unnamed whether the call is said without who made it (a call on a hand-off the viewer may not read)
     */
    private static Entry reportedCall(LoggedActivity a, People people, boolean unnamed) {
        Map<String, String> rest = new java.util.TreeMap<>(a.toldProperties());
        String note = rest.remove("note");
        String askAgain = rest.remove("askAgainOn");
        String on = askAgain == null ? null : "ask again on " + parsedDay(askAgain);
        String others = rest.entrySet().stream().map(p -> p.getKey() + ": " + p.getValue())
                .collect(Collectors.joining(" · "));
        String by = (a.clientEventId() == null ? "Call logged" : "Call reported through the events API")
                + (unnamed ? "" : " by " + people.actor(a.sentBy()));
        return new Entry(a.occurredAt(), "ACTIVITY", by + ": " + Forms.words(a.target()),
                join(join(note, on), others.isEmpty() ? null : others), true);
    }

    private static String parsedDay(String day) {
        try {
            return io.keepwarm.platform.Days.said(java.time.LocalDate.parse(day.strip()));
        } catch (java.time.format.DateTimeParseException e) {
            return day;
        }
    }

    /**
     * For a touch passed over because the contact had its piece: which piece, when and from where, read from the
     * contact's own touches (the earliest other one of the piece handed over to its channel, as the engine counts).
     */
    private String received(Touch t, List<Touch> touches, java.util.function.LongFunction<String> programName) {
        if (t.state() != Touch.State.SUPPRESSED || !"ALREADY_RECEIVED".equals(t.reason())) {
            return null;
        }
        return touches.stream().filter(o -> o.id() != t.id() && java.util.Objects.equals(o.contentId(), t.contentId()))
                .filter(Touch::handedOver).min(Comparator.comparing(Touch::id))
                .map(o -> "already received '" + content.find(o.contentId()).map(c -> c.name()).orElse("a deleted piece")
                        + "'" + (o.sentAt() == null ? "" : " on " + when.saidDay(o.sentAt())) + " from "
                        + (o.programId() == 0 ? "a request on a landing page" : "program " + programName.apply(o.programId())))
                .orElse("already received");
    }

    /**
     * "Email sent: 'Cooling guide'", "Call planned: 'Pricing script' (held: quiet hours)", "Email not sent: 'Cooling
     * guide' (already received ...)": what reached (or was meant for) the contact, as one touch on its channel, the
     * piece by its name and why it waits or did not go.
     */
    /**
     * A touch as it went: an email at the moment the mail server took it, or where it stands in the outbox (waiting,
     * in doubt, not delivered), as the engine's SENT only says it was handed to delivery.
     */
    private static Entry touch(Touch t, Delivery.EmailState email, String piece, String program, String received) {
        String on = t.channel() == null ? "touch" : Words.touchOn(t.channel());
        String what = t.kind() == Touch.Kind.SEND ? capitalised(on)
                : t.kind() == Touch.Kind.TASK ? "Task for the owner" : "Readiness check by " + on;
        Instant at = t.sentAt() != null ? t.sentAt() : t.dueAt();
        String state = switch (t.state()) {
            case SUPPRESSED -> "not sent";
            default -> Forms.words(t.state().name());
        };
        if (t.state() == Touch.State.SENT && email != null) {
            state = emailState(email.status());
            at = email.sentAt() != null ? email.sentAt() : at;
        }
        String why = switch (t.state()) {
            case SUPPRESSED -> received != null ? received : Words.suppressed(t.reason())
                    + (t.reasonDetail() == null ? "" : ", " + t.reasonDetail());
            case PLANNED -> t.reason() == null ? null : "held: " + Words.suppressed(t.reason());
            // Why it could not go, and for a piece that could not be filled in, the cause its author is told.
            case FAILED -> t.reason() == null ? null : Words.suppressed(t.reason())
                    + (t.reasonDetail() == null ? "" : ": " + t.reasonDetail());
            default -> null;
        };
        return new Entry(at, "TOUCH", what + " " + state + (piece == null ? "" : ": '" + piece + "'")
                + (why == null ? "" : " (" + why + ")"),
                program == null ? "asked for on a landing page" : "program " + program + ", " + step(t.step()), true);
    }

    /** What the outbox's status says of an email handed to delivery. */
    private static String emailState(String status) {
        return switch (status) {
            case "SENT" -> "sent";
            case "KEPT" -> "kept in the outbox (no mail server is set up)";
            case "QUEUED", "SENDING" -> "waiting to be sent";
            case "IN_DOUBT" -> "in doubt (it may or may not have arrived)";
            case "FAILED" -> "not delivered";
            default -> "not sent";
        };
    }

    /**
     * Where in the program: a step (counted from 1, as the program page shows them), a one-off piece sent into it
     * (-1), or a step an edit removed since (below).
     */
    private static String step(int step) {
        return step >= 0 ? "step " + (step + 1) : step == -1 ? "a one-off piece" : "a step since removed";
    }

    /**
     * A hand-off's place among the stage moves (the i-th move is 3i): it opens just after the move into MQL that
     * opened it, before any later move of that instant.
     */
    private static long opened(Handoff h, List<Lifecycle.Transition> moves) {
        int into = -1;
        for (int i = 0; i < moves.size() && !moves.get(i).at().isAfter(h.createdAt()); i++) {
            into = moves.get(i).to() == Stage.MQL ? i : into;
        }
        return 3L * into + 1;
    }

    /**
     * The decision's place among the stage moves, after the hand-off opened: just before the move out of MQL it made
     * (or that made it) at its instant, else after the last move up to it.
     */
    private static long decided(Handoff h, List<Lifecycle.Transition> moves, long opened) {
        int last = -1;
        for (int i = 0; i < moves.size() && !moves.get(i).at().isAfter(h.decidedAt()); i++) {
            Lifecycle.Transition t = moves.get(i);
            if (3L * i > opened && t.from() == Stage.MQL && t.at().equals(h.decidedAt())) {
                return 3L * i - 1;
            }
            last = i;
        }
        return 3L * last + 2;
    }

    private void handoff(Handoff h, List<Entry> entries, People people, long opened, long decided) {
        String chosen = h.chosenBy() == null ? " (no rep free yet)"
                : " (" + Words.chosenBy(h.chosenBy().name()) + ")";
        entries.add(new Entry(h.createdAt(), "HANDOFF", "Handed off to sales" + chosen, when.inWords(h.why()))
                .order(MOVED, opened));
        if (h.decidedAt() != null) {
            String what = switch (h.state()) {
                case ACCEPTED -> "Hand-off accepted";
                case REJECTED -> "Hand-off rejected: " + Words.rejectReason(String.valueOf(h.rejectReason()));
                default -> "Hand-off " + h.state().name().toLowerCase();
            };
            entries.add(new Entry(h.decidedAt(), "HANDOFF", what, join("by " + people.actor(h.decidedBy()), h.note()))
                    .order(MOVED, decided));
        }
    }

    /** That there was one and how it ended, without why, who decided or their note: those are its rep's. */
    private static void othersHandoff(Handoff h, List<Entry> entries, long opened, long decided) {
        entries.add(new Entry(h.createdAt(), "HANDOFF", "Handed off to sales", OTHERS).order(MOVED, opened));
        if (h.decidedAt() != null) {
            entries.add(new Entry(h.decidedAt(), "HANDOFF", "Hand-off " + h.state().name().toLowerCase(), OTHERS)
                    .order(MOVED, decided));
        }
    }

    /** A rejection of another rep's hand-off comes without its reason and decider (Lifecycle leaves them out). */
    private static String stageDetail(Lifecycle.Transition t, People people) {
        if (t.actor() == null && Lifecycle.Transition.REJECTED.equals(t.reasonCode())) {
            return "hand-off rejected: " + OTHERS;
        }
        return Words.handoffDecision(t.reason(), people::actor)
                .orElseGet(() -> join(Words.message(t.reason()), "by " + people.actor(t.actor())));
    }

    /**
     * "Details changed by Mike: phone, last name", from the fields a change recorded (an update by address: sent); a
     * change of owner on its own, from whom to whom ("Owner: Ann Smith → Bob Jones").
     */
    private static void detailsChanged(AuditLog.Entry e, People people, List<Entry> entries) {
        JsonNode details = e.details() == null ? null : JsonMapper.shared().readTree(e.details());
        List<String> fields = new ArrayList<>();
        boolean byAddress = details != null && details.has("input");
        JsonNode changed = byAddress ? details.get("input") : details;
        boolean owner = !byAddress && changed != null && changed.has("ownerId");
        if (owner) {
            JsonNode before = changed.get(Contacts.PREVIOUS_OWNER);
            entries.add(new Entry(e.occurredAt(), "DETAILS", "Owner: " + (before == null ? "" : people.user(before) + " → ")
                    + people.user(changed.get("ownerId")), "by " + people.actor(e.actor())).order(EDITED, e.id()));
        }
        if (changed != null) {
            changed.properties().forEach(p -> {
                if (!p.getValue().isNull() && !(p.getValue().isContainer() && p.getValue().isEmpty())
                        && !(byAddress && p.getKey().equals("email")) && !p.getKey().equals("reason")
                        && !(owner && (p.getKey().equals("ownerId") || p.getKey().equals(Contacts.PREVIOUS_OWNER)))) {
                    fields.add(fieldWords(p.getKey()));
                }
            });
        }
        if (fields.isEmpty() && owner) {
            return;
        }
        entries.add(new Entry(e.occurredAt(), "DETAILS", (byAddress ? "Details sent by address by "
                : "Details changed by ") + people.actor(e.actor()),
                fields.isEmpty() ? null : String.join(", ", fields.stream().distinct().toList())).order(EDITED, e.id()));
    }

    /** Who the audit log records for a visitor of the prospect's own pages (the preference centre). */
    private static final String PROSPECT = "prospect";
    private static final List<String> PREFERENCE_ACTIONS = List.of("TAGS_ADDED", "TAG_REMOVED",
            "FREQUENCY_PREFERENCE_SET", "FREQUENCY_PREFERENCE_CLEARED", "READINESS_SET", "READINESS_CLEARED");
    private static final String REASSIGNED = "HANDOFF_REASSIGNED";
    /** A readiness check cancelled without a call, as its contact may not be called (the hand-off module's). */
    private static final String CHECK_NOT_MADE = "READINESS_CHECK_NOT_MADE";
    /** Every action of the audit log the timeline shows. */
    private static final List<String> AUDITED = java.util.stream.Stream.of(List.of("CONTACT_UPDATED"),
            PREFERENCE_ACTIONS, List.of("HANDOFF_ESCALATED", "TASK_ASSIGNED", REASSIGNED, CHECK_NOT_MADE)).flatMap(List::stream)
            .toList();
    /**
     * Of the hand-offs' moves, only those that gave a lead back to its owner, who is back (why the hand-off job gave it:
     * Assignment.Handover.OWNER_BACK): read by the query, so the other moves take no place of the page.
     */
    private static final AuditLog.Only BACK_WITH_OWNER = new AuditLog.Only(REASSIGNED, "because", "OWNER_BACK");
    /** One save of the preference centre records its parts within moments of each other. */
    private static final java.time.Duration ONE_SAVE = java.time.Duration.ofSeconds(2);

    /**
     * What of a contact's timeline the viewer may not read: hand-offs of another rep (by id and the instant each was
     * decided) and the notes of their decisions and calls, which the stage line and the day to ask again would repeat.
     */
    private record Hidden(java.util.Set<Long> handoffs, java.util.Set<Instant> decided, java.util.Set<String> notes) {

        void hide(Long handoff, Instant decidedAt, String note) {
            if (handoff != null) {
                handoffs.add(handoff);
            }
            if (decidedAt != null) {
                decided.add(decidedAt);
            }
            if (note != null && !note.isBlank()) {
                notes.add(note.strip());
            }
        }

        /** Whether a stage move is the decision of a hidden hand-off (its rejection, or a person's move out of MQL). */
        boolean decision(Lifecycle.Transition t) {
            if (t.from() != Stage.MQL) {
                return false;
            }
            Matcher named = HANDOFF_NAMED.matcher(t.reason() == null ? "" : t.reason());
            return named.lookingAt() ? handoffs.contains(Long.parseLong(named.group(1))) : decided.contains(t.at());
        }

        /** Whether a reason written with a ready date carries a hidden note (a rejection's, or a call's "not now"). */
        boolean carriesNote(String reason) {
            return reason != null && notes.stream().anyMatch(reason::contains);
        }
    }

    /** How the hand-off module names the hand-off a move decided: "Hand-off 6 rejected by …". */
    private static final java.util.regex.Pattern HANDOFF_NAMED = java.util.regex.Pattern.compile("Hand-off (\\d+) ");

    /** A person's change of tags, a contact's rhythm or expected-ready date, by whom. */
    private Entry preferenceEntry(AuditLog.Entry e, People people, Hidden hidden) {
        return switch (e.action()) {
            case "TAGS_ADDED" -> tags(e, "tags", "Tagged ", people);
            case "TAG_REMOVED" -> tags(e, "tag", "Tag removed: ", people);
            case "FREQUENCY_PREFERENCE_SET", "FREQUENCY_PREFERENCE_CLEARED" -> new Entry(e.occurredAt(), "PREFERENCES",
                    "Rhythm: " + preference(e), "by " + people.actor(e.actor()));
            // A rejection's own date to ask again gives the rejection as its reason: the stage's entry says it. One
            // carrying the note of a hand-off or call the viewer may not read is theirs, as the hand-off is.
            default -> hidden.carriesNote(details(e).path("reason").asString(null))
                    ? new Entry(e.occurredAt(), "READINESS", capitalised(preference(e)), OTHERS)
                    : new Entry(e.occurredAt(), "READINESS", capitalised(preference(e)), join(
                    Words.isHandoffRejection(details(e).path("reason").asString("")) ? null
                            : details(e).path("reason").asString(""), "by " + people.actor(e.actor())));
        };
    }

    /**
     * "Changed their preferences: monthly at most; topics hpc (preference centre)": the parts of one save of the
     * preference centre as one entry, oldest part first.
     */
    private void preferencesChanged(List<AuditLog.Entry> parts, List<Entry> entries) {
        List<AuditLog.Entry> sorted = parts.stream().sorted(Comparator.comparing(AuditLog.Entry::occurredAt)
                .thenComparing(AuditLog.Entry::id)).toList();
        List<AuditLog.Entry> save = new ArrayList<>();
        for (AuditLog.Entry part : sorted) {
            if (!save.isEmpty() && part.occurredAt().isAfter(save.getFirst().occurredAt().plus(ONE_SAVE))) {
                entries.add(preferences(save));
                save = new ArrayList<>();
            }
            save.add(part);
        }
        if (!save.isEmpty()) {
            entries.add(preferences(save));
        }
    }

    private Entry preferences(List<AuditLog.Entry> save) {
        String said = save.stream().map(this::preference).filter(p -> !p.isEmpty()).distinct()
                .collect(Collectors.joining("; "));
        return new Entry(save.getLast().occurredAt(), "PREFERENCES", "Changed their preferences"
                + (said.isEmpty() ? "" : ": " + said), "preference centre").order(EDITED, save.getLast().id());
    }

    /** A day the audit log records as the API gave it ("2027-03-01"), as the page says days; else as recorded. */
    private String readyOn(String recorded) {
        try {
            return when.saidDay(java.time.LocalDate.parse(recorded));
        } catch (java.time.format.DateTimeParseException notADay) {
            return recorded;
        }
    }

    /** One part of a preference in words: "monthly at most", "topics hpc", "ask again on Mon 1 March 2027". */
    private String preference(AuditLog.Entry e) {
        JsonNode details = details(e);
        return switch (e.action()) {
            case "TAGS_ADDED", "TAG_REMOVED" -> {
                List<String> tags = new ArrayList<>();
                JsonNode named = details.has("tags") ? details.get("tags") : details.path("tag");
                if (named.isArray()) {
                    named.forEach(t -> tags.add(t.asString()));
                } else if (!named.isMissingNode() && !named.isNull()) {
                    tags.add(named.asString());
                }
                boolean added = e.action().equals("TAGS_ADDED");
                List<String> topics = tags.stream().filter(t -> t.startsWith(Tags.TOPIC_TAG))
                        .map(t -> t.substring(Tags.TOPIC_TAG.length())).toList();
                List<String> said = new ArrayList<>();
                if (!topics.isEmpty()) {
                    said.add((added ? "topics " : "no longer topics ") + String.join(", ", topics));
                }
                if (tags.contains(Tags.ONLY_WEBINARS_TAG)) {
                    said.add(added ? "only webinars" : "not only webinars");
                }
                tags.stream().filter(t -> !t.startsWith(Tags.TOPIC_TAG) && !t.equals(Tags.ONLY_WEBINARS_TAG))
                        .forEach(t -> said.add((added ? "tagged " : "tag removed: ") + t));
                yield String.join("; ", said);
            }
            case "FREQUENCY_PREFERENCE_SET" -> {
                int most = details.path("maxTouches").asInt();
                int days = details.path("windowDays").asInt();
                String channel = details.path("channel").asString("ALL");
                String on = channel.equals("ALL") ? "" : " by " + Words.channelOf(channel);
                yield details.hasNonNull("pausedUntil") ? "paused" + on + " until " + when.saidDay(Instant.parse(
                        details.get("pausedUntil").asString()))
                        : most == 1 && days == 30 ? "monthly at most" + on
                        : "at most " + most + " in " + days + " days" + on;
            }
            case "FREQUENCY_PREFERENCE_CLEARED" -> "no limit of their own";
            case "READINESS_SET" -> "ask again on " + readyOn(details.path("readyOn").asString());
            case "READINESS_CLEARED" -> "no date to ask again";
            default -> Forms.words(e.action());
        };
    }

    /**
     * "Hand-off overdue: escalated to Mia Manager", or to the admins when the rep has no manager or their managers loop
     * back to them.
     */
    private static Entry escalated(AuditLog.Entry e, People people) {
        JsonNode details = details(e);
        String to = details.hasNonNull("managerId") ? "escalated to " + people.user(details.get("managerId"))
                : "escalated to the admins (" + AuditRows.noManager(details) + ")";
        return new Entry(e.occurredAt(), "HANDOFF", "Hand-off overdue: " + to, null);
    }

    /** "Hand-off back with Mike, who is back: Rita held it while they were away", and whether it had lapsed meanwhile. */
    private static Entry ownerBack(AuditLog.Entry e, People people) {
        JsonNode details = details(e);
        return new Entry(e.occurredAt(), "HANDOFF", "Hand-off back with " + people.user(details.get("to"))
                + ", who is back: " + people.user(details.get("from")) + " held it while they were away",
                details.path("lapsedMeanwhile").asBoolean(false) ? "its deadline passed meanwhile; a fresh one now"
                        : null);
    }

    private static JsonNode details(AuditLog.Entry e) {
        return e.details() == null ? JsonMapper.shared().createObjectNode() : JsonMapper.shared().readTree(e.details());
    }

    /** "Tagged hpc, renewal" or "Tag removed: hpc", and by whom; the tags themselves are gone once the contact is erased. */
    private static Entry tags(AuditLog.Entry e, String field, String title, People people) {
        JsonNode details = e.details() == null ? null : JsonMapper.shared().readTree(e.details());
        JsonNode tags = details == null ? null : details.get(field);
        List<String> named = new ArrayList<>();
        if (tags != null) {
            if (tags.isArray()) {
                tags.forEach(t -> named.add(t.asString()));
            } else {
                named.add(tags.asString());
            }
        }
        String what = named.isEmpty() ? title.strip().replaceAll(":$", "") : title + String.join(", ", named);
        return new Entry(e.occurredAt(), "TAGS", what, "by " + people.actor(e.actor()));
    }

    /**
     * "Task taken by Ann" when a rep took a task nobody had, else "Task given to Bob (was Ann's)", with the task's
     * title and who gave it.
     */
    private Entry taskAssigned(AuditLog.Entry e, People people) {
        JsonNode details = e.details() == null ? null : JsonMapper.shared().readTree(e.details());
        if (details == null || !details.has("assigneeId")) {
            return new Entry(e.occurredAt(), "TASK", "Task given", "by " + people.actor(e.actor()));
        }
        JsonNode from = details.get("from");
        boolean fromNobody = from == null || from.isNull() || "null".equals(from.asString());
        String to = people.user(details.get("assigneeId"));
        String title = details.has("taskId") ? people.taskTitle(details.get("taskId").asLong()) : null;
        boolean taken = fromNobody && people.isUser(e.actor(), details.get("assigneeId").asLong());
        String what = taken ? "Task taken by " + to
                : "Task given to " + to + (fromNobody ? "" : " (was " + people.user(from) + "'s)");
        return new Entry(e.occurredAt(), "TASK", what, join(title, taken ? null : "by " + people.actor(e.actor())));
    }

    /** Who the timeline names, looked up once per page: users by display name, an API key as one, nobody as such. */
    private final class People {

        private final Map<String, String> actors = new HashMap<>();
        private Map<Long, User> byId;
        private final Map<Long, String> titles = new HashMap<>();

        String actor(String actor) {
            return actor == null ? "someone" : actors.computeIfAbsent(actor, actorNames::name);
        }


        /** A user by id (a number or its text in the audit's details); "nobody" for none. */
        String user(JsonNode id) {
            if (id == null || id.isNull() || id.asString().isBlank() || "null".equals(id.asString())) {
                return "nobody";
            }
            long userId = Long.parseLong(id.asString());
            User user = users().get(userId);
            return user == null ? "user " + userId : user.shownName();
        }

        java.util.Optional<User> find(long userId) {
            return java.util.Optional.ofNullable(users().get(userId));
        }

        boolean isUser(String actor, long userId) {
            User user = users().get(userId);
            return user != null && user.username().equalsIgnoreCase(actor);
        }

        String taskTitle(long taskId) {
            return titles.computeIfAbsent(taskId, t -> {
                try {
                    return "'" + tasks.get(t).title() + "'";
                } catch (io.keepwarm.platform.NotFoundException gone) {
                    return null;
                }
            });
        }

        private Map<Long, User> users() {
            if (byId == null) {
                byId = users.list().stream().collect(Collectors.toMap(User::id, u -> u));
            }
            return byId;
        }
    }

    /** A recorded field's (or an action's) name in words: lastName → last name, ownerId → owner, attributes.plan → plan. */
    static String fieldWords(String field) {
        String name = field.startsWith("attributes.") ? field.substring("attributes.".length())
                : field.startsWith("doNotContact.") ? "do-not-contact " + field.substring("doNotContact.".length())
                : field.replaceAll("Id$", "");
        return name.replaceAll("([a-z])([A-Z])", "$1 $2").replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
    }

    private static Entry score(ScoreChange c) {
        String points = (c.points() >= 0 ? "+" : "") + c.points();
        return new Entry(c.at(), "SCORE", "Score " + points + " → " + c.scoreAfter()
                + (c.gradeAfter() == null ? "" : ", grade " + c.gradeAfter()),
                join(Words.scoreCauseOf(c.cause()), c.reason()));
    }

    private static String join(String a, String b) {
        if (a == null || a.isBlank()) {
            return b;
        }
        return b == null || b.isBlank() ? a : a + " · " + b;
    }

    /** The tracking module records an offer's press at the instant the activity does; a second apart is another. */
    private static final java.time.Duration SAME_PRESS = java.time.Duration.ofSeconds(1);

    /**
     * An offer taken, by its button's words, on the landing page it was taken on ("'Book a demo' on the landing page of
     * 'Cooling guide'"), read from the tracking module's record of the same press: the activity keeps only the key,
     * which pieces may share. The key itself only when the piece or its offer is deleted since.
     */
    private String offer(LoggedActivity a, List<Tracking.OfferTaken> offers) {
        String key = a.target();
        java.util.Optional<ContentItem> piece = offers.stream().filter(o -> o.offerKey().equals(key)
                        && java.time.Duration.between(o.at(), a.occurredAt()).abs().compareTo(SAME_PRESS) <= 0)
                .findFirst().flatMap(o -> content.find(o.contentId()));
        String on = piece.map(p -> " on the landing page of '" + p.name() + "'").orElse("");
        if (!Words.offer(key).equals(key)) {
            return capitalised(Words.offer(key)) + on;
        }
        return piece.map(ContentItem::offer)
                .filter(o -> o.key().equals(key) && o.label() != null && !o.label().isBlank())
                .map(o -> "'" + o.label() + "'").orElse("'" + key + "'") + on;
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
