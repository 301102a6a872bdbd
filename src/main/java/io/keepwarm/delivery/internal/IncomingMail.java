package io.keepwarm.delivery.internal;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.Date;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * What the reply reader keeps of a message: who wrote it, its subject, whether a machine wrote it on its own (an out
 * of office or vacation reply), and the start of its text without the message it quotes, for the person who answers.
 * Reading it is where a malformed message fails: the text in a charset Java does not know, a broken MIME structure.
 *
 * @param snippet the start of the new text, at most {@value #SNIPPET} characters; null when there is none
 */
record IncomingMail(String messageId, Date sent, String from, String subject, boolean automatic, String snippet) {

    static final int SNIPPET = 500;
    static final int SUBJECT = 300;

    /** Subjects mail clients and servers give automatic replies, in the languages seen most. */
    private static final Pattern AUTOMATIC_SUBJECT = Pattern.compile("(?iu)^\\s*(out of (the )?office|automatic reply"
            + "|auto[- ]?reply|auto[- ]?response|autoreply|away from (the )?office|abwesenheitsnotiz|automatische antwort"
            + "|r[ée]ponse automatique|absence du bureau|respuesta autom[áa]tica|automatisch antwoord|risposta automatica"
            + "|fuori sede)\\b");
    private static final Pattern PRECEDENCE = Pattern.compile("(?i)\\s*(auto_reply|bulk|junk)\\s*");
    /** Where the quoted message starts: "On Mon, 5 Jan 2026, Ada wrote:", Outlook's separator, a quoted line. */
    private static final Pattern QUOTE_START = Pattern.compile("(?im)^(>|-{2,}\\s*original message\\s*-{2,}|_{10,}|on .{0,200}"
            + " wrote:\\s*$|am .{0,200} schrieb .{0,100}:\\s*$|le .{0,200} a écrit\\s*:\\s*$|from: .+$)");
    private static final int MAX_DEPTH = 5;

    static IncomingMail read(MimeMessage message) throws MessagingException, IOException {
        String subject = message.getSubject() == null ? "" : printable(message.getSubject());
        return new IncomingMail(message.getMessageID() == null ? null : printable(message.getMessageID()),
                message.getSentDate(), sender(message), clip(subject, SUBJECT), automatic(message, subject),
                snippet(text(message, 0)));
    }

    /**
     * RFC 3834's Auto-Submitted (anything but "no"), the X-Autoreply and X-Autorespond headers of sendmail's
     * vacation and its kin, Precedence auto_reply, bulk or junk, or a subject such as "Out of office" or "Automatic
     * reply: …" (Outlook sends some without any header).
     */
    static boolean automatic(MimeMessage message, String subject) throws MessagingException {
        String submitted = message.getHeader("Auto-Submitted", ",");
        if (submitted != null && !submitted.strip().equalsIgnoreCase("no")) {
            return true;
        }
        if (message.getHeader("X-Autoreply") != null || message.getHeader("X-Autorespond") != null) {
            return true;
        }
        String precedence = message.getHeader("Precedence", ",");
        return precedence != null && PRECEDENCE.matcher(precedence).matches()
                || AUTOMATIC_SUBJECT.matcher(subject).find();
    }

    private static String sender(MimeMessage message) throws MessagingException {
        Address[] from = message.getFrom();
        if (from == null || from.length == 0) {
            return null;
        }
        String shown = from[0] instanceof InternetAddress a ? a.toUnicodeString() : from[0].toString();
        return clip(printable(shown), 320);
    }

    /** The message's text: its plain-text part, else its HTML part's text without quoted blocks. */
    private static String text(Part part, int depth) throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            return String.valueOf(part.getContent());
        }
        if (part.isMimeType("text/html")) {
            Document html = Jsoup.parse(String.valueOf(part.getContent()));
            html.select("blockquote, .gmail_quote, #divRplyFwdMsg, #appendonsend").remove();
            html.select("br, p, div").after("\n");
            return html.wholeText();
        }
        if (!part.isMimeType("multipart/*") || depth >= MAX_DEPTH || !(part.getContent() instanceof Multipart parts)) {
            return null;
        }
        String html = null;
        for (int i = 0; i < parts.getCount(); i++) {
            Part inner = parts.getBodyPart(i);
            if (Part.ATTACHMENT.equalsIgnoreCase(inner.getDisposition())) {
                continue;
            }
            if (inner.isMimeType("text/html")) {
                html = html == null ? text(inner, depth + 1) : html;
                continue;
            }
            String text = text(inner, depth + 1);
            if (text != null) {
                return text;
            }
        }
        return html;
    }

    /** The new text, up to where the quoted message starts, its white space made single. */
    private static String snippet(String text) {
        if (text == null) {
            return null;
        }
        var quote = QUOTE_START.matcher(text);
        String fresh = printable(quote.find() ? text.substring(0, quote.start()) : text);
        return fresh.isEmpty() ? null : clip(fresh, SNIPPET);
    }

    /**
     * The text on one line, without control characters: a stranger's NUL byte, which PostgreSQL refuses in text,
     * would otherwise stop the reader at that message on every round.
     */
    static String printable(String s) {
        return s.replaceAll("[\\s\\p{Cc}]+", " ").strip();
    }

    private static String clip(String s, int length) {
        return s.length() <= length ? s : s.substring(0, length - 1) + "…";
    }
}
