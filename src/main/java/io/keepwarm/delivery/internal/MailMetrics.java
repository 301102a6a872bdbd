package io.keepwarm.delivery.internal;

import io.keepwarm.platform.Timestamps;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * The outbox as an operator alerts on it, on /actuator/prometheus: keepwarm_mail_queued, keepwarm_mail_in_doubt,
 * keepwarm_mail_relay_paused (1 while the relay's pause holds the queue), keepwarm_mail_oldest_due_age_seconds, and
 * the counters keepwarm_mail_sent_total and keepwarm_mail_failed_total. The gauges are read in one go from the outbox's
 * index on (status, next_attempt_at) and kept for a few seconds, so scrapes from several Prometheus servers cost one
 * read between them.
 */
@Component
class MailMetrics {

    /** How long one read of the outbox answers the gauges. */
    static final Duration FRESH = Duration.ofSeconds(5);

    private record Reading(Instant at, long queued, long inDoubt, boolean paused, double oldestDueAge) {}

    private final JdbcClient jdbc;
    private final RelayPauses pauses;
    private final String relay;
    private final Clock clock;
    private final Counter sent;
    private final Counter failed;
    private Reading last;

    MailMetrics(JdbcClient jdbc, RelayPauses pauses, ObjectProvider<JavaMailSender> sender, MailSettings settings,
            Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.pauses = pauses;
        this.relay = sender.getIfAvailable() instanceof JavaMailSenderImpl server && server.getHost() != null
                ? RelayPauses.relayOf(server, settings) : null;
        this.clock = clock;
        gauge(meters, "keepwarm.mail.queued", "Messages waiting in the outbox to be sent, due or not yet",
                Reading::queued);
        gauge(meters, "keepwarm.mail.in.doubt", "Messages in flight when a sender stopped, waiting for a person to"
                + " decide whether to send them again (GET /api/v1/outbox/in-doubt)", Reading::inDoubt);
        gauge(meters, "keepwarm.mail.relay.paused", "1 while the SMTP relay took nothing from Keepwarm and the queue"
                + " waits for it (Settings -> Mail says why and until when), else 0", r -> r.paused() ? 1 : 0);
        Gauge.builder("keepwarm.mail.oldest.due.age", this, m -> m.reading().oldestDueAge())
                .description("Seconds the longest-waiting message that is due has waited past its time (0 when none"
                        + " is due): grows while sending falls behind or has stopped, also while the relay's pause"
                        + " holds the queue (its messages count as due since the pause began)")
                .baseUnit("seconds").register(meters);
        this.sent = Counter.builder("keepwarm.mail.sent").description("Messages the SMTP relay took").register(meters);
        this.failed = Counter.builder("keepwarm.mail.failed")
                .description("Messages that failed for good: refused by the relay, or out of attempts")
                .register(meters);
    }

    private void gauge(MeterRegistry meters, String name, String description, ToDoubleFunction<Reading> value) {
        Gauge.builder(name, this, m -> value.applyAsDouble(m.reading())).description(description).register(meters);
    }

    void sent(int messages) {
        sent.increment(messages);
    }

    void failed() {
        failed.increment();
    }

    private synchronized Reading reading() {
        Instant now = clock.instant();
        if (last == null || !now.isBefore(last.at().plus(FRESH)) || now.isBefore(last.at())) {
            last = read(now);
        }
        return last;
    }

    private Reading read(Instant now) {
        long queued = count("QUEUED");
        long inDoubt = count("IN_DOUBT");
        Instant oldestDue = jdbc.sql("""
                SELECT MIN(next_attempt_at) FROM outbox_messages WHERE status = 'QUEUED' AND next_attempt_at <= ?""")
                .param(Timestamps.of(now)).query((rs, n) -> Timestamps.read(rs, 1)).list().getFirst();
        Optional<RelayPauses.Pause> pause = relay == null ? Optional.empty() : pauses.of(relay);
        boolean paused = pause.filter(p -> p.holdsAt(now)).isPresent();
        Instant heldSince = pause.filter(this::holdsMessages).map(RelayPauses.Pause::since).orElse(null);
        if (heldSince != null && (oldestDue == null || heldSince.isBefore(oldestDue))) {
            oldestDue = heldSince;
        }
        return new Reading(now, queued, inDoubt, paused,
                oldestDue == null ? 0 : Duration.between(oldestDue, now).toMillis() / 1000.0);
    }

    /**
     * Whether messages wait for the relay's pause: each round of it puts what it claimed back until its end, so their
     * due times are gone, and read as "not due" the age fell to 0 at each round and an alert on it never fired while
     * the relay took nothing. Held since the pause began at the latest (its first round claimed only what was due), so
     * the gauge reports at least that, growing for as long as the pause lasts.
     */
    private boolean holdsMessages(RelayPauses.Pause pause) {
        return jdbc.sql("SELECT COUNT(*) FROM outbox_messages WHERE status = 'QUEUED' AND next_attempt_at = ?")
                .param(Timestamps.of(pause.resumeAt())).query(Long.class).single() > 0;
    }

    private long count(String status) {
        return jdbc.sql("SELECT COUNT(*) FROM outbox_messages WHERE status = ?").param(status).query(Long.class)
                .single();
    }
}
