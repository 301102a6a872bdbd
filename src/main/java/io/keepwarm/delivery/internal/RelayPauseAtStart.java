package io.keepwarm.delivery.internal;

import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * At start, a relay's pause belongs to the mail settings it was met under ({@link RelayPauses#relayOf}): one kept
 * under other settings (STARTTLS required, since turned off; a password since corrected) ends, and the messages it held
 * back are due at once, so the new settings are tried now. A pause met under these very settings holds, and the log
 * says so once, with its end and its reason: otherwise nothing goes out for minutes or hours and nothing says why.
 */
@Component
class RelayPauseAtStart {

    private static final Logger log = LoggerFactory.getLogger(RelayPauseAtStart.class);

    private final JavaMailSenderImpl server;
    private final MailSettings settings;
    private final RelayPauses pauses;
    private final MailQueue queue;
    private final TransactionTemplate transactions;
    private final Clock clock;

    RelayPauseAtStart(ObjectProvider<JavaMailSender> sender, MailSettings settings, RelayPauses pauses,
            MailQueue queue, TransactionTemplate transactions, Clock clock) {
        this.server = sender.getIfAvailable() instanceof JavaMailSenderImpl impl && impl.getHost() != null ? impl
                : null;
        this.settings = settings;
        this.pauses = pauses;
        this.queue = queue;
        this.transactions = transactions;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void started() {
        if (server == null) {
            return;
        }
        String relay = RelayPauses.relayOf(server, settings);
        Instant now = clock.instant();
        for (RelayPauses.Pause old : pauses.others(relay)) {
            int released = transactions.execute(tx -> {
                pauses.lift(old.relay());
                return old.holdsAt(now) ? queue.releasePostponed(old.resumeAt(), now) : 0;
            });
            if (old.holdsAt(now)) {
                log.info("The pause of {} until {} ({}) was met under other mail settings than these: it ends, and the"
                        + " {} message(s) it held back go out now", old.relay(), old.resumeAt(), old.trouble(), released);
            }
        }
        pauses.of(relay).filter(pause -> pause.holdsAt(now)).ifPresent(pause -> log.warn("No email goes out until {}:"
                + " the mail server has taken nothing from Keepwarm under these mail settings since {} ({}). Messages"
                + " wait in the outbox; Settings -> Mail shows the pause. Correcting spring.mail.* and starting again"
                + " tries the new settings at once.", pause.resumeAt(), pause.since(), pause.trouble()));
    }
}
