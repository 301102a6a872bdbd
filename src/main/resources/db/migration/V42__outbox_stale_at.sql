-- A nurture email's touch is good until its stale time: a message that waited in the queue past it (the mail server
-- down over a weekend, retries backing off for hours) is withheld as STALE instead of arriving days late.
ALTER TABLE outbox_messages ADD COLUMN stale_at TIMESTAMP WITH TIME ZONE;
