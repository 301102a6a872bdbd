package io.keepwarm.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.registry.HealthContributorRegistry;

@KeepwarmTest
class HealthProbeTest {

    @Autowired HealthContributorRegistry health;
    @Autowired Api api;

    @Test
    void theHealthALoadBalancerProbesSpeaksForTheDatabaseAndNotForTheSmtpRelay() throws Exception {
        // This context has an SMTP relay (GreenMail): Spring Boot would check it in /actuator/health by default, so an
        // unreachable relay made the instance DOWN (503) and each probe wait 10 s, while mail only waits in the outbox.
        assertThat(health.getContributor("db")).isInstanceOf(DatabaseHealth.class);
        assertThat(health.getContributor("mail")).as("the SMTP relay's trouble is Settings -> Mail's, not the probe's")
                .isNull();
        assertThat(api.mvc().perform(get("/actuator/health")).andReturn().getResponse().getStatus()).isEqualTo(200);
    }
}
