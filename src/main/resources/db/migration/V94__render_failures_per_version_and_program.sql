-- A piece's failures counted per version of the piece (its saved time when it failed) and per program (0: a request
-- on its landing page), so that the program's page counts its own contacts, the piece's page tells failures since its
-- last edit from older ones, and a cause the author was told of is told again when it comes back after an edit.
CREATE TABLE render_failure_counts (
    content_id       BIGINT        NOT NULL,
    piece_saved_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    cause_kind       VARCHAR(300)  NOT NULL,
    program_id       BIGINT        NOT NULL,
    cause            VARCHAR(300)  NOT NULL,
    first_failed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    last_failed_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    failures         INTEGER       NOT NULL,
    PRIMARY KEY (content_id, piece_saved_at, cause_kind, program_id)
);

-- A row before this kept neither: its failures go to the program it first failed in, and to the piece as it is now
-- when the piece was not saved since they began, else to an earlier version (a stand-in time before the last save).
INSERT INTO render_failure_counts (content_id, piece_saved_at, cause_kind, program_id, cause, first_failed_at,
        last_failed_at, failures)
SELECT r.content_id,
       CASE WHEN c.updated_at IS NOT NULL AND c.updated_at <= r.first_failed_at THEN c.updated_at
            ELSE r.first_failed_at END,
       r.cause_kind, COALESCE(r.program_id, 0), r.cause, r.first_failed_at, r.last_failed_at, r.failures
  FROM render_failures r LEFT JOIN content_items c ON c.id = r.content_id;

-- The causes told to whoever can fix the piece: once per piece, version and cause, whichever program failed first.
CREATE TABLE render_failure_alerts (
    content_id      BIGINT        NOT NULL,
    piece_saved_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    cause_kind      VARCHAR(300)  NOT NULL,
    PRIMARY KEY (content_id, piece_saved_at, cause_kind)
);
INSERT INTO render_failure_alerts (content_id, piece_saved_at, cause_kind)
SELECT content_id, piece_saved_at, cause_kind FROM render_failure_counts;

DROP TABLE render_failures;
ALTER TABLE render_failure_counts RENAME TO render_failures;
CREATE INDEX render_failures_program ON render_failures (program_id);
