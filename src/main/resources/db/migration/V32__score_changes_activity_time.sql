-- When the activity a rule scored happened, not when it was scored: caps count a rule's hits by it, so a backfill of
-- last year's page views does not fill this week's cap, nor a week's visits logged late escape it.
ALTER TABLE score_changes ADD COLUMN activity_at TIMESTAMP WITH TIME ZONE;
UPDATE score_changes SET activity_at = changed_at WHERE rule_id IS NOT NULL;
DROP INDEX score_changes_rule;
CREATE INDEX score_changes_rule ON score_changes (rule_id, contact_id, activity_at);
