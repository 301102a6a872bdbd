package io.keepwarm.content.internal;

import io.keepwarm.content.ContentFilter;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.content.ContentStatus;
import io.keepwarm.platform.Page;
import io.keepwarm.segment.SegmentUsers;
import java.util.List;
import org.springframework.stereotype.Component;

/** The pieces, retired ones aside, meant for a segment: the engine reads a piece's segments when it chooses it. */
@Component
class ContentSegmentUsers implements SegmentUsers {

    private final ContentLibrary library;

    ContentSegmentUsers(ContentLibrary library) {
        this.library = library;
    }

    @Override
    public List<String> usingSegment(long segmentId) {
        return Page.every(cursor -> library.list(ContentFilter.ALL, cursor, 200)).stream()
                .filter(c -> c.status() != ContentStatus.RETIRED && c.segmentIds().contains(segmentId))
                .map(c -> "content '" + c.name() + "'").toList();
    }

    @Override
    public List<String> usingList(long listId) {
        return List.of();
    }
}
