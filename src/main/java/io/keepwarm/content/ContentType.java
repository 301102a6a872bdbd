package io.keepwarm.content;

/** What kind of piece a content item is; something of value to send, never a product pitch. */
public enum ContentType {
    ARTICLE("article"),
    WHITE_PAPER("white paper"),
    CASE_STUDY("case study"),
    WEBINAR_INVITE("webinar invitation"),
    NEWSLETTER("newsletter"),
    SERVICE_REMINDER("service reminder"),
    /** A readiness question: "is now a good time?" */
    CHECK_IN("check-in"),
    CALL_SCRIPT("call script");

    private final String words;

    ContentType(String words) {
        this.words = words;
    }

    /** The kind as people name it, in the app's lists and on a prospect's landing page: "white paper". */
    public String words() {
        return words;
    }

    /** The kind as a prospect's landing page introduces it: "A white paper", "An article", "A check-in". */
    public String withArticle() {
        return ("aeiou".indexOf(words.charAt(0)) >= 0 ? "An " : "A ") + words;
    }
}
