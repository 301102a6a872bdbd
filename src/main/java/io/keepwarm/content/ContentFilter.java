package io.keepwarm.content;

import io.keepwarm.lifecycle.Stage;

/**
 * Which content items to list; null means any. A stage matches items made for it and items made for every stage.
 */
public record ContentFilter(ContentType type, ContentStatus status, String topic, Stage stage, String language) {

    public static final ContentFilter ALL = new ContentFilter(null, null, null, null, null);
}
