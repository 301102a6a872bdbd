-- A program's touches are read a page at a time by id (GET /api/v1/programs/{id}/touches:
-- WHERE program_id = ? AND id > ? ORDER BY id FETCH FIRST n ROWS ONLY). The only index starting with program_id,
-- touches_program_step (program_id, step, state), finds the program's rows but not in id order, so each page of a
-- big program read and sorted all of them. With (program_id, id) a page is a range of the index, read until it is
-- full. Not CONCURRENTLY, for the reasons V20 gives.
CREATE INDEX touches_program_id ON touches (program_id, id);
