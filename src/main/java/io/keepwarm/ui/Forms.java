package io.keepwarm.ui;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.support.RequestContextUtils;

/** What the pages' forms make of what was typed, the same on every page. */
final class Forms {

    /**
     * A unique name the database refused although the check before found it free: another request saved it in
     * between, most often the same form sent twice.
     */
    static final String NAME_JUST_TAKEN = "This name was saved a moment ago by another request (a second click, or a"
            + " colleague); open that one from the list, or choose another name";

    private Forms() {}

    /**
     * Keeps a message for the page a plain post is redirected to (a form sent without scripts, a confirmation page's
     * button), which would otherwise lose the answer's words with its model.
     */
    static void keepForRedirect(String name, Object value) {
        if (value != null && RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request) {
            RequestContextUtils.getOutputFlashMap(request.getRequest()).put(name, value);
        }
    }

    /** A field left blank means "none"; what was typed counts without the spaces around it. */
    static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    /** A constant as a person reads it: QUIET_HOURS is "quiet hours"; none is blank. */
    static String words(String constant) {
        return constant == null ? "" : constant.replace('_', ' ').toLowerCase(Locale.ROOT);
    }

    /** A value as a form field shows it again: blank for none. */
    static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    /**
     * What was typed into a refused form, as field names (the page's own) and values, pairwise, for the page to show
     * again in place of the stored values; a value not given is a blank field.
     */
    static Map<String, String> typed(Object... namesAndValues) {
        Map<String, String> typed = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            typed.put((String) namesAndValues[i], text(namesAndValues[i + 1]));
        }
        return typed;
    }
}
