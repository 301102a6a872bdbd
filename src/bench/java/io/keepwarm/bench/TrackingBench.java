package io.keepwarm.bench;

import static io.keepwarm.bench.BenchSupport.start;

import io.keepwarm.contact.ContactInput;
import io.keepwarm.contact.Contacts;
import io.keepwarm.delivery.Delivery;
import io.keepwarm.delivery.OutboxMessage;
import io.keepwarm.delivery.Outgoing;
import io.keepwarm.tracking.Tracking;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The open pixel and the click redirect under a steady 1,000 requests a second from loopback: half opens, half
 * clicks over 1,000 sent emails. Open loop (each request leaves at its planned moment, whether or not earlier ones
 * answered), so a stall shows in the latencies instead of slowing the load. Afterwards the recorder is flushed and
 * every answered request must be in the database: none lost.
 *
 * <p>{@code ./mvnw -Pbench -DskipTests verify -Dbench.case=tracking -Dbench.db=postgres -Dbench.rows=30000}
 * (rows = requests; at 1,000 a second, 30,000 is half a minute)
 */
final class TrackingBench {

    private static final int EMAILS = 1000;
    /** Requests a second; KEEPWARM_BENCH_RATE changes it. */
    private static final int RATE = Integer.parseInt(BenchSupport.env("KEEPWARM_BENCH_RATE", "1000"));
    private static final Pattern LINK = Pattern.compile("(?:href|src)=\"([^\"]*/t/[oc]/[^\"]+)\"");

    private TrackingBench() {}

    public static void main(String[] args) throws Exception {
        String db = args.length > 0 ? args[0] : "h2";
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 30_000;
        try (ConfigurableApplicationContext context = start(db, Map.of(
                "keepwarm.tracking.per-ip-per-minute", "100000000",
                "keepwarm.tracking.per-token-per-minute", "100000000",
                "keepwarm.tracking.fast-click", "PT0S"))) {
            BenchSupport.fresh(context.getBean(org.flywaydb.core.Flyway.class));
            String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
            List<String> urls = setUp(context, base);
            // A warm-up the JIT compiler can work on, not counted.
            run(context, urls, Math.min(requests, 10_000), false);
            run(context, urls, requests, true);
            if (new java.io.File("/usr/bin/wrk").canExecute()) {
                wrk(context, base, urls, Math.max(10, requests / RATE), RATE);
                wrk(context, base, urls, Math.max(10, requests / RATE), 0);
            }
        }
    }

    private static List<String> setUp(ConfigurableApplicationContext context, String base) {
        Contacts contacts = context.getBean(Contacts.class);
        Delivery delivery = context.getBean(Delivery.class);
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < EMAILS; i++) {
            long contact = contacts.upsert(ContactInput.ofEmail("reader" + i + "@bench.example")).contact().id();
            long touch = 1_000_000L + i;
            delivery.send(new Outgoing.Email(touch, contact, "reader" + i + "@bench.example", "Hello",
                    "<p><a href=\"https://example.com/a\">a</a> <a href=\"https://example.com/b\">b</a></p>", null, null,
                    null, null));
            OutboxMessage message = delivery.messageForTouch(touch).orElseThrow();
            LINK.matcher(message.html()).results().map(m -> m.group(1).replace("&amp;", "&"))
                    .map(u -> base + u.substring(u.indexOf("/t/"))).forEach(urls::add);
        }
        return urls;
    }

    private static void run(ConfigurableApplicationContext context, List<String> urls, int requests, boolean report)
            throws Exception {
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        long before = jdbc.sql("SELECT COUNT(*) FROM tracking_events").query(Long.class).single();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        long[] latencies = new long[requests];
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        long start = System.nanoTime();
        long interval = 1_000_000_000L / RATE;
        try (var senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < requests; i++) {
                long planned = start + i * interval;
                long wait = planned - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(Duration.ofNanos(wait));
                }
                String url = urls.get(i % urls.size());
                int n = i;
                senders.submit(() -> {
                    try {
                        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url))
                                .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) bench").GET().build(),
                                HttpResponse.BodyHandlers.discarding());
                        (response.statusCode() == 200 || response.statusCode() == 302 ? ok : failed).incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                    // From the planned moment, so time spent queued behind a stall counts.
                    latencies[n] = System.nanoTime() - planned;
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuPerRequest = (os.getProcessCpuTime() - cpuBefore) / 1e3 / requests;
        context.getBean(Tracking.class).flush();
        long recorded = jdbc.sql("SELECT COUNT(*) FROM tracking_events").query(Long.class).single() - before;
        if (report) {
            Arrays.sort(latencies);
            System.out.printf("%ntracking at %d/s planned: %d requests in %.1f s (%.0f/s), %d answered, %d failed%n", RATE, requests, seconds,
                    requests / seconds, ok.get(), failed.get());
            System.out.printf("latency ms: p50 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n", ms(latencies, 0.50),
                    ms(latencies, 0.99), ms(latencies, 0.999), latencies[latencies.length - 1] / 1e6);
            System.out.printf("CPU of this JVM (server, recorder and load generator together): %.0f us a request;"
                    + " machine load average %.1f on %d cores%n", cpuPerRequest, os.getSystemLoadAverage(),
                    os.getAvailableProcessors());
            System.out.printf("recorded %d of %d answered (%s)%n", recorded, ok.get(),
                    recorded == ok.get() ? "none lost" : "LOST " + (ok.get() - recorded));
        }
    }

    /**
     * The same URLs from wrk (Debian's package), a load tool outside this JVM, with four connections: paced to
     * about {@code rate} requests a second (each connection waits its share of a second, less a millisecond for the
     * answer, after every answer), or with rate 0
     * as fast as they are answered, a closed loop that shows how many requests a second the server can take.
     */
    private static void wrk(ConfigurableApplicationContext context, String base, List<String> urls, int seconds, int rate)
            throws Exception {
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        long before = jdbc.sql("SELECT COUNT(*) FROM tracking_events").query(Long.class).single();
        java.nio.file.Path dir = java.nio.file.Files.createDirectories(BenchSupport.RESULTS);
        java.nio.file.Path list = java.nio.file.Files.write(dir.resolve("tracking-urls.txt"),
                urls.stream().map(u -> u.substring(base.length())).toList());
        java.nio.file.Path script = java.nio.file.Files.writeString(dir.resolve("tracking.lua"), """
                local urls = {}
                for line in io.lines("%s") do urls[#urls + 1] = line end
                local i = 0
                request = function()
                  i = i + 1
                  return wrk.format("GET", urls[(i %% #urls) + 1], {["User-Agent"] = "Mozilla/5.0 (X11; Linux) wrk"})
                end
                %s
                """.formatted(list.toAbsolutePath(), rate > 0 ? "delay = function() return " + Math.max(1, 4 * 1000 / rate - 1) + " end" : ""));
        Process wrk = new ProcessBuilder("/usr/bin/wrk", "-t", "1", "-c", "4", "-d", seconds + "s", "--latency", "-s",
                script.toAbsolutePath().toString(), base).redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes());
        wrk.waitFor();
        context.getBean(Tracking.class).flush();
        long recorded = jdbc.sql("SELECT COUNT(*) FROM tracking_events").query(Long.class).single() - before;
        var sent = Pattern.compile("(\\d+) requests in").matcher(output);
        System.out.printf("%nwrk, 4 connections, %d s, %s:%n%s", seconds,
                rate > 0 ? "paced to " + rate + "/s" : "as fast as answered", output);
        System.out.printf("recorded %d of %s requests%n", recorded, sent.find() ? sent.group(1) : "?");
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
