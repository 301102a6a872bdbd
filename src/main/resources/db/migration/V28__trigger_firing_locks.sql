-- One row per contact that triggers were evaluated for, locked while an evaluator counts the contact's firings of
-- the last 24 hours and records its own: two evaluators at once (two activity-feed batches, two instances, the date
-- job and the feed) would otherwise both count below the daily limit and both fire. A row of the trigger module's
-- own, so that evaluating triggers never holds up a person editing the contact.
CREATE TABLE trigger_firing_locks (
    contact_id BIGINT NOT NULL PRIMARY KEY REFERENCES contacts (id) ON DELETE CASCADE
);
