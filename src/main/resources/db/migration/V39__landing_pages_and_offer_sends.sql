-- A piece's own landing page: a title and a body the author writes (sanitised HTML, shown as written: no Liquid, so
-- nothing of the visitor's but the greeting's first name appears on a page anyone holding the link can open).
ALTER TABLE content_items ADD COLUMN landing_title VARCHAR(200);
ALTER TABLE content_items ADD COLUMN landing_html VARCHAR(100000);
-- The piece an offer sends at once when the contact accepts it ("send me the white paper"); none: it is recorded only.
ALTER TABLE content_items ADD COLUMN offer_sends BIGINT;

-- A piece the contact asked for on a landing page goes out as a touch of no program and no enrollment.
ALTER TABLE touches ALTER COLUMN enrollment_id DROP NOT NULL;
ALTER TABLE touches ALTER COLUMN program_id DROP NOT NULL;
