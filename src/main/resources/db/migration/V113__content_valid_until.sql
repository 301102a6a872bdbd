-- A piece may be valid until a moment (an event's invitation, an offer that ends): after it, it is sent to no one.
-- Null: valid for as long as it is live.
ALTER TABLE content_items ADD COLUMN valid_until TIMESTAMP WITH TIME ZONE;
