package io.keepwarm.ui;

import io.keepwarm.analytics.Analytics;
import io.keepwarm.analytics.DecidedHandoff;
import io.keepwarm.analytics.MovedBack;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.handoff.Handoffs;
import io.keepwarm.handoff.RejectReason;
import io.keepwarm.identity.Caller;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.lifecycle.LifecycleRules;
import io.keepwarm.lifecycle.Stage;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * What became of the leads handed to sales: the hand-offs decided in the last twelve weeks with their rep, decision,
 * reason, note and times, filtered by reason (a rep's own, a manager's team's, everyone's for marketing, as each reads
 * the hand-offs themselves); and the contacts that came back into nurture this month, which the dashboard counts.
 */
@Controller
class HandoffsPage {

    /** A decided hand-off as the list shows it. */
    record Row(DecidedHandoff handoff, String contact, String rep, String decision, String toDecide) {}

    /** A move back into nurture as the list shows it. */
    record Back(MovedBack move, String contact, String from, String to) {}

    private static final int SHOWN = 200;
    /** As many decisions as the counts by reason read: more than twelve weeks of a team hold. */
    private static final int COUNTED = 5000;

    private final Analytics analytics;
    private final Handoffs handoffs;
    private final Contacts contacts;
    private final Users users;
    private final ActorNames actorNames;
    private final LifecycleRules rules;
    private final When when;

    HandoffsPage(Analytics analytics, Handoffs handoffs, Contacts contacts, Users users, ActorNames actorNames,
            LifecycleRules rules, When when) {
        this.analytics = analytics;
        this.handoffs = handoffs;
        this.contacts = contacts;
        this.users = users;
        this.actorNames = actorNames;
        this.rules = rules;
        this.when = when;
    }

    /**
     * @param decision ACCEPTED, REJECTED or a reject reason's code (those rejected for it); blank for every decision
     */
    @GetMapping("/ui/handoffs")
    String decided(@RequestParam(defaultValue = "") String decision, Model model) {
        Caller caller = users.caller();
        // Whose: everyone's for marketing; a rep's own and, for a manager, their reps'.
        List<Long> reps = caller.seesAll() ? null : handoffs.team();
        RejectReason reason = RejectReason.of(decision).orElse(null);
        String state = reason != null ? "REJECTED" : decision.equals("ACCEPTED") || decision.equals("REJECTED")
                ? decision : null;
        List<DecidedHandoff> shown = analytics.decidedHandoffs(null, reps, state, reason == null ? null : reason.name(),
                SHOWN);
        Map<Long, Contact> found = contacts.getAll(shown.stream().map(DecidedHandoff::contactId).distinct().toList());
        Map<Long, String> names = new HashMap<>();
        model.addAttribute("rows", shown.stream().map(h -> new Row(h,
                found.containsKey(h.contactId()) ? found.get(h.contactId()).name() : EntityNames.GONE_CONTACT,
                h.repId() == null ? "nobody" : names.computeIfAbsent(h.repId(), this::name),
                h.reason() == null ? "accepted" : "rejected: " + RejectChoice.of(RejectReason.valueOf(h.reason())).what(),
                when.lasted(h.toDecide()))).toList());
        Map<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
        long[] accepted = {0};
        analytics.decidedHandoffs(null, reps, null, null, COUNTED).forEach(h -> {
            if (h.reason() == null) {
                accepted[0]++;
            } else {
                byReason.merge(RejectReason.valueOf(h.reason()), 1L, Long::sum);
            }
        });
        model.addAttribute("accepted", accepted[0]);
        model.addAttribute("byReason", byReason);
        model.addAttribute("choices", RejectChoice.ALL);
        model.addAttribute("decision", decision);
        model.addAttribute("whose", caller.seesAll() ? "every rep's" : reps.size() > 1 ? "your team's (yours and your"
                + " reps')" : "yours");
        model.addAttribute("zone", when.zoneName());
        return "handoffs";
    }

    /** The contacts the dashboard's "recycled back this month" counts, each with the move that brought them back. */
    @GetMapping("/ui/handoffs/recycled")
    String recycled(Model model) {
        List<MovedBack> moves = analytics.recycledBack(null, SHOWN);
        Map<Long, Contact> found = contacts.getAll(moves.stream().map(MovedBack::contactId).distinct().toList());
        Map<Stage, String> labels = rules.labels();
        model.addAttribute("moves", moves.stream().map(m -> new Back(m,
                found.containsKey(m.contactId()) ? found.get(m.contactId()).name() : EntityNames.GONE_CONTACT,
                labels.get(m.from()), labels.get(m.to()))).toList());
        model.addAttribute("contacts", moves.stream().map(MovedBack::contactId).filter(Objects::nonNull).distinct().count());
        model.addAttribute("zone", when.zoneName());
        return "recycled";
    }

    private String name(long id) {
        return users.find(id).map(User::shownName).orElseGet(() -> actorNames.goneUser(id));
    }
}
