package io.keepwarm.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/** One page of a list, with the cursor that fetches the next page (null on the last one). */
public record Page<T>(List<T> items, String nextCursor) {

    /** A page from up to {@code limit + 1} rows in id order: the extra row only says there is more. */
    public static <T> Page<T> of(List<T> rows, int limit, ToLongFunction<T> id) {
        boolean more = rows.size() > limit;
        List<T> page = more ? rows.subList(0, limit) : rows;
        return new Page<>(List.copyOf(page), more ? Cursor.after(id.applyAsLong(page.getLast())) : null);
    }

    /** A page from up to {@code limit + 1} rows in the order of a text key (a tag, an attribute's key). */
    public static <T> Page<T> ofKeys(List<T> rows, int limit, Function<T, String> key) {
        boolean more = rows.size() > limit;
        List<T> page = more ? rows.subList(0, limit) : rows;
        return new Page<>(List.copyOf(page), more ? Cursor.afterKey(key.apply(page.getLast())) : null);
    }

    /** Every item of a paged list, page after page from the first (cursor null): for lists kept short by nature. */
    public static <T> List<T> every(Function<String, Page<T>> page) {
        List<T> all = new ArrayList<>();
        String cursor = null;
        do {
            Page<T> next = page.apply(cursor);
            all.addAll(next.items());
            cursor = next.nextCursor();
        } while (cursor != null);
        return all;
    }
}
