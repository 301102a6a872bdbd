-- A stream records a contact it cannot email as suppressed once per reason (Planner, since the UNREACHABLE outcome);
-- before that, every cadence moment added another suppressed touch for the same reason, and the program's figures,
-- its stats, the analytics and the dashboard count touches: a year of a monthly stream read as twelve suppressions of
-- one contact who withdrew consent. Each run of such touches in a row (an enrollment's cadence touches, each
-- suppressed for the same hard gate as the one before) keeps its first, as the planner now records it; a touch sent
-- or suppressed for another reason in between starts a new run, as the planner records the reason again then. Pauses
-- and other soft reasons stay, one a moment, as the planner still records them. A touch an outbox message names is
-- never removed. Deleting a row of a run leaves the next one's previous touch in the same run, so the result does not
-- depend on the order the database visits the rows in.
DELETE FROM touches
 WHERE step = 0
   AND kind = 'SEND'
   AND state = 'SUPPRESSED'
   AND reason IN ('SUPPRESSED', 'CONSENT_WITHDRAWN', 'DO_NOT_CONTACT', 'INVALID_ADDRESS', 'NO_CONSENT',
                  'WRONG_CHANNEL')
   AND program_id IN (SELECT p.id FROM programs p WHERE p.kind = 'STREAM')
   AND EXISTS (SELECT 1 FROM touches b
                WHERE b.enrollment_id = touches.enrollment_id AND b.step = 0 AND b.state = 'SUPPRESSED'
                  AND b.reason = touches.reason
                  AND b.occurrence = (SELECT MAX(l.occurrence) FROM touches l
                                       WHERE l.enrollment_id = touches.enrollment_id AND l.step = 0
                                         AND l.occurrence < touches.occurrence))
   AND NOT EXISTS (SELECT 1 FROM outbox_messages o WHERE o.touch_id = touches.id);
