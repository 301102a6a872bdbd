package io.keepwarm.delivery.web;

import io.keepwarm.delivery.internal.ProviderEvents;
import io.keepwarm.delivery.internal.WebhookReader;
import io.keepwarm.platform.Actors;
import io.keepwarm.platform.NotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Bounces and complaints from an email provider, verified by the provider's signature. */
@RestController
class ProviderWebhookController {

    /** Where the name a provider's reports act under starts: "provider:mailgun". */
    static final String PROVIDER = "provider:";

    private final WebhookReader reader;
    private final ProviderEvents events;

    ProviderWebhookController(WebhookReader reader, ProviderEvents events) {
        this.reader = reader;
        this.events = events;
    }

    @PostMapping("/hooks/email/{provider}")
    ProviderEvents.Applied receive(@PathVariable String provider, @RequestBody byte[] body,
            @RequestHeader(name = "Keepwarm-Signature", required = false) String signature) {
        var received = reader.read(provider, body, signature)
                .orElseThrow(() -> new NotFoundException("No webhook is configured for provider '" + provider
                        + "'; set its secret (keepwarm.mail.webhooks." + provider + ")"));
        if (received.token() != null) {
            events.forgetOldTokens();
        }
        // What a report changes (a bounce, a withdrawal, a suppression) is the provider's doing, and the audit log and
        // the consent ledger name it so, rather than the anonymous caller Spring Security sees.
        return Actors.actingAs(PROVIDER + provider, () -> events.apply(provider, received));
    }

    @ExceptionHandler(WebhookReader.Refused.class)
    ResponseEntity<ProblemDetail> refused(WebhookReader.Refused e) {
        HttpStatus status = e.signature() ? HttpStatus.UNAUTHORIZED : HttpStatus.BAD_REQUEST;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setTitle(e.signature() ? "Webhook signature refused" : "Webhook not understood");
        if (e.index() != null) {
            problem.setProperty("index", e.index());
        }
        return ResponseEntity.status(status).body(problem);
    }
}
