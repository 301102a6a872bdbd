package io.keepwarm.contact.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** The import's two writers never share a person: every address of one contact goes to one writer. */
class ImportRoutingPropertyTest {

    @Property
    void anAddressMergedAwayGoesToTheWriterOfItsSurvivor(@ForAll @AlphaChars @StringLength(min = 1, max = 20) String survivor,
            @ForAll @AlphaChars @StringLength(min = 1, max = 20) String merged, @ForAll @IntRange(min = 1, max = 8) int writers) {
        Map<String, String> survivors = Map.of(merged + "@old.example", survivor + "@example.com");

        assertThat(ImportRunner.writerFor(merged + "@old.example", survivors, writers))
                .isEqualTo(ImportRunner.writerFor(survivor + "@example.com", survivors, writers));
    }

    @Property
    void everyAddressHasOneWriterInRange(@ForAll @AlphaChars @StringLength(min = 1, max = 30) String address,
            @ForAll @IntRange(min = 1, max = 8) int writers) {
        int writer = ImportRunner.writerFor(address, Map.of(), writers);

        assertThat(writer).isBetween(0, writers - 1).isEqualTo(ImportRunner.writerFor(address, Map.of(), writers));
    }
}
