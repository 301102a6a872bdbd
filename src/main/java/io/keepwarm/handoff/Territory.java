package io.keepwarm.handoff;

import io.keepwarm.platform.Countries;
import java.time.Instant;
import java.util.Locale;

/**
 * A territory rule: contacts of this region (matched against the contact's region or country) and/or industry (the
 * company's) go to this rep. A rule naming both wins over one naming either; among equals the older rule wins.
 */
public record Territory(long id, String region, String industry, long repId, Instant createdAt) {

    /** The region as territories keep and show it: see {@link #place(String)}. */
    public String place() {
        return place(region);
    }

    /**
     * Whether a country as a contact holds it is this rule's region: the same text, case aside, or the same country
     * named another way ("germany" is DE, as contacts hold it). Rep choice and the territory list both match so.
     */
    public boolean coversCountry(String country) {
        if (region == null || country == null) {
            return false;
        }
        String code = Countries.iso2(region);
        return region.equalsIgnoreCase(country.strip()) || code != null && code.equals(Countries.iso2(country));
    }

    /**
     * A region as territories keep and show it: a country's code upper case (DE), as contacts hold it, also for a rule
     * saved in lower case before they did (de); any other region as it is. Null for none.
     */
    public static String place(String region) {
        String code = region == null ? null : region.toUpperCase(Locale.ROOT);
        return Countries.isCode(code) ? code : region;
    }
}
