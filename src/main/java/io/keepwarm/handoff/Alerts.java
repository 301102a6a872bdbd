package io.keepwarm.handoff;

import io.keepwarm.contact.Contacts;
import io.keepwarm.handoff.internal.AlertMail;
import io.keepwarm.handoff.internal.AlertStore;
import io.keepwarm.identity.Caller;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.Cursor;
import io.keepwarm.platform.ForbiddenException;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.platform.Page;
import java.time.Clock;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Alerts for users: in the app until read, and by email when an SMTP server is configured and the user has an address. */
@Service
public class Alerts {

    static final int MAX_SUBJECT = 300;

    private final AlertStore store;
    private final AlertMail mail;
    private final Users users;
    private final Contacts contacts;
    private final Clock clock;

    Alerts(AlertStore store, AlertMail mail, Users users, Contacts contacts, Clock clock) {
        this.store = store;
        this.mail = mail;
        this.users = users;
        this.contacts = contacts;
        this.clock = clock;
    }

    /**
     * Alerts a user, optionally about a contact: kept for the app in the caller's transaction, emailed after it
     * commits. A subject longer than 300 characters is cut.
     */
    @Transactional
    public void alert(long userId, Long contactId, String subject, String body) {
        alert(userId, contactId, null, subject, body);
    }

    /**
     * As {@link #alert(long, Long, String, String)}, asking the user to decide a hand-off: the alert is marked read
     * once the hand-off is decided, or, for its rep, once it has gone to another.
     */
    @Transactional
    public void alert(long userId, Long contactId, Long handoffId, String subject, String body) {
        User user = users.find(userId).orElseThrow(() -> NotFoundException.of("User", userId));
        if (contactId != null) {
            contacts.get(contactId);
        }
        if (subject == null || subject.isBlank()) {
            throw InvalidInputException.field("subject", "is required: what the alert is about, in a line");
        }
        String line = subject.strip().replaceAll("\\s+", " ");
        boolean email = mail.canMail(user);
        long id = store.insert(userId, contactId, handoffId,
                line.length() > MAX_SUBJECT ? line.substring(0, MAX_SUBJECT) : line, body, email, clock.instant());
        if (email) {
            mail.afterCommit(id);
        }
    }

    /** The calling user's alerts, newest first; only those not yet read with {@code unreadOnly}. */
    public Page<Alert> mine(boolean unreadOnly, String cursor, int limit) {
        long me = users.caller().me("user",
                "alerts are a user's own; log in as the user to read theirs");
        return Page.of(store.page(me, unreadOnly, Cursor.decode(cursor), limit + 1), limit, Alert::id);
    }

    /** How many alerts a user has not read yet, up to {@code max} (the app shows "9+" beyond). */
    public int unread(long userId, int max) {
        return store.unread(userId, max);
    }

    /** Marks one of the calling user's alerts read. */
    @Transactional
    public Alert read(long id) {
        Alert alert = store.find(id).orElseThrow(() -> NotFoundException.of("Alert", id));
        Caller caller = users.caller();
        if (caller.user() == null || caller.user().id() != alert.userId()) {
            throw new ForbiddenException("Alert " + id + " is another user's; each user marks only their own alerts read");
        }
        store.read(id, clock.instant());
        return store.find(id).orElseThrow();
    }
}
