package io.keepwarm.engine.internal;

import io.keepwarm.delivery.EmailFailed;
import io.keepwarm.delivery.EmailWithheld;
import io.keepwarm.engine.Touch;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * An email that could not be delivered for good fails its touch, and one withheld because the contact withdrew
 * consent after it was queued suppresses it, in the transaction that records which.
 */
@Component
class FailedEmails {

    private final TouchStore touches;

    FailedEmails(TouchStore touches) {
        this.touches = touches;
    }

    @EventListener
    void on(EmailWithheld withheld) {
        if (withheld.touchId() != null) {
            // Past the planning: what held it was the outbox (a relay that took nothing, or quiet hours meanwhile).
            touches.end(withheld.touchId(), Touch.State.SUPPRESSED, withheld.reason(), "STALE".equals(withheld.reason())
                    ? "sent on, then held in the outbox past its limit" : null);
        }
    }

    @EventListener
    void on(EmailFailed failed) {
        if (failed.touchId() != null) {
            touches.end(failed.touchId(), Touch.State.FAILED, failed.bounced() ? "BOUNCED" : "UNDELIVERABLE");
        }
    }
}
