-- The columns of an import file that no field took, so the user sees what was left out.
ALTER TABLE imports ADD COLUMN ignored_columns VARCHAR(2000);

-- Imports look up addresses that were merged away, a batch at a time.
CREATE INDEX contact_merges_email ON contact_merges (merged_email);
