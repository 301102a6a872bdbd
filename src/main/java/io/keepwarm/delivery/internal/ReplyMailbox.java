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
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads the reply mailbox over IMAP and records each reply to a nurture email as the contact's REPLIED activity: the
 * reply's In-Reply-To or References names our Message-ID ({@code <touch.N@domain>}), which names the touch. Each reply
 * is recorded once by its own Message-ID, then removed from the mailbox; mail that answers nothing of ours stays.
 */
@Component
public class ReplyMailbox {

    private final ReplySettings settings;
    private final JdbcClient jdbc;
    private final Activities activities;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Pattern ours;

    ReplyMailbox(ReplySettings settings, MailSettings mail, JdbcClient jdbc, Activities activities,
            TransactionTemplate transactions, Clock clock) {
        this.settings = settings;
        this.jdbc = jdbc;
        this.activities = activities;
        this.transactions = transactions;
        this.clock = clock;
        this.ours = Pattern.compile("<touch\\.(\\d{1,19})@" + Pattern.quote(mail.messageIdDomain()) + ">");
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
                    Optional<Long> touch = touchAnswered((MimeMessage) message);
                    if (touch.isPresent()) {
                        if (record((MimeMessage) message, touch.get())) {
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

    private Optional<Long> touchAnswered(MimeMessage message) throws MessagingException {
        for (String header : List.of("In-Reply-To", "References")) {
            String[] values = message.getHeader(header);
            if (values != null) {
                Matcher m = ours.matcher(String.join(" ", values));
                if (m.find()) {
                    return Optional.of(Long.parseLong(m.group(1)));
                }
            }
        }
        return Optional.empty();
    }

    private boolean record(MimeMessage reply, long touchId) throws MessagingException {
        String replyId = reply.getMessageID() == null ? "touch." + touchId + "/" + reply.getSentDate() : reply.getMessageID();
        return Boolean.TRUE.equals(transactions.execute(tx -> {
            Optional<Long> contact = jdbc.sql("SELECT contact_id FROM outbox_messages WHERE touch_id = ?").param(touchId)
                    .query(Long.class).optional();
            if (contact.isEmpty()) {
                return false;
            }
            int inserted = jdbc.sql("""
                    INSERT INTO email_replies (message_id, contact_id, touch_id, received_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT DO NOTHING""")
                    .params(clip(replyId), contact.get(), touchId, Timestamps.now(clock)).update();
            if (inserted == 1) {
                activities.record(List.of(new Activity(contact.get(), ActivityType.REPLIED, clock.instant(), Channel.EMAIL,
                        "touch:" + touchId)));
            }
            return inserted == 1;
        }));
    }

    private static String clip(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300);
    }
}
