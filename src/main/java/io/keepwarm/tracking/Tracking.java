package io.keepwarm.tracking;

import io.keepwarm.tracking.internal.Recorder;
import org.springframework.stereotype.Service;

/** The tracking module's face: the public endpoints record asynchronously; this says when they are written. */
@Service
public class Tracking {

    private final Recorder recorder;

    Tracking(Recorder recorder) {
        this.recorder = recorder;
    }

    /** Writes every open, click and page view taken so far before returning (tests, benchmarks, shutdown). */
    public void flush() {
        recorder.flush();
    }
}
