package io.keepwarm.trigger.internal;

import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.Page;
import io.keepwarm.trigger.Firing;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * What an alert or a task action did, as firings recorded it before they named people ("alerted user 4"), read in the
 * words firings record now ("alerted Rita Jones"): the detail is stored text, and those rows stay. Only a detail that is
 * one of those earlier forms, whole, is read anew; any other is read as written.
 */
@Component
public class EarlierDetails {

    private static final Pattern ALERTED = Pattern.compile("alerted user (\\d{1,18})");
    private static final Pattern NOT_ALERTED = Pattern.compile(
            "the contact's owner \\(user (\\d{1,18})\\) is disabled: nobody would read the alert");
    private static final Pattern TASK_FOR = Pattern.compile("task \\d+ for user (\\d{1,18})");
    private static final Pattern TASK_NO_OWNER = Pattern.compile("task \\d+ created, unassigned: the contact has no owner");
    private static final Pattern TASK_OWNER_LEFT = Pattern.compile(
            "task \\d+ created, unassigned: the contact's owner \\(user (\\d{1,18})\\) is disabled");

    private final Users users;

    EarlierDetails(Users users) {
        this.users = users;
    }

    /** The page with each action's detail in today's words; one user read per person named. */
    public Page<Firing> read(Page<Firing> page) {
        return new Page<>(read(page.items()), page.nextCursor());
    }

    List<Firing> read(List<Firing> firings) {
        Map<Long, String> names = new HashMap<>();
        return firings.stream().map(f -> new Firing(f.id(), f.triggerId(), f.triggerName(), f.contactId(), f.occurrence(),
                f.cue(), f.outcome(), f.reason(), f.chain(), f.firedAt(), f.actions().stream()
                        .map(a -> new Firing.ActionResult(a.position(), a.action(), a.outcome(),
                                detail(a.action(), a.detail(), names), a.held(), a.at()))
                        .toList()))
                .toList();
    }

    private String detail(String action, String detail, Map<Long, String> names) {
        if (detail == null) {
            return null;
        }
        if (action.equals("alertOwner")) {
            Matcher m = ALERTED.matcher(detail);
            if (m.matches()) {
                return "alerted " + person(m.group(1), names);
            }
            m = NOT_ALERTED.matcher(detail);
            if (m.matches()) {
                return "the contact's owner, " + person(m.group(1), names) + ", is disabled: nobody would read the alert";
            }
        } else if (action.equals("createTask")) {
            Matcher m = TASK_FOR.matcher(detail);
            if (m.matches()) {
                return "a task for " + person(m.group(1), names);
            }
            if (TASK_NO_OWNER.matcher(detail).matches()) {
                return "a task in nobody's queue, for any rep to take: the contact has no owner";
            }
            m = TASK_OWNER_LEFT.matcher(detail);
            if (m.matches()) {
                return "a task in nobody's queue, for any rep to take: the contact's owner, " + person(m.group(1), names)
                        + ", is disabled";
            }
        }
        return detail;
    }

    private String person(String id, Map<Long, String> names) {
        return names.computeIfAbsent(Long.parseLong(id),
                userId -> users.find(userId).map(User::shownName).orElse("a user since deleted"));
    }
}
