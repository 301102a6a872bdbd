package io.keepwarm.delivery.internal;

import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import io.keepwarm.activity.Activities;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.contact.Contacts;
import io.keepwarm.delivery.Delivery;
import io.keepwarm.delivery.Outgoing;
import io.keepwarm.platform.SimulatedClock;
import io.keepwarm.platform.Timestamps;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The reply mailbox read over IMAP: replies become the contact's REPLIED activity, once each; unsubscribe requests
 * sent through the List-Unsubscribe mailto withdraw the contact's email consent.
 */
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
    @Autowired Consents consents;
    @Autowired Contacts contacts;
    @Autowired MailQueue queue;
    @Autowired UnsubscribeRequests unsubscribes;
    @Autowired ApplicationEventPublisher events;

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
        ReplyMailbox replies = replies(mailbox);

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

    @Test
    void anUnsubscribeRequestSentThroughTheListUnsubscribeMailtoWithdrawsEmailConsentAsTheOneClickLinkDoes()
            throws Exception {
        String mailbox = mailbox();
        MailSettings withMailto = withUnsubscribeAddress(mailbox);
        String to = uniqueEmail("mailto");
        long contact = api.createContact("{\"email\": \"" + to + "\"}");
        consents.record(contact, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "web form", null));
        long touch = ThreadLocalRandom.current().nextLong(1_000_000_000L, Long.MAX_VALUE);
        delivery.send(new Outgoing.Email(touch, contact, to, "Checking in", "<p>Still interested?</p>", null, null,
                "https://keepwarm.test/t/u/tok", null));
        smtpTo(withMailto).deliverNow(delivery.messageForTouch(touch).orElseThrow().id());
        String header = received(to).getHeader("List-Unsubscribe")[0];
        Matcher mailto = Pattern.compile("<mailto:([^?>]+)\\?subject=([^>]+)>").matcher(header);
        assertThat(mailto.find()).as(header).isTrue();
        Instant before = clock.instant();

        // What a mail client's unsubscribe button sends: the mailto's address and subject, from the recipient.
        send(mailto.group(1), to, URLDecoder.decode(mailto.group(2), StandardCharsets.UTF_8), null);

        assertThat(mailto.group(1)).isEqualTo(mailbox);
        reader(mailbox, withMailto).poll();
        assertThat(consents.current(contact).get(Channel.EMAIL).state()).isEqualTo(ConsentState.WITHDRAWN);
        assertThat(consents.ledger(contact).getLast().evidence().form()).contains("List-Unsubscribe mailto");
        assertThat(activities.ofTypeAfter(List.of(contact), ActivityType.UNSUBSCRIBED, before.minusSeconds(1))).hasSize(1);
        assertThat(inbox(mailbox)).as("the request was acted on").isEmpty();
    }

    @Test
    void anEmailToTheUnsubscribeAddressFromAContactsAddressUnsubscribesThemAndAStrangersStaysForAPerson()
            throws Exception {
        String mailbox = mailbox();
        String address = uniqueEmail("written");
        long contact = api.createContact("{\"email\": \"" + address + "\"}");

        send(mailbox, address, "Please take me off your list", null);
        send(mailbox, "nobody-we-know@example.com", "Please take me off your list", null);
        send(mailbox, "nobody-we-know@example.com", "unsubscribe touch.1." + "0".repeat(32) + "@keepwarm.test", null);
        reader(mailbox, withUnsubscribeAddress(mailbox)).poll();

        assertThat(consents.current(contact).get(Channel.EMAIL).state()).isEqualTo(ConsentState.WITHDRAWN);
        assertThat(inbox(mailbox)).hasSize(2);
    }

    @Test
    void anUnsubscribeAddressThatNoMailboxReaderActsOnStopsTheStartNamingWhatToSet() {
        assertThatThrownBy(() -> new ReplyMailbox(new ReplySettings(null, null, null, null, null, null),
                withUnsubscribeAddress("unsubscribe@keepwarm.test"), jdbc, activities, transactions, clock, unsubscribes))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keepwarm.mail.unsubscribe-address")
                .hasMessageContaining("keepwarm.mail.replies.host");
    }

    private MailSettings withUnsubscribeAddress(String address) {
        return new MailSettings(mail.fromAddress(), mail.fromName(), mail.replyTo(), address, mail.postalAddress(),
                mail.messageIdDomain(), mail.connections(), mail.perSecond(), mail.perDomainPerSecond(), mail.batch(),
                mail.lease(), mail.maxAttempts(), mail.dkim(), mail.allowInsecurePublicUrl());
    }

    private SmtpChannel smtpTo(MailSettings settings) {
        var beans = new StaticListableBeanFactory(Map.of("sender", mailSender));
        return new SmtpChannel(beans.getBeanProvider(JavaMailSender.class), queue, settings, transactions, events, clock,
                "https://keepwarm.test");
    }

    private ReplyMailbox reader(String mailbox, MailSettings settings) {
        return new ReplyMailbox(new ReplySettings("127.0.0.1", greenMail.getImap().getPort(), mailbox,
                "mailbox-password", "imap", null), settings, jdbc, activities, transactions, clock,
                new UnsubscribeRequests(settings, jdbc, contacts, consents, activities, transactions, clock));
    }

    private MimeMessage received(String to) {
        return Arrays.stream(greenMail.getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(to);
            } catch (Exception e) {
                return false;
            }
        }).findFirst().orElseThrow();
    }

    private List<?> inbox(String mailbox) throws Exception {
        return greenMail.getManagers().getImapHostManager()
                .getInbox(greenMail.getManagers().getUserManager().getUser(mailbox)).getMessages();
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
        return reader(mailbox, mail);
    }

    private void send(String mailbox, String from, String subject, String inReplyTo) throws Exception {
        MimeMessage reply = mailSender.createMimeMessage();
        reply.setFrom(new InternetAddress(from));
        reply.setRecipient(Message.RecipientType.TO, new InternetAddress(mailbox));
        reply.setSubject(subject);
        if (inReplyTo != null) {
            reply.setHeader("In-Reply-To", inReplyTo);
        }
        reply.setText("Yes, call me next week.");
        mailSender.send(reply);
    }
}
