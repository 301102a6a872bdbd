package io.keepwarm.bench;

import static io.keepwarm.bench.BenchSupport.RESULTS;
import static io.keepwarm.bench.BenchSupport.fresh;
import static io.keepwarm.bench.BenchSupport.median;
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
 * sink received from Keepwarm) over as many persistent connections to the same sink in the same run, after an
 * uncounted warm-up of as many messages. Each round times both; the medians are reported. Arguments: database,
 * messages, rounds.
 */
public final class MailBench {

    private static final int CONNECTIONS = 4;
    private static final long POLL_MS = 20;

    public static void main(String[] args) throws Exception {
        String db = args.length > 0 ? args[0] : "h2";
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int rounds = Math.max(1, args.length > 2 ? Integer.parseInt(args[2]) : 1);
        SmtpSink sink = new SmtpSink();
        int port = sink.port();
        try (ConfigurableApplicationContext context = start(db, Map.of("spring.mail.host", "127.0.0.1",
                "spring.mail.port", Integer.toString(port), "keepwarm.mail.postal-address", "1 Bench Street, Berlin",
                "keepwarm.mail.from-address", "nurture@bench.test",
                "keepwarm.mail.connections", Integer.toString(CONNECTIONS), "keepwarm.mail.per-second", "1000000",
                "keepwarm.mail.per-domain-per-second", "1000000", "keepwarm.mail.allow-insecure-public-url", "true"))) {
            fresh(context.getBean(Flyway.class));
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            ContentItem piece = setUp(context, jdbc, messages * (rounds + 1));
            System.out.printf("Mail bench: %,d messages of %,d bytes of HTML to smtp-sink on %s, %d round(s)%n", messages,
                    piece.variants().email().html().length(), db, rounds);

            SmtpChannel smtp = context.getBean(SmtpChannel.class);
            // Uncounted: the code both runs share (the SMTP client, the sink) is warm when the baseline runs, so
            // Keepwarm's own code gets compiled before it is timed too.
            renderAndHandOver(context, piece, (long) rounds * messages + 1, (long) (rounds + 1) * messages);
            smtp.drain();
            // The sink keeps a copy of every message from here on, so that it does the same work in both runs.
            sink.keep(true);
            sink.takeKept();
            CpuMeter cpu = new CpuMeter(jdbc, db);
            List<Double> rates = new ArrayList<>();
            List<Double> baselineRates = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            double averageKb = 0;
            for (int round = 0; round < rounds; round++) {
                long first = (long) round * messages + 1;
                long last = first + messages - 1;
                CpuMeter.Reading before = cpu.read();
                double keepwarmMs = keepwarm(context, piece, smtp, first, last);
                CpuMeter.Reading keepwarmCpu = cpu.read().minus(before);
                long sent = jdbc.sql("SELECT COUNT(*) FROM outbox_messages WHERE status = 'SENT' AND touch_id BETWEEN ? AND ?")
                        .params(first, last).query(Long.class).single();
                if (sent != messages) {
                    throw new IllegalStateException("only " + sent + " of " + messages + " messages were sent");
                }
                List<byte[]> finished = sink.takeKept();
                if (finished.size() != messages) {
                    throw new IllegalStateException("the sink kept " + finished.size() + " of " + messages + " messages");
                }
                CpuMeter.Reading beforeBaseline = cpu.read();
                double baselineMs = baseline(port, finished);
                CpuMeter.Reading baselineCpu = cpu.read().minus(beforeBaseline);
                sink.takeKept();
                rates.add(messages / (keepwarmMs / 1000));
                baselineRates.add(messages / (baselineMs / 1000));
                ratios.add(baselineMs / keepwarmMs);
                averageKb = finished.stream().mapToInt(m -> m.length).average().orElse(0) / 1024;
                System.out.printf("round %d: Keepwarm %,.0f msg/s (CPU per message %.0f µs in the JVM + %.0f µs in"
                        + " PostgreSQL), baseline %,.0f msg/s (%.0f µs), ratio %.2f%n", round + 1, rates.getLast(),
                        keepwarmCpu.jvmMs() * 1000 / messages, keepwarmCpu.dbMs() * 1000 / messages,
                        baselineRates.getLast(), baselineCpu.jvmMs() * 1000 / messages, ratios.getLast());
            }
            sink.keep(false);
            report(db, messages, rounds, averageKb, median(baselineRates), median(rates), median(ratios));
        } finally {
            sink.close();
        }
    }

    /**
     * One timed run: the engine's part renders and hands over touches {@code first} to {@code last} while the mail
     * job sends what is queued, as in a running Keepwarm; the time until the last of them is sent.
     */
    private static double keepwarm(ConfigurableApplicationContext context, ContentItem piece, SmtpChannel smtp, long first,
            long last) throws Exception {
        long start = System.nanoTime();
        double handOverMs;
        try (ExecutorService sender = Executors.newSingleThreadExecutor()) {
            java.util.concurrent.atomic.AtomicBoolean handedOver = new java.util.concurrent.atomic.AtomicBoolean();
            Future<?> sending = sender.submit(() -> mailJob(smtp, handedOver));
            renderAndHandOver(context, piece, first, last);
            handOverMs = (System.nanoTime() - start) / 1e6;
            handedOver.set(true);
            sending.get();
        }
        double keepwarmMs = (System.nanoTime() - start) / 1e6;
        System.out.printf("render + hand over %.0f ms, all sent at %.0f ms%n", handOverMs, keepwarmMs);
        return keepwarmMs;
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
        return context.getBean(ContentLibrary.class).create(draft).item();
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

    private static void report(String db, int messages, int rounds, double averageKb, double baselineRate, double rate,
            double ratio) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("case", "mail");
        result.put("database", db);
        result.put("messages", messages);
        result.put("rounds", rounds);
        result.put("averageMessageKb", Math.round(averageKb));
        result.put("measuredAt", Instant.now().toString());
        result.put("baselineMessagesPerSecond", Math.round(baselineRate));
        result.put("messagesPerSecond", Math.round(rate));
        result.put("ratioToBaseline", Math.round(ratio * 100) / 100.0);
        String name = "mail-" + db + "-" + messages;
        Files.createDirectories(RESULTS);
        Files.writeString(RESULTS.resolve(name + ".json"), JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValueAsString(result));
        String markdown = """
                | case | database | messages | size | send finished MIME (baseline) | render + hand over + SMTP (Keepwarm) | ratio |
                |---|---|---:|---:|---:|---:|---:|
                | mail | %s | %,d | %.0f KB | %,.0f msg/s | %,.0f msg/s | %.2f× |
                """.formatted(db, messages, averageKb, baselineRate, rate, ratio);
        Files.writeString(RESULTS.resolve(name + ".md"), markdown);
        System.out.println();
        System.out.println(rounds > 1 ? "Medians of " + rounds + " rounds (the ratio is the median of each round's):" : "");
        System.out.println(markdown);
    }
}
