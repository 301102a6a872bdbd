package io.keepwarm.platform;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque keyset cursors: the id after which the next page starts. */
public final class Cursor {

    private Cursor() {}

    public static String after(long id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("id:" + id).getBytes(StandardCharsets.UTF_8));
    }

    public static long decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith("id:")) {
                return Long.parseLong(text.substring(3));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the clear message below
        }
        throw InvalidInputException.field("cursor", "is not a cursor this API handed out; use nextCursor from the previous page");
    }

    public static int limit(Integer requested) {
        if (requested == null) {
            return 50;
        }
        if (requested < 1 || requested > 500) {
            throw InvalidInputException.field("limit", "must be between 1 and 500");
        }
        return requested;
    }
}
