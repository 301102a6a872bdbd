package io.keepwarm.tracking.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class MachineFilterTest {

    private final MachineFilter filter = new MachineFilter(new TrackingProperties("", Duration.ofDays(730),
            Duration.ofSeconds(10), List.of("YahooMailProxy"), List.of("17.0.0.0/8", "2a01:b740::/32"),
            List.of("bot", "barracuda", "proofpoint"), 6000, 60, 1000));
    private static final String GMAIL =
            "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)";
    private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";

    @Test
    void opensThroughMailPrivacyProxiesAreMachineOpens() {
        assertThat(filter.open("YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html",
                "98.136.1.1")).isEqualTo(MachineFilter.Flag.PRIVACY_PROXY);
        assertThat(filter.open("Mozilla/5.0", "203.0.113.9")).as("Apple's bare agent").isEqualTo(MachineFilter.Flag.PRIVACY_PROXY);
        assertThat(filter.open(FIREFOX, "17.58.1.2")).as("Apple's range").isEqualTo(MachineFilter.Flag.PRIVACY_PROXY);
        assertThat(filter.open(FIREFOX, "2a01:b740:a42::1")).isEqualTo(MachineFilter.Flag.PRIVACY_PROXY);
        assertThat(filter.open(FIREFOX, "203.0.113.9")).isNull();
        assertThat(filter.open(null, null)).isNull();
    }

    @Test
    void anOpenThroughGmailsImageProxyIsAPersonsOpenWithTheDefaultSettings() {
        // Gmail fetches the pixel through its proxy when the reader opens the message, not on delivery.
        MachineFilter defaults = new MachineFilter(new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("keepwarm.tracking", TrackingProperties.class));

        assertThat(defaults.open(GMAIL, "66.249.84.1")).isNull();
        assertThat(defaults.open("Mozilla/5.0", "203.0.113.9")).as("Apple's bare agent").isEqualTo(MachineFilter.Flag.PRIVACY_PROXY);
        assertThat(defaults.open("YahooMailProxy; https://help.yahoo.com", "98.136.1.1"))
                .isEqualTo(MachineFilter.Flag.PRIVACY_PROXY);
    }

    @Test
    void clicksByScannersOrWithinSecondsOfSendingAreFlagged() {
        Instant sent = Instant.parse("2026-01-05T09:00:00Z");
        assertThat(filter.click("Barracuda Sentinel (EE)", sent, sent.plusSeconds(3600))).isEqualTo(MachineFilter.Flag.SCANNER);
        assertThat(filter.click(FIREFOX, sent, sent.plusSeconds(4))).isEqualTo(MachineFilter.Flag.FAST_CLICK);
        assertThat(filter.click(FIREFOX, sent, sent.plusSeconds(60))).isNull();
        assertThat(filter.click(FIREFOX, null, sent)).isNull();
    }
}
