package io.keepwarm.tracking.web;

import io.keepwarm.delivery.Notifications;
import io.keepwarm.platform.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * A link from an email that is not known (mistyped, cut short by a mail client, or for something since deleted) shows
 * a prospect a page in words from the sender, not the problem details the API answers with. Still a 404, so a mail
 * provider's one-click unsubscribe and link scanners see the same status as before. A signed-in person's preview of a
 * landing page that names no piece gets the same page, without the advice about emails.
 */
@ControllerAdvice(assignableTypes = {ProspectPages.class, TrackingController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProspectErrors {

    private final Notifications mail;

    ProspectErrors(Notifications mail) {
        this.mail = mail;
    }

    @ExceptionHandler
    ModelAndView unknown(NotFoundException e, HttpServletRequest request) {
        return new ModelAndView("tracking/unknown", Map.of("sender", mail.transport().fromName(),
                // The advice to copy the whole link fits a link not known; not one lapsed, or of someone erased.
                "detail", e.getMessage(), "fromEmail", request.getRequestURI().startsWith("/t/")
                        && TrackingController.UNKNOWN.equals(e.getMessage())), HttpStatus.NOT_FOUND);
    }
}
