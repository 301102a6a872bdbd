package io.keepwarm.content.internal;

import io.keepwarm.content.ContentFilter;
import io.keepwarm.content.ContentItem;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.content.ContentStatus;
import io.keepwarm.platform.Page;
import io.keepwarm.segment.SegmentUsers;
import java.util.ArrayList;
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
        List<String> using = new ArrayList<>();
        String cursor = null;
        do {
            Page<ContentItem> page = library.list(ContentFilter.ALL, cursor, 200);
            page.items().stream().filter(c -> c.status() != ContentStatus.RETIRED && c.segmentIds().contains(segmentId))
                    .forEach(c -> using.add("content '" + c.name() + "'"));
            cursor = page.nextCursor();
        } while (cursor != null);
        return using;
    }

    @Override
    public List<String> usingList(long listId) {
        return List.of();
    }
}
