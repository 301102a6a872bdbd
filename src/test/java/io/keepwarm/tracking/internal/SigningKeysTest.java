package io.keepwarm.tracking.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keepwarm.support.KeepwarmTest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Where signing keys come from: configuration first, and a key of its own kept in the database. */
@KeepwarmTest
class SigningKeysTest {

    @Autowired Tokens tokens;
    @Autowired TrackingProperties properties;
    @Autowired JdbcClient jdbc;
    @Autowired Clock clock;

    @Test
    void withoutConfiguredKeysTheKeyMadeOnTheFirstStartIsKeptSoLinksOutliveARestart() {
        String link = tokens.sign(Token.open(77));

        Tokens afterRestart = new TrackingConfiguration().tokens(properties, jdbc, clock);

        assertThat(link).startsWith(TrackingConfiguration.GENERATED_KEY_ID + ".");
        assertThat(afterRestart.verify(link, Token.Purpose.OPEN)).contains(Token.open(77));
    }

    @Test
    void onceKeysAreConfiguredTheFirstSignsAndLinksSignedBeforeStillWork() {
        String before = tokens.sign(Token.of(Token.Purpose.UNSUBSCRIBE, 5));

        Tokens configured = new TrackingConfiguration().tokens(withKeys("k2:" + "x".repeat(40) + ",k1:" + "y".repeat(40)),
                jdbc, clock);

        assertThat(configured.sign(Token.open(1))).startsWith("k2.");
        assertThat(configured.verify(before, Token.Purpose.UNSUBSCRIBE)).isPresent();
    }

    @Test
    void aBadKeySettingStopsTheStartWithAMessage() {
        assertThatThrownBy(() -> withKeys("k1:short")).hasMessageContaining("KEEPWARM_TRACKING_KEYS");
        assertThatThrownBy(() -> withKeys("k1:" + "x".repeat(40) + ",k1:" + "y".repeat(40)))
                .hasMessageContaining("distinct ids");
        assertThatThrownBy(() -> new TrackingProperties("", Duration.ofDays(30), Duration.ofSeconds(10), List.of(),
                List.of(), List.of(), 1, 1, 1)).hasMessageContaining("P60D");
    }

    private TrackingProperties withKeys(String keys) {
        return new TrackingProperties(keys, properties.tokenLifetime(), properties.fastClick(),
                properties.privacyProxyAgents(), properties.privacyProxyNetworks(), properties.scannerAgents(),
                properties.perIpPerMinute(), properties.perTokenPerMinute(), properties.queueCapacity());
    }
}
