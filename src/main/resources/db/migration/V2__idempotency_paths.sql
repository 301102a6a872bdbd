-- Which request each stored answer belongs to, so erasure can find the answers about a contact, and the
-- Location header, so a replayed 201 points where the first one did.
ALTER TABLE idempotency_keys ADD COLUMN request_path VARCHAR(500);
ALTER TABLE idempotency_keys ADD COLUMN location VARCHAR(500);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
