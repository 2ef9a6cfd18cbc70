package dev.baton.config;

/**
 * The on/off {@code option}s of a proxy that change how its sockets and streams behave, each kept only on the
 * side HAProxy 2.6 applies it to (its {@code cfg_opts} table):
 * <ul>
 *   <li>{@code nolinger}: this proxy's side of the connections (clients of a frontend, servers of a backend) is
 *       closed with SO_LINGER 0, so a close sends RST and leaves no TIME_WAIT;</li>
 *   <li>{@code independentStreams}: writing to a side does not refresh that side's read timeout;</li>
 *   <li>{@code httpIgnoreProbes} (frontend, http): a connection closed or timed out before its first byte is
 *       neither answered (no 408), counted nor logged;</li>
 *   <li>{@code httpPretendKeepAlive} (backend, http): in {@code http-server-close} / {@code httpclose} modes the
 *       request to the server does not carry {@code Connection: close};</li>
 *   <li>{@code preferLastServer} (backend, http): a session holding a private connection to a usable server of the
 *       backend sends its next request there instead of asking the balancer (not for hash balancing);</li>
 *   <li>{@code httpBufferRequest} (http): the whole request body (up to a buffer) is received before a server is
 *       chosen, within {@code timeout http-request};</li>
 *   <li>{@code httpNoDelay} (http): send each block at once; baton never delays a send (TCP_NODELAY, no
 *       MSG_MORE), so this holds with or without it;</li>
 *   <li>{@code tcpSmartAccept} (frontend): TCP_QUICKACK off on accepted clients, so the response carries the ACK
 *       of the request (HAProxy's default in {@code mode http}, unless {@code no option tcp-smart-accept});</li>
 *   <li>{@code tcpSmartConnect} (backend): TCP_QUICKACK off on dialled sockets, so the first ACK leaves with the
 *       request;</li>
 *   <li>{@code disableH2Upgrade} (frontend, http): no implicit upgrade of a clear-text client to HTTP/2: one opening
 *       with the HTTP/2 preface is then a bad HTTP/1 request (400), as in HAProxy;</li>
 *   <li>{@code contStats} (frontend): the byte counters of the frontend, backend, server and tracked entries grow
 *       while a stream or request moves data, not only when it ends;</li>
 *   <li>{@code httpUseProxyHeader} (frontend, http): a request whose target is not a path (a proxy's request) is
 *       authenticated with {@code Proxy-Authorization}, and {@code http-request auth} answers it 407 with
 *       {@code Proxy-Authenticate}, as HAProxy 2.6;</li>
 *   <li>{@code socketStats} (frontend): each listening address keeps its own counters, shown as a listener row
 *       ({@code type} 3) in {@code show stat}, on the stats page and in the exporter.</li>
 * </ul>
 */
public record ProxyOptions(boolean nolinger, boolean independentStreams, boolean httpIgnoreProbes,
                           boolean httpPretendKeepAlive, boolean preferLastServer, boolean httpBufferRequest,
                           boolean httpNoDelay, boolean tcpSmartAccept, boolean tcpSmartConnect,
                           boolean disableH2Upgrade, boolean contStats, boolean httpUseProxyHeader,
                           boolean socketStats) {
    /** Every option off. */
    public static final ProxyOptions NONE = new ProxyOptions(false, false, false, false, false, false, false, false,
        false, false, false, false, false);

    /** Without {@code contstats}, {@code http-use-proxy-header} and {@code socket-stats}. */
    public ProxyOptions(final boolean nolinger, final boolean independentStreams, final boolean httpIgnoreProbes,
                        final boolean httpPretendKeepAlive, final boolean preferLastServer,
                        final boolean httpBufferRequest, final boolean httpNoDelay, final boolean tcpSmartAccept,
                        final boolean tcpSmartConnect, final boolean disableH2Upgrade) {
        this(nolinger, independentStreams, httpIgnoreProbes, httpPretendKeepAlive, preferLastServer, httpBufferRequest,
            httpNoDelay, tcpSmartAccept, tcpSmartConnect, disableH2Upgrade, false, false, false);
    }
}
