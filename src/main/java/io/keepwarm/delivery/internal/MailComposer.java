package io.keepwarm.delivery.internal;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.io.UnsupportedEncodingException;
import java.time.Clock;
import java.util.Date;
import org.simplejavamail.utils.mail.dkim.Canonicalization;
import org.simplejavamail.utils.mail.dkim.DkimMessage;
import org.simplejavamail.utils.mail.dkim.DkimSigner;
import org.simplejavamail.utils.mail.dkim.SigningAlgorithm;

/**
 * Writes a queued message as MIME: the sender (the owner or the account), Reply-To, a Message-ID derived from the
 * touch, the RFC 8058 one-click unsubscribe headers, text and HTML alternatives, and a DKIM signature over all of them.
 */
class MailComposer {

    private final MailSettings settings;
    private final Clock clock;
    private final DkimSigner dkim;

    MailComposer(MailSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.dkim = settings.dkim().enabled() ? signer(settings.dkim()) : null;
    }

    MimeMessage compose(Session session, MailQueue.Queued q) throws MessagingException {
        MimeMessage message = new FixedIdMessage(session, q.messageId());
        message.setFrom(address(q.fromAddress(), q.fromName()));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(q.to(), true));
        if (settings.replyTo() != null) {
            message.setReplyTo(InternetAddress.parse(settings.replyTo()));
        }
        message.setSubject(q.subject(), "UTF-8");
        message.setSentDate(Date.from(clock.instant()));
        if (q.unsubscribeUrl() != null) {
            message.setHeader("List-Unsubscribe", "<" + q.unsubscribeUrl() + ">, <mailto:unsubscribe@"
                    + settings.messageIdDomain() + "?subject=unsubscribe%20" + q.messageId().replaceAll("[<>]", "") + ">");
            message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        MimeMultipart alternatives = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(q.text() == null ? "" : q.text(), "UTF-8");
        alternatives.addBodyPart(text);
        if (q.html() != null) {
            MimeBodyPart html = new MimeBodyPart();
            html.setContent(q.html(), "text/html; charset=UTF-8");
            alternatives.addBodyPart(html);
        }
        message.setContent(alternatives);
        message.saveChanges();
        if (dkim == null) {
            return message;
        }
        return new DkimMessage(message, dkim);
    }

    private static InternetAddress address(String email, String name) throws MessagingException {
        try {
            return new InternetAddress(email, name, "UTF-8");
        } catch (UnsupportedEncodingException e) {
            throw new MessagingException("cannot encode the sender's name", e);
        }
    }

    private static DkimSigner signer(MailSettings.Dkim settings) {
        try {
            DkimSigner signer = new DkimSigner(settings.domain(), settings.selector(), privateKey(Path.of(settings.privateKey())));
            signer.setHeaderCanonicalization(Canonicalization.RELAXED);
            signer.setBodyCanonicalization(Canonicalization.RELAXED);
            signer.setSigningAlgorithm(SigningAlgorithm.SHA256_WITH_RSA);
            signer.setCheckDomainKey(false);
            // Receivers honour one-click unsubscribe only when the signature covers these headers (RFC 8058 section 4).
            signer.addHeaderToSign("List-Unsubscribe");
            signer.addHeaderToSign("List-Unsubscribe-Post");
            return signer;
        } catch (Exception e) {
            throw new IllegalStateException("keepwarm.mail.dkim.private-key: cannot read a PKCS#8 RSA key from "
                    + settings.privateKey() + " (" + e.getMessage() + ")", e);
        }
    }

    /** Reads a PKCS#8 RSA key, as PEM ("BEGIN PRIVATE KEY") or DER. */
    private static RSAPrivateKey privateKey(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.US_ASCII);
        if (text.contains("-----BEGIN")) {
            bytes = Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", ""));
        }
        return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(bytes));
    }

    /** Keeps the Message-ID we derive from the touch, which replies quote in In-Reply-To. */
    private static final class FixedIdMessage extends MimeMessage {

        private final String id;

        FixedIdMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }
}
