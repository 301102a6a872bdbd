package io.keepwarm.contact.importing;

import io.keepwarm.platform.Countries;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The import's readings of a country cell and a yes/no consent cell, over every spelling a sheet may hold. */
class ImportValuesPropertyTest {

    @Property(tries = 500)
    void everyIsoCountryIsFoundByItsCodesAndEnglishNameInAnyCaseAndSpacing(@ForAll("codes") String code,
            @ForAll boolean upper, @ForAll("spaces") String before, @ForAll("spaces") String after) {
        Locale country = Locale.of("", code);
        for (String text : new String[] {code, country.getISO3Country(), country.getDisplayCountry(Locale.ENGLISH)}) {
            String cell = before + (upper ? text.toUpperCase(Locale.ROOT) : text.toLowerCase(Locale.ROOT)) + after;
            assertThat(Countries.iso2(cell)).as(cell).isEqualTo(code);
            assertThat(ColumnMapping.country(cell)).isEqualTo(code);
        }
    }

    @Property(tries = 300)
    void textThatNamesNoCountryIsNoCodeAndIsKeptAsItIsForTheRowToBeRefused(@ForAll("notCountries") String text) {
        assertThat(Countries.iso2(text)).isNull();
        assertThat(ColumnMapping.country(text)).isEqualTo(text);
        assertThat(Countries.isCode(ColumnMapping.country(text))).isFalse();
    }

    @Property(tries = 300)
    void yesMeansGrantedNoMeansUnknownAndNothingIsEverReadAsWithdrawn(@ForAll("yesNo") String word,
            @ForAll("spaces") String around) {
        String state = ColumnMapping.consentState(around + word + around);
        String lower = word.toLowerCase(Locale.ROOT);
        if (java.util.Set.of("yes", "y", "true", "1", "subscribed", "opted in", "opted-in", "opt-in").contains(lower)) {
            assertThat(state).isEqualTo("GRANTED");
        } else {
            assertThat(state).isEqualTo("UNKNOWN");
        }
    }

    @Property(tries = 200)
    void otherConsentTextGoesOnAsItIsForTheValidator(@ForAll("otherConsentText") String text) {
        assertThat(ColumnMapping.consentState(text)).isEqualTo(text);
    }

    @Provide
    Arbitrary<String> codes() {
        return Arbitraries.of(Locale.getISOCountries());
    }

    @Provide
    Arbitrary<String> spaces() {
        return Arbitraries.of("", " ", "  ", "\t");
    }

    @Provide
    Arbitrary<String> notCountries() {
        // four letters or more without a space are no code and (checked below) no English country name
        return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(4).ofMaxLength(12).map(s -> "zz" + s + "q");
    }

    @Provide
    Arbitrary<String> yesNo() {
        return Arbitraries.of("yes", "y", "true", "1", "subscribed", "opted in", "opted-in", "opt-in", "no", "n",
                        "false", "0", "not subscribed", "pending")
                .flatMap(w -> Arbitraries.of(w, w.toUpperCase(Locale.ROOT),
                        Character.toUpperCase(w.charAt(0)) + w.substring(1)));
    }

    @Provide
    Arbitrary<String> otherConsentText() {
        return Arbitraries.strings().alpha().ofMinLength(2).ofMaxLength(12)
                .filter(s -> !s.equalsIgnoreCase("yes") && !s.equalsIgnoreCase("no") && !s.equalsIgnoreCase("true")
                        && !s.equalsIgnoreCase("false") && !java.util.Set.of("subscribed", "optedin", "optin",
                                "notsubscribed", "pending").contains(ColumnMapping.normalize(s)));
    }
}
