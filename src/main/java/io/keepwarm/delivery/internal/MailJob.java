package io.keepwarm.delivery.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Works the SMTP queue every second of real time while there is something to send. */
@Component
@ConditionalOnProperty(name = "keepwarm.jobs.enabled", havingValue = "true", matchIfMissing = true)
class MailJob {

    private final SmtpChannel smtp;

    MailJob(SmtpChannel smtp) {
        this.smtp = smtp;
    }

    @Scheduled(fixedDelayString = "${keepwarm.mail.poll:PT1S}")
    void run() {
        while (smtp.runOnce() > 0) {
            // A full round means more may be waiting: keep going rather than wait for the next tick.
        }
    }
}
