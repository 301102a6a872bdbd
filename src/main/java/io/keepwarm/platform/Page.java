package io.keepwarm.platform;

import java.util.List;

/** One page of a list, with the cursor that fetches the next page (null on the last one). */
public record Page<T>(List<T> items, String nextCursor) {}
