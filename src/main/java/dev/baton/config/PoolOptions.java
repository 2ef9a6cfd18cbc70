package dev.baton.config;

/**
 * A server's idle-connection pool settings (HTTP mode), HAProxy's server keywords:
 * <ul>
 *   <li>{@code poolMaxConn}: most idle connections kept for the server, -1 unlimited (default), 0 none;</li>
 *   <li>{@code poolPurgeDelayMs}: how often the excess of idle connections is halved (default 5 s);</li>
 *   <li>{@code maxReuse}: most requests sent over one server connection, -1 unlimited (default), 0 none
 *       after the first, which disables keep-alive to the server;</li>
 *   <li>{@code poolLowConn}: below this many idle connections a reactor opens a new one rather than take
 *       one over from another reactor (default 0: always take over).</li>
 * </ul>
 */
public record PoolOptions(int poolMaxConn, long poolPurgeDelayMs, int maxReuse, int poolLowConn) {
    public static final PoolOptions DEFAULT = new PoolOptions(-1, 5000, -1, 0);

    public PoolOptions withPoolMaxConn(final int v) {
        return new PoolOptions(v, poolPurgeDelayMs, maxReuse, poolLowConn);
    }

    public PoolOptions withPoolPurgeDelayMs(final long v) {
        return new PoolOptions(poolMaxConn, v, maxReuse, poolLowConn);
    }

    public PoolOptions withMaxReuse(final int v) {
        return new PoolOptions(poolMaxConn, poolPurgeDelayMs, v, poolLowConn);
    }

    public PoolOptions withPoolLowConn(final int v) {
        return new PoolOptions(poolMaxConn, poolPurgeDelayMs, maxReuse, v);
    }
}
