package io.keepwarm.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * A real SMTP and IMAP server (GreenMail) for the shared test context, on a free port so parallel runs never collide; the
 * mail sender points at it, so every test's email is queued for SMTP and a test that runs the sender sees it arrive.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestMail {

    @Bean(destroyMethod = "stop")
    GreenMail greenMail() {
        GreenMail mail = new GreenMail(new ServerSetup[] {new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        mail.start();
        return mail;
    }

    @Bean
    JavaMailSenderImpl mailSender(GreenMail greenMail) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(greenMail.getSmtp().getPort());
        return sender;
    }
}
