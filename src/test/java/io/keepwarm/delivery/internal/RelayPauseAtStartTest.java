package io.keepwarm.delivery.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.support.TransactionTemplate;

@KeepwarmTest
@ExtendWith(OutputCaptureExtension.class)
class RelayPauseAtStartTest {

    @Autowired RelayPauseAtStart start;
    @Autowired RelayPauses pauses;
    @Autowired JavaMailSenderImpl mailSender;
    @Autowired MailSettings settings;
    @Autowired TransactionTemplate transactions;
    @Autowired TestClock clock;
    @Autowired JdbcClient jdbc;

    @AfterEach
    void relaysTakeMailAgain() {
        jdbc.sql("DELETE FROM mail_relay_pauses").update();
    }

    @Test
    void aStartWhileAPauseMetUnderTheseSettingsHoldsSaysInTheLogUntilWhenAndWhyNoEmailGoesOut(CapturedOutput output) {
        var pause = transactions.execute(tx -> pauses.troubled(RelayPauses.relayOf(mailSender, settings),
                "the mail server refused our login (535 5.7.8 Authentication failed)", clock.instant()));

        start.started();

        assertThat(output.getAll().lines().filter(line -> line.contains("No email goes out until"))).singleElement()
                .asString().contains(pause.resumeAt().toString(), "535 5.7.8 Authentication failed",
                        "Settings -> Mail");
        assertThat(pauses.of(pause.relay())).as("it still holds").isPresent();
    }
}
