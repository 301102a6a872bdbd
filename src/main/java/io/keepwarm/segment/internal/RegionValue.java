package io.keepwarm.segment.internal;

import io.keepwarm.platform.Regions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A region a rule names, compared as territories compare a contact's region ({@link Regions#same}): read in the
 * contact's own country, so {@code region = "Bayern"}, {@code "bavaria"}, {@code "BY"} and {@code "DE-BY"} all find a
 * German contact who wrote "Bavaria", and "nordrhein westfalen" finds "Nordrhein-Westfalen". A name of several places
 * ("Georgia", "WA", "NT") finds each in the contacts of its country (Georgia for a US contact by "GA", "Georgia" or
 * "US-GA"), and in a contact of any other country, or none, the same words only; as a segment rule names the field,
 * never a country: {@code region = "Georgia"} is not the country Georgia ({@code country = "GE"} is), and
 * {@code region = "BY"} is Bavaria for German contacts, not Belarus. The SQL compares the key each contact keeps
 * (contacts.region_key, indexed; V96), and the contact's country only where the value is a region of the table there.
 *
 * @param elsewhere the key a contact of any country not in {@code inCountry}, or of none, must keep; null for a value
 *     of no words, which finds nobody
 * @param inCountry by country code as contacts keep it, the key a contact of that country must keep
 */
record RegionValue(String elsewhere, Map<String, String> inCountry) {

    static RegionValue of(String text) {
        return new RegionValue(Regions.key(null, text), Regions.readings(text));
    }

    /** Whether a contact of this country (as stored) keeping this region key fits: what {@link #sql} asks of a row. */
    boolean fits(String country, String regionKey) {
        String wanted = country != null && inCountry.containsKey(country) ? inCountry.get(country) : elsewhere;
        return wanted != null && wanted.equals(regionKey);
    }

    /** A contact's region is any of these values. */
    static String anyOf(List<String> texts, RuleCompiler q) {
        List<String> parts = new ArrayList<>();
        for (String text : texts) {
            RegionValue value = of(text);
            if (value.elsewhere() != null) {
                parts.add(value.sql(q));
            }
        }
        return parts.isEmpty() ? "1 = 0" : parts.size() == 1 ? parts.getFirst() : "(" + String.join(" OR ", parts) + ")";
    }

    private String sql(RuleCompiler q) {
        List<String> parts = new ArrayList<>();
        inCountry.forEach((country, key) -> parts.add(
                "(c.region_key = " + q.param(key) + " AND c.country = " + q.param(country) + ")"));
        parts.add(inCountry.isEmpty() ? "c.region_key = " + q.param(elsewhere)
                : "(c.region_key = " + q.param(elsewhere) + " AND (c.country IS NULL OR c.country NOT IN ("
                        + q.param(List.copyOf(inCountry.keySet())) + ")))");
        return parts.size() == 1 ? parts.getFirst() : "(" + String.join(" OR ", parts) + ")";
    }
}
