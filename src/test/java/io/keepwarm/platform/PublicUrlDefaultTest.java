package io.keepwarm.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/** Tried out on another port, Keepwarm's links (confirm, click, unsubscribe, pixel) point at that port, not 8080. */
class PublicUrlDefaultTest {

    @Test
    void withoutAPublicUrlTheLinksFollowThePortKeepwarmListensOn() throws Exception {
        assertThat(publicUrl(Map.of("SERVER_PORT", "8091"))).isEqualTo("http://localhost:8091");
        assertThat(publicUrl(Map.of())).isEqualTo("http://localhost:8080");
        assertThat(publicUrl(Map.of("SERVER_PORT", "8091", "KEEPWARM_PUBLIC_URL", "https://kw.example.com")))
                .isEqualTo("https://kw.example.com");
    }

    private static String publicUrl(Map<String, Object> environment) throws Exception {
        StandardEnvironment spring = new StandardEnvironment();
        spring.getPropertySources().addFirst(new MapPropertySource("given", environment));
        new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yml"))
                .forEach(spring.getPropertySources()::addLast);
        return spring.getProperty("keepwarm.public-url");
    }
}
