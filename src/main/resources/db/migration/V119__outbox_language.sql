-- The language an email is written in (its piece's tag, "de"), or null where none is known (a message written before
-- this column, or a piece of no stated language). The sender writes it as the document's language (<html lang>) and
-- as the message's Content-Language, so that a mail client and a screen reader know it (WCAG 3.1.1).
ALTER TABLE outbox_messages ADD COLUMN language VARCHAR(35);

-- Messages that may still be sent (queued, or waiting for a person to resend them) keep the language their body was
-- already marked with: the composer wrapped a piece's body in <div lang="..">.
UPDATE outbox_messages
   SET language = SUBSTRING(html, 12, POSITION('"' IN SUBSTRING(html, 12, 36)) - 1)
 WHERE status IN ('QUEUED', 'SENDING', 'IN_DOUBT', 'FAILED', 'WITHHELD')
   AND html LIKE '<div lang="%'
   AND POSITION('"' IN SUBSTRING(html, 12, 36)) > 1;
