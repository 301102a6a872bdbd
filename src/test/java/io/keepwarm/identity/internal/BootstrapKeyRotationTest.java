package io.keepwarm.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.identity.ApiKeys;
import io.keepwarm.identity.Users;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@KeepwarmTest
class BootstrapKeyRotationTest {

    @Autowired
    Users users;

    @Autowired
    ApiKeys apiKeys;

    @Autowired
    Api api;

    @Test
    void aChangedBootstrapKeyRevokesTheOneItReplacedAndLeavesPeoplesKeysAlone() throws Exception {
        String leaked = "kw_leaked_" + UUID.randomUUID() + UUID.randomUUID();
        String rotated = "kw_rotated_" + UUID.randomUUID() + UUID.randomUUID();
        // Someone named a key of their own "Bootstrap" before the operator gave one.
        String peoples = Api.json(api.post("/api/v1/api-keys", "{\"name\": \"Bootstrap\", \"role\": \"MARKETER\"}"))
                .get("key").asString();
        new IdentityBootstrap(users, apiKeys, new IdentityProperties(null, leaked)).run(null);
        assertThat(apiKeys.authenticate(leaked)).as("stored, though its name was taken").map(ApiKeys.ApiKey::name)
                .contains("bootstrap (2)");

        // The operator rotates KEEPWARM_BOOTSTRAP_API_KEY and starts Keepwarm again.
        new IdentityBootstrap(users, apiKeys, new IdentityProperties(null, rotated)).run(null);

        assertThat(apiKeys.authenticate(rotated)).as("the new key").map(ApiKeys.ApiKey::name).contains("bootstrap (2)");
        assertThat(apiKeys.authenticate(leaked)).as("the key it replaced").isEmpty();
        assertThat(apiKeys.authenticate(peoples)).as("a key a person made, of the same name").isPresent();

        // Another instance still starting with the old key does not bring it back.
        new IdentityBootstrap(users, apiKeys, new IdentityProperties(null, leaked)).run(null);
        assertThat(apiKeys.authenticate(leaked)).isEmpty();
        assertThat(apiKeys.authenticate(rotated)).isPresent();

        // Once the person's key is revoked, the next rotation takes the plain name back, and still replaces the last.
        apiKeys.revoke(apiKeys.authenticate(peoples).orElseThrow().id());
        String third = "kw_third_" + UUID.randomUUID() + UUID.randomUUID();
        new IdentityBootstrap(users, apiKeys, new IdentityProperties(null, third)).run(null);
        assertThat(apiKeys.authenticate(third)).map(ApiKeys.ApiKey::name).contains("bootstrap");
        assertThat(apiKeys.authenticate(rotated)).isEmpty();
        assertThat(apiKeys.list()).as("one live name each").filteredOn(k -> k.revokedAt() == null)
                .extracting(k -> k.name().toLowerCase()).doesNotHaveDuplicates();
    }
}
