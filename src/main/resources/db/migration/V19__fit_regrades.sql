-- After the fit rules change, every contact is graded again in the background, a thousand contacts per
-- transaction, so saving a rule neither waits for nor locks a million score rows. One row while a regrade is
-- due: how far it got. A further change starts it again from the first contact.
CREATE TABLE fit_regrades (
    id INT PRIMARY KEY,
    after_contact BIGINT NOT NULL,
    requested_at TIMESTAMP WITH TIME ZONE NOT NULL
);
