-- Rows imported with a value that was not applied (a company's industry, size or domain another row of the file gave
-- first): the contact is imported, and the job names the row and what happened to its value. Lines and the message
-- only, no address: nothing here for an erasure to remove.
ALTER TABLE imports ADD COLUMN warned BIGINT DEFAULT 0 NOT NULL;
CREATE TABLE import_warnings (
    import_id   BIGINT NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    line_number BIGINT NOT NULL,
    warning     VARCHAR(1000) NOT NULL,
    PRIMARY KEY (import_id, line_number)
);
