package io.keepwarm.delivery.internal;

import io.keepwarm.platform.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * Whether the outbox waits for an SMTP relay that took nothing from Keepwarm, and until when: in the database, so that
 * every instance and the next start wait alike, and an admin's page shows the pause that holds.
 */
@Component
public class RelayPauses {

    /** How long the queue waits after each round of trouble in a row: 1, 5, 30 minutes, 2, 12 hours. */
    private static final List<Duration> BACKOFF = SmtpChannel.BACKOFF;

    /**
     * The relay has taken nothing from us for so many rounds in a row since {@code since}, for this reason; the queue
     * waits until {@code resumeAt}.
     */
    public record Pause(String relay, int rounds, String trouble, Instant since, Instant resumeAt) {

        public boolean holdsAt(Instant now) {
            return now.isBefore(resumeAt);
        }
    }

    private static final int TROUBLE_LENGTH = 2000;

    private final JdbcClient jdbc;

    RelayPauses(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The relay a sender sends through, as its pause is kept: a different relay configured is not paused. */
    public static String relayOf(JavaMailSenderImpl server) {
        String protocol = server.getProtocol() == null ? "smtp" : server.getProtocol();
        return protocol + "://" + server.getHost() + (server.getPort() > 0 ? ":" + server.getPort() : "");
    }

    public Optional<Pause> of(String relay) {
        return jdbc.sql("SELECT relay, rounds, trouble, since, resume_at FROM mail_relay_pauses WHERE relay = ?")
                .param(relay)
                .query((rs, n) -> new Pause(rs.getString(1), rs.getInt(2), rs.getString(3), Timestamps.read(rs, 4),
                        Timestamps.read(rs, 5)))
                .optional();
    }

    /**
     * One more round of trouble in a row: the pause grows to the next step of the backoff. Two instances meeting the
     * trouble at once count two rounds, each under the row's lock. Runs in the caller's transaction.
     */
    Pause troubled(String relay, String trouble, Instant now) {
        String said = trouble.length() > TROUBLE_LENGTH ? trouble.substring(0, TROUBLE_LENGTH) : trouble;
        int started = jdbc.sql("""
                INSERT INTO mail_relay_pauses (relay, rounds, trouble, since, resume_at) VALUES (?, 1, ?, ?, ?)
                ON CONFLICT DO NOTHING""")
                .params(relay, said, Timestamps.of(now), Timestamps.of(now.plus(BACKOFF.getFirst())))
                .update();
        if (started == 0) {
            int rounds = jdbc.sql("SELECT rounds FROM mail_relay_pauses WHERE relay = ? FOR UPDATE").param(relay)
                    .query(Integer.class).single() + 1;
            jdbc.sql("UPDATE mail_relay_pauses SET rounds = ?, trouble = ?, resume_at = ? WHERE relay = ?")
                    .params(rounds, said, Timestamps.of(now.plus(BACKOFF.get(Math.min(rounds, BACKOFF.size()) - 1))),
                            relay)
                    .update();
        }
        return of(relay).orElseThrow();
    }

    /** The relay took mail again: the pause ends for every instance. Whether there was one. */
    boolean lift(String relay) {
        return jdbc.sql("DELETE FROM mail_relay_pauses WHERE relay = ?").param(relay).update() > 0;
    }
}
