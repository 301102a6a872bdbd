package io.keepwarm.content;

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
    CALL_SCRIPT
}
