package dev.baton.pool;

/**
 * Process-wide pool settings: HAProxy's {@code tune.pool-low-fd-ratio} and {@code tune.pool-high-fd-ratio}
 * (percent of maxsock; above low a reactor keeps at most one idle connection per server, above high none)
 * and {@code tune.idle-pool.shared} (whether reactors may take over each other's idle connections).
 */
public record PoolTuning(int lowFdRatio, int highFdRatio, boolean shared) {
    public static final PoolTuning DEFAULTS = new PoolTuning(20, 25, true);
}
