-- The rep the SLA's REASSIGN took the hand-off from for letting it lapse: set by that move, cleared by any later move
-- (a person's, its rep away or gone, the owner back), so it says how the rep who has it now got it. The hand-off job
-- gives a lead held for an owner who was away back to them when they are back, also after its deadline passed with
-- the stand-in; never one this says was taken from that owner. It used to read that from escalation = 'REASSIGNED',
-- which the second rep's own lapse overwrites with 'ESCALATED': the lead then went back to the owner who let it lapse.
ALTER TABLE handoffs ADD COLUMN reassigned_from BIGINT REFERENCES users (id);

-- What the rows still tell. Reassigned for its lapse and not escalated since: the rep it was taken from.
UPDATE handoffs SET reassigned_from = previous_rep_id WHERE escalation = 'REASSIGNED';
-- Open and escalated since, with the first lapse someone else's than the rep's who has it now: reassigned for that
-- lapse, and then let lapse again (a stand-in who let the lead lapse while its owner was away is the first to miss it).
UPDATE handoffs SET reassigned_from = previous_rep_id
 WHERE state = 'OPEN' AND escalation IN ('ESCALATED', 'NO_MANAGER') AND previous_rep_id IS NOT NULL
   AND missed_by IS NOT NULL AND missed_by <> rep_id;
