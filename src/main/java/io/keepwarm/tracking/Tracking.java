package io.keepwarm.tracking;

import io.keepwarm.tracking.internal.OptIns;
import io.keepwarm.tracking.internal.Recorder;
import io.keepwarm.tracking.internal.SignedLinks;
import io.keepwarm.tracking.internal.TrackingStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The tracking module's face: the public endpoints record asynchronously; this says when they are written, and what
 * they recorded.
 */
@Service
public class Tracking {

    /** A double opt-in request sent: where the confirmation went and until when its link confirms. */
    public record OptInSent(String sentTo, Instant validUntil) {}

    /**
     * An offer a contact took on a piece's landing page: the piece and the offer's key, as the press was recorded. The
     * contact's OFFER_ACCEPTED activity keeps only the key (segments and triggers match it), which pieces may share.
     */
    public record OfferTaken(long contentId, String offerKey, Instant at) {}

    private final Recorder recorder;
    private final TrackingStore store;
    private final OptIns optIns;
    private final SignedLinks links;

    Tracking(Recorder recorder, TrackingStore store, OptIns optIns, SignedLinks links) {
        this.links = links;
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

    /** The offers the contact took before an instant, the newest first. */
    public List<OfferTaken> offersTaken(long contactId, Instant before, int limit) {
        return store.offersTaken(contactId, before, limit);
    }

    /**
     * The piece whose landing page an address is, when it is one of ours (a click's or a visit's target): the address
     * carries only a signed token, which says nothing to a person reading it.
     */
    public Optional<Long> pieceOfLanding(String url) {
        return links.pieceOfLanding(url);
    }

    /** Writes every open, click and page view taken so far before returning (tests, benchmarks, shutdown). */
    public void flush() {
        recorder.flush();
    }
}
