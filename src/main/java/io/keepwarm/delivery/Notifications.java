package io.keepwarm.delivery;

import io.keepwarm.delivery.internal.MailSettings;
import jakarta.mail.MessagingException;
import java.io.UnsupportedEncodingException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
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

    Notifications(ObjectProvider<JavaMailSender> sender, MailSettings settings) {
        this.sender = sender.getIfAvailable();
        this.settings = settings;
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
            helper.setText(text);
        } catch (MessagingException | UnsupportedEncodingException e) {
            throw new MailPreparationException("the alert for " + to + " could not be written: " + e.getMessage(), e);
        }
        sender.send(message);
    }
}
