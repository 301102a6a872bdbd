package io.keepwarm.bench;

import static io.keepwarm.bench.BenchSupport.RESULTS;
import static io.keepwarm.bench.BenchSupport.fresh;
import static io.keepwarm.bench.BenchSupport.start;

import io.keepwarm.contact.Channel;
import io.keepwarm.contact.Contact;
import io.keepwarm.contact.Contacts;
import io.keepwarm.content.ContentDraft;
import io.keepwarm.content.ContentItem;
import io.keepwarm.content.ContentLibrary;
import io.keepwarm.content.Links;
import io.keepwarm.content.Rendered;
import io.keepwarm.delivery.Delivery;
import io.keepwarm.delivery.OutboxMessage;
import io.keepwarm.delivery.Outgoing;
import io.keepwarm.delivery.internal.SmtpChannel;
import io.keepwarm.platform.Chunks;
import io.keepwarm.platform.Timestamps;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Email to a local SMTP sink (Postfix's smtp-sink, which accepts and discards): render a 30 KB piece for each contact,
 * hand it to delivery (links tracked, footer, outbox row) and let the SMTP channel send the queue, beside a baseline
 * that sends the same finished messages, already written as MIME, over as many persistent connections in the same
 * run. Arguments: database, messages.
 */
public final class MailBench {

    private static final int CONNECTIONS = 4;

    public static void main(String[] args) throws Exception {
        String db = args.length > 0 ? args[0] : "h2";
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process sink = new ProcessBuilder("/usr/sbin/smtp-sink", "127.0.0.1:" + port, "256").inheritIO().start();
        try (ConfigurableApplicationContext context = start(db, Map.of("spring.mail.host", "127.0.0.1",
                "spring.mail.port", Integer.toString(port), "keepwarm.mail.postal-address", "1 Bench Street, Berlin",
                "keepwarm.mail.connections", Integer.toString(CONNECTIONS), "keepwarm.mail.per-second", "1000000",
                "keepwarm.mail.per-domain-per-second", "1000000"))) {
            fresh(context.getBean(Flyway.class));
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            ContentItem piece = setUp(context, jdbc, messages);
            System.out.printf("Mail bench: %,d messages of %,d bytes of HTML to smtp-sink on %s%n", messages,
                    piece.variants().email().html().length(), db);

            long start = System.nanoTime();
            renderAndHandOver(context, piece, messages);
            SmtpChannel smtp = context.getBean(SmtpChannel.class);
            while (smtp.runOnce() > 0) {
                // until the queue is empty
            }
            double keepwarmMs = (System.nanoTime() - start) / 1e6;
            long sent = jdbc.sql("SELECT COUNT(*) FROM outbox_messages WHERE status = 'SENT'").query(Long.class).single();
            if (sent != messages) {
                throw new IllegalStateException("only " + sent + " of " + messages + " messages were sent");
            }
            List<byte[]> finished = finishedMessages(context.getBean(Delivery.class), messages);
            double baselineMs = baseline(port, finished);
            double rate = messages / (keepwarmMs / 1000);
            double baselineRate = messages / (baselineMs / 1000);
            double averageKb = finished.stream().mapToInt(m -> m.length).average().orElse(0) / 1024;
            report(db, messages, averageKb, baselineRate, rate);
        } finally {
            sink.destroy();
        }
    }

    private static ContentItem setUp(ConfigurableApplicationContext context, JdbcClient jdbc, int n) throws Exception {
        var ts = Timestamps.of(Instant.parse("2026-03-03T14:00:00Z"));
        jdbc.sql("""
                INSERT INTO contacts (email, first_name, time_zone, source, validity, created_at, updated_at)
                SELECT 'c' || g || '@example' || MOD(g, 20) || '.com', 'First' || MOD(g, 1000), 'Europe/Berlin', 'IMPORT',
                       'VALID', ?, ? FROM generate_series(1, ?) g(g)""").params(ts, ts, n).update();
        StringBuilder html = new StringBuilder("<h1>Cooling for {{ contact.first_name }}</h1>");
        int section = 0;
        while (html.length() < 30_000) {
            section++;
            html.append("<h2>Part ").append(section).append("</h2><p>Liquid cooling keeps dense racks within their power")
                    .append(" budget; this part walks through rear-door heat exchangers, direct-to-chip loops and what")
                    .append(" they cost per kilowatt over five years, with measured figures from three data centres.</p>")
                    .append("<p><a href=\"https://example.com/guide/part-").append(section)
                    .append("?utm_source=keepwarm\">Read part ").append(section).append("</a></p>");
        }
        var draft = context.getBean(JsonMapper.class).readValue(JsonMapper.shared().writeValueAsString(Map.of(
                "name", "Cooling guide", "type", "WHITE_PAPER", "status", "LIVE",
                "fallbacks", Map.of("contact.first_name", "there"),
                "variants", Map.of("email", Map.of("subject", "A cooling guide for {{ contact.first_name }}",
                        "html", html.toString())))), ContentDraft.class);
        return context.getBean(ContentLibrary.class).create(draft);
    }

    /** What the engine does for a touch it may send: render for the contact and hand over, a batch per transaction. */
    private static void renderAndHandOver(ConfigurableApplicationContext context, ContentItem piece, int n) {
        ContentLibrary library = context.getBean(ContentLibrary.class);
        Contacts contacts = context.getBean(Contacts.class);
        Delivery delivery = context.getBean(Delivery.class);
        TransactionTemplate tx = context.getBean(TransactionTemplate.class);
        List<Long> ids = new ArrayList<>();
        for (long id = 1; id <= n; id++) {
            ids.add(id);
        }
        for (List<Long> batch : Chunks.of(ids, 500)) {
            tx.executeWithoutResult(status -> {
                Map<Long, Contact> people = contacts.getAll(batch);
                List<Outgoing> outgoing = new ArrayList<>();
                for (long id : batch) {
                    Links links = new Links(null, null, "https://kw.example/t/u/" + id, "https://kw.example/t/p/" + id);
                    Rendered r = library.render(piece, people.get(id), Channel.EMAIL, links);
                    outgoing.add(new Outgoing.Email(id, id, people.get(id).email(), r.subject(), r.html(), r.text(), null,
                            links.unsubscribeUrl(), links.preferencesUrl()));
                }
                delivery.sendAll(outgoing);
            });
        }
    }

    private static List<byte[]> finishedMessages(Delivery delivery, int n) throws Exception {
        Session session = Session.getInstance(new Properties());
        List<byte[]> finished = new ArrayList<>(n);
        String cursor = null;
        do {
            var page = delivery.outbox(null, "SENT", cursor, 500);
            for (OutboxMessage m : page.items()) {
                MimeMessage message = new MimeMessage(session);
                message.setFrom(new InternetAddress("keepwarm@localhost"));
                message.setRecipient(Message.RecipientType.TO, new InternetAddress(m.to()));
                message.setSubject(m.subject(), "UTF-8");
                MimeMultipart alternatives = new MimeMultipart("alternative");
                MimeBodyPart text = new MimeBodyPart();
                text.setText(m.text(), "UTF-8");
                MimeBodyPart html = new MimeBodyPart();
                html.setContent(m.html(), "text/html; charset=UTF-8");
                alternatives.addBodyPart(text);
                alternatives.addBodyPart(html);
                message.setContent(alternatives);
                message.saveChanges();
                var out = new java.io.ByteArrayOutputStream();
                message.writeTo(out);
                finished.add(out.toByteArray());
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return finished;
    }

    /** The same messages as bytes, over as many persistent connections, one virtual thread each. */
    private static double baseline(int port, List<byte[]> finished) throws Exception {
        Session session = Session.getInstance(new Properties());
        long start = System.nanoTime();
        try (ExecutorService lanes = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int lane = 0; lane < CONNECTIONS; lane++) {
                int first = lane;
                running.add(lanes.submit(() -> {
                    Transport transport = session.getTransport("smtp");
                    transport.connect("127.0.0.1", port, null, null);
                    for (int i = first; i < finished.size(); i += CONNECTIONS) {
                        MimeMessage m = new MimeMessage(session, new java.io.ByteArrayInputStream(finished.get(i)));
                        transport.sendMessage(m, m.getAllRecipients());
                    }
                    transport.close();
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static void report(String db, int messages, double averageKb, double baselineRate, double rate)
            throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("case", "mail");
        result.put("database", db);
        result.put("messages", messages);
        result.put("averageMessageKb", Math.round(averageKb));
        result.put("measuredAt", Instant.now().toString());
        result.put("baselineMessagesPerSecond", Math.round(baselineRate));
        result.put("messagesPerSecond", Math.round(rate));
        result.put("ratioToBaseline", Math.round(rate / baselineRate * 100) / 100.0);
        String name = "mail-" + db + "-" + messages;
        Files.createDirectories(RESULTS);
        Files.writeString(RESULTS.resolve(name + ".json"), JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValueAsString(result));
        String markdown = """
                | case | database | messages | size | send finished MIME (baseline) | render + hand over + SMTP (Keepwarm) | ratio |
                |---|---|---:|---:|---:|---:|---:|
                | mail | %s | %,d | %.0f KB | %,.0f msg/s | %,.0f msg/s | %.2f× |
                """.formatted(db, messages, averageKb, baselineRate, rate, rate / baselineRate);
        Files.writeString(RESULTS.resolve(name + ".md"), markdown);
        System.out.println();
        System.out.println(markdown);
    }
}
