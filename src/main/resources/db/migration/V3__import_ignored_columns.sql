-- The columns of an import file that no field took, so the user sees what was left out.
ALTER TABLE imports ADD COLUMN ignored_columns VARCHAR(2000);
