package io.keepwarm.segment.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.platform.Regions;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A rule's region finds exactly the contacts a territory of the same region would by their region
 * ({@link Regions#same}), judged by what the SQL reads: the contact's stored country and region key.
 */
class RegionValuePropertyTest {

    @Property
    void aRuleRegionFitsAContactExactlyWhenATerritoryRegionWould(@ForAll("regions") String ruleRegion,
            @ForAll("regions") String contactRegion, @ForAll("countries") String country) {
        boolean fits = RegionValue.of(ruleRegion).fits(country, Regions.key(country, contactRegion));

        assertThat(fits).as("region = %s for a contact of %s in %s", ruleRegion, country, contactRegion)
                .isEqualTo(Regions.same(ruleRegion, contactRegion, country));
    }

    @Example
    void bavariaByAnyNameIsTheGermanStateForAGermanContactOnly() {
        for (String written : new String[] {"Bayern", "DE-BY", "bavaria", "BY", "by", "de - by"}) {
            assertThat(RegionValue.of(written).fits("DE", Regions.key("DE", "Bavaria"))).as(written).isTrue();
        }
        assertThat(RegionValue.of("Bayern").fits(null, Regions.key(null, "Bavaria"))).isFalse();
        assertThat(RegionValue.of("Bavaria").fits(null, Regions.key(null, "bavaria"))).isTrue();
    }

    @Provide
    Arbitrary<String> regions() {
        return Arbitraries.oneOf(
                Arbitraries.of("Bavaria", "Bayern", "BY", "by", "DE-BY", "us-ga", "Georgia", "GA", "georgia ", "WA",
                        "Western Australia", "Washington", "NT", "Northern Territory", "Northwest Territories", "CA",
                        "California", "Nordrhein-Westfalen", "nordrhein westfalen", "NRW", "Thueringen", "Thüringen",
                        "Tyrol", "Tirol-Süd", "", "  ", "Puerto Rico", "PR", "US-PR", "QC", "Quebec", "Québec"),
                Arbitraries.strings().withChars("aBgG- üe").ofMaxLength(6));
    }

    @Provide
    Arbitrary<String> countries() {
        return Arbitraries.of("DE", "US", "AU", "CA", "GE", "BY", "PR", "AT", "Atlantis").injectNull(0.2);
    }
}
