package io.keepwarm.delivery.internal;

import io.keepwarm.platform.ClockWalk;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * At each step of a walk of the simulated clock, last: hands the emails the step queued to the SMTP server, as
 * {@link MailJob} does (nothing while no server is configured: they stay in the outbox). Replies are not read here:
 * they arrive in real time, and the job reads them every minute.
 */
@Component
@Order(800)
class MailWalkWork implements ClockWalk.Work {

    private final SmtpChannel smtp;

    MailWalkWork(SmtpChannel smtp) {
        this.smtp = smtp;
    }

    @Override
    public void runDue(ClockWalk.Tally tally) {
        tally.add("emails handed to the mail server", smtp.drain());
    }
}
