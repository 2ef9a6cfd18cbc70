package dev.baton.config;

/**
 * The {@link ProxyOptions} of a {@link ProxyDraft} while its section is parsed; a proxy starts with a copy of its
 * {@code defaults}' ({@link #copy}). {@code tcpSmartAccept} is null until written, for HAProxy's default (on in
 * {@code mode http}). Single-threaded, confined to one load.
 */
final class OptionsDraft {
    boolean nolinger;
    boolean independentStreams;
    boolean httpIgnoreProbes;
    boolean httpPretendKeepAlive;
    boolean preferLastServer;
    boolean httpBufferRequest;
    boolean httpNoDelay;
    Boolean tcpSmartAccept;
    boolean tcpSmartConnect;
    boolean disableH2Upgrade;
    boolean contStats;
    boolean httpUseProxyHeader;
    boolean socketStats;

    OptionsDraft copy() {
        final OptionsDraft o = new OptionsDraft();
        o.nolinger = nolinger;
        o.independentStreams = independentStreams;
        o.httpIgnoreProbes = httpIgnoreProbes;
        o.httpPretendKeepAlive = httpPretendKeepAlive;
        o.preferLastServer = preferLastServer;
        o.httpBufferRequest = httpBufferRequest;
        o.httpNoDelay = httpNoDelay;
        o.tcpSmartAccept = tcpSmartAccept;
        o.tcpSmartConnect = tcpSmartConnect;
        o.disableH2Upgrade = disableH2Upgrade;
        o.contStats = contStats;
        o.httpUseProxyHeader = httpUseProxyHeader;
        o.socketStats = socketStats;
        return o;
    }

    /**
     * The options of a proxy in {@code mode} with a frontend side ({@code front}) and/or a backend side
     * ({@code back}): each kept only where HAProxy applies it; the HTTP ones only in {@code mode http}.
     */
    ProxyOptions build(final Mode mode, final boolean front, final boolean back) {
        final boolean http = mode == Mode.HTTP;
        final boolean smartAccept = front && (tcpSmartAccept != null ? tcpSmartAccept : http);
        return new ProxyOptions(nolinger, independentStreams, front && http && httpIgnoreProbes,
            back && http && httpPretendKeepAlive, back && http && preferLastServer, http && httpBufferRequest,
            http && httpNoDelay, smartAccept, back && tcpSmartConnect, front && http && disableH2Upgrade,
            front && contStats, front && http && httpUseProxyHeader, front && socketStats);
    }
}
