package io.keepwarm.delivery.internal;

import io.keepwarm.activity.Activities;
import io.keepwarm.activity.Activity;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.contact.Contacts;
import io.keepwarm.contact.SuppressionList;
import io.keepwarm.contact.Validity;
import io.keepwarm.delivery.EmailFailed;
import io.keepwarm.platform.Hashes;
import io.keepwarm.platform.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What an email provider reports after delivery, applied once per provider event id: a hard bounce marks the address
 * bounced, a complaint withdraws email consent, suppresses the address and is logged as an unsubscribe, an unsubscribe
 * withdraws email consent, and a message that failed for another reason (a policy or spam block) fails only that
 * message, leaving the address valid. A bounce or complaint is about the address the message went to: one the contact
 * has left since is suppressed, never their new one marked; a complaint about an address no contact has is suppressed
 * all the same, so that no later import mails it. A report that the message never went out fails the message it names
 * too. Soft bounces change nothing: the provider retries them.
 */
@Component
public class ProviderEvents {

    /**
     * One report, as every provider's shape is read into.
     *
     * @param undelivered the message never reached the recipient (the provider gave up on it, or did not send it)
     */
    public record Report(String eventId, Kind kind, String email, String messageId, String detail, boolean undelivered) {}

    /**
     * HARD_BOUNCE: the address does not exist. FAILED: the message failed for good, the address is fine. UNSUBSCRIBE:
     * the person unsubscribed through the provider.
     */
    public enum Kind { HARD_BOUNCE, SOFT_BOUNCE, FAILED, COMPLAINT, UNSUBSCRIBE, OTHER }

    /** What became of a batch of reports. */
    public record Applied(int applied, int duplicates, int unknownContacts) {}

    private static final Duration TOKENS_KEPT = Duration.ofMinutes(15);

    private final JdbcClient jdbc;
    private final Contacts contacts;
    private final Consents consents;
    private final SuppressionList suppressions;
    private final Activities activities;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ProviderEvents(JdbcClient jdbc, Contacts contacts, Consents consents, SuppressionList suppressions,
            Activities activities, ApplicationEventPublisher events, Clock clock) {
        this.suppressions = suppressions;
        this.activities = activities;
        this.events = events;
        this.jdbc = jdbc;
        this.contacts = contacts;
        this.consents = consents;
        this.clock = clock;
    }

    @Transactional
    public Applied apply(String provider, WebhookReader.Received received) {
        if (received.token() != null) {
            takeOnce(provider, received.token(), received.unsigned());
        }
        List<Report> reports = received.reports();
        int applied = 0;
        int duplicates = 0;
        int unknown = 0;
        for (Report report : reports) {
            Optional<Recipient> recipient = recipientOf(report);
            // The event id's row is the idempotency key: a provider's retry finds it and changes nothing.
            int inserted = jdbc.sql("""
                    INSERT INTO email_provider_events (provider, event_id, kind, contact_id, received_at)
                    VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                    .params(provider, report.eventId(), report.kind().name(),
                            recipient.map(Recipient::contactId).orElse(null), Timestamps.now(clock))
                    .update();
            if (inserted == 0) {
                duplicates++;
            } else if (recipient.isEmpty()) {
                unknown++;
                if (report.kind() == Kind.COMPLAINT && report.email() != null) {
                    // No contact has the address yet: a later import or form must not bring it in to be mailed.
                    suppressions.addComplaint(report.email(), provider);
                }
            } else {
                act(recipient.get(), provider, report);
                applied++;
            }
        }
        return new Applied(applied, duplicates, unknown);
    }

    /**
     * A token whose signature does not cover the event data (Mailgun's) is good for the data it first came with:
     * sent again with the same, as a provider's retry, the events go on to be counted duplicates; with anything
     * else, it is a replay of a captured signature and is refused. Tokens are kept a quarter of an hour, longer
     * than one stays fresh.
     */
    private void takeOnce(String provider, String token, String unsigned) {
        String payload = Hashes.sha256(unsigned);
        int taken = jdbc.sql("""
                INSERT INTO webhook_tokens (provider, token, payload, seen_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(provider, token, payload, Timestamps.now(clock)).update();
        if (taken == 0 && !payload.equals(jdbc.sql("SELECT payload FROM webhook_tokens WHERE provider = ? AND token = ?")
                .params(provider, token).query(String.class).single())) {
            throw new WebhookReader.Refused("this signature was already used with other event data: a replay", true);
        }
    }

    /**
     * Forgets the tokens too old to be fresh again, in a transaction of its own: inside a webhook's, concurrent
     * webhooks would wait on each other's deletes of the same rows.
     */
    @Transactional
    public void forgetOldTokens() {
        jdbc.sql("DELETE FROM webhook_tokens WHERE seen_at < ?").param(Timestamps.of(clock.instant().minus(TOKENS_KEPT)))
                .update();
    }

    /**
     * Whom a report is about: the contact, and the address the message it names went to, which the contact may have
     * left since; or, for a report naming no message of ours, the contact whose address it names.
     */
    private record Recipient(long contactId, String address) {}

    private Optional<Recipient> recipientOf(Report report) {
        if (report.messageId() != null) {
            Optional<Recipient> byMessage = jdbc.sql("""
                    SELECT contact_id, to_address FROM outbox_messages WHERE message_id = ?""")
                    .param(angled(report.messageId())).query((rs, n) -> new Recipient(rs.getLong(1), rs.getString(2)))
                    .optional();
            if (byMessage.isPresent()) {
                return byMessage;
            }
        }
        return report.email() == null ? Optional.empty()
                : contacts.findIdByEmail(report.email()).map(id -> new Recipient(id, report.email()));
    }

    private void act(Recipient recipient, String provider, Report report) {
        long contactId = recipient.contactId();
        String reason = clip(switch (report.kind()) {
            case HARD_BOUNCE -> "hard bounce";
            case COMPLAINT -> "not sent: a complaint";
            case UNSUBSCRIBE -> "not sent: unsubscribed";
            default -> "failed";
        } + " (" + provider + "): " + report.detail());
        boolean failed = report.undelivered() && failMessage(contactId, report, reason);
        switch (report.kind()) {
            case HARD_BOUNCE -> {
                if (!failed) {
                    contacts.markValidity(contactId, recipient.address(), Validity.BOUNCED, reason);
                }
            }
            case COMPLAINT -> {
                // Whoever reads an address the contact has left since complained about that address, not about them.
                if (contacts.hasAddress(contactId, recipient.address())) {
                    consents.record(contactId, new Consents.Statement(Channel.EMAIL, ConsentState.WITHDRAWN,
                            "complaint via " + provider, new Consents.Evidence("spam complaint", null, report.detail())));
                    // The log has no kind of its own for a spam report: it is the harshest way to unsubscribe.
                    activities.record(List.of(new Activity(contactId, ActivityType.UNSUBSCRIBED, clock.instant(),
                            Channel.EMAIL, "spam complaint at " + provider)));
                }
                contacts.suppress(contactId, recipient.address(), "COMPLAINT");
            }
            case UNSUBSCRIBE -> {
                if (consents.recordIfChanged(contactId, new Consents.Statement(Channel.EMAIL, ConsentState.WITHDRAWN,
                        "unsubscribe via " + provider, new Consents.Evidence("unsubscribe at " + provider, null,
                                report.detail())))) {
                    activities.record(List.of(new Activity(contactId, ActivityType.UNSUBSCRIBED, clock.instant(),
                            Channel.EMAIL, "unsubscribe at " + provider)));
                }
            }
            case SOFT_BOUNCE, FAILED, OTHER -> {
                // Nothing about the address: a failed message was failed above; the rest is recorded for idempotency.
            }
        }
    }

    /**
     * Fails the message the report names, through the path an SMTP refusal takes: its touch fails, and for a hard
     * bounce the address is marked. False when the report names no message of ours.
     */
    private boolean failMessage(long contactId, Report report, String reason) {
        Optional<Long[]> message = report.messageId() == null ? Optional.empty() : jdbc.sql("""
                SELECT id, touch_id FROM outbox_messages WHERE message_id = ?""").param(angled(report.messageId()))
                .query((rs, n) -> new Long[] {rs.getLong(1), rs.getObject(2, Long.class)}).optional();
        message.ifPresent(m -> {
            jdbc.sql("UPDATE outbox_messages SET status = 'FAILED', last_error = ? WHERE id = ?").params(reason, m[0])
                    .update();
            events.publishEvent(new EmailFailed(m[0], m[1], contactId, reason, report.kind() == Kind.HARD_BOUNCE));
        });
        return message.isPresent();
    }

    private static String angled(String messageId) {
        String id = messageId.strip();
        return id.startsWith("<") ? id : "<" + id + ">";
    }

    private static String clip(String s) {
        return s.length() <= 1000 ? s : s.substring(0, 1000);
    }
}
