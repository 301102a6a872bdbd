-- What held a touch dropped as STALE past its limit (the contact's own rhythm, a cap, quiet hours), in words: the
-- reason code stays STALE for the figures and the API, and this says why to the marketer reading a timeline.
ALTER TABLE touches ADD COLUMN reason_detail VARCHAR(300);
