package io.keepwarm.platform;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The one way a contact's language is read and compared with a piece's: a contact has an ISO 639-1 code or none, and
 * one of none reads the account's default language. A piece in a language suits only contacts who read it (its
 * primary subtag: a "pt-br" piece suits a "pt" contact); a piece of no language suits everyone.
 */
@Component
public class Languages {

    private static final Set<String> ISO_639_1 = Set.of(Locale.getISOLanguages());

    private final AccountLanguage account;

    Languages(AccountLanguage account) {
        this.account = account;
    }

    /** The code as stored ("DE" is "de"); empty for a value that is not an ISO 639-1 code ("German", "deu"). */
    public static Optional<String> code(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String code = raw.strip().toLowerCase(Locale.ROOT);
        return code.length() == 2 && ISO_639_1.contains(code) ? Optional.of(code) : Optional.empty();
    }

    /** Every ISO 639-1 code, in alphabetical order: what a contact's language may be. */
    public static List<String> codes() {
        return ISO_639_1.stream().sorted().toList();
    }

    /** The language's name in English ("German" for de), for a person picking one. */
    public static String name(String code) {
        return Locale.forLanguageTag(code).getDisplayLanguage(Locale.ENGLISH);
    }

    /** What a person reads for a bad value. */
    public static String problem(String raw) {
        return "'" + (raw.length() > 40 ? raw.substring(0, 40) + "…" : raw)
                + "' is not an ISO 639-1 language code; give two letters such as en, de or fr";
    }

    /** The account's default language, read now (Settings, Account). */
    public String accountLanguage() {
        return account.language();
    }

    /** The language a contact reads: their own, or the account's when they have none. */
    public static String read(String own, String accountLanguage) {
        return own == null || own.isBlank() ? accountLanguage : own;
    }

    /** Whether a piece in {@code pieceLanguage} suits a contact who reads {@code reads} (see {@link #read}). */
    public static boolean suits(String pieceLanguage, String reads) {
        if (pieceLanguage == null || pieceLanguage.isBlank() || reads == null) {
            return true;
        }
        int dash = pieceLanguage.indexOf('-');
        String primary = dash < 0 ? pieceLanguage : pieceLanguage.substring(0, dash);
        return primary.equalsIgnoreCase(reads);
    }
}
