-- The pressure policy: one budget per contact across programs and channels. The account's settings are one row
-- plus its caps and allowed hours; a contact's own frequency preference ("monthly only") is one more cap.
CREATE TABLE pressure_settings (
    id                       INT PRIMARY KEY CHECK (id = 1),
    opt_out_countries        VARCHAR(1000) NOT NULL,
    honour_preferred_channel BOOLEAN NOT NULL,
    updated_at               TIMESTAMP WITH TIME ZONE,
    updated_by               VARCHAR(200)
);
INSERT INTO pressure_settings (id, opt_out_countries, honour_preferred_channel) VALUES (1, '', TRUE);

-- At most max_touches in any window_days (rolling); channel NULL counts every channel together.
CREATE TABLE pressure_caps (
    cap_order   INT PRIMARY KEY,
    channel     VARCHAR(10),
    max_touches INT NOT NULL CHECK (max_touches >= 1),
    window_days INT NOT NULL CHECK (window_days >= 1)
);
INSERT INTO pressure_caps (cap_order, channel, max_touches, window_days) VALUES
    (1, 'EMAIL', 1, 3),
    (2, 'EMAIL', 4, 30),
    (3, 'PHONE', 1, 7);

-- Allowed local hours [start_hour, end_hour) on the listed days (comma-separated, MONDAY..SUNDAY), in the
-- contact's zone. A channel without a row may be touched at any time.
CREATE TABLE pressure_hours (
    channel    VARCHAR(10)  PRIMARY KEY,
    start_hour INT          NOT NULL CHECK (start_hour BETWEEN 0 AND 23),
    end_hour   INT          NOT NULL CHECK (end_hour BETWEEN 1 AND 24),
    days       VARCHAR(100) NOT NULL
);
INSERT INTO pressure_hours (channel, start_hour, end_hour, days) VALUES
    ('EMAIL', 8, 20, 'MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY'),
    ('PHONE', 8, 21, 'MONDAY,TUESDAY,WEDNESDAY,THURSDAY,FRIDAY,SATURDAY,SUNDAY');

CREATE TABLE contact_frequency (
    contact_id  BIGINT       PRIMARY KEY REFERENCES contacts (id) ON DELETE CASCADE,
    channel     VARCHAR(10),
    max_touches INT          NOT NULL CHECK (max_touches >= 1),
    window_days INT          NOT NULL CHECK (window_days >= 1),
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by  VARCHAR(200) NOT NULL
);
