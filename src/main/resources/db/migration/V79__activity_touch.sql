-- The touch whose message an open or a click was in, so that a segment's "opened" counts messages: a click shows the
-- message was opened though no image loaded, and a message opened and clicked in is one message opened. Our tracker's
-- past opens and clicks find theirs in the tracking event recorded with them; others (an email service's) have none.
ALTER TABLE activities ADD COLUMN touch_id BIGINT;

UPDATE activities SET touch_id = (
    SELECT MIN(e.touch_id) FROM tracking_events e
     WHERE e.contact_id = activities.contact_id AND e.occurred_at = activities.occurred_at
       AND e.kind = CASE activities.type WHEN 'EMAIL_OPENED' THEN 'OPEN' ELSE 'CLICK' END)
 WHERE type IN ('EMAIL_OPENED', 'EMAIL_CLICKED') AND channel = 'EMAIL';
