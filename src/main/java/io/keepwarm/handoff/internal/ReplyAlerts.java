package io.keepwarm.handoff.internal;

import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.delivery.ReplyReceived;
import io.keepwarm.handoff.Alerts;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.SignedAddresses;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A contact's reply to a nurture email reaches the person who should answer it, in the transaction that records it:
 * the contact's owner, on "My day" and by email; a contact without an owner who may work goes to every marketer.
 * A reply is a conversation, and no program answers it.
 */
@Component
class ReplyAlerts {

    private final Contacts contacts;
    private final Users users;
    private final Alerts alerts;

    ReplyAlerts(Contacts contacts, Users users, Alerts alerts) {
        this.contacts = contacts;
        this.users = users;
        this.alerts = alerts;
    }

    @EventListener
    void on(ReplyReceived reply) {
        Contact contact = contacts.get(reply.contactId());
        String name = contact.name();
        String subject = name + " replied: " + (reply.subject() == null || reply.subject().isBlank() ? "(no subject)"
                : reply.subject());
        // What they wrote, but for our signed links in it (one pasted, a quote not seen as one): the rep is not them.
        String body = name + " (" + (reply.from() == null ? contact.email() : reply.from()) + ") replied to a nurture"
                + " email" + (reply.subject() == null ? "" : " with \"" + reply.subject() + "\"") + ":\n\n"
                + (reply.snippet() == null ? "(no text)" : SignedAddresses.cut(reply.snippet()))
                + "\n\nAnswer them yourself: no program answers a reply. The whole message is in the reply mailbox.";
        for (User user : ownerOrMarketers(contact, users)) {
            alerts.alert(user.id(), contact.id(), subject, body);
        }
    }

    /** Who hears of a contact: their owner, or every marketer when they have none who may work. */
    static List<User> ownerOrMarketers(Contact contact, Users users) {
        if (contact.ownerId() != null) {
            var owner = users.findEnabled(contact.ownerId());
            if (owner.isPresent()) {
                return List.of(owner.get());
            }
        }
        return users.list().stream().filter(u -> u.enabled() && u.role() == Role.MARKETER).toList();
    }
}
