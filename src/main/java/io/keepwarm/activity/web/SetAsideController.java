package io.keepwarm.activity.web;

import io.keepwarm.activity.ActivityFeed;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.platform.Page;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Logged activity that scoring or a trigger failed on, even alone, is set aside so it holds nothing up; its events
 * were accepted, so an administrator sees them here (ADMIN only, under /api/v1/admin) and replays them once the cause
 * is mended.
 */
@RestController
@RequestMapping("/api/v1/admin/activity/set-aside")
class SetAsideController {

    private final ActivityFeed feed;

    SetAsideController(ActivityFeed feed) {
        this.feed = feed;
    }

    @GetMapping
    Page<ActivityFeed.SetAside> list(@RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return feed.setAside(cursor, Cursor.limit(limit));
    }

    record Replayed(long id) {}

    @PostMapping("/{id}/replay")
    Replayed replay(@PathVariable long id) {
        if (!feed.replay(id)) {
            throw new NotFoundException("No set-aside activity batch " + id + "; GET /api/v1/admin/activity/set-aside"
                    + " lists those there are");
        }
        return new Replayed(id);
    }
}
