package io.keepwarm.delivery.internal;

import io.keepwarm.activity.Activities;
import io.keepwarm.activity.Activity;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.contact.Channel;
import io.keepwarm.platform.Timestamps;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads the reply mailbox over IMAP. An unsubscribe request (see {@link UnsubscribeRequests}) withdraws its contact's
 * email consent. Each reply to a nurture email becomes the contact's REPLIED activity: the reply's In-Reply-To or
 * References names the Message-ID of one of our messages ({@code <touch.N.R@domain>}, R being random), which names
 * the touch. Each reply is recorded once by its own Message-ID. What was acted on leaves the
 * mailbox; mail that answers nothing of ours stays.
 *
 * <p>Messages written before Message-IDs carried a random part ({@code <touch.N@domain>}) are answered for 60 days
 * after they were written: replies to them keep counting while they still come, and after that a touch id that another
 * installation or a restored database has used again cannot credit a stranger's reply to this contact.
 */
@Component
public class ReplyMailbox {

    /** Long enough for the replies to nurture mail to come in: they come within days, or not at all. */
    static final Duration OLD_FORM_ANSWERED = Duration.ofDays(60);

    private static final Pattern OURS = Pattern.compile("<touch\\.\\d{1,19}(\\.[0-9a-f]{32})?@[^<>\\s]{1,255}>");

    /** The touch a reply answers and the contact it was sent to. */
    private record Answered(long touchId, long contactId) {}

    private final ReplySettings settings;
    private final JdbcClient jdbc;
    private final Activities activities;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final UnsubscribeRequests unsubscribes;

    ReplyMailbox(ReplySettings settings, MailSettings mail, JdbcClient jdbc, Activities activities,
            TransactionTemplate transactions, Clock clock, UnsubscribeRequests unsubscribes) {
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
    }

    public boolean enabled() {
        return settings.host() != null;
    }

    /** Reads the mailbox once; returns how many replies it recorded. */
    public int poll() throws MessagingException {
        if (!enabled()) {
            return 0;
        }
        Properties properties = new Properties();
        properties.put("mail." + settings.protocol() + ".connectiontimeout", "10000");
        properties.put("mail." + settings.protocol() + ".timeout", "30000");
        Store store = Session.getInstance(properties).getStore(settings.protocol());
        store.connect(settings.host(), settings.port(), settings.username(), settings.password());
        int recorded = 0;
        try (store) {
            Folder folder = store.getFolder(settings.folder());
            folder.open(Folder.READ_WRITE);
            try {
                for (Message message : folder.getMessages()) {
                    Optional<Long> unsubscribing = unsubscribes.contactAsking((MimeMessage) message);
                    if (unsubscribing.isPresent()) {
                        unsubscribes.withdraw(unsubscribing.get(), (MimeMessage) message);
                        message.setFlag(Flags.Flag.DELETED, true);
                        continue;
                    }
                    Optional<Answered> answered = answered((MimeMessage) message);
                    if (answered.isPresent()) {
                        if (record((MimeMessage) message, answered.get())) {
                            recorded++;
                        }
                        message.setFlag(Flags.Flag.DELETED, true);
                    }
                }
            } finally {
                folder.close(true);
            }
        }
        return recorded;
    }

    /** The message of ours the reply names, if it names one it may answer. */
    private Optional<Answered> answered(MimeMessage message) throws MessagingException {
        List<String> named = new ArrayList<>();
        for (String header : List.of("In-Reply-To", "References")) {
            String[] values = message.getHeader(header);
            if (values != null) {
                Matcher m = OURS.matcher(String.join(" ", values));
                while (m.find() && named.size() < 50) {
                    named.add(m.group());
                }
            }
        }
        if (named.isEmpty()) {
            return Optional.empty();
        }
        Instant oldFormSince = clock.instant().minus(OLD_FORM_ANSWERED);
        return jdbc.sql("""
                SELECT touch_id, contact_id, message_id, created_at FROM outbox_messages
                 WHERE message_id IN (:ids) AND touch_id IS NOT NULL ORDER BY id""")
                .param("ids", named)
                .query((rs, n) -> {
                    Matcher ours = OURS.matcher(rs.getString(3));
                    boolean oldForm = ours.matches() && ours.group(1) == null;
                    Instant written = Timestamps.read(rs, 4);
                    return oldForm && written.isBefore(oldFormSince) ? null : new Answered(rs.getLong(1), rs.getLong(2));
                })
                .stream().filter(java.util.Objects::nonNull).findFirst();
    }

    private boolean record(MimeMessage reply, Answered answered) throws MessagingException {
        String replyId = reply.getMessageID() == null ? "touch." + answered.touchId() + "/" + reply.getSentDate()
                : reply.getMessageID();
        return Boolean.TRUE.equals(transactions.execute(tx -> {
            int inserted = jdbc.sql("""
                    INSERT INTO email_replies (message_id, contact_id, touch_id, received_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT DO NOTHING""")
                    .params(clip(replyId), answered.contactId(), answered.touchId(), Timestamps.now(clock)).update();
            if (inserted == 1) {
                activities.record(List.of(new Activity(answered.contactId(), ActivityType.REPLIED, clock.instant(),
                        Channel.EMAIL, "touch:" + answered.touchId())));
            }
            return inserted == 1;
        }));
    }

    private static String clip(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300);
    }
}
