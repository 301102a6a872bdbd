-- The contacts each stored answer is about, named when the answer is stored, so erasing a person forgets exactly the
-- answers about them (a hand-off, a completed call with its notes) and no other. No foreign key to contacts: a merged
-- duplicate's row goes, but its answers stay the survivor's to forget.
CREATE TABLE idempotency_subjects (
    actor      VARCHAR(100) NOT NULL,
    idem_key   VARCHAR(255) NOT NULL,
    contact_id BIGINT       NOT NULL,
    PRIMARY KEY (actor, idem_key, contact_id),
    FOREIGN KEY (actor, idem_key) REFERENCES idempotency_keys (actor, idem_key) ON DELETE CASCADE
);
CREATE INDEX idempotency_subjects_contact ON idempotency_subjects (contact_id);

-- Answers stored before this version name no one; those carrying a contact go now rather than outlive an erasure.
DELETE FROM idempotency_keys WHERE body LIKE '%"contactId"%';
