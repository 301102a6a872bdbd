package io.keepwarm.identity.internal;

import io.keepwarm.identity.Users;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Start-up secrets, from the environment.
 *
 * @param adminPassword password of the first admin (KEEPWARM_ADMIN_PASSWORD); generated and printed once if empty
 * @param bootstrapApiKey an ADMIN API key to accept from the first start on (KEEPWARM_BOOTSTRAP_API_KEY), for automation
 */
@ConfigurationProperties("keepwarm.identity")
record IdentityProperties(String adminPassword, String bootstrapApiKey) {

    IdentityProperties {
        if (adminPassword != null && !adminPassword.isEmpty()) {
            // Refused at start as a short one is (the admin it makes is named "admin"), not only logged: whoever
            // set it reads the reason before anyone can sign in with it.
            Users.passwordProblem(adminPassword, java.util.List.of("admin", "Administrator", "keepwarm"))
                    .ifPresent(problem -> {
                throw new IllegalArgumentException("KEEPWARM_ADMIN_PASSWORD " + problem);
            });
        }
        if (bootstrapApiKey != null && !bootstrapApiKey.isEmpty() && bootstrapApiKey.length() < 32) {
            throw new IllegalArgumentException("KEEPWARM_BOOTSTRAP_API_KEY must have at least 32 characters");
        }
    }
}
