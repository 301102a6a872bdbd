package io.keepwarm.delivery.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.Properties;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

/** What the reply reader keeps of any message fits its columns, and tells a machine's reply from a person's. */
class IncomingMailPropertyTest {

    private static final Session SESSION = Session.getInstance(new Properties());

    @Property(tries = 300)
    void whatIsKeptOfAnyReplyFitsItsColumnsOnOneLineWithoutControlCharacters(@ForAll @StringLength(max = 400) String subject,
            @ForAll @StringLength(max = 3000) String text) throws Exception {
        IncomingMail mail = IncomingMail.read(received(subject, text, Map.of()));

        assertThat(mail.subject()).hasSizeLessThanOrEqualTo(IncomingMail.SUBJECT).doesNotContainPattern("\\p{Cc}");
        if (mail.snippet() != null) {
            assertThat(mail.snippet()).hasSizeLessThanOrEqualTo(IncomingMail.SNIPPET).doesNotContainPattern("\\p{Cc}")
                    .isNotBlank().isEqualTo(mail.snippet().strip());
        }
    }

    @Example
    void theSnippetIsTheNewTextWithoutTheMessageItQuotes() throws Exception {
        assertThat(IncomingMail.read(received("Re: Checking in", """
                Thanks Rita,
                yes, next week.

                On Mon, 5 Jan 2026 at 09:00, Rita Rep <rita@keepwarm.test> wrote:
                > Still interested?
                """, Map.of())).snippet()).isEqualTo("Thanks Rita, yes, next week.");
        assertThat(IncomingMail.read(received("RE: Checking in", """
                Please call me.
                -----Original Message-----
                From: Rita Rep
                """, Map.of())).snippet()).isEqualTo("Please call me.");
    }

    @Example
    void aPersonsReplyIsNotAutomaticWhateverItsSubjectSaysFurtherOn() throws Exception {
        assertThat(IncomingMail.read(received("Re: Out of office plans for our team", "Call me.", Map.of())).automatic())
                .isFalse();
        assertThat(IncomingMail.read(received("Re: Checking in", "Call me.", Map.of("Auto-Submitted", "no")))
                .automatic()).isFalse();
        assertThat(IncomingMail.read(received("Re: Checking in", "Call me.", Map.of("Precedence", "first-class")))
                .automatic()).isFalse();
    }

    @Example
    void outOfOfficeRepliesInTheirUsualFormsAreAutomatic() throws Exception {
        for (String subject : new String[] {"Automatic reply: Checking in", "Out of Office: Checking in",
                "Abwesenheitsnotiz: Checking in", "Réponse automatique : Checking in", "Auto-Reply: Checking in"}) {
            assertThat(IncomingMail.read(received(subject, "Away.", Map.of())).automatic()).as(subject).isTrue();
        }
        assertThat(IncomingMail.read(received("Re: Checking in", "Away.", Map.of("Auto-Submitted", "auto-generated")))
                .automatic()).isTrue();
        assertThat(IncomingMail.read(received("Re: Checking in", "Away.", Map.of("Precedence", "bulk"))).automatic())
                .isTrue();
    }

    /** The message as a mailbox hands it over: written out and read back. */
    private static MimeMessage received(String subject, String text, Map<String, String> headers) throws Exception {
        MimeMessage message = new MimeMessage(SESSION);
        message.setFrom(new InternetAddress("ada@example.com"));
        message.setSubject(subject, "UTF-8");
        message.setText(text, "UTF-8");
        for (var header : headers.entrySet()) {
            message.setHeader(header.getKey(), header.getValue());
        }
        message.saveChanges();
        var bytes = new ByteArrayOutputStream();
        message.writeTo(bytes);
        return new MimeMessage(SESSION, new ByteArrayInputStream(bytes.toByteArray()));
    }
}
