package io.keepwarm.engine;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.contact.Channel;
import io.keepwarm.platform.Countries;
import io.keepwarm.engine.internal.PolicyStore;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import java.time.Clock;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The account's pressure policy: read it, change it (checked, audited). */
@Service
public class PressureRules {

    /** A change; a part left null keeps its current value, a part given replaces it whole. */
    public record Change(List<CapChange> caps, Map<Channel, HoursChange> hours, List<String> optOutCountries,
            Boolean honourPreferredChannel) {}

    /** One cap as given; channel null counts every channel together. */
    public record CapChange(Channel channel, Integer max, Integer windowDays) {}

    /**
     * Allowed hours as given: start 0-23, end 1-24 (24 is midnight), start before end, at least one day. Not for calls
     * (PHONE), which follow the account's calling hours.
     */
    public record HoursChange(Integer start, Integer end, Set<DayOfWeek> days) {}

    static final int MAX_CAPS = 20;
    static final int MAX_TOUCHES = 1000;
    static final int MAX_WINDOW_DAYS = 365;

    private final PolicyStore store;
    private final AuditLog audit;
    private final Clock clock;

    PressureRules(PolicyStore store, AuditLog audit, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    public PressureSettings settings() {
        return store.load();
    }

    @Transactional
    public PressureSettings change(Change change) {
        PressureSettings before = settings();
        PressureSettings after = checked(change, before);
        store.save(after, clock.instant(), Actors.current());
        audit.record("PRESSURE_POLICY_CHANGED", "pressure-policy", "account", Map.of("before", before, "after", after));
        return settings();
    }

    /**
     * Every limit the change breaks, without saving anything: a form that could not read some of its fields still
     * shows the person what is wrong with the rest.
     */
    public void check(Change change) {
        checked(change, settings());
    }

    private static PressureSettings checked(Change change, PressureSettings before) {
        List<FieldError> errors = new ArrayList<>();
        List<PressureSettings.Cap> caps = change.caps() == null ? before.caps() : caps(change.caps(), errors);
        Map<Channel, PressureSettings.Hours> hours = change.hours() == null ? before.hours() : hours(change.hours(), errors);
        Set<String> countries = change.optOutCountries() == null ? before.optOutCountries()
                : countries(change.optOutCountries(), errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The pressure policy breaks limits; nothing was changed", errors);
        }
        return new PressureSettings(caps, hours, countries,
                change.honourPreferredChannel() == null ? before.honourPreferredChannel() : change.honourPreferredChannel());
    }

    private static List<PressureSettings.Cap> caps(List<CapChange> given, List<FieldError> errors) {
        if (given.size() > MAX_CAPS) {
            errors.add(new FieldError("caps", "must hold at most " + MAX_CAPS + " caps, not " + given.size()));
        }
        List<PressureSettings.Cap> caps = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            CapChange cap = given.get(i);
            String at = "caps[" + i + "]";
            if (cap == null) {
                errors.add(new FieldError(at, "must not be null"));
                continue;
            }
            boolean ok = between(at + ".max", cap.max(), 1, MAX_TOUCHES, errors)
                    & between(at + ".windowDays", cap.windowDays(), 1, MAX_WINDOW_DAYS, errors);
            if (ok) {
                caps.add(new PressureSettings.Cap(cap.channel(), cap.max(), cap.windowDays()));
            }
        }
        return caps;
    }

    private static Map<Channel, PressureSettings.Hours> hours(Map<Channel, HoursChange> given, List<FieldError> errors) {
        Map<Channel, PressureSettings.Hours> hours = new EnumMap<>(Channel.class);
        given.forEach((channel, window) -> {
            String at = "hours." + channel;
            if (channel == Channel.PHONE && window != null) {
                errors.add(new FieldError(at, "calls have no hours of their own here: a call waits in the rep's queue for"
                        + " the account's calling hours; set them with PUT /api/v1/account/settings (callingFrom,"
                        + " callingUntil), or leave PHONE out"));
                return;
            }
            if (window == null) {
                errors.add(new FieldError(at, "must not be null; leave the channel out for no quiet hours"));
                return;
            }
            boolean ok = between(at + ".start", window.start(), 0, 23, errors)
                    & between(at + ".end", window.end(), 1, 24, errors);
            if (ok && window.start() >= window.end()) {
                errors.add(new FieldError(at + ".end", "must be after start (" + window.start() + "), not " + window.end()));
                ok = false;
            }
            if (window.days() == null || window.days().isEmpty() || window.days().contains(null)) {
                errors.add(new FieldError(at + ".days", "must name at least one day, such as MONDAY"));
                ok = false;
            }
            if (ok) {
                hours.put(channel, new PressureSettings.Hours(window.start(), window.end(), window.days()));
            }
        });
        return hours;
    }

    private static Set<String> countries(List<String> given, List<FieldError> errors) {
        Set<String> countries = new TreeSet<>();
        for (int i = 0; i < given.size(); i++) {
            // Read as import, segments and contacts read a country: "USA" and "Germany" as well as US and DE.
            String code = Countries.iso2(given.get(i));
            if (code == null) {
                String several = Countries.several(given.get(i));
                errors.add(new FieldError("optOutCountries[" + i + "]", several != null ? several : "'" + given.get(i)
                        + "' names no country we know: write its ISO 3166 code (US, CA) or its English name (United"
                        + " States, Canada)"));
            } else {
                countries.add(code);
            }
        }
        return countries;
    }

    private static boolean between(String field, Integer value, int min, int max, List<FieldError> errors) {
        if (value == null) {
            errors.add(new FieldError(field, "is required"));
            return false;
        }
        if (value < min || value > max) {
            errors.add(new FieldError(field, "must be between " + min + " and " + max + ", not " + value));
            return false;
        }
        return true;
    }
}
