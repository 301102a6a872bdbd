package io.keepwarm.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A name of several countries ("Congo") is never read as one of them, however it is typed, and what is said of it names
 * each with its code; a name of one country still reads as it.
 */
class CountriesPropertyTest {

    private static final String CONGO = "'Congo' names two countries, Congo - Brazzaville and Congo - Kinshasa, and"
            + " Keepwarm does not guess which: write CG for Congo - Brazzaville or CD for Congo - Kinshasa";

    @Property(tries = 500)
    void aNameOfSeveralCountriesTypedAnyWayIsNoneOfThemAndSaysWhichItNames(@ForAll("several") String name,
            @ForAll("spellings") Spelling spelling) {
        String typed = spelling.of(name);
        List<String> countries = Countries.all(typed);

        assertThat(Countries.iso2(typed)).as(typed).isNull();
        assertThat(countries).hasSizeGreaterThan(1);
        assertThat(Countries.several(typed)).startsWith("'" + typed.strip() + "' names ")
                .contains(countries.stream().map(code -> code + " for " + Countries.name(code)).toList());
    }

    @Property(tries = 1000)
    void aTextThatNamesOneCountryIsThatCountryAloneAndSaysNothingOfSeveral(@ForAll("countries") String code,
            @ForAll("spellings") Spelling spelling, @ForAll boolean byName) {
        String typed = spelling.of(byName ? Countries.name(code) : code);

        assertThat(Countries.iso2(typed)).as(typed).isEqualTo(code);
        assertThat(Countries.all(typed)).containsExactly(code);
        assertThat(Countries.several(typed)).isNull();
    }

    @Example
    void congoNamesBothCongosAndEachIsReadByTheNamesPeopleTellThemApartBy() {
        assertThat(Countries.all("Congo")).containsExactly("CG", "CD");
        assertThat(Countries.several("Congo")).isEqualTo(CONGO);
        assertThat(Countries.several("  congo ")).isEqualTo(CONGO.replace("'Congo'", "'congo'"));
        assertThat(Countries.all("Kongo")).as("Polish for one, Norwegian for the other").containsExactly("CD", "CG");
        assertThat(Countries.all("Korea")).containsExactly("KR", "KP");
        for (String cg : List.of("Republic of the Congo", "Congo - Brazzaville", "Congo-Brazzaville", "CG", "COG")) {
            assertThat(Countries.iso2(cg)).as(cg).isEqualTo("CG");
        }
        for (String cd : List.of("Democratic Republic of the Congo", "DR Congo", "DRC", "Congo - Kinshasa", "CD", "COD")) {
            assertThat(Countries.iso2(cd)).as(cd).isEqualTo("CD");
        }
        assertThat(Countries.all("Georgia")).as("as a country, only the country: the US state is none")
                .containsExactly("GE");
        assertThat(Countries.all("Atlantis")).isEmpty();
        assertThat(Countries.several("Atlantis")).isNull();
    }

    @Example
    void theNamesPeopleUseThatTheStandardDoesNotGiveReadAsTheirCountry() {
        Map<String, String> everyday = Map.ofEntries(Map.entry("Czech Republic", "CZ"), Map.entry("Czechia", "CZ"),
                Map.entry("Turkey", "TR"), Map.entry("Türkiye", "TR"), Map.entry("UAE", "AE"), Map.entry("U.A.E.", "AE"),
                Map.entry("Holland", "NL"), Map.entry("The Netherlands", "NL"), Map.entry("the Bahamas", "BS"),
                Map.entry("Bosnia and Herzegovina", "BA"), Map.entry("Bosnia & Herzegovina", "BA"),
                Map.entry("Trinidad and Tobago", "TT"), Map.entry("Saint Lucia", "LC"), Map.entry("St Lucia", "LC"),
                Map.entry("St. Lucia", "LC"), Map.entry("Saint Kitts and Nevis", "KN"), Map.entry("Ivory Coast", "CI"),
                Map.entry("Cote d'Ivoire", "CI"), Map.entry("Russian Federation", "RU"), Map.entry("Viet Nam", "VN"),
                Map.entry("Korea, Republic of", "KR"), Map.entry("Scotland", "GB"), Map.entry("U.S.A.", "US"),
                Map.entry("The United States", "US"), Map.entry("Hong Kong", "HK"), Map.entry("Sao Tome and Principe", "ST"));
        everyday.forEach((typed, code) -> assertThat(Countries.iso2(typed)).as(typed).isEqualTo(code));
        assertThat(Countries.iso2("The")).isNull();
        assertThat(Countries.iso2("Saint")).isNull();
    }

    @Example
    void aTerritoryNamingSeveralCountriesNamesEachAsGeorgiaNamesTheCountryAndTheState() {
        assertThat(Regions.places("Congo")).extracting(Regions.Place::code).containsExactly("CG", "CD");
        assertThat(Regions.places("CG")).extracting(Regions.Place::code).containsExactly("CG");
    }

    /** A way of typing a name: its case, and the spaces around it. */
    record Spelling(int casing, String before, String after) {

        String of(String name) {
            String cased = switch (casing) {
                case 0 -> name.toUpperCase(Locale.ROOT);
                case 1 -> name.toLowerCase(Locale.ROOT);
                default -> name;
            };
            return before + cased + after;
        }
    }

    @Provide
    Arbitrary<Spelling> spellings() {
        Arbitrary<String> spaces = Arbitraries.of("", " ", "  ", "\t");
        return net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 2), spaces, spaces)
                .as(Spelling::new);
    }

    @Provide
    Arbitrary<String> several() {
        return Arbitraries.of("Congo", "Kongo", "Korea", "Virgin Islands", "Kongó");
    }

    @Provide
    Arbitrary<String> countries() {
        return Arbitraries.of(Locale.getISOCountries());
    }
}
