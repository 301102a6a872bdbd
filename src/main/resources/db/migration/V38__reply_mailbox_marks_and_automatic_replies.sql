-- A reply keeps what a person needs to read it without the mailbox: who wrote, the subject and the start of the text.
-- Automatic replies (out of office, vacation) are kept as such and count as no reply.
ALTER TABLE email_replies ADD COLUMN automatic BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE email_replies ADD COLUMN from_address VARCHAR(320);
ALTER TABLE email_replies ADD COLUMN subject VARCHAR(300);
ALTER TABLE email_replies ADD COLUMN snippet VARCHAR(500);

-- How far the reader got in each mailbox folder: the highest IMAP UID it has read, valid while the folder's
-- UIDVALIDITY is the same (a new UIDVALIDITY numbers the folder afresh, and it is read again from the start).
CREATE TABLE reply_mailbox_marks (
    mailbox      VARCHAR(600)             PRIMARY KEY,
    uid_validity BIGINT                   NOT NULL,
    last_uid     BIGINT                   NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
