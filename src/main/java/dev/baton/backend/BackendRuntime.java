package dev.baton.backend;

import dev.baton.counters.EventRate;
import dev.baton.counters.StreamTimes;
import dev.baton.counters.TrafficCounters;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a backend accumulates while it runs: its traffic counters, queue time and attached streams. A reload that
 * keeps a backend of the same name gives the new configuration's {@link Backend} this same object, so counters
 * carry over and streams of both configurations count against the same {@code fullconn}. Any thread (atomics).
 */
public final class BackendRuntime {
    private final TrafficCounters counters = new TrafficCounters();
    /** Queue, connect, response and total times of the streams that connected (qtime, ctime, rtime, ttime). */
    private final StreamTimes times = new StreamTimes();
    /** Sessions started per second (rate, rate_max). */
    private final EventRate sessionRate = new EventRate();
    /** Streams currently attached to this backend (HAProxy's beconn). */
    private final AtomicInteger currConns = new AtomicInteger();
    /** Highest value {@link #currConns} reached. */
    private final AtomicInteger maxConns = new AtomicInteger();

    public TrafficCounters counters() {
        return counters;
    }

    public StreamTimes times() {
        return times;
    }

    public EventRate sessionRate() {
        return sessionRate;
    }

    public AtomicInteger currConns() {
        return currConns;
    }

    public AtomicInteger maxConns() {
        return maxConns;
    }
}
