-- Which way each enrollment went at a sequence's branch: a branch plans no touch, so without this its row on the
-- program's page showed zeros though contacts passed it. One row per pass, written with the walk that made it.
CREATE TABLE branch_passes (
    program_id    BIGINT  NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
    enrollment_id BIGINT  NOT NULL REFERENCES enrollments (id) ON DELETE CASCADE,
    step          INT     NOT NULL,
    went_else     BOOLEAN NOT NULL,
    passed_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX branch_passes_program_step ON branch_passes (program_id, step);
CREATE INDEX branch_passes_enrollment ON branch_passes (enrollment_id);
