-- The language the person read the evidence's words in, where a page of ours showed them (the preference centre, the
-- double opt-in confirmation page, the unsubscribe page: "de") or an API caller says so; null where none did (a mail
-- client's one-click unsubscribe, an import, a rep's note, a provider's report) and for statements recorded before.
ALTER TABLE consent_events ADD COLUMN evidence_language VARCHAR(20);
