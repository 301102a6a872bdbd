-- Accepting a hand-off gives its rep the first sales call on the lead, or says why there is none (the contact may not
-- be called, a call-back is booked already): the hand-off keeps what it gave, for the API's answer and the rep's page.
ALTER TABLE handoffs ADD COLUMN first_call_task_id BIGINT;
ALTER TABLE handoffs ADD COLUMN first_call VARCHAR(300);
