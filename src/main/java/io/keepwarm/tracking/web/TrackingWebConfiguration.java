package io.keepwarm.tracking.web;

import io.keepwarm.tracking.internal.TrackingProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts the rate limit in front of the public endpoints (tracking and providers' webhooks), ahead of Spring Security's filters (order -100). */
@Configuration(proxyBeanMethods = false)
class TrackingWebConfiguration {

    @Bean
    FilterRegistrationBean<RateLimitFilter> publicRateLimit(TrackingProperties properties) {
        FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(new RateLimitFilter(properties));
        registration.addUrlPatterns("/t/*", "/hooks/*");
        registration.setOrder(-200);
        return registration;
    }
}
