package io.keepwarm.account;

import io.keepwarm.account.internal.AccountSettingsStore;
import io.keepwarm.audit.AuditLog;
import io.keepwarm.platform.AccountLanguage;
import io.keepwarm.platform.AccountZone;
import io.keepwarm.platform.Languages;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import io.keepwarm.platform.Zones;
import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The account's time zone and the reps' calling hours: set by an admin in the app, with the configuration's values
 * (KEEPWARM_DEFAULT_TIME_ZONE, KEEPWARM_TASKS_CALLING_FROM and _UNTIL) until someone saves them. Read at use, never
 * kept, so a change applies to the next hand-off, queue or touch on every instance without a restart.
 */
@Service
public class AccountSettings implements AccountZone, AccountLanguage {

    /**
     * The settings as they stand.
     *
     * @param timeZone the account's IANA zone: hand-off SLAs count its working hours, the figures its weeks, and a
     *     contact created without a zone of their own (and no country that tells one) gets it
     * @param callingFrom the start of calling hours, every day in each contact's own zone
     * @param callingUntil their end: a call (a program's call step, a hand-off's first call, a call-back) is made only
     *     from callingFrom up to, not including, callingUntil in the contact's zone
     * @param language the account's default language (ISO 639-1): a contact of no language of their own gets pieces
     *     in it (and pieces of no language), and reads the pages they reach from an email in it
     */
    public record Settings(ZoneId timeZone, LocalTime callingFrom, LocalTime callingUntil, String language) {

        /** Calling hours as a person reads them ("08:00–21:00"). */
        public String callingHours() {
            return HH_MM.format(callingFrom) + "–" + HH_MM.format(callingUntil);
        }

        /** Whether a local time is within calling hours. */
        public boolean callable(LocalTime local) {
            return !local.isBefore(callingFrom) && local.isBefore(callingUntil);
        }
    }

    /** A change as typed; a value left null keeps the current one. */
    public record Change(String timeZone, String callingFrom, String callingUntil, String language) {

        public Change(String timeZone, String callingFrom, String callingUntil) {
            this(timeZone, callingFrom, callingUntil, null);
        }
    }

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    private final AccountSettingsStore store;
    private final AuditLog audit;
    private final Clock clock;

    AccountSettings(AccountSettingsStore store, AuditLog audit, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    public Settings current() {
        return store.current();
    }

    @Override
    public ZoneId zone() {
        return current().timeZone();
    }

    @Override
    public String language() {
        return current().language();
    }

    @Transactional
    public Settings change(Change change) {
        Settings before = current();
        Settings after = checked(change, before);
        store.save(after, clock.instant(), Actors.current());
        audit.record("ACCOUNT_SETTINGS_CHANGED", "account", "settings",
                Map.of("before", words(before), "after", words(after)));
        return after;
    }

    /** Every problem with the values, each with its field; none when they make settings. */
    public static List<FieldError> problems(String timeZone, String callingFrom, String callingUntil, String language) {
        List<FieldError> errors = problems(timeZone, callingFrom, callingUntil);
        if (Languages.code(language).isEmpty()) {
            errors.add(new FieldError("language", Languages.problem(String.valueOf(language))));
        }
        return errors;
    }

    /** Every problem with the zone and calling hours, each with its field. */
    public static List<FieldError> problems(String timeZone, String callingFrom, String callingUntil) {
        List<FieldError> errors = new ArrayList<>();
        if (Zones.known(timeZone).isEmpty()) {
            errors.add(new FieldError("timeZone", "must be an IANA time zone such as Europe/Berlin or America/New_York, not '"
                    + timeZone + "'"));
        }
        LocalTime from = time("callingFrom", callingFrom, errors);
        LocalTime until = time("callingUntil", callingUntil, errors);
        if (from != null && until != null && !from.isBefore(until)) {
            errors.add(new FieldError("callingUntil", "must be after the start of calling hours (" + callingFrom + "), not " + callingUntil
                    + "; calling hours end on the day they start"));
        }
        return errors;
    }

    private static Settings checked(Change change, Settings before) {
        String zone = change.timeZone() == null ? before.timeZone().getId() : change.timeZone();
        String from = change.callingFrom() == null ? HH_MM.format(before.callingFrom()) : change.callingFrom();
        String until = change.callingUntil() == null ? HH_MM.format(before.callingUntil()) : change.callingUntil();
        String language = change.language() == null ? before.language() : change.language();
        List<FieldError> errors = problems(zone, from, until, language);
        if (!errors.isEmpty()) {
            throw new InvalidInputException("The account settings were not changed", errors);
        }
        return new Settings(ZoneId.of(zone.strip()), LocalTime.parse(from.strip(), HH_MM), LocalTime.parse(until.strip(), HH_MM),
                Languages.code(language).orElseThrow());
    }

    private static LocalTime time(String field, String value, List<FieldError> errors) {
        try {
            return LocalTime.parse(value == null ? "" : value.strip(), HH_MM);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "must be a time of day as HH:MM (24-hour), such as 08:00, not '" + value + "'"));
            return null;
        }
    }

    private static Map<String, String> words(Settings s) {
        return Map.of("timeZone", s.timeZone().getId(), "callingHours", s.callingHours(), "language", s.language());
    }
}
