package io.keepwarm.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Random;
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

    @Provide
    Arbitrary<CountryZones.Region> tabled() {
        return Arbitraries.of(CountryZones.REGIONS);
    }
}
