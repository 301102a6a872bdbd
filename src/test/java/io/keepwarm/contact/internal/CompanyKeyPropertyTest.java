package io.keepwarm.contact.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A company's key: its name in lower case with its white space folded, whichever way the key is worked out. */
class CompanyKeyPropertyTest {

    private static final Pattern SPACES = Pattern.compile("\\s+");

    @Property(tries = 3000)
    void theKeyIsTheNameStrippedWithRunsOfWhiteSpaceAsOneSpaceInLowerCase(@ForAll("names") String name) {
        assertThat(Companies.key(name)).isEqualTo(SPACES.matcher(name.strip()).replaceAll(" ").toLowerCase(Locale.ROOT));
    }

    @Property
    void namesThatDifferOnlyInCaseAndSpacingShareAKey(@ForAll("names") String name) {
        assertThat(Companies.key("  " + name.toUpperCase(Locale.ROOT).replace(" ", " \t ") + "\n"))
                .isEqualTo(Companies.key(name.toUpperCase(Locale.ROOT)));
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().withChars("aZé İß -.&\t\n\u00a0\u2003\u3000").ofMaxLength(12)
                .injectDuplicates(0.1);
    }
}
