package dev.baton.config;

/**
 * The {@code timeout} values of a proxy, in milliseconds; 0 means not set (no limit). A frontend uses
 * the client side, a backend the connect and server side; {@code tunnel}, when set, replaces client and
 * server inactivity limits once a TCP stream is established; {@code client-fin}/{@code server-fin}, when
 * set, apply to a side once the other has half-closed.
 */
public record Timeouts(long connectMs, long clientMs, long serverMs, long tunnelMs, long clientFinMs,
                       long serverFinMs) {
    public static final Timeouts NONE = new Timeouts(0, 0, 0, 0, 0, 0);

    public Timeouts withConnectMs(final long v) {
        return new Timeouts(v, clientMs, serverMs, tunnelMs, clientFinMs, serverFinMs);
    }

    public Timeouts withClientMs(final long v) {
        return new Timeouts(connectMs, v, serverMs, tunnelMs, clientFinMs, serverFinMs);
    }

    public Timeouts withServerMs(final long v) {
        return new Timeouts(connectMs, clientMs, v, tunnelMs, clientFinMs, serverFinMs);
    }

    public Timeouts withTunnelMs(final long v) {
        return new Timeouts(connectMs, clientMs, serverMs, v, clientFinMs, serverFinMs);
    }

    public Timeouts withClientFinMs(final long v) {
        return new Timeouts(connectMs, clientMs, serverMs, tunnelMs, v, serverFinMs);
    }

    public Timeouts withServerFinMs(final long v) {
        return new Timeouts(connectMs, clientMs, serverMs, tunnelMs, clientFinMs, v);
    }
}
