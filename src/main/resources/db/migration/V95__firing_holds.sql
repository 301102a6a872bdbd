-- A trigger's stage move skipped because an open hand-off holds the lead records the hand-off and its rep then (the rep
-- null while it waited for one), so the pages say the hold in their words and name the rep as they are when read.
-- Rows from before keep the hold in the detail, in the API's sentence.
ALTER TABLE trigger_action_results ADD COLUMN held_handoff_id BIGINT;
ALTER TABLE trigger_action_results ADD COLUMN held_rep_id BIGINT;
