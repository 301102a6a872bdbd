-- Rows imported as they were, with something a person may want to know: a "no" to consent the contact had withdrawn
-- (it stays withdrawn), a new contact of a country with several clocks that gave no state or province (it has the
-- account's zone). Neither an error nor a value not applied (import_warnings). Lines and the note only, no address.
ALTER TABLE imports ADD COLUMN noted BIGINT DEFAULT 0 NOT NULL;
CREATE TABLE import_notes (
    import_id   BIGINT NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    line_number BIGINT NOT NULL,
    note        VARCHAR(1000) NOT NULL,
    PRIMARY KEY (import_id, line_number)
);
