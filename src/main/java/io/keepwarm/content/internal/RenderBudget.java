package io.keepwarm.content.internal;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Set;
import liqp.RenderTransformer;
import liqp.TemplateContext;
import liqp.filters.Filter;

/**
 * What one render may make, measured while it makes it. liqp measures only what a block appends, not what filters,
 * assigns and captures make in between, so {@code {% assign s = s | append: s %}} in a loop, or one {@code replace},
 * could fill the memory before anything was measured (and liqp's own time limit runs each render on another thread,
 * too dear for the engine). Here each block's output and each filter's result is held to the limits below, a filter
 * that would multiply text is refused before it runs, and all a render makes is counted: a render over any limit
 * stops at once with a {@link RenderTooLargeException} that names it.
 *
 * <p>Rendering happens on the caller's thread, so the count is kept per thread and started afresh by
 * {@link #start()} at the beginning of each render. The same hooks let {@link HtmlValues} escape contact data where
 * it is output.
 */
final class RenderBudget {

    /** The longest text a render, one block of it or one value in it may be. */
    static final int MAX_CHARACTERS = 2_000_000;
    /** All the text one render may make, counting what filters, assigns, captures and loops make along the way. */
    static final long MAX_MADE = 10_000_000;
    /** The longest list a render may hold; a loop runs at most 10,000 times anyway. */
    static final int MAX_ITEMS = 10_000;
    /** The most digits a number may have. */
    static final int MAX_DIGITS = 1_000;

    private static final Set<String> NUMERIC = Set.of("plus", "minus", "times", "divided_by", "modulo", "at_least",
            "at_most", "abs", "ceil", "floor", "round");

    private final ThreadLocal<long[]> made = ThreadLocal.withInitial(() -> new long[1]);
    private final HtmlValues html;

    RenderBudget(HtmlValues html) {
        this.html = html;
    }

    /** Starts counting a new render on this thread. */
    void start() {
        made.get()[0] = 0;
    }

    /** Counts text a render made outside liqp's blocks and filters (a value put in as it is). */
    void spend(long characters) {
        long[] count = made.get();
        count[0] += characters;
        if (count[0] > MAX_MADE) {
            throw new RenderTooLargeException(String.format(java.util.Locale.ROOT, "rendering it would make more than"
                    + " %,d characters of text (counting what filters, assigns, captures and loops make along the way),"
                    + " the most one render may make; look for a loop or a filter such as append or replace that"
                    + " repeats text", MAX_MADE));
        }
    }

    /** The output of each block, measured as it grows. */
    RenderTransformer transformer() {
        return new RenderTransformer() {
            @Override
            public RenderTransformer.ObjectAppender.Controller newObjectAppender(TemplateContext context, int appends) {
                return new Output();
            }

            @Override
            public Object transformObject(TemplateContext context, Object object) {
                return String.valueOf(object);
            }
        };
    }

    /** {@code filter} under the same name, held to the limits. */
    Filter guarded(Filter filter) {
        return new Filter(filter.name) {
            @Override
            public Object apply(Object value, TemplateContext context, Object... params) {
                before(filter.name, value, params);
                return measured(html.filtered(filter.name, value, params, filter.apply(value, context, params)));
            }
        };
    }

    private void before(String filter, Object value, Object... params) {
        // A list given where text is wanted is joined into one text without any check: measure it as that text.
        checkLength(notionalLength(value, 0));
        for (Object param : params) {
            checkLength(notionalLength(param, 0));
        }
        if (NUMERIC.contains(filter)) {
            checkDigits(value);
            for (Object param : params) {
                checkDigits(param);
            }
        } else if (filter.equals("replace") && params.length == 2 && value instanceof CharSequence text) {
            checkLength(replacedLength(text.toString(), String.valueOf(params[0]), String.valueOf(params[1])));
        } else if (filter.equals("split") && params.length == 1 && value instanceof CharSequence text) {
            checkItems(pieces(text.toString(), String.valueOf(params[0])));
        }
    }

    private Object measured(Object result) {
        switch (result) {
            case CharSequence text -> {
                checkLength(text.length());
                spend(text.length());
            }
            case Collection<?> items -> {
                checkItems(items.size());
                spend(items.size());
            }
            case Object[] items -> {
                checkItems(items.length);
                spend(items.length);
            }
            case BigDecimal number -> checkDigits(number);
            case null, default -> { }
        }
        return result;
    }

    /** How long {@code value} is as text, lists joined; stops counting once past the limit. */
    private static long notionalLength(Object value, int depth) {
        return switch (value) {
            case null -> 0;
            case CharSequence text -> text.length();
            case Collection<?> items -> notionalLength(items.toArray(), depth);
            case Object[] items -> {
                if (depth > 10) {
                    yield Long.MAX_VALUE;
                }
                long length = 0;
                for (Object item : items) {
                    length += notionalLength(item, depth + 1);
                    if (length > MAX_CHARACTERS) {
                        break;
                    }
                }
                yield length;
            }
            default -> String.valueOf(value).length();
        };
    }

    /** The length of {@code text} with every {@code target} replaced, as String.replace does it, without making it. */
    static long replacedLength(String text, String target, String replacement) {
        long growth = replacement.length() - target.length();
        if (growth <= 0) {
            return text.length();
        }
        long found = target.isEmpty() ? text.length() + 1L : 0;
        for (int at = target.isEmpty() ? -1 : text.indexOf(target); at >= 0; at = text.indexOf(target, at + target.length())) {
            found++;
            if (text.length() + found * growth > MAX_CHARACTERS) {
                break;
            }
        }
        return text.length() + found * growth;
    }

    /** How many pieces splitting {@code text} at {@code separator} gives at most, counted up to just past the limit. */
    private static long pieces(String text, String separator) {
        if (separator.isEmpty()) {
            return text.length();
        }
        long pieces = 1;
        for (int at = text.indexOf(separator); at >= 0 && pieces <= MAX_ITEMS; at = text.indexOf(separator, at + separator.length())) {
            pieces++;
        }
        return pieces;
    }

    static void checkLength(long length) {
        if (length > MAX_CHARACTERS) {
            throw new RenderTooLargeException(String.format(java.util.Locale.ROOT, "rendering it would make a text of"
                    + " more than %,d characters, the most one piece (or one value in it) may hold; look for a loop,"
                    + " capture or filter such as append or replace that repeats text", MAX_CHARACTERS));
        }
    }

    private static void checkItems(long items) {
        if (items > MAX_ITEMS) {
            throw new RenderTooLargeException(String.format(java.util.Locale.ROOT, "rendering it would make a list of"
                    + " more than %,d items, the most one render may hold; look for split or concat in a loop",
                    MAX_ITEMS));
        }
    }

    private static void checkDigits(Object number) {
        long digits = switch (number) {
            case BigDecimal decimal -> Math.max(decimal.precision(), Math.abs((long) decimal.scale()));
            case CharSequence text -> text.length();
            case null, default -> 0;
        };
        if (digits > MAX_DIGITS) {
            throw new RenderTooLargeException(String.format(java.util.Locale.ROOT, "rendering it would make a number of"
                    + " more than %,d digits, the most one render may hold; look for times or plus in a loop",
                    MAX_DIGITS));
        }
    }

    /** One block's output: measured before each piece is added, so it never grows past the limit. */
    private final class Output implements RenderTransformer.ObjectAppender.Controller {

        // Most blocks hold a single piece: kept as it is, copied only when a second one comes.
        private CharSequence first = "";
        private StringBuilder builder;

        @Override
        public void append(Object object) {
            CharSequence text = html.output(object);
            checkLength((long) (builder != null ? builder.length() : first.length()) + text.length());
            spend(text.length());
            if (builder != null) {
                builder.append(text);
            } else if (first.isEmpty()) {
                first = text;
            } else {
                builder = new StringBuilder(first).append(text);
            }
        }

        @Override
        public Object getResult() {
            return builder != null ? builder.toString() : first.toString();
        }
    }
}
