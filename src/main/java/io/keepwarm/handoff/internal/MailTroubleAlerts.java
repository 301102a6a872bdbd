package io.keepwarm.handoff.internal;

import io.keepwarm.delivery.MailTroubleReported;
import io.keepwarm.handoff.Alerts;
import io.keepwarm.identity.Role;
import io.keepwarm.identity.User;
import io.keepwarm.identity.Users;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Trouble with the mail server reaches every admin as an alert: on "My day", and by email when mail can go. */
@Component
class MailTroubleAlerts {

    private final Users users;
    private final Alerts alerts;

    MailTroubleAlerts(Users users, Alerts alerts) {
        this.users = users;
        this.alerts = alerts;
    }

    @EventListener
    void on(MailTroubleReported trouble) {
        for (User user : users.list()) {
            if (user.role() == Role.ADMIN && user.enabled()) {
                alerts.alert(user.id(), null, trouble.subject(), trouble.detail());
            }
        }
    }
}
