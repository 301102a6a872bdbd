package io.keepwarm.delivery.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How email leaves Keepwarm. The SMTP server itself (host, port, STARTTLS/TLS, user and password) is Spring Boot's
 * {@code spring.mail.*}; without {@code spring.mail.host} messages are only kept in the outbox.
 *
 * @param fromAddress the account's sender, used when a program does not send as the contact's owner (and, under the
 *     owner's name, when the owner's address is outside the domain the mail is signed for); required with SMTP
 * @param fromName the display name beside it
 * @param replyTo where replies go (blank: to the sender)
 * @param unsubscribeAddress where the {@code List-Unsubscribe} mailto points: an address that delivers into the reply
 *     mailbox, whose reader withdraws the consent of whoever proves they got one of our messages (blank: no mailto, the
 *     one-click HTTPS address only; set, it needs {@code keepwarm.mail.replies.host} and must differ from the sender
 *     and the Reply-To, where replies arrive)
 * @param postalAddress the sender's postal address, printed in every message (CAN-SPAM); required with SMTP
 * @param messageIdDomain the right-hand side of Message-IDs
 * @param connections persistent SMTP connections, each carrying many messages
 * @param perSecond the most messages sent per second overall
 * @param perDomainPerSecond the most messages per second to one recipient domain, or to one mailbox provider (by MX)
 *     for the domains whose mail it takes
 * @param batch messages claimed per round
 * @param lease how long a claimed message may stay SENDING before it counts as in doubt
 * @param maxAttempts tries before a transient failure becomes permanent
 * @param dkim optional DKIM signing
 * @param allowInsecurePublicUrl lets mail go out with a {@code keepwarm.public-url} that is not https or points at this
 *     machine: for a mail catcher on this machine while testing, never for real recipients
 * @param bounceAddress the envelope sender (MAIL FROM) of every message, where a relay returns the bounces it learns of
 *     after taking a message (delivery status notifications); blank: the account's sender, the one address the SMTP
 *     login is known to be allowed to send as. Point it at the mailbox the reply reader reads, which acts on them
 */
@ConfigurationProperties("keepwarm.mail")
public record MailSettings(String fromAddress, String fromName, String replyTo, String unsubscribeAddress,
        String postalAddress, String messageIdDomain, Integer connections, Integer perSecond, Integer perDomainPerSecond,
        Integer batch, Duration lease, Integer maxAttempts, Dkim dkim, Boolean allowInsecurePublicUrl,
        String bounceAddress) {

    /**
     * @param domain the signing domain (d=)
     * @param selector the DNS selector (s=)
     * @param privateKey a PKCS#8 RSA private key, PEM or DER, as a file path
     */
    public record Dkim(String domain, String selector, String privateKey) {

        public boolean enabled() {
            return privateKey != null && !privateKey.isBlank();
        }
    }

    public MailSettings {
        fromAddress = blank(fromAddress) ? "keepwarm@localhost" : fromAddress.strip();
        fromName = blank(fromName) ? null : fromName.strip();
        replyTo = blank(replyTo) ? null : replyTo.strip();
        unsubscribeAddress = blank(unsubscribeAddress) ? null : address(unsubscribeAddress, "unsubscribe-address");
        bounceAddress = blank(bounceAddress) ? null : address(bounceAddress, "bounce-address");
        postalAddress = blank(postalAddress) ? null : postalAddress.strip();
        messageIdDomain = blank(messageIdDomain) ? domainOf(fromAddress) : messageIdDomain.strip().toLowerCase(Locale.ROOT);
        connections = positive(connections, 4, "connections");
        perSecond = positive(perSecond, 2000, "per-second");
        perDomainPerSecond = positive(perDomainPerSecond, 1000, "per-domain-per-second");
        batch = positive(batch, 500, "batch");
        lease = lease == null ? Duration.ofMinutes(5) : lease;
        maxAttempts = positive(maxAttempts, 6, "max-attempts");
        dkim = dkim == null ? new Dkim(null, null, null) : dkim;
        allowInsecurePublicUrl = Boolean.TRUE.equals(allowInsecurePublicUrl);
        refuseSharedUnsubscribeAddress(unsubscribeAddress, fromAddress, replyTo);
        if (dkim.enabled() && (blank(dkim.domain()) || blank(dkim.selector()))) {
            throw new IllegalStateException("keepwarm.mail.dkim needs domain and selector beside private-key");
        }
    }

    /** The sender's name in From and on the prospect's pages: the one set, else "Keepwarm" (mail to a catcher only). */
    @Override
    public String fromName() {
        return fromName == null ? "Keepwarm" : fromName;
    }

    /** Whether a sender's name was set, which mail to real recipients needs: they know no "Keepwarm". */
    public boolean fromNameSet() {
        return fromName != null;
    }

    /**
     * Replies arrive at the Reply-To, else at the sender; every message to the unsubscribe address that answers one of
     * ours is an unsubscribe, so sharing the address would take each prospect's "yes, call me" for one.
     */
    private static void refuseSharedUnsubscribeAddress(String unsubscribeAddress, String fromAddress, String replyTo) {
        if (unsubscribeAddress == null) {
            return;
        }
        for (var shared : Map.of("keepwarm.mail.from-address (KEEPWARM_MAIL_FROM_ADDRESS)", fromAddress,
                "keepwarm.mail.reply-to (KEEPWARM_MAIL_REPLY_TO)", replyTo == null ? "" : replyTo).entrySet()) {
            if (addresses(shared.getValue()).contains(unsubscribeAddress)) {
                throw new IllegalStateException("keepwarm.mail.unsubscribe-address (KEEPWARM_MAIL_UNSUBSCRIBE_ADDRESS)"
                        + " is " + unsubscribeAddress + ", the same as " + shared.getKey() + ": every reply to a"
                        + " nurture email would be taken for an unsubscribe request. Give the unsubscribe address one"
                        + " of its own (an alias that delivers into the same reply mailbox, like unsubscribe@ beside"
                        + " replies@), or leave it unset to offer only the one-click HTTPS unsubscribe");
            }
        }
    }

    /** The addresses in a header value, lower-cased; none when it does not parse (its own check reports that). */
    private static List<String> addresses(String header) {
        try {
            return Arrays.stream(jakarta.mail.internet.InternetAddress.parse(header, false))
                    .map(a -> a.getAddress().toLowerCase(Locale.ROOT)).toList();
        } catch (jakarta.mail.internet.AddressException e) {
            return List.of();
        }
    }

    private static String address(String address, String name) {
        try {
            var parsed = new jakarta.mail.internet.InternetAddress(address.strip(), true);
            return parsed.getAddress().toLowerCase(Locale.ROOT);
        } catch (jakarta.mail.internet.AddressException e) {
            throw new IllegalStateException("keepwarm.mail." + name + " is not an address: " + address, e);
        }
    }

    private static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? "localhost" : address.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static int positive(Integer value, int fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value < 1) {
            throw new IllegalStateException("keepwarm.mail." + name + " must be at least 1, not " + value);
        }
        return value;
    }
}
