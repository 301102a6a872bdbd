package io.keepwarm.content;

import io.keepwarm.content.internal.ContentStore;
import io.keepwarm.platform.Zones;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Offers that send a piece past its valid-until moment: a prospect who takes one gets nothing but "we will be in
 * touch", so the author is told where the offer is edited and listed, and where the expired piece is edited. A warning,
 * never a refusal, as for a stream's pieces that send nothing: moving the piece's date may be the author's next step.
 */
@Service
@Transactional(readOnly = true)
public class OfferWarnings {

    private final ContentStore store;
    private final Zones zones;
    private final Clock clock;

    OfferWarnings(ContentStore store, Zones zones, Clock clock) {
        this.store = store;
        this.zones = zones;
        this.clock = clock;
    }

    /**
     * Why the piece's offer sends nothing now, its piece expired, or will send nothing while the piece is still sent,
     * its piece expiring first (a webinar's registration that ends before the invitation does); empty when it sends
     * as long as the piece is sent, or there is no offer.
     */
    public Optional<String> sendsExpired(ContentItem piece) {
        Long sends = piece.offer() == null ? null : piece.offer().sends();
        if (sends == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return store.find(sends).flatMap(sent -> {
            if (sent.expiredBy(now)) {
                return Optional.of("offer: the piece it sends, '" + sent.name() + "', "
                        + sent.expiredOn(zones.accountZone()) + " (its valid-until moment), so a prospect who takes"
                        + " the offer gets nothing but a note that we will be in touch; point the offer at another"
                        + " piece, or clear or move the valid-until date of '" + sent.name() + "'");
            }
            if (sent.validUntil() != null && !piece.expiredBy(sent.validUntil())) {
                return Optional.of("offer: the piece it sends, '" + sent.name() + "', "
                        + sent.expiresOn(zones.accountZone()) + ", while this piece "
                        + (piece.validUntil() == null ? "has no valid-until date" : piece.expiresOn(zones.accountZone()))
                        + ": a prospect who takes the offer after that gets nothing but a note that we will be in"
                        + " touch; give this piece the same valid-until date, or point the offer at another piece");
            }
            return Optional.empty();
        });
    }

    /** For an expired piece that offers send, which they are and that they send nothing now; empty otherwise. */
    public Optional<String> offeredExpired(ContentItem piece) {
        if (!piece.expiredBy(clock.instant())) {
            return Optional.empty();
        }
        List<String> offering = store.shownOffering(piece.id());
        if (offering.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("valid until: the offer" + (offering.size() == 1 ? " of '" : "s of '")
                + String.join("', '", offering) + "' send" + (offering.size() == 1 ? "s" : "") + " this piece, and it "
                + piece.expiredOn(zones.accountZone()) + ": a prospect who takes "
                + (offering.size() == 1 ? "it" : "one") + " gets nothing; clear or move the valid-until date, or point "
                + (offering.size() == 1 ? "that offer" : "those offers") + " at another piece");
    }

    /** Both warnings of a piece, as its save answers them. */
    public List<String> of(ContentItem piece) {
        return java.util.stream.Stream.of(sendsExpired(piece), offeredExpired(piece)).flatMap(Optional::stream)
                .toList();
    }

    /** Of these pieces, those whose offers send an expired piece, by id, with the expired piece's name: for a list. */
    public Map<Long, String> sendingExpired(Collection<ContentItem> pieces) {
        Instant now = clock.instant();
        Map<Long, Optional<ContentItem>> sent = new HashMap<>();
        pieces.forEach(p -> sent.put(p.id(), Optional.of(p)));
        Map<Long, String> expired = new java.util.LinkedHashMap<>();
        for (ContentItem piece : pieces) {
            Long sends = piece.offer() == null ? null : piece.offer().sends();
            if (sends != null) {
                sent.computeIfAbsent(sends, store::find).filter(s -> s.expiredBy(now))
                        .ifPresent(s -> expired.put(piece.id(), s.name()));
            }
        }
        return expired;
    }
}
