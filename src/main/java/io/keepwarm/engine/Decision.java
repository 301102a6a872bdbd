package io.keepwarm.engine;

import java.time.Instant;
import java.util.Objects;

/** What the pressure policy says about one planned touch: send it now, defer it, or never send it. */
public sealed interface Decision {

    /** Send now: every gate passes, every cap has room and it is an allowed moment in the contact's zone. */
    record Send() implements Decision {}

    /** Not now: {@code until} is the earliest moment every cap has room and the contact's local time allows. */
    record Defer(Instant until, Reason reason) implements Decision {
        public Defer {
            Objects.requireNonNull(until);
            if (!reason.temporary()) {
                throw new IllegalArgumentException(reason + " is not a reason to defer");
            }
        }
    }

    /**
     * Never: a hard gate refused the touch, or it would only be allowed after it went stale. {@code detail} says, in
     * words, what held a stale touch past its limit (the contact's own rhythm, a cap, quiet hours, a pause), which
     * the bare reason STALE hides; null when the reason says it all.
     */
    record Suppress(Reason reason, String detail) implements Decision {
        public Suppress {
            Objects.requireNonNull(reason);
        }

        public Suppress(Reason reason) {
            this(reason, null);
        }
    }

    Send SEND = new Send();
}
