package io.keepwarm.trigger.internal;

import java.security.SecureRandom;
import java.util.Base64;

/** The signing secret of a trigger's webhook calls. */
public final class WebhookSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSecrets() {}

    /** A new secret of 32 random bytes. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
