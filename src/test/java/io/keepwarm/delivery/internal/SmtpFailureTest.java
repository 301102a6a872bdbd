package io.keepwarm.delivery.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.delivery.internal.SmtpFailure.Stage;
import org.junit.jupiter.api.Test;

/** Whose a refusal is: the enhanced status (RFC 3463) first, the words only where the status does not say. */
class SmtpFailureTest {

    @Test
    void aRecipientStatusIsTheRecipientsWhateverItsWordsSay() {
        var unknown = refusal(550, "550 5.1.1 <x@gamma.test>: Recipient address rejected: User unknown in relay recipient"
                + " table", Stage.RECIPIENT);

        assertThat(unknown.transport()).isFalse();
        assertThat(unknown.bounced()).isTrue();
        assertThat(refusal(550, "550 5.2.1 Mailbox disabled, relay denied by the owner", Stage.RECIPIENT).transport())
                .isFalse();
    }

    @Test
    void aRelayOrLoginRefusalPausesTheRelayByItsStatusOrWhereTheStatusDoesNotSayWhoseByItsWords() {
        assertThat(refusal(554, "554 5.7.1 <a@example.com>: Relay access denied", Stage.RECIPIENT).transport()).isTrue();
        assertThat(refusal(550, "550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain", Stage.RECIPIENT)
                .transport()).isTrue();
        assertThat(refusal(550, "550 Relaying denied", Stage.RECIPIENT).transport()).isTrue();
        assertThat(refusal(530, "530 5.7.0 Authentication required", Stage.SENDER).transport()).isTrue();
        assertThat(refusal(550, "550 5.1.8 <kw@example.com>: Sender address rejected: Domain not found",
                Stage.RECIPIENT).transport()).isTrue();
        assertThat(refusal(550, "550 5.7.1 Message refused by policy", Stage.RECIPIENT).transport()).isFalse();
    }

    @Test
    void a552ToRcptIsTriedAgainAsA452AndA5xxAfterTheDataIsABounceOnlyWhenItsStatusSaysSo() {
        assertThat(refusal(552, "552 5.2.2 Mailbox full", Stage.RECIPIENT).permanent()).isFalse();
        assertThat(refusal(552, "552 5.3.4 Message too big", Stage.MESSAGE).permanent()).isTrue();
        assertThat(refusal(550, "550 5.1.1 user unknown", Stage.MESSAGE).bounced()).isTrue();
        assertThat(refusal(550, "550 Message rejected as spam", Stage.MESSAGE).bounced()).isFalse();
    }

    private static SmtpFailure refusal(int code, String message, Stage stage) {
        return new SmtpFailure(code, message, stage, true);
    }
}
