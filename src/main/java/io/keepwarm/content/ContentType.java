package io.keepwarm.content;

import java.util.Locale;

/** What kind of piece a content item is; something of value to send, never a product pitch. */
public enum ContentType {
    ARTICLE,
    WHITE_PAPER,
    CASE_STUDY,
    WEBINAR_INVITE,
    NEWSLETTER,
    SERVICE_REMINDER,
    /** A readiness question: "is now a good time?" */
    CHECK_IN,
    CALL_SCRIPT;

    /** The kind as a prospect's landing page introduces it: "A white paper", "An article", "A check in". */
    public String withArticle() {
        String kind = name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "An " : "A ") + kind;
    }
}
