package io.keepwarm.delivery;

import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.keepwarm.delivery.internal.SmtpChannel;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** When contacts last heard from us, as a "days since the last touch" trigger reads it a page at a time. */
@KeepwarmTest
class LastTouchesTest {

    @Autowired Api api;
    @Autowired Delivery delivery;
    @Autowired Tasks tasks;
    @Autowired SmtpChannel smtp;

    @Test
    void aPageOfLastTouchesWalksPastContactsWhoseMailWaitsOrWhoseCallIsOnlyQueuedToTheOnesAfterThem() throws Exception {
        long mailed = contact("mailed");
        long waiting = contact("waiting");
        long queued = contact("queued");
        long alsoMailed = contact("also-mailed");
        long called = contact("called");
        email(mailed);
        email(alsoMailed);
        smtp.drain();
        email(waiting);
        tasks.create(new Tasks.NewTask(queued, null, TaskKind.CALL, null, null, null, 0));
        long call = tasks.create(new Tasks.NewTask(called, null, TaskKind.CALL, null, null, null, 0));
        api.post("/api/v1/tasks/" + call + "/complete", "{\"outcome\": \"VOICEMAIL\"}").andExpect(status().isOk());

        assertThat(delivery.lastTouches(mailed - 1, 2)).extracting(Delivery.LastTouch::contactId)
                .containsExactly(mailed, alsoMailed);
        assertThat(delivery.lastTouches(alsoMailed, 2)).extracting(Delivery.LastTouch::contactId)
                .containsExactly(called);
    }

    private long contact(String name) throws Exception {
        return api.createContact("{\"email\": \"%s\", \"phone\": \"+49 30 1234567\"}".formatted(uniqueEmail(name)));
    }

    private void email(long contact) {
        delivery.send(new Outgoing.Email(ThreadLocalRandom.current().nextLong(1_000_000_000L, Long.MAX_VALUE), contact,
                "c" + contact + "@example.com", "Notes", "<p>Notes</p>", null, null, null, null));
    }
}
