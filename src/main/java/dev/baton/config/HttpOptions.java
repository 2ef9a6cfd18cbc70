package dev.baton.config;

import dev.baton.http.rules.HttpRule;
import dev.baton.http.text.HeaderName;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A proxy's {@code mode http} settings. In a {@code mode tcp} proxy every field has its default. Settings of
 * the other side are cleared as in {@link ProxyConfig}: a backend has no http timeouts, httplog,
 * max-session-srv-conns or use_backend rules; a frontend has no http-reuse or retry-on (defaults kept).
 * <ul>
 *   <li>{@code connectionMode}: see {@link HttpConnectionMode};</li>
 *   <li>{@code timeoutHttpRequestMs}, {@code timeoutHttpKeepAliveMs}: 0 when unset, see
 *       {@link #requestTimeoutMs} and {@link #keepAliveTimeoutMs};</li>
 *   <li>{@code forwardFor}: null when the option is off;</li>
 *   <li>{@code httplog}: log one HAProxy httplog line per request;</li>
 *   <li>{@code reuse}, {@code retryOn} (unmodifiable), {@code maxSessionSrvConns} (idle server connections a
 *       client session keeps for itself, default 5);</li>
 *   <li>{@code requestRules}, {@code responseRules}: {@code http-request} / {@code http-response} rules in
 *       order; {@code useBackends}: {@code use_backend} rules in order;</li>
 *   <li>{@code errorFiles}: sorted by status; find one with {@link #errorFile(int)};</li>
 *   <li>{@code stats}: the statistics page ({@code stats enable} and friends), or null when off;</li>
 *   <li>{@code originalTo}: {@code option originalto} (its {@code except} and {@code header}; never
 *       {@code if-none}), null when off.</li>
 *   <li>{@code monitor}: {@code monitor-uri} and {@code monitor fail} of a frontend, or null when unset.</li>
 *   <li>{@code cookie}: cookie persistence of a backend ({@code cookie NAME ...}), or null when unset.</li>
 *   <li>{@code afterResponseRules}: {@code http-after-response} rules in order, run on every response sent to the
 *       client, baton's own included.</li>
 *   <li>{@code sendNameHeader}: {@code http-send-name-header} of a backend (the name in lower case), or null.</li>
 * </ul>
 */
public record HttpOptions(HttpConnectionMode connectionMode, long timeoutHttpRequestMs, long timeoutHttpKeepAliveMs,
                          ForwardFor forwardFor, boolean httplog, HttpReuse reuse, Set<RetryOn> retryOn,
                          int maxSessionSrvConns, List<HttpRule> requestRules, List<HttpRule> responseRules,
                          List<BackendSwitch> useBackends, List<ErrorFile> errorFiles, StatsPageConfig stats,
                          ForwardFor originalTo, MonitorConfig monitor, CookieConfig cookie,
                          List<HttpRule> afterResponseRules, HeaderName sendNameHeader) {
    public static final int DEFAULT_MAX_SESSION_SRV_CONNS = 5;

    public static final HttpOptions DEFAULT = new HttpOptions(HttpConnectionMode.KEEP_ALIVE, 0, 0, null, false,
        HttpReuse.SAFE, EnumSet.of(RetryOn.CONN_FAILURE), DEFAULT_MAX_SESSION_SRV_CONNS, List.of(), List.of(),
        List.of(), List.of(), null, null, null, null, List.of());

    /** Settings without {@code http-send-name-header}. */
    public HttpOptions(final HttpConnectionMode connectionMode, final long timeoutHttpRequestMs,
                       final long timeoutHttpKeepAliveMs, final ForwardFor forwardFor, final boolean httplog,
                       final HttpReuse reuse, final Set<RetryOn> retryOn, final int maxSessionSrvConns,
                       final List<HttpRule> requestRules, final List<HttpRule> responseRules,
                       final List<BackendSwitch> useBackends, final List<ErrorFile> errorFiles,
                       final StatsPageConfig stats, final ForwardFor originalTo, final MonitorConfig monitor,
                       final CookieConfig cookie, final List<HttpRule> afterResponseRules) {
        this(connectionMode, timeoutHttpRequestMs, timeoutHttpKeepAliveMs, forwardFor, httplog, reuse, retryOn,
            maxSessionSrvConns, requestRules, responseRules, useBackends, errorFiles, stats, originalTo, monitor, cookie,
            afterResponseRules, null);
    }

    /** Settings without {@code http-after-response} rules. */
    public HttpOptions(final HttpConnectionMode connectionMode, final long timeoutHttpRequestMs,
                       final long timeoutHttpKeepAliveMs, final ForwardFor forwardFor, final boolean httplog,
                       final HttpReuse reuse, final Set<RetryOn> retryOn, final int maxSessionSrvConns,
                       final List<HttpRule> requestRules, final List<HttpRule> responseRules,
                       final List<BackendSwitch> useBackends, final List<ErrorFile> errorFiles,
                       final StatsPageConfig stats, final ForwardFor originalTo, final MonitorConfig monitor,
                       final CookieConfig cookie) {
        this(connectionMode, timeoutHttpRequestMs, timeoutHttpKeepAliveMs, forwardFor, httplog, reuse, retryOn,
            maxSessionSrvConns, requestRules, responseRules, useBackends, errorFiles, stats, originalTo, monitor, cookie,
            List.of());
    }

    /** Settings without {@code cookie} persistence. */
    public HttpOptions(final HttpConnectionMode connectionMode, final long timeoutHttpRequestMs,
                       final long timeoutHttpKeepAliveMs, final ForwardFor forwardFor, final boolean httplog,
                       final HttpReuse reuse, final Set<RetryOn> retryOn, final int maxSessionSrvConns,
                       final List<HttpRule> requestRules, final List<HttpRule> responseRules,
                       final List<BackendSwitch> useBackends, final List<ErrorFile> errorFiles,
                       final StatsPageConfig stats, final ForwardFor originalTo, final MonitorConfig monitor) {
        this(connectionMode, timeoutHttpRequestMs, timeoutHttpKeepAliveMs, forwardFor, httplog, reuse, retryOn,
            maxSessionSrvConns, requestRules, responseRules, useBackends, errorFiles, stats, originalTo, monitor, null);
    }

    /** Settings without {@code option originalto} nor {@code monitor-uri}. */
    public HttpOptions(final HttpConnectionMode connectionMode, final long timeoutHttpRequestMs,
                       final long timeoutHttpKeepAliveMs, final ForwardFor forwardFor, final boolean httplog,
                       final HttpReuse reuse, final Set<RetryOn> retryOn, final int maxSessionSrvConns,
                       final List<HttpRule> requestRules, final List<HttpRule> responseRules,
                       final List<BackendSwitch> useBackends, final List<ErrorFile> errorFiles,
                       final StatsPageConfig stats) {
        this(connectionMode, timeoutHttpRequestMs, timeoutHttpKeepAliveMs, forwardFor, httplog, reuse, retryOn,
            maxSessionSrvConns, requestRules, responseRules, useBackends, errorFiles, stats, null, null, null);
    }

    public HttpOptions {
        final EnumSet<RetryOn> copy = EnumSet.noneOf(RetryOn.class);
        copy.addAll(retryOn);
        retryOn = Collections.unmodifiableSet(copy);
        requestRules = List.copyOf(requestRules);
        responseRules = List.copyOf(responseRules);
        afterResponseRules = List.copyOf(afterResponseRules);
        useBackends = List.copyOf(useBackends);
        errorFiles = List.copyOf(errorFiles);
    }

    /**
     * How long a client may take to send a complete request head once it started: {@code timeout
     * http-request}, else {@code clientMs} (then only an inactivity limit), 0 meaning none.
     */
    public long requestTimeoutMs(final long clientMs) {
        return timeoutHttpRequestMs != 0 ? timeoutHttpRequestMs : clientMs;
    }

    /**
     * How long an idle keep-alive client connection waits for the next request: {@code timeout
     * http-keep-alive}, else {@code timeout http-request}, else {@code clientMs}; 0 meaning none.
     */
    public long keepAliveTimeoutMs(final long clientMs) {
        return timeoutHttpKeepAliveMs != 0 ? timeoutHttpKeepAliveMs : requestTimeoutMs(clientMs);
    }

    /** The errorfile for {@code status}, or null. Allocation-free. */
    public ErrorFile errorFile(final int status) {
        for (int i = 0; i < errorFiles.size(); i++) {
            if (errorFiles.get(i).status() == status) {
                return errorFiles.get(i);
            }
        }
        return null;
    }
}
