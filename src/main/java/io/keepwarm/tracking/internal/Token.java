package io.keepwarm.tracking.internal;

/**
 * What a signed link names: its purpose and up to two ids. {@code subject} is the touch (OPEN, CLICK) or the
 * contact (the rest); {@code detail} is the link index (CLICK), the content item (LANDING), the opt-in request
 * (OPT_IN), the piece of the email the link came in (UNSUBSCRIBE), or the piece of the email the preference centre
 * was reached from, by its own link or by its unsubscribe or landing page (PREFERENCES); 0 where there is none.
 */
public record Token(Purpose purpose, long subject, long detail) {

    /** What a link is for; the code is what the token carries, so it never changes. */
    public enum Purpose {
        OPEN(1),
        CLICK(2),
        UNSUBSCRIBE(3),
        PREFERENCES(4),
        LANDING(5),
        OPT_IN(6);

        final int code;

        Purpose(int code) {
            this.code = code;
        }

        static Purpose of(int code) {
            for (Purpose p : values()) {
                if (p.code == code) {
                    return p;
                }
            }
            return null;
        }
    }

    public static Token open(long touchId) {
        return new Token(Purpose.OPEN, touchId, 0);
    }

    public static Token click(long touchId, int linkIndex) {
        return new Token(Purpose.CLICK, touchId, linkIndex);
    }

    public static Token unsubscribe(long contactId, long pieceId) {
        return new Token(Purpose.UNSUBSCRIBE, contactId, pieceId);
    }

    public static Token preferences(long contactId, long pieceId) {
        return new Token(Purpose.PREFERENCES, contactId, pieceId);
    }

    public static Token of(Purpose purpose, long contactId) {
        return new Token(purpose, contactId, 0);
    }
}
