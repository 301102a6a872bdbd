package io.keepwarm.identity.internal;

import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.HEAD;
import static org.springframework.http.HttpMethod.PATCH;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * Who may call what, in one table. Anything not listed here is denied, and a test walks every request
 * mapping to prove each one has a rule of its own.
 */
final class AccessRules {

    private static final String ADMIN = "ADMIN";
    private static final String MARKETER = "MARKETER";
    private static final String SALES = "SALES";

    private AccessRules() {}

    static void api(AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry rules) {
        rules.requestMatchers("/api/v1/admin/**", "/api/v1/api-keys/**", "/api/v1/api-keys", "/api/v1/audit")
                .hasRole(ADMIN)
                // Everyone's own account (a key has none: the service says so); role, weight and manager are the admin's.
                .requestMatchers("/api/v1/me", "/api/v1/me/password").hasAnyRole(ADMIN, MARKETER, SALES)
                .requestMatchers(GET, "/api/v1/users", "/api/v1/users/*").hasAnyRole(ADMIN, MARKETER)
                // A sales manager marks their reps away or back and sets their weight (Users refuses the rest).
                .requestMatchers(PATCH, "/api/v1/users/*").hasAnyRole(ADMIN, SALES)
                .requestMatchers("/api/v1/users", "/api/v1/users/*").hasRole(ADMIN)
                .requestMatchers("/api/v1/imports", "/api/v1/imports/**", "/api/v1/exports/**")
                .hasAnyRole(ADMIN, MARKETER)
                .requestMatchers(GET, "/api/v1/attributes", "/api/v1/attributes/*").hasAnyRole(ADMIN, MARKETER, SALES)
                .requestMatchers("/api/v1/attributes", "/api/v1/attributes/*").hasAnyRole(ADMIN, MARKETER)
                // Erasure, merges and full personal-data exports are marketing-ops work, not a rep's.
                .requestMatchers(POST, "/api/v1/contacts/merge").hasAnyRole(ADMIN, MARKETER)
                .requestMatchers(GET, "/api/v1/contacts/*/export").hasAnyRole(ADMIN, MARKETER)
                // Reps see why a lead scores as it does; the rules are marketing's to write.
                .requestMatchers(GET, "/api/v1/contacts/*/score", "/api/v1/contacts/*/score/history")
                .hasAnyRole(ADMIN, MARKETER, SALES)
                .requestMatchers(PUT, "/api/v1/contacts/*/score").hasAnyRole(ADMIN, MARKETER)
                // A rep may read when a lead counts as ready; changing it is marketing's, as the rules are.
                .requestMatchers(GET, "/api/v1/scoring/settings").hasAnyRole(ADMIN, MARKETER, SALES)
                .requestMatchers("/api/v1/scoring/**").hasAnyRole(ADMIN, MARKETER)
                .requestMatchers(DELETE, "/api/v1/contacts/*").hasAnyRole(ADMIN, MARKETER)
                // Asking a contact to confirm email consent: whoever talks to them may (a rep on the phone, too).
                .requestMatchers(POST, "/api/v1/contacts/*/opt-in").hasAnyRole(ADMIN, MARKETER, SALES)
                // Sales moves stages too: it accepts and rejects MQLs, wins and loses deals, sets ready dates.
                .requestMatchers("/api/v1/contacts/*/stage", "/api/v1/contacts/*/stage-history",
                        "/api/v1/contacts/*/readiness").hasAnyRole(ADMIN, MARKETER, SALES)
                // A rep on the phone records the contact's own "monthly only".
                .requestMatchers("/api/v1/contacts/*/frequency").hasAnyRole(ADMIN, MARKETER, SALES)
                // A rep may see which triggers fired for a contact (why an alert or a task came); building them is marketing's.
                .requestMatchers(GET, "/api/v1/contacts/*/trigger-firings").hasAnyRole(ADMIN, MARKETER, SALES)
                .requestMatchers("/api/v1/contacts", "/api/v1/contacts/**").hasAnyRole(ADMIN, MARKETER, SALES)
                .requestMatchers("/api/v1/triggers", "/api/v1/triggers/**").hasAnyRole(ADMIN, MARKETER)
                .requestMatchers(PUT, "/api/v1/lifecycle/rules").hasAnyRole(ADMIN, MARKETER)
                .requestMatchers(GET, "/api/v1/pressure-policy").hasAnyRole(ADMIN, MARKETER, SALES)
                .requestMatchers(PUT, "/api/v1/pressure-policy").hasAnyRole(ADMIN, MARKETER)
                .requestMatchers(GET, "/api/v1/lifecycle/rules", "/api/v1/lifecycle/funnel", "/api/v1/lifecycle/ready")
                .hasAnyRole(ADMIN, MARKETER, SALES)
                // Reps may look at who is in a segment or list; shaping them is marketing's.
                .requestMatchers(GET, "/api/v1/segments", "/api/v1/segments/*", "/api/v1/segments/*/count",
                        "/api/v1/segments/*/members", "/api/v1/lists", "/api/v1/lists/*", "/api/v1/lists/*/members")
                .hasAnyRole(ADMIN, MARKETER, SALES)
                .requestMatchers("/api/v1/segments", "/api/v1/segments/**", "/api/v1/lists", "/api/v1/lists/**")
                .hasAnyRole(ADMIN, MARKETER)
                // Reps see programs and may put their contacts in or take them out (Enrollments refuses them others'
                // contacts); building them is marketing's.
                .requestMatchers(GET, "/api/v1/programs", "/api/v1/programs/*", "/api/v1/programs/*/enrollments",
                        "/api/v1/programs/*/stats", "/api/v1/programs/*/stats/running-out", "/api/v1/programs/*/touches",
                        "/api/v1/programs/*/forecast")
                .hasAnyRole(ADMIN, MARKETER, SALES)
                .requestMatchers(POST, "/api/v1/programs/*/enrollments", "/api/v1/programs/*/enrollments/remove")
                .hasAnyRole(ADMIN, MARKETER, SALES)
                .requestMatchers("/api/v1/programs", "/api/v1/programs/**").hasAnyRole(ADMIN, MARKETER)
                // Reps read pieces and preview them for their contacts (call scripts above all); writing is marketing's.
                .requestMatchers(GET, "/api/v1/content", "/api/v1/content/*").hasAnyRole(ADMIN, MARKETER, SALES)
                .requestMatchers(POST, "/api/v1/content/*/preview").hasAnyRole(ADMIN, MARKETER, SALES)
                .requestMatchers("/api/v1/content", "/api/v1/content/*").hasAnyRole(ADMIN, MARKETER)
                // The outbox holds every email sent; the call tasks are the reps' queue.
                .requestMatchers(GET, "/api/v1/outbox", "/api/v1/outbox/*").hasAnyRole(ADMIN, MARKETER)
                .requestMatchers(POST, "/api/v1/outbox/*/resolve", "/api/v1/outbox/in-doubt/resolve").hasAnyRole(ADMIN, MARKETER)
                // What tracked requests said about themselves (addresses, user agents) is marketing ops' to look into.
                .requestMatchers(GET, "/api/v1/tracking/events").hasAnyRole(ADMIN, MARKETER)
                // Replies, visits and call outcomes come in from integrations and from reps logging them.
                .requestMatchers(POST, "/api/v1/events").hasAnyRole(ADMIN, MARKETER, SALES)
                // The reps' day: each sees and works their own queue (the services refuse a rep another rep's work);
                // managers and marketers see every queue.
                .requestMatchers(GET, "/api/v1/tasks", "/api/v1/tasks/history", "/api/v1/tasks/*")
                .hasAnyRole(ADMIN, MARKETER, SALES)
                .requestMatchers(POST, "/api/v1/tasks/*/complete", "/api/v1/tasks/*/assign").hasAnyRole(ADMIN, MARKETER, SALES)
                .requestMatchers(GET, "/api/v1/alerts").hasAnyRole(ADMIN, MARKETER, SALES)
                .requestMatchers(POST, "/api/v1/alerts/*/read").hasAnyRole(ADMIN, MARKETER, SALES)
                // The account's zone and calling hours: everyone works by them, an admin sets them.
                .requestMatchers(GET, "/api/v1/account/settings").hasAnyRole(ADMIN, MARKETER, SALES)
                .requestMatchers(PUT, "/api/v1/account/settings").hasRole(ADMIN)
                // Hand-offs: reps decide their own; the SLA is the admin's to set, territories too.
                .requestMatchers(PUT, "/api/v1/handoffs/settings").hasRole(ADMIN)
                // The report compares the reps: marketing reads every rep's, and the service gives a SALES user who
                // manages reps their team's, refusing any other rep.
                .requestMatchers(GET, "/api/v1/handoffs", "/api/v1/handoffs/report", "/api/v1/handoffs/settings",
                        "/api/v1/handoffs/*").hasAnyRole(ADMIN, MARKETER, SALES)
                // A rep's manager may be a SALES user too: the service lets them reassign their reps' leads only.
                .requestMatchers(POST, "/api/v1/handoffs/*/accept", "/api/v1/handoffs/*/reject",
                        "/api/v1/handoffs/*/reassign")
                .hasAnyRole(ADMIN, MARKETER, SALES)
                // Who may never be mailed, and taking someone off that list, is the admin's alone.
                .requestMatchers("/api/v1/suppressions", "/api/v1/suppressions/*").hasRole(ADMIN)
                // Who covers what is for everyone to read, sales managers above all; the rules are the admin's.
                .requestMatchers(GET, "/api/v1/territories", "/api/v1/territories/*").hasAnyRole(ADMIN, MARKETER, SALES)
                .requestMatchers("/api/v1/territories", "/api/v1/territories/*").hasRole(ADMIN)
                // Reps see the funnel they feed; the rest of the figures are marketing's.
                // A sales manager reads their team's hand-off figures (Analytics refuses a rep who manages nobody).
                .requestMatchers(GET, "/api/v1/analytics/funnel", "/api/v1/analytics/handoffs")
                .hasAnyRole(ADMIN, MARKETER, SALES)
                .requestMatchers(GET, "/api/v1/analytics/**").hasAnyRole(ADMIN, MARKETER)
                .anyRequest().denyAll();
    }

    /**
     * The prospect's side: pages and answers reached from an email, each authorised by the signed token in its
     * address, so anyone may call them; every other address under /t/ is denied.
     */
    static void prospects(AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry rules) {
        rules.requestMatchers(GET, "/t/o/*", "/t/c/*", "/t/u/*", "/t/p/*", "/t/l/*", "/t/l/*/accept", "/t/l/*/not-now",
                        "/t/confirm/*").permitAll()
                .requestMatchers(POST, "/t/u/*", "/t/p/*", "/t/l/*/accept", "/t/l/*/not-now", "/t/confirm/*").permitAll()
                // A link checker or a mail client's preview asks with HEAD: answered as GET, without its effect.
                .requestMatchers(HEAD, "/t/o/*", "/t/c/*", "/t/u/*", "/t/p/*").permitAll()
                .anyRequest().denyAll();
    }

    /** Spring Boot's actuator: the health check for anyone (it says UP or DOWN, nothing more), the rest admins'. */
    static void operations(AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry rules) {
        rules.requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                .anyRequest().hasRole(ADMIN);
    }

    static void ui(AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry rules) {
        rules.requestMatchers("/login", "/error", "/favicon.ico", "/css/**", "/js/**", "/webjars/**").permitAll()
                .requestMatchers("/ui/imports", "/ui/imports/**").hasAnyRole(ADMIN, MARKETER)
                .requestMatchers(GET, "/ui/tracking").hasAnyRole(ADMIN, MARKETER)
                // The pages mirror the API's rows: segments and the outbox are marketing's, settings the admin's.
                .requestMatchers("/ui/segments", "/ui/segments/**").hasAnyRole(ADMIN, MARKETER)
                .requestMatchers(GET, "/ui/outbox", "/ui/outbox/*").hasAnyRole(ADMIN, MARKETER)
                .requestMatchers(POST, "/ui/outbox/*/resolve", "/ui/outbox/in-doubt/resolve").hasAnyRole(ADMIN, MARKETER)
                // Triggers and scoring rules are marketing's to build, as in the API.
                .requestMatchers("/ui/triggers", "/ui/triggers/**", "/ui/scoring", "/ui/scoring/**")
                .hasAnyRole(ADMIN, MARKETER)
                // Reps read pieces and preview them for their contacts; writing them is marketing's.
                .requestMatchers(GET, "/ui/content/new", "/ui/content/*/delete").hasAnyRole(ADMIN, MARKETER)
                .requestMatchers(GET, "/ui/content/contacts", "/ui/content/*", "/ui/content/*/landing")
                .hasAnyRole(ADMIN, MARKETER, SALES)
                .requestMatchers(POST, "/ui/content/preview").hasAnyRole(ADMIN, MARKETER, SALES)
                .requestMatchers(POST, "/ui/content", "/ui/content/*", "/ui/content/*/delete").hasAnyRole(ADMIN, MARKETER)
                // Lists and custom attributes as in the API: everyone reads them, shaping them is marketing's.
                .requestMatchers(GET, "/ui/lists", "/ui/lists/*").hasAnyRole(ADMIN, MARKETER, SALES)
                .requestMatchers("/ui/lists", "/ui/lists/**").hasAnyRole(ADMIN, MARKETER)
                .requestMatchers(GET, "/ui/settings/attributes").hasAnyRole(ADMIN, MARKETER, SALES)
                .requestMatchers("/ui/settings/attributes", "/ui/settings/attributes/**").hasAnyRole(ADMIN, MARKETER)
                // The contact pressure policy and the stages are marketing's, as in the API; the rest of settings an admin's.
                .requestMatchers("/ui/settings/pressure", "/ui/settings/lifecycle").hasAnyRole(ADMIN, MARKETER)
                .requestMatchers("/ui/settings", "/ui/settings/**").hasRole(ADMIN)
                .requestMatchers(GET, "/ui/account").hasAnyRole(ADMIN, MARKETER, SALES)
                .requestMatchers(POST, "/ui/account/password", "/ui/account/away").hasAnyRole(ADMIN, MARKETER, SALES)
                .requestMatchers(POST, "/ui/api-keys").hasRole(ADMIN)
                // Reps see programs, their figures and a contact's preview; building them is marketing's.
                .requestMatchers(GET, "/ui/programs/new", "/ui/programs/*/edit").hasAnyRole(ADMIN, MARKETER)
                .requestMatchers(POST, "/ui/programs", "/ui/programs/**").hasAnyRole(ADMIN, MARKETER)
                .requestMatchers(GET, "/ui/programs/*", "/ui/programs/*/running-out").hasAnyRole(ADMIN, MARKETER, SALES)
                // Erasure, merges and exports of personal data are marketing-ops work, as in the API.
                .requestMatchers(GET, "/ui/contacts/export", "/ui/contacts/*/export", "/ui/contacts/*/erase",
                        "/ui/contacts/*/merge").hasAnyRole(ADMIN, MARKETER)
                .requestMatchers(POST, "/ui/contacts/*/erase", "/ui/contacts/*/merge").hasAnyRole(ADMIN, MARKETER)
                .requestMatchers(GET, "/ui/contacts", "/ui/contacts/*", "/ui/programs", "/ui/content", "/ui/my-day")
                .hasAnyRole(ADMIN, MARKETER, SALES)
                // Decided hand-offs (each reads whose they may, as in the API) and the team: its reps' away and weight
                // are their manager's to set (Users refuses anyone else), the territories everyone's to read.
                .requestMatchers(GET, "/ui/handoffs", "/ui/handoffs/recycled", "/ui/team").hasAnyRole(ADMIN, MARKETER, SALES)
                .requestMatchers(POST, "/ui/team/*").hasAnyRole(ADMIN, MARKETER, SALES)
                // Everyone who may POST and PATCH contacts in the API creates and edits them here, under its rules.
                .requestMatchers(GET, "/ui/contacts/*/edit").hasAnyRole(ADMIN, MARKETER, SALES)
                .requestMatchers(POST, "/ui/contacts", "/ui/contacts/*").hasAnyRole(ADMIN, MARKETER, SALES)
                .requestMatchers(POST, "/ui/contacts/*/notes", "/ui/contacts/*/tags", "/ui/contacts/*/tags/remove",
                        "/ui/contacts/*/stage", "/ui/contacts/*/enrollments", "/ui/contacts/*/enrollments/remove",
                        "/ui/contacts/*/frequency", "/ui/contacts/*/consents", "/ui/contacts/*/dnc",
                        "/ui/contacts/*/opt-in",
                        "/ui/contacts/*/readiness", "/ui/contacts/*/handoff/reassign", "/ui/handoffs/*/accept",
                        "/ui/handoffs/*/reject",
                        "/ui/contacts/*/tasks/assign", "/ui/tasks/*/outcome", "/ui/tasks/*/take", "/ui/alerts/*/read")
                .hasAnyRole(ADMIN, MARKETER, SALES)
                .requestMatchers("/", "/ui/**", "/swagger-ui.html", "/swagger-ui/**", "/v3/api-docs", "/v3/api-docs.yaml",
                        "/v3/api-docs/**")
                .authenticated()
                .anyRequest().denyAll();
    }
}
