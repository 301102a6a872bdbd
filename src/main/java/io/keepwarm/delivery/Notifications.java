package io.keepwarm.delivery;

import io.keepwarm.delivery.internal.MailSettings;
import io.keepwarm.delivery.internal.RelayPauses;
import io.keepwarm.delivery.internal.ReplyMailbox;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import jakarta.mail.MessagingException;
import java.io.UnsupportedEncodingException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.MailPreparationException;
import java.util.Properties;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Service;

/**
 * Plain-text email to Keepwarm's own users (an alert for a rep), sent at once over the configured SMTP server. Not
 * a message to a contact: no outbox, no tracking, no unsubscribe, no caps; the caller keeps its own record of it.
 */
@Service
public class Notifications {

    private final JavaMailSender sender;
    private final MailSettings settings;
    private final RelayPauses pauses;
    private final Clock clock;
    private final ReplyMailbox replies;

    Notifications(ObjectProvider<JavaMailSender> sender, MailSettings settings, RelayPauses pauses, Clock clock,
            ReplyMailbox replies) {
        this.sender = sender.getIfAvailable();
        this.settings = settings;
        this.pauses = pauses;
        this.clock = clock;
        this.replies = replies;
    }

    /**
     * The mailbox Keepwarm reads replies, bounces and mailto unsubscribes from, as this instance last read it (each
     * instance reads it on its own).
     *
     * @param server host and port
     * @param lastRead when this instance last read it through; null before its first read
     * @param unreadableSince since when every read failed; null while it reads
     * @param trouble what the last failed read said; null while it reads
     */
    public record Replies(String server, String protocol, String username, String folder, String processedFolder,
            Instant lastRead, Instant unreadableSince, String trouble) {}

    /** The reply mailbox's state; empty when none is configured (replies and mailto unsubscribes are then not read). */
    public Optional<Replies> replies() {
        return replies.state();
    }

    /**
     * The outbox waits because the SMTP server took nothing from Keepwarm.
     *
     * @param trouble what the server answered, as it last did
     * @param since when the trouble began
     * @param until when the outbox tries again
     */
    public record Pause(String trouble, Instant since, Instant until) {}

    /** The pause the outbox keeps now for the configured server, as every sender of it sees it; empty when it sends. */
    public Optional<Pause> pause() {
        if (!(sender instanceof JavaMailSenderImpl server) || server.getHost() == null) {
            return Optional.empty();
        }
        return pauses.of(RelayPauses.relayOf(server, settings)).filter(p -> p.holdsAt(clock.instant()))
                .map(p -> new Pause(p.trouble(), p.since(), p.resumeAt()));
    }

    /**
     * How mail leaves Keepwarm, as an admin may see it: never a password.
     *
     * @param host null when no SMTP server is configured (messages then stay in the outbox)
     * @param security "TLS" (implicit), "STARTTLS required", "STARTTLS when offered" or "none"
     * @param username the SMTP login, null when the server takes mail without one
     * @param postalAddress the sender's postal address printed in every message; null when none is set
     */
    public record Transport(String host, Integer port, String security, String username, String fromAddress,
            String fromName, String replyTo, boolean dkim, String dkimDomain, String dkimSelector, String postalAddress) {}

    public Transport transport() {
        String host = null;
        Integer port = null;
        String security = null;
        String username = null;
        if (sender instanceof JavaMailSenderImpl server && server.getHost() != null) {
            host = server.getHost();
            port = server.getPort() > 0 ? server.getPort() : null;
            username = server.getUsername();
            Properties properties = server.getJavaMailProperties();
            String protocol = server.getProtocol() == null ? "smtp" : server.getProtocol();
            if ("smtps".equals(protocol) || on(properties, "mail." + protocol + ".ssl.enable")) {
                security = "TLS";
            } else if (on(properties, "mail." + protocol + ".starttls.required")) {
                security = "STARTTLS required";
            } else if (on(properties, "mail." + protocol + ".starttls.enable")) {
                security = "STARTTLS when offered";
            } else {
                security = "none";
            }
        }
        MailSettings.Dkim dkim = settings.dkim();
        return new Transport(host, port, security, username, settings.fromAddress(), settings.fromName(),
                settings.replyTo(), dkim.enabled(), dkim.domain(), dkim.selector(), settings.postalAddress());
    }

    private static boolean on(Properties properties, String key) {
        return "true".equalsIgnoreCase(String.valueOf(properties.getProperty(key)).strip());
    }

    /** Whether an SMTP server is configured; without one there is nothing to send with. */
    public boolean enabled() {
        return sender != null;
    }

    /** Sends one message now; throws {@link MailException} when the server cannot take it. */
    public void mail(String to, String subject, String text) {
        if (sender == null) {
            throw new IllegalStateException("no SMTP server is configured (spring.mail.host)");
        }
        var message = sender.createMimeMessage();
        try {
            var helper = new MimeMessageHelper(message, false, "UTF-8");
            helper.setFrom(settings.fromAddress(), settings.fromName());
            helper.setTo(to);
            helper.setSubject(subject);
            // on Keepwarm's clock, as every nurture email's Date is: the simulated one's time when it runs
            helper.setSentDate(java.util.Date.from(clock.instant()));
            helper.setText(text);
        } catch (MessagingException | UnsupportedEncodingException e) {
            throw new MailPreparationException("the alert for " + to + " could not be written: " + e.getMessage(), e);
        }
        sender.send(message);
    }
}
