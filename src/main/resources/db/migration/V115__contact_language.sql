-- A contact's preferred language (ISO 639-1, lower case, "de"), or null for none: a piece in a language goes only to
-- contacts of that language, and a contact of none is taken to read the account's default language (below). The
-- pages a prospect reaches from an email (landing page, unsubscribe, preferences, confirmation) speak it too.
ALTER TABLE contacts ADD COLUMN language VARCHAR(2);

-- The account's default language: what a contact of no language of their own reads. Null until an admin saves one:
-- the configuration's (keepwarm.account.language, KEEPWARM_DEFAULT_LANGUAGE, "en") applies.
ALTER TABLE account_settings ADD COLUMN language VARCHAR(2);
