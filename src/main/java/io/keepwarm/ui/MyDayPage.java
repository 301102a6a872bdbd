package io.keepwarm.ui;

import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.delivery.CallOutcome;
import io.keepwarm.delivery.Task;
import io.keepwarm.delivery.TaskKind;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.handoff.Alert;
import io.keepwarm.handoff.Alerts;
import io.keepwarm.handoff.Handoff;
import io.keepwarm.handoff.HandoffState;
import io.keepwarm.handoff.Handoffs;
import io.keepwarm.handoff.RejectReason;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.lifecycle.Lifecycle;
import io.keepwarm.lifecycle.Readiness;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.platform.AskAgain;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.ForbiddenException;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.platform.Zones;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A rep's day: the hand-offs waiting for their decision (accept, or reject with a reason), their calls and follow-ups
 * due now within the contacts' calling hours with a call's outcome two clicks away, the call-backs they booked, and
 * their unread alerts.
 */
@Controller
class MyDayPage {

    /**
     * A hand-off as the page shows it, with its contact and their clock now ("their time now 00:30 …"), which says
     * whether the call that goes with it may be made yet, and why they may not be called at all (their number found
     * wrong, do not contact by phone), as the contact's page says it; null when they may be.
     */
    record Waiting(Handoff handoff, Contact contact, String decideBy, String theirClock, String notCalled) {

        public String name() {
            return contact == null ? EntityNames.GONE_CONTACT : contact.name();
        }
    }

    /**
     * A call or task for later (a booked call-back, a call due now while the contact sleeps), with its time on their
     * clock; {@code waits} says why one due already is not due now (their calling hours, on both clocks), else null.
     */
    record CallBack(Tasks.QueueEntry entry, String theirTime, String title, String waits) {

        CallBack(Tasks.QueueEntry entry, String theirTime, String title) {
            this(entry, theirTime, title, null);
        }
    }

    /** A contact's today on their clock, the latest day they may be asked again, and the day offered for it. */
    record Days(LocalDate today, LocalDate latest, LocalDate askAgain) {}

    /** A button of the outcome menu: the outcome and what the rep reads on it. */
    record Choice(CallOutcome outcome, String label) {

        /** Whether the rep is asked first: what it does to the contact nobody on sales can undo. */
        public boolean asksFirst() {
            return ASKED_FIRST.contains(outcome);
        }
    }

    /**
     * The outcomes that end every call of the contact for good (a number flagged wrong, phone do-not-contact that only
     * marketing clears): the rep confirms them on a page of their own, as one slip of the mouse must not do that.
     */
    private static final Set<CallOutcome> ASKED_FIRST = java.util.EnumSet.of(CallOutcome.WRONG_NUMBER,
            CallOutcome.DO_NOT_CALL);

    /** Ordered as a rep meets them: the common answers first. */
    private static final List<Choice> CHOICES = List.of(
            new Choice(CallOutcome.NO_ANSWER, "No answer"),
            new Choice(CallOutcome.VOICEMAIL, "Left a message"),
            new Choice(CallOutcome.REACHED_NOT_NOW, "Reached: not now"),
            new Choice(CallOutcome.REACHED_READY, "Reached: ready for sales"),
            new Choice(CallOutcome.WRONG_NUMBER, "Wrong number"),
            new Choice(CallOutcome.DO_NOT_CALL, "Asked not to be called"));

    private static final String LEAD_GONE =
            "This lead was reassigned to someone else, so the decision is no longer yours; the list below is up to date.";
    private static final String TASK_GONE =
            "This task is no longer yours: it was reassigned to someone else or closed; the list below is up to date.";

    /** A "not now" asks again in a quarter unless the rep picks another date. */
    private static final int ASK_AGAIN_MONTHS = 3;
    private static final int SHOWN = 50;
    /** The longest note a logged call keeps (as the tasks API refuses longer). */
    private static final int NOTE_LENGTH = 2000;

    private final Users users;
    private final Handoffs handoffs;
    private final Tasks tasks;
    private final Alerts alerts;
    private final Contacts contacts;
    private final Zones zones;
    private final Clock clock;
    private final PageModel pageModel;
    private final When when;
    private final ActorNames actorNames;
    private final Readiness readiness;
    private final Lifecycle lifecycle;

    MyDayPage(Users users, Handoffs handoffs, Tasks tasks, Alerts alerts, Contacts contacts,
            Zones zones, Clock clock, PageModel pageModel, When when, Readiness readiness, ActorNames actorNames,
            Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
        this.actorNames = actorNames;
        this.readiness = readiness;
        this.when = when;
        this.pageModel = pageModel;
        this.zones = zones;
        this.users = users;
        this.handoffs = handoffs;
        this.tasks = tasks;
        this.alerts = alerts;
        this.contacts = contacts;
        this.clock = clock;
    }

    @GetMapping("/ui/my-day")
    String myDay(Authentication authentication, @RequestParam(name = "later", required = false) String later,
            @RequestParam(name = "rep", required = false) Long rep, Model model) {
        // "all" was the way to the whole list before it was paged: a link kept from then opens its first page.
        return day(authentication, "all".equals(later) ? null : later, rep, model);
    }

    String myDay(Authentication authentication, Model model) {
        return day(authentication, null, null, model);
    }

    /**
     * From when a task in the queue is late: its due time, and for a call the first moment after it within the
     * contact's calling hours, as one due while the contact slept could not be made before their day opened.
     */
    private Instant lateFrom(Tasks.QueueEntry e) {
        return e.task().kind().call() ? tasks.firstCallingMoment(e.task().dueAt(), e.contact().timeZone(),
                e.contact().country()).orElse(e.task().dueAt()) : e.task().dueAt();
    }

    /**
     * The rep's day, its calls and tasks for later {@value #SHOWN} a page from the cursor {@code laterFrom} (null:
     * the first page). With {@code rep}, a manager reads the day of one of their reps (marketing anyone's): their
     * leads and calls, read only, as each rep decides and logs their own; the alerts stay the viewer's.
     */
    private String day(Authentication authentication, String laterFrom, Long rep, Model model) {
        Long viewer = users.findByUsername(authentication.getName()).map(User::id).orElse(null);
        List<User> reps = viewer == null ? List.of() : users.managedBy(viewer);
        model.addAttribute("team", reps.isEmpty() ? null : reps);
        Long me = viewer;
        if (rep != null && !rep.equals(viewer)) {
            if (!users.mayRead(users.caller(), rep)) {
                throw new ForbiddenException("A manager reads the day of the reps they manage; another rep's day is"
                        + " theirs, their manager's, a marketer's or an admin's");
            }
            User shown = users.find(rep).orElseThrow(() -> NotFoundException.of("User", rep));
            model.addAttribute("viewing", shown);
            me = shown.id();
        }
        List<Handoff> open = me == null ? List.of() : handoffs.list(HandoffState.OPEN, me, null, null, SHOWN).items();
        Map<Long, Contact> found = contacts.getAll(open.stream().map(Handoff::contactId).toList());
        // The deadline in words on the viewer's clock, as the contact's page says it.
        Map<Long, String> notCalled = tasks.whyNotCalled(found.values());
        model.addAttribute("handoffs", open.stream().map(h -> new Waiting(h, found.get(h.contactId()),
                h.dueAt() == null ? null : when.said(h.dueAt()),
                theirClock(found.get(h.contactId())), notCalled.get(h.contactId()))).toList());
        List<Tasks.QueueEntry> due = me == null ? List.of() : tasks.queue(me, false, SHOWN);
        Set<Long> dueIds = due.stream().map(e -> e.task().id()).collect(Collectors.toSet());
        model.addAttribute("queue", due);
        // Due before today began (in the account's zone, as the queue orders them): said, as "due now" alone hides it.
        Instant today = clock.instant().atZone(when.zone()).toLocalDate().atStartOfDay(when.zone()).toInstant();
        // A lead's call is late by its hand-off's deadline, as the hand-off's card above says it: the task is due from
        // the moment the lead came (it is to be called at once), which is no deadline.
        Map<Long, Handoff> leadOf = open.stream().collect(Collectors.toMap(Handoff::contactId, h -> h, (a, b) -> a));
        Map<Long, Handoff> leadTasks = due.stream().filter(e -> e.task().kind() == TaskKind.HANDOFF
                        && leadOf.containsKey(e.task().contactId()))
                .collect(Collectors.toMap(e -> e.task().id(), e -> leadOf.get(e.task().contactId()), (a, b) -> a));
        model.addAttribute("leadTasks", leadTasks);
        model.addAttribute("overdue", due.stream().filter(e -> !leadTasks.containsKey(e.task().id())
                        && lateFrom(e).isBefore(today))
                .collect(Collectors.toMap(e -> e.task().id(), e -> when.briefDay(e.task().dueAt()), (a, b) -> a)));
        model.addAttribute("opens", due.stream().filter(e -> e.callableFrom() != null).collect(Collectors.toMap(
                e -> e.task().id(), e -> hoursOpen(e.callableFrom(), e.contact().timeZone(), e.contact().country()),
                (a, b) -> a)));
        model.addAttribute("unknownZone", due.stream().filter(e -> e.contact().localTime() == null)
                .collect(Collectors.toMap(e -> e.task().id(), this::unknownZone, (a, b) -> a)));
        model.addAttribute("titles", due.stream().collect(Collectors.toMap(e -> e.task().id(),
                e -> withoutName(e.task().title(), e.contact().name()), (a, b) -> a)));
        // Every open task of the rep not due now waits here, whatever its kind: a call-back booked for Tuesday, a
        // follow-up due later, and a call (a new lead's too) due while the contact sleeps, until their hours open. A
        // task the rep cannot see is a lead dropped.
        // The list shows no call script: titled only, none filled in (a Liquid render a task, for nothing).
        Tasks.QueuePage laterPage = me == null ? new Tasks.QueuePage(List.of(), null, 0)
                : laterPage(me, dueIds, laterFrom);
        List<CallBack> later = laterPage.items().stream()
                .map(e -> new CallBack(e, when.theirTime(e.callableFrom() == null ? e.task().dueAt() : e.callableFrom(),
                        e.contact().timeZone(), e.contact().country()), withoutName(e.task().title(), e.contact().name()),
                        waits(e)))
                .toList();
        model.addAttribute("callBacks", later);
        laterPaging(laterPage, me == null ? 0 : tasks.openCount(me) - due.size(), rep, model);
        // A trigger's task for a contact without an owner (or whose owner left) is nobody's: it waits here for whoever
        // takes it, rather than in no one's day.
        List<CallBack> nobodys = model.containsAttribute("viewing") ? List.of()
                : tasks.nobodysFor(users.caller(), SHOWN).stream().map(e -> new CallBack(e,
                due(e.task().dueAt(), e.contact(), ""), withoutName(e.task().title(), e.contact().name())))
                .toList();
        model.addAttribute("nobodys", nobodys);
        List<Tasks.QueueEntry> shown = new java.util.ArrayList<>(due);
        java.util.stream.Stream.concat(later.stream(), nobodys.stream()).forEach(c -> shown.add(c.entry()));
        model.addAttribute("shared", me == null ? Map.of() : heldByOthers(me, shown));
        List<Alert> unread = viewer == null ? List.of() : alerts.mine(true, null, SHOWN).items();
        model.addAttribute("alerts", unread);
        // Each alert's link named by its contact: a list of links all called "the contact" tells a screen reader nothing.
        Map<Long, String> alertContacts = new java.util.HashMap<>();
        contacts.getAll(unread.stream().map(Alert::contactId).filter(java.util.Objects::nonNull).distinct().toList())
                .forEach((id, contact) -> alertContacts.put(id, contact.name()));
        model.addAttribute("alertContacts", alertContacts);
        model.addAttribute("reasons", RejectChoice.ALL);
        model.addAttribute("now", clock.instant());
        // The days each date field offers, on its contact's clock, as the hand-off and the outcome check them.
        Map<Long, Days> days = new java.util.HashMap<>();
        open.forEach(h -> days.computeIfAbsent(h.contactId(), id -> days(found.get(id) == null ? zone(null, null)
                : zone(found.get(id).timeZone(), found.get(id).country()))));
        due.forEach(e -> days.computeIfAbsent(e.contact().id(), id -> days(zone(e.contact().timeZone(),
                e.contact().country()))));
        model.addAttribute("days", days);
        // A task for a contact who said when to ask again (a program's follow-up, say) still comes; the rep is told.
        Map<Long, String> notNow = new java.util.HashMap<>();
        readiness.readyOn(due.stream().map(e -> e.contact().id()).distinct().toList()).forEach((contactId, on) -> {
            if (on.isAfter(days.get(contactId).today())) {
                notNow.put(contactId, "They said not now: ask them again on " + When.dayOfWeek(on) + ", not before.");
            }
        });
        model.addAttribute("notNow", notNow);
        model.addAttribute("choices", CHOICES);
        if (!model.containsAttribute("typed")) {
            model.addAttribute("typed", Map.of());
        }
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", Map.of());
        }
        return "my-day";
    }

    private Tasks.QueuePage laterPage(long rep, Set<Long> dueIds, String cursor) {
        try {
            return tasks.titledQueue(rep, dueIds, cursor, "later", SHOWN);
        } catch (InvalidInputException notOurs) {
            throw new InvalidInputException("This link to a page of calls and tasks for later is not one Keepwarm"
                    + " made, or it was cut short. Open My day to start again from the first page.", List.of());
        }
    }

    /**
     * Where the page of calls and tasks for later stands in the whole list ("Showing 51–100 of 1,234"), and the links
     * to the next page and back to the first, which keep whose day it is: a list cut at fifty with no word of more made
     * a rep believe their week was clear.
     *
     * @param total every open task of the rep not among the calls due now above
     */
    private static void laterPaging(Tasks.QueuePage page, int total, Long rep, Model model) {
        int shown = page.items().size();
        model.addAttribute("laterFrom", page.before() + 1);
        model.addAttribute("laterTo", page.before() + shown);
        // Never fewer than the pages have shown: a task may open or close between two pages.
        model.addAttribute("laterTotal", Math.max(total, page.before() + shown + (page.nextCursor() == null ? 0 : 1)));
        model.addAttribute("laterNext", page.nextCursor() == null ? null : laterLink(rep, page.nextCursor()));
        model.addAttribute("laterFirst", page.before() > 0 ? laterLink(rep, null) : null);
    }

    private static String laterLink(Long rep, String cursor) {
        return org.springframework.web.util.UriComponentsBuilder.fromPath("/ui/my-day")
                .queryParamIfPresent("rep", Optional.ofNullable(rep))
                .queryParamIfPresent("later", Optional.ofNullable(cursor))
                .fragment("callbacks-title").build().encode().toUriString();
    }

    /**
     * Who else holds an open task on each contact of the page, and what it is, by contact: a rep who took a task of an
     * unowned lead learns that a colleague holds another before both of them call.
     */
    private Map<Long, String> heldByOthers(long me, List<Tasks.QueueEntry> shown) {
        Map<Long, Tasks.Callee> callees = new java.util.HashMap<>();
        shown.forEach(e -> callees.putIfAbsent(e.contact().id(), e.contact()));
        Map<Long, String> names = new java.util.HashMap<>();
        Map<Long, String> said = new java.util.HashMap<>();
        tasks.heldByOthers(callees.keySet(), me).forEach((contactId, held) -> {
            Tasks.Callee callee = callees.get(contactId);
            said.put(contactId, "Also working this contact: " + held.stream().map(t -> names.computeIfAbsent(
                    t.assigneeId(), id -> users.find(id).map(User::shownName)
                            .orElseGet(() -> actorNames.goneUser(id))) + " ("
                    + withoutName(t.title(), callee.name()) + ", " + due(t.dueAt(), callee, "due ")
                    + ")").collect(Collectors.joining("; ")) + ". Agree who calls before you do.");
        });
        return said;
    }

    /**
     * When a task is due on the contact's clock, said overdue when that was before today ("overdue since Tue 29 Dec,
     * 10:00 their time"), as a past time alone reads like one still to come.
     *
     * @param due how a time still to come is introduced ("due "), if at all
     */
    private String due(Instant at, Tasks.Callee callee, String due) {
        return (when.beforeToday(at) ? "overdue since " : due)
                + when.theirTime(at, callee.timeZone(), callee.country());
    }

    /**
     * Why a call due already waits, or null for a task that does not wait: the contact's calling hours, with when they
     * open on their clock and the rep's; or their zone, unknown, without which no hour is known to be within them.
     */
    private String waits(Tasks.QueueEntry e) {
        if (e.task().dueAt().isAfter(clock.instant()) || !e.task().kind().call() || e.doNotCall() || e.callableNow()) {
            return null;
        }
        return e.callableFrom() == null ? "due now: not to be called until their time zone is set"
                : "due now: " + hoursOpen(e.callableFrom(), e.contact().timeZone(), e.contact().country());
    }

    /**
     * What a call's line says of a contact whose zone is unknown: that the calling hours are kept on every clock of
     * their country at once, as the queue keeps them; or, of a country whose clocks share none or are not known, that
     * they are not to be called until someone sets their zone.
     */
    private String unknownZone(Tasks.QueueEntry e) {
        return e.callableNow() || e.callableFrom() != null
                ? "their time zone is unknown: called within calling hours (" + tasks.callingHours()
                        + ") on every clock of their country at once"
                : "their time zone is unknown: not to be called until it is set";
    }

    /**
     * When the contact's calling hours open, on their clock and on the rep's (the account's, as users have none of
     * their own): "their hours open 08:00 their time, 17:00 yours"; a day named when it is not today on that clock. For
     * a contact whose zone is unknown, when they open on every clock of their country, said on the clock their day is
     * counted on: "their hours open on every clock of their country at 11:00 America/Phoenix (their time zone is
     * unknown; the middle of their country), 18:00 yours".
     */
    private String hoursOpen(Instant opens, String timeZone, String country) {
        String yours = when.onClock(opens, when.zone());
        if (Zones.known(timeZone).isEmpty()) {
            return "their hours open on every clock of their country at " + when.theirTime(opens, timeZone, country)
                    + ", " + yours + " yours";
        }
        return "their hours open " + (when.onClock(opens, zone(timeZone, null)).equals(yours)
                ? yours + " their time and yours"
                : when.theirTime(opens, timeZone) + ", " + yours + " yours");
    }

    /**
     * The contact's clock now, for a lead's card: the hour, and when their calling hours open if they are closed; for
     * a contact whose zone is unknown, whether the hours hold on every clock of their country, or that they are not to
     * be called until the zone is set when no hour ever does.
     */
    private String theirClock(Contact contact) {
        if (contact == null) {
            return null;
        }
        Instant now = clock.instant();
        Optional<Instant> opens = tasks.firstCallingMoment(now, contact.timeZone(), contact.country());
        Optional<ZoneId> known = Zones.known(contact.timeZone());
        if (known.isEmpty()) {
            return opens.isEmpty() ? "their time zone is unknown: not to be called until it is set"
                    : opens.get().equals(now) ? "their time zone is unknown: within calling hours on every clock of"
                            + " their country now"
                    : "their time zone is unknown: not to be called now, " + hoursOpen(opens.get(),
                            contact.timeZone(), contact.country());
        }
        return "their time now " + when.onClock(now, known.get()) + " (" + known.get().getId() + ")"
                + (opens.get().equals(now) ? "" : ": not to be called now, " + hoursOpen(opens.get(),
                        contact.timeZone(), contact.country()));
    }

    @PostMapping("/ui/handoffs/{id}/accept")
    String accept(@PathVariable long id, Authentication authentication,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model,
            HttpServletResponse response) {
        return act(authentication, htmx, model, response, Map.of(), () -> "Accepted: the lead is yours to work. "
                + nextStep(handoffs.accept(id)), LEAD_GONE);
    }

    @PostMapping("/ui/handoffs/{id}/reject")
    String reject(@PathVariable long id, @RequestParam(required = false) RejectReason reason,
            @RequestParam(required = false) String note, @RequestParam(required = false) LocalDate readyOn,
            Authentication authentication, @RequestHeader(name = "HX-Request", required = false) String htmx,
            Model model, HttpServletResponse response) {
        String form = "handoff-" + id;
        return act(authentication, htmx, model, response, Forms.typed(form + ".reason", reason, form + ".note", note,
                form + ".readyOn", readyOn), () -> {
                    Handoff rejected = handoffs.reject(id, new Handoffs.Rejection(reason, Forms.blankToNull(note),
                            readyOn));
                    return rejected(rejected, reason, readyOn);
                }, LEAD_GONE, e -> {
                    Contact who = contacts.get(handoffs.get(id).contactId());
                    Map<String, String> errors = new LinkedHashMap<>();
                    e.errors().forEach(f -> errors.putIfAbsent(form + "." + f.field(), switch (f.field()) {
                        case "reason" -> "Pick a reason: it says whether the lead goes back to nurture or out of it.";
                        case "note" -> blank(note) ? "Say why in the note: \"other\" needs a line."
                                : "Keep the note to " + Handoffs.MAX_NOTE + " characters at most.";
                        case "readyOn" -> when.askAgainRefused(readyOn, who.timeZone(), who.country());
                        default -> f.message();
                    }));
                    errors.put(form, "Not rejected yet: " + (e.errors().isEmpty() ? e.getMessage()
                            : "fix what is marked below, then press Reject again."));
                    return errors;
                });
    }

    /** What the rejection did to the contact, in the rep's words: back to nurture, or out of it for good. */
    private String rejected(Handoff handoff, RejectReason reason, LocalDate readyOn) {
        String name = (contacts.get(handoff.contactId())).name();
        if (reason.disqualifies()) {
            return "Rejected: " + name + " is disqualified (" + (reason == RejectReason.WRONG_PERSON
                    ? "not the person to talk to" : "their details are wrong") + ") and gets no more nurturing.";
        }
        return "Rejected: " + name + " goes back to nurture" + (readyOn == null ? "."
                : "; we ask again on " + When.dayOfWeek(readyOn) + ".");
    }

    /** Takes a task nobody has into one's own day. */
    @PostMapping("/ui/tasks/{id}/take")
    String take(@PathVariable long id, Authentication authentication,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model,
            HttpServletResponse response) {
        return act(authentication, htmx, model, response, Map.of(), () -> "Taken: '" + tasks.assign(id, null).title()
                + "' is in your day now", "Not taken: that task is gone, or is for another rep's contact");
    }

    /**
     * Logs a call: the outcome comes from the button pressed; the ask-again date counts only with "not now", and a
     * call-back time is the contact's own clock time (what the rep agreed with them on the phone). A refusal shows
     * beside the field to fix, in the rep's words; the confirmation says what the call changed.
     */
    @PostMapping("/ui/tasks/{id}/outcome")
    String outcome(@PathVariable long id, @RequestParam(required = false) CallOutcome outcome,
            @RequestParam(required = false) String note, @RequestParam(required = false) LocalDate askAgainOn,
            @RequestParam(required = false) String callBackAt, @RequestParam(defaultValue = "false") boolean confirmed,
            Authentication authentication, @RequestHeader(name = "HX-Request", required = false) String htmx,
            Model model, HttpServletResponse response) {
        if (ASKED_FIRST.contains(outcome) && !confirmed) {
            Optional<Confirmation> ask = askFirst(id, outcome, note, callBackAt);
            if (ask.isPresent()) {
                return ask.get().page(model, htmx, response);
            }
        }
        String form = "task-" + id;
        Map<String, String> typed = Forms.typed(form + ".askAgainOn", askAgainOn, form + ".callBackAt", callBackAt,
                form + ".note", note);
        LocalDate askAgain = outcome == CallOutcome.REACHED_NOT_NOW ? askAgainOn : null;
        return act(authentication, htmx, model, response, typed, () -> {
            Task task = tasks.get(id);
            Contact who = contacts.get(task.contactId());
            Optional<Handoff> open = task.kind() == TaskKind.HANDOFF ? handoffs.list(HandoffState.OPEN, null,
                    task.contactId(), null, 1).items().stream().findFirst() : Optional.empty();
            Instant callBack = callBack(callBackAt, who);
            try {
                tasks.complete(id, new Tasks.Completion(outcome, Forms.blankToNull(note), askAgain, callBack));
            } catch (ConflictException e) {
                Task now = tasks.get(id);
                throw now.status() == Task.Status.OPEN ? e : new ConflictException(alreadyEnded(now));
            }
            return logged(task, outcome, askAgain, callBack, who, open);
        }, TASK_GONE, e -> {
            Contact who = contacts.get(tasks.get(id).contactId());
            Map<String, String> errors = new LinkedHashMap<>();
            e.errors().forEach(f -> errors.putIfAbsent(form + "." + f.field(),
                    inWords(f.field(), outcome, askAgain, callBackAt, note, who, f.message())));
            errors.put(form, "Not logged yet: " + (e.errors().isEmpty() ? e.getMessage()
                    : "fix what is marked below, then press how the call went again."));
            return errors;
        });
    }

    /**
     * The question before a wrong number or "do not call me" is logged, with what it ends; none when the outcome would
     * not be logged anyway (the task is not the rep's open one, a call-back goes with it), which the page then says.
     */
    private Optional<Confirmation> askFirst(long id, CallOutcome outcome, String note, String callBackAt) {
        Optional<Task> task = tasks.entry(id).map(Tasks.QueueEntry::task);
        io.keepwarm.identity.Caller caller = users.caller();
        boolean mine = task.isPresent() && (caller.seesAll() || caller.user() != null
                && java.util.Objects.equals(task.get().assigneeId(), caller.user().id()));
        if (!mine || !blank(callBackAt)) {
            return Optional.empty();
        }
        Contact contact = contacts.get(task.get().contactId());
        String name = contact.name();
        String ends = " Every open call with them ends, yours and anyone else's, and no call to them is offered again";
        Confirmation ask = outcome == CallOutcome.WRONG_NUMBER
                ? Confirmation.ask("Log a wrong number for " + name + "?", (contact.phone() == null
                        ? "Their number is marked wrong." : "Their number " + contact.phone() + " is marked wrong.")
                        + ends + " until someone enters a new number for them.", "/ui/tasks/" + id + "/outcome",
                        "Log the wrong number", "/ui/my-day")
                : Confirmation.ask("Log that " + name + " asked not to be called?", "They are marked do-not-contact"
                        + " by phone and their phone consent withdrawn." + ends + ". You cannot undo it: only a"
                        + " marketer or an admin can clear a do-not-contact.", "/ui/tasks/" + id + "/outcome",
                        "Log: asked not to be called", "/ui/my-day");
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("outcome", outcome.name());
        if (!blank(note)) {
            fields.put("note", note);
        }
        fields.put("confirmed", "true");
        return Optional.of(ask.posting(fields));
    }

    /**
     * What became of a task the rep logs again from a page drawn before (a second press, a colleague's call): how it
     * went, by whom and when, in the rep's words ("This call was already logged: No answer, by Mike Rep, Tue 5 January
     * 2026, 15:02"), or why it was cancelled.
     */
    private String alreadyEnded(Task task) {
        String what = task.kind().call() ? "This call" : "This follow-up";
        String note = task.outcomeNote() == null || task.outcomeNote().isBlank() ? null : task.outcomeNote();
        if (task.status() == Task.Status.CANCELLED) {
            return what + " was cancelled" + (note == null ? "" : ": " + note) + "; there is nothing to log.";
        }
        String how = task.outcome() == null || task.outcome() == CallOutcome.DONE ? note
                : CHOICES.stream().filter(c -> c.outcome() == task.outcome()).map(Choice::label).findFirst()
                        .orElse(Words.inWords(task.outcome()));
        return what + " was already " + (task.kind().call() ? "logged" : "done") + (how == null ? "" : ": " + how)
                + ", by " + users.shown(task.doneBy()) + ", " + when.saidClock(task.doneAt()) + ".";
    }

    /** What the logged call changed, as the rep reads it: the next attempt, a call-back, the ask-again day, the lead. */
    private String logged(Task task, CallOutcome outcome, LocalDate askAgain, Instant callBack, Contact who,
            Optional<Handoff> open) {
        if (outcome == CallOutcome.DONE) {
            return "Done: the follow-up";
        }
        StringBuilder text = new StringBuilder("Logged: " + CHOICES.stream().filter(c -> c.outcome() == outcome)
                .map(Choice::label).findFirst().orElse("the call"));
        if (callBack != null) {
            text.append(", call-back booked for ").append(when.theirTime(callBack, who.timeZone(), who.country())).append('.');
        } else {
            text.append('.');
        }
        if (callBack == null && (outcome == CallOutcome.NO_ANSWER || outcome == CallOutcome.VOICEMAIL)) {
            // A new lead's retry is brought before the hand-off's deadline when the contact's hours allow; when they
            // do not, the rep is told, as calling then would be after the lead turned overdue. The time said is when
            // the call comes to the rep's day, which waits for the contact's calling hours, not the hour it was booked.
            Instant deadline = task.kind() == TaskKind.HANDOFF ? open.map(Handoff::dueAt).orElse(null) : null;
            text.append(tasks.nextAttempt(task.id()).map(next -> tasks.firstCallingMoment(next.dueAt(), who.timeZone(),
                            who.country()).orElse(next.dueAt()))
                    .map(due -> " Next attempt (" + (task.attempt() + 1) + " of " + tasks.maxAttempts() + ") is due "
                            + when.theirTime(due, who.timeZone(), who.country()) + (deadline == null || due.isBefore(deadline) ? "."
                                    : ", after the hand-off's deadline, " + when.theirTime(deadline, who.timeZone(), who.country())
                                            + ": accept or reject the lead before then."))
                    .orElse(" That was the last of " + tasks.maxAttempts() + " attempts: no further call is booked."
                            + recycled(task)));
        }
        Optional<HandoffState> decided = open.map(h -> handoffs.get(h.id()).state());
        if (outcome == CallOutcome.REACHED_NOT_NOW) {
            text.append(decided.filter(s -> s == HandoffState.REJECTED)
                    .map(s -> " The lead is rejected as not ready: it goes back to nurture.").orElse(""));
            text.append(" We ask again on ").append(When.dayOfWeek(askAgain)).append('.');
        }
        if (outcome == CallOutcome.REACHED_READY && decided.filter(s -> s == HandoffState.ACCEPTED).isPresent()) {
            text.append(" The lead is accepted: it is yours to work.");
        } else if (outcome == CallOutcome.REACHED_READY && open.isEmpty()) {
            // the call made the lead sales-ready itself: accepted for the rep who heard it, or offered to its rep
            List<Handoff> theirs = handoffs.list(null, null, task.contactId(), null, 500).items();
            HandoffState now = theirs.isEmpty() ? null : theirs.getLast().state();
            text.append(now == HandoffState.ACCEPTED ? " The lead is sales-qualified and accepted: it is yours to work."
                    : now == HandoffState.OPEN ? " The lead is handed to sales: its rep is asked to accept or reject it."
                    : "");
        }
        return text.toString();
    }

    /**
     * A refusal of the outcome form in the rep's words and the contact's zone, chosen by what the rep sent rather
     * than read out of the API's message, which names its fields and outcomes for integrators.
     */
    private String inWords(String field, CallOutcome outcome, LocalDate askAgainOn, String callBackAt, String note,
            Contact who, String message) {
        return switch (field) {
            case "askAgainOn" -> askAgainOn == null ? "When may we ask again? Pick a date."
                    : when.askAgainRefused(askAgainOn, who.timeZone(), who.country());
            case "callBackAt" -> outcome == CallOutcome.WRONG_NUMBER || outcome == CallOutcome.DO_NOT_CALL
                    ? "Leave this empty: nobody is called back on a wrong number or after \"do not call me\"."
                    : parses(callBackAt) && callBack(callBackAt, who).isAfter(clock.instant())
                            ? laterCallBack(callBack(callBackAt, who), who)
                    : parses(callBackAt) ? "Pick a time after now: it is " + when.theirTime(clock.instant(),
                            who.timeZone(), who.country())
                            + "."
                    : "Pick a day and a time to call them back.";
            case "note" -> blank(note) ? "What came of it? Write a line."
                    : "Keep the note to " + NOTE_LENGTH + " characters at most.";
            case "outcome" -> "Press how the call went.";
            default -> message;
        };
    }

    /** A call-back after now that was refused: outside their calling hours, or too far ahead. */
    private String laterCallBack(Instant at, Contact who) {
        ZoneId zone = zone(who.timeZone(), who.country());
        if (at.atZone(zone).toLocalDate().isAfter(AskAgain.latest(today(zone)))) {
            return "Pick a day within two years, by " + When.dayOfWeek(AskAgain.latest(today(zone)))
                    + " at the latest.";
        }
        Instant opens = tasks.firstCallingMoment(at, who.timeZone(), who.country()).orElse(at);
        String whose = Zones.known(who.timeZone()).isPresent() ? " their time"
                : " on every clock of their country at once, as their time zone is unknown";
        return "That is outside their calling hours (" + tasks.callingHours() + whose + "). Pick a time within them:"
                + " the next opens " + when.theirTime(opens, who.timeZone(), who.country()) + ".";
    }

    private LocalDate today(ZoneId zone) {
        return clock.instant().atZone(zone).toLocalDate();
    }

    private Days days(ZoneId zone) {
        LocalDate today = today(zone);
        return new Days(today, AskAgain.latest(today), today.plusMonths(ASK_AGAIN_MONTHS));
    }

    private static boolean parses(String localTime) {
        if (blank(localTime)) {
            return false;
        }
        try {
            LocalDateTime.parse(localTime.strip());
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    @PostMapping("/ui/alerts/{id}/read")
    String read(@PathVariable long id, Authentication authentication,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model,
            HttpServletResponse response) {
        return act(authentication, htmx, model, response, Map.of(), () -> {
            alerts.read(id);
            return "Alert marked read";
        }, "This alert is not yours to mark read; the list below is up to date.");
    }

    /**
     * Like the contact page's quick actions: htmx gets the page at once, a plain post a redirect to it. A hand-off or
     * task taken from the rep since their page was drawn (reassigned when overdue) gets {@code gone} and the page as it
     * is now, not a 403 that htmx would leave unshown. A refused form shows what was typed into it again.
     */
    private String act(Authentication authentication, String htmx, Model model, HttpServletResponse response,
            Map<String, String> typed, Supplier<String> action, String gone) {
        return act(authentication, htmx, model, response, typed, action, gone, null);
    }

    /** As above; a refusal of the form's fields shows beside them, in the words fieldErrors gives (form.field to words). */
    private String act(Authentication authentication, String htmx, Model model, HttpServletResponse response,
            Map<String, String> typed, Supplier<String> action, String gone,
            Function<InvalidInputException, Map<String, String>> fieldErrors) {
        String view = acted(authentication, htmx, model, typed, action, gone, fieldErrors);
        if (htmx != null && (model.getAttribute("done") != null || model.getAttribute("actionError") != null)) {
            showSaid(response);
        }
        return view;
    }

    private String acted(Authentication authentication, String htmx, Model model, Map<String, String> typed,
            Supplier<String> action, String gone, Function<InvalidInputException, Map<String, String>> fieldErrors) {
        try {
            model.addAttribute("done", action.get());
            refreshNavigation(authentication, model);
        } catch (InvalidInputException e) {
            if (fieldErrors == null) {
                model.addAttribute("actionError", Problems.describe(e));
            } else {
                model.addAttribute("errors", fieldErrors.apply(e));
            }
            model.addAttribute("typed", typed);
            return myDay(authentication, model);
        } catch (ConflictException e) {
            model.addAttribute("actionError", Problems.describe(e));
            model.addAttribute("typed", typed);
            return myDay(authentication, model);
        } catch (ForbiddenException | NotFoundException e) {
            model.addAttribute("actionError", gone);
            return myDay(authentication, model);
        }
        if (htmx != null) {
            return myDay(authentication, model);
        }
        Forms.keepForRedirect("done", model.getAttribute("done"));
        return "redirect:/ui/my-day";
    }

    /**
     * The answer is said at the top of the day, far above the card pressed on a phone's screen, where the card only
     * vanished: htmx shows the top of the page's answer, so what followed (or what went wrong) is read at once. A
     * refusal said beside its field has no such line (htmx would show the top of the day instead): the page stays
     * where the field is.
     */
    private static void showSaid(HttpServletResponse response) {
        response.setHeader("HX-Reswap", "outerHTML show:#my-day-said:top");
    }

    /** The count beside "My day" after the action, which htmx swaps into the page with the answer. */
    @SuppressWarnings("unchecked")
    private void refreshNavigation(Authentication authentication, Model model) {
        if (model.getAttribute("nav") instanceof List<?> nav) {
            model.addAttribute("nav", pageModel.withFreshBadge((List<PageModel.NavItem>) nav, authentication));
        }
    }

    /**
     * A lead sales had accepted whose last call went unanswered left sales with it: said at once, where the rep pressed
     * the button, not only in an alert further down their day.
     */
    private String recycled(Task task) {
        return lifecycle.current(task.contactId()).stage() == Stage.RECYCLED
                ? " The lead goes back to nurture (recycled) with its owner; to work it still, move it back to"
                        + " Sales-qualified on the contact's page."
                : "";
    }

    /** The first call accepting gave the rep, and where they find it; or why there is none. */
    private String nextStep(Handoff accepted) {
        Contact contact = contacts.get(accepted.contactId());
        String name = contact.name();
        if (accepted.firstCallTaskId() == null) {
            return tasks.callBackOf(contact.id()).map(c -> "Your call-back booked for " + when.theirTime(c.dueAt(),
                    contact.timeZone(), contact.country()) + " is the first call.")
                    .orElse(accepted.firstCall() == null ? "" : accepted.firstCall().replace("the contact", name) + ".");
        }
        return tasks.entry(accepted.firstCallTaskId()).map(e -> e.callableNow()
                ? "Your first call with " + name + " is below, due now."
                : e.callableFrom() == null ? "Your first call with " + name + " waits until their time zone is set."
                : "Your first call with " + name + " waits for their calling hours: " + when.theirTime(e.callableFrom(),
                        contact.timeZone(), contact.country()) + ".").orElse("");
    }

    /**
     * A task's title without the contact's name where Keepwarm put it there to say whose the task is ("New lead: Ada
     * Lovelace", "Call back: Ada Lovelace asked to be called"), which the page shows beside it. A title a person wrote
     * (a program's or trigger's task, "Call Linus at Kernel Co") keeps it: taken out of a sentence, the name left
     * "Call at Kernel Co".
     */
    static String withoutName(String title, String name) {
        if (title == null || name == null || name.isBlank()) {
            return title;
        }
        int colon = title.indexOf(": ");
        if (colon < 0 || !title.startsWith(name, colon + 2)) {
            return title;
        }
        String rest = title.substring(colon + 2 + name.length());
        if (!rest.isEmpty() && Character.isLetterOrDigit(rest.charAt(0))) {
            // "Call back: Annabel asked to be called" is not about Ann.
            return title;
        }
        String shorter = (title.substring(0, colon) + ":" + rest).replaceAll("\\s+", " ").strip()
                .replaceAll("[:,]$", "").strip();
        return shorter.isEmpty() ? title : shorter;
    }

    private Instant callBack(String localTime, Contact who) {
        if (blank(localTime)) {
            return null;
        }
        try {
            return LocalDateTime.parse(localTime.strip()).atZone(zone(who.timeZone(), who.country())).toInstant();
        } catch (DateTimeException e) {
            throw InvalidInputException.field("callBackAt", "is not a date and time like 2026-01-06T10:00: " + localTime);
        }
    }

    /**
     * The clock a contact's dates and call-backs count on, as the engine's ({@link Zones#ofContact}); when their zone
     * is unknown, the page says so beside the call and names the clock.
     */
    private ZoneId zone(String timeZone, String country) {
        return zones.ofContact(timeZone, country);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
