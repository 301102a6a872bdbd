package io.keepwarm.trigger.internal;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.trigger.Action;
import io.keepwarm.trigger.Cue;
import io.keepwarm.trigger.Trigger;
import io.keepwarm.trigger.TriggerJobs;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The triggers an instance listens with follow the table, whichever instance changed it. */
@KeepwarmTest
class CatalogTest {

    @Autowired Api api;
    @Autowired TriggerStore store;
    @Autowired Catalog catalog;
    @Autowired TriggerJobs jobs;
    @Autowired JdbcClient jdbc;

    @Test
    void aTriggerSavedOnAnotherInstanceHearsTheNextCueHere() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        catalog.current();
        // Another instance saves a trigger: the row is there, and nothing tells this instance.
        long trigger = store.insert(new TriggerStore.Row("Elsewhere " + run, null, Trigger.Status.ACTIVE,
                new Cue.TagAdded("elsewhere-" + run), null, List.of(new Action.AddTag("heard-" + run))), null);
        try {
            long contact = api.createContact("{\"email\": \"" + uniqueEmail("elsewhere") + "\"}");

            api.post("/api/v1/contacts/" + contact + "/tags", "{\"tags\": [\"elsewhere-" + run + "\"]}")
                    .andExpect(status().isOk());
            jobs.cues();

            List<String> tags = new ArrayList<>();
            json(api.get("/api/v1/contacts/" + contact)).get("tags").forEach(t -> tags.add(t.asString()));
            assertThat(tags).contains("heard-" + run);
        } finally {
            jdbc.sql("UPDATE triggers SET status = 'PAUSED' WHERE id = ?").param(trigger).update();
        }
    }
}
