package io.keepwarm.handoff;

import io.keepwarm.platform.Countries;
import io.keepwarm.platform.Regions;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A territory rule: contacts of this region (matched against the contact's region or country) and/or industry (the
 * company's) go to this rep. A rule naming both wins over one naming either ({@link #specificity}); the reps of equally
 * specific rules that fit a contact share such leads in turn, as a team. Rep choice and the counts the territory form
 * shows match by {@link #fits}, so they never disagree.
 */
public record Territory(long id, String region, String industry, long repId, Instant createdAt) {

    /** The region as territories keep and show it: see {@link #place(String)}. */
    public String place() {
        return place(region);
    }

    /**
     * Whether the rule fits a contact of this country, region and company industry (as the contact holds them): its
     * region, if it names one, is the contact's region or country ({@link #coversRegion}), and its industry, if it
     * names one, the company's ({@link #coversIndustry}).
     */
    public boolean fits(String country, String region, String industry) {
        return (this.region == null || coversRegion(country, region)) && (this.industry == null || coversIndustry(industry));
    }

    /** "region 'DE' and industry 'hpc'": what the rule names, as the territory list shows it. */
    public String covers() {
        return region == null ? "industry '" + industry + "'"
                : industry == null ? "region '" + place() + "'"
                : "region '" + place() + "' and industry '" + industry + "'";
    }

    /** How many fields the rule names (1 or 2): of the rules that fit a contact, those naming more win. */
    public int specificity() {
        return (region == null ? 0 : 1) + (industry == null ? 0 : 1);
    }

    /** Whether this rule's industry is the company's, case, accents and spacing aside. */
    public boolean coversIndustry(String industry) {
        return this.industry != null && Objects.equals(Regions.fold(this.industry), Regions.fold(industry));
    }

    /**
     * Whether this rule's region is a contact's region, read in the contact's country ("California" is a US
     * contact's "CA", not a Canadian's: {@link Regions#same}), or their country ({@link #coversCountry}). A country's
     * code (DE, CA, as {@link #place} shows it) names that country only, never a state of the same code (Delaware,
     * California): those are named by their name or ISO 3166-2 code (US-DE), which names that state alone. A name of
     * both a country and a state ("Georgia") fits contacts of either, as their country says; a contact of no known
     * country, by the same words only.
     */
    public boolean coversRegion(String country, String region) {
        return this.region != null
                && (coversCountry(country) || !namesCountryByCode() && Regions.same(this.region, region, country));
    }

    /** Whether the rule's region is a country's ISO code, which names that country alone. */
    boolean namesCountryByCode() {
        return Countries.isCode(place());
    }

    /**
     * Whether a country as a contact holds it is this rule's region: the same text, case aside, or the same country
     * named another way ("germany" is DE, as contacts hold it). Part of {@link #coversRegion}.
     */
    public boolean coversCountry(String country) {
        if (region == null || country == null) {
            return false;
        }
        // a name of several countries ("Congo") fits contacts of each, as "Georgia" fits the country's and the state's
        return region.equalsIgnoreCase(country.strip()) || Countries.all(region).contains(Countries.iso2(country));
    }

    /**
     * A region as territories keep and show it: a country's code upper case (DE), as contacts hold it, also for a rule
     * saved in lower case before they did (de), and so a state's ISO 3166-2 code (US-GA); any other region as it is.
     * Null for none.
     */
    public static String place(String region) {
        String code = region == null ? null : region.toUpperCase(Locale.ROOT);
        String state = Regions.subdivisionCode(region);
        return Countries.isCode(code) ? code : state != null ? state : region;
    }
}
