-- A request sent without words of its own asks the default question: its confirmation page words it in the language
-- the page speaks ("de"), and the consent ledger keeps those words and that language. text keeps the English words the
-- email quoted. Requests made before asked it in English, as these words, the only default there was.
ALTER TABLE opt_in_requests ADD COLUMN default_question BOOLEAN DEFAULT FALSE NOT NULL;
UPDATE opt_in_requests SET default_question = TRUE
 WHERE text = 'Yes, send me useful content by email now and then. I can unsubscribe with one click at any time.';
