package io.keepwarm.engine;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.Contacts;
import io.keepwarm.engine.internal.FrequencyStore;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import io.keepwarm.platform.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A contact's own frequency preference ("monthly only"), which anyone who talks to them may record. */
@Service
public class FrequencyPreferences {

    /**
     * The preference as the API shows it.
     *
     * @param pausedUntil no nurture email before this moment, or null for no pause
     */
    public record Preference(long contactId, Channel channel, int maxTouches, int windowDays, Instant pausedUntil,
            Instant updatedAt, String updatedBy) {}

    /** A preference to record; channel null limits touches on every channel together. */
    public record Change(Channel channel, Integer maxTouches, Integer windowDays) {}

    private final FrequencyStore store;
    private final Contacts contacts;
    private final AuditLog audit;
    private final Clock clock;

    FrequencyPreferences(FrequencyStore store, Contacts contacts, AuditLog audit, Clock clock) {
        this.store = store;
        this.contacts = contacts;
        this.audit = audit;
        this.clock = clock;
    }

    public Preference get(long contactId) {
        return find(contactId)
                .orElseThrow(() -> new NotFoundException("Contact " + contactId + " has no frequency preference"));
    }

    /** The contact's preference, or none when they have not stated one (the account's policy alone applies). */
    public Optional<Preference> find(long contactId) {
        contacts.get(contactId);
        return store.find(contactId).map(FrequencyPreferences::view);
    }

    @Transactional
    public Preference set(long contactId, Change change) {
        return set(contactId, change, null);
    }

    /** Records the preference with no nurture email before {@code pausedUntil}, then the cap it states. */
    @Transactional
    public Preference pause(long contactId, Change change, Instant pausedUntil) {
        return set(contactId, change, Objects.requireNonNull(pausedUntil));
    }

    private Preference set(long contactId, Change change, Instant pausedUntil) {
        contacts.get(contactId);
        List<FieldError> errors = new ArrayList<>();
        check("maxTouches", change.maxTouches(), PressureRules.MAX_TOUCHES, errors);
        check("windowDays", change.windowDays(), PressureRules.MAX_WINDOW_DAYS, errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The frequency preference breaks limits", errors);
        }
        Frequency frequency = new Frequency(change.channel(), change.maxTouches(), change.windowDays(), pausedUntil);
        store.save(contactId, frequency, clock.instant(), Actors.current());
        Map<String, Object> details = new HashMap<>();
        details.put("channel", change.channel() == null ? "ALL" : change.channel());
        details.put("maxTouches", frequency.maxTouches());
        details.put("windowDays", frequency.windowDays());
        if (pausedUntil != null) {
            details.put("pausedUntil", pausedUntil.toString());
        }
        audit.record("FREQUENCY_PREFERENCE_SET", "contact", contactId, details);
        return get(contactId);
    }

    @Transactional
    public void clear(long contactId) {
        contacts.get(contactId);
        if (store.delete(contactId)) {
            audit.record("FREQUENCY_PREFERENCE_CLEARED", "contact", contactId, Map.of());
        }
    }

    private static void check(String field, Integer value, int max, List<FieldError> errors) {
        if (value == null) {
            errors.add(new FieldError(field, "is required"));
        } else if (value < 1 || value > max) {
            errors.add(new FieldError(field, "must be between 1 and " + max + ", not " + value));
        }
    }

    private static Preference view(FrequencyStore.Stored stored) {
        return new Preference(stored.contactId(), stored.frequency().channel(), stored.frequency().maxTouches(),
                stored.frequency().windowDays(), stored.frequency().pausedUntil(), stored.updatedAt(), stored.updatedBy());
    }
}
