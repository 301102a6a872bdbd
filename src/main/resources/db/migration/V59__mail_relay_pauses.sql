-- The outbox's pause while an SMTP relay takes nothing from Keepwarm (cannot be reached, refuses our login or our
-- sender): kept here rather than in a sender's memory, so a restart or a second instance waits too instead of sending
-- straight into the trouble. One row per relay (protocol, host and port), removed once the relay takes mail again.
CREATE TABLE mail_relay_pauses (
    relay       VARCHAR(300)             PRIMARY KEY,
    rounds      INT                      NOT NULL CHECK (rounds >= 1),
    trouble     VARCHAR(2000)            NOT NULL,
    since       TIMESTAMP WITH TIME ZONE NOT NULL,
    resume_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
