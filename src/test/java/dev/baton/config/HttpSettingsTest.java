package dev.baton.config;

import dev.baton.http.text.HeaderName;
import dev.baton.http.rules.Network;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connection modes, http timeouts, forwardfor, httplog, http-reuse, retry-on, max-session-srv-conns. */
class HttpSettingsTest {
    static byte[] ip(final String literal) {
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (final UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void defaults() throws ConfigException {
        final BatonConfig config = HttpTexts.parse();
        assertEquals(HttpOptions.DEFAULT, HttpTexts.http(config, "f"));
        assertEquals(HttpOptions.DEFAULT, config.backend("b").http());
        final HttpOptions d = HttpOptions.DEFAULT;
        assertEquals(HttpConnectionMode.KEEP_ALIVE, d.connectionMode());
        assertEquals(HttpReuse.SAFE, d.reuse());
        assertEquals(Set.of(RetryOn.CONN_FAILURE), d.retryOn());
        assertEquals(5, d.maxSessionSrvConns());
        assertNull(d.forwardFor());
        assertFalse(d.httplog());
        assertTrue(config.warnings().isEmpty(), config.warnings().toString());
    }

    @Test
    void connectionModesReplaceOneAnotherAndNoRestoresKeepAliveOnlyForTheModeInForce() throws ConfigException {
        final BatonConfig config = ConfigTexts.parse(
            "defaults",
            "    mode http",
            "    timeout client 1s",
            "    timeout connect 1s",
            "    timeout server 1s",
            "    option httpclose",
            "listen inherits",
            "    bind :80",
            "    server s 127.0.0.1:1",
            "listen last-wins",
            "    bind :81",
            "    option http-server-close",
            "    server s 127.0.0.1:1",
            "listen no-other",
            "    bind :82",
            "    no option http-server-close",
            "    server s 127.0.0.1:1",
            "listen no-this",
            "    bind :83",
            "    no option httpclose",
            "    server s 127.0.0.1:1",
            "listen back",
            "    bind :84",
            "    option http-keep-alive",
            "    no option http-keep-alive",
            "    server s 127.0.0.1:1");
        assertEquals(HttpConnectionMode.CLOSE, HttpTexts.http(config, "inherits").connectionMode());
        assertEquals(HttpConnectionMode.SERVER_CLOSE, HttpTexts.http(config, "last-wins").connectionMode());
        assertEquals(HttpConnectionMode.CLOSE, HttpTexts.http(config, "no-other").connectionMode());
        assertEquals(HttpConnectionMode.KEEP_ALIVE, HttpTexts.http(config, "no-this").connectionMode());
        assertEquals(HttpConnectionMode.KEEP_ALIVE, HttpTexts.http(config, "back").connectionMode());
    }

    @Test
    void httpTimeoutsAreFrontSideWithHaproxyFallbacks() throws ConfigException {
        final BatonConfig config = HttpTexts.parse(
            "defaults",                             // 12
            "    mode http",                        // 13
            "    timeout http-request 5s",          // 14
            "listen l",                             // 15
            "    bind :81",                         // 16
            "    timeout client 30s",               // 17
            "    timeout http-keep-alive 2s",       // 18
            "    timeout connect 1s",               // 19
            "    timeout server 1s",                // 20
            "    server s 127.0.0.1:1",             // 21
            "backend c",                            // 22
            "    timeout http-request 1s",          // 23
            "    server s 127.0.0.1:1");            // 24
        final HttpOptions l = HttpTexts.http(config, "l");
        assertEquals(5000, l.timeoutHttpRequestMs());
        assertEquals(2000, l.timeoutHttpKeepAliveMs());
        assertEquals(5000, l.requestTimeoutMs(30_000));
        assertEquals(2000, l.keepAliveTimeoutMs(30_000));
        assertEquals(0, config.backend("c").http().timeoutHttpRequestMs());
        assertEquals(List.of(
            "t.cfg:22: missing timeouts for backend 'c': while not mandatory, set 'timeout connect' and "
                + "'timeout server' to avoid connections piling up",
            "t.cfg:23: 'timeout http-request' is ignored in a 'backend' section, which lacks that side"),
            ConfigTexts.render(config.warnings()));
        final HttpOptions onlyRequest = new HttpOptions(HttpConnectionMode.KEEP_ALIVE, 5000, 0, null, false,
            HttpReuse.SAFE, Set.of(), 5, List.of(), List.of(), List.of(), List.of(), null);
        assertEquals(5000, onlyRequest.keepAliveTimeoutMs(30_000));
        assertEquals(30_000, HttpOptions.DEFAULT.keepAliveTimeoutMs(30_000));
        assertEquals(30_000, HttpOptions.DEFAULT.requestTimeoutMs(30_000));
    }

    @Test
    void forwardforArguments() throws ConfigException {
        final BatonConfig config = HttpTexts.parse(
            "listen a",
            "    mode http",
            "    bind :81",
            "    timeout client 1s",
            "    timeout connect 1s",
            "    timeout server 1s",
            "    option forwardfor",
            "    server s 127.0.0.1:1",
            "listen b2",
            "    mode http",
            "    bind :82",
            "    timeout client 1s",
            "    timeout connect 1s",
            "    timeout server 1s",
            "    option forwardfor except 10.1.2.3/255.255.0.0 header X-Client if-none",
            "    server s 127.0.0.1:1",
            "listen c",
            "    mode http",
            "    bind :83",
            "    timeout client 1s",
            "    timeout connect 1s",
            "    timeout server 1s",
            "    option forwardfor if-none except 2001:db8::1/32",
            "    option forwardfor except 127.0.0.1",
            "    server s 127.0.0.1:1");
        assertEquals(new ForwardFor(null, ForwardFor.DEFAULT_HEADER, false), HttpTexts.http(config, "a").forwardFor());
        assertEquals(new ForwardFor(Network.of(ip("10.1.0.0"), 16), HeaderName.of("x-client"), true),
            HttpTexts.http(config, "b2").forwardFor());
        assertEquals("X-Client", HttpTexts.http(config, "b2").forwardFor().header().text());
        assertEquals(new ForwardFor(Network.of(ip("127.0.0.1"), 32), ForwardFor.DEFAULT_HEADER, false),
            HttpTexts.http(config, "c").forwardFor(), "the last line replaces the whole option");
    }

    @Test
    void forwardforCombinesFrontendAndBackendAsHaproxy() {
        final ForwardFor plain = new ForwardFor(null, ForwardFor.DEFAULT_HEADER, false);
        final ForwardFor local = new ForwardFor(Network.of(ip("127.0.0.0"), 8), HeaderName.of("X-Real"), false);
        final ForwardFor ifNone = new ForwardFor(null, HeaderName.of("X-Else"), true);
        final byte[] client = ip("192.0.2.1");
        final byte[] loopback = ip("127.0.0.1");
        assertNull(ForwardFor.header(null, null));
        assertFalse(ForwardFor.applies(null, null, client, false));
        assertSame(ForwardFor.DEFAULT_HEADER, ForwardFor.header(plain, null));
        assertEquals("X-Real", ForwardFor.header(plain, local).text(), "the backend's header wins");
        assertTrue(ForwardFor.applies(plain, null, client, true));
        assertTrue(ForwardFor.applies(null, local, client, false));
        assertFalse(ForwardFor.applies(null, local, loopback, false), "except");
        assertFalse(ForwardFor.applies(plain, local, loopback, false), "any side's except");
        assertFalse(ForwardFor.applies(ifNone, null, client, true), "if-none and present");
        assertTrue(ForwardFor.applies(ifNone, null, client, false));
        assertTrue(ForwardFor.applies(ifNone, plain, client, true), "one side wants it always");
        assertFalse(ForwardFor.applies(ifNone, ifNone, client, true));
    }

    @Test
    void httplogAndTcplogReplaceEachOtherAndTcpFallsBackToTcplog() throws ConfigException {
        final BatonConfig config = ConfigTexts.parse(
            "defaults",                       // 1
            "    timeout client 1s",          // 2
            "    timeout connect 1s",         // 3
            "    timeout server 1s",          // 4
            "listen h",                       // 5
            "    mode http",                  // 6
            "    bind :80",                   // 7
            "    option tcplog",              // 8
            "    option httplog",             // 9
            "    server s 127.0.0.1:1",       // 10
            "listen t",                       // 11
            "    mode http",                  // 12
            "    bind :81",                   // 13
            "    option httplog",             // 14
            "    option tcplog",              // 15
            "    server s 127.0.0.1:1",       // 16
            "listen tcp",                     // 17
            "    bind :82",                   // 18
            "    option httplog",             // 19
            "    server s 127.0.0.1:1");      // 20
        assertTrue(HttpTexts.http(config, "h").httplog());
        assertFalse(config.backend("h").tcplog());
        assertFalse(HttpTexts.http(config, "t").httplog());
        assertTrue(config.backend("t").tcplog());
        assertTrue(config.backend("tcp").tcplog());
        assertFalse(config.backend("tcp").http().httplog());
        assertEquals(List.of("t.cfg:19: 'option httplog' ignored for listen 'tcp' as it requires HTTP mode; "
            + "using 'option tcplog'"),
            ConfigTexts.render(config.warnings()));
    }

    @Test
    void reuseRetryOnAndSessionConnections() throws ConfigException {
        final BatonConfig config = HttpTexts.parse(
            "defaults",                                        // 12
            "    mode http",                                   // 13
            "    http-reuse always",                           // 14
            "    retry-on empty-response",                     // 15
            "    max-session-srv-conns 9",                     // 16
            "    timeout client 1s",                           // 17
            "    timeout connect 1s",                          // 18
            "    timeout server 1s",                           // 19
            "listen inherits",                                 // 20
            "    bind :81",                                    // 21
            "    server s 127.0.0.1:1",                        // 22
            "listen own",                                      // 23
            "    bind :82",                                    // 24
            "    http-reuse never",                            // 25
            "    retry-on conn-failure response-timeout",      // 26
            "    max-session-srv-conns 0",                     // 27
            "    server s 127.0.0.1:1",                        // 28
            "listen none",                                     // 29
            "    bind :83",                                    // 30
            "    retry-on none",                               // 31
            "    server s 127.0.0.1:1",                        // 32
            "listen all",                                      // 33
            "    bind :84",                                    // 34
            "    retry-on all-retryable-errors",               // 35
            "    server s 127.0.0.1:1",                        // 36
            "frontend g",                                      // 37
            "    bind :85",                                    // 38
            "    default_backend b");                          // 39
        final HttpOptions inherits = HttpTexts.http(config, "inherits");
        assertEquals(HttpReuse.ALWAYS, inherits.reuse());
        assertEquals(Set.of(RetryOn.EMPTY_RESPONSE), inherits.retryOn());
        assertEquals(9, inherits.maxSessionSrvConns());
        final HttpOptions own = HttpTexts.http(config, "own");
        assertEquals(HttpReuse.NEVER, own.reuse());
        assertEquals(EnumSet.of(RetryOn.CONN_FAILURE, RetryOn.RESPONSE_TIMEOUT), own.retryOn());
        assertEquals(0, own.maxSessionSrvConns());
        assertEquals(Set.of(), HttpTexts.http(config, "none").retryOn());
        assertEquals(EnumSet.of(RetryOn.CONN_FAILURE, RetryOn.EMPTY_RESPONSE, RetryOn.JUNK_RESPONSE,
            RetryOn.RESPONSE_TIMEOUT, RetryOn.ZERO_RTT_REJECTED, RetryOn.S500, RetryOn.S502, RetryOn.S503,
            RetryOn.S504), HttpTexts.http(config, "all").retryOn(), "HAProxy's all-retryable-errors");
        final HttpOptions frontend = HttpTexts.http(config, "g");
        assertEquals(HttpReuse.SAFE, frontend.reuse(), "a frontend keeps the defaults of the backend side");
        assertEquals(Set.of(RetryOn.CONN_FAILURE), frontend.retryOn());
        assertEquals(9, frontend.maxSessionSrvConns());
        assertEquals(5, config.backend("b").http().maxSessionSrvConns(), "a backend keeps the front side's default");
        assertEquals(List.of(), ConfigTexts.render(config.warnings()));
    }

    @Test
    void tcpProxiesIgnoreHttpSettingsWithAWarningPerLine() throws ConfigException {
        final BatonConfig config = ConfigTexts.parse(
            "defaults",                            // 1
            "    timeout client 1s",               // 2
            "    timeout connect 1s",              // 3
            "    timeout server 1s",               // 4
            "    option forwardfor",               // 5  inherited: no warning
            "listen l",                            // 6
            "    bind :80",                        // 7
            "    option http-server-close",        // 8
            "    option forwardfor header X-IP",   // 9
            "    timeout http-request 5s",         // 10
            "    http-reuse always",               // 11
            "    retry-on empty-response",         // 12 silently ignored, as in HAProxy
            "    max-session-srv-conns 2",         // 13 tcp too
            "    server s 127.0.0.1:1");           // 14
        assertEquals(HttpOptions.DEFAULT, config.backend("l").http());
        assertEquals(List.of(
            "t.cfg:8: 'option http-server-close' ignored for listen 'l' as it requires HTTP mode",
            "t.cfg:9: 'option forwardfor' ignored for listen 'l' as it requires HTTP mode",
            "t.cfg:10: 'timeout http-request' ignored for listen 'l' as it requires HTTP mode",
            "t.cfg:11: 'http-reuse' ignored for listen 'l' as it requires HTTP mode"),
            ConfigTexts.render(config.warnings()));
    }

    @Test
    void errors() {
        assertEquals(List.of(
            "t.cfg:13: 'option forwardfor except' expects an IPv4 or IPv6 address or network such as 10.0.0.0/8 "
                + "or 2001:db8::/32, got 'localhost'",
            "t.cfg:14: 'option forwardfor except' expects an IPv4 or IPv6 address or network such as 10.0.0.0/8 "
                + "or 2001:db8::/32, got '10.0.0.0/33'",
            "t.cfg:15: 'option forwardfor except' expects an IPv4 or IPv6 address or network such as 10.0.0.0/8 "
                + "or 2001:db8::/32, got '10.0.0.0/255.0.255.0'",
            "t.cfg:16: 'option forwardfor except' expects an IPv4 or IPv6 address or network such as 10.0.0.0/8 "
                + "or 2001:db8::/32",
            "t.cfg:17: 'option forwardfor header' expects a header name such as X-Forwarded-For, got 'X:Y'",
            "t.cfg:18: 'option forwardfor' expects except NETWORK, header NAME or if-none, got 'always'",
            "t.cfg:19: 'no option forwardfor' is not supported: the option cannot be negated",
            "t.cfg:20: 'no option httplog' is not supported: the option cannot be negated",
            "t.cfg:21: keyword 'httplog' only supports option 'clf'.",
            "t.cfg:22: 'option http-keep-alive' cannot handle unexpected argument 'now'",
            "t.cfg:23: 'http-reuse' expects one of never, safe, aggressive, always, got 'sometimes'",
            "t.cfg:24: 'http-reuse' expects one of never, safe, aggressive, always",
            "t.cfg:25: 'retry-on' expects " + HttpSettingsParser.EXPECTED_RETRY_ON,
            "t.cfg:26: 'retry-on none' cannot be combined with other keywords",
            "t.cfg:27: 'retry-on none' cannot be combined with other keywords",
            "t.cfg:28: 'retry-on' expects " + HttpSettingsParser.EXPECTED_RETRY_ON + ", got 'sometimes'",
            "t.cfg:29: 'retry-on' expects " + HttpSettingsParser.EXPECTED_RETRY_ON + ", got '429'",
            "t.cfg:30: 'max-session-srv-conns' expects a non-negative integer, got '-1'",
            "t.cfg:32: 'http-reuse' is not allowed in a 'frontend' section",
            "t.cfg:33: 'retry-on' is not allowed in a 'frontend' section",
            "t.cfg:38: 'max-session-srv-conns' is not allowed in a 'backend' section"),
            HttpTexts.errors(
                "listen l",                                            // 12
                "    option forwardfor except localhost",              // 13
                "    option forwardfor except 10.0.0.0/33",            // 14
                "    option forwardfor except 10.0.0.0/255.0.255.0",   // 15
                "    option forwardfor except",                        // 16
                "    option forwardfor header X:Y",                    // 17
                "    option forwardfor always",                        // 18
                "    no option forwardfor",                            // 19
                "    no option httplog",                               // 20
                "    option httplog combined",                         // 21
                "    option http-keep-alive now",                      // 22
                "    http-reuse sometimes",                            // 23
                "    http-reuse",                                      // 24
                "    retry-on",                                        // 25
                "    retry-on none conn-failure",                      // 26
                "    retry-on conn-failure none",                      // 27
                "    retry-on sometimes",                              // 28
                "    retry-on 503 429",                                // 29
                "    max-session-srv-conns -1",                        // 30
                "frontend g",                                          // 31
                "    http-reuse safe",                                 // 32
                "    retry-on none",                                   // 33
                "    mode http",                                       // 34
                "    bind :81",                                        // 35
                "    default_backend b",                               // 36
                "backend c",                                           // 37
                "    max-session-srv-conns 3",                         // 38
                "    option httplog"));                                // 39
    }
}
