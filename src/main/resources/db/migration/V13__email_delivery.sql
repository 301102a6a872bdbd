-- The outbox becomes the durable queue of email: the engine writes a message in the same transaction as its touch,
-- and the SMTP sender works the queue. Without an SMTP server a message is only KEPT, to be read in the app.
-- QUEUED -> SENDING (leased) -> SENT, or back to QUEUED with a later next_attempt_at after a transient failure,
-- or FAILED; a SENDING row whose lease ran out was in flight at a crash and becomes IN_DOUBT for a person to decide.
ALTER TABLE outbox_messages ALTER COLUMN touch_id DROP NOT NULL;
ALTER TABLE outbox_messages ADD COLUMN kind VARCHAR(14) DEFAULT 'NURTURE' NOT NULL;
ALTER TABLE outbox_messages ADD COLUMN from_address VARCHAR(254);
ALTER TABLE outbox_messages ADD COLUMN from_name VARCHAR(200);
ALTER TABLE outbox_messages ADD COLUMN unsubscribe_url VARCHAR(2000);
-- The links of the message as written by its author, one per line: a click token names a touch and an index here.
ALTER TABLE outbox_messages ADD COLUMN links VARCHAR;
ALTER TABLE outbox_messages ADD COLUMN message_id VARCHAR(300);
ALTER TABLE outbox_messages ADD COLUMN status VARCHAR(10) DEFAULT 'KEPT' NOT NULL;
ALTER TABLE outbox_messages ADD COLUMN attempts INT DEFAULT 0 NOT NULL;
ALTER TABLE outbox_messages ADD COLUMN next_attempt_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE outbox_messages ADD COLUMN lease_until TIMESTAMP WITH TIME ZONE;
ALTER TABLE outbox_messages ADD COLUMN last_error VARCHAR(1000);
ALTER TABLE outbox_messages ADD COLUMN sent_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX outbox_messages_due ON outbox_messages (status, next_attempt_at);

-- Bounce and complaint reports from an email provider, once per provider event id.
CREATE TABLE email_provider_events (
    provider    VARCHAR(20)  NOT NULL,
    event_id    VARCHAR(200) NOT NULL,
    kind        VARCHAR(20)  NOT NULL,
    contact_id  BIGINT,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (provider, event_id)
);

-- Replies read from the reply mailbox, once each by their own Message-ID, matched to the touch they answer.
CREATE TABLE email_replies (
    message_id  VARCHAR(300) PRIMARY KEY,
    contact_id  BIGINT       NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    touch_id    BIGINT,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL
);
