package dev.baton.backend;

/**
 * A server's connection limit in force, as HAProxy computes it ({@code srv_dynamic_maxconn}, with the
 * {@code minconn}/{@code maxconn} rule of its configuration post-parse). Pure and allocation-free: any thread.
 * <ul>
 *   <li>{@code maxconn} 0 (after the rule below): no limit, reported as 0. HAProxy never asks a server without
 *       {@code maxconn} whether it is full (every fullness test starts with "no maxconn"), so its own answer
 *       there (1 during slowstart) decides no admission. Its dequeue loop ({@code served < limit}) does read it
 *       and so hands a server without {@code maxconn} no waiting stream: a caller that dequeues must treat 0 as
 *       "takes no waiter", not as "takes them all", to match.</li>
 *   <li>The post-parse rule: a {@code minconn} above {@code maxconn} (or alone) becomes the {@code maxconn}; a
 *       missing {@code minconn} takes the {@code maxconn}. Both equal: a static limit.</li>
 *   <li>Dynamic ({@code minconn < maxconn}): {@code maxconn} once the backend holds {@code fullconn} streams
 *       ({@code beconn}, queued ones included) or more, else {@code max(minconn, beconn * maxconn / fullconn)} in
 *       integer division. A {@code fullconn} of 0 or less counts as reached (HAProxy resolves it to at least 1).</li>
 *   <li>Slowstart: while the server ramps up ({@code starting}), the limit times {@code rampPercent} (HAProxy:
 *       {@code 100 * elapsed seconds / slowstart seconds}, 0..100), divided by 100, at least 1.</li>
 * </ul>
 * Products are taken in {@code long}: where HAProxy's 32-bit unsigned product would wrap (beconn times
 * maxconn above 4 billion), this gives the unwrapped value.
 */
public final class DynamicMaxconn {
    private static final int PERCENT = 100;

    private DynamicMaxconn() {
    }

    /**
     * The limit for a server configured with {@code maxconn} and {@code minconn} (0 = unset, as written), in a
     * backend with {@code fullconn} in force and {@code beconn} streams; {@code starting} and
     * {@code rampPercent} describe slowstart. 0 means no limit.
     */
    public static int limit(final int maxconn, final int minconn, final int fullconn, final int beconn,
                            final boolean starting, final int rampPercent) {
        return limitOfNormalized(normalizedMaxconn(maxconn, minconn), normalizedMinconn(maxconn, minconn), fullconn,
            beconn, starting, rampPercent);
    }

    /**
     * {@code srv_dynamic_maxconn} itself, on the values HAProxy holds once its post-parse rule ran
     * ({@link #normalizedMaxconn}, {@link #normalizedMinconn}) and runtime changes followed
     * ({@link #minconnAfterMaxconnChange}): unlike {@link #limit}, a {@code minconn} above {@code maxconn} is
     * kept as it is (HAProxy then answers {@code minconn} below {@code fullconn}, {@code maxconn} at or above).
     * 0 means no limit.
     */
    public static int limitOfNormalized(final int maxconn, final int minconn, final int fullconn, final int beconn,
                                        final boolean starting, final int rampPercent) {
        if (maxconn == 0) {
            return 0;
        }
        long max;
        if (beconn >= fullconn || minconn == maxconn) {
            // the backend is full (or has no fullconn), or the limit is static
            max = maxconn;
        } else {
            max = Math.max(minconn, (long) beconn * maxconn / fullconn);
        }
        if (starting) {
            max = Math.max(1, max * rampPercent / PERCENT);
        }
        return (int) max;
    }

    /** The {@code maxconn} HAProxy keeps after reading the configuration: the larger of the two. */
    public static int normalizedMaxconn(final int maxconn, final int minconn) {
        return Math.max(maxconn, minconn);
    }

    /** The {@code minconn} HAProxy keeps after reading the configuration: the {@code maxconn} when unset. */
    public static int normalizedMinconn(final int maxconn, final int minconn) {
        return maxconn != 0 && minconn == 0 ? maxconn : minconn;
    }

    /**
     * The {@code minconn} after a runtime change of {@code maxconn} to {@code newMaxconn} ({@code set maxconn
     * server}, an agent's {@code maxconn:N}), from the normalized {@code maxconn} and {@code minconn} before it:
     * a static limit stays static (both take the new value), a dynamic one keeps its {@code minconn}.
     */
    public static int minconnAfterMaxconnChange(final int maxconn, final int minconn, final int newMaxconn) {
        return maxconn == minconn ? newMaxconn : minconn;
    }
}
