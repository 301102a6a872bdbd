-- The contact's owner a hand-off's rep stands in for: the owner was away, or let the lead lapse, and keeps the contact
-- (the same caller when they are back). NULL when the rep owns the contact. Tells a person's change of owner, which
-- the lead follows, from any other edit of a contact whose lead a stand-in holds.
ALTER TABLE handoffs ADD COLUMN stand_in_for BIGINT REFERENCES users (id);
