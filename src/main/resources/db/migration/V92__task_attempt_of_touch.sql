-- A program call's further attempts (booked after no answer) carry the touch of the first call, so what ends the
-- touch's tasks (its place in the program ended by a merge) ends them too. touch_id stays the first call's alone: it
-- is unique, which keeps a re-run batch from writing a touch's task twice.
ALTER TABLE tasks ADD COLUMN attempt_of BIGINT;
CREATE INDEX tasks_attempt_of ON tasks (attempt_of);
