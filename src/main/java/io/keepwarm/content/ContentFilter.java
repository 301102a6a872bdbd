package io.keepwarm.content;

import io.keepwarm.lifecycle.Stage;

/**
 * Which content items to list; null means any. A stage matches items made for it and items made for every stage. A
 * language matches items in it; {@link #ANY_LANGUAGE} matches the items of any language, which go to every contact.
 */
public record ContentFilter(ContentType type, ContentStatus status, String topic, Stage stage, String language) {

    public static final ContentFilter ALL = new ContentFilter(null, null, null, null, null);

    /**
     * The language that lists the pieces of any language (their language is empty). No piece is in "any": a piece's
     * language may not be it.
     */
    public static final String ANY_LANGUAGE = "any";

    /** Whether the filter lists the pieces of any language rather than those in one. */
    public boolean anyLanguage() {
        return ANY_LANGUAGE.equals(language);
    }
}
