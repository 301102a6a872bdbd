package io.keepwarm.ui;

import io.keepwarm.handoff.Alerts;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.SimulatedClock;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page's shell shows: who is signed in and the navigation their role may use. */
@ControllerAdvice(basePackageClasses = PageModel.class)
class PageModel {

    private final Users users;
    private final Alerts alerts;
    private final Clock clock;
    private final When when;

    PageModel(Users users, Alerts alerts, Clock clock, When when) {
        this.users = users;
        this.alerts = alerts;
        this.clock = clock;
        this.when = when;
    }

    /**
     * The simulated clock's time, for the header of every page while one runs (null with the real clock): after an
     * admin moved it months ahead, dates in January on a day in December would otherwise puzzle everyone.
     */
    @ModelAttribute("simulatedNow")
    String simulatedNow() {
        return clock instanceof SimulatedClock ? when.local(clock.instant()) : null;
    }

    /**
     * How long the signed-in person's session lasts without a request, in seconds, for keepwarm.js to warn a minute or
     * two ahead and offer to stay signed in (WCAG 2.2.1): a form half filled would otherwise be refused when sent. Null
     * without a session.
     */
    @ModelAttribute("sessionSeconds")
    Integer sessionSeconds(HttpServletRequest request) {
        var session = request.getSession(false);
        return session == null || session.getMaxInactiveInterval() <= 0 ? null : session.getMaxInactiveInterval();
    }

    /**
     * The signed-in person as the shell shows them: their display name (their username when they have none) links to
     * their own account page.
     *
     * @param roleName their role in words, a rep who manages reps a "Sales manager" (there is no role of that name: a
     *     manager is a SALES user whom other reps have as their manager)
     * @param onAccount whether the page shown is their account page
     */
    record SignedIn(String name, Role role, String roleName, boolean onAccount) {}

    /**
     * One link of the navigation, or a group of them; current when the page shown lies under it (a group: under one of
     * its links).
     *
     * @param badge what waits there for the person (their unread alerts on "My day"); blank for nothing
     * @param items a group's links, shown when it is opened; none for a link
     */
    record NavItem(String label, String href, boolean current, String badge, List<NavItem> items) {

        public boolean group() {
            return !items.isEmpty();
        }
    }

    /** A page the navigation links to; those of one group sit together under its name. */
    private record Link(String label, String href, Set<Role> roles, String group) {

        Link(String label, String href, Set<Role> roles) {
            this(label, href, roles, null);
        }
    }

    private static final Set<Role> ALL = Set.of(Role.values());
    private static final String MY_DAY = "/ui/my-day";
    private static final String ACCOUNT = "/ui/account";
    private static final String ATTRIBUTES = "/ui/settings/attributes";
    private static final int BADGE_MAX = 9;
    private static final Set<Role> MARKETING = Set.of(Role.ADMIN, Role.MARKETER);

    // Marketing's thirteen pages side by side wrapped onto a second line at a laptop's 1280 pixels: the pages used
    // less often sit in groups. A group of one (a rep's Lists) is shown as its link.
    private static final List<Link> LINKS = List.of(
            new Link("Home", "/", ALL),
            // Everyone may get alerts (a manager hears of an overdue hand-off), and they are read on "My day".
            new Link("My day", MY_DAY, ALL),
            new Link("Contacts", "/ui/contacts", ALL),
            // A rep's decided leads, a manager's team's with the reasons and notes; marketing finds them on the dashboard,
            // its menu being full.
            new Link("Hand-offs", "/ui/handoffs", Set.of(Role.SALES)),
            // A manager's reps (away, weight) and who covers which territory, which every rep may read.
            new Link("Team", "/ui/team", Set.of(Role.SALES)),
            new Link("Segments", "/ui/segments", MARKETING, "Audience"),
            new Link("Lists", "/ui/lists", ALL, "Audience"),
            new Link("Import", "/ui/imports", MARKETING, "Audience"),
            new Link("Programs", "/ui/programs", ALL),
            new Link("Content", "/ui/content", ALL),
            new Link("Triggers", "/ui/triggers", MARKETING, "Automation"),
            new Link("Scoring", "/ui/scoring", MARKETING, "Automation"),
            new Link("Outbox", "/ui/outbox", MARKETING, "Mail"),
            new Link("Tracking", "/ui/tracking", MARKETING, "Mail"),
            new Link("Settings", "/ui/settings", Set.of(Role.ADMIN)),
            // A marketer's settings: the contacts' custom attributes, from which the pressure policy and stages are a link away.
            new Link("Settings", ATTRIBUTES, Set.of(Role.MARKETER)));

    @ModelAttribute("user")
    SignedIn user(Authentication authentication, HttpServletRequest request) {
        if (authentication == null) {
            return null;
        }
        Optional<User> found = users.findByUsername(authentication.getName());
        Role role = role(authentication);
        return new SignedIn(found.map(User::shownName).orElse(authentication.getName()), role,
                found.map(this::roleName).orElseGet(() -> Words.roleInWords(role)),
                request.getRequestURI().startsWith(ACCOUNT));
    }

    /** A user's role in words: "Sales manager" for a SALES user with reps of their own, where "Sales rep" sold them short. */
    String roleName(User user) {
        return user.role() == Role.SALES && !users.managedBy(user.id()).isEmpty() ? "Sales manager"
                : Words.roleInWords(user.role());
    }

    @ModelAttribute("nav")
    List<NavItem> nav(Authentication authentication, HttpServletRequest request) {
        Role role = authentication == null ? null : role(authentication);
        if (role == null) {
            return List.of();
        }
        String path = request.getRequestURI();
        String alertBadge = alertBadge(authentication);
        Map<String, List<NavItem>> groups = new LinkedHashMap<>();
        for (Link link : LINKS) {
            if (link.roles().contains(role)) {
                NavItem item = new NavItem(link.label(), link.href(),
                        link.href().equals("/") ? path.equals("/") : path.startsWith(link.href()),
                        link.href().equals(MY_DAY) ? alertBadge : "", List.of());
                // A link of no group is a group of its own, keyed by its address.
                groups.computeIfAbsent(link.group() == null ? link.href() : link.group(), g -> new ArrayList<>()).add(item);
            }
        }
        List<NavItem> nav = new ArrayList<>();
        groups.forEach((group, items) -> nav.add(items.size() == 1 ? items.getFirst()
                : new NavItem(group, null, items.stream().anyMatch(NavItem::current), "", List.copyOf(items))));
        return nav;
    }

    /**
     * The navigation again with the count beside "My day" read anew: an action on the page (an alert marked read) has
     * changed it since the navigation was made for the request, before the action ran.
     */
    List<NavItem> withFreshBadge(List<NavItem> nav, Authentication authentication) {
        String badge = alertBadge(authentication);
        return nav.stream().map(item -> MY_DAY.equals(item.href())
                ? new NavItem(item.label(), item.href(), item.current(), badge, item.items()) : item).toList();
    }

    private String alertBadge(Authentication authentication) {
        int unread = users.findByUsername(authentication.getName()).map(u -> alerts.unread(u.id(), BADGE_MAX + 1))
                .orElse(0);
        return unread == 0 ? "" : unread > BADGE_MAX ? BADGE_MAX + "+" : String.valueOf(unread);
    }

    /** The person's role, from the authority Spring Security gave their session ("ROLE_MARKETER"). */
    static Role role(Authentication authentication) {
        return authentication.getAuthorities().stream().map(a -> a.getAuthority())
                .filter(a -> a.startsWith("ROLE_")).map(a -> Role.valueOf(a.substring(5))).findFirst().orElse(null);
    }

    /** Whether the signed-in person is marketing (ADMIN or MARKETER): who sees the marketing figures and pages. */
    static boolean marketing(Authentication authentication) {
        Role role = authentication == null ? null : role(authentication);
        return role != null && MARKETING.contains(role);
    }
}
