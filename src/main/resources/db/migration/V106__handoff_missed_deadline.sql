-- The first deadline a hand-off missed (missed_at) and the rep who held it then (missed_by). Set once, by whatever
-- first sees the lapse (the escalation, a move of the lead, the decision) and never cleared by a later move, so
-- "decided within the SLA" and a rep's missed deadlines cannot be reset by reassigning the lead or by its rep going
-- away and coming back (either used to clear escalated_at and give a fresh due_at).
ALTER TABLE handoffs ADD COLUMN missed_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE handoffs ADD COLUMN missed_by BIGINT REFERENCES users (id);
-- When the manager (or the admins) last heard again that an escalated hand-off still waits: once a day while it does.
ALTER TABLE handoffs ADD COLUMN reminded_at TIMESTAMP WITH TIME ZONE;

-- What the rows still tell. Reassigned for its lapse: the deadline was moved, so the moment of the reassignment
-- stands for it, and the rep it was taken from missed it. Escalated: its due_at and rep are the lapsed ones.
-- Decided after its deadline: the rep who decided let it pass. A lapse an earlier move already erased is not known.
UPDATE handoffs SET missed_at = escalated_at, missed_by = previous_rep_id WHERE escalation = 'REASSIGNED';
UPDATE handoffs SET missed_at = due_at, missed_by = rep_id
 WHERE missed_at IS NULL AND escalation IN ('ESCALATED', 'NO_MANAGER') AND due_at IS NOT NULL;
UPDATE handoffs SET missed_at = due_at, missed_by = rep_id
 WHERE missed_at IS NULL AND due_at IS NOT NULL AND decided_at > due_at;
