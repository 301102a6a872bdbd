package io.keepwarm.content;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.keepwarm.lifecycle.Stage;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a person gives to create or replace a content item; null lists and maps count as empty. The members only a GET
 * shows (the server's to set) are taken and ignored, so a piece read, changed and sent back is accepted; any other
 * unknown member is refused. {@code validUntil} (an instant, such as 2027-02-03T17:00:00Z) may be null: no end.
 */
@JsonIgnoreProperties({"id", "createdBy", "createdAt", "updatedBy", "updatedAt"})
public record ContentDraft(
        String name,
        ContentType type,
        List<String> topics,
        List<Stage> stages,
        List<Long> segmentIds,
        String language,
        ContentStatus status,
        String landingUrl,
        ContentItem.Offer offer,
        Map<String, String> fallbacks,
        Variants variants,
        ContentItem.Landing landing,
        Instant validUntil) {

    /** A draft valid for as long as it is live. */
    public ContentDraft(String name, ContentType type, List<String> topics, List<Stage> stages, List<Long> segmentIds,
            String language, ContentStatus status, String landingUrl, ContentItem.Offer offer,
            Map<String, String> fallbacks, Variants variants, ContentItem.Landing landing) {
        this(name, type, topics, stages, segmentIds, language, status, landingUrl, offer, fallbacks, variants, landing,
                null);
    }

    /** A draft without a landing page of its own. */
    public ContentDraft(String name, ContentType type, List<String> topics, List<Stage> stages, List<Long> segmentIds,
            String language, ContentStatus status, String landingUrl, ContentItem.Offer offer,
            Map<String, String> fallbacks, Variants variants) {
        this(name, type, topics, stages, segmentIds, language, status, landingUrl, offer, fallbacks, variants, null);
    }

    /** The variants as written: an email's text may be left out, and is then derived from its HTML. */
    public record Variants(Email email, ContentItem.Phone phone) {}

    /** An email as written. */
    public record Email(String subject, String html, String text) {

        /**
         * An email as sent in JSON. A text a GET showed with {@code textDerived} was read from the HTML, not written:
         * it is left out and read again from the HTML sent beside it (which may have changed), as the editor does.
         */
        @JsonCreator
        public static Email read(@JsonProperty("subject") String subject, @JsonProperty("html") String html,
                @JsonProperty("text") String text, @JsonProperty("textDerived") Boolean textDerived) {
            return new Email(subject, html, Boolean.TRUE.equals(textDerived) ? null : text);
        }
    }
}
