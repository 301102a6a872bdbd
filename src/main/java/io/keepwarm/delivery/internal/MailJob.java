package io.keepwarm.delivery.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Works the SMTP queue every second of real time while there is something to send, and reads replies every minute. */
@Component
@ConditionalOnProperty(name = "keepwarm.jobs.enabled", havingValue = "true", matchIfMissing = true)
class MailJob {

    private final SmtpChannel smtp;
    private final ReplyMailbox replies;

    MailJob(SmtpChannel smtp, ReplyMailbox replies) {
        this.smtp = smtp;
        this.replies = replies;
    }

    @Scheduled(fixedDelayString = "${keepwarm.mail.poll:PT1S}")
    void run() {
        // Round after round while there is something to send, rather than one round per tick.
        smtp.drain();
    }

    @Scheduled(fixedDelayString = "${keepwarm.mail.replies.poll:PT1M}")
    void readReplies() {
        replies.read();
    }
}
