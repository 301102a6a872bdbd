package io.keepwarm.delivery.internal;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties({MailSettings.class, WebhookSecrets.class, ReplySettings.class, TaskSettings.class})
class DeliveryConfiguration {}
