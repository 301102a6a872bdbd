package io.keepwarm.identity;

import static io.keepwarm.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.platform.ConflictException;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@KeepwarmTest
class UsersAndApiKeysTest {

    @Autowired
    Api api;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Users users;

    @Autowired
    ApiKeys apiKeys;

    @Test
    void anApiKeyIsShownOnceStoredAsAHashAndStopsWorkingWhenRevoked() throws Exception {
        JsonNode created = json(api.post("/api/v1/api-keys", "{\"name\": \"%s\", \"role\": \"MARKETER\"}"
                .formatted("crm-sync-" + UUID.randomUUID()))
                .andExpect(status().isCreated()));
        String key = created.get("key").asString();
        long id = created.at("/apiKey/id").asLong();
        assertThat(key).startsWith("kw_").hasSizeGreaterThan(40);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM api_keys WHERE key_hash = ? OR prefix = ?").params(key, key)
                .query(Long.class).single()).isZero();
        assertThat(api.get("/api/v1/api-keys").andReturn().getResponse().getContentAsString()).doesNotContain(key);

        api.mvc().perform(get("/api/v1/contacts").header("Authorization", "Bearer " + key)).andExpect(status().isOk());
        api.mvc().perform(get("/api/v1/users").header("Authorization", "Bearer " + key)).andExpect(status().isOk());
        api.mvc().perform(get("/api/v1/audit").header("Authorization", "Bearer " + key)).andExpect(status().isForbidden());
        // The scheme's name is case-insensitive; another scheme is told which one the API takes.
        api.mvc().perform(get("/api/v1/contacts").header("Authorization", "bearer " + key)).andExpect(status().isOk());
        api.mvc().perform(get("/api/v1/contacts").header("Authorization", "Basic YWRtaW46c2VjcmV0"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("not 'Basic'")));

        api.delete("/api/v1/api-keys/" + id).andExpect(status().isNoContent());
        api.mvc().perform(get("/api/v1/contacts").header("Authorization", "Bearer " + key))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("revoked")));
        api.get("/api/v1/audit?entityType=api_key&entityId=" + id)
                .andExpect(jsonPath("$.items[0].action").value("API_KEY_REVOKED"))
                .andExpect(jsonPath("$.items[1].action").value("API_KEY_CREATED"));
    }

    @Test
    void revokingAKeyTwiceKeepsTheFirstRevocationAndLogsItOnce() throws Exception {
        long id = json(api.post("/api/v1/api-keys", "{\"name\": \"%s\", \"role\": \"SALES\"}"
                .formatted("twice-" + UUID.randomUUID()))
                .andExpect(status().isCreated())).at("/apiKey/id").asLong();
        api.delete("/api/v1/api-keys/" + id).andExpect(status().isNoContent());
        String revokedAt = json(api.get("/api/v1/api-keys/" + id)).get("revokedAt").asString();

        api.delete("/api/v1/api-keys/" + id).andExpect(status().isNoContent());

        assertThat(json(api.get("/api/v1/api-keys/" + id)).get("revokedAt").asString()).isEqualTo(revokedAt);
        assertThat(json(api.get("/api/v1/audit?entityType=api_key&entityId=" + id)).get("items").valueStream()
                .map(e -> e.get("action").asString()).toList()).containsExactly("API_KEY_REVOKED", "API_KEY_CREATED");
    }

    @Test
    void aSecondLiveKeyNamedAlikeIsRefusedNamingTheKeyThatHasTheNameAndRevokingThatKeyFreesIt() throws Exception {
        String name = "Zapier-" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode first = json(api.post("/api/v1/api-keys", "{\"name\": \"%s\", \"role\": \"MARKETER\"}"
                .formatted(name)).andExpect(status().isCreated()));
        long id = first.at("/apiKey/id").asLong();

        api.post("/api/v1/api-keys", "{\"name\": \" %s \", \"role\": \"SALES\"}".formatted(name.toLowerCase()))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("Another live API key is named '" + name + "' (it starts with "
                        + first.at("/apiKey/prefix").asString() + "…); give this key a name that tells the two apart,"
                        + " such as what it is for, or revoke the other key first"))
                .andExpect(jsonPath("$.apiKeyId").value(id));
        assertThat(apiKeys.list()).filteredOn(k -> k.name().equalsIgnoreCase(name)).hasSize(1);

        api.delete("/api/v1/api-keys/" + id).andExpect(status().isNoContent());
        api.post("/api/v1/api-keys", "{\"name\": \"%s\", \"role\": \"MARKETER\"}".formatted(name))
                .andExpect(status().isCreated());
    }

    @Test
    void twoKeysNamedAlikeAtOnceMakeOneKeyAndTheOtherIsRefused() throws Exception {
        String name = "twin-key-" + UUID.randomUUID().toString().substring(0, 8);

        assertThat(inItsTwoCasesAtOnce(name, typed -> apiKeys.create(typed, Role.MARKETER)))
                .containsExactlyInAnyOrder("created", "conflict");
        assertThat(apiKeys.list()).filteredOn(k -> k.name().equalsIgnoreCase(name)).hasSize(1);
    }

    @Test
    void anAdminManagesUsersAndBadInputGetsAClearAnswer() throws Exception {
        String name = "rep-" + UUID.randomUUID().toString().substring(0, 8);
        long id = json(api.post("/api/v1/users", """
                {"username": "%s", "displayName": "Rita Rep", "email": "%s@example.com", "role": "SALES",
                 "password": "a-long-enough-password"}""".formatted(name, name))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", org.hamcrest.Matchers.matchesPattern("/api/v1/users/\\d+")))
                .andExpect(jsonPath("$.role").value("SALES"))
                .andExpect(jsonPath("$.password").doesNotExist())).get("id").asLong();
        api.post("/api/v1/users", """
                {"username": "%s", "displayName": "Again", "role": "SALES", "password": "a-long-enough-password"}"""
                .formatted(name)).andExpect(status().isConflict());
        api.post("/api/v1/users", """
                {"username": "bad name!", "displayName": "", "role": "KING", "password": "short"}""")
                .andExpect(status().isBadRequest());
        api.post("/api/v1/users", """
                {"username": "x-%s", "displayName": "X", "role": "SALES", "password": "short"}""".formatted(name))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("password"));
        // Longer than BCrypt takes: a clear 400, not a 500.
        api.post("/api/v1/users", """
                {"username": "y-%s", "displayName": "Y", "role": "SALES", "password": "%s"}""".formatted(name, "p".repeat(80)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString("72 bytes")));

        api.patch("/api/v1/users/" + id, "{\"enabled\": false}").andExpect(jsonPath("$.enabled").value(false));
        api.post("/api/v1/contacts", "{\"email\": \"%s\", \"owner\": \"%s\"}".formatted(Api.uniqueEmail("owned"), name))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("owner"));
        api.patch("/api/v1/users/" + id, "{\"enabled\": true}");
        api.post("/api/v1/contacts", "{\"email\": \"%s\", \"owner\": \"%s\"}".formatted(Api.uniqueEmail("owned"), name))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.ownerId").value(id));
    }

    @Test
    void aTakenUsernameComesInTheSameAnswerAsABadEmailAndARoleThereIsNot() throws Exception {
        String name = "Taken-" + UUID.randomUUID().toString().substring(0, 8);
        api.post("/api/v1/users", """
                {"username": "%s", "displayName": "Rita", "role": "SALES", "password": "a-long-enough-password"}"""
                .formatted(name)).andExpect(status().isCreated());

        api.post("/api/v1/users", """
                {"username": "%s", "displayName": "Other Rita", "email": "rita-at-example", "role": "KING",
                 "password": "a-long-enough-password"}""".formatted(name))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.contains("role", "username", "email")))
                .andExpect(jsonPath("$.errors[1].message").value("A user named '" + name + "' already exists"))
                .andExpect(jsonPath("$.errors[2].message").value("must be an email address such as ada@example.com"));
        // Every value read: the name and the address still come together.
        api.post("/api/v1/users", """
                {"username": "%s", "displayName": "Other Rita", "email": "rita-at-example", "role": "SALES",
                 "password": "a-long-enough-password"}""".formatted(name))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.contains("username", "email")));
    }

    @Test
    void aChangeToAUserNamesEveryMistakeOfItInOneAnswerTheUnreadableRoleFirst() throws Exception {
        String name = "rep-" + UUID.randomUUID().toString().substring(0, 8);
        long id = json(api.post("/api/v1/users", """
                {"username": "%s", "displayName": "Rita", "role": "SALES", "password": "a-long-enough-password"}"""
                .formatted(name)).andExpect(status().isCreated())).get("id").asLong();

        api.patch("/api/v1/users/" + id, """
                {"role": "KING", "email": "rita-at-example", "managerId": %d, "weight": 101}""".formatted(id))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.contains("role", "email",
                        "managerId", "weight")))
                .andExpect(jsonPath("$.errors[2].message").value("must name another user, not the user themselves"))
                .andExpect(jsonPath("$.errors[3].message").value("must be between 0 and 100, not 101"));
        api.patch("/api/v1/users/" + id, "{\"displayName\": \" \", \"password\": \"short\", \"weight\": -1}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.contains("displayName", "password",
                        "weight")));
        api.get("/api/v1/users/" + id).andExpect(jsonPath("$.displayName").value("Rita"))
                .andExpect(jsonPath("$.role").value("SALES"));
    }

    @Test
    void aUserCannotBeManagedByTheirOwnReportNorByAnyoneBelowThemAndThePatchSaysWhoManagesWhom() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        long maria = rep("maria-" + run, "Maria Manager");
        long mike = rep("mike-" + run, "Mike Rep");
        long tess = rep("tess-" + run, "Tess Trainee");
        api.patch("/api/v1/users/" + mike, "{\"managerId\": %d}".formatted(maria)).andExpect(status().isOk());

        api.patch("/api/v1/users/" + maria, "{\"managerId\": %d, \"weight\": 101}".formatted(mike))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.contains("managerId", "weight")))
                .andExpect(jsonPath("$.errors[0].message").value("Mike Rep is managed by Maria Manager already: a"
                        + " manager cannot be managed by their own report"));

        // Further down the chain too: Tess reports to Mike, who reports to Maria.
        api.patch("/api/v1/users/" + tess, "{\"managerId\": %d}".formatted(mike)).andExpect(status().isOk());
        api.patch("/api/v1/users/" + maria, "{\"managerId\": %d}".formatted(tess))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("managerId"))
                .andExpect(jsonPath("$.errors[0].message").value("Tess Trainee is managed by Mike Rep, who is managed"
                        + " by Maria Manager already: a manager cannot be managed by their own report"));
        assertThat(users.find(maria).orElseThrow().managerId()).isNull();

        // A manager above, not below, is fine, and so is keeping the manager one has.
        api.patch("/api/v1/users/" + tess, "{\"managerId\": %d}".formatted(maria)).andExpect(status().isOk());
        api.patch("/api/v1/users/" + mike, "{\"managerId\": %d}".formatted(maria)).andExpect(status().isOk());
    }

    private long rep(String username, String displayName) throws Exception {
        return json(api.post("/api/v1/users", """
                {"username": "%s", "displayName": "%s", "role": "SALES", "password": "a-long-enough-password"}"""
                .formatted(username, displayName)).andExpect(status().isCreated())).get("id").asLong();
    }

    @Test
    void aUsernameDifferingOnlyInCaseIsTakenAndTheProblemSaysByWhom() throws Exception {
        String name = "Rita-" + UUID.randomUUID().toString().substring(0, 8);
        long id = json(api.post("/api/v1/users", """
                {"username": "%s", "displayName": "Rita", "role": "SALES", "password": "a-long-enough-password"}"""
                .formatted(name)).andExpect(status().isCreated())).get("id").asLong();

        api.post("/api/v1/users", """
                {"username": "%s", "displayName": "Other Rita", "role": "SALES", "password": "a-long-enough-password"}"""
                .formatted(name.toLowerCase())).andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("A user named '" + name + "' already exists, and a username is the"
                        + " same name in capitals or small letters; choose another name"));

        assertThat(users.findByUsername(name.toUpperCase())).map(User::username).contains(name);
        api.post("/api/v1/contacts", "{\"email\": \"%s\", \"owner\": \"%s\"}".formatted(Api.uniqueEmail("owned"),
                name.toLowerCase())).andExpect(status().isCreated()).andExpect(jsonPath("$.ownerId").value(id));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM users WHERE LOWER(username) = LOWER(?)").param(name)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void twoRequestsCreatingOneNameInTwoCasesAtOnceMakeOneUser() throws Exception {
        String name = "twin-" + UUID.randomUUID().toString().substring(0, 8);

        assertThat(inItsTwoCasesAtOnce(name,
                typed -> users.create(new Users.NewUser(typed, "Twin", null, Role.SALES, "a-long-enough-password"))))
                .containsExactlyInAnyOrder("created", "conflict");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM users WHERE LOWER(username) = ?").param(name).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void theLastAdminCannotBeDemotedOrDisabled() throws Exception {
        List<JsonNode> admins = api.every("/api/v1/users");
        long enabledAdmins = admins.stream()
                .filter(u -> u.get("role").asString().equals("ADMIN") && u.get("enabled").asBoolean()).count();
        assertThat(enabledAdmins).as("the suite keeps exactly one admin").isEqualTo(1);
        long admin = admins.stream().filter(u -> u.get("username").asString().equals("admin")).findFirst()
                .orElseThrow().get("id").asLong();
        api.patch("/api/v1/users/" + admin, "{\"role\": \"SALES\"}")
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("last enabled admin")));
        api.patch("/api/v1/users/" + admin, "{\"enabled\": false}").andExpect(status().isConflict());
        api.get("/api/v1/users/" + admin).andExpect(jsonPath("$.role").value("ADMIN"));
    }

    @Test
    void ownersMustBeSalesUsers() throws Exception {
        api.post("/api/v1/contacts", "{\"email\": \"%s\", \"owner\": \"admin\"}".formatted(Api.uniqueEmail("o")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].message").value(org.hamcrest.Matchers.containsString("SALES")));
    }

    @Test
    void twoInstancesStartingOnOneNewDatabaseMakeOneUserAndOneKeyAndNeitherFails() throws Exception {
        String name = "twin-" + UUID.randomUUID().toString().substring(0, 8);
        String key = "kw_bootstrap_" + UUID.randomUUID() + UUID.randomUUID();
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> outcomes = List.of(1, 2).stream().map(i -> pool.submit(() -> {
                together.await();
                boolean works = apiKeys.ensure("bootstrap " + name, Role.MARKETER, key);
                try {
                    users.create(new Users.NewUser(name, "Twin", null, Role.SALES, "a-long-enough-password"));
                    return "created, key " + works;
                } catch (ConflictException e) {
                    return "conflict, key " + works;
                }
            })).toList();
            List<String> answers = List.of(outcomes.get(0).get(), outcomes.get(1).get());
            assertThat(answers).containsExactlyInAnyOrder("created, key true", "conflict, key true");
        } finally {
            pool.shutdown();
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM users WHERE username = ?").param(name).query(Long.class).single())
                .isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'API_KEY_CREATED' AND details LIKE ?")
                .param("%bootstrap " + name + "%").query(Long.class).single()).as("one key, audited once").isEqualTo(1);
    }

    /**
     * Creates the name as typed and in capitals on two threads released at the same moment, as two requests racing;
     * what each got: "created", or "conflict" where Keepwarm refused it as taken.
     */
    private static List<String> inItsTwoCasesAtOnce(String name, Consumer<String> create) throws Exception {
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> outcomes = List.of(name, name.toUpperCase()).stream().map(typed -> pool.submit(() -> {
                together.await();
                try {
                    create.accept(typed);
                    return "created";
                } catch (ConflictException e) {
                    return "conflict";
                }
            })).toList();
            return List.of(outcomes.get(0).get(), outcomes.get(1).get());
        } finally {
            pool.shutdown();
        }
    }
}
