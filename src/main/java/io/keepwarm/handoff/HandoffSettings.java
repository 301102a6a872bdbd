package io.keepwarm.handoff;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.handoff.internal.SlaStore;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.Zones;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The hand-off SLA: how many working hours a rep has to accept or reject, and what happens after. */
@Service
public class HandoffSettings {

    /** What an overdue hand-off does, once: alert the rep's manager, or go to another rep. */
    public enum OnOverdue { ESCALATE, REASSIGN }

    /**
     * The SLA as it stands.
     *
     * @param slaHours working hours to accept or reject (every hour Monday to Friday counts, weekends do not)
     * @param zone the account's zone those days are counted in (the account's setting: PUT /api/v1/account/settings)
     */
    public record Sla(int slaHours, OnOverdue onOverdue, String zone) {}

    /** A change; null leaves a setting as it is. */
    public record Change(Integer slaHours, OnOverdue onOverdue) {}

    static final int MAX_SLA_HOURS = 720;

    private final SlaStore store;
    private final Zones zones;
    private final AuditLog audit;
    private final Clock clock;

    HandoffSettings(SlaStore store, Zones zones, AuditLog audit, Clock clock) {
        this.store = store;
        this.zones = zones;
        this.audit = audit;
        this.clock = clock;
    }

    /** The account's zone: where working hours, and the weeks and months of the figures, are counted. */
    public ZoneId zone() {
        return zones.accountZone();
    }

    public Sla current() {
        SlaStore.Sla sla = store.sla();
        return new Sla(sla.slaHours(), OnOverdue.valueOf(sla.onOverdue()), zones.accountZone().getId());
    }

    @Transactional
    public Sla change(Change change) {
        if (change.slaHours() != null && (change.slaHours() < 1 || change.slaHours() > MAX_SLA_HOURS)) {
            throw InvalidInputException.field("slaHours", "must be between 1 and " + MAX_SLA_HOURS + " working hours, not "
                    + change.slaHours());
        }
        Sla before = current();
        Sla after = new Sla(change.slaHours() == null ? before.slaHours() : change.slaHours(),
                change.onOverdue() == null ? before.onOverdue() : change.onOverdue(), before.zone());
        store.save(new SlaStore.Sla(after.slaHours(), after.onOverdue().name()), clock.instant(), Actors.current());
        audit.record("HANDOFF_SLA_CHANGED", "handoff", "settings", Map.of("before", before, "after", after));
        return after;
    }
}
