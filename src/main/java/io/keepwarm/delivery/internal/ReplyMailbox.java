package io.keepwarm.delivery.internal;

import io.keepwarm.delivery.Notifications;

import io.keepwarm.activity.Activities;
import io.keepwarm.activity.Activity;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.contact.Channel;
import io.keepwarm.delivery.MailTroubleReported;
import io.keepwarm.delivery.ReplyReceived;
import io.keepwarm.platform.Hashes;
import io.keepwarm.platform.Timestamps;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads the reply mailbox over IMAP. A relay's bounce of a message of ours (a {@link DeliveryStatusReport}) fails it
 * as an email provider's report would, and is never a reply. An unsubscribe request (see {@link UnsubscribeRequests}) withdraws its contact's
 * email consent. Each reply to a nurture email is recorded once, by its own Message-ID, with its sender, subject and
 * the start of its text: the reply's In-Reply-To or References names the Message-ID of one of our messages
 * ({@code <touch.N.R@domain>}, R being random), which names the touch. A person's reply becomes the contact's REPLIED
 * activity and {@link ReplyReceived} (its owner is alerted to answer it); an automatic one (out of office, vacation)
 * is kept as such and is no reply.
 *
 * <p>The reader keeps, per mailbox folder, the highest UID it has read (with the folder's UIDVALIDITY), so each
 * message is read once: what it acted on is moved to the processed folder when one is configured and exists, else
 * flagged \Seen; mail that answers nothing of ours is left as it is, unread, for a person. A message that cannot be
 * read (a charset Java does not know, a broken structure) is logged and left unread for a person; the rest are read.
 * When the database fails, the reader stops before that message and reads it again next time.
 *
 * <p>Messages written before Message-IDs carried a random part ({@code <touch.N@domain>}) are answered for 60 days
 * after they were written: replies to them keep counting while they still come, and after that a touch id that another
 * installation or a restored database has used again cannot credit a stranger's reply to this contact.
 */
@Component
public class ReplyMailbox {

    private static final Logger log = LoggerFactory.getLogger(ReplyMailbox.class);

    /** Long enough for the replies to nurture mail to come in: they come within days, or not at all. */
    static final Duration OLD_FORM_ANSWERED = Duration.ofDays(60);


    /** The touch a reply answers and the contact it was sent to. */
    private record Answered(long touchId, long contactId) {}

    /** How far the reader got in a folder: UIDs are only comparable under one UIDVALIDITY. */
    private record Mark(long uidValidity, long lastUid) {}

    private final ReplySettings settings;
    private final JdbcClient jdbc;
    private final Activities activities;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final UnsubscribeRequests unsubscribes;
    private final ApplicationEventPublisher events;
    private final ProviderEvents bounces;
    private volatile boolean missingFolderTold;

    ReplyMailbox(ReplySettings settings, MailSettings mail, JdbcClient jdbc, Activities activities,
            TransactionTemplate transactions, Clock clock, UnsubscribeRequests unsubscribes,
            ApplicationEventPublisher events, ProviderEvents bounces) {
        if (mail.unsubscribeAddress() != null && settings.host() == null) {
            throw new IllegalStateException("keepwarm.mail.unsubscribe-address (KEEPWARM_MAIL_UNSUBSCRIBE_ADDRESS) is set,"
                    + " but no mailbox is read: set keepwarm.mail.replies.host (KEEPWARM_MAIL_REPLIES_HOST) and the rest of"
                    + " keepwarm.mail.replies.* to the IMAP mailbox that address delivers to, or leave the address unset"
                    + " to offer only the one-click HTTPS unsubscribe. Every way to unsubscribe a message offers must"
                    + " work");
        }
        this.unsubscribes = unsubscribes;
        this.settings = settings;
        this.jdbc = jdbc;
        this.activities = activities;
        this.transactions = transactions;
        this.clock = clock;
        this.events = events;
        this.bounces = bounces;
    }

    public boolean enabled() {
        return settings.host() != null;
    }

    /** How long the mailbox may stay unreadable before admins hear of it: a passing outage is not worth an alert. */
    static final Duration UNREADABLE_FOR = Duration.ofMinutes(30);
    /** Since when every read of the mailbox failed, this instance's; null while it reads. */
    private volatile Instant unreadableSince;
    private volatile boolean unreadableTold;
    /** When this instance last read the mailbox through, and what its last failed read said. */
    private volatile Instant lastRead;
    private volatile String trouble;

    /** The mailbox as this instance reads it, for the admins' mail settings; empty when no mailbox is configured. */
    public Optional<Notifications.Replies> state() {
        return enabled() ? Optional.of(new Notifications.Replies(settings.host() + ":" + settings.port(),
                settings.protocol(), settings.username(), settings.folder(), settings.processedFolder(), lastRead,
                unreadableSince, unreadableSince == null ? null : trouble)) : Optional.empty();
    }

    /**
     * {@link #poll} as the mail job runs it: a mailbox that stays unreadable is told to the admins once per outage, for
     * the replies it holds go unread, and so do the unsubscribe requests its address takes (List-Unsubscribe's mailto),
     * which the law and the mailbox providers expect honoured within days.
     */
    public void read() {
        try {
            poll();
            lastRead = clock.instant();
            unreadableSince = null;
            unreadableTold = false;
        } catch (MessagingException | RuntimeException e) {
            Instant now = clock.instant();
            if (unreadableSince == null) {
                unreadableSince = now;
            }
            trouble = e.getMessage();
            log.warn("Could not read the reply mailbox {}: {}", settings.host(), e.getMessage());
            if (!unreadableTold && !now.isBefore(unreadableSince.plus(UNREADABLE_FOR))) {
                unreadableTold = true;
                events.publishEvent(new MailTroubleReported("The reply mailbox " + settings.host()
                        + " cannot be read", "Keepwarm has not been able to read it since " + unreadableSince + ": "
                        + e.getMessage() + ". Until it can, replies to nurture mail are not recorded and their owners"
                        + " are not told, and unsubscribe requests sent to its address (the List-Unsubscribe mailto)"
                        + " are not acted on. Check keepwarm.mail.replies.* (host, port, user name, password, folder)."
                        + " You are told once until it is read again."));
            }
        }
    }

    /** Reads what is new in the mailbox once; returns how many replies it recorded, automatic ones included. */
    public int poll() throws MessagingException {
        if (!enabled()) {
            return 0;
        }
        Properties properties = new Properties();
        properties.put("mail." + settings.protocol() + ".connectiontimeout", "10000");
        properties.put("mail." + settings.protocol() + ".timeout", "30000");
        // Reading a message must not mark it read: what is left is left unread for a person.
        properties.put("mail." + settings.protocol() + ".peek", "true");
        Store store = Session.getInstance(properties).getStore(settings.protocol());
        store.connect(settings.host(), settings.port(), settings.username(), settings.password());
        try (store) {
            Folder folder = store.getFolder(settings.folder());
            folder.open(Folder.READ_WRITE);
            Folder processed = processedFolder(store);
            List<Message> actedOn = new ArrayList<>();
            int[] recorded = {0};
            try {
                read(folder, actedOn, recorded);
            } finally {
                try {
                    settle(folder, processed, actedOn);
                } finally {
                    folder.close(processed != null && !actedOn.isEmpty());
                }
            }
            return recorded[0];
        }
    }

    /** The messages above the mark, in UID order; the mark moves past each one read. */
    private void read(Folder folder, List<Message> actedOn, int[] recorded) throws MessagingException {
        UIDFolder uids = (UIDFolder) folder;
        long validity = uids.getUIDValidity();
        Optional<Mark> mark = mark();
        long after = mark.filter(m -> m.uidValidity() == validity).map(Mark::lastUid).orElse(0L);
        long highest = after;
        try {
            Message[] messages = uids.getMessagesByUID(after + 1, UIDFolder.LASTUID);
            FetchProfile profile = new FetchProfile();
            profile.add(UIDFolder.FetchProfileItem.UID);
            profile.add(FetchProfile.Item.ENVELOPE);
            folder.fetch(messages, profile);
            for (Message message : messages) {
                long uid = message == null ? -1 : uids.getUID(message);
                // "n:*" names the last message even when its UID is below n.
                if (uid <= after) {
                    continue;
                }
                switch (act((MimeMessage) message, uid)) {
                    case RECORDED -> {
                        recorded[0]++;
                        actedOn.add(message);
                    }
                    case ACTED -> actedOn.add(message);
                    case LEFT -> { }
                }
                highest = uid;
            }
        } finally {
            if (mark.isEmpty() || mark.get().uidValidity() != validity || highest > after) {
                mark(validity, highest);
            }
        }
    }

    private enum Done { RECORDED, ACTED, LEFT }

    private Done act(MimeMessage message, long uid) throws MessagingException {
        Optional<DeliveryStatusReport> report;
        Optional<Long> unsubscribing = Optional.empty();
        Optional<Answered> answered = Optional.empty();
        IncomingMail mail = null;
        try {
            // A bounce first: it quotes our message, and is never the contact's reply to it.
            report = DeliveryStatusReport.read(message);
            if (report.isEmpty()) {
                unsubscribing = unsubscribes.contactAsking(message);
            }
            if (report.isEmpty() && unsubscribing.isEmpty()) {
                answered = answered(message);
                mail = answered.isPresent() ? IncomingMail.read(message) : null;
            }
        } catch (DataAccessException e) {
            throw e;
        } catch (MessagingException | IOException | RuntimeException e) {
            log.warn("Message UID {} of the reply mailbox {} could not be read and is skipped; it stays there, unread,"
                    + " for a person: {}", uid, settings.mailbox(), e.toString());
            return Done.LEFT;
        }
        if (report.isPresent()) {
            return bounced(report.get()) ? Done.ACTED : Done.LEFT;
        }
        if (unsubscribing.isPresent()) {
            unsubscribes.withdraw(unsubscribing.get(), message);
            return Done.ACTED;
        }
        if (answered.isEmpty()) {
            return Done.LEFT;
        }
        return record(mail, answered.get()) ? Done.RECORDED : Done.ACTED;
    }

    /**
     * Applies a relay's report on a message of ours as an email provider's would be: a recipient it gave up on for good
     * fails the message, and marks the address bounced when the server said it does not exist. A delay changes
     * nothing: the relay is still trying. False for a report on mail not ours, which is left for a person.
     */
    private boolean bounced(DeliveryStatusReport report) {
        String messageId = report.messageId();
        // Anyone may mail the reply mailbox a report: only a Message-ID with its random part proves the message was
        // seen, where the old form (<touch.N@domain>) could be counted up to fail every message ever sent.
        if (!MessageIds.random(messageId) || jdbc.sql("SELECT COUNT(*) FROM outbox_messages WHERE message_id = ?")
                .param(messageId).query(Long.class).single() == 0) {
            return false;
        }
        DeliveryStatusReport.Failure failed = report.failure();
        if (failed != null) {
            String eventId = report.reportId() != null ? report.reportId() : messageId + " " + failed.recipient();
            ProviderEvents.Kind kind = SmtpFailure.recipientUnknown(0, failed.detail()) ? ProviderEvents.Kind.HARD_BOUNCE
                    : ProviderEvents.Kind.FAILED;
            bounces.apply("dsn", new WebhookReader.Received(List.of(new ProviderEvents.Report(
                    eventId.length() <= 200 ? eventId : Hashes.sha256(eventId), kind, failed.recipient(), messageId,
                    failed.detail(), true)), null, null));
        }
        return true;
    }

    /** The message of ours the reply names, if it names one it may answer. */
    private Optional<Answered> answered(MimeMessage message) throws MessagingException {
        List<String> named = MessageIds.answered(message, MessageIds.OURS);
        if (named.isEmpty()) {
            return Optional.empty();
        }
        Instant oldFormSince = clock.instant().minus(OLD_FORM_ANSWERED);
        return jdbc.sql("""
                SELECT touch_id, contact_id, message_id, created_at FROM outbox_messages
                 WHERE message_id IN (:ids) AND touch_id IS NOT NULL ORDER BY id""")
                .param("ids", named)
                .query((rs, n) -> {
                    Matcher ours = MessageIds.OURS.matcher(rs.getString(3));
                    boolean oldForm = ours.matches() && ours.group(1) == null;
                    Instant written = Timestamps.read(rs, 4);
                    return oldForm && written.isBefore(oldFormSince) ? null : new Answered(rs.getLong(1), rs.getLong(2));
                })
                // A list, not a stream: a JDBC stream holds its connection until it is closed.
                .list().stream().filter(Objects::nonNull).findFirst();
    }

    private boolean record(IncomingMail mail, Answered answered) {
        String replyId = mail.messageId() == null ? "touch." + answered.touchId() + "/" + mail.sent() : mail.messageId();
        Instant now = clock.instant();
        return Boolean.TRUE.equals(transactions.execute(tx -> {
            int inserted = jdbc.sql("""
                    INSERT INTO email_replies (message_id, contact_id, touch_id, received_at, automatic, from_address,
                                               subject, snippet)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                    .params(clip(replyId), answered.contactId(), answered.touchId(), Timestamps.of(now),
                            mail.automatic(), mail.from(), mail.subject(), mail.snippet())
                    .update();
            if (inserted == 1 && !mail.automatic()) {
                activities.record(List.of(new Activity(answered.contactId(), ActivityType.REPLIED, now, Channel.EMAIL,
                        "touch:" + answered.touchId())));
                events.publishEvent(new ReplyReceived(answered.contactId(), answered.touchId(), mail.from(),
                        mail.subject(), mail.snippet(), now));
            }
            return inserted == 1;
        }));
    }

    /** Moves what was acted on to the processed folder (copied, then expunged here), or flags it \Seen. */
    private static void settle(Folder folder, Folder processed, List<Message> actedOn) throws MessagingException {
        if (actedOn.isEmpty()) {
            return;
        }
        Message[] done = actedOn.toArray(Message[]::new);
        if (processed != null) {
            folder.copyMessages(done, processed);
            folder.setFlags(done, new Flags(Flags.Flag.DELETED), true);
        } else {
            folder.setFlags(done, new Flags(Flags.Flag.SEEN), true);
        }
    }

    private Folder processedFolder(Store store) throws MessagingException {
        if (settings.processedFolder() == null) {
            return null;
        }
        Folder processed = store.getFolder(settings.processedFolder());
        if (processed.exists()) {
            missingFolderTold = false;
            return processed;
        }
        if (!missingFolderTold) {
            missingFolderTold = true;
            log.warn("The reply mailbox {} has no folder '{}' (keepwarm.mail.replies.processed-folder): the replies and"
                    + " unsubscribe requests Keepwarm reads are flagged \\Seen where they are until it exists",
                    settings.mailbox(), settings.processedFolder());
        }
        return null;
    }

    private Optional<Mark> mark() {
        return jdbc.sql("SELECT uid_validity, last_uid FROM reply_mailbox_marks WHERE mailbox = ?")
                .param(settings.mailbox()).query((rs, n) -> new Mark(rs.getLong(1), rs.getLong(2))).optional();
    }

    /** Moves the mark forward (or to a new UIDVALIDITY); never back, whichever of two readers writes last. */
    private void mark(long validity, long lastUid) {
        transactions.executeWithoutResult(tx -> {
            int moved = jdbc.sql("""
                    UPDATE reply_mailbox_marks SET uid_validity = ?, last_uid = ?, updated_at = ?
                     WHERE mailbox = ? AND (uid_validity <> ? OR last_uid < ?)""")
                    .params(validity, lastUid, Timestamps.now(clock), settings.mailbox(), validity, lastUid).update();
            if (moved == 0) {
                jdbc.sql("""
                        INSERT INTO reply_mailbox_marks (mailbox, uid_validity, last_uid, updated_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT DO NOTHING""")
                        .params(settings.mailbox(), validity, lastUid, Timestamps.now(clock)).update();
            }
        });
    }

    private static String clip(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300);
    }
}
