package io.keepwarm.tracking;

import io.keepwarm.tracking.internal.OptIns;
import io.keepwarm.tracking.internal.Recorder;
import io.keepwarm.tracking.internal.TrackingStore;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * The tracking module's face: the public endpoints record asynchronously; this says when they are written, and what
 * they recorded.
 */
@Service
public class Tracking {

    /** A double opt-in request sent: where the confirmation went and until when its link confirms. */
    public record OptInSent(String sentTo, Instant validUntil) {}

    private final Recorder recorder;
    private final TrackingStore store;
    private final OptIns optIns;

    Tracking(Recorder recorder, TrackingStore store, OptIns optIns) {
        this.recorder = recorder;
        this.store = store;
        this.optIns = optIns;
    }

    /** Sends the contact the double opt-in confirmation email with the default question, as POST …/opt-in does. */
    public OptInSent requestOptIn(long contactId) {
        OptIns.Requested sent = optIns.request(contactId, null);
        return new OptInSent(sent.sentTo(), sent.validUntil());
    }

    /** The latest tracked requests, of one contact or of all (null), newest first. */
    public List<TrackedRequest> latest(Long contactId, int limit) {
        return store.latest(contactId, limit);
    }

    /** Writes every open, click and page view taken so far before returning (tests, benchmarks, shutdown). */
    public void flush() {
        recorder.flush();
    }
}
