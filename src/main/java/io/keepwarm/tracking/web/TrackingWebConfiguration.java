package io.keepwarm.tracking.web;

import io.keepwarm.tracking.internal.TrackingProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.LocaleResolver;

/** Puts the rate limit in front of the public endpoints (tracking and providers' webhooks), ahead of Spring Security's filters (order -100). */
@Configuration(proxyBeanMethods = false)
class TrackingWebConfiguration {

    /** The language of a prospect's page: their own, else the account's (see {@link ProspectLocales}). */
    @Bean(DispatcherServlet.LOCALE_RESOLVER_BEAN_NAME)
    LocaleResolver localeResolver() {
        return new ProspectLocales();
    }

    @Bean
    FilterRegistrationBean<RateLimitFilter> publicRateLimit(TrackingProperties properties) {
        FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(new RateLimitFilter(properties));
        registration.addUrlPatterns("/t/*", "/hooks/*");
        registration.setOrder(-200);
        return registration;
    }
}
