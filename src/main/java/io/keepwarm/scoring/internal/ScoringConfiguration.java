package io.keepwarm.scoring.internal;

import io.keepwarm.scoring.ScoringSettings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration
@EnableConfigurationProperties(ScoringSettings.class)
class ScoringConfiguration {}
