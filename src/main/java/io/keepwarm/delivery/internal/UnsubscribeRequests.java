package io.keepwarm.delivery.internal;

import io.keepwarm.activity.Activities;
import io.keepwarm.activity.Activity;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.contact.Contacts;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Unsubscribe requests that arrive by email, through the {@code List-Unsubscribe} mailto. Each must prove which
 * message it came from, as the one-click link's signed token does: its subject is the one the mailto gives
 * ({@code unsubscribe touch.N.R@domain}), or it is written to the unsubscribe address in reply to one of our messages
 * (In-Reply-To or References) that was sent to its sender. The Message-ID carries 128 random bits only its recipient
 * saw, so it names the contact as surely as the signed token. Either withdraws the contact's email consent as the
 * one-click link does.
 *
 * <p>A message to the unsubscribe address that names none of our messages is not acted on, even from a contact's
 * address: From is not authenticated, and anyone holding a list of addresses could withdraw every one of them, which
 * only the prospect can grant back. It is logged and stays unread in the reply mailbox for a person, who withdraws
 * the contact's email consent on their page when it was them.
 */
@Component
class UnsubscribeRequests {

    private static final Logger log = LoggerFactory.getLogger(UnsubscribeRequests.class);

    private static final Pattern SUBJECT =
            Pattern.compile("(?i)\\s*unsubscribe\\s+<?(touch\\.\\d{1,19}\\.[0-9a-f]{32}@[^<>\\s]{1,255})>?\\s*");

    private final MailSettings settings;
    private final JdbcClient jdbc;
    private final Contacts contacts;
    private final Consents consents;
    private final Activities activities;
    private final TransactionTemplate transactions;
    private final Clock clock;

    UnsubscribeRequests(MailSettings settings, JdbcClient jdbc, Contacts contacts, Consents consents,
            Activities activities, TransactionTemplate transactions, Clock clock) {
        this.settings = settings;
        this.jdbc = jdbc;
        this.contacts = contacts;
        this.consents = consents;
        this.activities = activities;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** The contact this message asks to unsubscribe, if it is an unsubscribe request. */
    Optional<Long> contactAsking(MimeMessage message) throws MessagingException {
        Matcher subject = SUBJECT.matcher(message.getSubject() == null ? "" : message.getSubject());
        if (subject.matches()) {
            Optional<Long> named = jdbc.sql("SELECT contact_id FROM outbox_messages WHERE message_id = ?")
                    .param("<" + subject.group(1) + ">").query(Long.class).optional();
            if (named.isPresent()) {
                return named;
            }
        }
        if (!addressedToUnsubscribe(message)) {
            return Optional.empty();
        }
        Address[] from = message.getFrom();
        if (from == null || from.length != 1 || !(from[0] instanceof InternetAddress sender)) {
            return Optional.empty();
        }
        String address = sender.getAddress().toLowerCase(Locale.ROOT);
        Optional<Long> answered = answeredTo(message, address);
        if (answered.isEmpty()) {
            contacts.findIdByEmail(address).ifPresent(contact -> log.warn("An email to the unsubscribe address {}"
                    + " from the address of contact {} names no message of ours, and anyone can write any From: it"
                    + " is not acted on, and their email consent is unchanged. It stays unread in the reply mailbox:"
                    + " if it was them, withdraw their email consent on the contact's page",
                    settings.unsubscribeAddress(), contact));
        }
        return answered;
    }

    /** The contact one of our messages went to, when the request answers it and comes from the address it went to. */
    private Optional<Long> answeredTo(MimeMessage message, String sender) throws MessagingException {
        // Only the random form proves who it went to: the old form can be guessed from its touch's number.
        List<String> named = MessageIds.answered(message, MessageIds.RANDOM);
        if (named.isEmpty()) {
            return Optional.empty();
        }
        return jdbc.sql("""
                SELECT contact_id FROM outbox_messages WHERE message_id IN (:ids) AND LOWER(to_address) = :sender
                 ORDER BY id FETCH FIRST 1 ROWS ONLY""")
                .param("ids", named).param("sender", sender).query(Long.class).optional();
    }

    /** Withdraws the contact's email consent, with the request as evidence; nothing when it is withdrawn already. */
    void withdraw(long contactId, MimeMessage request) throws MessagingException {
        String form = clip("List-Unsubscribe mailto (" + settings.unsubscribeAddress() + ")", 200);
        String text = clip("email " + request.getMessageID() + ": " + request.getSubject(), 2000);
        transactions.executeWithoutResult(tx -> {
            if (consents.recordIfChanged(contactId, new Consents.Statement(Channel.EMAIL, ConsentState.WITHDRAWN,
                    "unsubscribe email", new Consents.Evidence(form, null, text)))) {
                activities.record(List.of(new Activity(contactId, ActivityType.UNSUBSCRIBED, clock.instant(),
                        Channel.EMAIL, form)));
            }
        });
    }

    private boolean addressedToUnsubscribe(MimeMessage message) throws MessagingException {
        if (settings.unsubscribeAddress() == null) {
            return false;
        }
        for (Message.RecipientType type : List.of(Message.RecipientType.TO, Message.RecipientType.CC)) {
            Address[] recipients = message.getRecipients(type);
            for (Address recipient : recipients == null ? new Address[0] : recipients) {
                if (recipient instanceof InternetAddress a
                        && settings.unsubscribeAddress().equalsIgnoreCase(a.getAddress())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String clip(String s, int length) {
        return s.length() <= length ? s : s.substring(0, length);
    }
}
