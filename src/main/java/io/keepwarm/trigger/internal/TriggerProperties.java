package io.keepwarm.trigger.internal;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of triggers, checked at start-up.
 *
 * @param maxFiringsPerContactPerDay the backstop against runaway triggers: firings per contact in 24 hours, beyond
 *     which a firing is recorded as skipped (KEEPWARM_TRIGGERS_MAX_FIRINGS_PER_CONTACT_PER_DAY, default 20)
 * @param cuesEvery pause between rounds of matching queued cues (stage moves, segment changes, tags, notes) to
 *     triggers; the round also reloads the triggers this instance knows
 * @param datesEvery pause between runs of the date job (anniversaries, days before a date, days since, expected
 *     purchase); dates are days in the contact's zone, so a run every few minutes is on time
 * @param webhooks how outbound webhook calls are made
 */
@ConfigurationProperties("keepwarm.triggers")
public record TriggerProperties(
        @DefaultValue("20") int maxFiringsPerContactPerDay,
        @DefaultValue("PT1S") Duration cuesEvery,
        @DefaultValue("PT10M") Duration datesEvery,
        @DefaultValue Webhooks webhooks) {

    /**
     * Outbound webhooks.
     *
     * @param allowedHosts host names (or address literals) an operator allows even though they resolve to a
     *     loopback, private, link-local or other special-purpose address (an internal CRM); matched exactly,
     *     ignoring case (KEEPWARM_TRIGGERS_WEBHOOKS_ALLOWED_HOSTS, comma-separated)
     * @param allowHttp whether plain http:// addresses are allowed (default false: HTTPS only)
     * @param connectTimeout how long a call may take to connect (default 3 s, at most 30 s)
     * @param readTimeout how long a call may take for the whole answer after connecting (default 5 s, at most 30 s)
     * @param maxAttempts tries of a call that failed for a passing reason (no answer, 5xx, 429) before it fails
     */
    public record Webhooks(
            @DefaultValue List<String> allowedHosts,
            @DefaultValue("false") boolean allowHttp,
            @DefaultValue("PT3S") Duration connectTimeout,
            @DefaultValue("PT5S") Duration readTimeout,
            @DefaultValue("3") int maxAttempts) {

        public Webhooks {
            allowedHosts = allowedHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty())
                    .toList();
            within("connect-timeout", connectTimeout);
            within("read-timeout", readTimeout);
            if (maxAttempts < 1 || maxAttempts > 10) {
                throw new IllegalStateException("keepwarm.triggers.webhooks.max-attempts must be 1 to 10, not " + maxAttempts);
            }
        }

        private static void within(String name, Duration value) {
            if (value.compareTo(Duration.ofMillis(100)) < 0 || value.compareTo(Duration.ofSeconds(30)) > 0) {
                throw new IllegalStateException("keepwarm.triggers.webhooks." + name
                        + " must be from 0.1 to 30 seconds (a webhook call is short), not " + value);
            }
        }

        /** Whether an operator allowed this host despite its address. */
        public boolean allowed(String host) {
            return host != null && allowedHosts.contains(host.toLowerCase(Locale.ROOT));
        }
    }

    public TriggerProperties {
        if (maxFiringsPerContactPerDay < 1 || maxFiringsPerContactPerDay > 10_000) {
            throw new IllegalStateException("keepwarm.triggers.max-firings-per-contact-per-day must be 1 to 10000, not "
                    + maxFiringsPerContactPerDay);
        }
        if (cuesEvery.isNegative() || cuesEvery.isZero() || datesEvery.isNegative() || datesEvery.isZero()) {
            throw new IllegalStateException("keepwarm.triggers.cues-every and dates-every must be positive durations");
        }
    }
}
