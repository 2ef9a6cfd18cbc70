package dev.baton.counters;

import dev.baton.reactor.Peaks;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The counters of one listening address of a frontend with {@code option socket-stats} (HAProxy's
 * {@code listener->counters}), shown as its listener row ({@code type} 3) in {@code show stat}, on the stats page and
 * in the exporter. One per bind address and configuration generation, shared by the listeners of every reactor on
 * that address (the frontend lists them in bind order); without the option there is none, and the request path pays
 * one null check.
 *
 * <p>The cumulative figures are a {@link TrafficCounters}, each reactor writing its own slice for the clients it
 * serves (single writer, no CAS): {@link Counter#SESSIONS} counts the connections accepted (HAProxy's
 * {@code cum_conn}, the listener's {@code stot}), the others are the frontend's own counters (bytes, denials,
 * errors, rewrites) for this address's clients. The clients connected now and their peak are atomics shared by the
 * reactors, changed once per connection (not per request), as the frontend's own count is.
 *
 * <p>{@link #run()} is what an accepted client's endpoint runs when it closes: one client fewer, then the bind's
 * {@code maxconn} slot given back ({@code next}, may be null).
 *
 * @see dev.baton.io.Endpoint#listenerCounters()
 */
public final class ListenerCounters implements Runnable {
    private final Runnable next;
    private final TrafficCounters traffic = new TrafficCounters();
    private final AtomicInteger current = new AtomicInteger();
    private final AtomicInteger max = new AtomicInteger();

    /** {@code next}: what a closing client also runs (the bind's {@code maxconn} slots), or null. */
    public ListenerCounters(final Runnable next) {
        this.next = next;
    }

    /** A client was accepted; on the reactor {@code reactorId} that serves it. */
    public void accepted(final int reactorId) {
        traffic.increment(reactorId, Counter.SESSIONS);
        Peaks.raise(max, current.incrementAndGet());
    }

    /** A client of this address closed: one fewer, and the bind's slot back. Its reactor. */
    @Override
    public void run() {
        current.decrementAndGet();
        if (next != null) {
            next.run();
        }
    }

    /** Adds one to {@code counter} for a client of reactor {@code reactorId}, when {@code l} is not null. */
    public static void increment(final ListenerCounters l, final int reactorId, final Counter counter) {
        if (l != null) {
            l.traffic.increment(reactorId, counter);
        }
    }

    /** Adds {@code delta} to {@code counter} for a client of reactor {@code reactorId}, when {@code l} is not null. */
    public static void add(final ListenerCounters l, final int reactorId, final Counter counter, final long delta) {
        if (l != null) {
            l.traffic.add(reactorId, counter, delta);
        }
    }

    /** The cumulative figures. Any thread reads them. */
    public TrafficCounters traffic() {
        return traffic;
    }

    /** Clients connected now (scur). Any thread. */
    public int current() {
        return current.get();
    }

    /** The most clients connected at once (smax). Any thread. */
    public int max() {
        return max.get();
    }
}
