package io.keepwarm.analytics.internal;

/**
 * The touches that went out in a period, each with the moment it went, in SQL. An email went when the mail server
 * accepted it (the outbox's SENT and its time), as an email service counts it: a touch the engine handed to delivery is
 * not sent while it waits in the outbox (the server down), failed or is in doubt. Without a mail server the outbox only
 * keeps messages, and a kept one counts as sent when it was kept, as that is as far as it goes. A touch on another
 * channel (a call task, a webhook) went when the engine sent it. Reads the engine's and delivery's tables, read only.
 */
final class Went {

    private Went() {}

    /** Columns id, contact_id, content_id, kind, went_at; parameters :from and :to. */
    static final String TOUCHES = """
            SELECT t.id, t.contact_id, t.content_id, t.kind, o.sent_at AS went_at
              FROM outbox_messages o JOIN touches t ON t.id = o.touch_id
             WHERE o.status = 'SENT' AND o.sent_at >= :from AND o.sent_at < :to
            UNION ALL
            SELECT t.id, t.contact_id, t.content_id, t.kind, o.created_at
              FROM outbox_messages o JOIN touches t ON t.id = o.touch_id
             WHERE o.status = 'KEPT' AND o.created_at >= :from AND o.created_at < :to
            UNION ALL
            SELECT id, contact_id, content_id, kind, sent_at FROM touches
             WHERE state = 'SENT' AND sent_at >= :from AND sent_at < :to AND (channel IS NULL OR channel <> 'EMAIL')""";
}
