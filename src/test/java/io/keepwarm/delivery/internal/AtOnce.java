package io.keepwarm.delivery.internal;

import java.time.Clock;
import java.util.Map;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * For tests outside this package: what an email sent at once (a confirmation, a piece from a landing page) became,
 * once its own thread is done with it, and a channel to a mail server of the test's own.
 */
public final class AtOnce {

    private AtOnce() {}

    /** Waits until the messages handed over at once so far are sent and their outcomes recorded. */
    public static void awaitDeliveries(SmtpChannel smtp) {
        smtp.awaitDeliveriesAtOnce();
    }

    /** A channel as the application's, with its beans, sending to 127.0.0.1 at {@code port}. */
    public static SmtpChannel channelTo(int port, ApplicationContext app) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(port);
        return new SmtpChannel(new StaticListableBeanFactory(Map.of("sender", sender))
                .getBeanProvider(JavaMailSender.class), app.getBean(MailQueue.class), app.getBean(MailSettings.class),
                app.getBean(ReplySettings.class), app.getBean(TransactionTemplate.class), app,
                app.getBean(Clock.class), app.getBean(RelayPauses.class), "https://keepwarm.test");
    }
}
