package io.keepwarm.handoff.internal;

import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.lifecycle.StageHolds;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A lead with an open hand-off stays in MQL until sales decides: a program's step or a trigger moving it on would
 * decide for the rep (or take the lead from under them), so the lifecycle refuses them and they say so: the API in
 * this hold's sentence, what records the hold by its hand-off and rep.
 */
@Component
class HandoffHolds implements StageHolds {

    private final HandoffStore store;
    private final Users users;

    HandoffHolds(HandoffStore store, Users users) {
        this.store = store;
        this.users = users;
    }

    @Override
    public Map<Long, Hold> held(Collection<Long> contactIds) {
        Map<Long, Hold> held = new LinkedHashMap<>();
        store.openOf(contactIds).forEach((contactId, open) -> held.put(contactId, new Hold(open.handoffId(),
                open.repId(), "contact " + contactId + " is a lead in sales' hands: hand-off " + open.handoffId()
                        + " is open " + (open.repId() == null ? "and waits for a rep" : "with " + rep(open.repId()))
                        + ", who accepts or rejects it (POST /api/v1/handoffs/" + open.handoffId()
                        + "/accept or /reject)")));
        return held;
    }

    private String rep(long repId) {
        return users.find(repId).map(User::displayName).filter(n -> n != null && !n.isBlank()).orElse("user " + repId)
                + " (user " + repId + ")";
    }
}
