package io.keepwarm.audit.web;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.Page;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit trail, newest first. */
@RestController
class AuditController {

    private final AuditLog auditLog;

    AuditController(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    /**
     * Entries by entity type (in any case: "Contact" is "contact"), entity, who acted (the name they acted under, as
     * the entries give it; repeat it for any of several), action ("CONTACT_CREATED", in any case) and time: from
     * (inclusive) and to (exclusive), ISO instants.
     */
    @GetMapping("/api/v1/audit")
    Page<AuditLog.Entry> list(@RequestParam(required = false) String entityType,
            @RequestParam(required = false) String entityId, @RequestParam(required = false) List<String> actor,
            @RequestParam(required = false) String action, @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to, @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw InvalidInputException.field("to", "to must be after from (" + from + "), not " + to
                    + ": entries from (inclusive) up to to (exclusive) are listed");
        }
        return auditLog.list(new AuditLog.Filter(lowerCase(entityType), entityId,
                actor == null || actor.isEmpty() ? null : actor, action == null || action.isBlank() ? null
                        : action.strip().toUpperCase(Locale.ROOT), from, to), cursor, Cursor.limit(limit));
    }

    /** Entity types are recorded in lower case. */
    private static String lowerCase(String entityType) {
        return entityType == null || entityType.isBlank() ? null : entityType.strip().toLowerCase(Locale.ROOT);
    }
}
