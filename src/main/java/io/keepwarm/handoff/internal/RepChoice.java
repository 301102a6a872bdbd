package io.keepwarm.handoff.internal;

import io.keepwarm.contact.Contact;
import io.keepwarm.handoff.Handoff;
import io.keepwarm.handoff.Territory;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.Countries;
import io.keepwarm.platform.Regions;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Chooses the rep for a hand-off, among enabled SALES users who are not away: the contact's owner (the same caller as
 * before), else, for an owner who is away or a rep the lead leaves, their team (same manager), else the most specific
 * territory rules that fit the contact (their reps in turn), else the weighted round-robin: also when every rep of
 * the territories that fit is away or gone (a lead does not wait for their return), and then the choice says so.
 */
@Component
public class RepChoice {

    /**
     * The rep and the rule that chose them.
     *
     * @param note why a rule that would have chosen did not, in words for the rep; null for none
     */
    public record Choice(long repId, Handoff.ChosenBy by, String note) {

        public Choice(long repId, Handoff.ChosenBy by) {
            this(repId, by, null);
        }
    }

    private final Users users;
    private final TerritoryStore territories;
    private final Rotation rotation;

    RepChoice(Users users, TerritoryStore territories, Rotation rotation) {
        this.users = users;
        this.territories = territories;
        this.rotation = rotation;
    }

    /**
     * The reps who may take a hand-off now and the territory rules, read once for a batch of hand-offs; with every
     * user, to know whose team a rep who cannot take it is on.
     */
    public record Reps(Map<Long, User> available, List<Territory> territories, Map<Long, User> everyone) {

        public boolean none() {
            return available.isEmpty();
        }
    }

    /** The enabled SALES users who are not away, never one of the excluded, with the territory rules. */
    public Reps reps(Set<Long> excluded) {
        Map<Long, User> everyone = users.list().stream().collect(Collectors.toMap(User::id, Function.identity()));
        Map<Long, User> available = everyone.values().stream()
                .filter(u -> u.role() == Role.SALES && u.enabled() && !u.away() && !excluded.contains(u.id()))
                .collect(Collectors.toMap(User::id, Function.identity()));
        return new Reps(available, available.isEmpty() ? List.of() : territories.all(), everyone);
    }

    /** The rep for the contact, never one of the excluded; empty when no rep is available at all. */
    public Optional<Choice> choose(Contact contact, Set<Long> excluded) {
        return choose(contact, reps(excluded));
    }

    /**
     * The rep for the contact among these; empty when none of them is available. An owner who cannot take it (away)
     * has their team cover for them before the territories and the round-robin.
     */
    public Optional<Choice> choose(Contact contact, Reps reps) {
        return choose(contact, reps, contact.ownerId());
    }

    /**
     * The rep to take a lead that leaves its rep (away, gone, late, or passed on without naming anyone): the contact's
     * owner when here, else that rep's team, else as {@link #choose}; never the rep it leaves, nor any passed over.
     */
    public Optional<Choice> chooseNear(Contact contact, long from, Set<Long> passedOver) {
        return chooseNear(contact, from, passedOver, null);
    }

    /** As {@link #chooseNear(Contact, long, Set)}, among these reps only (a manager's team); null for any. */
    public Optional<Choice> chooseNear(Contact contact, long from, Set<Long> passedOver, Collection<Long> within) {
        Set<Long> excluded = new java.util.HashSet<>(passedOver);
        excluded.add(from);
        Reps reps = reps(excluded);
        if (within != null) {
            Map<Long, User> among = reps.available().entrySet().stream().filter(e -> within.contains(e.getKey()))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            reps = new Reps(among, reps.territories(), reps.everyone());
        }
        return choose(contact, reps, from);
    }

    private Optional<Choice> choose(Contact contact, Reps reps, Long near) {
        Map<Long, User> available = reps.available();
        if (available.isEmpty()) {
            return Optional.empty();
        }
        if (contact.ownerId() != null && available.containsKey(contact.ownerId())) {
            return Optional.of(new Choice(contact.ownerId(), Handoff.ChosenBy.OWNER));
        }
        Optional<Choice> teammate = near == null ? Optional.empty() : inTeamOf(reps.everyone().get(near), contact, reps);
        if (teammate.isPresent()) {
            return teammate;
        }
        Optional<Choice> territory = byTerritory(contact, available, reps.territories());
        if (territory.isPresent()) {
            return territory;
        }
        List<User> rotating = available.values().stream().filter(u -> u.weight() > 0)
                .sorted(Comparator.comparingLong(User::id)).toList();
        if (rotating.isEmpty()) {
            return Optional.empty();
        }
        String away = territoryAway(contact, reps.territories());
        return Optional.of(new Choice(rotation.next(rotating).id(), Handoff.ChosenBy.ROUND_ROBIN,
                away != null ? away : noCountry(contact, reps.territories())));
    }

    /**
     * What says territories naming the place the lead's region names would fit it, had it a country: a region is read
     * in the contact's country ("Georgia" is the US state for a US contact, the country for none), so without one only
     * a territory of the same words fits, and Keepwarm does not guess which Georgia was meant. Null when none would.
     */
    private static String noCountry(Contact contact, List<Territory> territories) {
        if (contact.region() == null || contact.region().isBlank() || Countries.iso2(contact.country()) != null) {
            return null;
        }
        String industry = contact.company() == null ? null : contact.company().industry();
        List<String> countries = Regions.places(contact.region()).stream().map(p -> p.code().substring(0, 2))
                .distinct().toList();
        List<String> wouldFit = territories.stream()
                .filter(t -> countries.stream().anyMatch(c -> t.fits(c, contact.region(), industry)))
                .map(RepChoice::describe).distinct().toList();
        return wouldFit.isEmpty() ? null : "in turn, as the contact has no country to read its region '"
                + contact.region().strip() + "' in: with its country set, a territory (" + String.join("; ", wouldFit)
                + ") would take such leads";
    }

    /** What says the lead fits territories none of whose reps is here (they are away or gone); null when none fits. */
    private static String territoryAway(Contact contact, List<Territory> territories) {
        List<String> fitting = territories.stream().filter(t -> fits(t, contact)).map(RepChoice::describe).distinct()
                .toList();
        return fitting.isEmpty() ? null : "in turn, as every rep of its territory (" + String.join("; ", fitting)
                + ") is away or gone";
    }

    /** "region DE, industry hpc": a country by its upper-case code, as the territory list shows it. */
    private static String describe(Territory rule) {
        return rule.region() == null ? "industry " + rule.industry()
                : rule.industry() == null ? "region " + rule.place()
                : "region " + rule.place() + ", industry " + rule.industry();
    }

    /**
     * A rep of the team of one who cannot take the lead, so it stays with people who know the rep's accounts and
     * answer to the same manager rather than going to another team: the team's territory rules that fit first, else
     * the rep's teammates (the same manager's reps, and their own reps) in turn by their weights, else their manager
     * or a teammate out of the round-robin (weight 0). Empty for a rep who is on no team.
     */
    private Optional<Choice> inTeamOf(User rep, Contact contact, Reps reps) {
        if (rep == null) {
            return Optional.empty();
        }
        Map<Long, User> team = reps.available().values().stream().filter(u -> sameTeam(rep, u))
                .collect(Collectors.toMap(User::id, Function.identity()));
        if (team.isEmpty()) {
            return Optional.empty();
        }
        Optional<Choice> territory = byTerritory(contact, team, reps.territories());
        if (territory.isPresent()) {
            return territory;
        }
        List<User> members = team.values().stream().sorted(Comparator.comparingLong(User::id)).toList();
        List<User> teammates = members.stream().filter(u -> u.weight() > 0 && !Long.valueOf(u.id()).equals(rep.managerId()))
                .toList();
        // A team's lead is one of the rep's leads, as a territory's is: the round-robin's place stays where it was.
        return Optional.of(new Choice(rotation.nextInTerritory(teammates.isEmpty() ? members : teammates).id(),
                Handoff.ChosenBy.TEAM));
    }

    /** Whether the other user is on the rep's team: the same manager, that manager, or one of the rep's own reps. */
    private static boolean sameTeam(User rep, User other) {
        Long manager = rep.managerId();
        return other.id() != rep.id() && (manager != null && (manager.equals(other.managerId()) || manager == other.id())
                || Long.valueOf(rep.id()).equals(other.managerId()));
    }

    private Optional<Choice> byTerritory(Contact contact, Map<Long, User> available, List<Territory> territories) {
        List<Territory> fitting = territories.stream()
                .filter(t -> fits(t, contact) && available.containsKey(t.repId())).toList();
        if (fitting.isEmpty()) {
            return Optional.empty();
        }
        // The most specific rules win; several reps covering the same territory share its leads in turn.
        int most = fitting.stream().mapToInt(Territory::specificity).max().orElseThrow();
        List<Territory> winning = fitting.stream().filter(t -> t.specificity() == most).toList();
        List<User> covering = winning.stream().map(Territory::repId).distinct().sorted().map(available::get).toList();
        if (covering.size() == 1) {
            return Optional.of(new Choice(covering.getFirst().id(), Handoff.ChosenBy.TERRITORY));
        }
        return Optional.of(new Choice(rotation.nextInTerritory(covering).id(), Handoff.ChosenBy.TERRITORY,
                shared(covering, winning)));
    }

    /**
     * What says the lead went to one of the reps who share its territory, as their rules fit it alike: "in turn among
     * Maria and Sam, whose territories (region DE; region germany) fit it alike".
     */
    private static String shared(List<User> reps, List<Territory> rules) {
        List<String> names = reps.stream().map(User::shownName).toList();
        return "in turn among " + String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.getLast()
                + ", whose territories (" + String.join("; ", rules.stream().map(RepChoice::describe).distinct().toList())
                + ") fit it alike";
    }

    private static boolean fits(Territory rule, Contact contact) {
        return rule.fits(contact.country(), contact.region(),
                contact.company() == null ? null : contact.company().industry());
    }

}
