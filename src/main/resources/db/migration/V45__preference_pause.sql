-- "Pause for 3 months" in the preference centre: no nurture email before this moment (the start of the day three
-- months after the choice, in the contact's zone), on top of the quarterly cap that follows it.
ALTER TABLE contact_frequency ADD COLUMN paused_until TIMESTAMP WITH TIME ZONE;
