package io.keepwarm.content.internal;

import io.keepwarm.content.CustomAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fallbacks a subject shows: a name's fallback written for the greeting ("Hi there") goes into the subject too,
 * where it reads "A cooling guide for there". Found by rendering the subject as the engine does, for a contact who
 * lacks the variable, so that Liquid decides what shows: {@code | default: "friend"} and {@code {% if %}} keep the
 * fallback out, {@code | capitalize} changes how it reads. A text search for the variable's tag knew none of that.
 */
public final class SubjectFallbacks {

    /** A fallback no author writes: where the subject changes with it, the fallback shows there. */
    private static final String MARKER = "\uE000";

    private final LiquidTemplates liquid;

    public SubjectFallbacks(LiquidTemplates liquid) {
        this.liquid = liquid;
    }

    /** A warning for each variable whose fallback the subject shows, with the subject a contact without it reads. */
    public List<String> warnings(String subject, Map<String, String> fallbacks, CustomAttributes custom) {
        if (subject == null || fallbacks == null || fallbacks.isEmpty() || !subject.contains("{")) {
            return List.of();
        }
        List<String> warnings = new ArrayList<>();
        fallbacks.forEach((path, fallback) -> {
            String shown = fallback == null ? null : shown(subject, path, fallback, custom);
            if (shown != null) {
                warnings.add("subject: a contact without " + path + " reads its fallback \"" + fallback + "\" in the"
                        + " subject too: \"" + shown + "\". A subject without it, or a fallback that reads well in both,"
                        + " avoids that");
            }
        });
        return warnings;
    }

    /**
     * The subject as a contact without {@code path} reads it, when that shows the fallback; null when it does not, or
     * when the subject cannot be rendered (its save's check says why). Every other variable has a value, written as
     * its tag ({@code {{ company.name }}}), so that the subject quoted back reads as the author wrote it but for the
     * fallback.
     */
    String shown(String subject, String path, String fallback, CustomAttributes custom) {
        String withFallback = render(subject, path, fallback, custom);
        String withMarker = render(subject, path, MARKER, custom);
        return withFallback == null || withFallback.equals(withMarker) ? null : withFallback;
    }

    private String render(String subject, String path, String fallback, CustomAttributes custom) {
        String[] values = TemplateVariables.PATHS.stream().map(p -> p.equals(path) ? null : "{{ " + p + " }}")
                .toArray(String[]::new);
        Map<String, Object> attributes = new HashMap<>();
        custom.types().keySet().stream().filter(key -> !path.equals("contact." + key))
                .forEach(key -> attributes.put(key, "{{ contact." + key + " }}"));
        try {
            return liquid.render(subject, TemplateVariables.context(values, attributes, custom, "en",
                    Map.of(path, fallback)));
        } catch (RuntimeException unrenderable) {
            return null;
        }
    }
}
