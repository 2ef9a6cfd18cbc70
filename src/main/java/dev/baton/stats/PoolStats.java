package dev.baton.stats;

/**
 * A server's backend connection pool (DESIGN.md §3): HAProxy's {@code struct server} idle counters.
 *
 * @param idle          idle connections not yet proven safe (curr_idle_nb; {@code idle_conn_cur})
 * @param safe          idle connections proven safe (curr_safe_nb; {@code safe_conn_cur})
 * @param used          connections in use (curr_used_conns; {@code used_conn_cur})
 * @param maxUsed       peak of {@code used} since the last purge (max_used_conns)
 * @param needEst       estimated need (est_need_conns; {@code need_conn_est})
 * @param limit         {@code pool-max-conn}; {@link #UNLIMITED} when there is no limit ({@code src_ilim})
 * @param purgeDelayMs  {@code pool-purge-delay}
 * @param perThread     idle plus safe connections of each reactor, by thread number (curr_idle_thr)
 */
public record PoolStats(int idle, int safe, int used, int maxUsed, int needEst, int limit, long purgeDelayMs,
                        int[] perThread) {
    public static final int UNLIMITED = -1;

    public PoolStats {
        perThread = perThread.clone();
    }

    /** No pool yet: every figure 0, no limit. Used until backend connection reuse exists. */
    public static PoolStats empty(final int nbthread) {
        return new PoolStats(0, 0, 0, 0, 0, UNLIMITED, 0, new int[nbthread]);
    }

    /** A copy of the per-reactor counts. */
    @Override
    public int[] perThread() {
        return perThread.clone();
    }

    /** Idle connections available for reuse, safe or not (curr_idle_conns; {@code srv_icur}). */
    public int idleTotal() {
        return idle + safe;
    }

    /** Idle connections of reactor {@code thread} (0-based). */
    public int idleOfThread(final int thread) {
        return perThread[thread];
    }
}
