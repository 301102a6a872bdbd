package io.keepwarm.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Keepwarm in a JVM of its own, started from the test's classpath with the given settings, so a test can kill it
 * with SIGKILL mid-work and start another on the same database, as a crash and a restart would.
 */
public final class KeepwarmProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private KeepwarmProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * The settings of a Keepwarm working in its own schema of the test database (url, user and password of the
     * PostgreSQL test run), on the simulated clock from the instant, with an ADMIN key for the test to call it.
     */
    public static Map<String, String> onSchema(String url, String user, String password, String schema, Instant clockStart,
            String apiKey) {
        Map<String, String> settings = new java.util.HashMap<>();
        settings.put("spring.datasource.url", TestDatabase.inSchema(url, schema));
        settings.put("spring.datasource.username", user);
        settings.put("spring.datasource.password", password);
        settings.put("spring.flyway.schemas", schema);
        settings.put("keepwarm.clock", "simulated");
        settings.put("keepwarm.clock-start", clockStart.toString());
        settings.put("keepwarm.clock-runs", "false");
        settings.put("keepwarm.identity.admin-password", schema + "-admin-password");
        settings.put("keepwarm.identity.bootstrap-api-key", apiKey);
        settings.put("logging.level.root", "WARN");
        return settings;
    }

    /**
     * How long a separate Keepwarm may take to start or to finish a test's work. Generous: on a quiet machine it
     * starts in about 20 s, but a machine running other builds has seen it miss two minutes. A process that dies
     * fails at once, whatever this says.
     */
    public static final Duration PATIENCE = Duration.ofMinutes(5);

    /** Starts Keepwarm with these properties and waits until it answers its health check. */
    public static KeepwarmProcess start(Map<String, String> properties) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m", "-cp", applicationClassPath(), "io.keepwarm.KeepwarmApplication",
                "--server.port=" + port));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        Path log = Files.createTempFile("keepwarm-process", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        KeepwarmProcess started = new KeepwarmProcess(process, port, log);
        HttpClient http = HttpClient.newHttpClient();
        try {
            started.await(PATIENCE, "to answer its health check", () -> {
                try {
                    return http.send(HttpRequest.newBuilder(URI.create(started.url("/actuator/health"))).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            });
        } catch (IllegalStateException | IOException late) {
            // Nobody else holds it: left running, it would go on running its jobs against a schema the test drops.
            process.destroyForcibly();
            throw late;
        }
        return started;
    }

    /**
     * The test run's class path without the test classes: the application's component scan would otherwise pick up
     * test configurations (a clean database, a test SMTP server) in the separate JVM.
     */
    private static String applicationClassPath() {
        String all = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return java.util.Arrays.stream(all.split(java.io.File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes") && !entry.endsWith("test-classes/"))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Waits for a condition on this process's work, checking every 50 ms; fails with its log when it never holds. */
    public void await(Duration limit, String what, BooleanSupplier condition) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keepwarm stopped before " + what + ":\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Keepwarm did not manage " + what + " within " + limit + ":\n" + tail());
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    /** SIGKILL: no shutdown hook, no finally block, no last commit. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            kill();
        }
        Files.deleteIfExists(log);
    }
}
