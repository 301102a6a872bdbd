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
            Map.entry("readyOn", "Expected ready on"),
            Map.entry("askAgainOn", "Ask again on"),
            Map.entry("reason", "Why"),
            Map.entry("maxTouches", "At most (touches)"),
            Map.entry("windowDays", "Touches in (days)"));

    private static final Pattern NO_FALLBACK = Pattern.compile(
            "'([^']+)' has no fallback; add one to fallbacks, e\\.g\\. \\{\"[^\"]*\": \"[^\"]*\"}");

    /** A suppression reason's code as words: CAP_REACHED is "touch limit reached"; an unknown code is its words. */
    public String suppression(String code) {
        return code == null ? "" : SUPPRESSION.getOrDefault(code, Forms.words(code));
    }

    /** A field of the API as the page labels it. */
    static String field(String field) {
        return FIELDS.getOrDefault(field, field);
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
