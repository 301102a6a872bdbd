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
        new IdentityBootstrap(users, apiKeys, new IdentityProperties(null, leaked)).run(null);
        String peoples = Api.json(api.post("/api/v1/api-keys", "{\"name\": \"bootstrap\", \"role\": \"MARKETER\"}"))
                .get("key").asString();
        assertThat(apiKeys.authenticate(leaked)).isPresent();

        // The operator rotates KEEPWARM_BOOTSTRAP_API_KEY and starts Keepwarm again.
        new IdentityBootstrap(users, apiKeys, new IdentityProperties(null, rotated)).run(null);

        assertThat(apiKeys.authenticate(rotated)).as("the new key").isPresent();
        assertThat(apiKeys.authenticate(leaked)).as("the key it replaced").isEmpty();
        assertThat(apiKeys.authenticate(peoples)).as("a key a person made, of the same name").isPresent();

        // Another instance still starting with the old key does not bring it back.
        new IdentityBootstrap(users, apiKeys, new IdentityProperties(null, leaked)).run(null);
        assertThat(apiKeys.authenticate(leaked)).isEmpty();
        assertThat(apiKeys.authenticate(rotated)).isPresent();
    }
}
