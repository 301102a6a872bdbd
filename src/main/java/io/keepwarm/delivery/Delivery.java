package io.keepwarm.delivery;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.delivery.internal.LastTouches;
import io.keepwarm.delivery.internal.MailSettings;
import io.keepwarm.delivery.internal.MessageBodies;
import io.keepwarm.delivery.internal.OutboxStore;
import io.keepwarm.delivery.internal.OutboxStore.NewMessage;
import io.keepwarm.delivery.internal.SmtpChannel;
import io.keepwarm.delivery.internal.StepTaskText;
import io.keepwarm.delivery.internal.TaskStore;
import io.keepwarm.delivery.internal.UncallableCalls;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.AfterTransaction;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.platform.Page;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;

/**
 * The channels touches leave by. Email is written to the outbox in the caller's transaction, so a send commits or
 * rolls back with the touch that made it; with an SMTP server configured the outbox is also the queue the SMTP
 * sender works, outside any engine transaction. Calls and other work for the owner are tasks in the owner's queue
 * (see {@link Tasks}).
 */
@Service
public class Delivery {

    /** When a contact last heard from us (see {@link #lastTouches}). */
    public record LastTouch(long contactId, Instant at) {}

    /**
     * Where a touch's email stands: the outbox's status (KEPT, QUEUED, SENDING, SENT, FAILED, IN_DOUBT, WITHHELD,
     * CANCELLED), when the mail server accepted it (SENT only) and when it was handed over.
     */
    public record EmailState(String status, Instant sentAt, Instant handedOverAt) {}

    private final OutboxStore outbox;
    private final TaskStore taskStore;
    private final SmtpChannel smtp;
    private final LinkTracking tracking;
    private final Users users;
    private final MailSettings settings;
    private final LastTouches lastTouches;
    private final UncallableCalls uncallable;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final MessageSource words;

    Delivery(OutboxStore outbox, TaskStore taskStore, SmtpChannel smtp, LinkTracking tracking, Users users,
            MailSettings settings, LastTouches lastTouches, UncallableCalls uncallable, AuditLog audit,
            MessageSource words, Clock clock) {
        this.words = words;
        this.lastTouches = lastTouches;
        this.uncallable = uncallable;
        this.audit = audit;
        this.outbox = outbox;
        this.taskStore = taskStore;
        this.smtp = smtp;
        this.tracking = tracking;
        this.users = users;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * When each contact above {@code afterContactId} last heard from us, in id order, a page at a time: the last
     * nurture email handed to the mail server (or kept, without one) and not failed or withheld since, or the last
     * call whose logged outcome reached them ({@link CallOutcome#heard}). A call task that only waits in a queue is
     * no touch.
     */
    public List<LastTouch> lastTouches(long afterContactId, int limit) {
        return lastTouches.after(afterContactId, limit);
    }

    /**
     * The body marked as written in the piece's language, footer included (it is in the same words), so that a screen
     * reader reads a German piece with a German voice (WCAG 3.1.1), here as in the outbox's preview. The document around
     * it is the composer's, which declares the language the outbox keeps beside the body (html lang, Content-Language).
     */
    private static String inLanguage(String html, String language) {
        // The content library checked the tag when the piece was saved; escaped all the same, as any value in HTML.
        return html == null || language == null || language.isBlank() ? html
                : "<div lang=\"" + org.jsoup.nodes.Entities.escape(language) + "\">" + html + "</div>";
    }

    /**
     * The footer's words in the email's language (messages_de.properties...: "Abmelden"), English for a language
     * without words of its own, read from the bundles the prospect's pages speak from.
     */
    private MessageBodies.FooterWords footerWords(String language) {
        if (language == null || language.isBlank() || language.startsWith("en")) {
            return MessageBodies.FooterWords.ENGLISH;
        }
        java.util.Locale locale = java.util.Locale.forLanguageTag(language);
        return new MessageBodies.FooterWords(
                words.getMessage("footer.unsubscribe", null, MessageBodies.FooterWords.ENGLISH.unsubscribe(), locale),
                words.getMessage("footer.preferences", null, MessageBodies.FooterWords.ENGLISH.preferences(), locale));
    }

    /** Hands the message to its channel; a second hand-over of the same touch is a no-op. */
    public void send(Outgoing outgoing) {
        sendAll(List.of(outgoing));
    }

    /**
     * Hands a batch over at once: one statement per channel and thousand messages. The tasks made are in the audit
     * log, by whoever acts ({@link Actors#current}).
     */
    public void sendAll(List<Outgoing> batch) {
        Instant now = clock.instant();
        String status = smtp.enabled() ? "QUEUED" : "KEPT";
        Map<Long, Optional<User>> owners = new HashMap<>();
        List<NewMessage> emails = new ArrayList<>();
        List<TaskStore.New> tasks = new ArrayList<>();
        for (Outgoing outgoing : batch) {
            switch (outgoing) {
                case Outgoing.Email e -> emails.add(email(e, status, owners));
                case Outgoing.CallTask t -> tasks.add(task(t, owners, now));
            }
        }
        outbox.insertAll(emails, now);
        Map<Long, Long> written = taskStore.insertForTouches(tasks, now);
        // Recorded as any task made (Tasks.create) is: by whoever acts, the program whose touch it is (Dispatcher).
        audit.recordEach("TASK_CREATED", "contact", tasks.stream().filter(t -> written.containsKey(t.touchId()))
                .map(t -> {
                    Map<String, Object> created = new LinkedHashMap<>();
                    created.put("taskId", written.get(t.touchId()));
                    created.put("kind", t.kind());
                    created.put("assigneeId", t.assigneeId()); // null for a task nobody holds yet
                    created.put("touchId", t.touchId());
                    return Map.entry(t.contactId(), created);
                }).toList());
        List<Long> called = tasks.stream().filter(t -> t.kind().onlyACall()).map(TaskStore.New::contactId).distinct()
                .toList();
        if (!called.isEmpty()) {
            // The engine knows no wrong numbers: a program's call for such a contact ends at once, saying why.
            uncallable.end(called, now, Actors.current());
        }
    }

    /**
     * A program's call or task step as a task. A call is titled by what it is about (its piece and program), else by
     * its kind, its note saying which program; a task step (a follow-up) by the first line of its text
     * ({@link StepTaskText}). An owner who has left (disabled) opens no queue: the task waits unassigned, for anyone to
     * take.
     */
    private TaskStore.New task(Outgoing.CallTask t, Map<Long, Optional<User>> owners, Instant now) {
        Long assignee = t.ownerId() == null ? null
                : owners.computeIfAbsent(t.ownerId(), users::find).filter(User::enabled).map(User::id).orElse(null);
        StepTaskText text = t.kind() == TaskKind.FOLLOW_UP ? StepTaskText.of(t.note())
                : new StepTaskText(t.title() == null || t.title().isBlank() ? t.kind().label()
                        : t.title().length() > Tasks.MAX_TITLE ? t.title().substring(0, Tasks.MAX_TITLE - 1) + "…"
                        : t.title(), t.note());
        return new TaskStore.New(t.touchId(), null, t.contactId(), assignee, t.kind(), text.title(), text.context(),
                t.script(), now, 0, 1);
    }

    private NewMessage email(Outgoing.Email e, String status, Map<Long, Optional<User>> owners) {
        Set<String> untracked = new HashSet<>();
        if (e.unsubscribeUrl() != null) {
            untracked.add(e.unsubscribeUrl());
        }
        if (e.preferencesUrl() != null) {
            untracked.add(e.preferencesUrl());
        }
        var body = MessageBodies.prepare(e.touchId(), e.html(), e.text(), untracked, e.unsubscribeUrl(),
                e.preferencesUrl(), settings.postalAddress(), tracking, footerWords(e.language()));
        Optional<User> owner = e.fromOwnerId() == null ? Optional.empty()
                : owners.computeIfAbsent(e.fromOwnerId(), users::find).filter(u -> u.email() != null && u.enabled());
        return new NewMessage(e.touchId(), e.contactId(), "NURTURE", e.to(),
                owner.map(User::email).orElse(settings.fromAddress()),
                owner.map(User::displayName).orElse(settings.fromName()), e.subject(), inLanguage(body.html(), e.language()),
                body.text(),
                e.unsubscribeUrl(), body.links(), messageId(e.touchId()), status, e.staleAt(), e.language());
    }

    /**
     * The Message-ID of a touch's email: the touch, and 128 random bits so that no other message ever had it. Touch
     * ids repeat across installations (staging and production) and after a database is restored; a second message
     * with a known Message-ID is hidden by mail clients as a copy, and a reply to it would be credited to the wrong
     * contact. The random part also makes the id a secret of the recipient's, which the unsubscribe mailto relies on.
     */
    private String messageId(long touchId) {
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        return "<touch." + touchId + "." + HexFormat.of().formatHex(bits) + "@" + settings.messageIdDomain() + ">";
    }

    /**
     * Sends an email a person is waiting for (a confirmation link) as soon as the caller's transaction commits, not at
     * the next round of the queue, without making the caller wait for the mail server; without SMTP it is only kept in
     * the outbox. Returns the outbox id.
     */
    public long sendNow(Transactional message) {
        Instant now = clock.instant();
        var body = MessageBodies.withPostalAddress(message.html(), message.text(), settings.postalAddress());
        long id = outbox.insertOne(new NewMessage(null, message.contactId(), "TRANSACTIONAL", message.to(),
                settings.fromAddress(), settings.fromName(), message.subject(), body.html(), body.text(), null,
                List.of(), "<m." + UUID.randomUUID() + "@" + settings.messageIdDomain() + ">",
                smtp.enabled() ? "QUEUED" : "KEPT", null, message.language()), now);
        deliverAfterCommit(id);
        return id;
    }

    /**
     * A touch's email the contact has just asked for (an offer's piece on a landing page): handed over as
     * {@link #send} does, tracked and with its unsubscribe headers, and delivered as soon as the caller's transaction
     * commits rather than at the next round of the queue. Returns the outbox id.
     */
    public long sendAtOnce(Outgoing.Email email) {
        sendAll(List.of(email));
        long id = outbox.forTouch(email.touchId()).orElseThrow().id();
        deliverAfterCommit(id);
        return id;
    }

    /** On a thread of its own: the person's request answers without waiting for the mail server. */
    private void deliverAfterCommit(long id) {
        if (smtp.enabled()) {
            AfterTransaction.run(() -> smtp.deliverSoon(id));
        }
    }

    public Page<OutboxMessage> outbox(Long contactId, String status, String cursor, int limit) {
        return outbox.page(contactId, status, cursor, limit);
    }

    /** The outbox newest first, as a person reads what went out lately. */
    public Page<OutboxMessage> latestOutbox(Long contactId, String cursor, int limit) {
        return outbox.latest(contactId, cursor, limit);
    }

    public OutboxMessage message(long id) {
        return outbox.find(id).orElseThrow(() -> NotFoundException.of("Outbox message", id));
    }

    /** The subjects of those of these messages the outbox still keeps (not an erased contact's), by id. */
    public Map<Long, String> subjects(java.util.Collection<Long> ids) {
        return outbox.subjects(ids);
    }

    /**
     * The List-Unsubscribe and List-Unsubscribe-Post headers the message goes with, as a deliverability check reads
     * them, its signed token cut as in {@link OutboxMessage#withoutTokens()}; empty for a message without them.
     */
    public Map<String, String> listHeaders(long id) {
        String[] kept = outbox.unsubscribeUrlAndMessageId(id).orElseThrow(() -> NotFoundException.of("Outbox message", id));
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        io.keepwarm.delivery.internal.MailComposer.listUnsubscribe(kept[0], settings.unsubscribeAddress(), kept[1])
                .forEach((name, value) -> headers.put(name, io.keepwarm.platform.SignedAddresses.cut(value)));
        return headers;
    }

    /** Where the email of each of a contact's touches stands, by touch id (touches without an email are absent). */
    public Map<Long, EmailState> emailStatesOf(long contactId) {
        return outbox.emailStatesOf(contactId);
    }

    /** The email a touch sent, if it sent one: its contact, its links and when it left. */
    public Optional<OutboxMessage> messageForTouch(long touchId) {
        return outbox.forTouch(touchId);
    }

    /** Messages that were in flight when a sender stopped: they may or may not have arrived. */
    public Page<OutboxMessage> inDoubt(String cursor, int limit) {
        return outbox.page(null, "IN_DOUBT", cursor, limit);
    }

    /** How many messages wait for a person to say whether they arrived: the outbox says so, not only its link. */
    public long inDoubtCount() {
        return outbox.countWithStatus("IN_DOUBT");
    }

    /**
     * The most messages one bulk decision takes: ten crashed rounds of the default batch (500), as one form's field
     * or one request's body carries them easily.
     */
    public static final int MOST_DECIDED_AT_ONCE = 5000;

    /**
     * A person's decision about a message in doubt: send it again, or count it as sent. Audited, as it may send a
     * second copy to a contact, or say one arrived that never did.
     */
    @org.springframework.transaction.annotation.Transactional
    public OutboxMessage resolve(long id, boolean resend) {
        if (!smtp.resolve(id, resend)) {
            OutboxMessage message = message(id);
            throw new ConflictException("Outbox message " + id + " is " + message.status() + ", not IN_DOUBT: only a message"
                    + " in doubt can be sent again or counted as sent");
        }
        OutboxMessage message = message(id);
        audit.record(DECIDED, "outbox_message", id, decided(message.contactId(), resend, 1));
        return message;
    }

    /** What a bulk decision did: the messages decided, and those no longer in doubt (decided by someone else). */
    public record Decided(List<Long> decided, List<Long> notInDoubt) {}

    /**
     * One decision for many messages in doubt, named by id as the person saw them listed: a message that fell in doubt
     * after the list was read is not among them and waits for a decision of its own, rather than being decided
     * blindly. Those no longer in doubt are left as they are and named in the answer. One audit entry per message
     * decided, as a batch of contacts moved together is audited, each naming how many were decided together.
     */
    @org.springframework.transaction.annotation.Transactional
    public Decided resolveAll(List<Long> ids, boolean resend) {
        if (ids == null || ids.isEmpty()) {
            throw io.keepwarm.platform.InvalidInputException.field("ids", "name at least one message in doubt "
                    + "(the ids GET /api/v1/outbox/in-doubt lists)");
        }
        List<Long> unique = ids.stream().distinct().toList();
        if (unique.size() > MOST_DECIDED_AT_ONCE) {
            throw io.keepwarm.platform.InvalidInputException.field("ids", "at most " + MOST_DECIDED_AT_ONCE
                    + " messages are decided at once; send the rest in another request");
        }
        List<Long> decided = smtp.resolveAll(unique, resend);
        Set<Long> done = new HashSet<>(decided);
        Map<Long, Long> contacts = outbox.contactsOf(decided);
        Map<Long, Map<String, Object>> audited = new LinkedHashMap<>();
        decided.forEach(id -> audited.put(id, decided(contacts.get(id), resend, decided.size())));
        audit.recordAll(DECIDED, "outbox_message", audited);
        return new Decided(decided, unique.stream().filter(id -> !done.contains(id)).toList());
    }

    /** The ids of the messages in doubt, oldest first, as many as one bulk decision takes. */
    public List<Long> inDoubtIds() {
        return outbox.idsWithStatus("IN_DOUBT", MOST_DECIDED_AT_ONCE);
    }

    private static final String DECIDED = "OUTBOX_IN_DOUBT_DECIDED";

    private static Map<String, Object> decided(Long contactId, boolean resend, int together) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("decision", resend ? "RESEND" : "SENT");
        if (contactId != null) {
            details.put("contactId", contactId);
        }
        details.put("decidedTogether", together);
        return details;
    }
}
