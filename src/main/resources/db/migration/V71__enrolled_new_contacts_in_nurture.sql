-- Enrolling a NEW contact moves it to NURTURE (Enrollments.enterNurture); contacts enrolled before that change stayed
-- NEW, so the funnel showed nobody in nurture while the programs were full. Each contact still NEW (no stage row) with
-- an active enrollment moves now as the application would have moved it then: at its earliest active enrollment, by
-- that program, with the reason code and words the application writes, and an entry in the audit log.
CREATE TABLE v71_moves AS
SELECT e.contact_id, e.program_id, e.enrolled_at,
       'Enrolled in program ''' || p.name || '''' AS reason
  FROM (SELECT contact_id, program_id, enrolled_at,
               ROW_NUMBER() OVER (PARTITION BY contact_id ORDER BY enrolled_at, id) AS n
          FROM enrollments WHERE status = 'ACTIVE') e
  JOIN programs p ON p.id = e.program_id
 WHERE e.n = 1
   AND NOT EXISTS (SELECT 1 FROM contact_stages s WHERE s.contact_id = e.contact_id);

INSERT INTO contact_stages (contact_id, stage, entered_at)
SELECT contact_id, 'NURTURE', enrolled_at FROM v71_moves;

INSERT INTO stage_transitions (contact_id, from_stage, to_stage, occurred_at, actor_type, actor, reason_code, reason)
SELECT contact_id, 'NEW', 'NURTURE', enrolled_at, 'PROGRAM', 'program:' || CAST(program_id AS VARCHAR(20)), 'ENROLLED',
       reason
  FROM v71_moves;

-- The audit entry says when the move was written (now) and by whom (the system, as for every automatic move); its
-- details are the application's, the reason quoted for JSON.
INSERT INTO audit_log (occurred_at, actor, action, entity_type, entity_id, details)
SELECT CURRENT_TIMESTAMP, 'system', 'STAGE_CHANGED', 'contact', CAST(contact_id AS VARCHAR(20)),
       '{"from":"NEW","to":"NURTURE","actorType":"PROGRAM","reasonCode":"ENROLLED","reason":"'
           || REPLACE(REPLACE(reason, '\', '\\'), '"', '\"') || '"}'
  FROM v71_moves;

DROP TABLE v71_moves;
