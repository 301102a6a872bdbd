package io.keepwarm.content;

import io.keepwarm.lifecycle.Stage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A piece in the content library with its variants per channel. Empty {@code stages} or {@code segmentIds} mean
 * the piece suits any stage or segment. Templates are stored sanitised, as Liquid.
 */
public record ContentItem(
        long id,
        String name,
        ContentType type,
        List<String> topics,
        Set<Stage> stages,
        List<Long> segmentIds,
        String language,
        ContentStatus status,
        String landingUrl,
        Offer offer,
        Map<String, String> fallbacks,
        Variants variants,
        String createdBy,
        Instant createdAt,
        String updatedBy,
        Instant updatedAt) {

    /** Something the contact can accept with one click (a white paper, a call back), and its button text. */
    public record Offer(String key, String label) {}

    /** The channels a piece can go out on; a channel it has no variant for is null. */
    public record Variants(Email email, Phone phone) {

        public static final Variants NONE = new Variants(null, null);

        public boolean isEmpty() {
            return email == null && phone == null;
        }
    }

    /** An email: subject, sanitised HTML and plain text, all Liquid; {@code textDerived} if the text came from the HTML. */
    public record Email(String subject, String html, String text, boolean textDerived) {}

    /** What a sales rep says on a call, as Liquid. */
    public record Phone(String script) {}
}
