package dev.baton.stats;

import dev.baton.counters.Counter;
import dev.baton.counters.TrafficCounters;

/**
 * The HTTP compression counters of a frontend or a backend ({@code show stat}'s {@code comp_*} columns).
 *
 * @param in        response body bytes fed to the compressor ({@code comp_in})
 * @param out       bytes the compressor made of them ({@code comp_out})
 * @param bypassed  body bytes of re-framed but uncompressed responses, {@code algo identity} ({@code comp_byp})
 * @param responses responses that went through the compression ({@code comp_rsp})
 */
public record CompressionStats(long in, long out, long bypassed, long responses) {
    /** Nothing compressed. */
    public static final CompressionStats NONE = new CompressionStats(0, 0, 0, 0);

    /** Reads the compression counters of {@code counters}. Any thread. */
    public static CompressionStats of(final TrafficCounters counters) {
        return new CompressionStats(counters.get(Counter.COMP_IN), counters.get(Counter.COMP_OUT),
            counters.get(Counter.COMP_BYP), counters.get(Counter.COMP_RSP));
    }
}
