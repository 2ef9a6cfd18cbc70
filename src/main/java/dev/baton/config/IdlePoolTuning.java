package dev.baton.config;

/**
 * The global settings of the idle server-connection pools (DESIGN.md §3-4), HAProxy's
 * {@code tune.pool-low-fd-ratio} (default 20), {@code tune.pool-high-fd-ratio} (default 25), both percents
 * of {@code maxsock}, and {@code tune.idle-pool.shared} (default on: reactors take idle connections over
 * from one another; {@code full} means the same, baton having no thread groups).
 */
public record IdlePoolTuning(int lowFdRatio, int highFdRatio, boolean shared) {
    public static final IdlePoolTuning DEFAULT = new IdlePoolTuning(20, 25, true);

    /** Open sockets above which a finished server connection is no longer kept idle, as HAProxy rounds it. */
    public long lowCount(final long maxsock) {
        return (maxsock * lowFdRatio + 99) / 100;
    }

    /** Open sockets above which idle connections are closed before dialling, as HAProxy rounds it. */
    public long highCount(final long maxsock) {
        return (maxsock * highFdRatio + 99) / 100;
    }
}
