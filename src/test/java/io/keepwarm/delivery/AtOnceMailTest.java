package io.keepwarm.delivery;

import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.audit.AuditLog;
import io.keepwarm.delivery.internal.AtOnce;
import io.keepwarm.delivery.internal.LastTouches;
import io.keepwarm.delivery.internal.MailSettings;
import io.keepwarm.delivery.internal.OutboxStore;
import io.keepwarm.delivery.internal.SmtpChannel;
import io.keepwarm.delivery.internal.TaskStore;
import io.keepwarm.delivery.internal.UncallableCalls;
import io.keepwarm.identity.Users;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.SilentSmtpServer;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

/** An email a person waits for goes out at once, without the request that asked for it waiting on the mail server. */
@KeepwarmTest
class AtOnceMailTest {

    @Autowired Api api;
    @Autowired ApplicationContext app;
    @Autowired TransactionTemplate transactions;

    @Test
    void aConfirmationRequestAnswersWhileTheMailServerHasNotSaidAWordAndTheMessageWaitsForTheMailJobWhenItHangsUp()
            throws Exception {
        String to = uniqueEmail("hung");
        long contact = api.createContact("{\"email\": \"" + to + "\"}");
        long id;
        try (var server = new SilentSmtpServer()) {
            try (SmtpChannel hung = AtOnce.channelTo(server.port(), app)) {
                Delivery delivery = deliveryOver(hung);

                // As OptIns.request hands it over: in the request's transaction, sent once it commits.
                id = transactions.execute(tx -> delivery.sendNow(new Transactional(contact, to, "Please confirm",
                        "<p>Confirm</p>", "Confirm")));

                assertThat(server.awaitConnection()).as("the send has begun, on a thread of its own").isTrue();
                assertThat(delivery.message(id).status()).as("the request answered before the server did")
                        .isEqualTo("SENDING");
                server.close();
                AtOnce.awaitDeliveries(hung);

                OutboxMessage waiting = delivery.message(id);
                assertThat(waiting.status()).as("queued for the mail job, as a confirmation the server could not take was")
                        .isEqualTo("QUEUED");
                assertThat(waiting.lastError()).isNotBlank();
            }
        }
    }

    /** The application's delivery, sending over {@code channel}. */
    private Delivery deliveryOver(SmtpChannel channel) {
        return new Delivery(app.getBean(OutboxStore.class), app.getBean(TaskStore.class), channel,
                app.getBean(LinkTracking.class), app.getBean(Users.class), app.getBean(MailSettings.class),
                app.getBean(LastTouches.class), app.getBean(UncallableCalls.class), app.getBean(AuditLog.class),
                app.getBean(org.springframework.context.MessageSource.class), app.getBean(Clock.class));
    }
}
