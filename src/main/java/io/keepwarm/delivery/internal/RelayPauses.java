package io.keepwarm.delivery.internal;

import io.keepwarm.platform.Timestamps;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
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

    /** Besides the address, the settings that decide whether a relay takes our mail (after "mail.smtp(s)."). */
    private static final List<String> DECIDING = List.of("ssl.enable", "ssl.trust", "ssl.protocols",
            "ssl.checkserveridentity", "starttls.enable", "starttls.required", "auth", "auth.mechanisms");

    private final JdbcClient jdbc;

    RelayPauses(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The relay a sender sends through, as its pause is kept: its address and the settings that decide whether it
     * takes our mail (TLS, STARTTLS, the login, the envelope sender). A pause belongs to the settings it was met under:
     * once they are changed (STARTTLS no longer required, the password corrected) and Keepwarm is started again, the
     * new settings are tried at once rather than after the old ones' pause, up to 12 hours. A different relay
     * configured is not paused either. The settings are in the key only as a hash, so the password is never stored.
     */
    public static String relayOf(JavaMailSenderImpl server, MailSettings settings) {
        String protocol = server.getProtocol() == null ? "smtp" : server.getProtocol();
        Properties properties = server.getJavaMailProperties();
        StringBuilder deciding = new StringBuilder();
        for (String name : DECIDING) {
            deciding.append(name).append('=').append(properties.getProperty("mail." + protocol + "." + name))
                    .append('\n');
        }
        deciding.append("from=").append(properties.getProperty("mail." + protocol + ".from",
                MailComposer.envelopeSender(settings))).append('\n');
        deciding.append("username=").append(server.getUsername()).append('\n');
        deciding.append("password=").append(server.getPassword());
        return protocol + "://" + server.getHost() + (server.getPort() > 0 ? ":" + server.getPort() : "")
                + " settings " + HexFormat.of().formatHex(sha256(deciding.toString()), 0, 8);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
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

    /** The pauses kept for other relays or under other settings than {@code relay}'s. */
    List<Pause> others(String relay) {
        return jdbc.sql("SELECT relay, rounds, trouble, since, resume_at FROM mail_relay_pauses WHERE relay <> ?")
                .param(relay)
                .query((rs, n) -> new Pause(rs.getString(1), rs.getInt(2), rs.getString(3), Timestamps.read(rs, 4),
                        Timestamps.read(rs, 5)))
                .list();
    }

    /** The relay took mail again: the pause ends for every instance. Whether there was one. */
    boolean lift(String relay) {
        return jdbc.sql("DELETE FROM mail_relay_pauses WHERE relay = ?").param(relay).update() > 0;
    }
}
