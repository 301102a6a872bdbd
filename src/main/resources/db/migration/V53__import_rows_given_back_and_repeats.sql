-- A rejected row is given back as the file had it, under the file's header, so the report of rejected rows can be
-- fixed in a spreadsheet and imported again. Rows and headers longer than these are not kept: the report then has
-- the row's line and reason only.
ALTER TABLE imports ADD COLUMN header_text VARCHAR(16000);
ALTER TABLE import_rejections ADD COLUMN row_text VARCHAR(4000);

-- Rows that repeat the address of an earlier row of the same file: the later row's values win, as they always did,
-- and the job says so. Lines only, no address: nothing here for an erasure to remove.
ALTER TABLE imports ADD COLUMN repeated BIGINT DEFAULT 0 NOT NULL;
CREATE TABLE import_repeats (
    import_id    BIGINT NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    line_number  BIGINT NOT NULL,
    earlier_line BIGINT NOT NULL,
    PRIMARY KEY (import_id, line_number)
);
