package io.keepwarm.delivery.internal;

import io.keepwarm.delivery.internal.ProviderEvents.Kind;
import io.keepwarm.delivery.internal.ProviderEvents.Report;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a provider's bounce and complaint webhook into reports, after checking its shared-secret signature and that it
 * is fresh (five minutes either way), so a captured request cannot be replayed later. Two shapes: Keepwarm's own
 * generic JSON, signed like {@code Keepwarm-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}, whose
 * sender says what each event is (hard_bounce, soft_bounce, complaint), and Mailgun's (HMAC-SHA256 of timestamp and
 * token with the webhook signing key), whose permanent failures are told apart here.
 */
@Component
public class WebhookReader {

    /** Why a webhook was refused; the message is safe to show the caller. */
    public static final class Refused extends RuntimeException {

        private final boolean signature;
        private final Integer index;

        Refused(String message, boolean signature) {
            this(message, signature, null);
        }

        Refused(String message, boolean signature, Integer index) {
            super(message);
            this.signature = signature;
            this.index = index;
        }

        /** The place in the batch (from 0) of the event that made no sense, as POST /api/v1/events names one; or null. */
        public Integer index() {
            return index;
        }

        /** True when the request could not be shown to come from the provider; false when it came but made no sense. */
        public boolean signature() {
            return signature;
        }
    }

    /**
     * What a webhook reported, and where its signature covers a token instead of the body (Mailgun's), that token and
     * what it does not cover (the event data as sent): {@link ProviderEvents#apply} takes the token for that once.
     */
    public record Received(List<Report> reports, String token, String unsigned) {}

    private static final Duration FRESH = Duration.ofMinutes(5);
    private static final int MAX_EVENT_ID = 200;

    private final WebhookSecrets secrets;
    private final Clock clock;

    WebhookReader(WebhookSecrets secrets, Clock clock) {
        this.secrets = secrets;
        this.clock = clock;
    }

    /** The provider's reports; empty when this provider is not configured (its secret is not set). */
    public Optional<Received> read(String provider, byte[] body, String signatureHeader) {
        return switch (provider) {
            case "generic" -> secrets.generic() == null ? Optional.empty()
                    : Optional.of(generic(body, signatureHeader, secrets.generic()));
            case "mailgun" -> secrets.mailgun() == null ? Optional.empty()
                    : Optional.of(mailgun(body, secrets.mailgun()));
            default -> Optional.empty();
        };
    }

    private Received generic(byte[] body, String header, String secret) {
        if (header == null || !header.matches("t=\\d{1,12},v1=[0-9a-fA-F]{64}")) {
            throw new Refused("Keepwarm-Signature must be t=<unix seconds>,v1=<hex HMAC-SHA256>", true);
        }
        String t = header.substring(2, header.indexOf(','));
        String v1 = header.substring(header.indexOf("v1=") + 3);
        fresh(Long.parseLong(t));
        verify(secret, t + "." + new String(body, StandardCharsets.UTF_8), v1);
        List<Report> reports = new ArrayList<>();
        JsonNode events = json(body).path("events");
        for (int i = 0; i < events.size(); i++) {
            // A batch can hold hundreds of events: the sender is told which one to fix, by its place as sent.
            JsonNode event = events.get(i);
            String at = "events[" + i + "]";
            Kind kind = genericKind(event.path("type").asString(""), at, i);
            reports.add(new Report(eventId(event, at, i), kind, text(event, "email"), text(event, "messageId"),
                    text(event, "detail"), kind == Kind.HARD_BOUNCE));
        }
        return new Received(reports, null, null);
    }

    private Received mailgun(byte[] body, String signingKey) {
        JsonNode root = json(body);
        JsonNode signature = root.path("signature");
        String timestamp = required(signature, "timestamp");
        if (!timestamp.matches("\\d{1,12}")) {
            throw new Refused("signature.timestamp must be unix seconds", true);
        }
        fresh(Long.parseLong(timestamp));
        String token = required(signature, "token");
        if (token.length() > MAX_EVENT_ID) {
            throw new Refused("signature.token is longer than " + MAX_EVENT_ID + " characters", true);
        }
        verify(signingKey, timestamp + token, required(signature, "signature"));
        JsonNode data = root.path("event-data");
        String event = data.path("event").asString("");
        Kind kind = switch (event) {
            case "failed" -> mailgunFailure(data);
            case "complained" -> Kind.COMPLAINT;
            case "unsubscribed" -> Kind.UNSUBSCRIBE;
            default -> Kind.OTHER;
        };
        return new Received(List.of(new Report(eventId(data, "event-data", null), kind, text(data, "recipient"),
                text(data.path("message").path("headers"), "message-id"), mailgunDetail(data),
                event.equals("failed") && kind != Kind.SOFT_BOUNCE)), token, data.toString());
    }

    /**
     * What a Mailgun {@code failed} event means. Mailgun calls every permanent failure "permanent": a message it did
     * not send because the address is on one of its suppression lists (a past bounce, unsubscribe or complaint), a
     * policy or spam block, a recipient that does not exist. Only the last is a bounce, read from the recipient
     * server's answer by the rule SMTP refusals are read with.
     */
    private static Kind mailgunFailure(JsonNode data) {
        if (!"permanent".equals(data.path("severity").asString(""))) {
            return Kind.SOFT_BOUNCE;
        }
        JsonNode status = data.path("delivery-status");
        return switch (data.path("reason").asString("")) {
            case "suppress-bounce" -> Kind.HARD_BOUNCE;
            case "suppress-unsubscribe" -> Kind.UNSUBSCRIBE;
            case "suppress-complaint" -> Kind.COMPLAINT;
            default -> SmtpFailure.recipientUnknown(status.path("code").asInt(0), mailgunDetail(data))
                    ? Kind.HARD_BOUNCE : Kind.FAILED;
        };
    }

    /** The recipient server's answer as Mailgun reports it: its enhanced status first, where Mailgun gives one. */
    private static String mailgunDetail(JsonNode data) {
        JsonNode status = data.path("delivery-status");
        String detail = String.join(" ", java.util.stream.Stream.of(text(status, "enhanced-code"),
                text(status, "message"), text(status, "description")).filter(t -> t != null && !t.isBlank()).toList());
        return detail.isEmpty() ? null : detail;
    }

    private void fresh(long unixSeconds) {
        Instant at = Instant.ofEpochSecond(unixSeconds);
        if (Duration.between(at, clock.instant()).abs().compareTo(FRESH) > 0) {
            throw new Refused("the signed timestamp is more than 5 minutes away from now: a replay, or a wrong clock", true);
        }
    }

    private static void verify(String secret, String signed, String givenHex) {
        byte[] expected = hmac(secret, signed);
        byte[] given;
        try {
            given = HexFormat.of().parseHex(givenHex.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Refused("the signature is not hex", true);
        }
        if (!MessageDigest.isEqual(expected, given)) {
            throw new Refused("the signature does not match this provider's secret", true);
        }
    }

    static byte[] hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }

    private static Kind genericKind(String type, String at, int index) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "hard_bounce" -> Kind.HARD_BOUNCE;
            case "soft_bounce" -> Kind.SOFT_BOUNCE;
            case "complaint" -> Kind.COMPLAINT;
            default -> throw new Refused(at + ".type must be hard_bounce, soft_bounce or complaint, not '" + type + "'",
                    false, index);
        };
    }

    private static JsonNode json(byte[] body) {
        try {
            return JsonMapper.shared().readTree(body);
        } catch (RuntimeException e) {
            throw new Refused("the body is not JSON", false);
        }
    }

    /** The event's id, where {@code at} names the event in the body and {@code index} is its place in a batch. */
    private static String eventId(JsonNode event, String at, Integer index) {
        String id = text(event, "id");
        if (id == null || id.isBlank()) {
            throw new Refused(at + ".id is missing: every event needs the provider's id for it, which makes a retry"
                    + " harmless", false, index);
        }
        if (id.length() > MAX_EVENT_ID) {
            throw new Refused(at + ".id is longer than " + MAX_EVENT_ID + " characters", false, index);
        }
        return id;
    }

    private static String required(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            throw new Refused("'" + field + "' is missing", field.equals("signature") || field.equals("timestamp") || field.equals("token"));
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() ? value.asString() : null;
    }
}
