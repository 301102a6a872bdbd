-- A piece's landing page may say its own intro line in place of "A newsletter on X, from Y", and its own words on the
-- button that leads to the piece in place of "Read it". Null: the page's own words, in the contact's language.
ALTER TABLE content_items ADD COLUMN landing_intro VARCHAR(300);
ALTER TABLE content_items ADD COLUMN landing_button VARCHAR(60);
