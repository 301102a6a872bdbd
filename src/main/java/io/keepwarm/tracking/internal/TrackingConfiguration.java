package io.keepwarm.tracking.internal;

import io.keepwarm.platform.Timestamps;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The signing keys: those configured, then those this installation made for itself and kept in the database. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TrackingProperties.class)
class TrackingConfiguration {

    static final String GENERATED_KEY_ID = "local1";

    @Bean
    Tokens tokens(TrackingProperties properties, JdbcClient jdbc, Clock clock) {
        List<TrackingProperties.Key> keys = new ArrayList<>(properties.configuredKeys());
        if (keys.isEmpty()) {
            // The embedded start: a random key made once and kept, so links in sent emails outlive restarts.
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            jdbc.sql("INSERT INTO tracking_keys (key_id, secret, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                    .params(GENERATED_KEY_ID, Base64.getEncoder().encodeToString(secret), Timestamps.now(clock))
                    .update();
        }
        // Stored keys keep verifying after keys are configured, so configuring them later breaks no sent link.
        keys.addAll(jdbc.sql("SELECT key_id, secret FROM tracking_keys ORDER BY created_at, key_id")
                .query((rs, n) -> new TrackingProperties.Key(rs.getString(1), rs.getString(2))).list());
        return new Tokens(keys, clock, properties.tokenLifetime());
    }
}
