package io.keepwarm.delivery.internal;

import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.contact.Contacts;
import io.keepwarm.contact.Validity;
import io.keepwarm.delivery.Delivery;
import io.keepwarm.delivery.OutboxMessage;
import io.keepwarm.delivery.Outgoing;
import io.keepwarm.delivery.Transactional;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.JobsAsInProduction;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.RefusingSmtpServer;
import io.keepwarm.support.TestClock;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.impl.MultiplexingPublicKeyRecordRetriever;
import org.apache.james.jdkim.tagvalue.SignatureRecordImpl;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.transaction.support.TransactionTemplate;

/** Email over real SMTP: what arrives, and what happens when a server refuses, stalls or the sender stops. */
@KeepwarmTest
class SmtpChannelTest {

    private static final String PUBLIC_URL = "https://keepwarm.test";

    @Autowired Api api;
    @Autowired Delivery delivery;
    @Autowired SmtpChannel smtp;
    @Autowired GreenMail greenMail;
    @Autowired Users users;
    @Autowired Contacts contacts;
    @Autowired Consents consents;
    @Autowired MailQueue queue;
    @Autowired JavaMailSenderImpl mailSender;
    @Autowired ReplySettings replySettings;
    @Autowired MailSettings settings;
    @Autowired TransactionTemplate transactions;
    @Autowired ApplicationEventPublisher events;
    @Autowired JdbcClient jdbc;
    @Autowired TestClock clock;
    @Autowired RelayPauses pauses;
    @Autowired OutboxStore outbox;
    @Autowired ReplyMailbox replies;
    @Autowired MeterRegistry meters;
    /** How long a graceful stop waits for the mail job in flight before it gives up on it. */
    @Value("${spring.lifecycle.timeout-per-shutdown-phase:30s}") Duration stopWaits;

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void aNurtureEmailArrivesAsItsOwnersWithOneClickUnsubscribeThePostalAddressAndAVerifiedDkimSignature() throws Exception {
        var rep = users.create(new Users.NewUser("rep-" + UUID.randomUUID().toString().substring(0, 8), "Rita Rep",
                alignedEmail("rita"), Role.SALES, "a-long-password-for-rita"));
        String to = uniqueEmail("ada");
        long contact = api.createContact("{\"email\": \"" + to + "\", \"firstName\": \"Ada\"}");
        long touch = newTouchId();
        Instant sent = clock.instant();
        delivery.send(new Outgoing.Email(touch, contact, to, "A cooling guide for Ada",
                "<p>Dear Ada,</p><p><a href=\"https://example.com/guide?a=1&amp;b=2\">Read it</a></p>", null, rep.id(),
                "https://keepwarm.test/t/u/tok", "https://keepwarm.test/t/p/tok"));
        smtp.runOnce();

        MimeMessage received = receivedBy(to).getFirst();
        assertThat(received.getFrom()[0].toString()).isEqualTo("Rita Rep <" + rep.email() + ">");
        assertThat(received.getHeader("Reply-To")).as("no reply mailbox is read: a reply goes to Rita").isNull();
        assertThat(received.getSubject()).isEqualTo("A cooling guide for Ada");
        assertThat(received.getMessageID()).matches("<touch\\." + touch + "\\.[0-9a-f]{32}@keepwarm\\.test>");
        assertThat(received.getHeader("List-Unsubscribe")[0]).as("no mailto while no mailbox reader would act on it")
                .isEqualTo("<https://keepwarm.test/t/u/tok>");
        assertThat(received.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
        String raw = raw(received);
        assertThat(raw).contains("1 Test Street, 10115 Berlin, Germany").contains("Unsubscribe");
        assertThat(verifiedSignatures(raw)).singleElement().satisfies(signature -> {
            assertThat(signature.getDToken()).isEqualTo("keepwarm.test");
            assertThat(signature.getHeaders().stream().map(CharSequence::toString).map(String::toLowerCase))
                    .contains("list-unsubscribe", "list-unsubscribe-post", "from", "subject");
        });
        OutboxMessage stored = delivery.messageForTouch(touch).orElseThrow();
        assertThat(stored.status()).isEqualTo("SENT");
        assertThat(stored.sentAt()).isEqualTo(sent);
        assertThat(stored.links()).containsExactly("https://example.com/guide?a=1&b=2");
    }

    @Test
    void aPieceInGermanArrivesAsADocumentInGermanTitledByItsSubjectWithAVerifiedDkimSignature() throws Exception {
        String to = uniqueEmail("jurgen");
        long contact = api.createContact("{\"email\": \"" + to + "\", \"firstName\": \"Jürgen\"}");
        long touch = newTouchId();
        delivery.send(new Outgoing.Email(touch, contact, to, "Kühl & sicher: <Ihr> Leitfaden", "<p>Hallo Jürgen,</p>",
                "Hallo Jürgen,", null, "https://keepwarm.test/t/u/tok", "https://keepwarm.test/t/p/tok", null, "de"));
        smtp.runOnce();

        MimeMessage received = receivedBy(to).getFirst();
        assertThat(received.getHeader("Content-Language")).containsExactly("de");
        var document = Jsoup.parse(htmlPart(received));
        assertThat(document.selectFirst("html").attr("lang")).as("a screen reader reads it with a German voice")
                .isEqualTo("de");
        assertThat(document.head().select("title")).singleElement().satisfies(title ->
                assertThat(title.text()).isEqualTo("Kühl & sicher: <Ihr> Leitfaden"));
        assertThat(document.select("body a").eachText()).as("the footer still speaks German").contains("Abmelden");
        assertThat(verifiedSignatures(raw(received))).singleElement();
    }

    @Test
    void aConfirmationArrivesAsADocumentInEnglishTitledByItsSubject() throws Exception {
        String to = uniqueEmail("confirm-lang");
        long contact = api.createContact("{\"email\": \"" + to + "\"}");

        delivery.sendNow(new Transactional(contact, to, "Please confirm", "<p>Confirm</p>", "Confirm"));

        MimeMessage received = awaitReceivedBy(to).getFirst();
        assertThat(received.getHeader("Content-Language")).containsExactly("en");
        var document = Jsoup.parse(htmlPart(received));
        assertThat(document.selectFirst("html").attr("lang")).isEqualTo("en");
        assertThat(document.title()).isEqualTo("Please confirm");
    }

    /** The message's HTML alternative, decoded. */
    private static String htmlPart(MimeMessage message) throws Exception {
        var parts = (jakarta.mail.Multipart) message.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            if (parts.getBodyPart(i).isMimeType("text/html")) {
                return (String) parts.getBodyPart(i).getContent();
            }
        }
        throw new AssertionError("no HTML part");
    }

    @Test
    void mailSentAsTheOwnerIsAnsweredToTheReplyMailboxWhenOneIsReadAndAccountMailToTheAccountsReplyTo()
            throws Exception {
        var rep = users.create(new Users.NewUser("rep-" + UUID.randomUUID().toString().substring(0, 8), "Rita Rep",
                alignedEmail("rita"), Role.SALES, "a-long-password-for-rita"));
        var beans = new StaticListableBeanFactory(Map.of("sender", mailSender));
        String toOwners = uniqueEmail("owners");
        String toAccounts = uniqueEmail("accounts");
        long fromOwner = queued(toOwners, api.createContact("{\"email\": \"" + toOwners + "\"}"), rep.id());
        long fromAccount = queued(toAccounts, api.createContact("{\"email\": \"" + toAccounts + "\"}"));

        try (SmtpChannel readingReplies = new SmtpChannel(beans.getBeanProvider(JavaMailSender.class), queue, settings,
                new ReplySettings("imap.keepwarm.test", null, "replies", "secret", null, null, null), transactions,
                events, clock.clock(), pauses, PUBLIC_URL)) {
            readingReplies.deliverNow(fromOwner);
            readingReplies.deliverNow(fromAccount);
        }

        MimeMessage owners = receivedBy(toOwners).getFirst();
        assertThat(owners.getFrom()[0].toString()).isEqualTo("Rita Rep <" + rep.email() + ">");
        assertThat(owners.getHeader("Reply-To")).containsExactly("replies@keepwarm.test");
        assertThat(receivedBy(toAccounts).getFirst().getHeader("Reply-To")).containsExactly("replies@keepwarm.test");
    }

    @Test
    void aQueuedMessageGoesToTheContactsAddressAsItIsWhenItIsSent() throws Exception {
        String old = uniqueEmail("old");
        String now = uniqueEmail("new");
        long contact = api.createContact("{\"email\": \"" + old + "\"}");
        long id = queued(old, contact);

        api.patch("/api/v1/contacts/" + contact, "{\"email\": \"" + now + "\"}").andExpect(status().isOk());
        smtp.deliverNow(id);

        assertThat(receivedBy(old)).isEmpty();
        assertThat(receivedBy(now)).hasSize(1);
        assertThat(delivery.message(id).to()).isEqualTo(now);
        assertThat(statusOf(id)).isEqualTo("SENT");
    }

    @Test
    void aQueuedMessageWhoseContactsNewAddressIsNotValidIsWithheldWithTheReason() throws Exception {
        String old = uniqueEmail("old");
        String now = uniqueEmail("bounced");
        long contact = api.createContact("{\"email\": \"" + old + "\"}");
        long id = queued(old, contact);

        api.patch("/api/v1/contacts/" + contact, "{\"email\": \"" + now + "\"}").andExpect(status().isOk());
        contacts.markValidity(contact, Validity.BOUNCED, "550 5.1.1 no such mailbox");
        smtp.deliverNow(id);

        assertThat(receivedBy(old)).isEmpty();
        assertThat(receivedBy(now)).isEmpty();
        assertThat(statusOf(id)).isEqualTo("WITHHELD");
        assertThat(delivery.message(id).lastError()).contains("not valid");
    }

    @Test
    void aTouchWrittenAgainAfterADatabaseRestoreArrivesWithAMessageIdNoEarlierMessageHad() throws Exception {
        String to = uniqueEmail("restored");
        long contact = api.createContact("{\"email\": \"" + to + "\"}");
        long touch = newTouchId();
        delivery.send(new Outgoing.Email(touch, contact, to, "Before the restore", "<p>Hi</p>", null, null, null, null));
        smtp.runOnce();
        // The database is restored from a backup taken before that touch: its id is handed out again.
        jdbc.sql("DELETE FROM outbox_messages WHERE touch_id = ?").param(touch).update();
        delivery.send(new Outgoing.Email(touch, contact, to, "After the restore", "<p>Hi</p>", null, null, null, null));
        smtp.runOnce();

        assertThat(receivedBy(to)).hasSize(2).extracting(MimeMessage::getMessageID).doesNotHaveDuplicates();
    }

    @Test
    void keepwarmWithAnSmtpServerRefusesToStartWhileItsLinksWouldBePlainHttpOrPointAtThisMachine() {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("smtp.example.com");
        MailSettings strict = new MailSettings(settings.fromAddress(), settings.fromName(), settings.replyTo(),
                settings.unsubscribeAddress(), settings.postalAddress(), settings.messageIdDomain(),
                settings.connections(), settings.perSecond(), settings.perDomainPerSecond(), settings.batch(),
                settings.lease(), settings.maxAttempts(), settings.dkim(), false, settings.bounceAddress());
        var smtpConfigured = new StaticListableBeanFactory(Map.of("sender", sender)).getBeanProvider(JavaMailSender.class);

        for (String url : List.of("http://localhost:8080", "http://keepwarm.example.com", "https://localhost:8443",
                "https://app.localhost", "https://127.0.0.1", "https://[::1]:8443", "https://0.0.0.0")) {
            assertThatThrownBy(() -> new SmtpChannel(smtpConfigured, queue, strict, replySettings, transactions, events, clock.clock(), pauses, url))
                    .as(url).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("keepwarm.public-url (KEEPWARM_PUBLIC_URL) is " + url)
                    .hasMessageContaining("keepwarm.mail.allow-insecure-public-url");
        }
        assertThatThrownBy(() -> new SmtpChannel(smtpConfigured, queue, strict, replySettings, transactions, events, clock.clock(), pauses, ""))
                .as("KEEPWARM_PUBLIC_URL= left empty").isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keepwarm.public-url (KEEPWARM_PUBLIC_URL) is empty, but");
        assertThat(new SmtpChannel(smtpConfigured, queue, strict, replySettings, transactions, events, clock.clock(), pauses,
                "https://keepwarm.example.com").enabled()).isTrue();
        assertThat(new SmtpChannel(new StaticListableBeanFactory().getBeanProvider(JavaMailSender.class), queue, strict,
                replySettings, transactions, events, clock.clock(), pauses, "http://localhost:8080").enabled()).as("without SMTP nothing leaves").isFalse();
        assertThat(new SmtpChannel(smtpConfigured, queue, settings, replySettings, transactions, events, clock.clock(), pauses,
                "http://localhost:8080").enabled()).as("a mail catcher here, allowed by name").isTrue();
    }

    @Test
    void keepwarmWithAnSmtpServerRefusesToStartWithoutTheNameItsMailComesFrom() {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("smtp.example.com");
        MailSettings unnamed = new MailSettings(settings.fromAddress(), " ", settings.replyTo(),
                settings.unsubscribeAddress(), settings.postalAddress(), null, settings.connections(),
                settings.perSecond(), settings.perDomainPerSecond(), settings.batch(), settings.lease(),
                settings.maxAttempts(), settings.dkim(), true, settings.bounceAddress());
        var smtpConfigured = new StaticListableBeanFactory(Map.of("sender", sender)).getBeanProvider(JavaMailSender.class);

        assertThatThrownBy(() -> new SmtpChannel(smtpConfigured, queue, unnamed, replySettings, transactions, events,
                clock.clock(), pauses, PUBLIC_URL)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keepwarm.mail.from-name (KEEPWARM_MAIL_FROM_NAME) is not set")
                .hasMessageContaining("such as Acme Cooling");
        assertThat(unnamed.fromName()).as("a mail catcher's messages still carry a name").isEqualTo("Keepwarm");
    }

    @Test
    void keepwarmWithAnSmtpServerRefusesToStartWithoutTheAddressItsMailComesFrom() {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("smtp.example.com");
        MailSettings unset = new MailSettings(null, settings.fromName(), settings.replyTo(), settings.unsubscribeAddress(),
                settings.postalAddress(), null, settings.connections(), settings.perSecond(),
                settings.perDomainPerSecond(), settings.batch(), settings.lease(), settings.maxAttempts(), settings.dkim(),
                false, settings.bounceAddress());
        var smtpConfigured = new StaticListableBeanFactory(Map.of("sender", sender)).getBeanProvider(JavaMailSender.class);

        assertThatThrownBy(() -> new SmtpChannel(smtpConfigured, queue, unset, replySettings, transactions, events,
                clock.clock(), pauses, PUBLIC_URL)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("keepwarm.mail.from-address (KEEPWARM_MAIL_FROM_ADDRESS) is keepwarm@localhost")
                .hasMessageContaining("spring.mail.host");
        assertThat(new SmtpChannel(new StaticListableBeanFactory().getBeanProvider(JavaMailSender.class), queue, unset,
                replySettings, transactions, events, clock.clock(), pauses, PUBLIC_URL).enabled())
                .as("without SMTP the outbox only keeps messages").isFalse();
    }

    @Test
    void aMailServerThatHangsHoldsALaneForLessThanAGracefulStopWaitsForIt() {
        var properties = mailSender.getSession().getProperties();

        for (String protocol : List.of("smtp", "smtps")) {
            for (String timeout : List.of("connectiontimeout", "timeout", "writetimeout")) {
                String name = "mail." + protocol + "." + timeout;
                assertThat(properties.getProperty(name)).as(name + ": Jakarta Mail waits forever without it").isNotNull();
                assertThat(Duration.ofMillis(Long.parseLong(properties.getProperty(name)))).as(name)
                        .isPositive().isLessThan(stopWaits);
            }
        }
    }

    @Test
    void aConfirmationGoesOutAtOnceWithoutWaitingForTheQueue() throws Exception {
        String to = uniqueEmail("confirm");
        long contact = api.createContact("{\"email\": \"" + to + "\"}");

        delivery.sendNow(new Transactional(contact, to, "Please confirm", "<p>Confirm</p>", "Confirm"));

        assertThat(awaitReceivedBy(to)).singleElement().satisfies(m -> assertThat(m.getSubject()).isEqualTo("Please confirm"));
    }

    @Test
    void aBatchStillSendingAtHalfItsLeaseKeepsItSoAnotherSenderDoesNotCountItsMessagesInDoubt() throws Exception {
        try (var server = new RefusingSmtpServer(Map.of())) {
            List<Long> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 12; i++) {
                ids.add(queued("slow" + i));
            }
            var accepted = new java.util.concurrent.atomic.AtomicInteger();
            // A slow relay: each message takes two minutes, so the batch outlasts its five-minute lease. One connection,
            // so that the lane takes its next message after each one the relay took, as a lane does.
            server.onAccepted(() -> {
                clock.advance(Duration.ofMinutes(2));
                if (accepted.incrementAndGet() == 8) {
                    // Another Keepwarm instance starting a round: messages whose lease ran out are taken as in doubt.
                    transactions.executeWithoutResult(tx -> queue.expireLeases(clock.instant()));
                }
            });
            JavaMailSenderImpl sender = new JavaMailSenderImpl();
            sender.setHost("127.0.0.1");
            sender.setPort(server.port());
            MailSettings oneLane = new MailSettings(settings.fromAddress(), settings.fromName(), settings.replyTo(),
                    settings.unsubscribeAddress(), settings.postalAddress(), settings.messageIdDomain(), 1,
                    settings.perSecond(), settings.perDomainPerSecond(), settings.batch(), Duration.ofMinutes(5),
                    settings.maxAttempts(), settings.dkim(), settings.allowInsecurePublicUrl(), settings.bounceAddress());

            channelOf(sender, oneLane).drain();

            assertThat(ids).allSatisfy(id -> assertThat(statusOf(id)).as("message %d", id).isEqualTo("SENT"));
        }
    }

    @Test
    void aMailboxThatDoesNotExistFailsTheMessageAndMarksTheAddressBouncedButAPolicyRefusalDoesNot() throws Exception {
        try (var server = new RefusingSmtpServer(Map.of("gone", "550 5.1.1 No such user here",
                "spamtrap", "550 5.7.1 Message refused by policy"))) {
            long gone = queued("gone");
            long refused = queued("spamtrap");
            long fine = queued("fine");

            channelTo(server).runOnce();

            assertThat(statusOf(gone)).isEqualTo("FAILED");
            assertThat(delivery.message(gone).lastError()).isEqualTo("SMTP 550: 550 5.1.1 No such user here");
            assertThat(contacts.get(delivery.message(gone).contactId()).validity()).isEqualTo(Validity.BOUNCED);
            assertThat(statusOf(refused)).isEqualTo("FAILED");
            assertThat(contacts.get(delivery.message(refused).contactId()).validity()).isEqualTo(Validity.VALID);
            assertThat(statusOf(fine)).isEqualTo("SENT");
        }
    }

    @Test
    void aRecipientPostfixDoesNotKnowFailsAndIsMarkedBouncedThoughItsReplySpeaksOfARelayTable() throws Exception {
        // Postfix relaying for a domain it knows the mailboxes of (relay_recipient_maps): the status says whose it is.
        try (var server = new RefusingSmtpServer(Map.of("gamma",
                "550 5.1.1 <x@gamma.test>: Recipient address rejected: User unknown in relay recipient table"))) {
            SmtpChannel channel = channelTo(server);
            long admin = newAdmin();
            long unknown = queued("gamma");
            long fine = queued("fine");

            channel.runOnce();

            OutboxMessage failed = delivery.message(unknown);
            assertThat(failed.status()).isEqualTo("FAILED");
            assertThat(failed.attempts()).isEqualTo(1);
            assertThat(contacts.get(failed.contactId()).validity()).isEqualTo(Validity.BOUNCED);
            assertThat(statusOf(fine)).isEqualTo("SENT");
            assertThat(pauses.of(RelayPauses.relayOf(senderTo(server), settings))).as("the queue goes on").isEmpty();
            clock.advance(Duration.ofMinutes(1));
            channel.runOnce();
            assertThat(alertsOf(admin)).as("nothing for an admin to fix in spring.mail.*").isEmpty();
        }
    }

    @Test
    void aRecipientRefusedWith552IsTriedAgainLaterAsA452AndItsAddressStaysValid() throws Exception {
        // RFC 5321 4.5.3.1.10: a 552 to RCPT TO (too many recipients, a mailbox over quota) is taken as the 452 it is.
        try (var server = new RefusingSmtpServer(Map.of("full", "552 5.2.2 Mailbox full"))) {
            SmtpChannel channel = channelTo(server);
            long id = queued("full");

            channel.runOnce();

            OutboxMessage message = delivery.message(id);
            assertThat(message.status()).isEqualTo("QUEUED");
            assertThat(message.attempts()).isEqualTo(1);
            assertThat(nextAttempt(id)).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
            assertThat(contacts.get(message.contactId()).validity()).isEqualTo(Validity.VALID);

            for (int attempt = 2; attempt <= settings.maxAttempts(); attempt++) {
                clock.set(nextAttempt(id));
                channel.runOnce();
            }

            assertThat(statusOf(id)).as("given up after its attempts").isEqualTo("FAILED");
            assertThat(contacts.get(message.contactId()).validity()).as("still no bounce").isEqualTo(Validity.VALID);
        }
    }

    @Test
    void aMailboxAServerRefusesOnlyAfterTheMessagesDataFailsTheMessageAndMarksTheAddressBounced() throws Exception {
        try (var server = new RefusingSmtpServer(Map.of(
                "nobody", RefusingSmtpServer.afterData("550 5.1.1 <nobody@example.com>: user unknown"),
                "content", RefusingSmtpServer.afterData("550 5.7.1 Message content rejected")))) {
            long nobody = queued("nobody");
            long content = queued("content");

            channelTo(server).runOnce();

            assertThat(statusOf(nobody)).isEqualTo("FAILED");
            assertThat(contacts.get(delivery.message(nobody).contactId()).validity()).isEqualTo(Validity.BOUNCED);
            assertThat(statusOf(content)).isEqualTo("FAILED");
            assertThat(contacts.get(delivery.message(content).contactId()).validity()).as("a policy refusal")
                    .isEqualTo(Validity.VALID);
        }
    }

    @Test
    void prometheusShowsTheQueueItsLongestWaitTheRelaysPauseAndWhatWasSentOrFailedForAnOperatorToAlertOn()
            throws Exception {
        try (var server = new RefusingSmtpServer(Map.of("gone", "550 5.1.1 No such user here"))) {
            SmtpChannel channel = channelTo(server);
            channel.runOnce();
            clock.advance(MailMetrics.FRESH);
            double queuedBefore = gauge("keepwarm.mail.queued");
            double sentBefore = counter("keepwarm.mail.sent");
            double failedBefore = counter("keepwarm.mail.failed");

            queued("fine");
            queued("gone");
            clock.advance(Duration.ofMinutes(2));

            assertThat(gauge("keepwarm.mail.queued")).isEqualTo(queuedBefore + 2);
            assertThat(gauge("keepwarm.mail.oldest.due.age")).as("due two minutes ago").isGreaterThanOrEqualTo(120);
            assertThat(gauge("keepwarm.mail.relay.paused")).isZero();

            channel.runOnce();
            clock.advance(MailMetrics.FRESH);

            // Messages other tests left to come due meanwhile may go in the same round: hence "at least".
            assertThat(gauge("keepwarm.mail.queued")).as("both left the queue").isLessThanOrEqualTo(queuedBefore);
            assertThat(counter("keepwarm.mail.sent")).isGreaterThanOrEqualTo(sentBefore + 1);
            assertThat(counter("keepwarm.mail.failed")).isGreaterThanOrEqualTo(failedBefore + 1);
        }
        transactions.executeWithoutResult(tx -> pauses.troubled(RelayPauses.relayOf(mailSender, settings),
                "could not connect to the mail server", clock.instant()));
        clock.advance(MailMetrics.FRESH);

        String scraped = api.as(Role.ADMIN, MockMvcRequestBuilders.get("/actuator/prometheus")).andReturn()
                .getResponse().getContentAsString();
        assertThat(scraped).contains("keepwarm_mail_relay_paused 1.0", "keepwarm_mail_queued ",
                "keepwarm_mail_in_doubt ", "keepwarm_mail_oldest_due_age_seconds ", "keepwarm_mail_sent_total ",
                "keepwarm_mail_failed_total ");
    }

    @Test
    void theOldestDueMessagesAgeGrowsWhileTheRelaysPauseHoldsItInsteadOfFallingToNothingEachRound() {
        // What other tests left due goes first, so the gauge reads this message alone.
        smtp.drain();
        String relay = RelayPauses.relayOf(mailSender, settings);
        long id = transactions.execute(tx -> queuedDue());
        clock.advance(Duration.ofMinutes(2));

        RelayPauses.Pause first = pauseRound(relay, id);
        clock.advance(MailMetrics.FRESH);

        assertThat(gauge("keepwarm.mail.relay.paused")).isEqualTo(1);
        assertThat(gauge("keepwarm.mail.oldest.due.age")).as("waiting since the pause began, at least")
                .isGreaterThanOrEqualTo(Duration.between(first.since(), clock.instant()).toSeconds());

        // The next round meets the same trouble: the message is put back again, and has still not gone.
        clock.set(first.resumeAt());
        RelayPauses.Pause second = pauseRound(relay, id);
        clock.advance(MailMetrics.FRESH);

        assertThat(second.since()).isEqualTo(first.since());
        assertThat(gauge("keepwarm.mail.oldest.due.age")).as("still growing, not reset by the round")
                .isGreaterThanOrEqualTo(Duration.between(first.since(), clock.instant()).toSeconds())
                .isGreaterThan(60);
    }

    /** A message due now, as a program's email is handed over. */
    private long queuedDue() {
        try {
            return queued("paused");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One round of the queue meeting a relay that takes nothing: the message claimed, then put back until the pause ends. */
    private RelayPauses.Pause pauseRound(String relay, long id) {
        return transactions.execute(tx -> {
            assertThat(queue.claimOne(id, clock.instant(), settings.lease()).toSend()).hasSize(1);
            RelayPauses.Pause pause = pauses.troubled(relay, "could not connect to the mail server", clock.instant());
            queue.postpone(List.of(id), pause.resumeAt(), "could not connect to the mail server");
            return pause;
        });
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }

    private double counter(String name) {
        return meters.get(name).counter().count();
    }

    @Test
    void aRelayThatRefusesOurSenderBouncesNobodyFailsNothingAndTellsTheAdminsUntilItTakesMailAgain() throws Exception {
        // Microsoft 365's answer to a sender the SMTP account may not use; every message would get it.
        var senderReplies = new ConcurrentHashMap<>(Map.of("nurture", "550 5.1.8 Access denied, bad outbound sender"));
        try (var server = new RefusingSmtpServer(Map.of(), senderReplies)) {
            SmtpChannel channel = channelTo(server);
            long admin = newAdmin();
            List<Long> ids = List.of(queued("first"), queued("second"), queued("third"));

            channel.runOnce();

            assertThat(ids).allSatisfy(id -> {
                OutboxMessage message = delivery.message(id);
                assertThat(message.status()).isEqualTo("QUEUED");
                assertThat(message.attempts()).as("not the message's fault: no attempt spent").isZero();
                assertThat(message.lastError()).contains("refused our sender", "550 5.1.8");
                assertThat(contacts.get(message.contactId()).validity()).isEqualTo(Validity.VALID);
                assertThat(nextAttempt(id)).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
            });
            assertThat(alertsOf(admin)).as("a server away for a moment is not news").isEmpty();
            assertThat(channel.runOnce()).as("the queue waits, it does not ask again each second").isZero();

            clock.advance(Duration.ofMinutes(1));
            channel.runOnce();

            assertThat(nextAttempt(ids.getFirst())).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
            assertThat(alertsOf(admin)).singleElement().asString()
                    .contains("Email is not going out", "550 5.1.8", "nurture@keepwarm.test");

            senderReplies.clear();
            clock.advance(Duration.ofMinutes(5));
            channel.runOnce();

            assertThat(ids).allSatisfy(id -> assertThat(statusOf(id)).isEqualTo("SENT"));
            assertThat(server.accepted()).hasSizeGreaterThanOrEqualTo(3);
            assertThat(alertsOf(admin)).as("told once per outage").hasSize(1);
        }
    }

    @Test
    void aRelaysPauseHoldsForAnotherSenderAndAfterARestartUntilItsTimeComes() throws Exception {
        var senderReplies = new ConcurrentHashMap<>(Map.of("nurture", "550 5.1.8 Access denied, bad outbound sender"));
        try (var server = new RefusingSmtpServer(Map.of(), senderReplies)) {
            long waiting = queued("waiting");
            channelTo(server).runOnce();
            // The relay would take mail now, but nothing is to ask it before the pause it asked for ends.
            senderReplies.clear();
            SmtpChannel restarted = channelTo(server);
            long fresh = queued("fresh");

            assertThat(restarted.runOnce()).as("a sender started since, or a second instance, waits too").isZero();
            assertThat(restarted.drain()).isZero();
            restarted.deliverNow(fresh);
            assertThat(statusOf(fresh)).isEqualTo("QUEUED");
            assertThat(server.accepted()).isEmpty();

            clock.advance(Duration.ofMinutes(1));
            restarted.runOnce();

            assertThat(statusOf(waiting)).isEqualTo("SENT");
            assertThat(statusOf(fresh)).isEqualTo("SENT");
            assertThat(restarted.runOnce()).as("the relay took mail: the pause is over").isZero();
        }
    }

    @Test
    void aPauseMetUnderMailSettingsSinceCorrectedEndsAtTheNextStartAndTheMailItHeldGoesOutAtOnce() throws Exception {
        try (var server = new RefusingSmtpServer(Map.of())) {
            long held = queued("held");
            JavaMailSenderImpl strict = senderTo(server);
            strict.getJavaMailProperties().setProperty("mail.smtp.starttls.required", "true");
            channelOf(strict, settings).runOnce();
            assertThat(statusOf(held)).as("STARTTLS required of a relay that offers none: the queue pauses")
                    .isEqualTo("QUEUED");
            assertThat(pauses.of(RelayPauses.relayOf(strict, settings))).isPresent();

            // The admin turns STARTTLS off and starts Keepwarm again, well within the pause.
            clock.advance(Duration.ofSeconds(10));
            JavaMailSenderImpl corrected = senderTo(server);
            new RelayPauseAtStart(new StaticListableBeanFactory(Map.of("sender", corrected))
                    .getBeanProvider(JavaMailSender.class), settings, pauses, queue, transactions, clock.clock()).started();
            channelOf(corrected, settings).runOnce();

            assertThat(statusOf(held)).isEqualTo("SENT");
            assertThat(pauses.of(RelayPauses.relayOf(strict, settings))).as("the old settings' pause is gone").isEmpty();
        }
    }

    @Test
    void theMailSettingsPageShowsThePauseTheSendersKeepUntilItEnds() throws Exception {
        String relay = RelayPauses.relayOf(mailSender, settings);
        transactions.executeWithoutResult(tx -> pauses.troubled(relay, "the mail server refused our sender (550 5.1.8)",
                clock.instant()));

        var paused = Jsoup.parse(settingsMailPage());
        assertThat(paused.getElementById("mail-paused").text()).contains("No email goes out until",
                "the mail server refused our sender (550 5.1.8)", "Nothing has failed");

        clock.advance(Duration.ofMinutes(1));
        assertThat(Jsoup.parse(settingsMailPage()).getElementById("mail-paused")).as("the pause has ended").isNull();
    }

    private String settingsMailPage() throws Exception {
        return api.mvc().perform(MockMvcRequestBuilders.get("/ui/settings/mail")
                .with(SecurityMockMvcRequestPostProcessors.user(api.sessionUser(Role.ADMIN)).roles("ADMIN")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    /** A pause is the relay's: a later test's server may get a port an earlier one had. */
    @AfterEach
    void relaysTakeMailAgain() {
        jdbc.sql("DELETE FROM mail_relay_pauses").update();
    }

    @Test
    void aRelayThatRefusesOurSenderOrWillNotRelayWhenItAnswersTheRecipientBouncesNobody() throws Exception {
        // Postfix holds its verdict on the sender until RCPT TO by default (smtpd_delay_reject).
        try (var server = new RefusingSmtpServer(Map.of(
                "domain", "550 5.1.8 <nurture@keepwarm.test>: Sender address rejected: Domain not found",
                "relay", "554 5.7.1 <relay@example.com>: Relay access denied"))) {
            long domain = queued("domain");
            long relay = queued("relay");

            channelTo(server).runOnce();

            assertThat(List.of(domain, relay)).allSatisfy(id -> {
                assertThat(statusOf(id)).isEqualTo("QUEUED");
                assertThat(contacts.get(delivery.message(id).contactId()).validity()).isEqualTo(Validity.VALID);
            });
        }
    }

    @Test
    void aRelayThatWantsStartTlsOrAnotherPasswordFailsNoMessageHoweverLongItLasts() throws Exception {
        try (var server = new RefusingSmtpServer(Map.of(), Map.of("", "530 5.7.0 Must issue a STARTTLS command first"))) {
            long id = queued("tls");

            roundsPastEveryAttempt(channelTo(server), id);

            assertThat(statusOf(id)).isEqualTo("QUEUED");
            assertThat(delivery.message(id).attempts()).isZero();
            assertThat(delivery.message(id).lastError()).contains("wants a secure connection or a login", "530 5.7.0");
        }
        GreenMail guarded = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        guarded.setUser("keepwarm", "the-right-password");
        guarded.start();
        try {
            JavaMailSenderImpl sender = new JavaMailSenderImpl();
            sender.setHost("127.0.0.1");
            sender.setPort(guarded.getSmtp().getPort());
            sender.setUsername("keepwarm");
            sender.setPassword("an-old-password");
            sender.getJavaMailProperties().put("mail.smtp.auth", "true");
            long id = queued("login");

            roundsPastEveryAttempt(channelOf(sender, settings), id);

            assertThat(statusOf(id)).isEqualTo("QUEUED");
            assertThat(delivery.message(id).attempts()).isZero();
            assertThat(delivery.message(id).lastError()).contains("could not connect or log in", "535");
            assertThat(guarded.getReceivedMessages()).isEmpty();
        } finally {
            guarded.stop();
        }
    }

    @Test
    void anOwnersAddressTheRelayWillNotSendAsGoesFromTheAccountSenderAndTheAdminsHearWhichAddressToAllow()
            throws Exception {
        var rep = users.create(new Users.NewUser("rep-" + UUID.randomUUID().toString().substring(0, 8), "Rita Rep",
                alignedEmail("rita"), Role.SALES, "a-long-password-for-rita"));
        try (var server = new RefusingSmtpServer(Map.of(),
                Map.of("rita", "550 5.7.60 SMTP; Client does not have permissions to send as this sender"))) {
            SmtpChannel channel = channelTo(server);
            long admin = newAdmin();
            List<Long> ids = new java.util.ArrayList<>();
            for (String name : List.of("one", "two")) {
                String to = uniqueEmail(name);
                long touch = newTouchId();
                delivery.send(new Outgoing.Email(touch, api.createContact("{\"email\": \"" + to + "\"}"), to, "Hello",
                        "<p>Hello</p>", null, rep.id(), null, null));
                ids.add(delivery.messageForTouch(touch).orElseThrow().id());
            }

            channel.runOnce();

            assertThat(ids).allSatisfy(id -> {
                OutboxMessage message = delivery.message(id);
                assertThat(message.status()).isEqualTo("SENT");
                assertThat(message.fromAddress()).isEqualTo(settings.fromAddress());
                int at = server.accepted().indexOf(message.to());
                assertThat(server.senders().get(at)).as("the envelope").isEqualTo(settings.bounceAddress());
            });
            assertThat(alertsOf(admin)).as("once per address").singleElement().asString()
                    .contains("will not send as " + rep.email().toLowerCase(java.util.Locale.ROOT), "5.7.60");
        }
    }

    @Test
    void anAddressOutsideAsciiArrivesOverSmtpUtf8AndAnInternationalDomainAsPunycode() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String zoe = "zoë." + id + "@example.de";
        String jurgen = "jürgen.schäfer." + id + "@müller-bau.de";
        String anna = "anna." + id + "@müller-bau.de";
        try (var server = RefusingSmtpServer.offeringSmtpUtf8()) {
            SmtpChannel channel = channelTo(server);
            long toZoe = queued(zoe, api.createContact("{\"email\": \"" + zoe + "\"}"));
            long toJurgen = queued(jurgen, api.createContact("{\"email\": \"" + jurgen + "\"}"));
            long toAnna = queued(anna, api.createContact("{\"email\": \"" + anna + "\"}"));

            channel.runOnce();

            assertThat(List.of(toZoe, toJurgen, toAnna)).allSatisfy(m -> assertThat(statusOf(m)).isEqualTo("SENT"));
            assertThat(server.accepted()).containsExactlyInAnyOrder(zoe, "jürgen.schäfer." + id + "@xn--mller-bau-q9a.de",
                    "anna." + id + "@xn--mller-bau-q9a.de");
            assertThat(server.toHeaders()).contains(zoe);
        }
    }

    @Test
    void aMessageToAnAddressOutsideAsciiCarriesADkimSignatureThatVerifies() throws Exception {
        String zoe = "zoë.ü." + UUID.randomUUID().toString().substring(0, 8) + "@inbox.test";
        try (var server = RefusingSmtpServer.offeringSmtpUtf8()) {
            long id = queued(zoe, api.createContact("{\"email\": \"" + zoe + "\"}"));

            channelTo(server).runOnce();

            assertThat(statusOf(id)).isEqualTo("SENT");
            String raw = server.raws().stream().filter(r -> r.contains("To: " + zoe)).findFirst()
                    .orElseThrow(() -> new AssertionError("no message with the To header as UTF-8 (RFC 6532)"));
            assertThat(verifiedSignatures(raw)).singleElement().satisfies(signature -> assertThat(
                    signature.getHeaders().stream().map(CharSequence::toString).map(String::toLowerCase)).contains("to"));
        }
    }

    @Test
    void mailSentAsAnOwnerWhoseAddressIsOutsideTheSigningDomainGoesFromTheAccountUnderTheirNameAndAdminsHearOnce()
            throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String personal = "zoe.personal." + id + "@yahoo.com";
        var zoe = users.create(new Users.NewUser("zoe-" + id, "Zoë Owner", personal, Role.SALES,
                "a-long-password-for-zoe"));
        var rita = users.create(new Users.NewUser("rita-" + id, "Rita Rep", "rita." + id + "@sales.keepwarm.test",
                Role.SALES, "a-long-password-for-rita"));
        long admin = newAdmin();
        String first = uniqueEmail("first");
        String second = uniqueEmail("second");
        String third = uniqueEmail("third");
        long one = queued(first, api.createContact("{\"email\": \"" + first + "\"}"), zoe.id());
        queued(second, api.createContact("{\"email\": \"" + second + "\"}"), zoe.id());
        queued(third, api.createContact("{\"email\": \"" + third + "\"}"), rita.id());

        smtp.runOnce();

        MimeMessage received = receivedBy(first).getFirst();
        var from = (jakarta.mail.internet.InternetAddress) received.getFrom()[0];
        assertThat(from.getAddress()).as("DMARC: yahoo.com is not keepwarm.test").isEqualTo(settings.fromAddress());
        assertThat(from.getPersonal()).isEqualTo("Zoë Owner");
        assertThat(received.getHeader("Reply-To")).containsExactly(personal);
        assertThat(verifiedSignatures(raw(received))).singleElement()
                .satisfies(signature -> assertThat(signature.getDToken()).isEqualTo("keepwarm.test"));
        assertThat(delivery.message(one).fromAddress()).isEqualTo(settings.fromAddress());
        assertThat(receivedBy(second).getFirst().getFrom()[0].toString()).contains(settings.fromAddress());
        assertThat(receivedBy(third).getFirst().getFrom()[0].toString()).as("a subdomain of the signing domain aligns")
                .isEqualTo("Rita Rep <" + rita.email() + ">");
        assertThat(alertsOf(admin)).as("once per owner").singleElement().asString()
                .contains(personal, "DMARC", "keepwarm.test");
    }

    @Test
    void anAddressOutsideAsciiFailsOnceAndIsMarkedUndeliverableWhereTheServerDoesNotOfferSmtpUtf8() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String zoe = "zoë." + id + "@example.de";
        String anna = "anna." + id + "@müller-bau.de";
        try (var server = new RefusingSmtpServer(Map.of())) {
            SmtpChannel channel = channelTo(server);
            long toZoe = queued(zoe, api.createContact("{\"email\": \"" + zoe + "\"}"));
            long toAnna = queued(anna, api.createContact("{\"email\": \"" + anna + "\"}"));

            channel.runOnce();

            OutboxMessage failed = delivery.message(toZoe);
            assertThat(failed.status()).as("no retries: no try would get there").isEqualTo("FAILED");
            assertThat(failed.attempts()).isEqualTo(1);
            assertThat(failed.lastError()).contains("SMTPUTF8");
            assertThat(contacts.get(failed.contactId()).validity()).as("programs stop trying").isEqualTo(Validity.BOUNCED);
            assertThat(statusOf(toAnna)).as("an international domain needs no SMTPUTF8").isEqualTo("SENT");
            assertThat(server.accepted()).containsExactly("anna." + id + "@xn--mller-bau-q9a.de");
        }
    }

    @Test
    void aMessageThatCannotBeWrittenFailsAtOnceRatherThanBeingTriedForHours() throws Exception {
        // An owner whose address is not ASCII: the From header cannot be written for a server without SMTPUTF8.
        var rep = users.create(new Users.NewUser("rep-" + UUID.randomUUID().toString().substring(0, 8), "Jürgen",
                "jürgen." + UUID.randomUUID().toString().substring(0, 8) + "@example.de", Role.SALES,
                "a-long-password-for-jurgen"));
        String to = uniqueEmail("client");
        long message = queued(to, api.createContact("{\"email\": \"" + to + "\"}"), rep.id());

        smtp.runOnce();

        assertThat(statusOf(message)).isEqualTo("FAILED");
        assertThat(delivery.message(message).attempts()).isEqualTo(1);
        assertThat(contacts.get(delivery.message(message).contactId()).validity()).as("not the contact's fault")
                .isEqualTo(Validity.VALID);
    }

    @Test
    void aTemporaryRefusalQueuesTheMessageAgainWithGrowingPausesUntilItGivesUp() throws Exception {
        try (var server = new RefusingSmtpServer(Map.of("busy", "451 4.3.0 Try again later"))) {
            SmtpChannel channel = channelTo(server);
            long busy = queued("busy");

            channel.runOnce();
            assertThat(statusOf(busy)).isEqualTo("QUEUED");
            assertThat(nextAttempt(busy)).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));

            clock.advance(Duration.ofMinutes(1));
            channel.runOnce();
            assertThat(nextAttempt(busy)).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));

            for (int attempt = 3; attempt <= settings.maxAttempts(); attempt++) {
                clock.set(nextAttempt(busy));
                channel.runOnce();
            }
            assertThat(statusOf(busy)).isEqualTo("FAILED");
            assertThat(delivery.message(busy).attempts()).isEqualTo(settings.maxAttempts());
            assertThat(server.accepted()).isEmpty();
        }
    }

    @Test
    void aQueuedEmailWaitingForItsRetryIsWithheldWhenTheContactUnsubscribesMeanwhile() throws Exception {
        try (var server = new RefusingSmtpServer(Map.of("later", "451 4.3.0 Try again later"))) {
            SmtpChannel channel = channelTo(server);
            String to = "later-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
            long contact = api.createContact("{\"email\": \"" + to + "\"}");
            long message = queued(to, contact);
            channel.runOnce();
            assertThat(statusOf(message)).isEqualTo("QUEUED");

            consents.record(contact, new Consents.Statement(Channel.EMAIL, ConsentState.WITHDRAWN, "unsubscribe link", null));
            clock.set(nextAttempt(message));
            channel.runOnce();

            assertThat(statusOf(message)).isEqualTo("WITHHELD");
            assertThat(delivery.message(message).attempts()).as("not tried again").isEqualTo(1);
        }
    }

    @Test
    void aQueuedEmailWaitingForItsRetryIsWithheldWhenTheAddressIsSuppressedMarkedDoNotContactOrBouncedMeanwhile()
            throws Exception {
        try (var server = new RefusingSmtpServer(Map.of("later", "451 4.3.0 Try again later"))) {
            SmtpChannel channel = channelTo(server);
            Map<String, Long> contactOf = new java.util.LinkedHashMap<>();
            Map<String, Long> messageOf = new java.util.HashMap<>();
            for (String reason : List.of("SUPPRESSED", "DO_NOT_CONTACT", "INVALID_ADDRESS")) {
                String to = "later-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
                contactOf.put(reason, api.createContact("{\"email\": \"" + to + "\"}"));
                messageOf.put(reason, queued(to, contactOf.get(reason)));
            }
            channel.runOnce();
            assertThat(messageOf.values()).allSatisfy(id -> assertThat(statusOf(id)).isEqualTo("QUEUED"));

            contacts.suppress(contactOf.get("SUPPRESSED"), "MANUAL");
            api.patch("/api/v1/contacts/" + contactOf.get("DO_NOT_CONTACT"), "{\"doNotContact\": [\"EMAIL\"]}")
                    .andExpect(status().isOk());
            // An earlier message to the same address bounced while this one waited.
            contacts.markValidity(contactOf.get("INVALID_ADDRESS"), Validity.BOUNCED, "SMTP 550: 550 5.1.1 No such user");
            clock.set(nextAttempt(messageOf.get("SUPPRESSED")));
            channel.runOnce();

            assertThat(messageOf).allSatisfy((reason, id) -> {
                assertThat(statusOf(id)).as(reason).isEqualTo("WITHHELD");
                assertThat(delivery.message(id).attempts()).as("not tried again").isEqualTo(1);
            });
            assertThat(delivery.message(messageOf.get("SUPPRESSED")).lastError()).contains("suppression list");
            assertThat(delivery.message(messageOf.get("DO_NOT_CONTACT")).lastError()).contains("do-not-contact");
            assertThat(delivery.message(messageOf.get("INVALID_ADDRESS")).lastError()).contains("not valid");
            assertThat(server.accepted()).isEmpty();
        }
    }

    @Test
    void aConfirmationEmailToASuppressedAddressDoesNotGo() throws Exception {
        String to = uniqueEmail("suppressed-confirm");
        long contact = api.createContact("{\"email\": \"" + to + "\"}");
        contacts.suppress(contact, "COMPLAINT");

        long id = delivery.sendNow(new Transactional(contact, to, "Please confirm", "<p>Confirm</p>", "Confirm"));
        smtp.awaitDeliveriesAtOnce();

        assertThat(receivedBy(to)).isEmpty();
        assertThat(statusOf(id)).isEqualTo("WITHHELD");
    }

    @Test
    void aServerThatHangsUpAfterSoManyMessagesGetsTheRestOverNewConnectionsInTheSameRound() throws Exception {
        try (var server = new RefusingSmtpServer(Map.of(), Duration.ZERO, 2)) {
            SmtpChannel channel = channelTo(server);
            Map<Long, String> sent = new java.util.HashMap<>();
            for (int i = 0; i < 4 * settings.connections(); i++) {
                long id = queued("many");
                sent.put(id, delivery.message(id).to());
            }

            channel.runOnce();

            assertThat(sent.keySet()).allSatisfy(id -> assertThat(statusOf(id)).isEqualTo("SENT"));
            assertThat(server.accepted()).filteredOn(sent::containsValue).hasSize(sent.size())
                    .containsExactlyInAnyOrderElementsOf(sent.values());
        }
    }

    @Test
    void aConnectionThatBreaksWhileTheServerAnswersTheEndOfAMessageLeavesItInDoubtNeverSentTwice() throws Exception {
        try (var server = new RefusingSmtpServer(Map.of("swallowed", RefusingSmtpServer.HANG_UP_AFTER_DATA))) {
            SmtpChannel channel = channelTo(server);
            long warm = queued("warm");
            channel.runOnce();
            assertThat(statusOf(warm)).isEqualTo("SENT");
            // The next message goes over the connection the first one left open, and the server hangs up after taking it.
            long swallowed = queued("swallowed");
            long after = queued("after");

            channel.runOnce();
            clock.advance(Duration.ofHours(1));
            channel.runOnce();

            String to = delivery.message(swallowed).to();
            assertThat(server.accepted()).filteredOn(to::equals).as("delivered once, not again").hasSize(1);
            assertThat(statusOf(swallowed)).isEqualTo("IN_DOUBT");
            assertThat(delivery.message(swallowed).lastError()).contains("may or may not have taken it");
            assertThat(statusOf(after)).isEqualTo("SENT");
        }
    }

    @Test
    void aMessageTriedAgainOnAFreshConnectionIsInDoubtTooWhenThatConnectionBreaksAfterItsData() throws Exception {
        // One message per connection: the second message of the round finds its connection closed, is tried again at
        // once on a new one, and that server takes it and hangs up before answering.
        try (var server = new RefusingSmtpServer(Map.of("swallowed", RefusingSmtpServer.HANG_UP_AFTER_DATA),
                Duration.ZERO, 1)) {
            MailSettings one = new MailSettings(settings.fromAddress(), settings.fromName(), settings.replyTo(),
                    settings.unsubscribeAddress(), settings.postalAddress(), settings.messageIdDomain(), 1,
                    settings.perSecond(), settings.perDomainPerSecond(), settings.batch(), settings.lease(),
                    settings.maxAttempts(), settings.dkim(), settings.allowInsecurePublicUrl(), settings.bounceAddress());
            JavaMailSenderImpl sender = new JavaMailSenderImpl();
            sender.setHost("127.0.0.1");
            sender.setPort(server.port());
            SmtpChannel channel = new SmtpChannel(new StaticListableBeanFactory(Map.of("s", sender))
                    .getBeanProvider(JavaMailSender.class), queue, one, replySettings, transactions, events, clock.clock(), pauses, PUBLIC_URL);
            long first = queued("first");
            long swallowed = queued("swallowed");

            channel.runOnce();
            clock.advance(Duration.ofHours(1));
            channel.runOnce();

            assertThat(statusOf(first)).isEqualTo("SENT");
            String to = delivery.message(swallowed).to();
            assertThat(server.accepted()).filteredOn(to::equals).as("delivered once, not again").hasSize(1);
            assertThat(statusOf(swallowed)).isEqualTo("IN_DOUBT");
        }
    }

    @Test
    void aDuplicatesEmailStillQueuedWhenItIsMergedAwayIsWithheldNotSentToTheAddressMergedAway() throws Exception {
        String to = uniqueEmail("merged-away");
        long duplicate = api.createContact("{\"email\": \"" + to + "\"}");
        long survivor = api.createContact("{\"email\": \"" + uniqueEmail("keeper") + "\"}");
        long id = queued(to, duplicate);

        api.post("/api/v1/contacts/merge", "{\"survivorId\": %d, \"mergedId\": %d}".formatted(survivor, duplicate))
                .andExpect(status().isOk());
        smtp.runOnce();

        assertThat(receivedBy(to)).isEmpty();
        assertThat(statusOf(id)).isEqualTo("WITHHELD");
        assertThat(delivery.message(id).contactId()).as("kept in the survivor's outbox").isEqualTo(survivor);
        assertThat(delivery.message(id).lastError()).isEqualTo("not sent: its contact was merged into contact " + survivor);
    }

    @Test
    void drainingSendsEveryQueuedMessageOnceRoundAfterRound() throws Exception {
        try (var server = new RefusingSmtpServer(Map.of())) {
            MailSettings small = new MailSettings(settings.fromAddress(), settings.fromName(), settings.replyTo(),
                    settings.unsubscribeAddress(), settings.postalAddress(), settings.messageIdDomain(), 3,
                    settings.perSecond(), settings.perDomainPerSecond(), 5, settings.lease(), settings.maxAttempts(),
                    settings.dkim(), settings.allowInsecurePublicUrl(), settings.bounceAddress());
            JavaMailSenderImpl sender = new JavaMailSenderImpl();
            sender.setHost("127.0.0.1");
            sender.setPort(server.port());
            SmtpChannel channel = new SmtpChannel(new StaticListableBeanFactory(Map.of("s", sender))
                    .getBeanProvider(JavaMailSender.class), queue, small, replySettings, transactions, events, clock.clock(), pauses, PUBLIC_URL);
            Map<Long, String> queued = new java.util.HashMap<>();
            for (int i = 0; i < 23; i++) {
                long id = queued("drained");
                queued.put(id, delivery.message(id).to());
            }

            assertThat(channel.drain()).isGreaterThanOrEqualTo(23);

            assertThat(queued.keySet()).allSatisfy(id -> assertThat(statusOf(id)).isEqualTo("SENT"));
            assertThat(server.accepted()).filteredOn(queued::containsValue)
                    .containsExactlyInAnyOrderElementsOf(queued.values());
            assertThat(channel.drain()).isZero();
        }
    }

    @Test
    void aGracefulStopMidRoundFinishesTheMessagesOnTheWireAndPutsTheRestBackNoneInDoubtNoneSentUnrecorded()
            throws Exception {
        var onTheWire = new CountDownLatch(2);
        var answer = new CountDownLatch(1);
        try (var server = new RefusingSmtpServer(Map.of())) {
            // A relay that holds each message's end until told to answer: both lanes have one on the wire.
            server.onAccepted(() -> {
                onTheWire.countDown();
                awaitLatch(answer);
            });
            MailSettings twoLanes = new MailSettings(settings.fromAddress(), settings.fromName(), settings.replyTo(),
                    settings.unsubscribeAddress(), settings.postalAddress(), settings.messageIdDomain(), 2,
                    settings.perSecond(), settings.perDomainPerSecond(), 4, settings.lease(), settings.maxAttempts(),
                    settings.dkim(), settings.allowInsecurePublicUrl(), settings.bounceAddress());
            JavaMailSenderImpl sender = new JavaMailSenderImpl();
            sender.setHost("127.0.0.1");
            sender.setPort(server.port());
            SmtpChannel channel = channelOf(sender, twoLanes);
            List<Long> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ids.add(queued("stopping"));
            }
            var stopReachedTheMail = new CountDownLatch(1);
            try (var keepwarm = scheduledAsInProduction(channel, stopReachedTheMail)) {
                assertThat(keepwarm.getBean(TaskScheduler.class)).as("the scheduler Keepwarm's jobs run on")
                        .isInstanceOf(ThreadPoolTaskScheduler.class);
                assertThat(onTheWire.await(1, TimeUnit.MINUTES)).as("the mail job is sending").isTrue();

                Thread stop = Thread.ofVirtual().start(keepwarm::close);
                assertThat(stopReachedTheMail.await(1, TimeUnit.MINUTES)).isTrue();
                answer.countDown();
                stop.join(Duration.ofMinutes(1));
                assertThat(stop.isAlive()).as("the stop waits for the messages on the wire, not for its timeout").isFalse();
            }

            assertThat(server.accepted()).as("nothing sent after the stop but the messages on the wire").hasSize(2);
            assertThat(ids).allSatisfy(id -> {
                String to = delivery.message(id).to();
                if (server.accepted().contains(to)) {
                    assertThat(statusOf(id)).as("sent and recorded").isEqualTo("SENT");
                } else {
                    assertThat(statusOf(id)).as("back in the queue, not in doubt").isEqualTo("QUEUED");
                    assertThat(delivery.message(id).attempts()).as("no try counted").isZero();
                    assertThat(nextAttempt(id)).as("due at once on the next start").isBeforeOrEqualTo(clock.instant());
                }
            });
        }
    }

    /**
     * The mail job in a context of its own, scheduled and stopped as Keepwarm's jobs are, so that the test can close
     * it as SIGTERM does. {@code stopReachedTheMail} opens once the stop has told the mail channel and before the
     * scheduler waits for the job in flight.
     */
    private AnnotationConfigApplicationContext scheduledAsInProduction(SmtpChannel channel,
            CountDownLatch stopReachedTheMail) {
        return JobsAsInProduction.start(Map.of("keepwarm.mail.replies.poll", "PT1H"), context -> {
            context.registerBean(SmtpChannel.class, () -> channel);
            context.registerBean(MailJob.class, () -> new MailJob(channel, replies));
            context.registerBean("stopReachedTheMail", SmartLifecycle.class, () -> new SmartLifecycle() {
                private volatile boolean running = true;

                @Override
                public void start() {
                    running = true;
                }

                @Override
                public void stop() {
                    running = false;
                    stopReachedTheMail.countDown();
                }

                @Override
                public boolean isRunning() {
                    return running;
                }

                @Override
                public int getPhase() {
                    return SmartLifecycle.DEFAULT_PHASE - 1;
                }
            });
        });
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void drainingGoesPastAWholeBatchPutBackForQuietHoursToTheMessagesThatMayGo() throws Exception {
        try (var server = new RefusingSmtpServer(Map.of())) {
            MailSettings small = new MailSettings(settings.fromAddress(), settings.fromName(), settings.replyTo(),
                    settings.unsubscribeAddress(), settings.postalAddress(), settings.messageIdDomain(), 3,
                    settings.perSecond(), settings.perDomainPerSecond(), 3, settings.lease(), settings.maxAttempts(),
                    settings.dkim(), settings.allowInsecurePublicUrl(), settings.bounceAddress());
            JavaMailSenderImpl sender = new JavaMailSenderImpl();
            sender.setHost("127.0.0.1");
            sender.setPort(server.port());
            SmtpChannel channel = channelOf(sender, small);
            ZonedDateTime friday = next(DayOfWeek.FRIDAY, NEW_YORK);
            clock.set(at(friday, 19, 50));
            // Two batches' worth, so that one claim holds nothing else whatever the shared outbox has due before them.
            List<Long> evening = new java.util.ArrayList<>();
            for (int i = 0; i < 2 * small.batch(); i++) {
                String to = uniqueEmail("evening");
                evening.add(programsEmail(to, newYorker(to)));
            }
            clock.advance(Duration.ofMinutes(1));
            String askedTo = uniqueEmail("asked");
            long asked = queued(askedTo, newYorker(askedTo));

            clock.set(at(friday, 20, 10));
            channel.drain();

            assertThat(statusOf(asked)).as("the piece the contact asked for, queued behind them").isEqualTo("SENT");
            assertThat(server.accepted()).contains(askedTo);
            Instant monday = at(friday.plusDays(3), 8, 0);
            assertThat(evening).allSatisfy(id -> {
                assertThat(statusOf(id)).isEqualTo("QUEUED");
                assertThat(nextAttempt(id)).isEqualTo(monday);
            });
            assertThat(channel.drain()).as("nothing due is left").isZero();
        }
    }

    @Test
    void aServerThatCannotBeReachedLeavesEveryClaimedMessageWaitingForItsNextAttempt() throws Exception {
        int closedPort;
        try (var probe = new java.net.ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(closedPort);
        var beans = new StaticListableBeanFactory(Map.of("down", sender));
        SmtpChannel down = new SmtpChannel(beans.getBeanProvider(JavaMailSender.class), queue, settings, replySettings, transactions,
                events, clock.clock(), pauses, PUBLIC_URL);
        List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(queued("waiting"));
        }

        down.runOnce();

        assertThat(ids).allSatisfy(id -> {
            assertThat(statusOf(id)).isEqualTo("QUEUED");
            assertThat(delivery.message(id).lastError()).contains("Connect");
            assertThat(nextAttempt(id)).isEqualTo(clock.instant().plus(Duration.ofMinutes(1)));
        });
    }

    @Test
    void aNurtureEmailThatWaitedInTheQueuePastItsTouchsStaleTimeIsWithheldNotSentLate() throws Exception {
        // On a weekday morning, so that the two hours' wait ends inside the contacts' allowed hours.
        clock.set(at(next(DayOfWeek.MONDAY, ZoneOffset.UTC), 9, 0));
        String lateTo = uniqueEmail("stale");
        long late = newTouchId();
        delivery.send(new Outgoing.Email(late, api.createContact("{\"email\": \"" + lateTo + "\"}"), lateTo,
                "Monday's news", "<p>News</p>", null, null, null, null, clock.instant().plus(Duration.ofHours(1))));
        String inTimeTo = uniqueEmail("in-time");
        long inTime = newTouchId();
        delivery.send(new Outgoing.Email(inTime, api.createContact("{\"email\": \"" + inTimeTo + "\"}"), inTimeTo,
                "This month's guide", "<p>Guide</p>", null, null, null, null, clock.instant().plus(Duration.ofDays(3))));
        // The mail server was away for two hours.
        clock.advance(Duration.ofHours(2));

        smtp.deliverNow(delivery.messageForTouch(late).orElseThrow().id());
        smtp.deliverNow(delivery.messageForTouch(inTime).orElseThrow().id());

        OutboxMessage withheld = delivery.messageForTouch(late).orElseThrow();
        assertThat(withheld.status()).isEqualTo("WITHHELD");
        assertThat(withheld.lastError()).contains("past the time its touch was worth sending");
        assertThat(delivery.messageForTouch(inTime).orElseThrow().status()).isEqualTo("SENT");
        assertThat(Arrays.stream(greenMail.getReceivedMessages()).map(m -> {
            try {
                return m.getSubject();
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        })).contains("This month's guide").doesNotContain("Monday's news");
    }

    @Test
    void aProgramsEmailWhoseRetryFallsInTheContactsFridayEveningArrivesMondayAtEightTheirTime() throws Exception {
        try (var server = new RefusingSmtpServer(Map.of("late", "451 4.3.0 Try again later"))) {
            ZonedDateTime friday = next(DayOfWeek.FRIDAY, NEW_YORK);
            Map<String, Long> id = refusedAt1934And1935And1940(channelTo(server), friday);

            assertThat(nextAttempt(id.get("program"))).isEqualTo(at(friday, 20, 10));
            clock.set(at(friday, 20, 10));
            smtp.runOnce();

            assertThat(receivedBy(delivery.message(id.get("program")).to())).as("not at 20:10 their time").isEmpty();
            assertThat(statusOf(id.get("program"))).isEqualTo("QUEUED");
            Instant monday = at(friday.plusDays(3), 8, 0);
            assertThat(nextAttempt(id.get("program"))).isEqualTo(monday);
            assertThat(delivery.message(id.get("program")).attempts()).as("waiting is no attempt").isEqualTo(3);

            clock.set(monday.minusSeconds(60));
            smtp.runOnce();
            assertThat(receivedBy(delivery.message(id.get("program")).to())).as("not over the weekend").isEmpty();
            clock.set(monday);
            smtp.runOnce();

            OutboxMessage sent = delivery.message(id.get("program"));
            assertThat(receivedBy(sent.to())).hasSize(1);
            assertThat(sent.status()).isEqualTo("SENT");
            assertThat(sent.sentAt()).isEqualTo(monday);
            assertThat(server.accepted()).isEmpty();
        }
    }

    @Test
    void aProgramsEmailWhoseRetryFallsInTheEveningAndWhichWouldBeStaleByMondayIsWithheldAtOnce() throws Exception {
        try (var server = new RefusingSmtpServer(Map.of("late", "451 4.3.0 Try again later"))) {
            ZonedDateTime friday = next(DayOfWeek.FRIDAY, NEW_YORK);
            clock.set(at(friday, 19, 55));
            String to = "late-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
            long contact = newYorker(to);
            long id = programsEmail(to, contact, at(friday.plusDays(1), 12, 0));
            SmtpChannel refusing = channelTo(server);
            refusing.runOnce();
            clock.set(nextAttempt(id));
            refusing.runOnce();

            clock.set(nextAttempt(id));
            smtp.runOnce();

            OutboxMessage withheld = delivery.message(id);
            assertThat(withheld.status()).as("withheld at %s, not on Monday", clock.instant()).isEqualTo("WITHHELD");
            assertThat(withheld.lastError()).contains("past the time its touch was worth sending");
        }
    }

    @Test
    void aProgramsEmailThatWaitedForAContactOfUnknownZoneIsWithheldWhenNoHourIsAllowedInEveryZone() throws Exception {
        int end = jdbc.sql("SELECT end_hour FROM pressure_hours WHERE channel = 'EMAIL'").query(Integer.class).single();
        try (var server = new RefusingSmtpServer(Map.of("late", "451 4.3.0 Try again later"))) {
            // One hour a day: no instant is inside it from UTC-12 to UTC+14 at once.
            jdbc.sql("UPDATE pressure_hours SET end_hour = start_hour + 1 WHERE channel = 'EMAIL'").update();
            String to = "late-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
            long contact = api.createContact("{\"email\": \"" + to + "\"}");
            // A zone name dropped from a later IANA release.
            jdbc.sql("UPDATE contacts SET time_zone = 'Mars/Olympus_Mons' WHERE id = ?").param(contact).update();
            long id = programsEmail(to, contact);
            channelTo(server).runOnce();

            clock.set(nextAttempt(id));
            smtp.runOnce();

            assertThat(statusOf(id)).isEqualTo("WITHHELD");
            assertThat(delivery.message(id).lastError()).contains("time zone is unknown");
            assertThat(receivedBy(to)).isEmpty();
        } finally {
            jdbc.sql("UPDATE pressure_hours SET end_hour = ? WHERE channel = 'EMAIL'").param(end).update();
        }
    }

    @Test
    void aProgramsEmailTheEngineLetGoSecondsBeforeTheContactsEveningGoesWithTheNextRoundNotOnMonday() throws Exception {
        ZonedDateTime friday = next(DayOfWeek.FRIDAY, NEW_YORK);
        clock.set(at(friday, 19, 59).plusSeconds(50));
        String to = uniqueEmail("just-in-time");
        long id = programsEmail(to, newYorker(to));

        clock.advance(Duration.ofSeconds(20));
        smtp.runOnce();

        assertThat(statusOf(id)).isEqualTo("SENT");
    }

    @Test
    void aConfirmationAndAPieceTheContactAskedForAreNotHeldForQuietHoursWhenTheirRetryFallsInTheEvening()
            throws Exception {
        try (var server = new RefusingSmtpServer(Map.of("late", "451 4.3.0 Try again later"))) {
            ZonedDateTime friday = next(DayOfWeek.FRIDAY, NEW_YORK);
            Map<String, Long> id = refusedAt1934And1935And1940(channelTo(server), friday);

            Instant evening = at(friday, 20, 10);
            clock.set(evening);
            smtp.runOnce();

            for (String asked : List.of("confirmation", "requested")) {
                OutboxMessage message = delivery.message(id.get(asked));
                assertThat(message.status()).as(asked).isEqualTo("SENT");
                assertThat(message.sentAt()).as(asked).isEqualTo(evening);
                assertThat(receivedBy(message.to())).as(asked).hasSize(1);
            }
            assertThat(statusOf(id.get("program"))).isEqualTo("QUEUED");
        }
    }

    @Test
    void aProgramsEmailHeldByARelayOutageFromFridayEveningWaitsForMondayWhenTheRelayTakesMailAgain() throws Exception {
        var senderReplies = new ConcurrentHashMap<>(Map.of("", "550 5.1.8 Access denied, bad outbound sender"));
        try (var server = new RefusingSmtpServer(Map.of(), senderReplies)) {
            SmtpChannel relay = channelTo(server);
            ZonedDateTime friday = next(DayOfWeek.FRIDAY, NEW_YORK);
            clock.set(at(friday, 19, 55));
            String to = uniqueEmail("outage");
            long id = programsEmail(to, newYorker(to));

            relay.runOnce();
            clock.advance(Duration.ofMinutes(1));
            relay.runOnce();
            assertThat(nextAttempt(id)).as("the queue pauses, longer each round").isEqualTo(at(friday, 20, 1));
            senderReplies.clear();
            clock.set(nextAttempt(id));
            relay.runOnce();

            Instant monday = at(friday.plusDays(3), 8, 0);
            assertThat(statusOf(id)).isEqualTo("QUEUED");
            assertThat(nextAttempt(id)).isEqualTo(monday);
            clock.set(monday);
            relay.runOnce();
            assertThat(statusOf(id)).isEqualTo("SENT");
            assertThat(delivery.message(id).sentAt()).isEqualTo(monday);
            assertThat(server.accepted()).contains(to);
        }
    }

    @Test
    void aProgramsEmailInDoubtThatAPersonResendsOnFridayEveningGoesAtOnce() throws Exception {
        ZonedDateTime friday = next(DayOfWeek.FRIDAY, NEW_YORK);
        clock.set(at(friday, 19, 55));
        String to = uniqueEmail("resent");
        long id = programsEmail(to, newYorker(to));
        transactions.execute(tx -> queue.claimOne(id, clock.instant(), settings.lease()));
        clock.advance(settings.lease().plusSeconds(1));
        smtp.runOnce();
        assertThat(statusOf(id)).isEqualTo("IN_DOUBT");

        clock.set(at(friday, 21, 0));
        api.mvc().perform(MockMvcRequestBuilders.post("/api/v1/outbox/" + id + "/resolve").param("decision", "RESEND")
                .header("Authorization", "Bearer " + api.key(Role.MARKETER))).andExpect(status().isOk());
        smtp.runOnce();

        assertThat(statusOf(id)).as("the person's own choice").isEqualTo("SENT");
        assertThat(receivedBy(to)).hasSize(1);
    }

    /**
     * A program's email, a confirmation and a piece the contact asked for, each to a contact in New York whom the relay
     * refuses at 19:34, at the retry at 19:35 and at the one at 19:40, leaving the next retry due at 20:10.
     */
    private Map<String, Long> refusedAt1934And1935And1940(SmtpChannel refusing, ZonedDateTime friday) throws Exception {
        clock.set(at(friday, 19, 34));
        Map<String, Long> id = new java.util.HashMap<>();
        for (String kind : List.of("program", "confirmation", "requested")) {
            String to = "late-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
            long contact = newYorker(to);
            id.put(kind, switch (kind) {
                case "program" -> programsEmail(to, contact);
                // As Delivery.sendNow stores it, before it tries at once.
                case "confirmation" -> outbox.insertOne(new OutboxStore.NewMessage(null, contact, "TRANSACTIONAL", to,
                        settings.fromAddress(), settings.fromName(), "Please confirm", "<p>Confirm</p>", "Confirm", null,
                        List.of(), "<m." + UUID.randomUUID() + "@keepwarm.test>", "QUEUED", null), clock.instant());
                // As Delivery.sendAtOnce stores a piece from a landing page: a touch of no program, with no stale time.
                default -> queued(to, contact);
            });
        }
        refusing.runOnce();
        for (int retry = 0; retry < 2; retry++) {
            clock.set(nextAttempt(id.get("program")));
            refusing.runOnce();
        }
        assertThat(id.values()).allSatisfy(message -> assertThat(statusOf(message)).isEqualTo("QUEUED"));
        return id;
    }

    /** A contact in New York with that address. */
    private long newYorker(String to) throws Exception {
        return api.createContact("{\"email\": \"" + to + "\", \"timeZone\": \"America/New_York\"}");
    }

    /** A program's nurture email, good for a week, handed over now. */
    private long programsEmail(String to, long contact) {
        return programsEmail(to, contact, clock.instant().plus(Duration.ofDays(7)));
    }

    private long programsEmail(String to, long contact, Instant staleAt) {
        long touch = newTouchId();
        delivery.send(new Outgoing.Email(touch, contact, to, "This week's guide", "<p>Guide</p>", null, null, null, null,
                staleAt));
        return delivery.messageForTouch(touch).orElseThrow().id();
    }

    /** The next such day after the clock's in that zone (the shared clock only moves on). */
    private ZonedDateTime next(DayOfWeek day, ZoneId zone) {
        return clock.instant().atZone(zone).with(TemporalAdjusters.next(day)).truncatedTo(ChronoUnit.DAYS);
    }

    private static Instant at(ZonedDateTime day, int hour, int minute) {
        return day.with(LocalTime.of(hour, minute)).toInstant();
    }

    @Test
    void anAddressNoServerCouldTakeFailsAtOnce() throws Exception {
        long contact = api.createContact("{\"email\": \"" + uniqueEmail("odd") + "\"}");
        // An address stored before addresses were checked: a message goes to the contact's address as it is.
        String odd = "not an address" + ThreadLocalRandom.current().nextInt(1_000_000) + "@@example..com";
        jdbc.sql("UPDATE contacts SET email = ? WHERE id = ?").params(odd, contact).update();
        long touch = newTouchId();
        delivery.send(new Outgoing.Email(touch, contact, odd, "Hi", "<p>Hi</p>", null, null, null, null));

        smtp.runOnce();

        OutboxMessage message = delivery.messageForTouch(touch).orElseThrow();
        assertThat(message.status()).isEqualTo("FAILED");
        assertThat(message.lastError()).startsWith("SMTP 553: not a valid address");
    }

    @Test
    void aMessageInFlightWhenTheSenderStoppedWaitsForAPersonAndGoesOutOnlyWhenTheyResendIt() throws Exception {
        String to = uniqueEmail("indoubt");
        long id = queued(to, api.createContact("{\"email\": \"" + to + "\"}"));
        // A sender claims the message, then dies before it can record what happened.
        transactions.execute(tx -> queue.claimOne(id, clock.instant(), settings.lease()));

        clock.advance(settings.lease().plusSeconds(1));
        smtp.runOnce();

        assertThat(statusOf(id)).isEqualTo("IN_DOUBT");
        assertThat(receivedBy(to)).isEmpty();
        api.get("/api/v1/outbox/in-doubt").andExpect(status().isOk())
                .andExpect(jsonPath("$.items[?(@.id == " + id + ")].status").value("IN_DOUBT"));
        smtp.runOnce();
        assertThat(receivedBy(to)).as("never re-sent on its own").isEmpty();

        api.mvc().perform(MockMvcRequestBuilders.post("/api/v1/outbox/" + id + "/resolve").param("decision", "RESEND")
                .header("Authorization", "Bearer " + api.key(Role.MARKETER))).andExpect(status().isOk());
        smtp.runOnce();

        assertThat(receivedBy(to)).hasSize(1);
        assertThat(statusOf(id)).isEqualTo("SENT");
        api.mvc().perform(MockMvcRequestBuilders.post("/api/v1/outbox/" + id + "/resolve").param("decision", "SENT")
                .header("Authorization", "Bearer " + api.key(Role.MARKETER))).andExpect(status().isConflict());
    }

    private SmtpChannel channelTo(RefusingSmtpServer server) {
        return channelOf(senderTo(server), settings);
    }

    private static JavaMailSenderImpl senderTo(RefusingSmtpServer server) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(server.port());
        return sender;
    }

    private SmtpChannel channelOf(JavaMailSenderImpl sender, MailSettings with) {
        var beans = new StaticListableBeanFactory(Map.of("sender", sender));
        return new SmtpChannel(beans.getBeanProvider(JavaMailSender.class), queue, with, replySettings, transactions, events, clock.clock(), pauses,
                PUBLIC_URL);
    }

    /** Rounds at each next attempt, more of them than a message has attempts. */
    private void roundsPastEveryAttempt(SmtpChannel channel, long id) {
        for (int round = 0; round <= settings.maxAttempts() + 1; round++) {
            channel.runOnce();
            clock.set(nextAttempt(id));
        }
    }

    private long newAdmin() {
        return users.create(new Users.NewUser("admin-" + UUID.randomUUID().toString().substring(0, 8), "An Admin", null,
                Role.ADMIN, "a-long-password-for-an-admin")).id();
    }

    /** The subject and body of each alert the user got, oldest first. */
    private List<String> alertsOf(long userId) {
        return jdbc.sql("SELECT subject, body FROM alerts WHERE user_id = ? ORDER BY id").param(userId)
                .query((rs, n) -> rs.getString(1) + "\n" + rs.getString(2)).list();
    }

    private long queued(String localPart) throws Exception {
        String to = localPart + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        return queued(to, api.createContact("{\"email\": \"" + to + "\"}"));
    }

    private long queued(String to, long contact) {
        return queued(to, contact, null);
    }

    private long queued(String to, long contact, Long fromOwner) {
        long touch = newTouchId();
        delivery.send(new Outgoing.Email(touch, contact, to, "Hello", "<p>Hello</p>", null, fromOwner, null, null));
        return delivery.messageForTouch(touch).orElseThrow().id();
    }

    private String statusOf(long id) {
        return delivery.message(id).status();
    }

    private java.time.Instant nextAttempt(long id) {
        return jdbc.sql("SELECT next_attempt_at FROM outbox_messages WHERE id = ?").param(id)
                .query((rs, n) -> rs.getObject(1, java.time.OffsetDateTime.class).toInstant()).single();
    }

    /** The messages to the address, once one has arrived (within a minute): what is sent at once has a thread of its own. */
    private List<MimeMessage> awaitReceivedBy(String to) {
        for (int seen = greenMail.getReceivedMessages().length; receivedBy(to).isEmpty();
                seen = greenMail.getReceivedMessages().length) {
            if (!greenMail.waitForIncomingEmail(60_000, seen + 1)) {
                break;
            }
        }
        return receivedBy(to);
    }

    private List<MimeMessage> receivedBy(String to) {
        return Arrays.stream(greenMail.getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(to);
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    /** An owner's address in the domain the tests' mail is signed for (DKIM d=keepwarm.test): it may go as the From. */
    private static String alignedEmail(String name) {
        return name + "." + UUID.randomUUID().toString().substring(0, 8) + "@keepwarm.test";
    }

    private static long newTouchId() {
        return ThreadLocalRandom.current().nextLong(1_000_000_000L, Long.MAX_VALUE);
    }

    private static String raw(MimeMessage message) throws Exception {
        var out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Checks the signature with Apache jDKIM, the public key served as DNS would for kw1._domainkey.keepwarm.test. */
    private static List<SignatureRecord> verifiedSignatures(String raw) throws Exception {
        String publicKey = Files.readString(Path.of("src/test/resources/dkim/test-public.b64")).strip();
        var keys = new MultiplexingPublicKeyRecordRetriever("dns", (method, selector, token) ->
                selector.equals("kw1") && token.equals("keepwarm.test") ? List.of("v=DKIM1; k=rsa; p=" + publicKey) : List.of());
        // The signature is dated by the simulated clock, which the tests move years past the real date that jDKIM
        // checks it against: the date is left unread, what it signs is still verified.
        DKIMVerifier verifier = new DKIMVerifier(keys) {
            @Override
            public SignatureRecord newSignatureRecord(String record) {
                return new SignatureRecordImpl(record) {
                    @Override
                    public Long getSignatureTimestamp() {
                        return null;
                    }
                };
            }
        };
        return verifier.verify(new ByteArrayInputStream(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
