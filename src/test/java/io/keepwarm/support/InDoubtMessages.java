package io.keepwarm.support;

import io.keepwarm.delivery.internal.OutboxStore;
import java.util.List;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Messages a sender left in doubt (it stopped mid-round), as the outbox holds them, for the tests of deciding them. */
@TestComponent
public class InDoubtMessages {

    private final OutboxStore outbox;
    private final JdbcClient jdbc;
    private final TestClock clock;

    InDoubtMessages(OutboxStore outbox, JdbcClient jdbc, TestClock clock) {
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A nurture email to the contact, in doubt since now; its id. */
    public long add(long contact, String email, String subject) {
        return outbox.insertOne(new OutboxStore.NewMessage(null, contact, "NURTURE", email, "news@example.com", "News",
                subject, "<p>Hello</p>", "Hello", null, List.of(), null, "IN_DOUBT", null), clock.instant());
    }

    /** The message's status as stored: IN_DOUBT until someone decides, then SENT or QUEUED. */
    public String statusOf(long id) {
        return jdbc.sql("SELECT status FROM outbox_messages WHERE id = ?").param(id).query(String.class).single();
    }

    /** How many messages of the whole outbox, other tests' among them, wait for a decision. */
    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM outbox_messages WHERE status = 'IN_DOUBT'").query(Long.class).single();
    }

    /** Takes the contact's messages out of the outbox when a test is done: later tests' counts and drains meet none. */
    public void removeAllOf(long contact) {
        jdbc.sql("DELETE FROM outbox_messages WHERE contact_id = ?").param(contact).update();
    }
}
