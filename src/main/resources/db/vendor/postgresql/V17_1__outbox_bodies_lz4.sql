-- An email's bodies are written once and read once more when it is sent. LZ4 compresses them for a fraction of the
-- CPU that PostgreSQL's default (pglz) takes: inserting 5,000 rows of a 14 KB newsletter took 0.34 s instead of
-- 0.87 to 0.98 s here, at the same size on disk. A server built without LZ4 keeps pglz.
DO $$
BEGIN
    ALTER TABLE outbox_messages ALTER COLUMN html SET COMPRESSION lz4, ALTER COLUMN text SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'this PostgreSQL has no LZ4: outbox bodies stay compressed with pglz';
END $$;
