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
import io.keepwarm.delivery.Outgoing;
import io.keepwarm.delivery.internal.SmtpChannel;
import io.keepwarm.platform.Chunks;
import io.keepwarm.platform.Timestamps;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
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
 * Email to a local SMTP sink that accepts and discards ({@link SmtpSink}): render a piece for each contact (about 30 KB
 * once written as MIME with its text part) and hand it to delivery (links tracked, footer, outbox row), while the SMTP
 * channel sends the queue as the mail job does; beside a baseline that sends the same finished messages (the bytes the
 * sink received from Keepwarm) over as many persistent connections to the same sink in the same run. Arguments:
 * database, messages.
 */
public final class MailBench {

    private static final int CONNECTIONS = 4;
    private static final long POLL_MS = 20;

    public static void main(String[] args) throws Exception {
        String db = args.length > 0 ? args[0] : "h2";
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        SmtpSink sink = new SmtpSink();
        int port = sink.port();
        try (ConfigurableApplicationContext context = start(db, Map.of("spring.mail.host", "127.0.0.1",
                "spring.mail.port", Integer.toString(port), "keepwarm.mail.postal-address", "1 Bench Street, Berlin",
                "keepwarm.mail.connections", Integer.toString(CONNECTIONS), "keepwarm.mail.per-second", "1000000",
                "keepwarm.mail.per-domain-per-second", "1000000"))) {
            fresh(context.getBean(Flyway.class));
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            int warmUp = messages;
            ContentItem piece = setUp(context, jdbc, messages + warmUp);
            System.out.printf("Mail bench: %,d messages of %,d bytes of HTML to smtp-sink on %s%n", messages,
                    piece.variants().email().html().length(), db);

            SmtpChannel smtp = context.getBean(SmtpChannel.class);
            // Uncounted: the code both runs share (the SMTP client, the sink) is warm when the baseline runs, so
            // Keepwarm's own code gets compiled before it is timed too.
            renderAndHandOver(context, piece, messages + 1, messages + warmUp);
            smtp.drain();
            sink.keep(true);
            CpuMeter cpu = new CpuMeter(jdbc, db);
            CpuMeter.Reading before = cpu.read();
            long start = System.nanoTime();
            // As in a running Keepwarm, the engine renders and hands over while the mail job sends what is queued.
            Future<?> sending;
            double handOverMs;
            try (ExecutorService sender = Executors.newSingleThreadExecutor()) {
                java.util.concurrent.atomic.AtomicBoolean handedOver = new java.util.concurrent.atomic.AtomicBoolean();
                sending = sender.submit(() -> mailJob(smtp, handedOver));
                renderAndHandOver(context, piece, 1, messages);
                handOverMs = (System.nanoTime() - start) / 1e6;
                handedOver.set(true);
                sending.get();
            }
            double keepwarmMs = (System.nanoTime() - start) / 1e6;
            CpuMeter.Reading keepwarmCpu = cpu.read().minus(before);
            System.out.printf("render + hand over %.0f ms, all sent at %.0f ms%n", handOverMs, keepwarmMs);
            long sent = jdbc.sql("SELECT COUNT(*) FROM outbox_messages WHERE status = 'SENT' AND touch_id <= ?")
                    .param(messages).query(Long.class).single();
            if (sent != messages) {
                throw new IllegalStateException("only " + sent + " of " + messages + " messages were sent");
            }
            List<byte[]> finished = sink.takeKept();
            if (finished.size() != messages) {
                throw new IllegalStateException("the sink kept " + finished.size() + " of " + messages + " messages");
            }
            // The sink goes on keeping copies, so that it does the same work for each message in both runs.
            CpuMeter.Reading beforeBaseline = cpu.read();
            double baselineMs = baseline(port, finished);
            CpuMeter.Reading baselineCpu = cpu.read().minus(beforeBaseline);
            sink.keep(false);
            System.out.printf("CPU per message: Keepwarm %.0f µs in the JVM + %.0f µs in PostgreSQL, baseline %.0f µs%n",
                    keepwarmCpu.jvmMs() * 1000 / messages, keepwarmCpu.dbMs() * 1000 / messages,
                    baselineCpu.jvmMs() * 1000 / messages);
            double rate = messages / (keepwarmMs / 1000);
            double baselineRate = messages / (baselineMs / 1000);
            double averageKb = finished.stream().mapToInt(m -> m.length).average().orElse(0) / 1024;
            report(db, messages, averageKb, baselineRate, rate);
        } finally {
            sink.close();
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
        while (html.length() < 14_000) {
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
    private static void renderAndHandOver(ConfigurableApplicationContext context, ContentItem piece, long first, long last) {
        ContentLibrary library = context.getBean(ContentLibrary.class);
        Contacts contacts = context.getBean(Contacts.class);
        Delivery delivery = context.getBean(Delivery.class);
        TransactionTemplate tx = context.getBean(TransactionTemplate.class);
        List<Long> ids = new ArrayList<>();
        for (long id = first; id <= last; id++) {
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

    /**
     * What the mail job does ({@code MailJob}): rounds of the queue while they find work, a pause when one finds none.
     * The job's pause is {@code keepwarm.mail.poll} (a second by default); here it is shorter, so that the end of a
     * finite run is not a wait for the next tick.
     */
    private static Void mailJob(SmtpChannel smtp, java.util.concurrent.atomic.AtomicBoolean handedOver)
            throws InterruptedException {
        while (true) {
            boolean last = handedOver.get();
            if (smtp.drain() == 0) {
                if (last) {
                    return null;
                }
                Thread.sleep(POLL_MS);
            }
        }
    }

    /**
     * The messages Keepwarm sent, byte for byte as the sink received them, sent again as they are (no parsing, no
     * writing) over as many persistent connections to the same sink, one virtual thread each.
     */
    private static double baseline(int port, List<byte[]> finished) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.smtp.socketFactory", new io.keepwarm.delivery.internal.NoDelaySockets());
        Session session = Session.getInstance(properties);
        long start = System.nanoTime();
        try (ExecutorService lanes = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int lane = 0; lane < CONNECTIONS; lane++) {
                int first = lane;
                running.add(lanes.submit(() -> {
                    Transport transport = session.getTransport("smtp");
                    transport.connect("127.0.0.1", port, null, null);
                    for (int i = first; i < finished.size(); i += CONNECTIONS) {
                        Finished m = new Finished(session, finished.get(i));
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

    /** A message already written: its bytes go out as they are; the envelope's recipient is read from its To. */
    private static final class Finished extends MimeMessage {

        private final byte[] bytes;

        Finished(Session session, byte[] bytes) throws jakarta.mail.MessagingException {
            super(session);
            this.bytes = bytes;
            setFrom(new InternetAddress("keepwarm@localhost"));
            setRecipient(Message.RecipientType.TO, new InternetAddress(to(bytes)));
        }

        private static String to(byte[] bytes) {
            String head = new String(bytes, 0, Math.min(bytes.length, 4096), java.nio.charset.StandardCharsets.US_ASCII);
            int at = head.indexOf("\r\nTo: ") + 6;
            return head.substring(at, head.indexOf("\r\n", at));
        }

        @Override
        public void writeTo(java.io.OutputStream out, String[] ignoreList) throws java.io.IOException {
            out.write(bytes);
        }
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
