package io.keepwarm.tracking.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Tells machines from people. Mail-privacy proxies (Apple Mail Privacy Protection, Yahoo's image proxy) fetch every
 * image of every message, read or not; link scanners in mail gateways follow every link within seconds of delivery.
 * Their requests are still recorded, with a flag, so scoring can leave them out. Gmail's image proxy is no such
 * machine: it fetches the pixel on the reader's behalf when they open the message, so its fetch is a person's open.
 */
@Component
public class MachineFilter {

    /** Why a request is taken for a machine's. */
    public enum Flag { PRIVACY_PROXY, SCANNER, FAST_CLICK }

    /** Apple's proxy presents this bare user agent and nothing else. */
    private static final String BARE_AGENT = "Mozilla/5.0";

    private final List<String> proxyAgents;
    private final Networks proxyNetworks;
    private final List<String> scannerAgents;
    private final Duration fastClick;

    MachineFilter(TrackingProperties properties) {
        this.proxyAgents = lower(properties.privacyProxyAgents());
        this.proxyNetworks = new Networks(properties.privacyProxyNetworks());
        this.scannerAgents = lower(properties.scannerAgents());
        this.fastClick = properties.fastClick();
    }

    /** The flag of a pixel fetch, or null when a person's mail client seems to have loaded it. */
    public Flag open(String userAgent, String ip) {
        String agent = userAgent == null ? "" : userAgent.strip();
        String lower = agent.toLowerCase(Locale.ROOT);
        if (agent.equals(BARE_AGENT) || proxyNetworks.contain(ip) || proxyAgents.stream().anyMatch(lower::contains)) {
            return Flag.PRIVACY_PROXY;
        }
        return scannerAgents.stream().anyMatch(lower::contains) ? Flag.SCANNER : null;
    }

    /** The flag of a click, or null; {@code sentAt} is when the message left (null if unknown). */
    public Flag click(String userAgent, Instant sentAt, Instant at) {
        String lower = userAgent == null ? "" : userAgent.toLowerCase(Locale.ROOT);
        if (scannerAgents.stream().anyMatch(lower::contains)) {
            return Flag.SCANNER;
        }
        return sentAt != null && Duration.between(sentAt, at).compareTo(fastClick) < 0 ? Flag.FAST_CLICK : null;
    }

    private static List<String> lower(List<String> values) {
        return values.stream().filter(v -> !v.isBlank()).map(v -> v.toLowerCase(Locale.ROOT)).toList();
    }
}
