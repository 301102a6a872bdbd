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
import io.keepwarm.contact.Validity;
import io.keepwarm.delivery.Delivery;
import io.keepwarm.delivery.Outgoing;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.Timestamps;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import io.keepwarm.tracking.internal.SignedLinks;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
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
 * The reply mailbox read over IMAP: replies become the contact's REPLIED activity, once each, and alert its owner;
 * automatic replies are kept and count for nothing; unsubscribe requests sent through the List-Unsubscribe mailto
 * withdraw the contact's email consent; each message is read once, and one that cannot be read stops nothing.
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
    @Autowired TestClock clock;
    @Autowired RelayPauses pauses;
    @Autowired Consents consents;
    @Autowired Contacts contacts;
    @Autowired MailQueue queue;
    @Autowired ReplySettings replySettings;
    @Autowired UnsubscribeRequests unsubscribes;
    @Autowired ApplicationEventPublisher events;
    @Autowired Users users;
    @Autowired ProviderEvents providerEvents;
    @Autowired SmtpChannel smtp;
    @Autowired SignedLinks links;

    @Test
    void aReplyToANurtureEmailIsRecordedOnceAsTheContactsReplyAndIsFlaggedReadInTheMailbox() throws Exception {
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
        assertThat(messagesIn(mailbox, "INBOX")).as("mail that answers nothing of ours stays unread for a person")
                .containsExactly("Re: Checking in (seen)", "Unrelated");
    }

    @Test
    void aReplyAlertsTheContactsOwnerInTheAppAndByEmailWithWhoWroteTheSubjectAndTheirNewText() throws Exception {
        String mailbox = mailbox();
        var rita = users.create(new Users.NewUser("rep-" + UUID.randomUUID().toString().substring(0, 8), "Rita Rep",
                uniqueEmail("rita"), Role.SALES, "a-long-password-for-rita"));
        String to = uniqueEmail("ada");
        long contact = api.createContact("{\"email\": \"" + to + "\", \"firstName\": \"Ada\", \"lastName\": \"Byron\","
                + " \"owner\": \"" + rita.id() + "\"}");
        long touch = sentTouch(contact);

        send(mailbox, to, "Re: Checking in", ourId(touch), """
                Yes, call me next week, Tuesday works.

                On Mon, 5 Jan 2026 at 09:00, Rita Rep <rita@keepwarm.test> wrote:
                > Still interested?
                """, Map.of());
        replies(mailbox).poll();

        assertThat(jdbc.sql("SELECT automatic, from_address, subject, snippet FROM email_replies WHERE contact_id = ?")
                .param(contact).query((rs, n) -> rs.getBoolean(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|"
                        + rs.getString(4)).single())
                .isEqualTo("false|" + to + "|Re: Checking in|Yes, call me next week, Tuesday works.");
        assertThat(alertsOf(rita.id())).singleElement().asString()
                .startsWith("Ada Byron replied: Re: Checking in\n")
                .contains(to, "Yes, call me next week, Tuesday works.").doesNotContain("Still interested");
        assertThat(received(rita.email())).satisfies(copy -> {
            assertThat(copy.getSubject()).isEqualTo("[Keepwarm] Ada Byron replied: Re: Checking in");
            assertThat(copy.getContent().toString()).contains("Yes, call me next week, Tuesday works.");
        });
    }

    @Test
    void aReplyHoldingTheContactsOwnUnsubscribeLinkReachesTheOwnerWithoutItsSignedToken() throws Exception {
        String mailbox = mailbox();
        var rita = users.create(new Users.NewUser("rep-" + UUID.randomUUID().toString().substring(0, 8), "Rita Rep",
                uniqueEmail("rita"), Role.SALES, "a-long-password-for-rita"));
        String to = uniqueEmail("pasted");
        long contact = api.createContact("{\"email\": \"" + to + "\", \"owner\": \"" + rita.id() + "\"}");
        long touch = sentTouch(contact);
        String unsubscribe = links.unsubscribeUrl(contact);
        String token = unsubscribe.substring(unsubscribe.lastIndexOf('/') + 1);

        send(mailbox, to, "Re: Checking in", ourId(touch), "I pressed " + unsubscribe + " and still get your mail.",
                Map.of());
        replies(mailbox).poll();

        assertThat(alertsOf(rita.id())).singleElement().asString()
                .contains("I pressed http://localhost:8080/t/u/… and still get your mail.").doesNotContain(token);
        assertThat(received(rita.email()).getContent().toString()).contains("/t/u/…").doesNotContain(token);
    }

    @Test
    void aReplyFromAContactWithoutAnOwnerAlertsTheMarketers() throws Exception {
        String mailbox = mailbox();
        var marketer = users.create(new Users.NewUser("mk-" + UUID.randomUUID().toString().substring(0, 8), "Mia Marketer",
                null, Role.MARKETER, "a-long-password-for-mia"));
        String to = uniqueEmail("unowned");
        long contact = api.createContact("{\"email\": \"" + to + "\"}");

        send(mailbox, to, "Re: Checking in", ourId(sentTouch(contact)));
        replies(mailbox).poll();

        assertThat(alertsOf(marketer.id())).singleElement().asString().contains(to, "Yes, call me next week.");
    }

    @Test
    void anOutOfOfficeOrVacationReplyIsKeptAsAutomaticAndIsNoReplyNoScoreNoAlert() throws Exception {
        String mailbox = mailbox();
        var rita = users.create(new Users.NewUser("rep-" + UUID.randomUUID().toString().substring(0, 8), "Rita Rep",
                uniqueEmail("rita"), Role.SALES, "a-long-password-for-rita"));
        String to = uniqueEmail("away");
        long contact = api.createContact("{\"email\": \"" + to + "\", \"owner\": \"" + rita.id() + "\"}");
        long touch = sentTouch(contact);
        Instant before = clock.instant();

        send(mailbox, to, "Re: Checking in", ourId(touch), "I am away until 12 January.",
                Map.of("Auto-Submitted", "auto-replied"));
        send(mailbox, to, "Away", ourId(touch), "Gone fishing.", Map.of("X-Autoreply", "yes"));
        send(mailbox, to, "Away too", ourId(touch), "Gone sailing.", Map.of("X-Autorespond", "Gone sailing"));
        send(mailbox, to, "Re: Checking in", ourId(touch), "Back on Monday.", Map.of("Precedence", "auto_reply"));
        send(mailbox, to, "Automatic reply: Checking in", ourId(touch), "Outlook says I am away.", Map.of());
        send(mailbox, to, "Out of Office: Checking in", ourId(touch), "Away.", Map.of());
        replies(mailbox).poll();

        assertThat(jdbc.sql("SELECT automatic, subject, snippet FROM email_replies WHERE contact_id = ? ORDER BY subject,"
                + " snippet").param(contact).query((rs, n) -> rs.getBoolean(1) + "|" + rs.getString(2) + "|"
                + rs.getString(3)).list())
                .containsExactly("true|Automatic reply: Checking in|Outlook says I am away.", "true|Away|Gone fishing.",
                        "true|Away too|Gone sailing.", "true|Out of Office: Checking in|Away.",
                        "true|Re: Checking in|Back on Monday.", "true|Re: Checking in|I am away until 12 January.");
        assertThat(activities.ofTypeAfter(List.of(contact), ActivityType.REPLIED, before.minusSeconds(1))).isEmpty();
        assertThat(alertsOf(rita.id())).isEmpty();
        assertThat(messagesIn(mailbox, "INBOX")).allSatisfy(m -> assertThat(m).endsWith("(seen)"));
    }

    @Test
    void theReaderReadsEachMessageOnceByUidAndReadsTheFolderAgainUnderANewUidValidity() throws Exception {
        String mailbox = mailbox();
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("once") + "\"}");
        long touch = sentTouch(contact);
        send(mailbox, "once@example.com", "Re: Checking in", ourId(touch));
        ReplyMailbox replies = replies(mailbox);
        assertThat(replies.poll()).isEqualTo(1);

        // Were the reply read again, it would be recorded again: its record is gone.
        jdbc.sql("DELETE FROM email_replies WHERE contact_id = ?").param(contact).update();
        assertThat(replies.poll()).as("the mark is past it").isZero();

        // A new UIDVALIDITY numbers the folder afresh: UIDs below the mark may now be new messages.
        jdbc.sql("UPDATE reply_mailbox_marks SET uid_validity = uid_validity + 1 WHERE mailbox = ?")
                .param(settingsOf(mailbox, null).mailbox()).update();
        assertThat(replies.poll()).isEqualTo(1);
    }

    @Test
    void whatTheReaderActedOnMovesToTheProcessedFolderWhenItExists() throws Exception {
        String mailbox = mailbox();
        createFolder(mailbox, "Processed");
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("moved") + "\"}");
        long touch = sentTouch(contact);
        send(mailbox, "moved@example.com", "Re: Checking in", ourId(touch));
        send(mailbox, "someone@example.com", "Unrelated", null);

        assertThat(reader(mailbox, mail, "Processed").poll()).isEqualTo(1);

        assertThat(messagesIn(mailbox, "INBOX")).containsExactly("Unrelated");
        assertThat(messagesIn(mailbox, "Processed")).containsExactly("Re: Checking in");
    }

    @Test
    void whileTheProcessedFolderDoesNotExistWhatTheReaderActedOnIsFlaggedRead() throws Exception {
        String mailbox = mailbox();
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("flagged") + "\"}");
        send(mailbox, "flagged@example.com", "Re: Checking in", ourId(sentTouch(contact)));

        assertThat(reader(mailbox, mail, "No such folder").poll()).isEqualTo(1);

        assertThat(messagesIn(mailbox, "INBOX")).containsExactly("Re: Checking in (seen)");
    }

    @Test
    void aMessageThatCannotBeReadIsSkippedLeftUnreadAndTheRestAreRead() throws Exception {
        String mailbox = mailbox();
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("garbled") + "\"}");
        long touch = sentTouch(contact);
        String garbled = """
                From: garbled@example.com\r
                To: %s\r
                Subject: Re: Checking in, garbled\r
                Message-ID: <garbled-%d@example.com>\r
                In-Reply-To: %s\r
                MIME-Version: 1.0\r
                Content-Type: text/plain; charset=x-no-such-charset\r
                \r
                Ja, bitte.\r
                """.formatted(mailbox, ThreadLocalRandom.current().nextLong(), ourId(touch));
        greenMail.getManagers().getUserManager().getUser(mailbox).deliver(new MimeMessage(mailSender.getSession(),
                new ByteArrayInputStream(garbled.getBytes(StandardCharsets.US_ASCII))));
        send(mailbox, "fine@example.com", "Re: Checking in", ourId(touch));
        ReplyMailbox replies = replies(mailbox);

        assertThat(replies.poll()).isEqualTo(1);
        assertThat(replies.poll()).isZero();

        assertThat(jdbc.sql("SELECT from_address FROM email_replies WHERE contact_id = ?").param(contact)
                .query(String.class).list()).containsExactly("fine@example.com");
        assertThat(messagesIn(mailbox, "INBOX")).containsExactly("Re: Checking in, garbled", "Re: Checking in (seen)");
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
        assertThat(messagesIn(mailbox, "INBOX")).as("the request was acted on")
                .containsExactly(URLDecoder.decode(mailto.group(2), StandardCharsets.UTF_8) + " (seen)");
    }

    @Test
    void anEmailToTheUnsubscribeAddressThatNamesNoMessageOfOursUnsubscribesNobodyEvenFromAContactsAddress()
            throws Exception {
        String mailbox = mailbox();
        String address = uniqueEmail("written");
        long contact = api.createContact("{\"email\": \"" + address + "\"}");
        consents.record(contact, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "web form", null));

        // Anyone can write any From: a competitor with a list of addresses must not withdraw their consent.
        send(mailbox, address, "Please take me off your list", null);
        send(mailbox, "nobody-we-know@example.com", "Please take me off your list", null);
        send(mailbox, "nobody-we-know@example.com", "unsubscribe touch.1." + "0".repeat(32) + "@keepwarm.test", null);
        reader(mailbox, withUnsubscribeAddress(mailbox)).poll();

        assertThat(consents.current(contact).get(Channel.EMAIL).state()).isEqualTo(ConsentState.GRANTED);
        assertThat(messagesIn(mailbox, "INBOX")).as("left unread for a person").containsExactly(
                "Please take me off your list", "Please take me off your list",
                "unsubscribe touch.1." + "0".repeat(32) + "@keepwarm.test");
    }

    @Test
    void anEmailToTheUnsubscribeAddressAnsweringOurMessageUnsubscribesTheContactItWentToWhenTheyWriteIt()
            throws Exception {
        String mailbox = mailbox();
        String address = uniqueEmail("answering");
        long contact = api.createContact("{\"email\": \"" + address + "\"}");
        consents.record(contact, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "web form", null));
        long touch = ThreadLocalRandom.current().nextLong(1_000_000_000L, Long.MAX_VALUE);
        delivery.send(new Outgoing.Email(touch, contact, address, "Checking in", "<p>Still interested?</p>", null,
                null, "https://keepwarm.test/t/u/tok", null));

        send(mailbox, "someone-else@example.com", "Take them off", ourId(touch));
        reader(mailbox, withUnsubscribeAddress(mailbox)).poll();
        assertThat(consents.current(contact).get(Channel.EMAIL).state()).as("not from the address it went to")
                .isEqualTo(ConsentState.GRANTED);

        send(mailbox, address.toUpperCase(java.util.Locale.ROOT), "Please take me off your list", ourId(touch));
        reader(mailbox, withUnsubscribeAddress(mailbox)).poll();
        assertThat(consents.current(contact).get(Channel.EMAIL).state()).isEqualTo(ConsentState.WITHDRAWN);
        assertThat(messagesIn(mailbox, "INBOX")).last().isEqualTo("Please take me off your list (seen)");
    }

    @Test
    void aRelaysBounceOfASentMessageMarksTheAddressBouncedIsNoReplyAndTheContactsNextEmailIsWithheld()
            throws Exception {
        String mailbox = mailbox();
        String to = uniqueEmail("gone");
        long contact = api.createContact("{\"email\": \"" + to + "\"}");
        long touch = deliveredTouch(contact, to, null);

        sendRaw(dsn(mailbox, to, ourId(touch), "failed", "5.1.1", "550 5.1.1 <" + to + ">: Recipient address rejected:"
                + " User unknown in virtual mailbox table"));
        assertThat(replies(mailbox).poll()).isZero();

        assertThat(contacts.get(contact).validity()).isEqualTo(Validity.BOUNCED);
        assertThat(delivery.messageForTouch(touch).orElseThrow().status()).isEqualTo("FAILED");
        assertThat(activities.recent(contact, 10)).extracting(a -> a.type()).doesNotContain(ActivityType.REPLIED);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM email_replies WHERE contact_id = ?").param(contact)
                .query(Long.class).single()).isZero();
        assertThat(messagesIn(mailbox, "INBOX")).containsExactly("Undelivered Mail Returned to Sender (seen)");
        long later = deliveredTouch(contact, to, null);
        assertThat(delivery.messageForTouch(later).orElseThrow().status()).isEqualTo("WITHHELD");
    }

    @Test
    void aBounceReportNamingAMessageByTheOldGuessableIdIsLeftForAPersonNotBelieved() throws Exception {
        String mailbox = mailbox();
        String to = uniqueEmail("forged");
        long contact = api.createContact("{\"email\": \"" + to + "\"}");
        long touch = deliveredTouch(contact, to, null);
        String guessable = "<touch." + touch + "@keepwarm.test>";
        jdbc.sql("UPDATE outbox_messages SET message_id = ? WHERE touch_id = ?").params(guessable, touch).update();

        sendRaw(dsn(mailbox, to, guessable, "failed", "5.1.1", "550 5.1.1 User unknown"));
        replies(mailbox).poll();

        assertThat(contacts.get(contact).validity()).as("anyone could count up touch ids").isEqualTo(Validity.VALID);
        assertThat(delivery.messageForTouch(touch).orElseThrow().status()).isEqualTo("SENT");
    }

    @Test
    void aRelaysNoticeThatAMessageIsDelayedChangesNothingAndIsNoReply() throws Exception {
        String mailbox = mailbox();
        String to = uniqueEmail("slow");
        long contact = api.createContact("{\"email\": \"" + to + "\"}");
        long touch = deliveredTouch(contact, to, null);

        sendRaw(dsn(mailbox, to, ourId(touch), "delayed", "4.4.7", "421 4.4.7 mailbox temporarily unavailable"));
        assertThat(replies(mailbox).poll()).isZero();

        assertThat(contacts.get(contact).validity()).isEqualTo(Validity.VALID);
        assertThat(delivery.messageForTouch(touch).orElseThrow().status()).isEqualTo("SENT");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM email_replies WHERE contact_id = ?").param(contact)
                .query(Long.class).single()).isZero();
        assertThat(deliveredTouch(contact, to, null)).satisfies(later ->
                assertThat(delivery.messageForTouch(later).orElseThrow().status()).isEqualTo("SENT"));
    }

    @Test
    void mailSentAsTheContactsOwnerBouncesToTheBounceAddressNotToTheOwner() throws Exception {
        // An owner in the domain the mail is signed for, whose address may go as the From (DMARC).
        var rita = users.create(new Users.NewUser("rep-" + UUID.randomUUID().toString().substring(0, 8), "Rita Rep",
                "rita." + UUID.randomUUID().toString().substring(0, 8) + "@keepwarm.test", Role.SALES,
                "a-long-password-for-rita"));
        String to = uniqueEmail("ada");
        long contact = api.createContact("{\"email\": \"" + to + "\", \"owner\": \"" + rita.id() + "\"}");

        deliveredTouch(contact, to, rita.id());

        MimeMessage sent = received(to);
        assertThat(sent.getFrom()[0].toString()).contains(rita.email());
        assertThat(sent.getHeader("Return-Path")).containsExactly("<bounces@keepwarm.test>");
    }

    @Test
    void anUnsubscribeAddressThatNoMailboxReaderActsOnStopsTheStartNamingWhatToSet() {
        assertThatThrownBy(() -> new ReplyMailbox(new ReplySettings(null, null, null, null, null, null, null),
                withUnsubscribeAddress("unsubscribe@keepwarm.test"), jdbc, activities, transactions, clock.clock(), unsubscribes,
                events, providerEvents))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keepwarm.mail.unsubscribe-address")
                .hasMessageContaining("keepwarm.mail.replies.host");
    }

    @Test
    void anUnsubscribeAddressWhereRepliesArriveStopsTheStartNamingBothSettings() {
        // Every reply answers one of our messages: at a shared address, each "yes, call me" would unsubscribe.
        assertThatThrownBy(() -> withUnsubscribeAddress(mail.replyTo().toUpperCase(java.util.Locale.ROOT)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keepwarm.mail.unsubscribe-address")
                .hasMessageContaining("keepwarm.mail.reply-to");
        assertThatThrownBy(() -> withUnsubscribeAddress(mail.fromAddress()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keepwarm.mail.unsubscribe-address")
                .hasMessageContaining("keepwarm.mail.from-address");
    }

    private MailSettings withUnsubscribeAddress(String address) {
        return new MailSettings(mail.fromAddress(), mail.fromName(), mail.replyTo(), address, mail.postalAddress(),
                mail.messageIdDomain(), mail.connections(), mail.perSecond(), mail.perDomainPerSecond(), mail.batch(),
                mail.lease(), mail.maxAttempts(), mail.dkim(), mail.allowInsecurePublicUrl(), mail.bounceAddress());
    }

    private SmtpChannel smtpTo(MailSettings settings) {
        var beans = new StaticListableBeanFactory(Map.of("sender", mailSender));
        return new SmtpChannel(beans.getBeanProvider(JavaMailSender.class), queue, settings, replySettings, transactions, events, clock.clock(), pauses,
                "https://keepwarm.test");
    }

    @Test
    void aReplyMailboxThatStaysUnreadableForHalfAnHourIsToldToTheAdminsOnceAndAgainOnlyAfterItWasRead() throws Exception {
        long admin = users.create(new Users.NewUser("admin-" + UUID.randomUUID().toString().substring(0, 8), "An Admin",
                null, Role.ADMIN, "a-long-password-for-an-admin")).id();
        int closed;
        try (var socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        ReplyMailbox unreachable = new ReplyMailbox(new ReplySettings("127.0.0.1", closed, "replies", "secret", "imap",
                null, null), mail, jdbc, activities, transactions, clock.clock(), unsubscribes, events, providerEvents);

        unreachable.read();
        clock.advance(java.time.Duration.ofMinutes(20));
        unreachable.read();
        assertThat(alertsOf(admin)).as("a passing outage is not news").isEmpty();

        clock.advance(java.time.Duration.ofMinutes(11));
        unreachable.read();
        unreachable.read();
        assertThat(alertsOf(admin)).as("once per outage").singleElement().asString()
                .contains("cannot be read", "unsubscribe requests", "keepwarm.mail.replies.*");
        assertThat(unreachable.state()).as("the mail settings page shows since when and why").hasValueSatisfying(state -> {
            assertThat(state.server()).isEqualTo("127.0.0.1:" + closed);
            assertThat(state.unreadableSince()).isEqualTo(clock.instant().minus(java.time.Duration.ofMinutes(31)));
            assertThat(state.trouble()).isNotBlank();
            assertThat(state.lastRead()).isNull();
        });
    }

    @Test
    void aMailboxReadThroughShowsWhenItWasLastReadAndNoTrouble() throws Exception {
        String mailbox = "state-" + UUID.randomUUID().toString().substring(0, 8) + "@keepwarm.test";
        greenMail.setUser(mailbox, mailbox, "mailbox-password");
        ReplyMailbox reader = reader(mailbox, mail);
        reader.read();
        assertThat(reader.state()).hasValueSatisfying(state -> {
            assertThat(state.lastRead()).isEqualTo(clock.instant());
            assertThat(state.unreadableSince()).isNull();
            assertThat(state.trouble()).isNull();
            assertThat(state.folder()).isEqualTo("INBOX");
        });
    }

    private ReplyMailbox reader(String mailbox, MailSettings settings) {
        return reader(mailbox, settings, null);
    }

    private ReplyMailbox reader(String mailbox, MailSettings settings, String processedFolder) {
        return new ReplyMailbox(settingsOf(mailbox, processedFolder), settings, jdbc, activities, transactions, clock.clock(),
                new UnsubscribeRequests(settings, jdbc, contacts, consents, activities, transactions, clock.clock()), events,
                providerEvents);
    }

    private ReplySettings settingsOf(String mailbox, String processedFolder) {
        return new ReplySettings("127.0.0.1", greenMail.getImap().getPort(), mailbox, "mailbox-password", "imap", null,
                processedFolder);
    }

    /** Each message in the folder, oldest first, as its subject, with " (seen)" when it is flagged \\Seen. */
    private List<String> messagesIn(String mailbox, String folderName) throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", greenMail.getImap().getPort(), mailbox, "mailbox-password");
        try (store) {
            Folder folder = store.getFolder(folderName);
            folder.open(Folder.READ_ONLY);
            List<String> found = new ArrayList<>();
            for (Message message : folder.getMessages()) {
                found.add(message.getSubject() + (message.isSet(Flags.Flag.SEEN) ? " (seen)" : ""));
            }
            folder.close(false);
            return found;
        }
    }

    private void createFolder(String mailbox, String name) throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", greenMail.getImap().getPort(), mailbox, "mailbox-password");
        try (store) {
            assertThat(store.getFolder(name).create(Folder.HOLDS_MESSAGES)).isTrue();
        }
    }

    /** The subject and body of each alert the user got, oldest first. */
    private List<String> alertsOf(long userId) {
        return jdbc.sql("SELECT subject, body FROM alerts WHERE user_id = ? ORDER BY id").param(userId)
                .query((rs, n) -> rs.getString(1) + "\n" + rs.getString(2)).list();
    }

    private String ourId(long touch) {
        return delivery.messageForTouch(touch).orElseThrow().messageId();
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

    /** A touch's email to the contact, sent through the mail server (as the owner, when one is named). */
    private long deliveredTouch(long contact, String to, Long owner) {
        long touch = ThreadLocalRandom.current().nextLong(1_000_000_000L, Long.MAX_VALUE);
        delivery.send(new Outgoing.Email(touch, contact, to, "Checking in", "<p>Still interested?</p>", null, owner,
                null, null));
        smtp.deliverNow(delivery.messageForTouch(touch).orElseThrow().id());
        return touch;
    }

    /**
     * A delivery status notification as Postfix writes one (RFC 3464): its text, the status of the one recipient, and
     * the returned message's headers. Like some relays' bounces, it names our message in References too.
     */
    private static String dsn(String mailbox, String recipient, String messageId, String action, String status,
            String diagnostic) {
        return """
                From: Mail Delivery System <MAILER-DAEMON@relay.example.com>
                To: %1$s
                Subject: Undelivered Mail Returned to Sender
                Message-ID: <%2$s@relay.example.com>
                References: %4$s
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status;
                	boundary="B0UND"

                --B0UND
                Content-Type: text/plain; charset=us-ascii

                This is the mail system at host relay.example.com. I'm sorry to have to inform you that your message
                could not be delivered to one or more recipients.

                <%3$s>: host mx.example.com said: %7$s

                --B0UND
                Content-Type: message/delivery-status

                Reporting-MTA: dns; relay.example.com
                Arrival-Date: Mon,  5 Jan 2026 09:00:01 +0000 (UTC)

                Final-Recipient: rfc822; %3$s
                Original-Recipient: rfc822;%3$s
                Action: %5$s
                Status: %6$s
                Remote-MTA: dns; mx.example.com
                Diagnostic-Code: smtp; %7$s

                --B0UND
                Content-Type: text/rfc822-headers

                From: Keepwarm Tests <nurture@keepwarm.test>
                To: %3$s
                Subject: Checking in
                Message-ID: %4$s

                --B0UND--
                """.formatted(mailbox, UUID.randomUUID(), recipient, messageId, action, status, diagnostic)
                .replace("\n", "\r\n");
    }

    private void sendRaw(String raw) throws Exception {
        MimeMessage message = new MimeMessage(mailSender.getSession(),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)));
        mailSender.send(message);
    }

    private ReplyMailbox replies(String mailbox) {
        return reader(mailbox, mail);
    }

    private void send(String mailbox, String from, String subject, String inReplyTo) throws Exception {
        send(mailbox, from, subject, inReplyTo, "Yes, call me next week.", Map.of());
    }

    private void send(String mailbox, String from, String subject, String inReplyTo, String text,
            Map<String, String> headers) throws Exception {
        MimeMessage reply = mailSender.createMimeMessage();
        reply.setFrom(new InternetAddress(from));
        reply.setRecipient(Message.RecipientType.TO, new InternetAddress(mailbox));
        reply.setSubject(subject);
        if (inReplyTo != null) {
            reply.setHeader("In-Reply-To", inReplyTo);
        }
        for (var header : headers.entrySet()) {
            reply.setHeader(header.getKey(), header.getValue());
        }
        reply.setText(text);
        mailSender.send(reply);
    }
}
