package io.keepwarm.delivery;

import java.time.Instant;

/**
 * When a nurture email may arrive in its contact's local time, as the account's pressure policy says. The engine keeps
 * that policy and provides this; the SMTP queue asks it for a program's email that waited in the queue (a retry, a
 * pause of the mail server), so that the wait does not carry it into the contact's night or weekend.
 */
public interface QuietHours {

    /** The policy's allowed hours for email as they are now, read once for a batch of messages. */
    Email email();

    /** Allowed hours for email, as read. */
    @FunctionalInterface
    interface Email {

        /**
         * The earliest instant at or after {@code at} when an email may arrive in the zone named, taking a missing or
         * unknown zone as strictly as the engine plans with it (on every clock of the contact's country, if it is
         * known); null when no such instant comes within a fortnight.
         */
        Instant nextAllowed(String zone, String country, Instant at);
    }
}
