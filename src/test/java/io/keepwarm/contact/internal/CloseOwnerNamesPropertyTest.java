package io.keepwarm.contact.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * An owner's name with one typing slip (a letter missed, added, changed, or two swapped), in any case, is answered
 * with the one rep it was likely meant for; a slip as close to two reps suggests neither.
 */
class CloseOwnerNamesPropertyTest {

    @Property(tries = 300)
    void oneSlipFromTheOnlyRepsNameSuggestsThatName(@ForAll("names") String name, @ForAll @IntRange(max = 3) int kind,
            @ForAll @IntRange(max = 100) int where, @ForAll boolean shouted) {
        String typed = slip(name, kind, where % name.length());
        List<ContactValidators.Named> reps = List.of(named(1, name), named(1, "user-" + name.length()));

        String suggestion = ContactValidators.close(key(shouted ? typed.toUpperCase(Locale.ROOT) : typed), reps);

        assertThat(suggestion).isEqualTo(name);
    }

    @Property(tries = 200)
    void aSlipAsCloseToTwoRepsSuggestsNeither(@ForAll("names") String name) {
        String typed = name + "x";
        List<ContactValidators.Named> reps = List.of(named(1, name), named(2, name + "yz"), named(2, "other"));

        assertThat(ContactValidators.close(key(typed), reps)).isNull();
    }

    @Property(tries = 200)
    void aNameFarFromEveryRepsSuggestsNone(@ForAll("names") String name) {
        String typed = new StringBuilder(name).reverse() + "qqqq";

        assertThat(ContactValidators.close(key(typed), List.of(named(1, name)))).isNull();
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(5).ofMaxLength(20);
    }

    private static String slip(String name, int kind, int at) {
        StringBuilder typed = new StringBuilder(name);
        switch (kind) {
            case 0 -> typed.deleteCharAt(at);
            case 1 -> typed.insert(at, 'q');
            case 2 -> typed.setCharAt(at, name.charAt(at) == 'k' ? 'j' : 'k');
            default -> {
                int next = Math.min(at + 1, name.length() - 1);
                typed.setCharAt(at, name.charAt(next));
                typed.setCharAt(next, name.charAt(at));
            }
        }
        return typed.toString();
    }

    private static ContactValidators.Named named(long id, String name) {
        return new ContactValidators.Named(id, name, key(name));
    }

    private static String key(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }
}
