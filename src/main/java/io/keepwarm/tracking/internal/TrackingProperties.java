package io.keepwarm.tracking.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the public tracking endpoints, checked at start-up.
 *
 * @param keys signing keys as {@code id:secret,id:secret} (KEEPWARM_TRACKING_KEYS); the first signs, all verify. Empty
 *     (the default): a key generated on the first start and kept in the database signs, so links survive restarts
 * @param tokenLifetime how long a link in an email keeps working (default two years; at least 60 days)
 * @param fastClick a click this soon after the message was sent is a link scanner's, not a person's
 * @param privacyProxyAgents user-agent fragments of mail-privacy proxies that fetch images whether or not anyone reads
 *     the message. Not Gmail's image proxy (GoogleImageProxy, via ggpht.com): it fetches the pixel when the person
 *     opens the message, so its fetch is a person's open
 * @param privacyProxyNetworks address ranges (CIDR) of such proxies; Apple's 17.0.0.0/8 by default
 * @param scannerAgents user-agent fragments of link scanners and bots (matched case-insensitively)
 * @param perIpPerMinute requests one address may make in a minute to the tracking endpoints, as many again to
 *     one-click unsubscribe, and ten times as many to the providers' webhooks, each budget apart
 * @param perTokenPerMinute requests one link (token) may receive in a minute
 * @param queueCapacity tracked requests held in memory before requests wait for the recorder
 */
@ConfigurationProperties("keepwarm.tracking")
public record TrackingProperties(
        @DefaultValue("") String keys,
        @DefaultValue("P730D") Duration tokenLifetime,
        @DefaultValue("PT10S") Duration fastClick,
        @DefaultValue({"YahooMailProxy", "Outlook-iOS-Android"})
        List<String> privacyProxyAgents,
        @DefaultValue("17.0.0.0/8") List<String> privacyProxyNetworks,
        @DefaultValue({"bot", "spider", "crawler", "preview", "scanner", "barracuda", "proofpoint", "mimecast",
                "safelinks", "python-requests", "go-http-client", "curl/", "wget/"})
        List<String> scannerAgents,
        @DefaultValue("6000") int perIpPerMinute,
        @DefaultValue("60") int perTokenPerMinute,
        @DefaultValue("100000") int queueCapacity) {

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9]{1,16}");
    static final int MIN_SECRET = 32;

    /** One configured signing key. */
    public record Key(String id, String secret) {}

    public TrackingProperties {
        if (tokenLifetime.compareTo(Duration.ofDays(60)) < 0) {
            throw new IllegalStateException("keepwarm.tracking.token-lifetime must be at least P60D (links in sent"
                    + " emails must keep working), not " + tokenLifetime);
        }
        if (perIpPerMinute < 1 || perTokenPerMinute < 1 || queueCapacity < 1) {
            throw new IllegalStateException("keepwarm.tracking.per-ip-per-minute, per-token-per-minute and"
                    + " queue-capacity must be at least 1");
        }
        parse(keys);
        privacyProxyNetworks.forEach(Networks::parse);
    }

    /** The configured keys, in order: the first signs. */
    public List<Key> configuredKeys() {
        return parse(keys);
    }

    private static List<Key> parse(String text) {
        List<Key> parsed = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int colon = part.indexOf(':');
            String id = colon < 0 ? "" : part.substring(0, colon).strip();
            String secret = colon < 0 ? "" : part.substring(colon + 1).strip();
            if (!KEY_ID.matcher(id).matches() || secret.length() < MIN_SECRET || !ids.add(id)) {
                throw new IllegalStateException("keepwarm.tracking.keys (KEEPWARM_TRACKING_KEYS) is a comma-separated"
                        + " list of id:secret with distinct ids of 1-16 letters or digits and secrets of at least "
                        + MIN_SECRET + " characters; one entry breaks that (id '" + id + "')");
            }
            parsed.add(new Key(id, secret));
        }
        return parsed;
    }
}
