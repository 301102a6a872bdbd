package io.keepwarm.delivery.internal;

import io.keepwarm.delivery.EmailFailed;
import io.keepwarm.delivery.EmailWithheld;
import io.keepwarm.delivery.MailTroubleReported;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the queued outbox over SMTP. A round expires stale leases (in doubt), claims due messages with a lease in a
 * short transaction, sends them over a pool of persistent connections on virtual threads, paced by the global and
 * per-domain rates, and records each outcome: sent; a transient failure (4xx, a broken connection) queued again with
 * backoff; a permanent one (5xx) failed, the address marked bounced where the refused recipient's reply says the
 * mailbox does not exist; a connection that broke while the server answered the end of a message in doubt, for a
 * person to decide. Trouble that is ours rather than the message's (the server cannot be reached, refuses our login
 * or our sender) fails nothing: the queue pauses and admins are told. The pause is the relay's, kept in the database
 * ({@link RelayPauses}): a restart or another instance waits too rather than sending straight into the trouble.
 *
 * <p>A graceful stop (SIGTERM) claims no new round, and the lanes take no new message: the messages on the wire are
 * finished, their outcomes recorded and the rest of the round put back in the queue as it was, before the scheduler
 * (which waits for the job in flight up to spring.lifecycle.timeout-per-shutdown-phase) lets the context close the
 * connections and the database. Its phase is the highest, so it is told before the scheduler starts waiting.
 */
@Component
public class SmtpChannel implements AutoCloseable, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SmtpChannel.class);
    /** The round of trouble in a row at which admins are told: a server that was away for a moment is not news. */
    private static final int REPORT_AT_ROUND = 2;
    /** The waits after each failed try of a message, and after each round of trouble in a row ({@link RelayPauses}). */
    static final List<Duration> BACKOFF = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(12));

    /** How long connecting to the server may take, unless spring.mail.properties say otherwise. */
    static final Duration CONNECT = Duration.ofSeconds(10);
    /**
     * How long one read or write may wait for the server, unless spring.mail.properties say otherwise: relays answer
     * the end of a message in seconds, and a lane must come free before a graceful stop gives up on it.
     */
    static final Duration ANSWER = Duration.ofSeconds(20);

    private final JavaMailSenderImpl server;
    private final MailQueue queue;
    private final MailComposer composer;
    private final MailSettings settings;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final SendRates rates;
    private final BlockingQueue<Transport> idle;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<String> ownersReported = ConcurrentHashMap.newKeySet();
    private final Set<CompletableFuture<Void>> atOnce = ConcurrentHashMap.newKeySet();
    private final RelayPauses pauses;
    private final String relay;
    /**
     * The domain an owner's address must be in, or under, to go as the From (DMARC's relaxed alignment): the DKIM
     * signing domain where Keepwarm signs, else the account sender's.
     */
    private final String alignedDomain;
    /** The session connections are opened in; messages are written in the sender's own ({@link #session}). */
    private final Session connections;
    private volatile boolean stopping;

    SmtpChannel(ObjectProvider<JavaMailSender> sender, MailQueue queue, MailSettings settings, ReplySettings replies,
            TransactionTemplate transactions, ApplicationEventPublisher events, Clock clock, RelayPauses pauses,
            @Value("${keepwarm.public-url:http://localhost:8080}") String publicUrl) {
        this.server = sender.getIfAvailable() instanceof JavaMailSenderImpl impl ? impl : null;
        this.pauses = pauses;
        this.relay = server == null ? null : RelayPauses.relayOf(server, settings);
        if (server != null) {
            var properties = server.getSession().getProperties();
            properties.put("mail.smtp.socketFactory", new NoDelaySockets());
            // Jakarta Mail waits forever by default: a server that stops answering would hold a lane past its lease.
            // A read or a write gives up well within the 30 s a graceful stop waits for the job in flight
            // (spring.lifecycle.timeout-per-shutdown-phase), so a server that hangs at a stop leaves the one message
            // on that lane in doubt and the rest of the round recorded and put back, not the whole round in doubt.
            for (String protocol : List.of("smtp", "smtps")) {
                properties.putIfAbsent("mail." + protocol + ".connectiontimeout", String.valueOf(CONNECT.toMillis()));
                properties.putIfAbsent("mail." + protocol + ".timeout", String.valueOf(ANSWER.toMillis()));
                properties.putIfAbsent("mail." + protocol + ".writetimeout", String.valueOf(ANSWER.toMillis()));
                properties.putIfAbsent("mail." + protocol + ".from",
                        MailComposer.envelopeSender(settings));
            }
            // Internationalised addresses (RFC 6531): MAIL FROM asks for SMTPUTF8 where the server offers it, and the
            // commands go as UTF-8; where it does not, a non-ASCII local part fails (see Lane.write). Only the
            // connections' session: messages are written in the other, where the DKIM signer reads a UTF-8 header
            // byte for byte and writes it back so, rather than as characters it would cut to one byte each.
            Properties connecting = new Properties();
            connecting.putAll(properties);
            connecting.putIfAbsent("mail.mime.allowutf8", "true");
            this.connections = Session.getInstance(connecting);
        } else {
            this.connections = null;
        }
        this.queue = queue;
        this.composer = new MailComposer(settings, clock, replies.host() != null);
        this.settings = settings;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
        this.rates = new SendRates(settings.perSecond(), settings.perDomainPerSecond(), MailProviders.dns());
        this.alignedDomain = alignedDomain(settings);
        this.idle = new ArrayBlockingQueue<>(settings.connections());
        if (server != null && localOnly(settings.fromAddress())) {
            throw new IllegalStateException("keepwarm.mail.from-address (KEEPWARM_MAIL_FROM_ADDRESS) is "
                    + settings.fromAddress() + " (what it is when it is not set), but with spring.mail.host set every"
                    + " message would go From that address, with Message-IDs @localhost, which receivers reject or file"
                    + " as spam. Set it to the address your mail comes from, such as news@example.com, in a domain whose"
                    + " SPF and DKIM let this mail server send for it");
        }
        if (server != null && !settings.fromNameSet()) {
            throw new IllegalStateException("keepwarm.mail.from-name (KEEPWARM_MAIL_FROM_NAME) is not set, but with"
                    + " spring.mail.host set every message would come from \"Keepwarm\", and the unsubscribe and"
                    + " preference pages would say \"emails from Keepwarm\", a name your contacts do not know. Set it to"
                    + " the name they know you by, such as Acme Cooling");
        }
        if (server != null && settings.postalAddress() == null) {
            throw new IllegalStateException("keepwarm.mail.postal-address (KEEPWARM_MAIL_POSTAL_ADDRESS) is required when"
                    + " spring.mail.host is set: every message must carry the sender's postal address");
        }
        if (server != null && !settings.allowInsecurePublicUrl() && !reachableHttps(publicUrl)) {
            throw new IllegalStateException("keepwarm.public-url (KEEPWARM_PUBLIC_URL) is "
                    + (publicUrl.isBlank() ? "empty" : publicUrl) + ", but with"
                    + " spring.mail.host set every message links to it: its unsubscribe address (which RFC 8058 requires"
                    + " to be https for one-click), its pixel, its clicks and landing pages. Set it to the https address"
                    + " people reach this Keepwarm at, such as https://keepwarm.example.com. To send to a mail catcher"
                    + " on this machine while testing, set keepwarm.mail.allow-insecure-public-url=true"
                    + " (KEEPWARM_MAIL_ALLOW_INSECURE_PUBLIC_URL)");
        }
    }

    /** Whether an address is in no domain a receiver could check: none, localhost or a name under it. */
    private static boolean localOnly(String address) {
        int at = address.lastIndexOf('@');
        String domain = at < 0 ? "" : address.substring(at + 1).strip().toLowerCase(Locale.ROOT);
        return domain.isEmpty() || domain.equals("localhost") || domain.endsWith(".localhost");
    }

    private static String alignedDomain(MailSettings settings) {
        String from = settings.fromAddress();
        String domain = settings.dkim().enabled() ? settings.dkim().domain() : from.substring(from.lastIndexOf('@') + 1);
        return domain.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether an address may go as the From of mail signed and sent as ours: its domain is {@link #alignedDomain} or
     * one under it. Otherwise DMARC fails at the receiver (no aligned DKIM signature, no aligned envelope sender), and a
     * domain that publishes p=reject, as yahoo.com and aol.com do, has its mail refused by Gmail and Yahoo.
     */
    boolean aligned(String address) {
        String domain = address.substring(address.lastIndexOf('@') + 1).strip().toLowerCase(Locale.ROOT);
        return domain.equals(alignedDomain) || domain.endsWith("." + alignedDomain);
    }

    /** An https address on a host other than this machine: one a recipient's mail client can open. */
    private static boolean reachableHttps(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return false;
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT).replaceAll("^\\[|]$", "");
        if (!"https".equalsIgnoreCase(uri.getScheme()) || host.isEmpty() || host.equals("localhost")
                || host.endsWith(".localhost")) {
            return false;
        }
        if (!host.contains(":") && !host.matches("[0-9.]+")) {
            return true;
        }
        try {
            // An address literal: parsed, never looked up.
            InetAddress address = InetAddress.getByName(host);
            return !address.isLoopbackAddress() && !address.isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Whether an SMTP server is configured; without one the outbox only keeps messages. */
    public boolean enabled() {
        return server != null;
    }

    /** One round of the queue; returns how many messages it handled. */
    public int runOnce() {
        if (!enabled()) {
            return 0;
        }
        expireLeases();
        if (paused()) {
            return 0;
        }
        List<MailQueue.Queued> claimed = claim().toSend();
        send(claimed);
        return claimed.size();
    }

    /**
     * Rounds of the queue until a claim finds nothing due, each batch's outcomes recorded while the next batch is
     * claimed and sent, so that the connections do not wait for that transaction. A claim whose messages were all put
     * back for their contacts' quiet hours or withheld sends nothing but does not end the draining: the messages
     * queued behind them may go. Each claim takes what it locks out of the due messages (sending, withheld, or put
     * back to a moment after now), so the draining ends. The next batch is claimed only once the last is sent: a crash
     * leaves in doubt only what was in flight or sent and not yet recorded, never a batch claimed ahead. A round in
     * which the server would take nothing from us ends the draining. Returns how many messages it sent or tried.
     */
    public int drain() {
        if (!enabled()) {
            return 0;
        }
        expireLeases();
        int handled = 0;
        Future<?> recording = null;
        try {
            for (MailQueue.Claimed claimed = nextClaim(); claimed.locked() > 0; claimed = nextClaim()) {
                List<MailQueue.Queued> batch = claimed.toSend();
                if (batch.isEmpty()) {
                    continue;
                }
                Round round = sendAll(batch);
                await(recording);
                recording = workers.submit(() -> record(round));
                handled += batch.size();
            }
        } finally {
            await(recording);
        }
        return handled;
    }

    /** The next claim, or none while the relay's pause holds or Keepwarm is stopping. */
    private MailQueue.Claimed nextClaim() {
        return stopping || paused() ? new MailQueue.Claimed(List.of(), List.of(), 0) : claim();
    }

    private void expireLeases() {
        Instant now = clock.instant();
        int expired = transactions.execute(tx -> queue.expireLeases(now));
        if (expired > 0) {
            log.warn("{} message(s) were in flight when a sender stopped; they wait in GET /api/v1/outbox/in-doubt", expired);
        }
    }

    private MailQueue.Claimed claim() {
        return transactions.execute(tx -> announced(queue.claim(clock.instant(), settings.batch(), settings.lease())));
    }

    /** The claim, its withheld messages announced in its transaction (their touches end with it). */
    private MailQueue.Claimed announced(MailQueue.Claimed claimed) {
        claimed.withheld().forEach(w -> events.publishEvent(new EmailWithheld(w.message().id(), w.message().touchId(),
                w.message().contactId(), w.reason())));
        return claimed;
    }

    private static <T> T await(Future<T> running) {
        if (running == null) {
            return null;
        }
        try {
            return running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : new IllegalStateException("an SMTP lane stopped: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Sends one message at once (a confirmation a person is waiting for), if it is still queued. While the server
     * takes nothing from us it waits in the queue with the rest.
     */
    public void deliverNow(long id) {
        if (enabled() && !paused()) {
            send(transactions.execute(tx -> announced(queue.claimOne(id, clock.instant(), settings.lease()))).toSend());
        }
    }

    /**
     * Sends one message at once on a thread of its own, so that the request a person is waiting on (a confirmation, a
     * piece from a landing page) answers without waiting for the mail server, which may take its connection timeout to
     * answer or not answer at all. The outcome is recorded as {@link #deliverNow} records it: a server that cannot be
     * reached leaves the message queued for the mail job, a lost connection leaves it in doubt. A stop takes none: the
     * message waits in the queue for the next start.
     */
    public void deliverSoon(long id) {
        if (!enabled() || stopping) {
            return;
        }
        CompletableFuture<Void> delivering;
        try {
            delivering = CompletableFuture.runAsync(() -> deliverNow(id), workers);
        } catch (RejectedExecutionException closing) {
            return;
        }
        atOnce.add(delivering);
        delivering.whenComplete((done, failed) -> {
            atOnce.remove(delivering);
            if (failed != null) {
                log.error("Could not send outbox message {} at once; it waits in the outbox for the mail job", id, failed);
            }
        });
    }

    /** Waits for the messages handed to {@link #deliverSoon} so far to be sent and recorded. */
    void awaitDeliveriesAtOnce() {
        atOnce.forEach(delivering -> delivering.exceptionally(failed -> null).join());
    }

    public boolean resolve(long id, boolean resend) {
        return Boolean.TRUE.equals(transactions.execute(tx -> queue.resolve(id, resend, clock.instant())));
    }

    /** As {@link #resolve}, for many messages at once: the ids that were in doubt and are decided now. */
    public List<Long> resolveAll(List<Long> ids, boolean resend) {
        return transactions.execute(tx -> queue.resolveAll(ids, resend, clock.instant()));
    }

    /**
     * What became of one message. {@code refusedOwner} is the owner's address the server would not send as, with its
     * answer (null: the address is outside the domain we sign for, and was not tried), when the message went (or was
     * tried) from the account's sender instead; {@code message} is then the one with that sender.
     */
    private record Outcome(MailQueue.Queued message, SmtpFailure failure, String refusedOwner, String ownerRefusal) {

        Outcome(MailQueue.Queued message, SmtpFailure failure) {
            this(message, failure, null, null);
        }

        boolean unaligned() {
            return refusedOwner != null && ownerRefusal == null;
        }
    }

    /**
     * A batch's outcomes; when the server would take nothing from us, why, when the queue is tried again, and whether
     * admins are to be told now.
     */
    private record Round(List<Outcome> outcomes, List<Long> putBack, SmtpFailure trouble, Instant resumeAt,
            boolean report) {}

    private void send(List<MailQueue.Queued> claimed) {
        if (!claimed.isEmpty()) {
            record(sendAll(claimed));
        }
    }

    /** Whether the relay's pause holds, whichever instance met the trouble, before or since a restart. */
    private boolean paused() {
        return pauses.of(relay).filter(pause -> pause.holdsAt(clock.instant())).isPresent();
    }

    /**
     * Sends a batch over as many connections as it needs, each lane taking the next message as it is done with one,
     * so that the lanes finish together. A lane that meets trouble which is not the message's (the server cannot be
     * reached, refuses our sender or our login) stops every lane: the next message would get the same answer. What no
     * lane took waits with that reason.
     */
    private Round sendAll(List<MailQueue.Queued> claimed) {
        Work work = new Work(claimed);
        List<Future<List<Outcome>>> running = new ArrayList<>();
        for (int lane = 0; lane < Math.min(settings.connections(), claimed.size()); lane++) {
            running.add(workers.submit(() -> new Lane(idle.poll()).run(work)));
        }
        List<Outcome> outcomes = new ArrayList<>(claimed.size());
        running.forEach(lane -> outcomes.addAll(await(lane)));
        if (work.trouble == null) {
            // Only a stop leaves messages untaken without trouble: they were not tried.
            return judge(outcomes, work.untaken().stream().map(MailQueue.Queued::id).toList(), null);
        }
        work.untaken().forEach(m -> outcomes.add(new Outcome(m, work.trouble)));
        return judge(outcomes, List.of(), work.trouble);
    }

    /**
     * Pauses the queue when the server took or judged no message of a round for a reason of ours, longer each round
     * in a row (1, 5, 30 minutes, 2, 12 hours): nothing is sent, nothing fails, nothing counts as an attempt; admins
     * are told when it is still so at the second round. Any message the server judged ends the pause.
     */
    private synchronized Round judge(List<Outcome> outcomes, List<Long> putBack, SmtpFailure failure) {
        Instant now = clock.instant();
        boolean judged = outcomes.stream().anyMatch(o -> o.failure() == null || o.failure().serverJudged());
        if (judged || failure == null) {
            if (judged && pauses.lift(relay)) {
                log.info("The mail server takes our mail again; the messages held back go out in turn");
            }
            return new Round(outcomes, putBack, failure, now, false);
        }
        RelayPauses.Pause pause = transactions.execute(tx -> pauses.troubled(relay, failure.trouble(), now));
        log.error("No email goes out: {}. {} message(s) of this round wait, none failed; the queue is tried again at {}",
                failure.trouble(), outcomes.size(), pause.resumeAt());
        return new Round(outcomes, putBack, failure, pause.resumeAt(), pause.rounds() == REPORT_AT_ROUND);
    }

    /** A batch shared by the lanes, handed out a message at a time until it is done or trouble or a stop ends it. */
    private final class Work {

        private final List<MailQueue.Queued> claimed;
        private final AtomicInteger next = new AtomicInteger();
        private volatile SmtpFailure trouble;
        private Instant renewAt;

        Work(List<MailQueue.Queued> claimed) {
            this.claimed = claimed;
            this.renewAt = clock.instant().plus(settings.lease().dividedBy(2));
        }

        MailQueue.Queued take() {
            if (trouble != null || stopping) {
                return null;
            }
            int i = next.getAndIncrement();
            if (i >= claimed.size()) {
                return null;
            }
            keepLease();
            return claimed.get(i);
        }

        /**
         * A batch still going at half its lease (a slow server, a low rate to one domain) takes its lease on again, or
         * another sender would count its messages in doubt while they are still being sent, and their outcomes would be
         * lost.
         */
        private synchronized void keepLease() {
            Instant now = clock.instant();
            if (now.isBefore(renewAt)) {
                return;
            }
            List<Long> ids = claimed.stream().map(MailQueue.Queued::id).toList();
            try {
                transactions.executeWithoutResult(tx -> queue.renewLeases(ids, now.plus(settings.lease())));
                renewAt = now.plus(settings.lease().dividedBy(2));
            } catch (RuntimeException e) {
                // Half the lease is left: sending on beats dropping the outcomes of what the lanes have sent.
                log.warn("Could not renew the lease of a batch of {} messages; trying again with the next", ids.size(), e);
            }
        }

        void stop(SmtpFailure failure) {
            if (trouble == null) {
                trouble = failure;
            }
        }

        List<MailQueue.Queued> untaken() {
            return claimed.subList(Math.min(next.get(), claimed.size()), claimed.size());
        }
    }

    /**
     * One connection's share of a batch: the next messages one after another over one connection, replacing it when
     * it breaks.
     *
     * <p>A connection is checked (NOOP) when it is taken from the pool, where the server may have closed it while it
     * waited, and after a failure; not before every message, where the round trip would cost about as much as one of
     * the four a message takes. A connection that broke under a message after carrying others (a server that closes
     * after so many messages) is replaced and the message tried once more at once.
     */
    private final class Lane {

        private Transport transport;

        Lane(Transport pooled) {
            this.transport = pooled;
            if (transport != null && !transport.isConnected()) {
                close(transport);
                this.transport = null;
            }
        }

        List<Outcome> run(Work work) {
            List<Outcome> outcomes = new ArrayList<>();
            for (MailQueue.Queued message = work.take(); message != null; message = work.take()) {
                Outcome outcome = deliver(message);
                outcomes.add(outcome);
                if (outcome.failure() != null && outcome.failure().transport()) {
                    work.stop(outcome.failure());
                    close(transport);
                    return outcomes;
                }
            }
            if (transport != null && !idle.offer(transport)) {
                close(transport);
            }
            return outcomes;
        }

        /**
         * Sends one message. A message from its contact's owner whose address the server refuses as a sender goes
         * from the account's sender instead, as it does for an owner without a usable address: the touch is not
         * lost to the relay's list of allowed senders, and admins hear which address to allow. An owner's address
         * outside the domain we sign for ({@link #aligned}) is not tried at all: the message goes from the account's
         * address under the owner's name, answered to the owner.
         */
        private Outcome deliver(MailQueue.Queued message) {
            if (!fromAccount(message) && !aligned(message.fromAddress())) {
                MailQueue.Queued instead = message.from(settings.fromAddress(), message.fromName());
                return new Outcome(instead, write(instead), message.fromAddress(), null);
            }
            SmtpFailure failure = write(message);
            if (failure == null || !failure.senderRefused() || !failure.permanent() || fromAccount(message)) {
                return new Outcome(message, failure);
            }
            MailQueue.Queued instead = message.from(settings.fromAddress(), settings.fromName());
            return new Outcome(instead, write(instead), message.fromAddress(), failure.describe());
        }

        private SmtpFailure write(MailQueue.Queued message) {
            MimeMessage mime;
            try {
                mime = composer.compose(session(), message);
            } catch (MessagingException | RuntimeException e) {
                return SmtpFailure.composing(e);
            }
            boolean reused = transport != null;
            SmtpFailure failure = connected();
            if (failure != null) {
                return failure;
            }
            if (!MailComposer.asciiLocalPart(message.to()) && !takesSmtpUtf8(transport)) {
                return SmtpFailure.internationalAddressRefused(message.to());
            }
            rates.acquire(message.to());
            failure = send(transport, mime);
            if (failure != null && !failure.inDoubt() && failure.stage() == SmtpFailure.Stage.CONNECTION && reused) {
                close(transport);
                transport = null;
                failure = connected();
                if (failure == null) {
                    failure = send(transport, mime);
                }
            }
            if (failure != null && transport != null && !(failure.connectionUsable() && transport.isConnected())) {
                close(transport);
                transport = null;
            }
            return failure;
        }

        /** Opens a connection unless one is open; null when there is one. */
        private SmtpFailure connected() {
            if (transport == null) {
                try {
                    transport = connect();
                } catch (MessagingException | RuntimeException e) {
                    return SmtpFailure.connecting(e);
                }
            }
            return null;
        }
    }

    private static boolean takesSmtpUtf8(Transport transport) {
        return transport instanceof SMTPTransport smtp && smtp.supportsExtension("SMTPUTF8");
    }

    private boolean fromAccount(MailQueue.Queued message) {
        return settings.fromAddress().equalsIgnoreCase(message.fromAddress());
    }

    /**
     * Sends one written message; null when the server took it. A connection that broke once the whole message was
     * handed over leaves it in doubt: the server may have taken it and only its answer was lost.
     */
    private static SmtpFailure send(Transport transport, MimeMessage mime) {
        try {
            transport.sendMessage(mime, mime.getAllRecipients());
            return null;
        } catch (MessagingException | RuntimeException e) {
            SmtpFailure failure = SmtpFailure.of(e);
            return failure.code() == 0 && MailComposer.handedOver(mime) ? failure.afterHandingOver() : failure;
        }
    }

    private void record(Round round) {
        Instant now = clock.instant();
        List<MailTroubleReported> reports = new ArrayList<>();
        transactions.executeWithoutResult(tx -> {
            queue.sent(round.outcomes().stream().filter(o -> o.failure() == null).map(o -> o.message().id()).toList(), now);
            Map<String, List<Long>> postponed = new LinkedHashMap<>();
            for (Outcome o : round.outcomes()) {
                MailQueue.Queued m = o.message();
                if (o.refusedOwner() != null) {
                    ownerRefused(o).ifPresent(reports::add);
                }
                if (o.failure() == null) {
                    continue;
                }
                String error = o.failure().describe();
                int tries = m.attempts() + 1;
                if (o.failure().inDoubt()) {
                    queue.inDoubt(m.id(), error);
                } else if (o.failure().transport()) {
                    postponed.computeIfAbsent(o.failure().trouble(), e -> new ArrayList<>()).add(m.id());
                } else if (o.failure().permanent() || tries >= settings.maxAttempts()) {
                    queue.failed(m.id(), error);
                    events.publishEvent(new EmailFailed(m.id(), m.touchId(), m.contactId(), error, o.failure().bounced()));
                } else {
                    queue.retry(m.id(), now.plus(BACKOFF.get(Math.min(tries, BACKOFF.size()) - 1)), error);
                }
            }
            postponed.forEach((error, ids) -> queue.postpone(ids, round.resumeAt(), error));
            queue.putBack(round.putBack());
        });
        if (round.report()) {
            reports.add(new MailTroubleReported("Email is not going out: the mail server takes nothing from Keepwarm",
                    round.trouble().trouble() + ". Nothing has failed: every message waits in the outbox, and Keepwarm"
                    + " tries again at " + round.resumeAt() + ", then less and less often until the server takes mail"
                    + " again. Check spring.mail.* (host, port, STARTTLS, user and password) and that the server lets"
                    + " Keepwarm send as " + settings.fromAddress() + "."));
        }
        reports.forEach(this::tellAdmins);
    }

    /**
     * The owner's address was refused as a sender and the message went from the account's sender instead: the
     * admins hear of each such address once, and the outbox keeps the sender the message went with.
     */
    private Optional<MailTroubleReported> ownerRefused(Outcome o) {
        if (o.failure() != null && o.failure().transport()) {
            // The account's sender was refused too: the round's trouble, not this owner's.
            return Optional.empty();
        }
        if (o.failure() == null) {
            queue.sentFrom(o.message().id(), o.message().fromAddress(), o.message().fromName());
        }
        String owner = o.refusedOwner().toLowerCase(Locale.ROOT);
        if (o.unaligned()) {
            return ownersReported.add(owner) ? Optional.of(unaligned(owner)) : Optional.empty();
        }
        log.error("The mail server refuses to send as {} ({}); that owner's contacts get their mail from {} instead",
                owner, o.ownerRefusal(), settings.fromAddress());
        if (!ownersReported.add(owner)) {
            return Optional.empty();
        }
        return Optional.of(new MailTroubleReported("The mail server will not send as " + owner,
                "Programs that send as the contact's owner could not send as " + owner + ": the mail server refused that"
                + " address as a sender (" + o.ownerRefusal() + "). Those messages went from " + settings.fromAddress()
                + " instead. Allow "
                + owner + " as a sender on the mail server (for Microsoft 365: Send As permission for the SMTP"
                + " account), or give the owner an address it allows."));
    }

    /** What admins hear, once, of an owner whose address is outside the domain we sign for. */
    private MailTroubleReported unaligned(String owner) {
        String signs = settings.dkim().enabled() ? "the domain Keepwarm signs its mail for (DKIM d=" + alignedDomain + ")"
                : "the domain of Keepwarm's sender, " + settings.fromAddress();
        log.warn("{} is outside {}: mail sent as that owner goes from {} under their name, with Reply-To them", owner,
                alignedDomain, settings.fromAddress());
        return new MailTroubleReported("Mail sent as " + owner + " goes from " + settings.fromAddress(),
                "Programs that send as the contact's owner cannot send as " + owner + ": its domain is not " + alignedDomain
                + " or under it, " + signs + ", so receivers that check DMARC (Gmail, Yahoo, Microsoft) would refuse"
                + " mail From it or file it as spam. Those messages go from " + settings.fromAddress() + " under the"
                + " owner's name, and replies reach the owner. Give the owner an address in " + alignedDomain
                + " to send as them.");
    }

    /** Admins hear of it after the outcomes are stored: an alert that cannot be written must not undo them. */
    private void tellAdmins(MailTroubleReported report) {
        try {
            events.publishEvent(report);
        } catch (RuntimeException e) {
            log.error("Could not alert the admins that: {} ({})", report.subject(), e.getMessage(), e);
        }
    }

    private Session session() {
        return server.getSession();
    }

    private Transport connect() throws MessagingException {
        Transport transport = connections.getTransport(server.getProtocol() == null ? "smtp" : server.getProtocol());
        transport.connect(server.getHost(), server.getPort(), server.getUsername(), server.getPassword());
        return transport;
    }

    private static void close(Transport transport) {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException ignored) {
                // The connection is being dropped anyway.
            }
        }
    }

    /** Lets the rounds go on again; a channel is sending from the start, so only after a {@link #stop}. */
    @Override
    public void start() {
        stopping = false;
    }

    /** Ends the draining after the messages on the wire; see the class comment. */
    @Override
    public void stop() {
        stopping = true;
    }

    @Override
    public boolean isRunning() {
        return !stopping;
    }

    @Override
    public void close() {
        List<Transport> open = new ArrayList<>();
        idle.drainTo(open);
        open.forEach(SmtpChannel::close);
        workers.close();
    }
}
