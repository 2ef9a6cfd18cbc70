package dev.baton.stats;

import dev.baton.counters.Counter;
import dev.baton.counters.TrafficCounters;

/**
 * The cumulative {@link Counter}s of a backend or a server at one moment, under their {@code show stat}
 * names.
 */
public record TrafficTotals(long stot, long bin, long bout, long econ, long eresp, long wretr, long wredis,
                            long cliAbrt, long srvAbrt, long lbtot, long connect, long reuse) {
    /** Reads every counter of {@code counters}. Any thread. */
    public static TrafficTotals of(final TrafficCounters counters) {
        return new TrafficTotals(counters.get(Counter.SESSIONS), counters.get(Counter.BYTES_IN),
            counters.get(Counter.BYTES_OUT), counters.get(Counter.CONNECT_ERRORS),
            counters.get(Counter.RESPONSE_ERRORS), counters.get(Counter.RETRIES), counters.get(Counter.REDISPATCHES),
            counters.get(Counter.CLIENT_ABORTS), counters.get(Counter.SERVER_ABORTS), counters.get(Counter.SELECTED),
            counters.get(Counter.CONNECTS), counters.get(Counter.REUSES));
    }
}
