package io.keepwarm.delivery.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Shared secrets of the bounce and complaint webhooks; a provider without one is not accepted (404).
 *
 * @param generic the secret of Keepwarm's own signed JSON form (KEEPWARM_WEBHOOK_GENERIC_SECRET)
 * @param mailgun Mailgun's webhook signing key (KEEPWARM_WEBHOOK_MAILGUN_KEY)
 */
@ConfigurationProperties("keepwarm.mail.webhooks")
record WebhookSecrets(String generic, String mailgun) {

    WebhookSecrets {
        generic = generic == null || generic.isBlank() ? null : generic;
        mailgun = mailgun == null || mailgun.isBlank() ? null : mailgun;
    }
}
