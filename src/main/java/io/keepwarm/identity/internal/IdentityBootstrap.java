package io.keepwarm.identity.internal;

import io.keepwarm.identity.ApiKeys;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.Users;
import io.keepwarm.platform.ConflictException;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/** On first start, makes sure someone can log in: an admin user, and the bootstrap API key if one is given. */
@Component
@EnableConfigurationProperties(IdentityProperties.class)
class IdentityBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(IdentityBootstrap.class);

    /** The bootstrap key's name; "bootstrap (2)" when a key a person made has it. */
    private static final String BOOTSTRAP = "bootstrap";

    private final Users users;
    private final ApiKeys apiKeys;
    private final IdentityProperties properties;

    IdentityBootstrap(Users users, ApiKeys apiKeys, IdentityProperties properties) {
        this.users = users;
        this.apiKeys = apiKeys;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!users.anyAdmin()) {
            boolean given = properties.adminPassword() != null && !properties.adminPassword().isEmpty();
            String password = given ? properties.adminPassword() : generatedPassword();
            try {
                users.create(new Users.NewUser("admin", "Administrator", null, Role.ADMIN, password));
                logCreated(given, password);
            } catch (ConflictException e) {
                // Several instances started on one new database at once: another one made the admin.
                log.info("User 'admin' was created by another Keepwarm instance starting at the same time");
            }
        }
        String key = properties.bootstrapApiKey();
        if (key != null && !key.isEmpty()) {
            if (apiKeys.revoked(key)) {
                log.warn("KEEPWARM_BOOTSTRAP_API_KEY was revoked and stays revoked; remove it from the environment");
                return;
            }
            // The key it replaced goes first, so the new one takes the name it had rather than "bootstrap (2)".
            for (ApiKeys.ApiKey replaced : apiKeys.revokeReplaced(BOOTSTRAP, key)) {
                log.warn("KEEPWARM_BOOTSTRAP_API_KEY changed: revoked the bootstrap key it replaced ({}…, made {})",
                        replaced.prefix(), replaced.createdAt());
            }
            apiKeys.ensure(BOOTSTRAP, Role.ADMIN, key);
        }
    }

    private static void logCreated(boolean given, String password) {
        if (given) {
            log.info("Created user 'admin' with the password from KEEPWARM_ADMIN_PASSWORD");
        } else {
            log.warn("""

                    ==========================================================
                     Created user 'admin' with the password {}
                     It is shown only this once: log in and change it.
                    ==========================================================""", password);
        }
    }

    private static String generatedPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
