package io.keepwarm.tracking.internal;

import io.keepwarm.activity.Activities;
import io.keepwarm.activity.Activity;
import io.keepwarm.activity.ActivityType;
import io.keepwarm.contact.Channel;
import io.keepwarm.contact.Contacts;
import io.keepwarm.delivery.Delivery;
import io.keepwarm.delivery.OutboxMessage;
import io.keepwarm.platform.DatabaseFailures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.NonTransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records opens, clicks and page views off the request path: an endpoint hands its request over and answers at
 * once; one worker writes them in batches (a few statements per thousand requests). Nothing is dropped on the way:
 * a full queue makes requests wait, a failed batch is retried, a batch the database refuses as a whole is written
 * request by request, and on shutdown the worker stops only after the web server has stopped taking requests and
 * the queue is empty. What a crash of the JVM loses is at most what waited in the queue.
 */
@Component
public class Recorder implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Recorder.class);
    private static final int BATCH = 1000;
    private static final int KNOWN_TOUCHES = 10_000;
    private static final Duration WINDOW = Duration.ofMillis(100);

    /** A touch's contact and when its message left. */
    private record Sent(long contactId, Instant sentAt) {}

    private final BlockingQueue<Tracked> queue;
    private final AtomicLong accepted = new AtomicLong();
    private final Object progress = new Object();
    private long done;
    private final ReentrantLock writing = new ReentrantLock();
    private final Map<Long, Sent> touches = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Sent> eldest) {
            return size() > KNOWN_TOUCHES;
        }
    };
    private final Delivery delivery;
    private final Contacts contacts;
    private final Activities activities;
    private final TrackingStore store;
    private final MachineFilter machines;
    private final TransactionTemplate transactions;
    private volatile boolean running;
    private Thread worker;

    Recorder(TrackingProperties properties, Delivery delivery, Contacts contacts, Activities activities,
            TrackingStore store, MachineFilter machines, TransactionTemplate transactions) {
        this.queue = new LinkedBlockingQueue<>(properties.queueCapacity());
        this.delivery = delivery;
        this.contacts = contacts;
        this.activities = activities;
        this.store = store;
        this.machines = machines;
        this.transactions = transactions;
    }

    /** Takes a request for recording; waits only when the queue is full. */
    public void record(Tracked tracked) {
        accepted.incrementAndGet();
        if (!running) {
            writeAndCount(List.of(tracked));
            return;
        }
        if (!queue.offer(tracked)) {
            try {
                queue.put(tracked);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                writeAndCount(List.of(tracked));
            }
        }
    }

    /** Writes everything taken so far before returning: for tests, benchmarks and shutdown. */
    public void flush() {
        long target = accepted.get();
        while (true) {
            List<Tracked> batch = new ArrayList<>();
            queue.drainTo(batch, BATCH);
            if (!batch.isEmpty()) {
                writeAndCount(batch);
                continue;
            }
            synchronized (progress) {
                if (done >= target) {
                    return;
                }
                try {
                    // The worker holds the rest and notifies when it is written.
                    progress.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void work() {
        while (running) {
            try {
                Tracked first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    writeAndCount(gather(first));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("The tracking recorder failed unexpectedly; it carries on", e);
            }
        }
    }

    /**
     * A batch: what is queued, and what arrives within a short window after the first, up to a thousand. Writing a
     * request a statement costs far more than writing a thousand in one; the window bounds how late a record is.
     */
    private List<Tracked> gather(Tracked first) throws InterruptedException {
        List<Tracked> batch = new ArrayList<>();
        batch.add(first);
        long until = System.nanoTime() + WINDOW.toNanos();
        while (batch.size() < BATCH && running) {
            queue.drainTo(batch, BATCH - batch.size());
            long left = until - System.nanoTime();
            if (batch.size() >= BATCH || left <= 0) {
                break;
            }
            Tracked next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                break;
            }
            batch.add(next);
        }
        return batch;
    }

    private void writeAndCount(List<Tracked> batch) {
        writing.lock();
        try {
            writeRetrying(batch);
        } finally {
            writing.unlock();
            synchronized (progress) {
                done += batch.size();
                progress.notifyAll();
            }
        }
    }

    private void writeRetrying(List<Tracked> batch) {
        Duration pause = Duration.ofMillis(100);
        for (int attempt = 1; ; attempt++) {
            try {
                write(batch);
                return;
            } catch (RuntimeException e) {
                // A lost or refused connection is filed as non-transient too: the database is away, not refusing.
                if (e instanceof NonTransientDataAccessException && !DatabaseFailures.passing(e)) {
                    if (batch.size() > 1) {
                        batch.forEach(one -> writeRetrying(List.of(one)));
                    } else {
                        log.error("A tracked request was refused by the database and is dropped: {}", batch.getFirst(), e);
                    }
                    return;
                }
                if (!running && attempt >= 3) {
                    log.error("Shutting down with the database unreachable: {} tracked requests are not recorded",
                            batch.size(), e);
                    return;
                }
                log.warn("Recording {} tracked requests failed (attempt {}); retrying in {}", batch.size(), attempt,
                        pause, e);
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    log.error("Interrupted: {} tracked requests are not recorded", batch.size());
                    return;
                }
                pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30)
                        : pause.multipliedBy(2);
            }
        }
    }

    private void write(List<Tracked> batch) {
        Map<Long, Sent> sent = sentOf(batch);
        List<TrackingStore.Row> rows = new ArrayList<>();
        for (Tracked t : batch) {
            Sent message = t.touchId() == null ? null : sent.get(t.touchId());
            Long contact = t.contactId() != null ? t.contactId() : message == null ? null : message.contactId();
            if (contact == null) {
                continue; // a touch whose message is gone (its contact erased): nothing to record it against
            }
            MachineFilter.Flag flag = t.flag() != null || t.kind() != Tracked.Kind.CLICK ? t.flag()
                    : machines.click(t.userAgent(), message == null ? null : message.sentAt(), t.at());
            rows.add(new TrackingStore.Row(contact, t, flag == null ? null : flag.name()));
        }
        Set<Long> existing = new HashSet<>();
        contacts.ownersAndZones(rows.stream().map(TrackingStore.Row::contactId).distinct().toList())
                .forEach(c -> existing.add(c.contactId()));
        // A contact since merged into another (a link in a mail sent before the merge): the survivor is the person.
        Map<Long, Long> survivors = contacts.survivorsOfIds(rows.stream().map(TrackingStore.Row::contactId)
                .filter(id -> !existing.contains(id)).distinct().toList());
        List<TrackingStore.Row> kept = rows.stream()
                .map(r -> survivors.containsKey(r.contactId())
                        ? new TrackingStore.Row(survivors.get(r.contactId()), r.tracked(), r.flag()) : r)
                .filter(r -> existing.contains(r.contactId()) || survivors.containsValue(r.contactId())).toList();
        if (kept.isEmpty()) {
            return;
        }
        transactions.executeWithoutResult(status -> {
            store.insert(kept);
            activities.record(kept.stream().map(Recorder::activity).toList());
        });
    }

    private Map<Long, Sent> sentOf(List<Tracked> batch) {
        Map<Long, Sent> found = new LinkedHashMap<>();
        for (Tracked t : batch) {
            if (t.touchId() != null && !found.containsKey(t.touchId())) {
                Sent known = touches.get(t.touchId());
                if (known == null) {
                    known = delivery.messageForTouch(t.touchId()).map(Recorder::sent).orElse(null);
                    if (known != null) {
                        touches.put(t.touchId(), known);
                    }
                }
                found.put(t.touchId(), known);
            }
        }
        return found;
    }

    private static Sent sent(OutboxMessage message) {
        return new Sent(message.contactId(), message.sentAt() != null ? message.sentAt() : message.createdAt());
    }

    static Activity activity(TrackingStore.Row row) {
        Tracked t = row.tracked();
        return switch (t.kind()) {
            case OPEN -> new Activity(row.contactId(), ActivityType.EMAIL_OPENED, t.at(), Channel.EMAIL,
                    "touch:" + t.touchId(), row.flag(), t.touchId());
            case CLICK -> new Activity(row.contactId(), ActivityType.EMAIL_CLICKED, t.at(), Channel.EMAIL,
                    TrackingStore.cut(t.url(), 2000), row.flag(), t.touchId());
            case PAGE_VIEW -> new Activity(row.contactId(), ActivityType.PAGE_VIEW, t.at(), null,
                    TrackingStore.cut(t.url(), 2000), row.flag());
            default -> throw new IllegalArgumentException("recorded synchronously, not here: " + t.kind());
        };
    }

    @Override
    public void start() {
        running = true;
        worker = Thread.ofPlatform().name("tracking-recorder").daemon().start(this::work);
    }

    @Override
    public void stop() {
        running = false;
        try {
            worker.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server (which stops at DEFAULT_PHASE - 2048), so no request comes after the last flush. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 4096;
    }
}
