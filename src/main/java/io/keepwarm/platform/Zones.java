package io.keepwarm.platform;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The one way a contact's stored zone is read. The contact module accepts only zones this JVM knows, yet a stored
 * name can still be unknown (written before the check, or dropped from a later IANA release); code that reads one
 * must not quietly take UTC for it. Calling hours take an unknown zone as the most restrictive ({@link #known} is
 * empty); a date ("today", a birthday, an ask-again day) must fall on some day, so it counts in the account's zone.
 */
@Component
public class Zones {

    private final ZoneId accountZone;

    Zones(@Value("${keepwarm.contacts.default-time-zone:UTC}") String accountZone) {
        this.accountZone = known(accountZone).orElseThrow(() -> new IllegalStateException(
                "keepwarm.contacts.default-time-zone (KEEPWARM_DEFAULT_TIME_ZONE) must be an IANA zone such as"
                        + " Europe/Berlin, not '" + accountZone + "'"));
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

    /** The account's zone, the one new contacts get when nobody gives theirs (KEEPWARM_DEFAULT_TIME_ZONE). */
    public ZoneId accountZone() {
        return accountZone;
    }

    /** The zone named, or the account's when it is unknown: for dates, which must fall on some day. */
    public ZoneId orAccountZone(String zone) {
        return known(zone).orElse(accountZone);
    }
}
