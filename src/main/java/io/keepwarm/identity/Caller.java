package io.keepwarm.identity;

import io.keepwarm.platform.ForbiddenException;
import io.keepwarm.platform.InvalidInputException;

/**
 * Who is making the current request: their role, and the user when a person acts (an API key and the system act for
 * nobody). Work assigned to people is guarded with it: a rep acts on their own, managers and marketers on anyone's.
 *
 * @param role null for the system itself (a scheduled job)
 * @param user null for an API key or the system
 */
public record Caller(Role role, User user) {

    /** Whether the caller may act on work assigned to this user (null: to nobody). */
    public boolean mayActFor(Long assigneeId) {
        return role != Role.SALES || (user != null && assigneeId != null && user.id() == assigneeId);
    }

    /** Whether the caller is this user's manager: whom the user's overdue leads escalate to. */
    public boolean manages(User other) {
        return user != null && other != null && other.managerId() != null && other.managerId() == user.id();
    }

    /** Refuses a rep's attempt to act on another rep's work, naming what it was. */
    public void mustActFor(Long assigneeId, String what) {
        if (!mayActFor(assigneeId)) {
            throw new ForbiddenException(user == null
                    ? what + " belongs to a rep, and a SALES API key acts for no rep; log in as the rep"
                    : what + " is assigned to " + (assigneeId == null ? "nobody" : "another user (" + assigneeId + ")")
                            + "; a rep acts only on their own");
        }
    }

    /**
     * The caller's user id, for a request that says "me" or leaves {@code field} to be the caller's own; an API key has
     * none, and is told {@code otherwise}, what it may do instead: it may not have written "me" at all.
     */
    public long me(String field, String otherwise) {
        if (user == null) {
            throw InvalidInputException.field(field, "is the caller's own by default ('me'), and an API key is no"
                    + " one's: " + otherwise);
        }
        return user.id();
    }

    /** Whether the caller sees everyone's work (ADMIN, MARKETER, the system), not only their own. */
    public boolean seesAll() {
        return role != Role.SALES;
    }
}
