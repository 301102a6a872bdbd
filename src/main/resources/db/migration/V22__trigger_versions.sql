-- Each instance keeps the active triggers in memory and reads them again when the table's stamp changes. The latest
-- updated_at could not be that stamp: two edits commit in another order than their times, and an instance that read
-- between them would keep the older one for good. A version each edit raises can.
ALTER TABLE triggers ADD COLUMN version BIGINT DEFAULT 0 NOT NULL;
