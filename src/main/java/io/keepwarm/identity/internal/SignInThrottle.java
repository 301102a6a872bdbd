package io.keepwarm.identity.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Slows password guessing at the sign-in form: after {@value #PER_NAME} failed sign-ins for one name from one address,
 * or {@value #PER_ADDRESS} from one address for any names, within {@value #WINDOW_MINUTES} minutes, that address may not
 * try again (for that name, or at all) until the oldest failure is that old. Keyed by address as well as by name, so
 * that someone guessing at the admin's name cannot lock the admin out from elsewhere. In memory and per instance.
 * Like the public endpoints' rate limits it measures elapsed time with a monotonic counter, not the business clock: a
 * simulated clock that stands still must not lock people out for good. A wrong current password given to change one's
 * own password counts as a failed sign-in: a session left open must not become a way to guess the password.
 */
public final class SignInThrottle {

    static final int PER_NAME = 5;
    static final int PER_ADDRESS = 100;
    public static final int WINDOW_MINUTES = 15;
    private static final long WINDOW = TimeUnit.MINUTES.toNanos(WINDOW_MINUTES);
    /** Beyond this many keys, those whose failures are all older than the window are forgotten. */
    private static final int MAX_KEYS = 100_000;

    private final LongSupplier nanos;
    private final ConcurrentHashMap<String, Deque<Long>> failures = new ConcurrentHashMap<>();

    SignInThrottle(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** Whether this address may try this name now. */
    public boolean allowed(String address, String name) {
        long now = nanos.getAsLong();
        return recent(address, now) < PER_ADDRESS && recent(address + " " + key(name), now) < PER_NAME;
    }

    public void failed(String address, String name) {
        long now = nanos.getAsLong();
        if (failures.size() > MAX_KEYS) {
            failures.values().removeIf(times -> {
                synchronized (times) {
                    return times.isEmpty() || now - times.peekLast() >= WINDOW;
                }
            });
        }
        for (String key : new String[] {address, address + " " + key(name)}) {
            Deque<Long> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
            synchronized (times) {
                times.addLast(now);
                while (times.size() > PER_ADDRESS) {
                    times.removeFirst();
                }
            }
        }
    }

    /** A right password ends the name's run of failures from that address. */
    public void succeeded(String address, String name) {
        failures.remove(address + " " + key(name));
    }

    private int recent(String key, long now) {
        Deque<Long> times = failures.get(key);
        if (times == null) {
            return 0;
        }
        synchronized (times) {
            while (!times.isEmpty() && now - times.peekFirst() >= WINDOW) {
                times.removeFirst();
            }
            return times.size();
        }
    }

    private static String key(String name) {
        return name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    }
}
