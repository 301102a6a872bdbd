package io.keepwarm.identity.internal;

import io.keepwarm.identity.ApiKeys;
import io.keepwarm.platform.web.ProblemResponses;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Three doors: the prospect's public pages (signed tokens), the API (bearer API keys, or the UI's session with CSRF)
 * and the UI (form login).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * The prospect's door (/t/**): no login, no session, no cookie. CSRF protection is off because there is no session
     * to ride on: what authorises a request is the signed token in its address, which a forger does not have; and
     * RFC 8058 one-click unsubscribes are cookie-less POSTs by design.
     */
    @Bean
    @Order(0)
    SecurityFilterChain prospects(HttpSecurity http) throws Exception {
        return http.securityMatcher("/t/**")
                .authorizeHttpRequests(AccessRules::prospects)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                // The ledger and the audit log name who acted: here, the prospect.
                .anonymous(anonymous -> anonymous.principal("prospect"))
                // The address holds the contact's token: no site a page links to learns it from the Referer. The pages
                // run no script and post only to themselves; the author's landing body may show images and styles.
                .headers(headers -> headers
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; style-src 'self'"
                                + " 'unsafe-inline'; img-src 'self' https: data:; form-action 'self'; base-uri 'none';"
                                + " frame-ancestors 'none'")))
                // A visitor is anonymous, so a refusal reaches the entry point; either way there is nothing here.
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> ProblemResponses.write(
                                request, response, HttpStatus.NOT_FOUND, "Not found", "There is nothing at this address"))
                        .accessDeniedHandler((request, response, e) -> ProblemResponses.write(
                                request, response, HttpStatus.NOT_FOUND, "Not found", "There is nothing at this address")))
                .build();
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, ApiKeys apiKeys, JdbcClient jdbc, SessionPasswords sessions,
            ApplicationContext context) throws Exception {
        Endpoints endpoints = new Endpoints(context);
        return http.securityMatcher("/api/**")
                .addFilterAfter(new SessionUserCheck(jdbc, sessions), SecurityContextHolderFilter.class)
                .authorizeHttpRequests(AccessRules::api)
                .addFilterBefore(new ApiKeyAuthenticationFilter(apiKeys), BasicAuthenticationFilter.class)
                // CSRF rides on the session cookie; a bearer key or a call without a session cannot be forged that way.
                .csrf(csrf -> csrf.ignoringRequestMatchers(
                        request -> request.getHeader("Authorization") != null || request.getSession(false) == null))
                .requestCache(cache -> cache.disable())
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> {
                            response.setHeader("WWW-Authenticate", "Bearer");
                            ProblemResponses.write(request, response, HttpStatus.UNAUTHORIZED, "Unauthorized",
                                    "Send an API key as 'Authorization: Bearer <key>' or log in first");
                        })
                        .accessDeniedHandler((request, response, e) -> {
                            if (e instanceof CsrfException) {
                                ProblemResponses.write(request, response, HttpStatus.FORBIDDEN, "Forbidden", "The CSRF token is"
                                        + " missing or wrong; send it as the X-CSRF-TOKEN header, or use an API key");
                            } else if (!endpoints.answer(request)) {
                                ProblemResponses.write(request, response, HttpStatus.NOT_FOUND, "Not found", "Nothing answers "
                                        + request.getRequestURI() + ": check the address against the API's documentation"
                                        + " at /swagger-ui.html");
                            } else if (!endpoints.otherMethods(request).isEmpty()) {
                                java.util.List<String> taken = endpoints.otherMethods(request);
                                response.setHeader("Allow", String.join(", ", taken));
                                ProblemResponses.write(request, response, HttpStatus.METHOD_NOT_ALLOWED,
                                        "Method Not Allowed", "This address does not take " + request.getMethod()
                                                + "; it takes " + String.join(" or ", taken)
                                                + " (see the API reference at /swagger-ui.html)");
                            } else {
                                ProblemResponses.write(request, response, HttpStatus.FORBIDDEN, "Forbidden",
                                        "Your role may not " + request.getMethod() + " " + request.getRequestURI());
                            }
                        }))
                .build();
    }

    /**
     * Email providers' bounce and complaint webhooks: no session and no CSRF token, since a provider has neither; each
     * request is verified by its provider's shared-secret signature instead.
     */
    @Bean
    @Order(0)
    SecurityFilterChain providerHooks(HttpSecurity http) throws Exception {
        return http.securityMatcher("/hooks/**")
                .authorizeHttpRequests(rules -> rules.requestMatchers(org.springframework.http.HttpMethod.POST,
                        "/hooks/email/*").permitAll().anyRequest().denyAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(
                        org.springframework.security.config.http.SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .build();
    }

    /**
     * The operator's door (/actuator): the health check open to a load balancer and an orchestrator's probes, the
     * rest (the Prometheus metrics, info) an admin's: signed in, or with an ADMIN API key as 'Authorization: Bearer',
     * which a scraper can send where it cannot fill in the sign-in form.
     */
    @Bean
    @Order(1)
    SecurityFilterChain operations(HttpSecurity http, ApiKeys apiKeys, JdbcClient jdbc, SessionPasswords sessions)
            throws Exception {
        var signIn = new org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint("/login");
        return http.securityMatcher("/actuator/**")
                .addFilterAfter(new SessionUserCheck(jdbc, sessions), SecurityContextHolderFilter.class)
                .authorizeHttpRequests(AccessRules::operations)
                .addFilterBefore(new ApiKeyAuthenticationFilter(apiKeys), BasicAuthenticationFilter.class)
                // Nothing here is changed by a request (GET only), so there is nothing for CSRF to protect.
                .csrf(csrf -> csrf.disable())
                // A person's browser without a session is sent to sign in, as on every page; a scraper (which asks
                // for no HTML) without a key hears 401, which it reports as such, rather than a redirect to a form.
                .exceptionHandling(errors -> errors.authenticationEntryPoint((request, response, e) -> {
                    String accept = request.getHeader("Accept");
                    if (accept != null && accept.contains("text/html")) {
                        signIn.commence(request, response, e);
                    } else {
                        response.setHeader("WWW-Authenticate", "Bearer");
                        ProblemResponses.write(request, response, HttpStatus.UNAUTHORIZED, "Unauthorized",
                                "Send an ADMIN API key as 'Authorization: Bearer <key>' or sign in first");
                    }
                }))
                .build();
    }

    private static final String CSP = "Content-Security-Policy";

    /**
     * The staff pages': scripts and styles only from Keepwarm's own files (no page has an inline script, style or
     * event handler: htmx's own indicator style is switched off in the layout), images from here or data: URLs (the
     * CSS framework's icons), requests and forms only to Keepwarm, never framed.
     */
    private static final String STAFF_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; font-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none';"
            + " frame-ancestors 'none'";

    /**
     * Pages that show an author's email or landing page as the contact will see it: an email's HTML in a sandboxed
     * iframe (srcdoc, which inherits the page's policy) and a landing body carry their own inline styles and images
     * from the web. Scripts stay Keepwarm's own, so the author's markup still runs nothing.
     */
    private static final String PREVIEW_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'"
            + " 'unsafe-inline'; img-src 'self' data: https:; font-src 'self' data:; connect-src 'self'; frame-src"
            + " 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /** The content editor (its preview) and a message in the outbox: the pages that show an author's markup. */
    private static boolean showsPreviews(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/ui/content") || path.startsWith("/ui/outbox/");
    }

    /** Swagger UI, springdoc's own page, which styles itself inline: it keeps the browser's defaults. */
    private static boolean apiReference(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/swagger-ui") || path.startsWith("/v3/api-docs");
    }

    /**
     * An address Spring Security's firewall refuses before anything reads it (a NUL character as %00, "//", an encoded
     * slash) is answered as every other bad request, a problem saying what in it was refused, not an empty 400.
     */
    @Bean
    RequestRejectedHandler rejectedAddresses() {
        return (request, response, rejected) -> ProblemResponses.write(request, response, HttpStatus.BAD_REQUEST,
                "Bad request", rejected.getMessage() + ": correct the address and send the request again");
    }

    @Bean
    SignInThrottle signInThrottle() {
        return new SignInThrottle(System::nanoTime);
    }

    @Bean
    @Order(2)
    SecurityFilterChain ui(HttpSecurity http, JdbcClient jdbc, SignInThrottle throttle, SessionPasswords sessions,
            ApplicationContext context) throws Exception {
        Endpoints endpoints = new Endpoints(context);
        AccessDeniedHandlerImpl forbidden = new AccessDeniedHandlerImpl();
        SimpleUrlAuthenticationFailureHandler refused = new SimpleUrlAuthenticationFailureHandler("/login?error");
        SavedRequestAwareAuthenticationSuccessHandler signedIn = new SavedRequestAwareAuthenticationSuccessHandler();
        signedIn.setDefaultTargetUrl("/");
        return http.authorizeHttpRequests(AccessRules::ui)
                .addFilterAfter(new SessionUserCheck(jdbc, sessions), SecurityContextHolderFilter.class)
                .addFilterBefore(new SignInNulFilter(), UsernamePasswordAuthenticationFilter.class)
                .addFilterBefore(new SignInThrottleFilter(throttle), UsernamePasswordAuthenticationFilter.class)
                // Our own sign-in page (io.keepwarm.ui.SignInPage); Spring Security still takes the POST to /login.
                .formLogin(form -> form.loginPage("/login")
                        .successHandler((request, response, authentication) -> {
                            throttle.succeeded(request.getRemoteAddr(), authentication.getName());
                            sessions.signedIn(request, authentication.getName());
                            signedIn.onAuthenticationSuccess(request, response, authentication);
                        })
                        .failureHandler((request, response, e) -> {
                            throttle.failed(request.getRemoteAddr(), request.getParameter("username"));
                            refused.onAuthenticationFailure(request, response, e);
                        }))
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                .headers(headers -> headers
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(SecurityConfiguration::showsPreviews,
                                new StaticHeadersWriter(CSP, PREVIEW_POLICY)))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(request -> !showsPreviews(request)
                                && !apiReference(request), new StaticHeadersWriter(CSP, STAFF_POLICY))))
                // A signed-in person at an address no page answers gets the "not found" page (ui.PageErrors words it).
                .exceptionHandling(errors -> errors.accessDeniedHandler((request, response, e) -> {
                    if (e instanceof CsrfException || endpoints.answer(request)) {
                        forbidden.handle(request, response, e);
                    } else {
                        response.sendError(HttpStatus.NOT_FOUND.value());
                    }
                }))
                .build();
    }
}
