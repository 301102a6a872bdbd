-- The engine claims due enrollments ORDER BY next_due_at, contact_id and planned touches ORDER BY due_at,
-- contact_id, id, so that a contact's work due at one moment lands in one batch and is decided in priority order
-- (a batch boundary left a higher-priority program's piece for the next batch, after a lower one took the
-- contact's budget). Read in index order, as V20 does for touches; not CONCURRENTLY, for the reasons given there.
CREATE INDEX enrollments_due_by_contact ON enrollments (next_due_at, contact_id);
DROP INDEX enrollments_due;
CREATE INDEX touches_due_by_contact ON touches (state, due_at, contact_id, id);
DROP INDEX touches_due_in_order;
