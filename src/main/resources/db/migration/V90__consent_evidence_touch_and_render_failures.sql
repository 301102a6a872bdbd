-- The email a consent statement was made from (the preference centre reached from its link): its touch, so the
-- contact page can say "via the email 'Cooling guide' of 4 March". No reference: touches are the engine's.
ALTER TABLE consent_events ADD COLUMN evidence_touch_id BIGINT;

-- A piece that could not be filled in, once per piece and cause: its author is alerted on the first failure, and the
-- piece's page counts them. The engine's table; the piece is the content module's, so no reference.
-- cause_kind is the cause without its figures (one contact's subject is 1,061 characters, the next one's 1,073).
CREATE TABLE render_failures (
    content_id       BIGINT        NOT NULL,
    cause_kind       VARCHAR(300)  NOT NULL,
    cause            VARCHAR(300)  NOT NULL,
    program_id       BIGINT,
    first_failed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    last_failed_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    failures         INTEGER       NOT NULL,
    PRIMARY KEY (content_id, cause_kind)
);
