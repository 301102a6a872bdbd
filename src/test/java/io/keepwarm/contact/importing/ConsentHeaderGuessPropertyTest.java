package io.keepwarm.contact.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Which headers the import guesses to hold consent, however a sheet spells them: the opt-in columns CRMs, shops and
 * newsletter tools export, in any case and with any separators, and never their opposites or their dates, whose
 * "yes" is no consent.
 */
class ConsentHeaderGuessPropertyTest {

    private static final List<String> SEPARATORS = List.of("", " ", "-", "_", ".", "  ");

    @Property(tries = 500)
    void anOptInHeaderIsGuessedAsEmailConsentInAnySpelling(@ForAll("optInHeaders") String header) {
        assertThat(ColumnMapping.guesses(List.of("Email", header))).as(header).containsExactly("email", "consent.email");
    }

    @Property(tries = 300)
    void aSubscribedOrNewsletterColumnIsConsentOnlyWhereNoOptInColumnIs(@ForAll("weakHeaders") String weak,
            @ForAll("optInHeaders") String optIn) {
        assertThat(ColumnMapping.guesses(List.of("Email", weak))).as(weak).containsExactly("email", "consent.email");
        assertThat(ColumnMapping.guesses(List.of("Email", weak, optIn))).as(weak + " beside " + optIn)
                .containsExactly("email", null, "consent.email");
    }

    @Property(tries = 500)
    void anOptOutOrTheDateOfAnOptInIsNeverGuessedAsConsent(@ForAll("notConsentHeaders") String header) {
        String target = ColumnMapping.guesses(List.of("Email", header)).get(1);
        assertThat(target == null || !target.startsWith("consent.")).as(header + " guessed as " + target).isTrue();
    }

    @Provide
    Arbitrary<String> optInHeaders() {
        return spelled(Arbitraries.of("Email Opt-in", "Opt-in", "Opted in", "Email consent", "Marketing consent",
                "GDPR consent", "Newsletter opt-in", "Newsletter subscription", "Subscribed to newsletter",
                "Email marketing consent", "Accepts email marketing", "Accepts marketing", "Double opt-in",
                "Email subscription", "Consent to email", "Has opted in", "Opt-in status", "Email Opted In"));
    }

    @Provide
    Arbitrary<String> weakHeaders() {
        return spelled(Arbitraries.of("Subscribed", "Newsletter", "Subscription"));
    }

    @Provide
    Arbitrary<String> notConsentHeaders() {
        return spelled(Arbitraries.of("Unsubscribed", "Opt-out", "Opted out", "Email opt-out", "Unsubscribe",
                "Do not email", "Opt-in date", "Opt-in time", "Optin timestamp", "Subscribed at", "Subscribed on",
                "Consent date", "Unsubscribed from newsletter", "Newsletter unsubscribed", "Email bounced",
                "Confirm time", "Opt-in IP"));
    }

    /** The words with each gap any separator and each letter in either case, as sheets and tools write them. */
    private static Arbitrary<String> spelled(Arbitrary<String> headers) {
        return headers.flatMap(header -> {
            String[] words = header.split("[ -]");
            Arbitrary<List<String>> gaps = Arbitraries.of(SEPARATORS).list().ofSize(words.length - 1);
            Arbitrary<List<Boolean>> upper = Arbitraries.of(true, false).list().ofSize(header.length());
            return Combinators.combine(gaps, upper).as((g, u) -> {
                StringBuilder text = new StringBuilder();
                for (int i = 0; i < words.length; i++) {
                    text.append(words[i]).append(i < g.size() ? g.get(i) : "");
                }
                StringBuilder spelled = new StringBuilder(text.length());
                for (int i = 0; i < text.length(); i++) {
                    char c = text.charAt(i);
                    spelled.append(i < u.size() && u.get(i) ? Character.toUpperCase(c) : Character.toLowerCase(c));
                }
                return spelled.toString();
            });
        });
    }
}
