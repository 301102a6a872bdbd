package io.keepwarm.content.internal;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Contact data in an HTML body, escaped where it is output: Liquid's filters see a value as it was written
 * ({@code url_encode} and {@code truncate} on "O'Brien & Sons", not on "O&#39;Brien &amp; Sons"), and the HTML still
 * gets no markup from it.
 *
 * <p>While an HTML body renders, each text read from the context is marked (by identity, so an assign keeps the
 * mark), and so is whatever a filter makes from marked text, unless the filter escapes itself ({@code escape},
 * {@code url_encode}). What a block outputs is escaped when marked; the template's own text and literals are not,
 * as before. A capture holds its part of the HTML already escaped. Rendering happens on the caller's thread, so the
 * marks are kept per thread, started afresh by {@link #start} with each render.
 */
final class HtmlValues {

    private static final Set<String> ESCAPING = Set.of("escape", "escape_once", "h", "url_encode");

    /** The marked texts of the render in progress; null when it is not an HTML body. */
    private final ThreadLocal<Set<Object>> marked = new ThreadLocal<>();

    void start(boolean html) {
        marked.set(html ? Collections.newSetFromMap(new IdentityHashMap<>()) : null);
    }

    /** The context as liqp reads it for an HTML body: each text in it marked when read. */
    Map<String, Object> marking(Map<String, Object> context) {
        return new Marking(context);
    }

    /** What a filter made, marked when it was made from marked text. */
    Object filtered(String filter, Object value, Object[] params, Object result) {
        Set<Object> marks = marked.get();
        if (marks == null || ESCAPING.contains(filter) || !(isMarked(marks, value) || anyMarked(marks, params))) {
            return result;
        }
        switch (result) {
            case String text -> marks.add(text);
            case Collection<?> items -> items.forEach(item -> mark(marks, item));
            case Object[] items -> {
                for (Object item : items) {
                    mark(marks, item);
                }
            }
            case null, default -> { }
        }
        return result;
    }

    /** The text to append for what a block outputs: in an HTML body, marked text and any other object escaped. */
    CharSequence output(Object object) {
        Set<Object> marks = marked.get();
        if (object instanceof String text) {
            return marks != null && marks.contains(text) ? escape(text) : text;
        }
        String text = String.valueOf(object);
        return marks != null ? escape(text) : text;
    }

    private static void mark(Set<Object> marks, Object item) {
        if (item instanceof String text) {
            marks.add(text);
        }
    }

    private static boolean anyMarked(Set<Object> marks, Object[] values) {
        for (Object value : values) {
            if (isMarked(marks, value)) {
                return true;
            }
        }
        return false;
    }

    /** Marked text, a group of the context (whose values are contact data), or a list holding either. */
    private static boolean isMarked(Set<Object> marks, Object value) {
        return switch (value) {
            case String text -> marks.contains(text);
            case Map<?, ?> group -> true;
            case Collection<?> items -> items.stream().anyMatch(item -> isMarked(marks, item));
            case Object[] items -> java.util.Arrays.stream(items).anyMatch(item -> isMarked(marks, item));
            case null, default -> false;
        };
    }

    /** Text made safe to stand in HTML, as text or in a quoted attribute value. */
    public static String escape(String value) {
        if (!needsEscaping(value)) {
            return value;
        }
        StringBuilder escaped = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static boolean needsEscaping(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '&' || c == '<' || c == '>' || c == '"' || c == '\'') {
                return true;
            }
        }
        return false;
    }

    /** A read-only view of a group of the context whose texts are marked as liqp reads them. */
    private final class Marking extends AbstractMap<String, Object> {

        private final Map<String, Object> values;

        Marking(Map<String, Object> values) {
            this.values = values;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Object get(Object key) {
            Object value = values.get(key);
            if (value instanceof Map<?, ?> group) {
                return new Marking((Map<String, Object>) group);
            }
            Set<Object> marks = marked.get();
            if (marks != null) {
                mark(marks, value);
            }
            return value;
        }

        @Override
        public boolean containsKey(Object key) {
            return values.containsKey(key);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            Map<String, Object> all = new java.util.LinkedHashMap<>();
            values.keySet().forEach(key -> all.put(key, get(key)));
            return Collections.unmodifiableMap(all).entrySet();
        }
    }
}
