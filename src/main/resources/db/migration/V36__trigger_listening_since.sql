-- When a trigger began listening for its cue as it now is (created, resumed, or its "when" changed): a "days since"
-- trigger fires for the days that come from a week before then on, not for every contact's whole history. Triggers
-- that exist already count from when they were created.
ALTER TABLE triggers ADD COLUMN listening_since TIMESTAMP WITH TIME ZONE;
UPDATE triggers SET listening_since = created_at;
ALTER TABLE triggers ALTER COLUMN listening_since SET NOT NULL;
