-- A contact created without a time zone, whose country spans several zones (the US, Canada, Brazil...), has no zone
-- we could honestly pick: it is stored as unknown (NULL), which calling hours and quiet hours take as the most
-- restrictive, rather than as the account's zone (UTC by default), which opened calling hours at 03:00 in New York.
ALTER TABLE contacts ALTER COLUMN time_zone DROP NOT NULL;
