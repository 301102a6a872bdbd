package io.keepwarm.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Walks every request mapping of the application and proves each API endpoint lets in exactly the roles
 * this table names, and nobody without credentials. A new endpoint without a row here fails the build.
 */
@KeepwarmTest
class RoleEndpointMatrixTest {

    private static final Set<Role> ALL = EnumSet.allOf(Role.class);
    private static final Set<Role> ADMIN = EnumSet.of(Role.ADMIN);
    private static final Set<Role> MARKETING = EnumSet.of(Role.ADMIN, Role.MARKETER);
    private static final Set<Role> ADMIN_AND_SALES = EnumSet.of(Role.ADMIN, Role.SALES);

    private static final Map<String, Set<Role>> API = new LinkedHashMap<>();

    /** The pages and documents outside the API, for logged-in users; /error is public and left out. */
    private static final Map<String, Set<Role>> UI = new LinkedHashMap<>();

    /** The sign-in page: open to everyone, checked on its own below. */
    private static final String SIGN_IN = "GET /login";

    /** Reached without a login: webhooks and the prospect's pages under /t/. */
    private static final Set<String> PUBLIC = new TreeSet<>();

    static {
        API.put("GET /api/v1/admin/clock", ADMIN);
        API.put("POST /api/v1/admin/clock", ADMIN);
        API.put("GET /api/v1/admin/activity/set-aside", ADMIN);
        API.put("POST /api/v1/admin/activity/set-aside/{id}/replay", ADMIN);
        API.put("GET /api/v1/audit", ADMIN);
        API.put("GET /api/v1/users", MARKETING);
        API.put("GET /api/v1/users/{id}", MARKETING);
        API.put("POST /api/v1/users", ADMIN);
        // A sales manager marks their own reps away or back and sets their weight (SalesManagerTest); Users refuses the rest.
        API.put("PATCH /api/v1/users/{id}", ADMIN_AND_SALES);
        // Everyone's own account; an API key is let in by its role and told it has no "me".
        API.put("GET /api/v1/me", ALL);
        API.put("PATCH /api/v1/me", ALL);
        API.put("POST /api/v1/me/password", ALL);
        API.put("GET /api/v1/api-keys", ADMIN);
        API.put("POST /api/v1/api-keys", ADMIN);
        API.put("GET /api/v1/api-keys/{id}", ADMIN);
        API.put("DELETE /api/v1/api-keys/{id}", ADMIN);
        API.put("POST /api/v1/contacts", ALL);
        API.put("GET /api/v1/contacts", ALL);
        API.put("GET /api/v1/contacts/{id}", ALL);
        API.put("PATCH /api/v1/contacts/{id}", ALL);
        API.put("DELETE /api/v1/contacts/{id}", MARKETING);
        API.put("GET /api/v1/contacts/{id}/export", MARKETING);
        API.put("GET /api/v1/contacts/{id}/notes", ALL);
        API.put("POST /api/v1/contacts/{id}/notes", ALL);
        API.put("GET /api/v1/contacts/{id}/notes/{noteId}", ALL);
        API.put("GET /api/v1/contacts/{id}/tags", ALL);
        API.put("POST /api/v1/contacts/{id}/tags", ALL);
        API.put("PUT /api/v1/contacts/{id}/tags/{tag}", ALL);
        API.put("DELETE /api/v1/contacts/{id}/tags/{tag}", ALL);
        API.put("GET /api/v1/contacts/{id}/consents", ALL);
        API.put("POST /api/v1/contacts/{id}/consents", ALL);
        API.put("GET /api/v1/contacts/{id}/consents/{entryId}", ALL);
        API.put("POST /api/v1/contacts/merge", MARKETING);
        API.put("GET /api/v1/suppressions", ADMIN);
        API.put("POST /api/v1/suppressions", ADMIN);
        API.put("GET /api/v1/suppressions/{id}", ADMIN);
        API.put("DELETE /api/v1/suppressions/{id}", ADMIN);
        API.put("GET /api/v1/attributes", ALL);
        API.put("POST /api/v1/attributes", MARKETING);
        API.put("GET /api/v1/attributes/{key}", ALL);
        API.put("DELETE /api/v1/attributes/{key}", MARKETING);
        API.put("GET /api/v1/imports", MARKETING);
        API.put("POST /api/v1/imports", MARKETING);
        API.put("GET /api/v1/imports/{id}", MARKETING);
        API.put("GET /api/v1/imports/{id}/rejections", MARKETING);
        API.put("GET /api/v1/imports/{id}/warnings", MARKETING);
        API.put("GET /api/v1/imports/{id}/notes", MARKETING);
        API.put("GET /api/v1/imports/{id}/repeats", MARKETING);
        API.put("GET /api/v1/exports/contacts", MARKETING);
        API.put("POST /api/v1/contacts/{id}/stage", ALL);
        API.put("GET /api/v1/contacts/{id}/stage", ALL);
        API.put("GET /api/v1/contacts/{id}/stage-history", ALL);
        API.put("PUT /api/v1/contacts/{id}/readiness", ALL);
        API.put("DELETE /api/v1/contacts/{id}/readiness", ALL);
        API.put("GET /api/v1/lifecycle/rules", ALL);
        API.put("PUT /api/v1/lifecycle/rules", MARKETING);
        API.put("GET /api/v1/lifecycle/funnel", ALL);
        API.put("GET /api/v1/lifecycle/ready", ALL);
        API.put("POST /api/v1/admin/lifecycle/run", ADMIN);
        API.put("GET /api/v1/pressure-policy", ALL);
        API.put("PUT /api/v1/pressure-policy", MARKETING);
        API.put("GET /api/v1/contacts/{id}/frequency", ALL);
        API.put("PUT /api/v1/contacts/{id}/frequency", ALL);
        API.put("DELETE /api/v1/contacts/{id}/frequency", ALL);
        API.put("POST /api/v1/segments", MARKETING);
        API.put("GET /api/v1/segments", ALL);
        API.put("GET /api/v1/segments/{id}", ALL);
        API.put("PUT /api/v1/segments/{id}", MARKETING);
        API.put("DELETE /api/v1/segments/{id}", MARKETING);
        API.put("GET /api/v1/segments/{id}/count", ALL);
        API.put("GET /api/v1/segments/{id}/members", ALL);
        API.put("POST /api/v1/segments/preview", MARKETING);
        API.put("POST /api/v1/admin/segments/refresh", ADMIN);
        API.put("POST /api/v1/lists", MARKETING);
        API.put("GET /api/v1/lists", ALL);
        API.put("GET /api/v1/lists/{id}", ALL);
        API.put("DELETE /api/v1/lists/{id}", MARKETING);
        API.put("GET /api/v1/lists/{id}/members", ALL);
        API.put("POST /api/v1/lists/{id}/members", MARKETING);
        API.put("POST /api/v1/lists/{id}/members/remove", MARKETING);
        API.put("POST /api/v1/lists/{id}/members/import", MARKETING);
        API.put("GET /api/v1/outbox", MARKETING);
        API.put("GET /api/v1/outbox/{id}", MARKETING);
        API.put("GET /api/v1/outbox/in-doubt", MARKETING);
        API.put("POST /api/v1/outbox/{id}/resolve", MARKETING);
        API.put("POST /api/v1/outbox/in-doubt/resolve", MARKETING);
        API.put("POST /api/v1/contacts/{id}/opt-in", ALL);
        API.put("GET /api/v1/tracking/events", MARKETING);
        API.put("POST /api/v1/events", ALL);
        API.put("GET /api/v1/contacts/{id}/score", ALL);
        API.put("PUT /api/v1/contacts/{id}/score", MARKETING);
        API.put("GET /api/v1/contacts/{id}/score/history", ALL);
        API.put("GET /api/v1/scoring/rules", MARKETING);
        API.put("POST /api/v1/scoring/rules", MARKETING);
        API.put("GET /api/v1/scoring/rules/{id}", MARKETING);
        API.put("PUT /api/v1/scoring/rules/{id}", MARKETING);
        API.put("DELETE /api/v1/scoring/rules/{id}", MARKETING);
        API.put("GET /api/v1/scoring/fit-rules", MARKETING);
        API.put("POST /api/v1/scoring/fit-rules", MARKETING);
        API.put("GET /api/v1/scoring/fit-rules/{id}", MARKETING);
        API.put("PUT /api/v1/scoring/fit-rules/{id}", MARKETING);
        API.put("DELETE /api/v1/scoring/fit-rules/{id}", MARKETING);
        API.put("GET /api/v1/scoring/settings", ALL);
        API.put("PUT /api/v1/scoring/settings", MARKETING);
        API.put("GET /api/v1/tasks", ALL);
        API.put("GET /api/v1/tasks/history", ALL);
        API.put("GET /api/v1/tasks/{id}", ALL);
        API.put("POST /api/v1/tasks/{id}/complete", ALL);
        API.put("POST /api/v1/tasks/{id}/assign", ALL);
        API.put("GET /api/v1/alerts", ALL);
        API.put("POST /api/v1/alerts/{id}/read", ALL);
        API.put("GET /api/v1/handoffs", ALL);
        // A SALES user who manages reps reads their team's report (HandoffTeamTest); this one manages nobody.
        API.put("GET /api/v1/handoffs/report", MARKETING);
        API.put("GET /api/v1/handoffs/{id}", ALL);
        API.put("POST /api/v1/handoffs/{id}/accept", ALL);
        API.put("POST /api/v1/handoffs/{id}/reject", ALL);
        API.put("POST /api/v1/handoffs/{id}/reassign", ALL);
        API.put("GET /api/v1/account/settings", ALL);
        API.put("PUT /api/v1/account/settings", ADMIN);
        API.put("GET /api/v1/handoffs/settings", ALL);
        API.put("PUT /api/v1/handoffs/settings", ADMIN);
        API.put("POST /api/v1/admin/handoffs/run", ADMIN);
        API.put("GET /api/v1/territories", ALL);
        API.put("POST /api/v1/territories", ADMIN);
        API.put("GET /api/v1/territories/{id}", ALL);
        API.put("DELETE /api/v1/territories/{id}", ADMIN);
        API.put("GET /api/v1/programs/{id}/stats", ALL);
        API.put("GET /api/v1/programs/{id}/stats/running-out", ALL);
        API.put("GET /api/v1/programs/{id}/touches", ALL);
        API.put("GET /api/v1/programs/{id}/forecast", ALL);
        API.put("GET /api/v1/contacts/{id}/touches", ALL);
        API.put("GET /api/v1/contacts/{id}/enrollments", ALL);
        API.put("POST /api/v1/programs/{id}/unscheduled", MARKETING);
        API.put("POST /api/v1/admin/engine/tick", ADMIN);
        API.put("POST /api/v1/programs", MARKETING);
        API.put("GET /api/v1/programs", ALL);
        API.put("GET /api/v1/programs/{id}", ALL);
        API.put("PUT /api/v1/programs/{id}", MARKETING);
        API.put("DELETE /api/v1/programs/{id}", MARKETING);
        API.put("POST /api/v1/programs/{id}/impact", MARKETING);
        API.put("POST /api/v1/programs/{id}/activate", MARKETING);
        API.put("POST /api/v1/programs/{id}/pause", MARKETING);
        API.put("POST /api/v1/programs/{id}/archive", MARKETING);
        API.put("GET /api/v1/programs/{id}/enrollments", ALL);
        API.put("POST /api/v1/programs/{id}/enrollments", ALL);
        API.put("POST /api/v1/programs/{id}/enrollments/remove", ALL);
        API.put("POST /api/v1/content", MARKETING);
        API.put("GET /api/v1/content", ALL);
        API.put("GET /api/v1/content/{id}", ALL);
        API.put("PUT /api/v1/content/{id}", MARKETING);
        API.put("DELETE /api/v1/content/{id}", MARKETING);
        API.put("POST /api/v1/content/{id}/preview", ALL);
        API.put("POST /api/v1/triggers", MARKETING);
        API.put("GET /api/v1/triggers", MARKETING);
        API.put("GET /api/v1/triggers/{id}", MARKETING);
        API.put("PUT /api/v1/triggers/{id}", MARKETING);
        API.put("DELETE /api/v1/triggers/{id}", MARKETING);
        API.put("POST /api/v1/triggers/{id}/pause", MARKETING);
        API.put("POST /api/v1/triggers/{id}/resume", MARKETING);
        API.put("POST /api/v1/triggers/{id}/webhook-secret", MARKETING);
        API.put("GET /api/v1/triggers/{id}/firings", MARKETING);
        API.put("GET /api/v1/contacts/{id}/trigger-firings", ALL);
        API.put("GET /api/v1/contacts/{id}/activities", ALL);
        API.put("POST /api/v1/admin/triggers/run", ADMIN);
        API.put("GET /api/v1/analytics/funnel", ALL);
        API.put("GET /api/v1/analytics/stage-velocity", MARKETING);
        API.put("GET /api/v1/analytics/touches", MARKETING);
        // Let in for SALES too: a sales manager reads their team's figures (SalesManagerTest); this one manages nobody.
        API.put("GET /api/v1/analytics/handoffs", MARKETING);
        API.put("GET /api/v1/analytics/programs/{id}", MARKETING);
        API.put("GET /api/v1/analytics/content", MARKETING);

        UI.put("GET /", ALL);
        UI.put("GET /ui/imports", MARKETING);
        UI.put("POST /ui/imports", MARKETING);
        UI.put("GET /ui/imports/{id}", MARKETING);
        UI.put("GET /ui/imports/{id}/rejections", MARKETING);
        UI.put("GET /ui/imports/uploads/{id}", MARKETING);
        UI.put("POST /ui/imports/uploads/{id}", MARKETING);
        UI.put("GET /ui/settings", ADMIN);
        UI.put("POST /ui/api-keys", ADMIN);
        UI.put("POST /ui/settings/api-keys/{id}/revoke", ADMIN);
        UI.put("GET /ui/settings/api-keys/{id}/revoke", ADMIN);
        UI.put("GET /ui/settings/pressure", MARKETING);
        UI.put("POST /ui/settings/pressure", MARKETING);
        UI.put("GET /ui/settings/lifecycle", MARKETING);
        UI.put("POST /ui/settings/lifecycle", MARKETING);
        UI.put("GET /ui/settings/account", ADMIN);
        UI.put("POST /ui/settings/account", ADMIN);
        UI.put("GET /ui/settings/suppressions", ADMIN);
        UI.put("POST /ui/settings/suppressions", ADMIN);
        UI.put("POST /ui/settings/suppressions/{id}/lift", ADMIN);
        UI.put("GET /ui/settings/handoffs", ADMIN);
        UI.put("POST /ui/settings/handoffs", ADMIN);
        UI.put("POST /ui/settings/territories", ADMIN);
        UI.put("POST /ui/settings/territories/{id}/remove", ADMIN);
        UI.put("GET /ui/settings/territories/{id}/remove", ADMIN);
        UI.put("GET /ui/settings/mail", ADMIN);
        UI.put("POST /ui/settings/mail/test", ADMIN);
        UI.put("GET /ui/settings/users", ADMIN);
        UI.put("POST /ui/settings/users", ADMIN);
        UI.put("POST /ui/settings/users/{id}", ADMIN);
        UI.put("GET /ui/settings/audit", ADMIN);
        UI.put("GET /ui/settings/clock", ADMIN);
        UI.put("POST /ui/settings/clock", ADMIN);
        UI.put("GET /ui/account", ALL);
        UI.put("GET /ui/session", ALL);
        UI.put("POST /ui/account/password", ALL);
        UI.put("POST /ui/account/away", ALL);
        UI.put("POST /ui/account/details", ALL);
        UI.put("GET /ui/contacts", ALL);
        UI.put("GET /ui/contacts/{id}", ALL);
        UI.put("GET /ui/contacts/new", ALL);
        UI.put("GET /ui/contacts/{id}/edit", ALL);
        UI.put("POST /ui/contacts", ALL);
        UI.put("POST /ui/contacts/{id}", ALL);
        UI.put("POST /ui/contacts/{id}/notes", ALL);
        UI.put("POST /ui/contacts/{id}/tags", ALL);
        UI.put("POST /ui/contacts/{id}/stage", ALL);
        UI.put("POST /ui/contacts/{id}/enrollments", ALL);
        UI.put("POST /ui/contacts/{id}/enrollments/remove", ALL);
        UI.put("POST /ui/contacts/{id}/tags/remove", ALL);
        UI.put("POST /ui/contacts/{id}/frequency", ALL);
        UI.put("POST /ui/contacts/{id}/readiness", ALL);
        UI.put("POST /ui/contacts/{id}/handoff/reassign", ALL);
        UI.put("POST /ui/contacts/{id}/tasks/assign", ALL);
        UI.put("POST /ui/contacts/{id}/consents", ALL);
        UI.put("POST /ui/contacts/{id}/dnc", ALL);
        UI.put("POST /ui/contacts/{id}/opt-in", ALL);
        UI.put("GET /ui/contacts/export", MARKETING);
        UI.put("GET /ui/contacts/{id}/export", MARKETING);
        UI.put("GET /ui/contacts/{id}/erase", MARKETING);
        UI.put("POST /ui/contacts/{id}/erase", MARKETING);
        UI.put("GET /ui/contacts/{id}/merge", MARKETING);
        UI.put("POST /ui/contacts/{id}/merge", MARKETING);
        UI.put("POST /ui/tasks/{id}/outcome", ALL);
        UI.put("POST /ui/tasks/{id}/take", ALL);
        UI.put("POST /ui/alerts/{id}/read", ALL);
        UI.put("GET /ui/outbox/in-doubt", MARKETING);
        UI.put("POST /ui/outbox/{id}/resolve", MARKETING);
        UI.put("POST /ui/outbox/in-doubt/resolve", MARKETING);
        UI.put("GET /ui/segments", MARKETING);
        UI.put("GET /ui/segments/new", MARKETING);
        UI.put("GET /ui/segments/{id}", MARKETING);
        UI.put("POST /ui/segments", MARKETING);
        UI.put("POST /ui/segments/{id}", MARKETING);
        UI.put("GET /ui/segments/{id}/delete", MARKETING);
        UI.put("POST /ui/segments/{id}/delete", MARKETING);
        UI.put("POST /ui/segments/preview", MARKETING);
        UI.put("POST /ui/segments/condition", MARKETING);
        UI.put("GET /ui/outbox", MARKETING);
        // As the API's rows: everyone reads lists and custom attributes, marketing changes them.
        UI.put("GET /ui/lists", ALL);
        UI.put("GET /ui/lists/{id}", ALL);
        UI.put("POST /ui/lists", MARKETING);
        UI.put("POST /ui/lists/{id}/members", MARKETING);
        UI.put("POST /ui/lists/{id}/members/import", MARKETING);
        UI.put("POST /ui/lists/{id}/members/remove", MARKETING);
        UI.put("GET /ui/lists/{id}/delete", MARKETING);
        UI.put("POST /ui/lists/{id}/delete", MARKETING);
        UI.put("GET /ui/settings/attributes", ALL);
        UI.put("POST /ui/settings/attributes", MARKETING);
        UI.put("GET /ui/settings/attributes/{key}/delete", MARKETING);
        UI.put("POST /ui/settings/attributes/{key}/delete", MARKETING);
        UI.put("GET /ui/outbox/{id}", MARKETING);
        UI.put("GET /ui/programs", ALL);
        UI.put("GET /ui/programs/{id}", ALL);
        UI.put("GET /ui/programs/{id}/running-out", ALL);
        UI.put("GET /ui/programs/new", MARKETING);
        UI.put("GET /ui/programs/{id}/edit", MARKETING);
        UI.put("POST /ui/programs", MARKETING);
        UI.put("POST /ui/programs/{id}", MARKETING);
        UI.put("POST /ui/programs/{id}/status", MARKETING);
        UI.put("POST /ui/programs/{id}/unscheduled", MARKETING);
        UI.put("GET /ui/content", ALL);
        UI.put("GET /ui/content/{id}", ALL);
        UI.put("GET /ui/content/new", MARKETING);
        UI.put("GET /ui/content/contacts", ALL);
        UI.put("GET /ui/content/{id}/landing", ALL);
        UI.put("POST /ui/content/preview", ALL);
        UI.put("POST /ui/content", MARKETING);
        UI.put("POST /ui/content/{id}", MARKETING);
        UI.put("POST /ui/content/{id}/delete", MARKETING);
        UI.put("GET /ui/content/{id}/delete", MARKETING);
        UI.put("GET /ui/my-day", ALL);
        // Each reads the decisions they may (a rep theirs, a manager their team's); a manager sets their reps' away and
        // weight on the team page (SalesManagerPagesTest), which refuses anyone else's.
        UI.put("GET /ui/handoffs", ALL);
        UI.put("GET /ui/handoffs/recycled", ALL);
        UI.put("GET /ui/team", ALL);
        UI.put("POST /ui/team/{id}", ALL);
        UI.put("GET /ui/triggers", MARKETING);
        UI.put("GET /ui/triggers/new", MARKETING);
        UI.put("GET /ui/triggers/{id}", MARKETING);
        UI.put("POST /ui/triggers", MARKETING);
        UI.put("POST /ui/triggers/fields", MARKETING);
        UI.put("POST /ui/triggers/{id}", MARKETING);
        UI.put("POST /ui/triggers/{id}/status", MARKETING);
        UI.put("POST /ui/triggers/{id}/delete", MARKETING);
        UI.put("GET /ui/triggers/{id}/delete", MARKETING);
        UI.put("GET /ui/triggers/{id}/secret", MARKETING);
        UI.put("POST /ui/triggers/{id}/secret", MARKETING);
        UI.put("GET /ui/scoring", MARKETING);
        UI.put("GET /ui/scoring/rules/{id}", MARKETING);
        UI.put("GET /ui/scoring/fit-rules/{id}", MARKETING);
        UI.put("POST /ui/scoring/rules", MARKETING);
        UI.put("POST /ui/scoring/rules/{id}", MARKETING);
        UI.put("POST /ui/scoring/rules/{id}/delete", MARKETING);
        UI.put("GET /ui/scoring/rules/{id}/delete", MARKETING);
        UI.put("POST /ui/scoring/fit-rules", MARKETING);
        UI.put("POST /ui/scoring/fit-rules/{id}", MARKETING);
        UI.put("POST /ui/scoring/fit-rules/{id}/delete", MARKETING);
        UI.put("POST /ui/scoring/settings", MARKETING);
        UI.put("GET /ui/scoring/fit-rules/{id}/delete", MARKETING);
        UI.put("POST /ui/handoffs/{id}/accept", ALL);
        UI.put("POST /ui/handoffs/{id}/reject", ALL);
        UI.put("GET /ui/tracking", MARKETING);
        UI.put("GET /swagger-ui.html", ALL);
        UI.put("GET /v3/api-docs", ALL);
        UI.put("GET /v3/api-docs.yaml", ALL);
        UI.put("GET /v3/api-docs/swagger-config", ALL);
        // Reached without a login; each proves who is calling by its own signature or signed token.
        PUBLIC.add("POST /hooks/email/{provider}");
        PUBLIC.addAll(Set.of("GET /t/o/{token}", "GET /t/c/{token}", "GET /t/u/{token}", "POST /t/u/{token}",
                "GET /t/p/{token}", "POST /t/p/{token}", "GET /t/l/{token}", "POST /t/l/{token}/accept",
                "GET /t/l/{token}/accept", "POST /t/l/{token}/not-now", "GET /t/l/{token}/not-now",
                "GET /t/confirm/{token}", "POST /t/confirm/{token}"));
    }

    @Autowired
    Api api;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyEndpointHasARowInTheRoleTables() {
        assertThat(endpoints(true)).containsExactlyInAnyOrderElementsOf(API.keySet());
        Set<String> pages = endpoints(false);
        assertThat(pages).containsAll(PUBLIC).contains(SIGN_IN);
        pages.removeAll(PUBLIC);
        pages.remove(SIGN_IN);
        assertThat(pages).containsExactlyInAnyOrderElementsOf(UI.keySet());
    }

    @Test
    void publicEndpointsAnswerWithoutALoginAndRefuseAnUnsignedCall() throws Exception {
        for (String endpoint : PUBLIC) {
            var response = api.mvc().perform(call(endpoint)).andReturn().getResponse();
            assertThat(response.getRedirectedUrl()).as(endpoint).isNull();
            assertThat(response.getStatus()).as(endpoint).isIn(400, 401, 404);
        }
    }

    @Test
    void theProspectsPagesTakeAnUnknownTokenForNothingThereAndSoIsAnythingElseUnderT() throws Exception {
        for (String endpoint : PUBLIC.stream().filter(e -> e.contains(" /t/")).toList()) {
            assertThat(api.mvc().perform(call(endpoint)).andReturn().getResponse().getStatus()).as(endpoint).isEqualTo(404);
        }
        assertThat(api.mvc().perform(request(HttpMethod.GET, "/t/x/abc")).andReturn().getResponse().getStatus())
                .isEqualTo(404);
    }

    @Test
    void eachLoggedInRoleReachesExactlyThePagesItsRowAllows() throws Exception {
        for (String endpoint : UI.keySet()) {
            for (Role role : Role.values()) {
                var response = api.mvc().perform(call(endpoint).with(user(api.sessionUser(role)).roles(role.name()))
                        .with(csrf())).andReturn().getResponse();
                if (UI.get(endpoint).contains(role)) {
                    assertThat(response.getStatus()).as("%s as %s", endpoint, role).isNotEqualTo(403)
                            .as("%s as %s answers an unknown id or an empty form without failing", endpoint, role)
                            .isLessThan(500);
                    assertThat(String.valueOf(response.getRedirectedUrl())).as("%s as %s", endpoint, role).doesNotEndWith("/login");
                } else {
                    assertThat(response.getStatus()).as("%s as %s", endpoint, role).isEqualTo(403);
                }
            }
            var anonymous = api.mvc().perform(call(endpoint).with(csrf())).andReturn().getResponse();
            assertThat(anonymous.getRedirectedUrl()).as("%s without login", endpoint).endsWith("/login");
        }
    }

    @Test
    void eachRoleReachesExactlyTheEndpointsItsRowAllows() throws Exception {
        for (String endpoint : endpoints(true)) {
            for (Role role : Role.values()) {
                int status = api.as(role, call(endpoint)).andReturn().getResponse().getStatus();
                if (API.get(endpoint).contains(role)) {
                    assertThat(status).as("%s as %s", endpoint, role).isNotIn(401, 403);
                } else {
                    assertThat(status).as("%s as %s", endpoint, role).isEqualTo(403);
                }
            }
        }
    }

    @Test
    void nobodyWithoutCredentialsGetsIn() throws Exception {
        for (String endpoint : endpoints(true)) {
            assertThat(api.mvc().perform(call(endpoint)).andReturn().getResponse().getStatus())
                    .as(endpoint).isEqualTo(401);
            assertThat(api.mvc().perform(call(endpoint).header("Authorization", "Bearer kw_forged"))
                    .andReturn().getResponse().getStatus()).as(endpoint).isEqualTo(401);
        }
    }

    @Test
    void pagesOutsideTheApiNeedALoginExceptTheLoginPageItself() throws Exception {
        for (String page : Set.of("/", "/actuator/prometheus")) {
            var response = api.mvc().perform(request(HttpMethod.GET, page).header("Accept", BROWSER)).andReturn()
                    .getResponse();
            assertThat(response.getStatus()).as(page).isEqualTo(302);
            assertThat(response.getRedirectedUrl()).as(page).endsWith("/login");
        }
        assertThat(api.mvc().perform(request(HttpMethod.GET, "/login")).andReturn().getResponse().getStatus()).isEqualTo(200);
        assertThat(api.mvc().perform(request(HttpMethod.GET, "/actuator/health")).andReturn().getResponse().getStatus()).isEqualTo(200);
    }

    /** What a browser asks for as it opens a page. */
    private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    @Test
    void aMetricsScraperWithoutAKeyHearsUnauthorizedRatherThanARedirectToTheSignInForm() throws Exception {
        // Prometheus's own Accept header.
        var response = api.mvc().perform(request(HttpMethod.GET, "/actuator/prometheus").header("Accept",
                "application/openmetrics-text;version=1.0.0;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"))
                .andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(response.getContentAsString()).contains("ADMIN API key");
    }

    @Test
    void aMetricsScraperWithAnAdminApiKeyReadsTheMetricsAndOtherRolesKeysDoNot() throws Exception {
        var scraped = api.as(Role.ADMIN, request(HttpMethod.GET, "/actuator/prometheus")).andReturn().getResponse();
        assertThat(scraped.getStatus()).as("Prometheus sends the key as a bearer token; it cannot sign in")
                .isEqualTo(200);
        assertThat(scraped.getContentAsString()).contains("jvm_");
        assertThat(api.as(Role.MARKETER, request(HttpMethod.GET, "/actuator/prometheus")).andReturn().getResponse()
                .getStatus()).isEqualTo(403);
        assertThat(api.mvc().perform(request(HttpMethod.GET, "/actuator/prometheus")
                .header("Authorization", "Bearer kw_forged")).andReturn().getResponse().getStatus()).isEqualTo(401);
        assertThat(api.as(Role.SALES, request(HttpMethod.GET, "/actuator/health")).andReturn().getResponse().getStatus())
                .isEqualTo(200);
    }

    /** Every mapping as "METHOD /pattern", of the API or of the rest (without the public /error). */
    private Set<String> endpoints(boolean api) {
        Set<String> endpoints = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> {
            for (String pattern : info.getPatternValues()) {
                if (pattern.startsWith("/api/") == api && !pattern.equals("/error")) {
                    info.getMethodsCondition().getMethods().forEach(method -> endpoints.add(method.name() + " " + pattern));
                }
            }
        });
        return endpoints;
    }

    private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder call(String endpoint) {
        String[] parts = endpoint.split(" ");
        String path = parts[1].replace("{id}", "999999999").replace("{noteId}", "999999999")
                .replace("{entryId}", "999999999").replace("{tag}", "nope").replace("{key}", "zz_nope")
                .replace("{provider}", "generic").replace("{token}", "k1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        return request(HttpMethod.valueOf(parts[0]), path).contentType(MediaType.APPLICATION_JSON).content("{}");
    }
}
