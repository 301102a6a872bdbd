package io.keepwarm.platform;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Compares regions as people type them, as territories, contacts' clocks and imports read them: case, accents,
 * hyphens and spacing aside ("Baden Wurttemberg", "baden-württemberg", "Baden-Wuerttemberg"), and in the United
 * States, Canada, Australia and Germany a state or province by its code or any of its names, as {@link CountryZones}'
 * table knows them ("CA", "California"; "BY", "Bavaria", "Bayern"), or by its ISO 3166-2 code ("US-GA", "DE-BY"). A
 * bare code or a name is read in the contact's country only: "CA" is California for a US contact; for a Canadian, or a
 * contact of no known country, it is just the text "ca", as a no-country contact's "Georgia" is just the text, which
 * Keepwarm does not guess to be the US state or the country.
 */
public final class Regions {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    /** Hyphens, dashes, underscores and slashes part words as spaces do ("Rhineland-Palatinate"). */
    private static final Pattern PARTING = Pattern.compile("[\\s\\p{Pd}_/]+");
    /** Apostrophes and dots part nothing ("Hawai'i", "St. Louis" as "St Louis"). */
    private static final Pattern INSIDE = Pattern.compile("['’`.]");
    /** A German umlaut written out ("Thueringen" for "Thüringen"), read as the plain vowel its accent folds to. */
    private static final Pattern UMLAUT = Pattern.compile("([aou])e");
    /** An ISO 3166-2 code: the country's code, a hyphen, the region's own ("US-GA"). */
    private static final Pattern SUBDIVISION = Pattern.compile("([A-Za-z]{2})\\s*\\p{Pd}\\s*([A-Za-z0-9]{1,3})");
    /**
     * Regions that are a country of their own as well (ISO 3166-1 gives Puerto Rico its own code): the name reads as
     * the same place either way, so it names no two places.
     */
    private static final Map<String, String> ALSO_A_COUNTRY = Map.of("US-PR", "PR");
    /** By ISO 3166-2 code ("US-CA"), the region. */
    private static final Map<String, CountryZones.Region> BY_CODE = CountryZones.REGIONS.stream().collect(
            Collectors.toUnmodifiableMap(Regions::code, r -> r, (a, b) -> a));
    /** By country code, its regions by their compared code and each compared name. */
    private static final Map<String, Map<String, CountryZones.Region>> BY_COUNTRY = byCountry();

    private Regions() {}

    /**
     * A place a region or territory's text may name: a country or a region of the table.
     *
     * @param code how it is written to name it alone: the country's ISO code ("GE"), the region's ISO 3166-2 code
     *     ("US-GA")
     * @param said "the country Georgia", "Georgia (US)"
     */
    public record Place(String code, String said) {

        static Place of(String country) {
            return new Place(country, "the country " + Countries.name(country));
        }

        static Place of(CountryZones.Region region) {
            return new Place(Regions.code(region), region.names().getFirst() + " (" + region.country() + ")");
        }

        /** Whether this is a country ("GE"), not a region of one ("US-GA"). */
        public boolean isCountry() {
            return !code.contains("-");
        }
    }

    /**
     * The text as compared: without accents, in lower case, words parted by single spaces (a hyphen parts them as a
     * space does) and without outer spaces; null for none or only spaces. Territories compare industries so too.
     */
    public static String fold(String text) {
        if (text == null) {
            return null;
        }
        // upper then lower case, so "Straße" and "STRASSE" fold alike
        String lower = INSIDE.matcher(plain(text).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT)).replaceAll("");
        String folded = PARTING.matcher(lower).replaceAll(" ").strip();
        return folded.isEmpty() ? null : folded;
    }

    /**
     * Whether two texts name the same region of a contact of this country (a code, name or text as contacts hold
     * it): a state by its code, ISO 3166-2 code or any name in the countries the region table lists, else the same
     * text as {@link #key} reads it.
     */
    public static boolean same(String region, String other, String country) {
        String key = key(country, region);
        return key != null && key.equals(key(country, other));
    }

    /**
     * The table's region a contact of this country means by this text: by the region's code or any of its names in
     * that country, or by its ISO 3166-2 code in any ("US-GA"); null for none.
     */
    public static CountryZones.Region of(String country, String region) {
        CountryZones.Region coded = subdivision(region);
        if (coded != null) {
            return coded;
        }
        String code = Countries.iso2(country);
        Map<String, CountryZones.Region> regions = code == null ? null : BY_COUNTRY.get(code);
        String compared = compared(region);
        return regions == null || compared == null ? null : regions.get(compared);
    }

    /**
     * Every place this text may name, read as a territory's region: the country it names (by name or code; each of a
     * name several share, "Congo": CG and CD) and the regions of the table it names in their own countries, by code or
     * name ("Georgia": the country GE and US-GA; "WA": US-WA and AU-WA). A country's two-letter code names that country
     * alone, and an ISO 3166-2 code its region alone.
     */
    public static List<Place> places(String text) {
        CountryZones.Region coded = subdivision(text);
        if (coded != null) {
            return List.of(Place.of(coded));
        }
        String country = Countries.iso2(text);
        if (country != null && Countries.isCode(text.strip().toUpperCase(Locale.ROOT))) {
            return List.of(Place.of(country));
        }
        List<Place> places = new ArrayList<>();
        // a country's name, or the name of several ("Congo"), each of them
        Countries.all(text).forEach(named -> places.add(Place.of(named)));
        String compared = compared(text);
        // in the table's order of countries: the US's Washington before Australia's
        CountryZones.REGIONS.stream().map(CountryZones.Region::country).distinct()
                .map(c -> BY_COUNTRY.get(c).get(compared)).filter(r -> r != null)
                .filter(r -> !ALSO_A_COUNTRY.getOrDefault(code(r), "").equals(country))
                .distinct().forEach(r -> places.add(Place.of(r)));
        return places;
    }

    /**
     * What to tell whoever wrote this text meaning one place, when it names several ({@link #places}): "'Georgia'
     * names the country Georgia and Georgia (US): {@code meaning}. For one of them only, write {@code how}GE for the
     * country Georgia, US-GA for Georgia (US)." The territory form and the segment editor say it so, each with what its
     * rule does with such a text and how it names one place alone.
     *
     * @param alone how a rule names this place alone ("US-GA"; a segment's {@code country = "GE"})
     */
    public static String severalPlaces(String text, List<Place> places, String meaning, String how,
            Function<Place, String> alone) {
        return "'" + text + "' names " + places.stream().map(Place::said).collect(Collectors.joining(" and ")) + ": "
                + meaning + ". For one of them only, write " + how
                + places.stream().map(p -> alone.apply(p) + " for " + p.said()).collect(Collectors.joining(", ")) + ".";
    }

    /**
     * How contacts of each country read this text as a region where that differs from a contact of no country:
     * the countries whose table region it names by code or name, with that region's {@link #key} ("GA": US, "US-GA").
     * A contact of any other country, or none, reads it as {@code key(null, text)}: an ISO 3166-2 code ("US-GA") names
     * its region in every country, so it has no readings here.
     */
    public static Map<String, String> readings(String text) {
        if (subdivision(text) != null) {
            return Map.of();
        }
        String compared = compared(text);
        Map<String, String> readings = new java.util.TreeMap<>();
        if (compared != null) {
            BY_COUNTRY.forEach((country, regions) -> {
                CountryZones.Region region = regions.get(compared);
                if (region != null) {
                    readings.put(country, code(region));
                }
            });
        }
        return readings;
    }

    /**
     * The regions of the table with this code, as "California (US)", in the table's order: what a territory naming the
     * country of the same code (CA, Canada) does not mean.
     */
    public static List<Place> withCode(String code) {
        return CountryZones.REGIONS.stream().filter(r -> r.code().equalsIgnoreCase(code))
                .map(Place::of).toList();
    }

    /**
     * The region as a territory should name it for a contact of this country: a state of the table by its first name
     * ("ca" in the US: "California", since a territory's "CA" is Canada), or by its ISO 3166-2 code where that name
     * also names another place ("US-GA", as "Georgia" is a country too); else the text as given, trimmed.
     */
    public static String named(String region, String country) {
        if (key(country, region) == null) {
            return null;
        }
        CountryZones.Region known = of(country, region);
        if (known == null) {
            return region.strip();
        }
        return places(known.names().getFirst()).size() > 1 ? code(known) : known.names().getFirst();
    }

    /** The ISO 3166-2 code the text is, in upper case ("US-GA" for " us-ga"); null for any other text. */
    public static String subdivisionCode(String text) {
        CountryZones.Region coded = subdivision(text);
        return coded == null ? null : code(coded);
    }

    /** "US-CA" for a state named by code, ISO 3166-2 code or name, else the text as compared ("tyrol"); null for none. */
    public static String key(String country, String region) {
        CountryZones.Region known = of(country, region);
        // upper case and a hyphen, so no compared text (lower case, no hyphens) is ever taken for a region's key
        return known != null ? code(known) : compared(region);
    }

    /**
     * The text as regions compare it: {@link #fold}ed, a written-out umlaut as its plain vowel ("Thueringen" as
     * "Thüringen", "thuringen") and without the spaces between words ("Nordrhein Westfalen", "NordrheinWestfalen").
     */
    static String compared(String text) {
        String folded = fold(text);
        return folded == null ? null : UMLAUT.matcher(folded).replaceAll("$1").replace(" ", "");
    }

    /** The region an ISO 3166-2 code names ("us-ga" is Georgia, US), null for any other text. */
    private static CountryZones.Region subdivision(String text) {
        Matcher code = text == null ? null : SUBDIVISION.matcher(plain(text).strip());
        return code == null || !code.matches() ? null
                : BY_CODE.get((code.group(1) + "-" + code.group(2)).toUpperCase(Locale.ROOT));
    }

    /** The text without accents, a non-breaking space as a space. */
    private static String plain(String text) {
        return text.chars().allMatch(c -> c < 128) ? text
                : MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFKD)).replaceAll("");
    }

    private static String code(CountryZones.Region region) {
        return region.country() + "-" + region.code();
    }

    private static Map<String, Map<String, CountryZones.Region>> byCountry() {
        Map<String, Map<String, CountryZones.Region>> regions = new HashMap<>();
        for (CountryZones.Region region : CountryZones.REGIONS) {
            Map<String, CountryZones.Region> ofCountry = regions.computeIfAbsent(region.country(), c -> new HashMap<>());
            ofCountry.put(compared(region.code()), region);
            region.names().forEach(name -> ofCountry.put(compared(name), region));
        }
        regions.replaceAll((country, ofCountry) -> Map.copyOf(ofCountry));
        return Map.copyOf(regions);
    }
}
