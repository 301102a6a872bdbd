package io.keepwarm.ui;

import io.keepwarm.analytics.Analytics;
import io.keepwarm.analytics.FunnelReport;
import io.keepwarm.analytics.HandoffWeeks;
import io.keepwarm.analytics.StageVelocity;
import io.keepwarm.analytics.TouchWeeks;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.delivery.Notifications;
import io.keepwarm.handoff.Handoff;
import io.keepwarm.handoff.HandoffState;
import io.keepwarm.handoff.Handoffs;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.lifecycle.LifecycleRules;
import io.keepwarm.lifecycle.Stage;
import io.keepwarm.scoring.ScoringRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard: the funnel, stage velocity, contacts recycled back, and for marketing touches sent and suppressed,
 * MQLs and hand-offs with the reps' decisions; for a sales manager their team's hand-offs; the programs at a glance.
 */
@Controller
class HomeController {

    /** An open hand-off of one of a manager's reps, with its contact and rep by name. */
    record TeamLead(Handoff handoff, String contact, String rep, String due) {}

    /**
     * What a new account still lacks for leads to be nurtured and reach sales, with where an admin sets it (no link for
     * a marketer, whom the settings are closed to).
     */
    record Gap(String text, String href, String link) {}

    /** A stage's row of the velocity table, with where its contacts went written out ("Marketing-qualified 40%"). */
    record Velocity(StageVelocity.StageTime time, String wentTo) {}

    private static final Set<Stage> PATH = Set.of(Stage.NEW, Stage.NURTURE, Stage.MQL, Stage.SQL, Stage.OPPORTUNITY,
            Stage.CUSTOMER);
    private static final int PROGRAMS = 20;
    private static final int TEAM_LEADS = 50;

    private final Analytics analytics;
    private final LifecycleRules rules;
    private final ProgramGlances programs;
    private final Handoffs handoffs;
    private final Contacts contacts;
    private final Users users;
    private final When when;
    private final JsonMapper json;
    private final ScoringRules scoringRules;
    private final Notifications notifications;

    HomeController(Analytics analytics, LifecycleRules rules, ProgramGlances programs, Handoffs handoffs,
            Contacts contacts, Users users, When when, JsonMapper json, ScoringRules scoringRules,
            Notifications notifications) {
        this.scoringRules = scoringRules;
        this.notifications = notifications;
        this.analytics = analytics;
        this.when = when;
        this.contacts = contacts;
        this.users = users;
        this.handoffs = handoffs;
        this.rules = rules;
        this.programs = programs;
        this.json = json;
    }

    @GetMapping("/")
    String home(Authentication authentication, Model model) {
        Analytics.Overview overview = analytics.overview();
        FunnelReport funnel = overview.funnel();
        Map<Stage, String> labels = rules.labels();
        model.addAttribute("funnel", funnel);
        model.addAttribute("velocity", overview.velocity().stages().stream()
                .filter(s -> s.now() > 0 || s.exits() > 0).map(s -> velocity(s, labels)).toList());
        model.addAttribute("labels", labels);
        model.addAttribute("funnelSeries", json.writeValueAsString(Map.of("stages", funnel.stages().stream()
                .map(s -> Map.of("label", labels.get(s.stage()), "count", s.count(), "path", PATH.contains(s.stage())))
                .toList())));
        if (PageModel.marketing(authentication)) {
            model.addAttribute("gaps", gaps(PageModel.role(authentication) == Role.ADMIN, funnel.total()));
            TouchWeeks weeks = analytics.touchWeeks(analytics.lastWeeks());
            model.addAttribute("touches", weeks);
            model.addAttribute("touchSeries", json.writeValueAsString(touchSeries(weeks)));
            HandoffWeeks handoffWeeks = analytics.handoffWeeks(analytics.lastWeeks());
            model.addAttribute("handoffs", handoffWeeks);
            model.addAttribute("handoffSeries", json.writeValueAsString(handoffSeries(handoffWeeks)));
            model.addAttribute("reps", handoffs.report(handoffWeeks.period().from()).byRep());
        } else {
            team(model);
        }
        model.addAttribute("programs", programs.list(PROGRAMS, false));
        return "home";
    }

    /** What is missing, the first a lead would miss first; empty once the account is set up. */
    private List<Gap> gaps(boolean admin, long contacts) {
        List<Gap> gaps = new ArrayList<>();
        if (contacts == 0) {
            gaps.add(new Gap("No contacts yet: import a list (CSV or vCard) or add them one by one.", "/ui/imports",
                    "Import contacts"));
        }
        if (scoringRules.behaviourRules().isEmpty()) {
            gaps.add(new Gap("No scoring rules yet: nobody becomes marketing-qualified by what they do, so no lead"
                    + " reaches sales on its own.", "/ui/scoring", "Add scoring rules"));
        }
        if (users.list().stream().noneMatch(u -> u.role() == Role.SALES && u.enabled())) {
            gaps.add(new Gap("No sales rep yet: a lead that becomes marketing-qualified has nobody to go to.",
                    admin ? "/ui/settings/users" : null, "Add a sales rep"));
        }
        if (notifications.transport().host() == null) {
            gaps.add(new Gap("No mail server is set: emails are kept in the outbox, not sent.",
                    admin ? "/ui/settings/mail" : null, "How mail leaves"));
        }
        users.current().filter(u -> u.email() == null).ifPresent(u -> gaps.add(new Gap("You have no email address:"
                + " alerts and escalations for you cannot reach you by email.", admin ? "/ui/settings/users" : null,
                "Add your email")));
        return gaps;
    }

    /**
     * A sales manager's team: each of their reps' hand-offs (and their own) as the report counts them, and the leads
     * the team (they and their reps) has open now, the overdue first, so they need not wait for the one alert after a lead has lapsed.
     */
    private void team(Model model) {
        List<Long> team = handoffs.team();
        if (team.size() < 2) {
            return;
        }
        model.addAttribute("reps", handoffs.report(analytics.lastWeeks().from()).byRep());
        model.addAttribute("teamFigures", analytics.handoffWeeks(analytics.lastWeeks(), team));
        // Their own leads too, as the table below counts them.
        List<Handoff> open = handoffs.listOf(HandoffState.OPEN, team, null, null, TEAM_LEADS).items().stream()
                .sorted(Comparator.comparing(Handoff::overdue).reversed()
                        .thenComparing(Handoff::dueAt, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
        Map<Long, Contact> found = contacts.getAll(open.stream().map(Handoff::contactId).toList());
        Map<Long, String> names = users.list().stream().collect(Collectors.toMap(User::id, User::displayName));
        // The deadline in words on the viewer's clock, as My day and the contact's page say it.
        model.addAttribute("teamLeads", open.stream().map(h -> new TeamLead(h,
                found.containsKey(h.contactId()) ? (found.get(h.contactId())).name() : EntityNames.GONE_CONTACT,
                names.get(h.repId()), h.dueAt() == null ? null : when.said(h.dueAt()))).toList());
    }

    private static Velocity velocity(StageVelocity.StageTime time, Map<Stage, String> labels) {
        String wentTo = time.conversionTo().entrySet().stream()
                .sorted(Map.Entry.<Stage, Double>comparingByValue().reversed())
                .map(e -> labels.get(e.getKey()) + " " + Words.percent(e.getValue()))
                .collect(Collectors.joining(", "));
        return new Velocity(time, wentTo.isEmpty() ? "–" : wentTo);
    }

    private static Map<String, Object> handoffSeries(HandoffWeeks weeks) {
        Map<String, Object> series = new LinkedHashMap<>();
        series.put("weeks", weeks.weeks().stream().map(w -> w.start().toString()).toList());
        series.put("MQLs", weeks.weeks().stream().map(HandoffWeeks.Week::mqls).toList());
        series.put("handed off", weeks.weeks().stream().map(HandoffWeeks.Week::handedOff).toList());
        series.put("accepted", weeks.weeks().stream().map(HandoffWeeks.Week::accepted).toList());
        series.put("rejected", weeks.weeks().stream().map(HandoffWeeks.Week::rejected).toList());
        return series;
    }

    private static Map<String, Object> touchSeries(TouchWeeks weeks) {
        Map<String, Object> series = new LinkedHashMap<>();
        series.put("weeks", weeks.weeks().stream().map(w -> w.start().toString()).toList());
        series.put("sent", weeks.weeks().stream().map(TouchWeeks.Week::sent).toList());
        // The chart's legend names each reason in the words the table below uses.
        series.put("reasons", weeks.reasons().stream().map(Words::suppressed).toList());
        Map<String, List<Long>> suppressed = new LinkedHashMap<>();
        for (String reason : weeks.reasons()) {
            suppressed.put(Words.suppressed(reason), weeks.weeks().stream()
                    .map(w -> w.suppressedBy().getOrDefault(reason, 0L)).toList());
        }
        series.put("suppressed", suppressed);
        return series;
    }

}
