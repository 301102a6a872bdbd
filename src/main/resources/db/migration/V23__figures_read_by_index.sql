-- The figures pages read touches by program (a program's page and stats, and an edit moving its touches with their
-- steps) and sent touches by when they went (touches and content per week): without these indexes each load read
-- the whole table. One index each, as each one more slows the engine's writes of touches. The dashboard's cohort of
-- new contacts reads contacts by when they were created. Not CONCURRENTLY, as V20: the build holds writes to these
-- tables once, while Keepwarm starts.
CREATE INDEX touches_program_step ON touches (program_id, step, state);
CREATE INDEX touches_sent ON touches (state, sent_at);
CREATE INDEX contacts_created ON contacts (created_at);
