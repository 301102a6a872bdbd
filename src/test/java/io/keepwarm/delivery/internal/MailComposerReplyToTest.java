package io.keepwarm.delivery.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Where a reply to a nurture email goes: the account's Reply-To, the owner it reads as, or the mailbox we read. */
class MailComposerReplyToTest {

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final MailSettings SETTINGS = new MailSettings("news@keepwarm.test", "Keepwarm",
            "Replies <replies@keepwarm.test>", null, "1 Test Street", "keepwarm.test", null, null, null, null, null, null,
            null, null, null);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-03T14:05:09Z"), ZoneOffset.UTC);

    @Test
    void accountMailIsAnsweredToTheAccountsReplyTo() throws Exception {
        assertThat(replyTo(false, message("news@keepwarm.test", "Keepwarm"))).containsExactly(
                "Replies <replies@keepwarm.test>");
    }

    @Test
    void mailSentAsTheOwnerIsAnsweredToTheOwnerWhileNoReplyMailboxIsRead() throws Exception {
        assertThat(replyTo(false, message("rita@keepwarm.test", "Rita Rep"))).as("no Reply-To: the From, Rita").isNull();
        assertThat(replyTo(false, message("rita@keepwarm.test", "Rita Rep").from("news@keepwarm.test", "Keepwarm")))
                .as("the server would not send as Rita: it goes from the account, and replies still go to Rita")
                .containsExactly("rita@keepwarm.test");
    }

    @Test
    void mailSentAsTheOwnerIsAnsweredToTheReplyMailboxWhenOneIsRead() throws Exception {
        assertThat(replyTo(true, message("rita@keepwarm.test", "Rita Rep")))
                .containsExactly("Replies <replies@keepwarm.test>");
        MailSettings noReplyTo = new MailSettings("news@keepwarm.test", "Keepwarm", null, null, "1 Test Street",
                "keepwarm.test", null, null, null, null, null, null, null, null, null);
        assertThat(written(new MailComposer(noReplyTo, CLOCK, true), message("rita@keepwarm.test", "Rita Rep"))
                .getHeader("Reply-To")).as("the mailbox is the account sender's").containsExactly(
                        "Keepwarm <news@keepwarm.test>");
    }

    private static String[] replyTo(boolean repliesRead, MailQueue.Queued message) throws Exception {
        return written(new MailComposer(SETTINGS, CLOCK, repliesRead), message).getHeader("Reply-To");
    }

    /** The message as its bytes read back, as a receiver sees it. */
    private static MimeMessage written(MailComposer composer, MailQueue.Queued message) throws Exception {
        var bytes = new ByteArrayOutputStream();
        composer.compose(SESSION, message).writeTo(bytes);
        return new MimeMessage(SESSION, new ByteArrayInputStream(bytes.toByteArray()));
    }

    private static MailQueue.Queued message(String fromAddress, String fromName) {
        return new MailQueue.Queued(1, 2L, 3, "ada@example.com", fromAddress, fromName, "Hello", "<p>Hello</p>",
                "Hello", null, "<touch.2.0@keepwarm.test>", 0, null, null);
    }

    private static String htmlOf(MimeMessage sent) throws Exception {
        var parts = (jakarta.mail.Multipart) sent.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            if (parts.getBodyPart(i).isMimeType("text/html")) {
                return (String) parts.getBodyPart(i).getContent();
            }
        }
        throw new AssertionError("no HTML part");
    }

    @Test
    void anEmailSaysWhichLanguageItIsInAndIsTitledByItsSubject() throws Exception {
        MimeMessage sent = written(new MailComposer(SETTINGS, CLOCK, false), new MailQueue.Queued(1, 2L, 3,
                "ada@example.com", "news@keepwarm.test", "Keepwarm", "Kühl & sicher: <Ihr> Leitfaden",
                "<div lang=\"de\"><p>Hallo</p></div>", "Hallo", null, "<touch.2.0@keepwarm.test>", 0, "de", null));

        assertThat(sent.getHeader("Content-Language")).containsExactly("de");
        var document = org.jsoup.Jsoup.parse(htmlOf(sent));
        assertThat(document.selectFirst("html").attr("lang")).isEqualTo("de");
        assertThat(document.title()).isEqualTo("Kühl & sicher: <Ihr> Leitfaden");
        assertThat(document.head().select("title")).hasSize(1);
        assertThat(htmlOf(sent)).contains("<title>Kühl &amp; sicher: &lt;Ihr&gt; Leitfaden</title>");
        assertThat(document.body().select("p").text()).isEqualTo("Hallo");
    }

    @Test
    void anEmailOfNoKnownLanguageClaimsNone() throws Exception {
        MimeMessage sent = written(new MailComposer(SETTINGS, CLOCK, false), message("news@keepwarm.test", "Keepwarm"));

        assertThat(sent.getHeader("Content-Language")).isNull();
        var document = org.jsoup.Jsoup.parse(htmlOf(sent));
        assertThat(document.selectFirst("html").hasAttr("lang")).isFalse();
        assertThat(document.title()).isEqualTo("Hello");
    }

    @Test
    void aLanguageThatIsNoTagIsNeitherAHeaderNorAnAttribute() throws Exception {
        MimeMessage sent = written(new MailComposer(SETTINGS, CLOCK, false), new MailQueue.Queued(1, 2L, 3,
                "ada@example.com", "news@keepwarm.test", "Keepwarm", "Hello", "<p>Hello</p>", "Hello", null,
                "<touch.2.0@keepwarm.test>", 0, "de\r\nBcc: eve@example.com", null));

        assertThat(sent.getHeader("Content-Language")).isNull();
        assertThat(sent.getHeader("Bcc")).isNull();
        assertThat(org.jsoup.Jsoup.parse(htmlOf(sent)).selectFirst("html").hasAttr("lang")).isFalse();
    }

    @Test
    void anEmailFitsAPhonesScreenWithItsTextReadableAndNoPictureWiderThanTheScreen() throws Exception {
        MimeMessage sent = written(new MailComposer(SETTINGS, CLOCK, false), message("news@keepwarm.test", "Keepwarm"));

        var document = org.jsoup.Jsoup.parse(htmlOf(sent));
        assertThat(document.select("meta[name=viewport]").attr("content")).isEqualTo("width=device-width, initial-scale=1");
        assertThat(document.select("head style").html()).contains("img{max-width:100%;height:auto}");
        assertThat(document.body().html()).isEqualTo("<p>Hello</p>");
    }

    @Test
    void withoutABounceAddressTheEnvelopeSenderIsTheAccountsSenderNotTheReplyMailbox() {
        // The SMTP login may send as the account's sender; a relay such as Microsoft 365 refuses any other MAIL FROM.
        assertThat(MailComposer.envelopeSender(SETTINGS)).isEqualTo("news@keepwarm.test");
        MailSettings bounces = new MailSettings("news@keepwarm.test", "Keepwarm", "Replies <replies@keepwarm.test>", null,
                "1 Test Street", "keepwarm.test", null, null, null, null, null, null, null, null, "bounces@keepwarm.test");
        assertThat(MailComposer.envelopeSender(bounces)).isEqualTo("bounces@keepwarm.test");
    }
}
