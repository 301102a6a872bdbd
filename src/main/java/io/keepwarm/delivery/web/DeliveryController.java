package io.keepwarm.delivery.web;

import io.keepwarm.delivery.Delivery;
import io.keepwarm.delivery.OutboxMessage;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.Page;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The built-in outbox, its messages without their recipient's signed tokens ({@link OutboxMessage#withoutTokens}). */
@RestController
@RequestMapping("/api/v1")
class DeliveryController {

    private final Delivery delivery;

    DeliveryController(Delivery delivery) {
        this.delivery = delivery;
    }

    @GetMapping("/outbox")
    Page<OutboxMessage> outbox(@RequestParam(required = false) Long contact, @RequestParam(required = false) Status status,
            @RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        return withoutTokens(delivery.outbox(contact, status == null ? null : status.name(), cursor,
                Cursor.limit(limit)));
    }

    /** Where a message's delivery stands: KEPT in the outbox only (no SMTP server), or on its way over SMTP. */
    enum Status { KEPT, QUEUED, SENDING, SENT, FAILED, IN_DOUBT }

    @GetMapping("/outbox/in-doubt")
    Page<OutboxMessage> inDoubt(@RequestParam(required = false) String cursor, @RequestParam(required = false) Integer limit) {
        return withoutTokens(delivery.inDoubt(cursor, Cursor.limit(limit)));
    }

    /** A person decides a message in doubt: {@code resend} queues it again, {@code sent} counts it as delivered. */
    @PostMapping("/outbox/{id}/resolve")
    OutboxMessage resolve(@PathVariable long id, @RequestParam Decision decision) {
        return delivery.resolve(id, decision == Decision.RESEND).withoutTokens();
    }

    enum Decision { RESEND, SENT }

    /** The messages a bulk decision names: the ids the person (or the integration) read from the in-doubt list. */
    record Ids(java.util.List<Long> ids) {}

    /**
     * One decision for many messages in doubt, named by id, so one that fell in doubt after the list was read is not
     * decided blindly; those no longer in doubt (someone decided first) are named in {@code notInDoubt}.
     */
    @PostMapping("/outbox/in-doubt/resolve")
    Delivery.Decided resolveAll(@RequestParam Decision decision, @org.springframework.web.bind.annotation.RequestBody Ids body) {
        return delivery.resolveAll(body == null ? null : body.ids(), decision == Decision.RESEND);
    }

    @GetMapping("/outbox/{id}")
    OutboxMessage message(@PathVariable long id) {
        return delivery.message(id).withoutTokens();
    }

    private static Page<OutboxMessage> withoutTokens(Page<OutboxMessage> page) {
        return new Page<>(page.items().stream().map(OutboxMessage::withoutTokens).toList(), page.nextCursor());
    }
}
