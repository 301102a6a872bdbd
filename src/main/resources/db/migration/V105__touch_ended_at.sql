-- When a touch ended without going (suppressed or failed), as the dashboard's weeks count a suppressed touch: in the
-- week it was suppressed. Counted by its due time, one a program's archiving or an edit suppressed while it waited for
-- a cap (a stream's piece may wait up to its next cadence moment) counted in a week still to come, and one the outbox
-- withheld days after it was handed over counted in the week before. Older rows did not keep the moment: they keep
-- their due time, as they were counted so far, but never later than now (a wait cut short ended by now at the latest).
ALTER TABLE touches ADD COLUMN ended_at TIMESTAMP WITH TIME ZONE;
UPDATE touches SET ended_at = LEAST(due_at, CURRENT_TIMESTAMP) WHERE state IN ('SUPPRESSED', 'FAILED');
CREATE INDEX touches_ended ON touches (state, ended_at);
