package io.keepwarm.ui;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The words the pages show for what the modules answer in the API's terms: field names, codes and the sentences that
 * name them. The API keeps its names and codes (an integrator acts on them); a person acts on the labels and words of
 * the pages, so every page turns them into these here, in one place, and says the same thing the same way. Templates
 * reach it as {@code @words}.
 */
@Component("words")
public class Words {

    /** The content editor's section where a variable's default is typed. */
    static final String DEFAULTS_SECTION = "Defaults when a contact's value is missing";

    /** Why a touch was held back or dropped, as a legend or a count says it. */
    private static final Map<String, String> SUPPRESSION = Map.ofEntries(
            Map.entry("NO_CONSENT", "no consent"),
            Map.entry("CONSENT_WITHDRAWN", "consent withdrawn"),
            Map.entry("DO_NOT_CONTACT", "do not contact"),
            Map.entry("SUPPRESSED", "on the suppression list"),
            Map.entry("INVALID_ADDRESS", "cannot be reached"),
            Map.entry("WRONG_CHANNEL", "prefers another channel"),
            Map.entry("CAP_REACHED", "touch limit reached"),
            Map.entry("QUIET_HOURS", "quiet hours"),
            Map.entry("UNKNOWN_TIME_ZONE", "time zone unknown"),
            Map.entry("PREFERENCE", "not what they asked for"),
            Map.entry("PAUSED", "paused by the contact"),
            Map.entry("ALREADY_RECEIVED", "already received"),
            Map.entry("CONTACT_GONE", "contact gone"),
            Map.entry("STALE", "too late to send"));

    /**
     * The API's names of fields that a page's form labels otherwise ("readyOn" is "Expected ready on"); a name not
     * here is said as it is.
     */
    private static final Map<String, String> FIELDS = Map.ofEntries(
            Map.entry("readyOn", "the ready-on date"),
            Map.entry("askAgainOn", "the ask-again date"),
            Map.entry("maxTouches", "the number of touches"),
            Map.entry("windowDays", "the number of days"));

    /** Where a list of "field message; field message" names a field: at its start and after each "; ". */
    private static final Pattern NAMED_FIELD = Pattern.compile("(^|; )([A-Za-z][\\w.]*)(?= )");

    private static final Pattern NO_FALLBACK = Pattern.compile(
            "'([^']+)' has no fallback; add one to fallbacks, e\\.g\\. \\{\"[^\"]*\": \"[^\"]*\"}");

    /** A suppression reason's code as words: CAP_REACHED is "touch limit reached"; an unknown code is its words. */
    public String suppression(String code) {
        return code == null ? "" : SUPPRESSION.getOrDefault(code, Forms.words(code));
    }

    /** A field of the API as the pages label it; one they do not is said as the API names it. */
    static String field(String field) {
        return FIELDS.getOrDefault(field, field);
    }

    /**
     * A list of complaints as the modules join them ("attributes.birthday '03/12/1990' is not a date; email is
     * required") with each field the labels know in their words; a word they do not know is left as it is.
     */
    static String fields(String complaints, java.util.function.Function<String, String> labels) {
        if (complaints == null) {
            return null;
        }
        return NAMED_FIELD.matcher(complaints).replaceAll(m -> {
            String label = labels.apply(m.group(2));
            return Matcher.quoteReplacement(m.group(1) + (label == null ? m.group(2) : label));
        });
    }

    /**
     * A module's sentence with what names the API's parts in the page's words: a template's missing fallback is a
     * default typed under the editor's {@value #DEFAULTS_SECTION}.
     */
    static String message(String message) {
        if (message == null) {
            return null;
        }
        Matcher fallback = NO_FALLBACK.matcher(message);
        return fallback.replaceAll(m -> Matcher.quoteReplacement(
                "'" + m.group(1) + "' has no default: add one under '" + DEFAULTS_SECTION + "'"));
    }
}
