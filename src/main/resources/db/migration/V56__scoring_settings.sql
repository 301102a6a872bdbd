-- The account's scoring settings: the readiness rule, the fit points of each grade and the half-life. One row once
-- someone saves them; until then the configuration's values (keepwarm.scoring.*) apply.
CREATE TABLE scoring_settings (
    id                INT          PRIMARY KEY CHECK (id = 1),
    half_life_seconds BIGINT       NOT NULL CHECK (half_life_seconds >= 3600),
    ready_score       INT          NOT NULL CHECK (ready_score >= 1),
    ready_grade       CHAR(1)      NOT NULL CHECK (ready_grade IN ('A', 'B', 'C', 'D')),
    grade_a           INT          NOT NULL,
    grade_b           INT          NOT NULL,
    grade_c           INT          NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by        VARCHAR(200),
    CHECK (grade_a > grade_b AND grade_b > grade_c)
);

-- Whether the score and grade as last judged met the readiness rule then: a contact becomes MQL when it comes to meet
-- the rule, and once the rule changes, the score alone no longer tells whether it met it before. NULL for rows judged
-- before this column existed (saving the settings fills them in under the rule as it was).
ALTER TABLE contact_scores ADD COLUMN met_readiness BOOLEAN;

-- Whether the regrade due may hand contacts over: not when only the grade points changed (a change of settings
-- makes nobody MQL by itself; the contact's next score change does).
ALTER TABLE fit_regrades ADD COLUMN promotes BOOLEAN DEFAULT TRUE NOT NULL;
