package io.keepwarm.handoff.internal;

import io.keepwarm.delivery.Notifications;
import io.keepwarm.handoff.Alert;
import io.keepwarm.handoff.AlertWording;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.AfterTransaction;
import java.time.Clock;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Emails the copy of an alert as soon as the alert is committed, and again at the next run of the hand-off job
 * when the server failed (up to five tries). Each copy is claimed before it is sent, so it goes out once; a crash
 * between claim and send leaves it SENDING, in doubt, never sent again on its own.
 */
@Component
public class AlertMail {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AlertMail.class);
    static final int MAX_ATTEMPTS = 5;
    private static final int BATCH = 100;

    private final AlertStore store;
    private final Notifications notifications;
    private final Users users;
    private final Clock clock;
    private final TransactionTemplate own;
    private final AlertWording wording;
    private final String publicUrl;

    AlertMail(AlertStore store, Notifications notifications, Users users, Clock clock,
            PlatformTransactionManager transactions, AlertWording wording,
            @Value("${keepwarm.public-url:http://localhost:8080}") String publicUrl) {
        this.wording = wording;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        this.store = store;
        this.notifications = notifications;
        this.users = users;
        this.clock = clock;
        this.own = new TransactionTemplate(transactions);
        // The claim and the outcome commit on their own, also when a job retries copies inside its transaction.
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Whether a copy can go to this user: an SMTP server is configured and the user has an address. */
    public boolean canMail(User user) {
        return notifications.enabled() && user.enabled() && user.email() != null && !user.email().isBlank();
    }

    /**
     * Sends the copy once the caller's transaction commits and has given its connection back (at once without one):
     * the claim and the outcome take one of their own.
     */
    public void afterCommit(long alertId) {
        AfterTransaction.run(() -> send(alertId));
    }

    /** Tries the copies still pending. */
    public void retryPending() {
        for (long id : own.execute(tx -> store.pendingEmails(BATCH))) {
            send(id);
        }
    }

    /**
     * Counts the copies that go out on this thread until closed: those sent as the work's transactions commit, and
     * retried ones, as a run of the hand-off job reports them.
     */
    public Tally tally() {
        Tally tally = new Tally();
        tallies.set(tally);
        return tally;
    }

    /** The copies sent on a thread since {@link #tally}. */
    public final class Tally implements AutoCloseable {

        private int sent;

        public int sent() {
            return sent;
        }

        @Override
        public void close() {
            tallies.remove();
        }
    }

    private final ThreadLocal<Tally> tallies = new ThreadLocal<>();

    private boolean send(long id) {
        if (!Boolean.TRUE.equals(own.execute(tx -> store.claimEmail(id)))) {
            return false;
        }
        Alert alert = store.find(id).orElseThrow();
        Optional<String> to = users.find(alert.userId()).map(User::email);
        try {
            notifications.mail(to.orElseThrow(() -> new IllegalStateException("the user has no email address")),
                    "[Keepwarm] " + wording.alertText(alert.subject()),
                    wording.alertText(alert.body() == null ? alert.subject() : alert.body()) + "\n\nOpen it in Keepwarm: "
                            + publicUrl + wording.pageOf(alert.contactId()) + "\n");
            own.executeWithoutResult(tx -> store.emailSent(id, clock.instant()));
            Tally tally = tallies.get();
            if (tally != null) {
                tally.sent++;
            }
            return true;
        } catch (RuntimeException e) {
            log.warn("The email copy of alert {} was not sent: {}", id, e.getMessage());
            own.executeWithoutResult(tx -> store.emailFailed(id, e.getMessage(), MAX_ATTEMPTS));
            return false;
        }
    }
}
