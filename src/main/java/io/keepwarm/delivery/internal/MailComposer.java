package io.keepwarm.delivery.internal;

import jakarta.mail.Address;
import jakarta.mail.Header;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.simplejavamail.utils.mail.dkim.Canonicalization;
import org.simplejavamail.utils.mail.dkim.DkimMessage;
import org.simplejavamail.utils.mail.dkim.DkimSigner;
import org.simplejavamail.utils.mail.dkim.SigningAlgorithm;

/**
 * Writes a queued message as MIME: the sender (the owner or the account), Reply-To, a Message-ID derived from the
 * touch, the RFC 8058 one-click unsubscribe headers, text and HTML alternatives, and a DKIM signature over all of them.
 *
 * <p>The message is written as bytes here, once, rather than built from Jakarta Mail's parts: those look their stream
 * provider up through the class path for every part made or written, and write their text a byte at a time through
 * several streams: in a profile of the mail bench that cost several times what sending the finished bytes does.
 */
public class MailComposer {

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);
    private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(76, new byte[] {'\r', '\n'});

    private final MailSettings settings;
    private final Clock clock;
    private final DkimSigner dkim;
    private final String replyTo;
    /** Where the reply mailbox Keepwarm reads receives mail; null when no mailbox is read. */
    private final String replyMailbox;
    private volatile DateLine lastDate;

    /** {@code repliesRead}: a reply mailbox is read (keepwarm.mail.replies.host), the Reply-To or else the sender's. */
    MailComposer(MailSettings settings, Clock clock, boolean repliesRead) {
        this.settings = settings;
        this.clock = clock;
        this.dkim = settings.dkim().enabled() ? signer(settings.dkim()) : null;
        try {
            this.replyTo = settings.replyTo() == null ? null
                    : InternetAddress.toString(InternetAddress.parse(settings.replyTo()), "Reply-To".length() + 2);
        } catch (AddressException e) {
            throw new IllegalStateException("keepwarm.mail.reply-to is not an address: " + settings.replyTo(), e);
        }
        try {
            this.replyMailbox = !repliesRead ? null : replyTo != null ? replyTo
                    : InternetAddress.toString(new Address[] {address(settings.fromAddress(), settings.fromName())},
                            "Reply-To".length() + 2);
        } catch (MessagingException e) {
            throw new IllegalStateException("keepwarm.mail.from-address is not an address: " + settings.fromAddress(), e);
        }
    }

    /**
     * The List-Unsubscribe headers of a message with this unsubscribe link (none without one), in order, as they are
     * sent and as the outbox page shows them.
     */
    public static java.util.Map<String, String> listUnsubscribe(String unsubscribeUrl, String mailbox, String messageId) {
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        if (unsubscribeUrl != null) {
            // The mailto only where a reader of the mailbox acts on it: every way to unsubscribe offered must work.
            headers.put("List-Unsubscribe", "<" + unsubscribeUrl + ">" + (mailbox == null ? ""
                    : ", <mailto:" + mailbox + "?subject=unsubscribe%20" + messageId.replaceAll("[<>]", "") + ">"));
            headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        return headers;
    }

    /**
     * The envelope sender (MAIL FROM) of every message: where a relay that took a message returns the bounce it learns
     * of later. Not the From, which may be the contact's owner: their bounces would land in the owner's inbox, unread
     * by Keepwarm. The bounce address, else the account's sender: the one address the SMTP login is known to be allowed
     * to send as (a relay such as Microsoft 365 refuses any other MAIL FROM, which would stop all mail).
     */
    static String envelopeSender(MailSettings settings) {
        return settings.bounceAddress() != null ? settings.bounceAddress() : settings.fromAddress();
    }

    /**
     * Where a reply goes. Mail from the account goes to its Reply-To (or its sender). Mail sent as the contact's owner
     * reads as the owner's, and its reply goes to the owner, as HubSpot and Marketo send mail "from the contact owner":
     * with no Reply-To, to the owner in From; when the server refused the owner as a sender and it went from the
     * account, to the owner's address. When Keepwarm reads a reply mailbox, it goes there instead, so the reply is
     * recorded, and the owner is alerted to answer it (with the sender, subject and the start of the text).
     */
    private String replyTo(MailQueue.Queued q) throws MessagingException {
        boolean asOwner = q.owner() != null || !settings.fromAddress().equalsIgnoreCase(q.fromAddress());
        if (!asOwner) {
            return replyTo;
        }
        if (replyMailbox != null) {
            return replyMailbox;
        }
        return q.owner() == null ? null : InternetAddress.toString(new Address[] {new InternetAddress(q.owner(), true)},
                "Reply-To".length() + 2);
    }

    MimeMessage compose(Session session, MailQueue.Queued q) throws MessagingException {
        InternetAddress from = address(q.fromAddress(), q.fromName());
        InternetAddress to = new InternetAddress(withAsciiDomain(q.to()), true);
        String text = q.text() == null ? "" : q.text();
        // Quoted-printable adds a soft break to every 75 characters and writes each "=" as "=3D".
        MimeBytes out = new MimeBytes(2048 + text.length() * 11 / 10 + (q.html() == null ? 0 : q.html().length() * 11 / 10));
        // The headers as Jakarta Mail's setters would write them, in its order.
        header(out, "Date", date());
        header(out, "From", InternetAddress.toString(new Address[] {from}, "From".length() + 2));
        String replyTo = replyTo(q);
        if (replyTo != null) {
            header(out, "Reply-To", replyTo);
        }
        String toHeader = InternetAddress.toString(new Address[] {to}, "To".length() + 2);
        if (asciiLocalPart(to.getAddress())) {
            header(out, "To", toHeader);
        } else {
            // Sent only over SMTPUTF8 (SmtpChannel checks the server offers it), where headers are UTF-8 (RFC 6532).
            out.ascii("To: ").utf8(toHeader).crlf();
        }
        header(out, "Message-ID", q.messageId());
        header(out, "Subject", subject(q.subject()));
        header(out, "MIME-Version", "1.0");
        String language = languageTag(q.language());
        if (language != null) {
            // RFC 3282: the language the reader is addressed in, for a client that picks a voice or offers a translation.
            header(out, "Content-Language", language);
        }
        // Quoted-printable and base64 never write "=_" at the start of a line, so no body can end the part early.
        String boundary = "=_kw_" + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE)
                + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        header(out, "Content-Type", "multipart/alternative;\r\n\tboundary=\"" + boundary + "\"");
        listUnsubscribe(q.unsubscribeUrl(), settings.unsubscribeAddress(), q.messageId()).forEach((name, value) ->
                header(out, name, value));
        out.crlf();
        part(out, boundary, "text/plain", NOTHING, text, NOTHING);
        if (q.html() != null) {
            part(out, boundary, "text/html", documentStart(language, q.subject()), q.html(), DOCUMENT_END);
        }
        out.ascii("--").ascii(boundary).ascii("--").crlf();
        MimeMessage message = new WrittenMessage(session, out, from, to);
        if (dkim == null) {
            return message;
        }
        return new SignedMessage(message, dkim);
    }

    /**
     * The HTML part is a whole document around the body the outbox keeps (a fragment, as the content library's
     * cleaner writes it), written around the body's bytes rather than joined to it as a string first. Without a
     * viewport, a phone's mail app lays the message out at desktop width and shrinks it until the text is too small to
     * read; without a bound on images, one picture wider than the screen makes the whole message scroll sideways.
     * Width and height the author gave an image still apply, within the screen. The document says its language (a
     * screen reader reads a German email with a German voice, WCAG 3.1.1) and has the subject as its title (what a
     * client or a screen reader names the message by when it is opened on its own, WCAG 2.4.2). UTF-8, without a line
     * break.
     */
    static byte[] documentStart(String language, String subject) {
        return (language == null ? DOCUMENT_OPEN : DOCUMENT_OPEN_IN + language + "\">")
                .concat(DOCUMENT_HEAD).concat(title(subject)).concat(DOCUMENT_HEAD_END)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static final String DOCUMENT_OPEN = "<!DOCTYPE html><html>";
    private static final String DOCUMENT_OPEN_IN = "<!DOCTYPE html><html lang=\"";
    private static final String DOCUMENT_HEAD = "<head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>";
    private static final String DOCUMENT_HEAD_END = "</title><style>img{max-width:100%;height:auto}</style></head><body>";
    static final byte[] DOCUMENT_END = "</body></html>".getBytes(StandardCharsets.US_ASCII);

    /** The subject as a title's text: escaped, on one line. */
    private static String title(String subject) {
        if (subject == null) {
            return "";
        }
        StringBuilder title = null;
        for (int i = 0; i < subject.length(); i++) {
            char c = subject.charAt(i);
            String escaped = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '\r', '\n' -> " ";
                default -> null;
            };
            if (escaped != null && title == null) {
                title = new StringBuilder(subject.length() + 16).append(subject, 0, i);
            }
            if (title != null) {
                if (escaped == null) {
                    title.append(c);
                } else {
                    title.append(escaped);
                }
            }
        }
        return title == null ? subject : title.toString();
    }

    /**
     * The outbox's language as a tag fit for a header and an attribute (letters, digits and hyphens, as BCP 47's
     * are), or null: none known, or a value that is no tag (the content library checked it when the piece was saved;
     * a header is never written from anything else).
     */
    static String languageTag(String language) {
        if (language == null || language.isEmpty() || language.length() > 35) {
            return null;
        }
        for (int i = 0; i < language.length(); i++) {
            char c = language.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
                return null;
            }
        }
        return language;
    }

    private static final byte[] NOTHING = {};

    /** The Date header's value: the same for every message written within a second, so written once a second. */
    private String date() {
        long second = clock.instant().getEpochSecond();
        DateLine last = lastDate;
        if (last == null || last.second() != second) {
            last = new DateLine(second, DATE.format(java.time.Instant.ofEpochSecond(second)));
            lastDate = last;
        }
        return last.text();
    }

    private record DateLine(long second, String text) {}

    /**
     * The address with its domain as IDNA's ASCII (punycode): "jürgen@müller.de" goes as "jürgen@xn--mller-kva.de",
     * which every server takes without SMTPUTF8; only a local part outside ASCII needs it.
     */
    static String withAsciiDomain(String address) throws AddressException {
        int at = address.lastIndexOf('@');
        if (at < 0 || isAscii(address.substring(at + 1))) {
            return address;
        }
        try {
            return address.substring(0, at + 1) + java.net.IDN.toASCII(address.substring(at + 1));
        } catch (IllegalArgumentException e) {
            throw new AddressException("not a valid internationalised domain: " + e.getMessage(), address);
        }
    }

    /** Whether the part of the address before its domain is ASCII: otherwise it needs a server that takes SMTPUTF8. */
    static boolean asciiLocalPart(String address) {
        int at = address.lastIndexOf('@');
        return isAscii(at < 0 ? address : address.substring(0, at));
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 128);
    }

    private static void header(MimeBytes out, String name, String value) {
        out.ascii(name).ascii(": ").ascii(value).crlf();
    }

    /**
     * A text part in UTF-8, {@code head} + {@code content} + {@code tail} (head and tail without a line break):
     * quoted-printable, which leaves mostly-ASCII text readable and about its own size, or base64 for text mostly
     * outside ASCII (where quoted-printable would triple it), as Jakarta Mail chooses.
     */
    private static void part(MimeBytes out, String boundary, String type, byte[] head, String content, byte[] tail) {
        byte[] body = content.getBytes(StandardCharsets.UTF_8);
        out.ascii("--").ascii(boundary).crlf();
        out.ascii("Content-Type: ").ascii(type).ascii("; charset=UTF-8").crlf();
        // In UTF-8 every character outside ASCII takes two bytes or more: as many bytes as characters is all ASCII.
        int outside = outsideAscii(head) + (body.length == content.length() ? 0 : outsideAscii(body)) + outsideAscii(tail);
        if (outside > 0 && outside > head.length + body.length + tail.length - outside) {
            out.ascii("Content-Transfer-Encoding: base64").crlf().crlf();
            out.put(BASE64.encode(crlf(head, body, tail)));
        } else {
            out.ascii("Content-Transfer-Encoding: quoted-printable").crlf().crlf();
            QuotedPrintable.encode(out, head, body, tail);
        }
        out.crlf();
    }

    /** How many bytes are outside ASCII. */
    private static int outsideAscii(byte[] bytes) {
        int outside = 0;
        for (byte b : bytes) {
            if (b < 0) {
                outside++;
            }
        }
        return outside;
    }

    /** Text in its canonical form for base64: every line break CR LF (head and tail have none). */
    private static byte[] crlf(byte[] head, byte[] body, byte[] tail) {
        MimeBytes canonical = new MimeBytes(head.length + body.length + body.length / 32 + tail.length);
        canonical.put(head);
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (b == '\r' || b == '\n') {
                canonical.crlf();
                if (b == '\r' && i + 1 < body.length && body[i + 1] == '\n') {
                    i++;
                }
            } else {
                canonical.put(b);
            }
        }
        canonical.put(tail);
        return canonical.toByteArray();
    }

    private static String subject(String subject) throws MessagingException {
        try {
            return MimeUtility.fold(9, MimeUtility.encodeText(subject, "UTF-8", null));
        } catch (UnsupportedEncodingException e) {
            throw new MessagingException("cannot encode the subject", e);
        }
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
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalStateException("keepwarm.mail.dkim.private-key (KEEPWARM_MAIL_DKIM_PRIVATE_KEY) names "
                    + settings.privateKey() + ", and there is no such file (or Keepwarm may not read it)", e);
        } catch (Exception e) {
            throw new IllegalStateException("keepwarm.mail.dkim.private-key (KEEPWARM_MAIL_DKIM_PRIVATE_KEY): cannot read"
                    + " a PKCS#8 RSA key from " + settings.privateKey() + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Keys in the forms Keepwarm does not read are named with the command that turns them into one it does: openssl
     * genrsa and older ssh-keygen write PKCS#1 ("BEGIN RSA PRIVATE KEY"), which the JDK's KeyFactory cannot read, and
     * its own complaint ("Unable to decode key") says nothing of why.
     */
    private static void refuseOtherForms(String text, Path file) {
        String convert = "; convert it with: openssl pkcs8 -topk8 -nocrypt -in " + file + " -out " + file + ".pkcs8"
                + " and point KEEPWARM_MAIL_DKIM_PRIVATE_KEY at the new file";
        if (text.contains("-----BEGIN RSA PRIVATE KEY-----")) {
            throw new IllegalArgumentException("it is a PKCS#1 key (BEGIN RSA PRIVATE KEY), not PKCS#8" + convert);
        }
        if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new IllegalArgumentException("it is encrypted with a passphrase, which Keepwarm cannot be given" + convert);
        }
        if (text.contains("-----BEGIN OPENSSH PRIVATE KEY-----") || text.contains("-----BEGIN EC PRIVATE KEY-----")) {
            throw new IllegalArgumentException("it is not an RSA key in PKCS#8; make one with: openssl genpkey"
                    + " -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out dkim.pem");
        }
    }

    /** Reads a PKCS#8 RSA key, as PEM ("BEGIN PRIVATE KEY") or DER. */
    private static RSAPrivateKey privateKey(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.US_ASCII);
        refuseOtherForms(text, file);
        if (text.contains("-----BEGIN")) {
            bytes = Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", ""));
        }
        return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(bytes));
    }

    /**
     * Whether SMTP was handed the whole body of this message (composed here): a connection that breaks after that, while
     * the server answers the end of the data, leaves it unknown whether the server took the message.
     */
    static boolean handedOver(MimeMessage message) {
        return switch (message) {
            case WrittenMessage written -> written.handedOver;
            case SignedMessage signed -> signed.handedOver;
            default -> false;
        };
    }

    /** A written message with its DKIM signature, which SMTP writes out as the signer gives it. */
    private static final class SignedMessage extends DkimMessage {

        private volatile boolean handedOver;
        /** As written: the signer reads the headers back byte by byte, which would garble an address outside ASCII. */
        private final Address[] recipients;

        SignedMessage(MimeMessage message, DkimSigner signer) throws MessagingException {
            super(message, signer);
            this.recipients = message.getAllRecipients();
        }

        @Override
        public Address[] getAllRecipients() {
            return recipients.clone();
        }

        /**
         * The headers as the signer hashes them. They were read back byte for byte, one character each (the session
         * does not read UTF-8), which is how they are written out again; the signer hashes a header's characters as
         * UTF-8, which would encode a UTF-8 To (SMTPUTF8, RFC 6532) twice and break the signature. Here each header is
         * the text its bytes spell in UTF-8, whose UTF-8 is the bytes sent. ASCII headers are as they were.
         */
        @Override
        public Enumeration<Header> getAllHeaders() throws MessagingException {
            List<Header> decoded = new ArrayList<>();
            for (Enumeration<Header> all = super.getAllHeaders(); all.hasMoreElements(); ) {
                Header header = all.nextElement();
                String value = header.getValue();
                decoded.add(value == null || value.chars().allMatch(c -> c < 128) ? header
                        : new Header(header.getName(), new String(value.getBytes(StandardCharsets.ISO_8859_1),
                                StandardCharsets.UTF_8)));
            }
            return Collections.enumeration(decoded);
        }

        @Override
        public void writeTo(OutputStream out, String[] ignoreList) throws IOException, MessagingException {
            super.writeTo(out, ignoreList);
            handedOver = true;
        }
    }

    /**
     * A message already written as MIME: SMTP sends its bytes as they are. The sender and recipient are set on it too,
     * for the envelope (MAIL FROM, RCPT TO); the bytes hold no Bcc or Content-Length for SMTP to leave out.
     */
    private static final class WrittenMessage extends MimeMessage {

        private final MimeBytes bytes;
        /** Set once SMTP has been given the whole body after its go-ahead (354): from then on the server may have it. */
        private volatile boolean handedOver;

        WrittenMessage(Session session, MimeBytes bytes, Address from, Address to) throws MessagingException {
            super(session);
            this.bytes = bytes;
            setFrom(from);
            setRecipient(Message.RecipientType.TO, to);
        }

        @Override
        public void writeTo(OutputStream out, String[] ignoreList) throws IOException {
            bytes.writeTo(out);
            handedOver = true;
        }

        @Override
        protected void updateHeaders() {
            // Written once, as it stands.
        }
    }
}
