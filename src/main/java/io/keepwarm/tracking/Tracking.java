package io.keepwarm.tracking;

import io.keepwarm.tracking.internal.Recorder;
import io.keepwarm.tracking.internal.TrackingStore;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * The tracking module's face: the public endpoints record asynchronously; this says when they are written, and what
 * they recorded.
 */
@Service
public class Tracking {

    private final Recorder recorder;
    private final TrackingStore store;

    Tracking(Recorder recorder, TrackingStore store) {
        this.recorder = recorder;
        this.store = store;
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
