package io.keepwarm.engine;

import static io.keepwarm.support.Api.json;
import static io.keepwarm.support.Api.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.icegreen.greenmail.util.GreenMail;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.ConsentState;
import io.keepwarm.contact.Consents;
import io.keepwarm.delivery.Delivery;
import io.keepwarm.delivery.OutboxMessage;
import io.keepwarm.delivery.internal.SmtpChannel;
import io.keepwarm.support.Api;
import io.keepwarm.support.KeepwarmTest;
import io.keepwarm.support.TestClock;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** An inline-styled newsletter as an email tool writes it goes out looking as it was written, to every contact. */
@KeepwarmTest
class StyledNewsletterTest {

    /** The styling the author wrote, as the cleaner writes it back. */
    private static final String HEADER = "<td align=\"left\" valign=\"top\" bgcolor=\"#003366\" style=\"padding: 24px 32px;"
            + " color: #ffffff; font-family: 'Helvetica Neue', Arial, sans-serif; font-size: 22px; border-bottom: 4px"
            + " solid #ff9900\">";
    private static final String TABLE = "<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\""
            + " border=\"0\" bgcolor=\"#ffffff\" align=\"center\" style=\"border-collapse: collapse; max-width: 600px\">";

    @Autowired Api api;
    @Autowired Engine engine;
    @Autowired Delivery delivery;
    @Autowired Consents consents;
    @Autowired TestClock clock;
    @Autowired SmtpChannel smtp;
    @Autowired GreenMail greenMail;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void theNewsletterIsSentWithItsStylingAndACityThatSmugglesCssGetsOnlyTheStyleTheAuthorWrote() throws Exception {
        ObjectNode piece = JsonMapper.shared().createObjectNode().put("name", "Styled " + run).put("type", "ARTICLE")
                .put("status", "LIVE");
        piece.putObject("fallbacks").put("contact.first_name", "there").put("contact.city", "berlin");
        piece.putObject("variants").putObject("email").put("subject", "Cooling news " + run).put("html", "<center>"
                + TABLE.replace("; ", ";") + "<tr>" + HEADER.replace(": ", ":")
                + "<font face=\"Georgia\" color=\"#ffcc00\">Cooling news</font> for {{ contact.first_name }}</td></tr>"
                + "<tr><td style=\"background-image: url(https://maps.example.com/tiles/{{ contact.city }}.png);"
                + " padding: 24px\">Near you</td></tr></table></center>");
        JsonNode saved = json(api.post("/api/v1/content", piece.toString()).andExpect(status().isCreated()));
        assertThat(saved.get("warnings")).isEmpty();
        long sequence = api.activeProgram("""
                {"name": "styled %s", "kind": "SEQUENCE", "steps": [{"type": "send", "contentId": %d, "channel": "EMAIL"}]}"""
                .formatted(run, saved.get("id").asLong()));
        String adaEmail = uniqueEmail("ada");
        String eveEmail = uniqueEmail("eve");
        long ada = lead(adaEmail, "Hamburg");
        long eve = lead(eveEmail, "x.png); position: fixed; top: 0; z-index: 9; background-image: url(http://evil.example/p");
        api.post("/api/v1/programs/" + sequence + "/enrollments", "{\"contactIds\": [" + ada + ", " + eve + "]}");

        clock.set(ZonedDateTime.ofInstant(clock.instant(), ZoneId.of("Europe/Berlin"))
                .with(TemporalAdjusters.next(DayOfWeek.MONDAY)).withHour(9).withMinute(0).withSecond(0).withNano(0)
                .toInstant());
        engine.tick();

        OutboxMessage toAda = outbox(ada);
        assertThat(toAda.html()).contains("<center>" + TABLE + "<tbody><tr>" + HEADER
                + "<font face=\"Georgia\" color=\"#ffcc00\">Cooling news</font> for Ada</td></tr>",
                "<td style=\"background-image: url(https://maps.example.com/tiles/Hamburg.png); padding: 24px\">");
        OutboxMessage toEve = outbox(eve);
        assertThat(toEve.html()).contains(TABLE, HEADER,
                "<td style=\"background-image: url(https://maps.example.com/tiles/x.png); padding: 24px\">")
                .doesNotContain("position", "z-index", "evil.example");

        smtp.deliverNow(toEve.id());
        assertThat(sentHtml(eveEmail)).contains(TABLE, HEADER,
                "<td style=\"background-image: url(https://maps.example.com/tiles/x.png); padding: 24px\">")
                .doesNotContain("position", "evil.example");
    }

    private long lead(String email, String city) throws Exception {
        long id = api.createContact("""
                {"email": "%s", "firstName": "%s", "city": "%s", "timeZone": "Europe/Berlin"}"""
                .formatted(email, email.startsWith("ada") ? "Ada" : "Eve", city));
        consents.record(id, new Consents.Statement(Channel.EMAIL, ConsentState.GRANTED, "web form", null));
        api.post("/api/v1/contacts/" + id + "/stage", "{\"to\": \"NURTURE\"}").andExpect(status().isOk());
        return id;
    }

    private OutboxMessage outbox(long contact) {
        assertThat(delivery.outbox(contact, null, null, 10).items()).hasSize(1);
        return delivery.outbox(contact, null, null, 10).items().getFirst();
    }

    /** The HTML part of the message the SMTP server received for the address, decoded. */
    private String sentHtml(String to) throws Exception {
        MimeMessage message = Arrays.stream(greenMail.getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(to);
            } catch (Exception e) {
                return false;
            }
        }).findFirst().orElseThrow();
        Multipart parts = (Multipart) message.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            if (parts.getBodyPart(i).isMimeType("text/html")) {
                return (String) parts.getBodyPart(i).getContent();
            }
        }
        throw new AssertionError("no HTML part");
    }
}
