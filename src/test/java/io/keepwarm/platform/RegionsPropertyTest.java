package io.keepwarm.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Territories compare regions as people type them: case, accents and spaces never change whether two match, and a
 * state, province or territory matches by its code or any of its names in its own country only.
 */
class RegionsPropertyTest {

    private static final List<String> COUNTRIES = List.of("US", "USA", "United States", "CA", "Canada", "AU",
            "Australia", "DE", "Germany", "");

    @Property(tries = 2000)
    void caseAccentsAndSpacesNeverChangeWhetherTwoRegionsMatch(@ForAll("regions") String region,
            @ForAll("regions") String other, @ForAll("countries") String country, @ForAll long seed) {
        String typed = typedAnotherWay(region, new Random(seed));

        assertThat(Regions.same(typed, other, country)).as("'%s' for '%s' against '%s' in '%s'", typed, region, other,
                country).isEqualTo(Regions.same(region, other, country));
        assertThat(Regions.same(typed, region, country)).as("'%s' for '%s'", typed, region).isTrue();
    }

    @Property(tries = 500)
    void aStateOfTheUnitedStatesMatchesByItsCodeAndByItsNameTypedAnyWay(@ForAll("usStates") CountryZones.Region state,
            @ForAll("unitedStates") String country, @ForAll long seed) {
        Random random = new Random(seed);

        assertThat(Regions.same(typedAnotherWay(state.code(), random), typedAnotherWay(state.names().getFirst(), random),
                country)).as("%s %s in %s", state.code(), state.names().getFirst(), country).isTrue();
    }

    @Property(tries = 500)
    void aRegionMatchesByItsCodeAndEachOfItsNamesInItsCountryNamedEitherWay(@ForAll("tabled") CountryZones.Region region,
            @ForAll int name, @ForAll boolean countryByName, @ForAll long seed) {
        Random random = new Random(seed);
        String typed = region.names().get(Math.floorMod(name, region.names().size()));
        String country = countryByName ? Locale.of("", region.country()).getDisplayCountry(Locale.ENGLISH) : region.country();

        assertThat(Regions.same(typedAnotherWay(region.code(), random), typedAnotherWay(typed, random), country))
                .as("%s %s in %s", region.code(), typed, country).isTrue();
    }

    @Property(tries = 500)
    void aRegionsCodeIsNoOtherRegionsName(@ForAll("tabled") CountryZones.Region one, @ForAll("tabled") CountryZones.Region two,
            @ForAll int name) {
        assertThat(Regions.same(one.code(), two.names().get(Math.floorMod(name, two.names().size())), one.country()))
                .isEqualTo(one.country().equals(two.country()) && one.code().equals(two.code()));
    }

    @Property(tries = 1000)
    void anyNameOfATabledRegionTypedAnyWayNamesThatRegionInItsCountry(@ForAll("tabled") CountryZones.Region region,
            @ForAll int name, @ForAll long seed) {
        Random random = new Random(seed);
        String written = region.names().get(Math.floorMod(name, region.names().size()));
        String typed = typedAnotherWay(spelledAnotherWay(written, random), random);

        assertThat(Regions.of(region.country(), typed)).as("'%s' for '%s'", typed, written).isEqualTo(region);
        assertThat(Regions.of(region.country(), typedAnotherWay(region.country() + "-" + region.code(), random)))
                .as("its ISO 3166-2 code").isEqualTo(region);
    }

    @Property(tries = 1000)
    void twoRegionsOfACountryNeverReadAsOneHoweverTheirNamesAreTyped(@ForAll("neighbours") List<CountryZones.Region> two,
            @ForAll int first, @ForAll int second, @ForAll long seed) {
        Random random = new Random(seed);
        CountryZones.Region one = two.getFirst();
        CountryZones.Region other = two.getLast();
        String typed = typedAnotherWay(spelledAnotherWay(one.names().get(Math.floorMod(first, one.names().size())),
                random), random);
        String otherTyped = spelledAnotherWay(other.names().get(Math.floorMod(second, other.names().size())), random);

        assertThat(Regions.same(typed, otherTyped, one.country())).as("'%s' and '%s' in %s", typed, otherTyped,
                one.country()).isEqualTo(one.equals(other));
        assertThat(Regions.same(typed, other.code(), one.country())).isEqualTo(one.equals(other));
        assertThat(Regions.same(one.country() + "-" + one.code(), other.country() + "-" + other.code(), null))
                .isEqualTo(one.equals(other));
    }

    @Example
    void everyNameAndCodeOfTheTableNamesOneRegionInItsCountryAndASpelledOutUmlautOrMissingHyphenNoOther() {
        for (CountryZones.Region region : CountryZones.REGIONS) {
            for (String name : region.names()) {
                assertThat(Regions.of(region.country(), name)).as(name).isEqualTo(region);
                assertThat(Regions.of(region.country(), name.replace('-', ' '))).as(name).isEqualTo(region);
                assertThat(Regions.of(region.country(), name.replace("-", ""))).as(name).isEqualTo(region);
            }
            assertThat(Regions.of(region.country(), region.code())).isEqualTo(region);
        }
    }

    @Example
    void germanStatesAsPeopleWriteThemWithOrWithoutHyphensUmlautsAndSpaces() {
        for (String typed : List.of("Baden Württemberg", "Baden-Wurttemberg", "baden wuerttemberg", "BADEN-WÜRTTEMBERG",
                "BadenWürttemberg", "bw", "DE-BW")) {
            assertThat(Regions.same(typed, "Baden-Württemberg", "DE")).as(typed).isTrue();
        }
        assertThat(Regions.same("Nordrhein Westfalen", "North Rhine Westphalia", "Germany")).isTrue();
        assertThat(Regions.same("Rhineland Palatinate", "Rhineland-Palatinate", "DE")).isTrue();
        assertThat(Regions.same("Mecklenburg Vorpommern", "MV", "DE")).isTrue();
        assertThat(Regions.same("Schleswig Holstein", "schleswig-holstein", "DE")).isTrue();
        assertThat(Regions.same("Thueringen", "Thüringen", "DE")).isTrue();
        assertThat(Regions.same("Sachsen Anhalt", "Sachsen", "DE")).as("two states, however alike").isFalse();
    }

    @Example
    void aRegionNoTableListsMatchesWithOrWithoutItsHyphensAccentsAndCaseInAnyCountryOrNone() {
        assertThat(Regions.same("Winston-Salem", "winston salem", null)).isTrue();
        assertThat(Regions.same("Winston Salem", "WINSTON-SALEM", "US")).isTrue();
        assertThat(Regions.same("Île-de-France", "Ile de France", "FR")).isTrue();
        assertThat(Regions.same("Zürich", "Zuerich", "CH")).isTrue();
        assertThat(Regions.same("Hawai'i", "Hawaii", "US")).isTrue();
        assertThat(Regions.same("Salem", "Winston-Salem", null)).isFalse();
    }

    @Example
    void anIsoRegionCodeNamesItsRegionAloneWhateverTheContactsCountryAndATwoLetterCountryCodeItsCountryAlone() {
        assertThat(Regions.same("US-GA", "Georgia", "US")).isTrue();
        assertThat(Regions.same("us-ga", "GA", "USA")).isTrue();
        assertThat(Regions.same("US-GA", "Georgia", null)).as("which Georgia, nobody knows").isFalse();
        assertThat(Regions.same("DE-BY", "Bayern", "DE")).isTrue();
        assertThat(Regions.same("DE-BY", "BY", "Belarus")).isFalse();
        assertThat(Regions.places("Georgia")).extracting(Regions.Place::code).containsExactly("GE", "US-GA");
        assertThat(Regions.places("BY")).extracting(Regions.Place::code).as("a country's code: the country")
                .containsExactly("BY");
        assertThat(Regions.places("de-by")).extracting(Regions.Place::code).containsExactly("DE-BY");
        assertThat(Regions.places("Bayern")).extracting(Regions.Place::code).containsExactly("DE-BY");
        assertThat(Regions.places("Puerto Rico")).extracting(Regions.Place::code).as("one place, a country of its own")
                .containsExactly("PR");
    }

    @Example
    void theTableNamesSeveralPlacesOnlyByGeorgiaWaAndNtAndByTheCodesCountriesShare() {
        Map<String, List<String>> several = new TreeMap<>();
        for (CountryZones.Region region : CountryZones.REGIONS) {
            for (String text : concat(region.names(), region.code())) {
                List<String> places = Regions.places(text).stream().map(Regions.Place::code).toList();
                if (places.size() > 1) {
                    several.put(text, places);
                }
            }
        }

        assertThat(several).as("the territory form warns of each: add a new one to the tests that say so")
                .containsExactly(Map.entry("Georgia", List.of("GE", "US-GA")), Map.entry("NT", List.of("CA-NT", "AU-NT")),
                        Map.entry("WA", List.of("US-WA", "AU-WA")));
        assertThat(CountryZones.REGIONS.stream().map(CountryZones.Region::code).filter(Countries::isCode).distinct())
                .as("a territory naming one of these names the country alone, and says so")
                .containsExactlyInAnyOrder("AL", "AR", "AZ", "BB", "BE", "BW", "BY", "CA", "CO", "DE", "GA", "ID", "IL",
                        "IN", "KY", "LA", "MA", "MD", "ME", "MN", "MO", "MS", "MT", "MV", "NC", "NE", "NI", "NL", "NU",
                        "PA", "PE", "PR", "SA", "SC", "SD", "SH", "SK", "SL", "SN", "ST", "TH", "TN", "VA", "YT");
    }

    @Example
    void aCodeIsAStateOnlyInItsOwnCountry() {
        assertThat(Regions.same("California", "ca", "US")).isTrue();
        assertThat(Regions.same("California", "ca", "CA")).as("a Canadian's CA is no province").isFalse();
        assertThat(Regions.same("California", "ca", null)).as("whose CA, nobody knows").isFalse();
        assertThat(Regions.same("WA", "Western Australia", "Australia")).isTrue();
        assertThat(Regions.same("WA", "Western Australia", "US")).isFalse();
        assertThat(Regions.same("Bavaria", " bavária ", "DE")).isTrue();
        assertThat(Regions.same(null, null, "US")).as("no region matches nothing").isFalse();
    }

    @Example
    void aGermanStateIsTheSameByItsCodeItsGermanNameAndItsEnglishNameInGermanyOnly() {
        assertThat(Regions.same("Bavaria", "Bayern", "DE")).isTrue();
        assertThat(Regions.same("BY", " bayern", "Germany")).isTrue();
        assertThat(Regions.same("NRW", "Nordrhein-Westfalen", "DEU")).isTrue();
        assertThat(Regions.same("North Rhine-Westphalia", "nw", "DE")).isTrue();
        assertThat(Regions.same("Thüringen", "Thuringia", "DE")).isTrue();
        assertThat(Regions.same("Bavaria", "BY", "AT")).as("BY is Bavaria for a German contact only").isFalse();
        assertThat(Regions.same("Saxony", "Saxony-Anhalt", "DE")).as("two states, however alike").isFalse();
    }

    /** The same text typed another way: each letter in either case, some with accents, spaces around and within. */
    private static String typedAnotherWay(String text, Random random) {
        StringBuilder typed = new StringBuilder(space(random));
        for (char c : text.toCharArray()) {
            if (c == ' ') {
                typed.append(' ').append(space(random));
                continue;
            }
            typed.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
            if (Character.isLetter(c) && random.nextInt(4) == 0) {
                typed.append("\u0301\u0308\u0327\u030a".charAt(random.nextInt(4)));
            }
        }
        typed.append(space(random));
        // precomposed ("é") or not ("e" and an accent), as a keyboard or an import may give it
        return random.nextBoolean() ? Normalizer.normalize(typed, Normalizer.Form.NFC) : typed.toString();
    }

    /**
     * The name as people also write it: a hyphen as a space or left out, words run together, a German umlaut written
     * out ("ue") or without its dots.
     */
    private static String spelledAnotherWay(String name, Random random) {
        StringBuilder spelled = new StringBuilder();
        for (char c : name.toCharArray()) {
            switch (c) {
                case '-', ' ' -> spelled.append(List.of("-", " ", "", " - ").get(random.nextInt(4)));
                case 'ü', 'ö', 'ä' -> {
                    boolean dotted = random.nextBoolean();
                    spelled.append(dotted ? c : "uoa".charAt("üöä".indexOf(c)));
                    spelled.append(!dotted && random.nextBoolean() ? "e" : "");
                }
                default -> spelled.append(c);
            }
        }
        return spelled.toString();
    }

    private static List<String> concat(List<String> names, String code) {
        return java.util.stream.Stream.concat(names.stream(), java.util.stream.Stream.of(code)).toList();
    }

    private static String space(Random random) {
        return List.of("", "", " ", "  ", "\t", "\u00a0").get(random.nextInt(6));
    }

    @Provide
    Arbitrary<String> regions() {
        return Arbitraries.oneOf(tabled().map(CountryZones.Region::code), tabled().flatMap(r -> Arbitraries.of(r.names())),
                Arbitraries.strings().withCharRange('a', 'z').withChars(' ').ofMinLength(1).ofMaxLength(12)
                        .filter(s -> !s.isBlank()),
                Arbitraries.of("Bavaria", "Bayern", "BY", "Quebec", "Ile de France", "New  South Wales"));
    }

    @Provide
    Arbitrary<String> countries() {
        return Arbitraries.of(COUNTRIES);
    }

    @Provide
    Arbitrary<String> unitedStates() {
        return Arbitraries.of("US", "us", "USA", "United States", "united states of america");
    }

    @Provide
    Arbitrary<CountryZones.Region> usStates() {
        return Arbitraries.of(CountryZones.REGIONS.stream().filter(r -> r.country().equals("US")).toList());
    }

    /** Two regions of one country, now and then the same. */
    @Provide
    Arbitrary<List<CountryZones.Region>> neighbours() {
        return tabled().flatMap(one -> Arbitraries.oneOf(Arbitraries.just(one), Arbitraries.of(CountryZones.REGIONS
                .stream().filter(r -> r.country().equals(one.country())).toList())).map(other -> List.of(one, other)));
    }

    @Provide
    Arbitrary<CountryZones.Region> tabled() {
        return Arbitraries.of(CountryZones.REGIONS);
    }
}
