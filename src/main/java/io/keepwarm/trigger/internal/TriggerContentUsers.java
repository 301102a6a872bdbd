package io.keepwarm.trigger.internal;

import io.keepwarm.content.ContentUsers;
import io.keepwarm.platform.Page;
import io.keepwarm.trigger.Action;
import io.keepwarm.trigger.Trigger;
import io.keepwarm.trigger.Triggers;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** The triggers whose actions send a piece. */
@Component
class TriggerContentUsers implements ContentUsers {

    private final Triggers triggers;

    TriggerContentUsers(Triggers triggers) {
        this.triggers = triggers;
    }

    @Override
    public List<String> using(long contentId) {
        List<String> using = new ArrayList<>();
        String cursor = null;
        do {
            Page<Trigger> page = triggers.list(null, cursor, 200);
            page.items().stream().filter(t -> t.actions().stream()
                            .anyMatch(a -> a instanceof Action.SendContent send && send.contentId() == contentId))
                    .forEach(t -> using.add("trigger '" + t.name() + "'"));
            cursor = page.nextCursor();
        } while (cursor != null);
        return using;
    }
}
