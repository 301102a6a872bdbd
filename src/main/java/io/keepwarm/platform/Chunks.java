package io.keepwarm.platform;

import java.util.ArrayList;
import java.util.List;

/** A long list cut into pieces of at most a given size, for IN lists and events that must stay bounded. */
public final class Chunks {

    private Chunks() {}

    public static <T> List<List<T>> of(List<T> items, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < items.size(); from += size) {
            chunks.add(items.subList(from, Math.min(items.size(), from + size)));
        }
        return chunks;
    }
}
