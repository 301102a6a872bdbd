-- The audit log is filtered by who acted and by action, newest first (by id), and the page offers the actions present.
CREATE INDEX audit_log_actor ON audit_log (actor, id);
CREATE INDEX audit_log_action ON audit_log (action, id);
