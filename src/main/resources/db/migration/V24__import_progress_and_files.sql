-- When a job last wrote a batch, so a job whose server stopped (restart, crash) can be told from one still running,
-- and the file it reads, so the files no running job reads can be removed and an upload's job found again.
ALTER TABLE imports ADD COLUMN progress_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE imports ADD COLUMN stored_file VARCHAR(100);
