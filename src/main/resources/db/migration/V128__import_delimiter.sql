-- The delimiter a CSV import's file used (comma, semicolon or tab), so its rejected rows are shown and given back
-- as the file had them: a file from Excel in most of Europe uses semicolons, and a report in commas would not open
-- in its columns there. Null for a vCard import, and for imports made before this, whose rows read back as commas.
ALTER TABLE imports ADD COLUMN csv_delimiter VARCHAR(1);
