-- A piece may be of any language (null): a webinar's invitation with no words worth translating, or a piece the account
-- has in one language and sends to everyone. It suits every contact, whatever language they read; a piece in a language
-- still goes only to contacts who read it. Pieces saved before keep their language ("en" unless given).
ALTER TABLE content_items ALTER COLUMN language DROP NOT NULL;
