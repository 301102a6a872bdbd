package io.keepwarm.handoff.internal;

import io.keepwarm.contact.Contact;
import io.keepwarm.handoff.Handoff;
import io.keepwarm.handoff.Territory;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Chooses the rep for a hand-off, among enabled SALES users who are not away: the contact's owner (the same caller as
 * before), else the most specific territory rules that fit the contact (their reps in turn), else the weighted
 * round-robin.
 */
@Component
public class RepChoice {

    /** The rep and the rule that chose them. */
    public record Choice(long repId, Handoff.ChosenBy by) {}

    private final Users users;
    private final TerritoryStore territories;
    private final Rotation rotation;

    RepChoice(Users users, TerritoryStore territories, Rotation rotation) {
        this.users = users;
        this.territories = territories;
        this.rotation = rotation;
    }

    /** The reps who may take a hand-off now and the territory rules, read once for a batch of hand-offs. */
    public record Reps(Map<Long, User> available, List<Territory> territories) {

        public boolean none() {
            return available.isEmpty();
        }
    }

    /** The enabled SALES users who are not away, never one of the excluded, with the territory rules. */
    public Reps reps(Set<Long> excluded) {
        Map<Long, User> available = users.list().stream()
                .filter(u -> u.role() == Role.SALES && u.enabled() && !u.away() && !excluded.contains(u.id()))
                .collect(Collectors.toMap(User::id, Function.identity()));
        return new Reps(available, available.isEmpty() ? List.of() : territories.all());
    }

    /** The rep for the contact, never one of the excluded; empty when no rep is available at all. */
    public Optional<Choice> choose(Contact contact, Set<Long> excluded) {
        return choose(contact, reps(excluded));
    }

    /** The rep for the contact among these; empty when none of them is available. */
    public Optional<Choice> choose(Contact contact, Reps reps) {
        Map<Long, User> available = reps.available();
        if (available.isEmpty()) {
            return Optional.empty();
        }
        if (contact.ownerId() != null && available.containsKey(contact.ownerId())) {
            return Optional.of(new Choice(contact.ownerId(), Handoff.ChosenBy.OWNER));
        }
        List<Territory> fitting = reps.territories().stream()
                .filter(t -> fits(t, contact) && available.containsKey(t.repId())).toList();
        if (!fitting.isEmpty()) {
            // The most specific rules win; several reps covering the same territory share its leads in turn.
            int most = fitting.stream().mapToInt(RepChoice::specificity).max().orElseThrow();
            List<User> covering = fitting.stream().filter(t -> specificity(t) == most).map(Territory::repId).distinct()
                    .sorted().map(available::get).toList();
            return Optional.of(new Choice(covering.size() == 1 ? covering.getFirst().id()
                    : rotation.nextInTerritory(covering).id(), Handoff.ChosenBy.TERRITORY));
        }
        List<User> rotating = available.values().stream().filter(u -> u.weight() > 0)
                .sorted(Comparator.comparingLong(User::id)).toList();
        return rotating.isEmpty() ? Optional.empty()
                : Optional.of(new Choice(rotation.next(rotating).id(), Handoff.ChosenBy.ROUND_ROBIN));
    }

    private static boolean fits(Territory rule, Contact contact) {
        String industry = contact.company() == null ? null : contact.company().industry();
        return (rule.region() == null || same(rule.region(), contact.region()) || same(rule.region(), contact.country()))
                && (rule.industry() == null || same(rule.industry(), industry));
    }

    private static int specificity(Territory rule) {
        return (rule.region() == null ? 0 : 1) + (rule.industry() == null ? 0 : 1);
    }

    private static boolean same(String rule, String value) {
        return value != null && rule.equals(value.strip().toLowerCase(Locale.ROOT));
    }
}
