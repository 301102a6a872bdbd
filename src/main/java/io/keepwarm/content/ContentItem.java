package io.keepwarm.content;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.keepwarm.lifecycle.Stage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A piece in the content library with its variants per channel. Empty {@code stages} or {@code segmentIds} mean
 * the piece suits any stage or segment. Templates are stored sanitised, as Liquid. {@code validUntil}, when set, is the
 * moment after which the piece is sent to no one (an event's invitation after the event); null for no end.
 * {@code language} is the tag it is written in ("de", "pt-br"): it goes only to contacts who read that language; null
 * for a piece of any language, which goes to every contact.
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
        Instant validUntil,
        String landingUrl,
        Offer offer,
        Landing landing,
        Map<String, String> fallbacks,
        Variants variants,
        String createdBy,
        Instant createdAt,
        String updatedBy,
        Instant updatedAt) {

    private static final java.time.format.DateTimeFormatter EXPIRED =
            java.time.format.DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", java.util.Locale.ENGLISH);

    /**
     * The words a piece past its valid-until moment is described by wherever it sends nothing: "expired on Tue 3 Feb
     * 2026, 18:00 Europe/Berlin", in the account's zone, where the editor showed the author the moment.
     */
    public String expiredOn(java.time.ZoneId accountZone) {
        return "expired on " + EXPIRED.format(validUntil.atZone(accountZone)) + " " + accountZone;
    }

    /** As {@link #expiredOn}, for a moment still to come: "expires on Tue 3 Feb 2026, 18:00 Europe/Berlin". */
    public String expiresOn(java.time.ZoneId accountZone) {
        return "expires on " + EXPIRED.format(validUntil.atZone(accountZone)) + " " + accountZone;
    }

    /** Whether the piece's valid-until moment has come by {@code at}: from then on it goes to no one. */
    public boolean expiredBy(Instant at) {
        return validUntil != null && !at.isBefore(validUntil);
    }

    /**
     * Something the contact can accept with one click (a white paper, a call back), and its button text.
     *
     * @param sends the piece accepting it sends at once, by email ("send me the white paper"); null for an offer
     *     that is only recorded, for triggers and sales to act on
     */
    public record Offer(String key, String label, Long sends) {

        /** An offer that is only recorded. */
        public Offer(String key, String label) {
            this(key, label, null);
        }
    }

    /**
     * The piece's own landing page: a title and a body (sanitised HTML) as the author wrote them, and plain-text words
     * of the author's in place of the page's own: {@code intro} for the line saying what the piece is and who sends
     * it ("A newsletter on X, from Y"), {@code button} for the link to the piece ("Read it"); each null for the page's
     * own words in the contact's language. Shown without Liquid: the page is public to anyone holding its link, so it
     * carries nothing of the visitor's.
     */
    public record Landing(String title, String html, String intro, String button) {

        /** A title and a body, the page's own words elsewhere. */
        public Landing(String title, String html) {
            this(title, html, null, null);
        }
    }

    /** The channels a piece can go out on; a channel it has no variant for is null. */
    public record Variants(Email email, Phone phone) {

        public static final Variants NONE = new Variants(null, null);

        @JsonIgnore // a question for our code, not a field of the piece: shown, it could not be sent back
        public boolean isEmpty() {
            return email == null && phone == null;
        }
    }

    /** An email: subject, sanitised HTML and plain text, all Liquid; {@code textDerived} if the text came from the HTML. */
    public record Email(String subject, String html, String text, boolean textDerived) {}

    /** What a sales rep says on a call, as Liquid. */
    public record Phone(String script) {}
}
