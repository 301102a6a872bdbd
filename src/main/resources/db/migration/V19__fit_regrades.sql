-- After the fit rules change, every contact is graded again in the background, a thousand contacts per
-- transaction, so saving a rule neither waits for nor locks a million score rows. One row, always there: since when
-- a regrade is due (NULL when none is) and how far it got. A change of the rules locks the row to start again from
-- the first contact, so it waits for a chunk under way and is never missed by the next one.
CREATE TABLE fit_regrades (
    id INT PRIMARY KEY,
    after_contact BIGINT NOT NULL,
    requested_at TIMESTAMP WITH TIME ZONE
);
INSERT INTO fit_regrades (id, after_contact, requested_at) VALUES (1, 0, NULL);
