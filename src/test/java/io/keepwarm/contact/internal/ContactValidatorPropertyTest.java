package io.keepwarm.contact.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.contact.AttributeDefinition;
import io.keepwarm.contact.AttributeType;
import io.keepwarm.contact.ContactInput;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of the rules every contact passes through, whatever its source. */
class ContactValidatorPropertyTest {

    private final ContactValidator validator = new ContactValidator(
            Map.of("plan", new AttributeDefinition("plan", "Plan", AttributeType.ONE_OF, List.of("Basic", "Pro"), false),
                    "seats", new AttributeDefinition("seats", "Seats", AttributeType.NUMBER, List.of(), false)),
            key -> List.of());

    @Property
    void normalisingAnAddressTwiceChangesNothing(@ForAll("addresses") String email) {
        String once = ContactValidator.normaliseEmail(email);
        assertThat(ContactValidator.normaliseEmail(once)).isEqualTo(once);
    }

    @Property
    void theSameAddressInAnyCaseOrPaddingIsTheSameContact(@ForAll("addresses") String email,
            @ForAll("padding") String left, @ForAll("padding") String right) {
        String shouted = left + email.toUpperCase() + right;
        assertThat(valid(shouted).email()).isEqualTo(valid(email).email());
    }

    @Property
    void anyInputGetsAnAnswerNeverAnException(@ForAll String email, @ForAll String phone, @ForAll String zone,
            @ForAll String plan, @ForAll String seats) {
        ContactInput input = new ContactInput(email, null, null, phone, null, null, null, null, null, zone, null,
                null, null, null, null, Map.of("plan", plan, "seats", seats), null, null);
        ContactValidator.Result result = validator.check(input);
        if (result instanceof ContactValidator.Result.Invalid invalid) {
            assertThat(invalid.errors()).isNotEmpty().allSatisfy(e -> assertThat(e.message()).isNotBlank());
        }
    }

    @Property
    void oneOfValuesAreStoredInTheirDefinedSpelling(@ForAll("planSpellings") String spelling) {
        ContactInput input = new ContactInput("a@example.com", null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, Map.of("plan", spelling), null, null);
        assertThat(((ContactValidator.Result.Valid) validator.check(input)).contact().attributes().get("plan").text())
                .isIn("Basic", "Pro");
    }

    private ValidContact valid(String email) {
        return ((ContactValidator.Result.Valid) validator.check(ContactInput.ofEmail(email))).contact();
    }

    @Provide
    Arbitrary<String> addresses() {
        Arbitrary<String> local = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789._+-").ofMinLength(1).ofMaxLength(30);
        Arbitrary<String> label = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-").ofMinLength(1).ofMaxLength(20);
        return Combinators.combine(local, label, label).as((l, d, t) -> l + "@" + d + "." + t);
    }

    @Provide
    Arbitrary<String> padding() {
        return Arbitraries.strings().withChars(" \t").ofMaxLength(3);
    }

    @Provide
    Arbitrary<String> planSpellings() {
        return Arbitraries.of("basic", "BASIC", "Basic", " pro ", "PRO", "pRo");
    }
}
