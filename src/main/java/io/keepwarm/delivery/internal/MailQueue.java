package io.keepwarm.delivery.internal;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Contacts;
import io.keepwarm.contact.Validity;
import io.keepwarm.delivery.QuietHours;
import io.keepwarm.platform.Chunks;
import io.keepwarm.platform.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The outbox seen as the SMTP sender's work queue: claims with a lease, outcomes, and leases that ran out. */
@Component
class MailQueue {

    /**
     * A claimed message, everything the sender needs to write it.
     *
     * @param language the tag of the language it is written in ("de"), null when not known
     * @param owner the contact owner's address it was to come from, when it goes from the account's sender instead
     *     (the server refused the owner's); null otherwise
     */
    record Queued(long id, Long touchId, long contactId, String to, String fromAddress, String fromName, String subject,
            String html, String text, String unsubscribeUrl, String messageId, int attempts, String language,
            String owner) {

        /** The same message from the account's sender, in place of the owner it was to come from. */
        Queued from(String address, String name) {
            return new Queued(id, touchId, contactId, to, address, name, subject, html, text, unsubscribeUrl, messageId,
                    attempts, language, fromAddress);
        }

        /** The same message to another address. */
        Queued to(String address) {
            return new Queued(id, touchId, contactId, address, fromAddress, fromName, subject, html, text, unsubscribeUrl,
                    messageId, attempts, language, owner);
        }
    }

    private static final String COLUMNS = """
            id, touch_id, contact_id, to_address, from_address, from_name, subject, html, text, unsubscribe_url, message_id,
            attempts, language""";

    /**
     * How long the engine's word that a program's email may go now holds: one still in the queue a minute after it was
     * handed over has waited (a retry, a pause of the mail server, a backlog) and keeps the contact's quiet hours anew.
     * Any sooner, and an email the engine let go at 19:59 would wait for Monday over a second's slip.
     */
    static final Duration WAITED = Duration.ofMinutes(1);

    private final JdbcClient jdbc;
    private final Contacts contacts;
    private final QuietHours quietHours;
    /** Counted as the outcomes are written, in their transaction: one that cannot commit is counted all the same. */
    private final MailMetrics metrics;

    MailQueue(JdbcClient jdbc, Contacts contacts, QuietHours quietHours, MailMetrics metrics) {
        this.jdbc = jdbc;
        this.contacts = contacts;
        this.quietHours = quietHours;
        this.metrics = metrics;
    }

    /**
     * Messages left SENDING past their lease were in flight when a sender stopped: whether they arrived is unknown,
     * so they wait for a person instead of going out twice.
     */
    int expireLeases(Instant now) {
        return jdbc.sql("""
                UPDATE outbox_messages SET status = 'IN_DOUBT', lease_until = NULL,
                       last_error = 'in flight when the sender stopped; it may or may not have been delivered'
                 WHERE status = 'SENDING' AND lease_until < ?""").param(Timestamps.of(now)).update();
    }

    /**
     * What a claim took: the messages to send, those withheld (see {@link #withhold}), and how many due messages it
     * locked in all, these and the ones it put back for their contact's quiet hours (see {@link #take}). A claim that
     * locked some and sends none has not reached the end of the queue: those it put back are due no more.
     */
    record Claimed(List<Queued> toSend, List<Withheld> withheld, int locked) {}

    /** A message not sent, and why, as the pressure policy names it (SUPPRESSED, CONSENT_WITHDRAWN, …). */
    record Withheld(Queued message, String reason) {}

    /**
     * Locks due messages (skipping those another sender holds) and leases them, after withholding those whose contact
     * may no longer be emailed (see {@link #withhold}) and putting back those that would arrive in their contact's
     * quiet hours (see {@link #take}); call inside a transaction.
     */
    Claimed claim(Instant now, int limit, Duration lease) {
        Map<Long, Times> times = new HashMap<>();
        List<Queued> due = jdbc.sql("SELECT " + COLUMNS + """
                        , stale_at, created_at FROM outbox_messages WHERE status = 'QUEUED' AND next_attempt_at <= ?
                        ORDER BY next_attempt_at, id FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED""")
                .params(Timestamps.of(now), limit).query(timed(times)).list();
        return take(due, times, now, lease);
    }

    /**
     * A queued message's times: when its touch stops being worth sending (a program's touch has one; an email the
     * contact asked for, a confirmation or a person's resend has none) and when it was handed over.
     */
    private record Times(Instant staleAt, Instant createdAt) {

        boolean stale(Instant at) {
            return staleAt != null && at.isAfter(staleAt);
        }

        /** A program's email still in the queue well after the engine let it go: it keeps quiet hours anew. */
        boolean waited(Instant now) {
            return staleAt != null && !now.isBefore(createdAt.plus(WAITED));
        }
    }

    /**
     * Withholds what must not go any more, puts back until the contact's next allowed moment a program's email that
     * waited into their quiet hours (after an SMTP failure or an outage, a retry must not arrive at 03:00 on a Sunday),
     * and leases the rest, each to its contact's address as it is now: a message queued before the contact's address
     * changed goes to the new one, as the contact's own choice.
     */
    private Claimed take(List<Queued> locked, Map<Long, Times> times, Instant now, Duration lease) {
        Map<Long, Contacts.Reachability> reachability = new HashMap<>();
        contacts.reachability(locked.stream().map(Queued::contactId).distinct().toList())
                .forEach(r -> reachability.put(r.contactId(), r));
        QuietHours.Email hours = times.values().stream().anyMatch(t -> t.waited(now)) ? quietHours.email() : null;
        List<Withheld> withheld = new ArrayList<>();
        Map<Instant, List<Long>> held = new TreeMap<>();
        List<Queued> toSend = new ArrayList<>(locked.size());
        for (Queued message : locked) {
            Contacts.Reachability contact = reachability.get(message.contactId());
            Times t = times.get(message.id());
            String reason = contact == null ? "CONTACT_GONE" : t.stale(now) ? "STALE" : reason(contact);
            Instant allowed = reason == null && t.waited(now) ? hours.nextAllowed(contact.timeZone(), contact.country(), now) : now;
            if (reason == null && allowed == null) {
                reason = "UNKNOWN_TIME_ZONE";
            } else if (reason == null && t.stale(allowed)) {
                reason = "STALE";
            }
            if (reason != null) {
                withheld.add(new Withheld(message, reason));
            } else if (allowed.isAfter(now)) {
                held.computeIfAbsent(allowed, at -> new ArrayList<>()).add(message.id());
            } else if (!contact.email().equals(message.to())) {
                jdbc.sql("UPDATE outbox_messages SET to_address = ? WHERE id = ?").params(contact.email(), message.id())
                        .update();
                toSend.add(message.to(contact.email()));
            } else {
                toSend.add(message);
            }
        }
        withhold(withheld);
        held.forEach(this::holdUntil);
        lease(toSend.stream().map(Queued::id).toList(), now.plus(lease));
        return new Claimed(toSend, withheld, locked.size());
    }

    /**
     * Queued on, untried, until the contact's next allowed moment, always after the claim's now: a drain's next claim
     * does not lock them again.
     */
    private void holdUntil(Instant at, List<Long> ids) {
        for (var chunk : Chunks.of(ids, 1000)) {
            jdbc.sql("UPDATE outbox_messages SET next_attempt_at = :at WHERE id IN (:ids)")
                    .param("at", Timestamps.of(at)).param("ids", chunk).update();
        }
    }

    /**
     * Marks WITHHELD the messages whose contact may no longer be emailed, by the hard gates the pressure policy plans
     * with: the contact's address is on the suppression list, email consent was withdrawn, the contact is marked
     * do-not-contact by email, or the address is not valid (bounced, say), or the contact is gone. Whatever changed
     * before a message goes out wins, also when it waited in the queue: a retry hours later, a resend a person decided
     * days later. A confirmation email (double opt-in) is held to the same gates, as its request was: nobody is asked
     * to confirm an address they may not be mailed at.
     */
    private void withhold(List<Withheld> withheld) {
        for (Withheld w : withheld) {
            jdbc.sql("UPDATE outbox_messages SET status = 'WITHHELD', lease_until = NULL, last_error = ? WHERE id = ?")
                    .params("not sent: " + WHY.get(w.reason()), w.message().id()).update();
        }
    }

    private static final Map<String, String> WHY = Map.of(
            "SUPPRESSED", "the address is on the suppression list",
            "CONSENT_WITHDRAWN", "the contact withdrew email consent after it was queued",
            "DO_NOT_CONTACT", "the contact was marked do-not-contact by email after it was queued",
            "INVALID_ADDRESS", "the contact's address was marked not valid (bounced, unreachable or left) after it was"
                    + " queued",
            "CONTACT_GONE", "the contact no longer exists",
            "STALE", "it waited in the queue past the time its touch was worth sending",
            "UNKNOWN_TIME_ZONE", "it waited in the queue, and the contact's time zone is unknown while the allowed hours"
                    + " leave no moment allowed in every zone");

    /** The first gate that holds, in the pressure policy's order. */
    private static String reason(Contacts.Reachability contact) {
        if (contact.suppressed()) {
            return "SUPPRESSED";
        }
        if (contact.consent().get(Channel.EMAIL) == ConsentState.WITHDRAWN) {
            return "CONSENT_WITHDRAWN";
        }
        if (contact.doNotContact().contains(Channel.EMAIL)) {
            return "DO_NOT_CONTACT";
        }
        return contact.validity() == Validity.VALID ? null : "INVALID_ADDRESS";
    }

    /** Locks and leases one message if it is still queued (withheld as {@link #claim} does); call inside a transaction. */
    Claimed claimOne(long id, Instant now, Duration lease) {
        Map<Long, Times> times = new HashMap<>();
        List<Queued> one = jdbc.sql("SELECT " + COLUMNS + ", stale_at, created_at FROM outbox_messages WHERE id = ?"
                        + " AND status = 'QUEUED' FOR UPDATE SKIP LOCKED").param(id).query(timed(times)).list();
        return take(one, times, now, lease);
    }

    /** Takes the lease of messages still being sent on until then. */
    void renewLeases(List<Long> ids, Instant until) {
        for (var chunk : Chunks.of(ids, 1000)) {
            jdbc.sql("UPDATE outbox_messages SET lease_until = :until WHERE id IN (:ids) AND status = 'SENDING'")
                    .param("until", Timestamps.of(until)).param("ids", chunk).update();
        }
    }

    private void lease(List<Long> ids, Instant until) {
        for (var chunk : Chunks.of(ids, 1000)) {
            jdbc.sql("UPDATE outbox_messages SET status = 'SENDING', lease_until = :until, attempts = attempts + 1 WHERE id IN (:ids)")
                    .param("until", Timestamps.of(until)).param("ids", chunk).update();
        }
    }

    /** One statement per thousand messages, not one per message. */
    void sent(List<Long> ids, Instant at) {
        for (var chunk : Chunks.of(ids, 1000)) {
            metrics.sent(jdbc.sql("""
                    UPDATE outbox_messages SET status = 'SENT', sent_at = :at, lease_until = NULL, last_error = NULL
                     WHERE id IN (:ids) AND status = 'SENDING'""").param("at", Timestamps.of(at)).param("ids", chunk)
                    .update());
        }
    }

    void retry(long id, Instant at, String error) {
        jdbc.sql("""
                UPDATE outbox_messages SET status = 'QUEUED', next_attempt_at = ?, lease_until = NULL, last_error = ?
                 WHERE id = ? AND status = 'SENDING'""").params(Timestamps.of(at), clip(error), id).update();
    }

    /**
     * Back to the queue until {@code at} without counting the try: the server refused us, not these messages, so
     * however long that lasts they keep every attempt for what their recipients' servers may answer.
     */
    void postpone(List<Long> ids, Instant at, String error) {
        for (var chunk : Chunks.of(ids, 1000)) {
            jdbc.sql("""
                    UPDATE outbox_messages SET status = 'QUEUED', next_attempt_at = :at, lease_until = NULL,
                           attempts = attempts - 1, last_error = :error
                     WHERE id IN (:ids) AND status = 'SENDING'""")
                    .param("at", Timestamps.of(at)).param("error", clip(error)).param("ids", chunk).update();
        }
    }

    /** Back to the queue as they were, due as before and the try not counted: a stop came before their turn. */
    void putBack(List<Long> ids) {
        for (var chunk : Chunks.of(ids, 1000)) {
            jdbc.sql("""
                    UPDATE outbox_messages SET status = 'QUEUED', lease_until = NULL, attempts = attempts - 1
                     WHERE id IN (:ids) AND status = 'SENDING'""").param("ids", chunk).update();
        }
    }

    /**
     * The messages a relay's pause put back until {@code until} ({@link #postpone}) are due now: the pause was met
     * under mail settings since changed. Returns how many.
     */
    int releasePostponed(Instant until, Instant now) {
        return jdbc.sql("""
                UPDATE outbox_messages SET next_attempt_at = ? WHERE status = 'QUEUED' AND next_attempt_at = ?""")
                .params(Timestamps.of(now), Timestamps.of(until)).update();
    }

    /** The sender a message went with, when it was not the one it was queued with. */
    void sentFrom(long id, String address, String name) {
        jdbc.sql("UPDATE outbox_messages SET from_address = ?, from_name = ? WHERE id = ?").params(address, name, id)
                .update();
    }

    /** The server may have taken the message as its connection broke: a person decides, as after a stopped sender. */
    void inDoubt(long id, String error) {
        jdbc.sql("UPDATE outbox_messages SET status = 'IN_DOUBT', lease_until = NULL, last_error = ? WHERE id = ? AND status = 'SENDING'")
                .params(clip(error), id).update();
    }

    void failed(long id, String error) {
        if (jdbc.sql("UPDATE outbox_messages SET status = 'FAILED', lease_until = NULL, last_error = ? WHERE id = ? AND status = 'SENDING'")
                .params(clip(error), id).update() > 0) {
            metrics.failed();
        }
    }

    /**
     * A person's decision about a message in doubt; false when the message is not in doubt. A resend is the person's
     * own choice, however late: it is not withheld as stale (the other gates still hold).
     */
    boolean resolve(long id, boolean resend, Instant now) {
        return (resend
                ? jdbc.sql("""
                        UPDATE outbox_messages SET status = 'QUEUED', next_attempt_at = ?, stale_at = NULL,
                               last_error = 'sent again by a person'
                         WHERE id = ? AND status = 'IN_DOUBT'""").params(Timestamps.of(now), id)
                : jdbc.sql("""
                        UPDATE outbox_messages SET status = 'SENT', sent_at = ?, last_error = 'counted as sent by a person'
                         WHERE id = ? AND status = 'IN_DOUBT'""").params(Timestamps.of(now), id)).update() == 1;
    }

    /**
     * A person's decision about many messages in doubt at once: those of {@code ids} still in doubt are decided as
     * {@link #resolve} decides one (locked first, so two people deciding together each decide a message once); the
     * ids decided, in order. Messages that fell in doubt after the person's list was read are not among the ids,
     * so they are left for a decision of their own.
     */
    List<Long> resolveAll(List<Long> ids, boolean resend, Instant now) {
        List<Long> decided = new java.util.ArrayList<>();
        for (int from = 0; from < ids.size(); from += 1000) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 1000));
            List<Long> inDoubt = jdbc.sql("""
                    SELECT id FROM outbox_messages WHERE id IN (:ids) AND status = 'IN_DOUBT' ORDER BY id FOR UPDATE""")
                    .param("ids", chunk).query(Long.class).list();
            if (inDoubt.isEmpty()) {
                continue;
            }
            (resend
                    ? jdbc.sql("""
                            UPDATE outbox_messages SET status = 'QUEUED', next_attempt_at = :now, stale_at = NULL,
                                   last_error = 'sent again by a person'
                             WHERE id IN (:ids) AND status = 'IN_DOUBT'""")
                    : jdbc.sql("""
                            UPDATE outbox_messages SET status = 'SENT', sent_at = :now,
                                   last_error = 'counted as sent by a person'
                             WHERE id IN (:ids) AND status = 'IN_DOUBT'"""))
                    .param("now", Timestamps.of(now)).param("ids", inDoubt).update();
            decided.addAll(inDoubt);
        }
        return decided;
    }

    private static String clip(String error) {
        return error == null || error.length() <= 1000 ? error : error.substring(0, 1000);
    }

    /** Reads queued messages with their {@link Times} (the columns after {@link #COLUMNS}), noted by message. */
    private static org.springframework.jdbc.core.RowMapper<Queued> timed(Map<Long, Times> times) {
        return (rs, n) -> {
            Queued message = queued(rs, n);
            times.put(message.id(), new Times(Timestamps.read(rs, "stale_at"), Timestamps.read(rs, "created_at")));
            return message;
        };
    }

    private static Queued queued(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Queued(rs.getLong(1), rs.getObject(2, Long.class), rs.getLong(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                rs.getInt(12), rs.getString(13), null);
    }
}
