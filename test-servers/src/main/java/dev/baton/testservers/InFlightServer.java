package dev.baton.testservers;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server that counts the work it has in progress (requests for {@link HttpBackend}, connections for
 * {@link SlowTcpServer}) and keeps the most it has had at once since start or the last {@link #resetPeak()}: what
 * tests and benchmarks read to check that a proxy never sends a server more than its {@code maxconn}.
 *
 * <p>{@link #began()} and {@link #ended()} are called by the selector thread only, so the current count has a
 * single writer. The peak may also be reset from any thread, hence the atomic; raising it costs a CAS only when a
 * new peak is reached.
 */
public abstract sealed class InFlightServer extends NioServer permits HttpBackend, SlowTcpServer {
    private volatile int inFlight;
    private final AtomicInteger peak = new AtomicInteger();

    InFlightServer(final String kind, final ListenOptions<?> options) throws IOException {
        super(kind, options);
    }

    /** In progress now (what counts is the subclass's to say). Any thread. */
    public final int inFlight() {
        return inFlight;
    }

    /** The most in progress at once since start or the last {@link #resetPeak()}. Any thread. */
    public final int peakInFlight() {
        return peak.get();
    }

    /**
     * Starts a new peak from what is in progress now. Any thread. The second step covers a {@link #began()} that
     * raised the count between the read and the set: its own raise of the peak may have been overwritten.
     */
    public final void resetPeak() {
        peak.set(inFlight);
        peak.accumulateAndGet(inFlight, Math::max);
    }

    /** One more in progress. Selector thread only. */
    final void began() {
        final int now = inFlight + 1;
        inFlight = now;
        if (now > peak.get()) {
            peak.accumulateAndGet(now, Math::max);
        }
    }

    /** One fewer in progress. Selector thread only; each call follows a {@link #began()} of its own. */
    final void ended() {
        inFlight--;
    }
}
