package io.keepwarm.content.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Filters the CSS of a {@code style} attribute to what an email needs: colours, fonts, text, spacing, borders, sizes,
 * table layout and https background images. A declaration goes whole when its property is not on the list or its
 * value could run script, fetch from anywhere but https, or escape the checks (a backslash escape, markup, a function
 * other than colours, gradients and arithmetic). Comments go too.
 *
 * <p>No library fits: OWASP's java-html-sanitizer checks CSS only inside its own HTML policy (its {@code CssSchema}
 * is applied by a package-private class) and types each value, which would refuse the Liquid tokens
 * {@link HtmlSanitizer} puts in values. What is kept is written back as {@code property: value; …}, so filtering
 * its own output changes nothing.
 */
final class InlineCss {

    /** Why a declaration went. */
    enum Why {
        PROPERTY(""), URL("url() is kept only as an https background image"),
        FUNCTION("CSS functions other than colours, gradients and calc() are not kept"),
        SCRIPT("it could run script"), ESCAPE("backslash escapes and comments inside quotes are not kept"),
        MARKUP("it holds <, >, { or }"),
        MALFORMED("not a property: value pair, or a quote or bracket left open");

        final String reason;

        Why(String reason) {
            this.reason = reason;
        }
    }

    /**
     * A declaration left out, and why: its property (null when it has none to read) and the declaration as written,
     * spaces collapsed, for a note the author recognises.
     */
    record Dropped(String property, String declaration, Why why) {}

    /** The CSS kept, and what was left out. */
    record Filtered(String css, List<Dropped> dropped) {}

    /** Properties kept whole. */
    private static final Set<String> PROPERTIES = Set.of("color", "line-height", "letter-spacing", "word-spacing",
            "width", "height", "max-width", "max-height", "min-width", "min-height", "display", "vertical-align",
            "table-layout", "white-space", "word-break", "word-wrap", "overflow-wrap", "overflow", "overflow-x",
            "overflow-y", "opacity", "visibility", "float", "clear", "direction", "box-sizing", "box-shadow",
            "caption-side", "empty-cells", "hyphens", "-ms-interpolation-mode", "-moz-osx-font-smoothing");

    /** Families kept with all their members: "border" keeps border, border-top, border-collapse, border-radius… */
    private static final List<String> FAMILIES = List.of("font", "text", "margin", "padding", "border", "list-style",
            "background", "outline", "mso");

    /** The only functions kept besides {@code url()}. */
    private static final Set<String> FUNCTIONS = Set.of("rgb", "rgba", "hsl", "hsla", "calc", "min", "max", "clamp",
            "linear-gradient", "radial-gradient", "repeating-linear-gradient", "repeating-radial-gradient");

    private static final Set<String> URL_PROPERTIES = Set.of("background", "background-image");
    private static final Pattern NAME = Pattern.compile("-?[a-z][a-z0-9-]*");
    private static final Pattern VENDOR = Pattern.compile("^-(webkit|moz|ms|o)-");
    private static final Pattern FUNCTION = Pattern.compile("([a-z0-9_-]+)\\s*\\(");
    private static final Pattern SCRIPT = Pattern.compile(
            "expression\\s*\\(|javascript:|vbscript:|behavior|-moz-binding|@import");
    private static final Pattern URL = Pattern.compile("url\\s*\\(\\s*(['\"]?)\\s*([^'\")\\s]*)\\s*\\1\\s*\\)");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    /** Markup, and the braces that would open a block inside a declaration. */
    private static final String MARKUP = "<>{}";

    private InlineCss() {}

    static Filtered filter(String css) {
        StringBuilder kept = new StringBuilder(css.length());
        List<Dropped> dropped = new ArrayList<>(0);
        for (Declaration declaration : declarations(css)) {
            String text = declaration.text().strip();
            if (text.isEmpty()) {
                continue;
            }
            int colon = text.indexOf(':');
            if (declaration.open() || colon < 0) {
                dropped.add(new Dropped(null, SPACES.matcher(text).replaceAll(" "), Why.MALFORMED));
                continue;
            }
            String property = text.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = SPACES.matcher(text.substring(colon + 1).strip()).replaceAll(" ");
            Why why = allowed(property) ? unsafe(property, value) : Why.PROPERTY;
            if (why != null) {
                dropped.add(new Dropped(NAME.matcher(property).matches() ? property : null,
                        SPACES.matcher(text).replaceAll(" "), why));
            } else if (!value.isEmpty()) {
                kept.append(kept.isEmpty() ? "" : "; ").append(property).append(": ").append(value);
            }
        }
        return new Filtered(kept.toString(), dropped);
    }

    /** What stands between two semicolons; open when a quote or bracket in it is not closed. */
    private record Declaration(String text, boolean open) {}

    /** The declarations between semicolons that are not inside quotes or brackets, comments left out. */
    private static List<Declaration> declarations(String css) {
        List<Declaration> declarations = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        int depth = 0;
        for (int i = 0; i < css.length(); i++) {
            char c = css.charAt(i);
            if (quote != 0) {
                current.append(c);
                quote = c == quote ? 0 : quote;
            } else if (c == '/' && i + 1 < css.length() && css.charAt(i + 1) == '*') {
                int end = css.indexOf("*/", i + 2);
                i = end < 0 ? css.length() : end + 1;
            } else if (c == ';' && depth == 0) {
                declarations.add(new Declaration(current.toString(), false));
                current.setLength(0);
            } else {
                current.append(c);
                quote = c == '"' || c == '\'' ? c : 0;
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            }
        }
        declarations.add(new Declaration(current.toString(), quote != 0 || depth != 0));
        return declarations;
    }

    /** On the list, itself or without a browser's prefix (-webkit-text-size-adjust is text-size-adjust). */
    private static boolean allowed(String property) {
        if (!NAME.matcher(property).matches()) {
            return false;
        }
        String plain = VENDOR.matcher(property).replaceFirst("");
        if (PROPERTIES.contains(property) || PROPERTIES.contains(plain)) {
            return true;
        }
        for (String family : FAMILIES) {
            if (plain.startsWith(family) && (plain.length() == family.length() || plain.charAt(family.length()) == '-')) {
                return true;
            }
        }
        return false;
    }

    private static Why unsafe(String property, String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        for (int i = 0; i < MARKUP.length(); i++) {
            if (lower.indexOf(MARKUP.charAt(i)) >= 0) {
                return Why.MARKUP;
            }
        }
        // A comment outside quotes was taken out already; IE read expr/**/ession( as expression(.
        if (lower.indexOf('\\') >= 0 || lower.contains("/*")) {
            return Why.ESCAPE;
        }
        // Read with its property: a family takes any member name, and background-imagejavascript: http:// would be
        // kept as "…javascript: …" (harmless, but not kept to be looked at either).
        if (SCRIPT.matcher(property + ":" + lower).find()) {
            return Why.SCRIPT;
        }
        Matcher function = FUNCTION.matcher(lower);
        while (function.find()) {
            String name = function.group(1);
            if (name.equals("url")) {
                Matcher url = URL.matcher(lower);
                if (!URL_PROPERTIES.contains(property) || !url.find(function.start())
                        || url.start() != function.start() || !url.group(2).startsWith("https://")) {
                    return Why.URL;
                }
            } else if (!FUNCTIONS.contains(name)) {
                return Why.FUNCTION;
            }
        }
        return null;
    }
}
