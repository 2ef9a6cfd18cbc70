package dev.baton.counters;

/**
 * The times a backend or a server keeps of the streams that connected through it, as HAProxy's
 * {@code stream_update_time_stats} feeds them: queue (Tw: {@code qtime}), connect (Tc: {@code ctime}), response
 * (Tr, 0 in mode tcp: {@code rtime}) and total (Tt: {@code ttime}), each a {@link SlidingTime} with its maximum.
 * Any thread, as {@link SlidingTime}.
 */
public final class StreamTimes {
    private final SlidingTime queue = new SlidingTime();
    private final SlidingTime connect = new SlidingTime();
    private final SlidingTime response = new SlidingTime();
    private final SlidingTime total = new SlidingTime();

    /**
     * One stream's times, in ms (negative: none, taken as 0); {@code window} of {@code counters} sizes the windows
     * (see {@link SlidingTime#add}). Allocates nothing.
     */
    public void add(final long queueMs, final long connectMs, final long responseMs, final long totalMs,
                    final TrafficCounters counters, final Counter window) {
        queue.add(queueMs, counters, window);
        connect.add(connectMs, counters, window);
        response.add(responseMs, counters, window);
        total.add(totalMs, counters, window);
    }

    public SlidingTime queue() {
        return queue;
    }

    public SlidingTime connect() {
        return connect;
    }

    public SlidingTime response() {
        return response;
    }

    public SlidingTime total() {
        return total;
    }
}
