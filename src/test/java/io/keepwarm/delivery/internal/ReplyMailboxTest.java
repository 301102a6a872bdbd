package io.keepwarm.delivery.internal;

import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import io.keepwarm.activity.Activities;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.delivery.Delivery;
import io.keepwarm.delivery.Outgoing;
import io.keepwarm.platform.SimulatedClock;
import io.keepwarm.platform.Timestamps;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.support.TransactionTemplate;

/** Replies read from the reply mailbox over IMAP become the contact's REPLIED activity, once each. */
@KeepwarmTest
class ReplyMailboxTest {

    @Autowired Api api;
    @Autowired Delivery delivery;
    @Autowired GreenMail greenMail;
    @Autowired JavaMailSenderImpl mailSender;
    @Autowired Activities activities;
    @Autowired MailSettings mail;
    @Autowired JdbcClient jdbc;
    @Autowired TransactionTemplate transactions;
    @Autowired SimulatedClock clock;

    @Test
    void aReplyToANurtureEmailIsRecordedOnceAsTheContactsReplyAndLeavesTheMailbox() throws Exception {
        String mailbox = "replies-" + ThreadLocalRandom.current().nextInt(1_000_000) + "@keepwarm.test";
        greenMail.setUser(mailbox, mailbox, "mailbox-password");
        String to = uniqueEmail("replier");
        long contact = api.createContact("{\"email\": \"" + to + "\"}");
        long touch = ThreadLocalRandom.current().nextLong(1_000_000_000L, Long.MAX_VALUE);
        delivery.send(new Outgoing.Email(touch, contact, to, "Checking in", "<p>Still interested?</p>", null, null, null,
                null));
        String ourId = delivery.messageForTouch(touch).orElseThrow().messageId();
        Instant before = clock.instant();

        send(mailbox, to, "Re: Checking in", ourId);
        send(mailbox, "someone@example.com", "Unrelated", "<other@elsewhere.example>");
        ReplyMailbox replies = new ReplyMailbox(new ReplySettings("127.0.0.1", greenMail.getImap().getPort(), mailbox,
                "mailbox-password", "imap", null), mail, jdbc, activities, transactions, clock);

        assertThat(replies.poll()).isEqualTo(1);
        assertThat(replies.poll()).as("a second read finds nothing new").isZero();

        assertThat(activities.ofTypeAfter(List.of(contact), ActivityType.REPLIED, before.minusSeconds(1)))
                .singleElement().satisfies(a -> assertThat(a.target()).isEqualTo("touch:" + touch));
        var inbox = greenMail.getManagers().getImapHostManager()
                .getInbox(greenMail.getManagers().getUserManager().getUser(mailbox));
        assertThat(inbox.getMessages()).as("mail that answers nothing of ours stays").singleElement()
                .satisfies(left -> assertThat(left.getMimeMessage().getSubject()).isEqualTo("Unrelated"));
    }

    @Test
    void aReplyQuotingOurTouchUnderAnotherInstallationsMessageIdIsNotCreditedToTheContact() throws Exception {
        String mailbox = mailbox();
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("stranger") + "\"}");
        long touch = sentTouch(contact);
        Instant before = clock.instant();

        // Staging sent its own touch with this id to someone else, who answers it.
        send(mailbox, "someone@example.com", "Re: Checking in", "<touch." + touch + "." + "0".repeat(32) + "@keepwarm.test>");
        send(mailbox, "someone@example.com", "Re: Checking in", "<touch." + touch + "@keepwarm.test>");

        assertThat(replies(mailbox).poll()).isZero();
        assertThat(activities.ofTypeAfter(List.of(contact), ActivityType.REPLIED, before.minusSeconds(1))).isEmpty();
    }

    @Test
    void aReplyToMailWrittenBeforeMessageIdsCarriedARandomPartCountsForSixtyDays() throws Exception {
        String mailbox = mailbox();
        long recent = api.createContact("{\"email\": \"" + uniqueEmail("recent") + "\"}");
        long old = api.createContact("{\"email\": \"" + uniqueEmail("old") + "\"}");
        long recentTouch = sentTouch(recent);
        long oldTouch = sentTouch(old);
        for (long touch : List.of(recentTouch, oldTouch)) {
            jdbc.sql("UPDATE outbox_messages SET message_id = ? WHERE touch_id = ?")
                    .params("<touch." + touch + "@keepwarm.test>", touch).update();
        }
        jdbc.sql("UPDATE outbox_messages SET created_at = ? WHERE touch_id = ?")
                .params(Timestamps.of(clock.instant().minus(ReplyMailbox.OLD_FORM_ANSWERED).minusSeconds(60)),
                        oldTouch).update();
        Instant before = clock.instant();

        send(mailbox, "recent@example.com", "Re: Checking in", "<touch." + recentTouch + "@keepwarm.test>");
        send(mailbox, "old@example.com", "Re: Checking in", "<touch." + oldTouch + "@keepwarm.test>");

        assertThat(replies(mailbox).poll()).isEqualTo(1);
        assertThat(activities.ofTypeAfter(List.of(recent), ActivityType.REPLIED, before.minusSeconds(1))).hasSize(1);
        assertThat(activities.ofTypeAfter(List.of(old), ActivityType.REPLIED, before.minusSeconds(1))).isEmpty();
    }

    private String mailbox() {
        String mailbox = "replies-" + ThreadLocalRandom.current().nextInt(1_000_000) + "@keepwarm.test";
        greenMail.setUser(mailbox, mailbox, "mailbox-password");
        return mailbox;
    }

    private long sentTouch(long contact) {
        long touch = ThreadLocalRandom.current().nextLong(1_000_000_000L, Long.MAX_VALUE);
        delivery.send(new Outgoing.Email(touch, contact, "x@example.com", "Checking in", "<p>Still interested?</p>",
                null, null, null, null));
        return touch;
    }

    private ReplyMailbox replies(String mailbox) {
        return new ReplyMailbox(new ReplySettings("127.0.0.1", greenMail.getImap().getPort(), mailbox,
                "mailbox-password", "imap", null), mail, jdbc, activities, transactions, clock);
    }

    private void send(String mailbox, String from, String subject, String inReplyTo) throws Exception {
        MimeMessage reply = mailSender.createMimeMessage();
        reply.setFrom(new InternetAddress(from));
        reply.setRecipient(Message.RecipientType.TO, new InternetAddress(mailbox));
        reply.setSubject(subject);
        reply.setHeader("In-Reply-To", inReplyTo);
        reply.setText("Yes, call me next week.");
        mailSender.send(reply);
    }
}
