package io.keepwarm.content.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jsoup.parser.Parser;
import org.springframework.stereotype.Component;

/**
 * Cleans an email body after rendering, as {@link HtmlSanitizer#cleanRendered} does, without a second jsoup pass over
 * the whole body for every contact when it cannot change anything.
 *
 * <p>The template was cleaned when it was saved. Once per template, its outputs are replaced by placeholders that jsoup
 * passes through unchanged wherever they stand (a word in text and attribute values, an https address at the start
 * of a link's): when that cleans to itself, each output's place is known. A render whose every value is plain for its
 * place (no markup, no quotes, no entities but the escaper's {@code &amp;} and in text {@code &lt;}, {@code &gt;};
 * a link that starts with http(s) and has no spaces or dot segments) parses and cleans exactly like the placeholders, so the cleaned
 * body is the render itself. In a {@code style} a plain value can still add a declaration, so there it counts as plain
 * only when the CSS filter keeps the style it went into as it is. Anything else, and every template with tags, is
 * cleaned whole. A property test holds the two ways to the same output.
 */
@Component
public class RenderedHtml {

    /** Where an output stands in the template. */
    enum Place {
        TEXT, ATTRIBUTE, STYLE, URL_START, URL_REST
    }

    private static final int CACHED = 100;
    private static final List<String> URL_ATTRIBUTES = List.of("href", "src", "cite", "background");

    private final HtmlSanitizer sanitizer;
    private final ThreadLocal<Map<String, Optional<List<Place>>>> places = ThreadLocal.withInitial(() ->
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Optional<List<Place>>> eldest) {
                    return size() > CACHED;
                }
            });

    public RenderedHtml(HtmlSanitizer sanitizer) {
        this.sanitizer = sanitizer;
    }

    /**
     * The cleaned body of {@code template} rendered as {@code parts}: its text and each output's value, alternating
     * (text, value, text, …), as {@link LiquidTemplates#renderParts} gives them.
     */
    public String clean(String template, List<String> parts) {
        String plain = plain(template, parts);
        return plain != null ? plain : sanitizer.cleanRendered(String.join("", parts));
    }

    /** The cleaned body put together without jsoup, or null when some value is not plain for its place. */
    String plain(String template, List<String> parts) {
        Optional<List<Place>> known = places.get().computeIfAbsent(template, t -> placesOf(parts));
        if (known.isEmpty()) {
            return null;
        }
        StringBuilder body = new StringBuilder(template.length() + 256);
        int[] styled = null;
        for (int i = 0; i < parts.size(); i++) {
            Place place = i % 2 == 0 ? null : known.get().get(i / 2);
            if (place == Place.STYLE) {
                styled = styled == null ? new int[parts.size() / 2] : styled;
                styled[i / 2] = body.length() + 1;
            }
            if (i % 2 == 0) {
                body.append(parts.get(i));
            } else if (!appendPlain(body, parts.get(i), place)) {
                return null;
            }
        }
        return styled == null || stylesKept(body, styled) ? body.toString() : null;
    }

    /**
     * Whether the CSS filter keeps, as they are, the styles that outputs went into: a plain value cannot leave its
     * attribute, but it can add a declaration ({@code red; position: fixed}). Each such style is found between the
     * quotes around where its output went (neither the template's text nor a plain value has a bare quote in a value).
     * {@code at} holds one more than each output's place in the body, and 0 for an output elsewhere.
     */
    private static boolean stylesKept(StringBuilder html, int[] at) {
        int checkedTo = -1;
        for (int start : at) {
            if (start == 0 || start - 1 < checkedTo) {
                continue;
            }
            int open = html.lastIndexOf("\"", start - 2);
            int close = html.indexOf("\"", start - 1);
            String css = Parser.unescapeEntities(html.substring(open + 1, close), true);
            if (!InlineCss.filter(css).css().equals(css)) {
                return false;
            }
            checkedTo = close;
        }
        return true;
    }

    /** Each output's place, when the template with placeholders in them cleans to itself; empty otherwise. */
    Optional<List<Place>> placesOf(List<String> parts) {
        List<Place> found = new ArrayList<>();
        StringBuilder withPlaceholders = new StringBuilder();
        Scan scan = new Scan();
        for (int i = 0; i < parts.size(); i++) {
            if (i % 2 == 0) {
                withPlaceholders.append(parts.get(i));
                scan.read(parts.get(i));
                continue;
            }
            Place place = scan.place();
            if (place == null) {
                return Optional.empty();
            }
            found.add(place);
            withPlaceholders.append(place == Place.URL_START ? "https://kwoutput" + i + ".invalid/" : "kwoutput" + i);
            scan.outputAdded();
        }
        String body = withPlaceholders.toString();
        return sanitizer.cleanRendered(body).equals(body) ? Optional.of(List.copyOf(found)) : Optional.empty();
    }

    /**
     * Reads HTML as jsoup writes it (tags with double-quoted attribute values; {@code <} and {@code "} escaped
     * elsewhere) to tell where the end of what was read stands.
     */
    private static final class Scan {

        private boolean inTag;
        private boolean inValue;
        private final StringBuilder attribute = new StringBuilder();
        private final StringBuilder value = new StringBuilder();

        void read(String html) {
            for (int i = 0; i < html.length(); i++) {
                char c = html.charAt(i);
                if (inValue) {
                    if (c == '"') {
                        inValue = false;
                        attribute.setLength(0);
                    } else {
                        value.append(c);
                    }
                } else if (inTag) {
                    if (c == '>') {
                        inTag = false;
                    } else if (c == '"') {
                        inValue = true;
                        value.setLength(0);
                    } else if (c == '=') {
                        // the name before it stays
                    } else if (Character.isWhitespace(c) || c == '/') {
                        attribute.setLength(0);
                    } else {
                        attribute.append(c);
                    }
                } else if (c == '<') {
                    inTag = true;
                    attribute.setLength(0);
                }
            }
        }

        void outputAdded() {
            // A value of an output's own; "https://" stands for a link's start.
            value.append(value.isEmpty() ? "https://" : "x");
        }

        /**
         * Null inside a tag but outside a quoted value (an attribute's name, an unquoted value), and within a link
         * that does not start with http(s), whose parts java.net.URL may rewrite (a mailto's #fragment).
         */
        Place place() {
            if (!inTag) {
                return Place.TEXT;
            }
            if (!inValue) {
                return null;
            }
            String name = attribute.toString().toLowerCase(java.util.Locale.ROOT);
            if (name.equals("style")) {
                return Place.STYLE;
            }
            if (!URL_ATTRIBUTES.contains(name)) {
                return Place.ATTRIBUTE;
            }
            if (value.isEmpty()) {
                return Place.URL_START;
            }
            return value.indexOf("https://") == 0 || value.indexOf("http://") == 0 ? Place.URL_REST : null;
        }
    }

    /**
     * Appends the value as jsoup would write it back, or returns false when it is not plain for its place. In text,
     * jsoup writes quotes as they are, so the escaper's {@code &quot;} and {@code &#39;} become quotes again.
     */
    static boolean appendPlain(StringBuilder body, String value, Place place) {
        if (place == Place.URL_START && !(value.startsWith("https://") || value.startsWith("http://"))) {
            return false;
        }
        boolean url = place == Place.URL_START || place == Place.URL_REST;
        // java.net.URL takes "." and ".." path segments out of a link.
        if (url && (value.contains("/.") || value.startsWith("."))) {
            return false;
        }
        int length = body.length();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '&') {
                String entity = entityAt(value, i, place);
                if (entity == null) {
                    body.setLength(length);
                    return false;
                }
                body.append(place == Place.TEXT && entity.equals("&quot;") ? "\""
                        : place == Place.TEXT && entity.equals("&#39;") ? "'" : entity);
                i += entity.length() - 1;
            } else if (url ? urlPlain(c) : textPlain(c)) {
                body.append(c);
            } else {
                body.setLength(length);
                return false;
            }
        }
        return true;
    }

    private static String entityAt(String value, int at, Place place) {
        List<String> known = place == Place.TEXT ? List.of("&amp;", "&lt;", "&gt;", "&quot;", "&#39;") : List.of("&amp;");
        for (String entity : known) {
            if (value.startsWith(entity, at)) {
                return entity;
            }
        }
        return null;
    }

    /** Printable ASCII but markup and quotes, and letters and digits of any script. */
    private static boolean textPlain(char c) {
        if (c < 0x80) {
            return c >= 0x20 && c < 0x7f && c != '<' && c != '>' && c != '"' && c != '\'';
        }
        return !Character.isSurrogate(c) && Character.isLetterOrDigit(c);
    }

    /** What a URL holds without spaces, quotes, markup or backslashes. */
    private static boolean urlPlain(char c) {
        return c > 0x20 && c < 0x7f && c != '<' && c != '>' && c != '"' && c != '\'' && c != '\\';
    }
}
