package io.keepwarm.tracking.web;

import io.keepwarm.contact.Contacts;
import io.keepwarm.delivery.Notifications;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.tracking.internal.Token;
import io.keepwarm.tracking.internal.Tokens;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * A link from an email that is not known (mistyped, cut short by a mail client, or for something since deleted) shows
 * a prospect a page in words from the sender, not the problem details the API answers with. Still a 404, so a mail
 * provider's one-click unsubscribe and link scanners see the same status as before. The page speaks the language of
 * the contact the link was for, when the link still says whom (a lapsed link does), else the account's default. A
 * signed-in person's preview of a landing page that names no piece gets the same page in English, with what is
 * missing and without the advice about emails.
 */
@ControllerAdvice(assignableTypes = {ProspectPages.class, TrackingController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProspectErrors {

    private final Notifications mail;
    private final Tokens tokens;
    private final Contacts contacts;
    private final ProspectSpeech speech;
    private final MessageSource messages;

    ProspectErrors(Notifications mail, Tokens tokens, Contacts contacts, ProspectSpeech speech, MessageSource messages) {
        this.mail = mail;
        this.tokens = tokens;
        this.contacts = contacts;
        this.speech = speech;
        this.messages = messages;
    }

    @ExceptionHandler
    ModelAndView unknown(NotFoundException e, HttpServletRequest request) {
        boolean prospect = request.getRequestURI().startsWith("/t/");
        Locale locale = prospect ? speech.speak(contactOf(request), request) : Locale.ENGLISH;
        if (!prospect) {
            ProspectLocales.speak(request, locale);
        }
        return new ModelAndView("tracking/unknown", Map.of("sender", mail.transport().fromName(),
                "detail", prospect ? words(e, locale) : e.getMessage(),
                // The advice to copy the whole link fits a link not known; not one lapsed, or of someone erased.
                "fromEmail", prospect && TrackingController.UNKNOWN.equals(e.getMessage())), HttpStatus.NOT_FOUND);
    }

    private String words(NotFoundException e, Locale locale) {
        if (e instanceof TrackingController.Lapsed lapsed) {
            return messages.getMessage("link.lapsed", new Object[] {lapsed.days}, locale);
        }
        String key = TrackingController.UNKNOWN.equals(e.getMessage()) ? "link.unknown"
                : ProspectPages.ERASED.equals(e.getMessage()) ? "link.erased" : "link.gone";
        return messages.getMessage(key, null, locale);
    }

    /** The contact the request's link was for, while they are kept (a merged one's survivor); else null. */
    private Long contactOf(HttpServletRequest request) {
        Object variables = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        Object token = variables instanceof Map<?, ?> map ? map.get("token") : null;
        // An open's or a click's token names its touch, not the contact: those pages speak the account's language.
        Long subject = token instanceof String text ? tokens.genuine(text)
                .filter(t -> t.purpose() != Token.Purpose.OPEN && t.purpose() != Token.Purpose.CLICK)
                .map(Token::subject).orElse(null) : null;
        if (subject == null) {
            return null;
        }
        Long kept = contacts.survivorsOfIds(List.of(subject)).getOrDefault(subject, subject);
        return contacts.existing(List.of(kept)).isEmpty() ? null : kept;
    }
}
