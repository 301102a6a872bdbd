-- The figures count an email as sent in the week the mail server accepted it (the outbox's SENT and its sent_at): the
-- dashboard's weeks and the content report read a range of sent_at among sent messages, where the only index on status
-- (status, next_attempt_at) left them every sent message of the outbox to read.
CREATE INDEX outbox_messages_sent ON outbox_messages (status, sent_at);
