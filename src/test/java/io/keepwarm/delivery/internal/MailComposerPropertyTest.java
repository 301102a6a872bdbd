package io.keepwarm.delivery.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.eclipse.angus.mail.util.QPEncoderStream;

/**
 * The message MailComposer writes itself reads back, through Jakarta Mail, as the one Jakarta Mail's own parts made:
 * the same headers and the same text and HTML; its quoted-printable is Angus Mail's byte for byte.
 */
class MailComposerPropertyTest {

    private static final Instant NOW = Instant.parse("2026-03-03T14:05:09Z");
    private static final Session SESSION = Session.getInstance(new Properties());

    private final MailComposer composer = new MailComposer(new MailSettings("news@keepwarm.test", "Keepwarm",
            "Replies <replies@keepwarm.test>", "unsubscribe@keepwarm.test", "1 Test Street", "keepwarm.test", null, null,
            null, null, null, null, null, null, null),
            Clock.fixed(NOW, ZoneOffset.UTC), false);

    @Property(tries = 500)
    void quotedPrintableIsAngusMailsByteForByte(@ForAll("texts") String text) throws Exception {
        assertQuotedPrintableAsAngus(text);
    }

    @Property(tries = 100)
    void longTextIsQuotedPrintableAsAngusMailDoesIt(@ForAll("longTexts") String text) throws Exception {
        assertQuotedPrintableAsAngus(text);
    }

    private static void assertQuotedPrintableAsAngus(String text) throws Exception {
        byte[] in = text.getBytes(StandardCharsets.UTF_8);
        MimeBytes ours = new MimeBytes(16);
        QuotedPrintable.encode(ours, in);
        var angus = new ByteArrayOutputStream();
        try (var qp = new QPEncoderStream(angus)) {
            qp.write(in);
        }
        assertThat(new String(ours.toByteArray(), StandardCharsets.US_ASCII))
                .isEqualTo(angus.toString(StandardCharsets.US_ASCII));
    }

    @Property(tries = 200)
    void aWrittenMessageReadsBackAsJakartaMailWouldHaveWrittenIt(@ForAll("messages") MailQueue.Queued q) throws Exception {
        MimeMessage ours = parse(bytes(composer.compose(SESSION, q)));
        MimeMessage theirs = parse(bytes(jakartaMail(q)));

        for (String header : List.of("From", "Reply-To", "To", "Message-ID", "Subject", "MIME-Version",
                "Content-Language", "List-Unsubscribe", "List-Unsubscribe-Post")) {
            assertThat(ours.getHeader(header)).as(header).isEqualTo(theirs.getHeader(header));
        }
        assertThat(ours.getSubject()).isEqualTo(theirs.getSubject());
        assertThat(ours.getSentDate()).isEqualTo(Date.from(NOW));
        assertThat(ours.getContentType()).startsWith("multipart/alternative;");
        assertThat(parts(ours)).isEqualTo(parts(theirs));
        String raw = new String(bytes(ours), StandardCharsets.ISO_8859_1);
        assertThat(raw.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(998));
        assertThat(raw.chars()).allSatisfy(c -> assertThat(c).isLessThan(128));
    }

    /** The parts' types and decoded text, line breaks as CR LF (what text in MIME is, however it was sent). */
    private static List<String> parts(MimeMessage message) throws Exception {
        Multipart parts = (Multipart) message.getContent();
        List<String> found = new java.util.ArrayList<>();
        for (int i = 0; i < parts.getCount(); i++) {
            Part part = parts.getBodyPart(i);
            found.add(part.getContentType().replace(" ", "").toLowerCase(java.util.Locale.ROOT) + "\n"
                    + ((String) part.getContent()).replaceAll("\r\n|\r|\n", "\r\n"));
        }
        return found;
    }

    /** What MailComposer wrote before it wrote messages itself: Jakarta Mail's parts and setters. */
    private static MimeMessage jakartaMail(MailQueue.Queued q) throws Exception {
        MimeMessage message = new MimeMessage(SESSION);
        message.setFrom(new InternetAddress(q.fromAddress(), q.fromName(), "UTF-8"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(q.to(), true));
        message.setReplyTo(InternetAddress.parse("Replies <replies@keepwarm.test>"));
        message.setSubject(q.subject(), "UTF-8");
        message.setSentDate(Date.from(NOW));
        message.setHeader("List-Unsubscribe", "<" + q.unsubscribeUrl() + ">, <mailto:unsubscribe@keepwarm.test"
                + "?subject=unsubscribe%20" + q.messageId().replaceAll("[<>]", "") + ">");
        message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        if (q.language() != null) {
            message.setHeader("Content-Language", q.language());
        }
        MimeMultipart alternatives = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(q.text(), "UTF-8");
        alternatives.addBodyPart(text);
        MimeBodyPart html = new MimeBodyPart();
        html.setContent(document(q.language(), q.subject(), q.html()), "text/html; charset=UTF-8");
        alternatives.addBodyPart(html);
        message.setContent(alternatives);
        message.saveChanges();
        message.setHeader("Message-ID", q.messageId());
        return message;
    }

    /** Text cut in three anywhere (a part may be empty) is encoded as the whole is. */
    @Property(tries = 500)
    void textInPartsIsQuotedPrintableAsTheWholeIs(@ForAll("texts") String text, @ForAll @IntRange(max = 3000) int a,
            @ForAll @IntRange(max = 3000) int b) throws Exception {
        byte[] in = text.getBytes(StandardCharsets.UTF_8);
        int first = Math.min(a, b) % (in.length + 1);
        int second = Math.max(first, Math.max(a, b) % (in.length + 1));
        MimeBytes whole = new MimeBytes(16);
        QuotedPrintable.encode(whole, in);
        MimeBytes inParts = new MimeBytes(16);
        QuotedPrintable.encode(inParts, Arrays.copyOfRange(in, 0, first), Arrays.copyOfRange(in, first, second),
                Arrays.copyOfRange(in, second, in.length));

        assertThat(new String(inParts.toByteArray(), StandardCharsets.US_ASCII))
                .isEqualTo(new String(whole.toByteArray(), StandardCharsets.US_ASCII));
        assertQuotedPrintableAsAngus(text);
    }

    /**
     * The HTML part is written around the body's bytes, byte for byte as it was when the document was first joined to
     * the body as one string and that written, as a message's text part still is.
     */
    @Property(tries = 300)
    void theHtmlPartIsByteForByteTheWholeDocumentWrittenAsOneText(@ForAll("htmlBodies") String html,
            @ForAll("subjects") String subject, @ForAll("languages") String language) throws Exception {
        MailQueue.Queued q = new MailQueue.Queued(1, 7L, 2, "ada@example.com", "news@keepwarm.test", "Keepwarm", subject,
                html, document(language, subject, html), null, "<touch.7@keepwarm.test>", 0, language, null);

        List<String> parts = encodedParts(new String(bytes(composer.compose(SESSION, q)), StandardCharsets.US_ASCII));

        assertThat(parts).hasSize(2);
        assertThat(parts.get(1)).startsWith("\r\nContent-Type: text/html; charset=UTF-8\r\n");
        assertThat(parts.get(1).replaceFirst("text/html", "text/plain")).isEqualTo(parts.get(0));
    }

    /** The document the HTML part holds, as one string. */
    private static String document(String language, String subject, String body) {
        return new String(MailComposer.documentStart(language, subject), StandardCharsets.UTF_8) + body
                + new String(MailComposer.DOCUMENT_END, StandardCharsets.US_ASCII);
    }

    /** Each part of a message as written, headers and encoded body, between its boundaries. */
    private static List<String> encodedParts(String raw) {
        var boundary = java.util.regex.Pattern.compile("boundary=\"([^\"]+)\"").matcher(raw);
        assertThat(boundary.find()).isTrue();
        String[] pieces = raw.split(java.util.regex.Pattern.quote("--" + boundary.group(1)), -1);
        return Arrays.asList(pieces).subList(1, pieces.length - 1);
    }

    private static byte[] bytes(MimeMessage message) throws Exception {
        var out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    private static MimeMessage parse(byte[] bytes) throws Exception {
        return new MimeMessage(SESSION, new ByteArrayInputStream(bytes));
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.of(" ", "  ", "\t", "\r\n", "\n", "\r", "=", ".", "..", "--=_kw_", "é", "€", "日本", "😀",
                        " \r\n", "\t\n", "=\r\n", "From ", "\u0000", "\u007f"),
                Arbitraries.strings().alpha().numeric().withChars(' ', '<', '>', '"', '&').ofMinLength(1).ofMaxLength(90));
        return piece.list().ofMaxSize(40).map(parts -> String.join("", parts));
    }

    /** Bodies of every kind the encoders meet: spaces and line breaks at either end, mostly non-ASCII, long. */
    @Provide
    Arbitrary<String> htmlBodies() {
        Arbitrary<String> nonAscii = Arbitraries.strings().withCharRange('а', 'я').withChars(' ', '\n', '\r').ofMaxLength(400);
        return Arbitraries.oneOf(texts(), nonAscii, longTexts(), Arbitraries.of("", " ", "\r", "\n", "é", "\r\n ", " x "));
    }

    /** Past the encoder's chunk of input, with runs of spaces and line breaks across its edges. */
    @Provide
    Arbitrary<String> longTexts() {
        return Arbitraries.strings().withChars(' ', ' ', ' ', '\r', '\n', 'a', 'b', '=', 'é', '\t')
                .ofMinLength(300).ofMaxLength(20_000);
    }

    @Provide
    Arbitrary<String> subjects() {
        return Arbitraries.oneOf(texts().map(s -> s.replaceAll("[\r\n\u0000]", " ")),
                Arbitraries.of("A cooling guide for Ada", "Für Jürgen: ein Leitfaden", "日本語の件名", "Tom & Jerry <3"));
    }

    @Provide
    Arbitrary<String> languages() {
        return Arbitraries.of("en", "de", "pt-BR", "zh-Hant-TW").injectNull(0.3);
    }

    @Provide
    Arbitrary<MailQueue.Queued> messages() {
        Arbitrary<String> names = Arbitraries.of("Rita Rep", "Jürgen Müller", "O'Brien, Pat", "\"Quoted\" Name", "李雷",
                "A very long display name that goes on and on past the point where a header line would be folded");
        Arbitrary<String> nonAscii = Arbitraries.strings().withCharRange('а', 'я').withChars(' ', '\n').ofMaxLength(400);
        Arbitrary<String> bodies = Arbitraries.oneOf(texts(), nonAscii);
        return Combinators.combine(names, subjects(), bodies, bodies, Arbitraries.longs().between(1, Long.MAX_VALUE),
                        languages())
                .as((name, subject, text, html, touch, language) -> new MailQueue.Queued(1, touch, 2, "ada@example.com",
                        "news@keepwarm.test", name, subject, "<p>" + html + "</p>", text,
                        "https://keepwarm.test/t/u/k1.token", "<touch." + touch + "@keepwarm.test>", 0, language,
                        null));
    }
}
