-- The engine claims planned touches ORDER BY due_at, id. A cadence gives many contacts the same due time (10:00 on
-- the first Tuesday), and with (state, due_at) alone PostgreSQL sorted every touch due at that time to hand out the
-- first 500: 34 ms a claim with 100,000 due, against 0.3 ms read in index order.
CREATE INDEX touches_due_in_order ON touches (state, due_at, id);
DROP INDEX touches_due;
