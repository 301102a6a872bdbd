package io.keepwarm.trigger;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.contact.Contacts;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.platform.Page;
import io.keepwarm.trigger.internal.Catalog;
import io.keepwarm.trigger.internal.FiringStore;
import io.keepwarm.trigger.internal.TriggerChecks;
import io.keepwarm.trigger.internal.TriggerStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Triggers: create, change, pause and remove them, and read the history of their firings. */
@Service
public class Triggers {

    private final TriggerStore store;
    private final TriggerChecks checks;
    private final FiringStore firings;
    private final Catalog catalog;
    private final Contacts contacts;
    private final AuditLog audit;

    Triggers(TriggerStore store, TriggerChecks checks, FiringStore firings, Catalog catalog, Contacts contacts,
            AuditLog audit) {
        this.store = store;
        this.checks = checks;
        this.firings = firings;
        this.catalog = catalog;
        this.contacts = contacts;
        this.audit = audit;
    }

    @Transactional
    public Trigger create(Trigger.Draft draft) {
        TriggerStore.Row row = checked(null, draft);
        takenName(null, draft, List.of()).ifPresent(taken -> {
            throw new ConflictException(taken.message());
        });
        long id = store.insert(row, callsWebhooks(row) ? newSecret() : null);
        audit.record("TRIGGER_CREATED", "trigger", id, Map.of("name", row.name(), "status", row.status()));
        catalog.reloadAfterCommit();
        return get(id);
    }

    /**
     * Every mistake saving the draft would meet, each at its field, and nothing saved. A name another trigger has is one
     * of them (saving refuses it as a conflict when it is the only one).
     *
     * @param id the trigger the draft changes; null for a new one
     */
    public List<FieldError> problems(Long id, Trigger.Draft draft) {
        try {
            checked(id, draft);
        } catch (InvalidInputException refused) {
            return refused.errors();
        }
        return takenName(id, draft, List.of()).map(List::of).orElse(List.of());
    }

    /**
     * The draft as stored, or a 400 naming every mistake of it, a name another trigger has among them: a taken name is
     * a conflict on its own (saving says so after this), but beside other mistakes it is one more to fix at once.
     */
    private TriggerStore.Row checked(Long id, Trigger.Draft draft) {
        try {
            return checks.check(draft);
        } catch (InvalidInputException refused) {
            throw takenName(id, draft, refused.errors())
                    .map(taken -> InvalidInputException.together(List.of(taken), refused)).orElse(refused);
        }
    }

    /** A name another trigger has, at its field, when the name itself is fine ({@code mistakes} say whether it is). */
    private Optional<FieldError> takenName(Long id, Trigger.Draft draft, List<FieldError> mistakes) {
        if (draft.name() == null || mistakes.stream().anyMatch(mistake -> mistake.field().equals("name"))) {
            return Optional.empty();
        }
        String name = draft.name().strip();
        return store.nameTaken(name, id == null ? -1 : id)
                ? Optional.of(new FieldError("name", "A trigger named '" + name + "' already exists"))
                : Optional.empty();
    }

    /** Checks a draft without saving it: a 400 naming every field at fault, or nothing. */
    public void check(Trigger.Draft draft) {
        checks.check(draft);
    }

    /** Replaces a trigger; its history stays, and occurrences it already fired for do not fire again. */
    @Transactional
    public Trigger update(long id, Trigger.Draft draft) {
        Trigger before = get(id);
        TriggerStore.Row row = checked(id, draft);
        takenName(id, draft, List.of()).ifPresent(taken -> {
            throw new ConflictException(taken.message());
        });
        String secret = before.webhookSecret() != null || !callsWebhooks(row) ? before.webhookSecret() : newSecret();
        // Paused → active, or a new "when" ("180 days" becoming "90 days"), listens as a new trigger would.
        boolean listensAnew = row.status() == Trigger.Status.ACTIVE
                && (before.status() != Trigger.Status.ACTIVE || !before.when().equals(row.when()));
        store.update(id, row, secret, listensAnew);
        audit.record("TRIGGER_UPDATED", "trigger", id, Map.of("name", row.name(), "status", row.status()));
        catalog.reloadAfterCommit();
        return get(id);
    }

    /**
     * Pauses or resumes a trigger as stored. Pausing always works, even once a piece, segment or attribute it names is
     * gone; resuming checks it again (a 400 naming what to change), so a trigger that can no longer work stays quiet.
     */
    @Transactional
    public Trigger setStatus(long id, Trigger.Status status) {
        Trigger trigger = get(id);
        if (status == Trigger.Status.ACTIVE) {
            checks.check(trigger);
        }
        store.setStatus(id, status, status == Trigger.Status.ACTIVE && trigger.status() != Trigger.Status.ACTIVE);
        audit.record("TRIGGER_UPDATED", "trigger", id, Map.of("name", trigger.name(), "status", status));
        catalog.reloadAfterCommit();
        return get(id);
    }

    /**
     * Gives a trigger that calls webhooks a new signing secret, for one seen by someone it should not have been: every
     * call from now on, retries of earlier ones too, is signed with it. The entry names the trigger, never the secret.
     */
    @Transactional
    public Trigger renewWebhookSecret(long id) {
        Trigger trigger = get(id);
        if (trigger.webhookSecret() == null) {
            throw new ConflictException("Trigger '" + trigger.name() + "' calls no webhook, so it has no secret to"
                    + " renew: one is made when a webhook action is saved");
        }
        store.setWebhookSecret(id, newSecret());
        audit.record("TRIGGER_SECRET_RENEWED", "trigger", id, Map.of("name", trigger.name()));
        return get(id);
    }

    /** Removes a trigger that never fired; one with history is paused instead, so its history stays. */
    @Transactional
    public void delete(long id) {
        Trigger trigger = get(id);
        if (store.hasFired(id)) {
            throw new ConflictException("Trigger '" + trigger.name() + "' has fired; pause it instead (status PAUSED),"
                    + " so its history stays");
        }
        store.delete(id);
        audit.record("TRIGGER_DELETED", "trigger", id, Map.of("name", trigger.name()));
        catalog.reloadAfterCommit();
    }

    public Trigger get(long id) {
        return store.find(id).orElseThrow(() -> NotFoundException.of("Trigger", id));
    }

    /** The names of those of these ids that exist, by id (a page naming many reads them at once). */
    public Map<Long, String> names(java.util.Collection<Long> ids) {
        return store.names(ids);
    }

    public Page<Trigger> list(Trigger.Status status, String cursor, int limit) {
        return store.list(status, cursor, limit);
    }

    /** The trigger's firings, newest first, with what each action did. */
    public Page<Firing> firings(long id, String cursor, int limit) {
        get(id);
        return firings.ofTrigger(id, cursor, limit);
    }

    /** Every trigger firing for a contact, newest first, with what each action did. */
    public Page<Firing> firingsOf(long contactId, String cursor, int limit) {
        contacts.get(contactId);
        return firings.ofContact(contactId, cursor, limit);
    }

    private static boolean callsWebhooks(TriggerStore.Row row) {
        return row.actions().stream().anyMatch(a -> a instanceof Action.Webhook);
    }

    private static String newSecret() {
        return io.keepwarm.trigger.internal.WebhookSecrets.generate();
    }
}
