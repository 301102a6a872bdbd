package io.keepwarm.platform;

import java.util.Locale;
import java.util.Map;

/**
 * Text as a search compares it, without its accents: "muller" finds Müller, "wurttemberg" Württemberg and "gross"
 * Groß, for a rep on an English keyboard would otherwise not find these people and make them again. The same folding
 * is written for the database ({@link #sql}, with TRANSLATE and REPLACE, which PostgreSQL and H2 both have) and in
 * Java ({@link #fold}), so the two always agree. Used by the contact search and by a segment rule's "contains" and
 * "starts with".
 */
public final class Folding {

    private static final Map<Character, String> BASES = Map.ofEntries(Map.entry('a', "àáâãäåāăą"), Map.entry('c', "çćč"),
            Map.entry('d', "ďđ"), Map.entry('e', "èéêëēėęě"), Map.entry('g', "ğ"), Map.entry('i', "ìíîïīįı"),
            Map.entry('l', "ľł"), Map.entry('n', "ñńň"), Map.entry('o', "òóôõöøōő"), Map.entry('r', "ŕř"),
            Map.entry('s', "śšş"), Map.entry('t', "ţť"), Map.entry('u', "ùúûüūůűų"), Map.entry('y', "ýÿ"),
            Map.entry('z', "źżž"));

    /** The accented letters, each with its base letter at the same place of {@link #PLAIN}. */
    private static final String ACCENTED;
    private static final String PLAIN;

    static {
        StringBuilder accented = new StringBuilder();
        StringBuilder plain = new StringBuilder();
        BASES.forEach((base, letters) -> letters.chars().forEach(letter -> {
            // upper case too: the database's LOWER may leave letters beyond ASCII as they are
            for (String form : new String[] {Character.toString(letter), Character.toString(letter).toUpperCase(Locale.ROOT)}) {
                if (form.length() == 1 && form.charAt(0) > 127 && accented.indexOf(form) < 0) {
                    accented.append(form);
                    plain.append(base);
                }
            }
        }));
        ACCENTED = accented.toString();
        PLAIN = plain.toString();
    }

    private Folding() {}

    /** Text as the search compares it: lower case, accents off, ß as ss. */
    public static String fold(String text) {
        StringBuilder folded = new StringBuilder(text.length());
        for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
            int at = ACCENTED.indexOf(c);
            folded.append(at >= 0 ? String.valueOf(PLAIN.charAt(at)) : c == 'ß' ? "ss" : String.valueOf(c));
        }
        return folded.toString();
    }

    /**
     * The SQL for an expression folded as {@link #fold} folds text. The letters are this class's constants, written
     * into the statement as literals (they hold no quote); the expression is the caller's column or placeholder.
     */
    public static String sql(String expression) {
        return "REPLACE(TRANSLATE(LOWER(" + expression + "), '" + ACCENTED + "', '" + PLAIN + "'), 'ß', 'ss')";
    }
}
