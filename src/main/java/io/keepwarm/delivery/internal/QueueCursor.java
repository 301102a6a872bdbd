package io.keepwarm.delivery.internal;

import io.keepwarm.platform.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * An opaque cursor into a queue: the moment its order was taken at (kept from the first page on, so that a task falling
 * due while the rep reads does not move between pages, read twice or never), where the last page ended, and how many
 * entries came before the next page (for "showing 51–100 of 1,234").
 */
public record QueueCursor(Instant at, QueuePosition after, int before) {

    /** The first page's cursor as of now, to the microsecond the databases keep. */
    public static QueueCursor first(Instant now) {
        return new QueueCursor(now.truncatedTo(ChronoUnit.MICROS), null, 0);
    }

    public String encode() {
        String text = "q:" + instant(at) + ":" + (after.due() ? 1 : 0) + ":" + instant(after.dueAt()) + ":"
                + after.priority() + ":" + after.id() + ":" + before;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The cursor a page handed out, or the first page's as of now for none.
     *
     * @param field the parameter it came in, as its refusal names it
     */
    public static QueueCursor decode(String cursor, Instant now, String field) {
        if (cursor == null || cursor.isBlank()) {
            return first(now);
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8)
                    .split(":");
            if (parts.length == 7 && parts[0].equals("q") && (parts[2].equals("0") || parts[2].equals("1"))) {
                int before = Integer.parseInt(parts[6]);
                if (before >= 0) {
                    return new QueueCursor(instant(parts[1]), new QueuePosition(parts[2].equals("1"),
                            instant(parts[3]), Integer.parseInt(parts[4]), Long.parseLong(parts[5])), before);
                }
            }
        } catch (IllegalArgumentException | DateTimeException | ArithmeticException e) {
            // falls through to the clear message below
        }
        throw InvalidInputException.field(field, "is not a cursor of this queue: use nextCursor as the previous page"
                + " gave it, or leave it out for the first page");
    }

    /** The cursor of the page after one that ended on this position and showed {@code shown} entries. */
    public QueueCursor next(QueuePosition last, int shown) {
        return new QueueCursor(at, last, before + shown);
    }

    private static String instant(Instant at) {
        return at.getEpochSecond() + "." + at.getNano();
    }

    private static Instant instant(String text) {
        int dot = text.indexOf('.');
        if (dot < 0) {
            throw new IllegalArgumentException("no nanoseconds");
        }
        return Instant.ofEpochSecond(Long.parseLong(text.substring(0, dot)), Long.parseLong(text.substring(dot + 1)));
    }
}
