-- An alert that asks a rep (or their manager) to decide a hand-off names it, so that it is marked read once the
-- hand-off is decided or has gone to another rep: "Accept or reject hand-off 2" must not wait unread after the fact.
ALTER TABLE alerts ADD COLUMN handoff_id BIGINT;
CREATE INDEX alerts_handoff ON alerts (handoff_id);
