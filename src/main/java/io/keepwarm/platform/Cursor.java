package io.keepwarm.platform;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Opaque keyset cursors: the id after which the next page starts, or for a list newest first by time, the time and id
 * before which it starts.
 */
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
        throw notOurs();
    }

    /** The row a page newest first by time ended on: the next page holds what comes before it. */
    public record Before(Instant at, long id) {}

    public static String before(Instant at, long id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("at:" + at.getEpochSecond() + "." + at.getNano() + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** The row a cursor from {@link #before} names, or null for the first page. */
    public static Before decodeBefore(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("[:.]");
            if (parts.length == 4 && parts[0].equals("at")) {
                return new Before(Instant.ofEpochSecond(Long.parseLong(parts[1]), Long.parseLong(parts[2])),
                        Long.parseLong(parts[3]));
            }
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            // falls through to the clear message below
        }
        throw notOurs();
    }

    /** A cursor for a list in the order of a text key (a tag, an attribute's key): the key the page ended on. */
    public static String afterKey(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("key:" + key).getBytes(StandardCharsets.UTF_8));
    }

    /** The key a cursor from {@link #afterKey} names, or the empty text (before every key) for the first page. */
    public static String decodeKey(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return "";
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith("key:")) {
                return text.substring(4);
            }
        } catch (IllegalArgumentException e) {
            // falls through to the clear message below
        }
        throw notOurs();
    }

    private static InvalidInputException notOurs() {
        return InvalidInputException.field("cursor", "is not a cursor this API handed out; use nextCursor from the previous page");
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
