package io.keepwarm.audit.web;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.Page;
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

    @GetMapping("/api/v1/audit")
    Page<AuditLog.Entry> list(@RequestParam(required = false) String entityType,
            @RequestParam(required = false) String entityId, @RequestParam(required = false) String actor,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer limit) {
        return auditLog.list(entityType, entityId, actor, cursor, Cursor.limit(limit));
    }
}
