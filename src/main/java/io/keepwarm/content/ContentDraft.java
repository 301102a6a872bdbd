package io.keepwarm.content;

import io.keepwarm.lifecycle.Stage;
import java.util.List;
import java.util.Map;

/** What a person gives to create or replace a content item; null lists and maps count as empty. */
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
        ContentItem.Landing landing) {

    /** A draft without a landing page of its own. */
    public ContentDraft(String name, ContentType type, List<String> topics, List<Stage> stages, List<Long> segmentIds,
            String language, ContentStatus status, String landingUrl, ContentItem.Offer offer,
            Map<String, String> fallbacks, Variants variants) {
        this(name, type, topics, stages, segmentIds, language, status, landingUrl, offer, fallbacks, variants, null);
    }

    /** The variants as written: an email's text may be left out, and is then derived from its HTML. */
    public record Variants(Email email, ContentItem.Phone phone) {}

    /** An email as written. */
    public record Email(String subject, String html, String text) {}
}
