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
import io.keepwarm.handoff.HandoffSettings;
import io.keepwarm.handoff.Handoffs;
import io.keepwarm.handoff.RejectReason;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.ForbiddenException;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.platform.Zones;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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

    /** A hand-off as the page shows it, with its contact. */
    record Waiting(Handoff handoff, Contact contact, String decideBy) {

        public String name() {
            return contact == null ? "contact " + handoff.contactId() : ContactPages.name(contact);
        }
    }

    /** A booked call-back, with its time on the contact's clock. */
    record CallBack(Tasks.QueueEntry entry, String theirTime) {}

    /** A button of the outcome menu: the outcome and what the rep reads on it. */
    record Choice(CallOutcome outcome, String label) {}

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
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE d MMM, HH:mm", java.util.Locale.ENGLISH);
    private static final DateTimeFormatter LOCAL_OTHER_YEAR =
            DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", java.util.Locale.ENGLISH);
    private static final int SHOWN = 50;

    private final Users users;
    private final Handoffs handoffs;
    private final Tasks tasks;
    private final Alerts alerts;
    private final Contacts contacts;
    private final HandoffSettings settings;
    private final Zones zones;
    private final Clock clock;

    MyDayPage(Users users, Handoffs handoffs, Tasks tasks, Alerts alerts, Contacts contacts, HandoffSettings settings,
            Zones zones, Clock clock) {
        this.settings = settings;
        this.zones = zones;
        this.users = users;
        this.handoffs = handoffs;
        this.tasks = tasks;
        this.alerts = alerts;
        this.contacts = contacts;
        this.clock = clock;
    }

    @GetMapping("/ui/my-day")
    String myDay(Authentication authentication, Model model) {
        Long me = users.findByUsername(authentication.getName()).map(User::id).orElse(null);
        List<Handoff> open = me == null ? List.of() : handoffs.list(HandoffState.OPEN, me, null, null, SHOWN).items();
        Map<Long, Contact> found = contacts.getAll(open.stream().map(Handoff::contactId).toList());
        // The deadline in the account's zone, as the alert that brought the lead put it.
        DateTimeFormatter deadline = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ENGLISH)
                .withZone(settings.zone());
        model.addAttribute("handoffs", open.stream().map(h -> new Waiting(h, found.get(h.contactId()),
                h.dueAt() == null ? null : deadline.format(h.dueAt()) + " (" + settings.zone().getId() + ")")).toList());
        List<Tasks.QueueEntry> due = me == null ? List.of() : tasks.queue(me, false, SHOWN);
        Set<Long> dueIds = due.stream().map(e -> e.task().id()).collect(Collectors.toSet());
        model.addAttribute("queue", due);
        model.addAttribute("callBacks", me == null ? List.of() : tasks.queue(me, true, 4 * SHOWN).stream()
                .filter(e -> e.task().kind() == TaskKind.CALL_BACK && !dueIds.contains(e.task().id()))
                .limit(SHOWN).map(e -> new CallBack(e, theirTime(e.task().dueAt(), e.contact().timeZone()))).toList());
        model.addAttribute("alerts", me == null ? List.<Alert>of() : alerts.mine(true, null, SHOWN).items());
        model.addAttribute("reasons", RejectReason.values());
        model.addAttribute("choices", CHOICES);
        model.addAttribute("askAgainOn", LocalDate.now(clock).plusMonths(ASK_AGAIN_MONTHS));
        if (!model.containsAttribute("typed")) {
            model.addAttribute("typed", Map.of());
        }
        return "my-day";
    }

    /** The contact's own clock time of an instant, as a rep reads it ("Tue 6 Jan, 10:00"; with its year if not this one). */
    private String theirTime(Instant at, String timeZone) {
        if (at == null) {
            return "";
        }
        java.time.ZonedDateTime local = at.atZone(zone(timeZone));
        return (local.getYear() == clock.instant().atZone(local.getZone()).getYear() ? LOCAL : LOCAL_OTHER_YEAR).format(local);
    }

    @PostMapping("/ui/handoffs/{id}/accept")
    String accept(@PathVariable long id, Authentication authentication,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        return act(authentication, htmx, model, Map.of(), () -> handoffs.accept(id),
                "Accepted: the lead is yours to work", LEAD_GONE);
    }

    @PostMapping("/ui/handoffs/{id}/reject")
    String reject(@PathVariable long id, @RequestParam(required = false) RejectReason reason,
            @RequestParam(required = false) String note, Authentication authentication,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        String form = "handoff-" + id;
        return act(authentication, htmx, model, Forms.typed(form + ".reason", reason, form + ".note", note),
                () -> handoffs.reject(id, new Handoffs.Rejection(reason, Forms.blankToNull(note), null)),
                "Rejected: back to marketing", LEAD_GONE);
    }

    /**
     * Logs a call: the outcome comes from the button pressed; the ask-again date counts only with "not now", and a
     * call-back time is the contact's own clock time (what the rep agreed with them on the phone).
     */
    @PostMapping("/ui/tasks/{id}/outcome")
    String outcome(@PathVariable long id, @RequestParam(required = false) CallOutcome outcome,
            @RequestParam(required = false) String note, @RequestParam(required = false) LocalDate askAgainOn,
            @RequestParam(required = false) String callBackAt, Authentication authentication,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        String form = "task-" + id;
        Map<String, String> typed = Forms.typed(form + ".askAgainOn", askAgainOn, form + ".callBackAt", callBackAt,
                form + ".note", note);
        return act(authentication, htmx, model, typed, () -> {
            Task task = tasks.get(id);
            Instant callBack = callBack(callBackAt, contacts.get(task.contactId()).timeZone());
            tasks.complete(id, new Tasks.Completion(outcome, Forms.blankToNull(note),
                    outcome == CallOutcome.REACHED_NOT_NOW ? askAgainOn : null, callBack));
        }, (outcome == CallOutcome.DONE ? "Done: the follow-up" : "Logged: " + CHOICES.stream()
                .filter(c -> c.outcome() == outcome).map(Choice::label).findFirst().orElse("the call"))
                + (blank(callBackAt) ? "" : ", call-back booked"), TASK_GONE);
    }

    @PostMapping("/ui/alerts/{id}/read")
    String read(@PathVariable long id, Authentication authentication,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        return act(authentication, htmx, model, Map.of(), () -> alerts.read(id), "Alert marked read",
                "This alert is not yours to mark read; the list below is up to date.");
    }

    /**
     * Like the contact page's quick actions: htmx gets the page at once, a plain post a redirect to it. A hand-off or
     * task taken from the rep since their page was drawn (reassigned when overdue) gets {@code gone} and the page as it
     * is now, not a 403 that htmx would leave unshown. A refused form shows what was typed into it again.
     */
    private String act(Authentication authentication, String htmx, Model model, Map<String, String> typed,
            Runnable action, String done, String gone) {
        try {
            action.run();
            model.addAttribute("done", done);
        } catch (InvalidInputException | ConflictException e) {
            model.addAttribute("actionError", Problems.describe(e));
            model.addAttribute("typed", typed);
            return myDay(authentication, model);
        } catch (ForbiddenException | NotFoundException e) {
            model.addAttribute("actionError", gone);
            return myDay(authentication, model);
        }
        return htmx != null ? myDay(authentication, model) : "redirect:/ui/my-day";
    }

    private Instant callBack(String localTime, String timeZone) {
        if (blank(localTime)) {
            return null;
        }
        try {
            return LocalDateTime.parse(localTime.strip()).atZone(zone(timeZone)).toInstant();
        } catch (DateTimeException e) {
            throw InvalidInputException.field("callBackAt", "is not a date and time like 2026-01-06T10:00: " + localTime);
        }
    }

    /** The contact's zone; the account's when it is unknown, which the page says beside the call. */
    private ZoneId zone(String timeZone) {
        return zones.orAccountZone(timeZone);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
