package io.keepwarm.ui;

import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.delivery.Tasks;
import io.keepwarm.handoff.Handoff;
import io.keepwarm.handoff.HandoffState;
import io.keepwarm.handoff.Handoffs;
import io.keepwarm.handoff.RejectReason;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A rep's day: the hand-offs waiting for their decision (accept, or reject with a reason), and their queue of calls
 * and follow-ups due now within the contacts' calling hours.
 */
@Controller
class MyDayPage {

    /** A hand-off as the page shows it, with its contact. */
    record Waiting(Handoff handoff, Contact contact) {

        public String name() {
            return contact == null ? "contact " + handoff.contactId() : ContactPages.name(contact);
        }
    }

    private static final int SHOWN = 50;

    private final Users users;
    private final Handoffs handoffs;
    private final Tasks tasks;
    private final Contacts contacts;

    MyDayPage(Users users, Handoffs handoffs, Tasks tasks, Contacts contacts) {
        this.users = users;
        this.handoffs = handoffs;
        this.tasks = tasks;
        this.contacts = contacts;
    }

    @GetMapping("/ui/my-day")
    String myDay(Authentication authentication, Model model) {
        Long me = users.findByUsername(authentication.getName()).map(User::id).orElse(null);
        List<Handoff> open = me == null ? List.of() : handoffs.list(HandoffState.OPEN, me, null, null, SHOWN).items();
        Map<Long, Contact> found = contacts.getAll(open.stream().map(Handoff::contactId).toList());
        model.addAttribute("handoffs", open.stream().map(h -> new Waiting(h, found.get(h.contactId()))).toList());
        model.addAttribute("queue", me == null ? List.of() : tasks.queue(me, false, SHOWN));
        model.addAttribute("reasons", RejectReason.values());
        return "my-day";
    }

    @PostMapping("/ui/handoffs/{id}/accept")
    String accept(@PathVariable long id, Authentication authentication,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        return act(authentication, htmx, model, () -> handoffs.accept(id), "Accepted: the lead is yours to work");
    }

    @PostMapping("/ui/handoffs/{id}/reject")
    String reject(@PathVariable long id, @RequestParam(required = false) RejectReason reason,
            @RequestParam(required = false) String note, Authentication authentication,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        String cleanNote = note == null || note.isBlank() ? null : note.strip();
        return act(authentication, htmx, model,
                () -> handoffs.reject(id, new Handoffs.Rejection(reason, cleanNote, null)), "Rejected: back to marketing");
    }

    /** Like the contact page's quick actions: htmx gets the page at once, a plain post a redirect to it. */
    private String act(Authentication authentication, String htmx, Model model, Runnable action, String done) {
        try {
            action.run();
            model.addAttribute("done", done);
        } catch (InvalidInputException | ConflictException e) {
            model.addAttribute("actionError", Problems.describe(e));
            return myDay(authentication, model);
        }
        return htmx != null ? myDay(authentication, model) : "redirect:/ui/my-day";
    }
}
