package io.keepwarm.content;

import java.util.Map;
import java.util.Set;

/** Where a content item stands: only LIVE pieces go out. */
public enum ContentStatus {
    DRAFT,
    LIVE,
    RETIRED;

    private static final Map<ContentStatus, Set<ContentStatus>> NEXT = Map.of(
            DRAFT, Set.of(DRAFT, LIVE),
            LIVE, Set.of(LIVE, RETIRED, DRAFT),
            RETIRED, Set.of(RETIRED, DRAFT));

    /** The statuses an item in this one may be given (itself included). */
    public Set<ContentStatus> allowedNext() {
        return NEXT.get(this);
    }
}
