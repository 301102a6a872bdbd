package io.keepwarm.platform.internal;

import java.util.Locale;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * A start refused for one of Keepwarm's own settings says which and what to set, as the "APPLICATION FAILED TO START"
 * report, instead of at the foot of some two hundred lines of the beans that could not be made because of it (the
 * SMTP sender's checks refuse in its constructor, deep in the graph). The settings' checks word their refusals
 * "keepwarm.x.y (KEEPWARM_X_Y) …", which is how they are found here; anything else keeps Spring Boot's own report.
 */
class SettingFailureAnalyzer implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if ((cause instanceof IllegalStateException || cause instanceof IllegalArgumentException)
                    && namesASetting(cause.getMessage())) {
                return new FailureAnalysis("Keepwarm did not start: " + cause.getMessage(),
                        "Change the setting it names and start Keepwarm again. A setting keepwarm.x.y is also the"
                                + " environment variable KEEPWARM_X_Y; README.md, \"Running it for real\", lists them.",
                        cause);
            }
        }
        return null;
    }

    private static boolean namesASetting(String message) {
        return message != null && (message.startsWith("keepwarm.") || message.startsWith("KEEPWARM_")
                || message.toLowerCase(Locale.ROOT).startsWith("spring.mail."));
    }
}
