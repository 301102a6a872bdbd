package io.keepwarm.trigger.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers queued webhook calls: claims a few with a lease (renewed before each call), calls them outside any
 * transaction, then records each answer on the call and on the firing's action: DONE on 2xx; FAILED on a refused
 * address, a redirect or another 4xx; tried again later (1, 5, 25 minutes) on no answer, 5xx, 408 or 429, up to the
 * configured attempts. An answer that comes after the call was claimed again (its lease lapsed) settles nothing.
 *
 * <p>A graceful stop (SIGTERM) claims no new batch and makes no new call: the call on the wire is answered and
 * recorded, and the rest of its batch goes back to the queue untried, as the SMTP sender does with its round. Its phase
 * is the highest, so it is told before the scheduler starts waiting for the job.
 */
@Component
class WebhookDelivery implements SmartLifecycle {

    /** What a round of deliveries did. */
    record Delivered(int delivered, int failed, int retried) {}

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WebhookDelivery.class);
    private static final int BATCH = 20;

    private final WebhookCalls calls;
    private final WebhookClient client;
    private final TriggerStore triggers;
    private final FiringStore firings;
    private final TriggerProperties properties;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private volatile boolean stopping;

    WebhookDelivery(WebhookCalls calls, WebhookClient client, TriggerStore triggers, FiringStore firings,
            TriggerProperties properties, Clock clock, PlatformTransactionManager transactionManager) {
        this.calls = calls;
        this.client = client;
        this.triggers = triggers;
        this.firings = firings;
        this.properties = properties;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** Delivers every call due now, until Keepwarm is asked to stop. */
    Delivered deliverDue() {
        int[] counts = new int[3];
        while (!stopping) {
            List<WebhookCalls.Call> due = transactions.execute(status -> calls.claim(clock.instant(), BATCH));
            if (due == null || due.isEmpty()) {
                break;
            }
            for (int i = 0; i < due.size(); i++) {
                if (stopping) {
                    putBack(due.subList(i, due.size()));
                    break;
                }
                WebhookCalls.Call call = due.get(i);
                if (Boolean.TRUE.equals(transactions.execute(status -> calls.renew(call, clock.instant())))) {
                    counts[deliver(call)]++;
                }
            }
        }
        return new Delivered(counts[0], counts[1], counts[2]);
    }

    /** The calls a stop came before: due as they were, the try not counted, rather than waiting out their lease. */
    private void putBack(List<WebhookCalls.Call> untried) {
        transactions.executeWithoutResult(status -> untried.forEach(calls::putBack));
        log.info("Stopping: {} webhook call(s) claimed and not yet made go back to the queue", untried.size());
    }

    /** Lets the rounds go on again; calls are delivered from the start, so only after a {@link #stop}. */
    @Override
    public void start() {
        stopping = false;
    }

    /**
     * Claims nothing more and makes no call but the one on the wire, which ends within the client's timeouts; the rest
     * of the batch goes back to the queue, before the scheduler waits for the job in flight and the context closes the
     * database.
     */
    @Override
    public void stop() {
        stopping = true;
    }

    @Override
    public boolean isRunning() {
        return !stopping;
    }

    /** Calls once and records the answer: 0 delivered, 1 failed, 2 to be tried again. */
    private int deliver(WebhookCalls.Call call) {
        Optional<String> secret = triggers.find(call.triggerId()).map(t -> t.webhookSecret());
        if (secret.isEmpty()) {
            return settle(call, false, "the trigger has no signing secret (deleted?)");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Keepwarm-Signature", Signatures.header(secret.get(), clock.instant().getEpochSecond(), call.body()));
        headers.put("Keepwarm-Delivery", call.firingId() + "." + call.position());
        headers.put("Keepwarm-Trigger", String.valueOf(call.triggerId()));
        try {
            WebhookClient.Response response = client.post(call.url(), call.body(), headers);
            int status = response.status();
            if (status / 100 == 2) {
                return settle(call, true, response.detail());
            }
            boolean passing = status / 100 == 5 || status == 408 || status == 429;
            return passing ? retryOrFail(call, response.detail()) : settle(call, false, response.detail());
        } catch (WebhookTargets.Refused refused) {
            return settle(call, false, refused.getMessage());
        } catch (IOException | RuntimeException failed) {
            log.info("Webhook call {} to {} failed: {}", call.id(), call.url(), failed.toString());
            return retryOrFail(call, "no answer: " + unanswered(failed));
        }
    }

    private int retryOrFail(WebhookCalls.Call call, String detail) {
        if (call.attempts() >= properties.webhooks().maxAttempts()) {
            return settle(call, false, detail + " (gave up after " + call.attempts() + " attempts)");
        }
        long minutes = (long) Math.pow(5, call.attempts() - 1);
        Instant next = clock.instant().plus(Duration.ofMinutes(minutes));
        // In minutes after the moment the action shows: an instant in this text would read raw on the trigger page.
        String tried = call.attempts() == 1 ? "tried once" : "tried " + call.attempts() + " times";
        transactions.executeWithoutResult(status -> {
            if (calls.retry(call, detail, next)) {
                firings.settle(call.firingId(), call.position(), "QUEUED", detail + "; " + tried + ", trying again "
                        + minutes + (minutes == 1 ? " minute" : " minutes") + " later", clock.instant());
            }
        });
        return 2;
    }

    /** Why a call got no answer, in words a marketer reads on the trigger's page rather than a Java exception's name. */
    static String unanswered(Exception failed) {
        String message = failed.getMessage() == null ? "" : failed.getMessage();
        return switch (failed) {
            case java.net.UnknownHostException e -> "no host " + (message.isBlank() ? "of that name" : "'" + message + "'")
                    + " was found (check the address)";
            case java.net.ConnectException e -> "the receiver refused the connection (nothing listens there)";
            case java.net.SocketTimeoutException e -> "the receiver did not answer in time";
            case javax.net.ssl.SSLException e -> "the secure connection failed (" + message + ")";
            default -> "the connection failed" + (message.isBlank() ? "" : " (" + message + ")");
        };
    }

    private int settle(WebhookCalls.Call call, boolean delivered, String detail) {
        transactions.executeWithoutResult(status -> {
            if (delivered ? calls.delivered(call, detail) : calls.failed(call, detail)) {
                firings.settle(call.firingId(), call.position(), delivered ? "DONE" : "FAILED",
                        (delivered ? "delivered: " : "") + detail, clock.instant());
            }
        });
        return delivered ? 0 : 1;
    }
}
