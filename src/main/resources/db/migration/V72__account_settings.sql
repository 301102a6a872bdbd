-- The account's time zone and the reps' calling hours: one row once an admin saves them; until then the configuration's
-- values (keepwarm.account.*: KEEPWARM_DEFAULT_TIME_ZONE, KEEPWARM_TASKS_CALLING_FROM and _UNTIL) apply.
CREATE TABLE account_settings (
    id            INT          PRIMARY KEY CHECK (id = 1),
    time_zone     VARCHAR(100) NOT NULL,
    calling_from  TIME         NOT NULL,
    calling_until TIME         NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by    VARCHAR(200),
    CHECK (calling_from < calling_until)
);

-- The pressure policy's own hours for calls (PHONE, 08-21 every day) meant what the calling hours mean, yet only timed
-- when a program's call reached the rep's queue, never when the rep called: the calling hours above now serve both.
DELETE FROM pressure_hours WHERE channel = 'PHONE';
