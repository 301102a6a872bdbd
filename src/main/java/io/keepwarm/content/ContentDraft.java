package io.keepwarm.content;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.keepwarm.lifecycle.Stage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What a person gives to create or replace a content item; null lists and maps count as empty. The members only a GET
 * shows (the server's to set) are taken and ignored, so a piece read, changed and sent back is accepted; any other
 * unknown member is refused. {@code validUntil} (an instant, such as 2027-02-03T17:00:00Z) may be null: no end.
 * {@code language} null is a piece of any language (for every contact); in JSON a {@code language} left out is "en",
 * as it was before a piece could have none, and only an explicit {@code null} says any language.
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

    /**
     * A draft as sent in JSON: {@code language} left out is "en", {@code null} any language, a text the tag (checked
     * with the rest), any other value its JSON, which the checks refuse as no language tag.
     */
    @JsonCreator
    public static ContentDraft read(@JsonProperty("name") String name, @JsonProperty("type") ContentType type,
            @JsonProperty("topics") List<String> topics, @JsonProperty("stages") List<Stage> stages,
            @JsonProperty("segmentIds") List<Long> segmentIds, @JsonProperty("language") JsonNode language,
            @JsonProperty("status") ContentStatus status, @JsonProperty("landingUrl") String landingUrl,
            @JsonProperty("offer") ContentItem.Offer offer, @JsonProperty("fallbacks") Map<String, String> fallbacks,
            @JsonProperty("variants") Variants variants, @JsonProperty("landing") ContentItem.Landing landing,
            @JsonProperty("validUntil") Instant validUntil) {
        // Absent, the parameter is null; an explicit null is a null node.
        String tag = language == null ? DEFAULT_LANGUAGE : language.isNull() ? null
                : language.isString() ? language.asString() : language.toString();
        return new ContentDraft(name, type, topics, stages, segmentIds, tag, status, landingUrl, offer, fallbacks,
                variants, landing, validUntil);
    }

    /** The language of a piece whose JSON leaves it out. */
    public static final String DEFAULT_LANGUAGE = "en";

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
