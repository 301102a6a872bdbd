-- Mailgun signs a timestamp and a token, not the event it sends: within the five minutes a signature counts as
-- fresh, a captured one could carry other event data. Each token is kept with what it first came with (a hash of
-- the unsigned event data) for a quarter of an hour, longer than it can stay fresh.
CREATE TABLE webhook_tokens (
    provider VARCHAR(20)  NOT NULL,
    token    VARCHAR(200) NOT NULL,
    payload  VARCHAR(64)  NOT NULL,
    seen_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (provider, token)
);
CREATE INDEX webhook_tokens_seen ON webhook_tokens (seen_at);

-- Bounces and complaints from a provider, and replies from the reply mailbox, name the message they are about by its
-- Message-ID: without an index each one read the whole outbox.
CREATE INDEX outbox_messages_message_id ON outbox_messages (message_id);
