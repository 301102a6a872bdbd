package io.keepwarm.handoff.internal;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties(HandoffProperties.class)
class HandoffConfiguration {}
