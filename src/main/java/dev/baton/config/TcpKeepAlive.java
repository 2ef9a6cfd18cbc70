package dev.baton.config;

/**
 * Which sockets of a proxy get TCP keep-alive probes (SO_KEEPALIVE): {@code client} for the connections its
 * frontend accepts ({@code option clitcpka}), {@code server} for those its backend opens to servers
 * ({@code option srvtcpka}); {@code option tcpka} sets both, and each side applies only where the proxy has
 * that side, as HAProxy does. The probes' timing is the kernel's ({@code net.ipv4.tcp_keepalive_*}) unless
 * {@code clitcpka-idle}/{@code -intvl}/{@code -cnt} (and the {@code srvtcpka-} ones) set TCP_KEEPIDLE,
 * TCP_KEEPINTVL and TCP_KEEPCNT on that side's sockets: seconds and a count, 0 when unset.
 */
public record TcpKeepAlive(boolean client, boolean server, int cliIdleS, int cliIntvlS, int cliCnt, int srvIdleS,
                           int srvIntvlS, int srvCnt) {
    /** No keep-alive probes: HAProxy's default. */
    public static final TcpKeepAlive OFF = new TcpKeepAlive(false, false);

    /** The sides only, with the kernel's timing. */
    public TcpKeepAlive(final boolean client, final boolean server) {
        this(client, server, 0, 0, 0, 0, 0, 0);
    }
}
