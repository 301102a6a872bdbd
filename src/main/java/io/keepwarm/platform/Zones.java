package io.keepwarm.platform;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The one way a contact's stored zone is read. The contact module accepts only zones this JVM knows, yet a stored
 * name can still be unknown (written before the check, or dropped from a later IANA release); code that reads one
 * must not quietly take UTC for it. Calling hours take an unknown zone as the most restrictive ({@link #known} is
 * empty); a date ("today", a birthday, an ask-again day) must fall on some day, so it counts on the clock the engine
 * plans the contact's touches on ({@link #ofContact}): a date trigger, a ready day and the page that shows them agree.
 */
@Component
public class Zones {

    private final AccountZone account;

    public Zones(AccountZone account) {
        this.account = account;
    }

    /** The zone named; empty for none, or for a name this JVM does not know. */
    public static Optional<ZoneId> known(String zone) {
        if (zone == null || zone.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneId.of(zone.strip()));
        } catch (DateTimeException unknown) {
            return Optional.empty();
        }
    }

    /** The account's zone as an admin set it (Settings, Account), the one new contacts get when nobody gives theirs. */
    public ZoneId accountZone() {
        return account.zone();
    }

    /**
     * The clock a contact's cadences, waits and dates count in: their own zone; for an unknown one, the clock of their
     * country nearest its middle ({@link CountryZones#plannedIn}: a first Tuesday at 10:00 is a Tuesday anywhere in
     * Australia, where the account's Berlin morning was their evening and went out on Wednesday); for a contact of no
     * country Keepwarm reads, the account's. The country is only looked at when the zone is unknown.
     */
    public ZoneId ofContact(String zone, String country) {
        Optional<ZoneId> own = known(zone);
        if (own.isPresent()) {
            return own.get();
        }
        ZoneId ofCountry = CountryZones.plannedIn(country);
        // Asked only when needed: the account's zone is a read of its settings.
        return ofCountry != null ? ofCountry : account.zone();
    }
}
