package io.keepwarm.delivery.internal;

import io.keepwarm.delivery.EmailFailed;
import io.keepwarm.delivery.EmailWithheld;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the queued outbox over SMTP. A round expires stale leases (in doubt), claims due messages with a lease in a
 * short transaction, sends them over a pool of persistent connections on virtual threads, paced by the global and
 * per-domain rates, and records each outcome: sent; a transient failure (4xx, a broken connection) queued again with
 * backoff; a permanent one (5xx) failed, the address marked bounced where the reply says the mailbox does not exist;
 * a connection that broke while the server answered the end of a message in doubt, for a person to decide.
 */
@Component
public class SmtpChannel implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SmtpChannel.class);
    private static final List<Duration> BACKOFF = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(12));

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

    SmtpChannel(ObjectProvider<JavaMailSender> sender, MailQueue queue, MailSettings settings,
            TransactionTemplate transactions, ApplicationEventPublisher events, Clock clock) {
        this.server = sender.getIfAvailable() instanceof JavaMailSenderImpl impl ? impl : null;
        if (server != null) {
            var properties = server.getSession().getProperties();
            properties.put("mail.smtp.socketFactory", new NoDelaySockets());
            // Jakarta Mail waits forever by default: a server that stops answering would hold a lane past its lease.
            for (String protocol : List.of("smtp", "smtps")) {
                properties.putIfAbsent("mail." + protocol + ".connectiontimeout", "10000");
                properties.putIfAbsent("mail." + protocol + ".timeout", "60000");
                properties.putIfAbsent("mail." + protocol + ".writetimeout", "60000");
            }
        }
        this.queue = queue;
        this.composer = new MailComposer(settings, clock);
        this.settings = settings;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
        this.rates = new SendRates(settings.perSecond(), settings.perDomainPerSecond());
        this.idle = new ArrayBlockingQueue<>(settings.connections());
        if (server != null && settings.postalAddress() == null) {
            throw new IllegalStateException("keepwarm.mail.postal-address (KEEPWARM_MAIL_POSTAL_ADDRESS) is required when"
                    + " spring.mail.host is set: every message must carry the sender's postal address");
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
        List<MailQueue.Queued> claimed = claim();
        send(claimed);
        return claimed.size();
    }

    /**
     * Rounds of the queue until one finds nothing, each batch's outcomes recorded while the next batch is claimed and
     * sent, so that the connections do not wait for that transaction. The next batch is claimed only once the last is
     * sent: a crash leaves in doubt only what was in flight or sent and not yet recorded, never a batch claimed ahead.
     * Returns how many messages it handled.
     */
    public int drain() {
        if (!enabled()) {
            return 0;
        }
        expireLeases();
        int handled = 0;
        Future<?> recording = null;
        try {
            for (List<MailQueue.Queued> batch = claim(); !batch.isEmpty(); batch = claim()) {
                List<Outcome> outcomes = sendAll(batch);
                await(recording);
                recording = workers.submit(() -> record(outcomes));
                handled += batch.size();
            }
        } finally {
            await(recording);
        }
        return handled;
    }

    private void expireLeases() {
        Instant now = clock.instant();
        int expired = transactions.execute(tx -> queue.expireLeases(now));
        if (expired > 0) {
            log.warn("{} message(s) were in flight when a sender stopped; they wait in GET /api/v1/outbox/in-doubt", expired);
        }
    }

    private List<MailQueue.Queued> claim() {
        return transactions.execute(tx -> announced(queue.claim(clock.instant(), settings.batch(), settings.lease())));
    }

    /** The messages to send; the withheld ones are announced in the claim's transaction (their touches end with it). */
    private List<MailQueue.Queued> announced(MailQueue.Claimed claimed) {
        claimed.withheld().forEach(m -> events.publishEvent(new EmailWithheld(m.id(), m.touchId(), m.contactId(),
                "CONSENT_WITHDRAWN")));
        return claimed.toSend();
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

    /** Sends one message at once (a confirmation a person is waiting for), if it is still queued. */
    public void deliverNow(long id) {
        if (enabled()) {
            send(transactions.execute(tx -> announced(queue.claimOne(id, clock.instant(), settings.lease()))));
        }
    }

    public boolean resolve(long id, boolean resend) {
        return Boolean.TRUE.equals(transactions.execute(tx -> queue.resolve(id, resend, clock.instant())));
    }

    private record Outcome(MailQueue.Queued message, SmtpFailure failure) {}

    private void send(List<MailQueue.Queued> claimed) {
        if (!claimed.isEmpty()) {
            record(sendAll(claimed));
        }
    }

    /** What a lane did: its outcomes, and why it stopped early when the server could not be reached. */
    private record Lane(List<Outcome> outcomes, SmtpFailure unreachable) {}

    /**
     * Sends a batch over as many connections as it needs, each lane taking the next message as it is done with one,
     * so that the lanes finish together. A lane that cannot reach the server leaves the rest to the others; what no
     * lane took waits for its next attempt with the reason the last of them gave.
     */
    private List<Outcome> sendAll(List<MailQueue.Queued> claimed) {
        int lanes = Math.min(settings.connections(), claimed.size());
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        List<Future<Lane>> running = new ArrayList<>();
        for (int lane = 0; lane < lanes; lane++) {
            running.add(workers.submit(() -> sendLane(claimed, next)));
        }
        List<Outcome> outcomes = new ArrayList<>(claimed.size());
        SmtpFailure unreachable = null;
        for (Future<Lane> lane : running) {
            Lane done = await(lane);
            outcomes.addAll(done.outcomes());
            unreachable = done.unreachable() == null ? unreachable : done.unreachable();
        }
        for (int i = Math.min(next.get(), claimed.size()); i < claimed.size(); i++) {
            outcomes.add(new Outcome(claimed.get(i), unreachable));
        }
        return outcomes;
    }

    /**
     * Sends the batch's next messages one after another over one connection, replacing it when it breaks; stops when
     * the server cannot be reached.
     *
     * <p>A connection is checked (NOOP) when it is taken from the pool, where the server may have closed it while it
     * waited, and after a failure; not before every message, where the round trip would cost about as much as one of
     * the four a message takes. A connection that broke under a message after carrying others (a server that closes
     * after so many messages) is replaced and the message tried once more at once.
     */
    private Lane sendLane(List<MailQueue.Queued> claimed, java.util.concurrent.atomic.AtomicInteger next) {
        List<Outcome> outcomes = new ArrayList<>();
        Transport transport = idle.poll();
        if (transport != null && !transport.isConnected()) {
            close(transport);
            transport = null;
        }
        for (int i = next.getAndIncrement(); i < claimed.size(); i = next.getAndIncrement()) {
            MailQueue.Queued message = claimed.get(i);
            MimeMessage mime;
            try {
                mime = composer.compose(session(), message);
            } catch (MessagingException | RuntimeException e) {
                outcomes.add(new Outcome(message, SmtpFailure.of(e)));
                continue;
            }
            boolean reused = transport != null;
            try {
                if (transport == null) {
                    transport = connect();
                }
            } catch (MessagingException | RuntimeException e) {
                SmtpFailure unreachable = SmtpFailure.of(e);
                outcomes.add(new Outcome(message, unreachable));
                return new Lane(outcomes, unreachable);
            }
            rates.acquire(message.to());
            SmtpFailure failure = send(transport, mime);
            if (failure != null && !failure.inDoubt() && failure.code() == 0 && reused) {
                close(transport);
                transport = null;
                try {
                    transport = connect();
                    failure = send(transport, mime);
                } catch (MessagingException | RuntimeException e) {
                    failure = SmtpFailure.of(e);
                }
            }
            outcomes.add(new Outcome(message, failure));
            if (failure != null && transport != null && !(failure.connectionUsable() && transport.isConnected())) {
                close(transport);
                transport = null;
            }
        }
        if (transport != null && !idle.offer(transport)) {
            close(transport);
        }
        return new Lane(outcomes, null);
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

    private void record(List<Outcome> outcomes) {
        Instant now = clock.instant();
        transactions.executeWithoutResult(tx -> {
            queue.sent(outcomes.stream().filter(o -> o.failure() == null).map(o -> o.message().id()).toList(), now);
            for (Outcome o : outcomes) {
                if (o.failure() == null) {
                    continue;
                }
                MailQueue.Queued m = o.message();
                String error = o.failure().describe();
                int tries = m.attempts() + 1;
                if (o.failure().inDoubt()) {
                    queue.inDoubt(m.id(), error);
                } else if (o.failure().permanent() || tries >= settings.maxAttempts()) {
                    queue.failed(m.id(), error);
                    events.publishEvent(new EmailFailed(m.id(), m.touchId(), m.contactId(), error, o.failure().bounced()));
                } else {
                    queue.retry(m.id(), now.plus(BACKOFF.get(Math.min(tries, BACKOFF.size()) - 1)), error);
                }
            }
        });
    }

    private Session session() {
        return server.getSession();
    }

    private Transport connect() throws MessagingException {
        Transport transport = session().getTransport(server.getProtocol() == null ? "smtp" : server.getProtocol());
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

    @Override
    public void close() {
        List<Transport> open = new ArrayList<>();
        idle.drainTo(open);
        open.forEach(SmtpChannel::close);
        workers.close();
    }
}
