package dev.baton.stats;

import dev.baton.counters.SlidingTime;
import dev.baton.queue.PendingQueue;

/**
 * The queue figures of a backend or a server at one moment, as HAProxy 2.6 shows them (docs/queues.md Q20).
 *
 * @param cur          entries waiting now ({@code qcur}): a server's own queue, a backend's queue alone
 * @param max          most entries waiting at once since start ({@code qmax})
 * @param limit        {@code maxqueue} of a server ({@code qlimit}); 0 for none, and always 0 for a backend
 * @param timeMs       average queue time of the last requests ({@code qtime}, ms; see {@link SlidingTime})
 * @param timeMaxMs    longest queue time of a stream that connected ({@code qtime_max}, ms)
 * @param exporterTimeMs the average as HAProxy's Prometheus exporter computes it (always over 512 requests)
 */
public record QueueStats(int cur, int max, int limit, long timeMs, long timeMaxMs, long exporterTimeMs) {
    /** Nothing ever queued. */
    public static final QueueStats NONE = new QueueStats(0, 0, 0, 0, 0, 0);

    /** Reads {@code queue} and {@code time}; {@code requests} is the object's request count (the time's window). */
    public static QueueStats of(final PendingQueue queue, final int limit, final SlidingTime time,
                                final long requests) {
        return new QueueStats(queue.size(), queue.peak(), limit, time.average(requests), time.max(),
            time.exporterAverage());
    }
}
