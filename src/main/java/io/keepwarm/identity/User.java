package io.keepwarm.identity;

import java.time.Instant;

/**
 * A person who logs in to Keepwarm.
 *
 * @param away a sales rep who is away gets no new leads (hand-offs go past them)
 * @param weight a rep's share of the round-robin of new leads (0 takes none from it)
 * @param managerId whom an overdue hand-off of this rep escalates to; null for nobody
 * @param jobTitle and {@code phone}: how their emails and call scripts may name them (owner.title, owner.phone)
 */
public record User(long id, String username, String displayName, String email, Role role, boolean enabled,
        Instant createdAt, boolean away, int weight, Long managerId, String jobTitle, String phone) {

    /** The name a person reads: the display name, or the username where none is stored. */
    public String shownName() {
        return displayName == null || displayName.isBlank() ? username : displayName;
    }
}
