package io.keepwarm.engine;

import io.keepwarm.contact.Contact;

/**
 * One contact behind a count of a stream's exhaustion forecast: who they are, to be looked up, and the month their
 * last piece goes out ("now", "never" and "expiring" as {@link ProgramStats#runningOut()} counts them).
 */
public record RunningOut(long contactId, String email, String firstName, String lastName, String month) {

    static RunningOut of(Contact contact, String month) {
        return new RunningOut(contact.id(), contact.email(), contact.firstName(), contact.lastName(), month);
    }

    /** A page of the contacts behind one count, and that count (-1 where it was not asked for). */
    public record Counted(long count, io.keepwarm.platform.Page<RunningOut> contacts) {}
}
