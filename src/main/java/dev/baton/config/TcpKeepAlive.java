package dev.baton.config;

/**
 * Which sockets of a proxy get TCP keep-alive probes (SO_KEEPALIVE): {@code client} for the connections its
 * frontend accepts ({@code option clitcpka}), {@code server} for those its backend opens to servers
 * ({@code option srvtcpka}); {@code option tcpka} sets both, and each side applies only where the proxy has
 * that side, as HAProxy does. The probes' timing is the kernel's ({@code net.ipv4.tcp_keepalive_*}).
 */
public record TcpKeepAlive(boolean client, boolean server) {
    /** No keep-alive probes: HAProxy's default. */
    public static final TcpKeepAlive OFF = new TcpKeepAlive(false, false);
}
