package io.keepwarm.handoff.internal;

import io.keepwarm.contact.PersonalDataSection;
import java.time.Clock;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The contact's hand-offs (with what reps were told and wrote) and the alerts about it belong in its export. */
@Component
class HandoffPersonalData implements PersonalDataSection {

    private final HandoffStore handoffs;
    private final AlertStore alerts;
    private final Clock clock;

    HandoffPersonalData(HandoffStore handoffs, AlertStore alerts, Clock clock) {
        this.handoffs = handoffs;
        this.alerts = alerts;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "handoffs";
    }

    @Override
    public Object of(long contactId) {
        return Map.of("handoffs", handoffs.ofContact(contactId, clock.instant()), "alerts", alerts.ofContact(contactId));
    }
}
