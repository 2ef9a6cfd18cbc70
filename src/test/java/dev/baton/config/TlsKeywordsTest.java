package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The TLS keywords of {@code bind} lines and of the global section as HAProxy 2.6 reads them, what is refused and
 * why, and HAProxy's way of turning version options into one range ({@code ssl_sock_initial_ctx}).
 */
class TlsKeywordsTest {
    private static BindConfig bind(final String options) throws ConfigException {
        return ConfigTexts.parse("frontend fe", "bind 127.0.0.1:443 " + options, "default_backend b", "backend b",
            "server s 127.0.0.1:80").frontends().get(0).binds().get(0);
    }

    private static List<String> bindErrors(final String options) {
        return ConfigTexts.errors("frontend fe", "bind 127.0.0.1:443 " + options, "bind 127.0.0.1:80",
            "default_backend b", "backend b",
            "server s 127.0.0.1:80");
    }

    @Test
    void bindOptionsAreRead() throws ConfigException {
        final BindTls t = bind("ssl crt a.pem crt /etc/certs alpn http/1.1 ciphers ECDHE+AESGCM ciphersuites "
            + "TLS_AES_128_GCM_SHA256 curves X25519:P-256 ecdhe prime256v1 ssl-min-ver TLSv1.2 ssl-max-ver TLSv1.3 "
            + "no-tlsv10 strict-sni no-tls-tickets prefer-client-ciphers crt-ignore-err all no-ca-names").tls();
        assertEquals(List.of("a.pem", "/etc/certs"), t.certs());
        assertEquals(List.of("http/1.1"), t.alpn());
        assertEquals("ECDHE+AESGCM", t.ciphers());
        assertEquals("TLS_AES_128_GCM_SHA256", t.ciphersuites());
        assertEquals("X25519:P-256", t.curves());
        assertEquals("prime256v1", t.ecdhe());
        assertEquals(TlsVersions.TLSV12, t.minVersion());
        assertEquals(TlsVersions.TLSV13, t.maxVersion());
        assertEquals(1 << TlsVersions.TLSV10, t.disabledVersions());
        assertEquals(true, t.strictSni() && t.noTlsTickets() && t.preferClientCiphers());
        final BindTls forced = bind("ssl crt a.pem force-tlsv12").tls();
        assertEquals(TlsVersions.TLSV12, forced.minVersion());
        assertEquals(TlsVersions.TLSV12, forced.maxVersion());
        assertNull(bind("name plain").tls());
    }

    @Test
    void clientCertificateOptionsAreRead() throws ConfigException {
        final BindTls t = bind("ssl crt-list l.txt ca-file ca.pem ca-verify-file more.pem crl-file crl.pem verify "
            + "optional crt-ignore-err 10,23 ca-ignore-err all no-ca-names tls-ticket-keys keys.txt").tls();
        assertEquals(List.of("l.txt"), t.crtLists());
        assertEquals(BindTls.VERIFY_OPTIONAL, t.verify());
        assertEquals(List.of("ca.pem", "more.pem", "crl.pem", "keys.txt"),
            List.of(t.caFile(), t.caVerifyFile(), t.crlFile(), t.ticketKeys()));
        assertEquals((1L << 10) | (1L << 23), t.crtIgnoreErr());
        assertEquals(-1L, t.caIgnoreErr());
        assertEquals(true, t.noCaNames());
    }

    @Test
    void alpnOffersHttp2() throws ConfigException {
        assertEquals(List.of("h2", "http/1.1"), bind("ssl crt a.pem alpn h2,http/1.1").tls().alpn());
    }

    /** HAProxy advertises whatever names it is given; a pick that is not h2 is served as its mode's default. */
    @Test
    void alpnAdvertisesAnyName() throws ConfigException {
        assertEquals(List.of("h3", "http1.1", "x-custom"), bind("ssl crt a.pem alpn h3,http1.1,x-custom").tls().alpn());
        assertEquals(List.of("t.cfg:2: 'bind alpn' expects a comma-separated list of protocol names such as http/1.1, "
            + "got 'h2,,http/1.1'"), bindErrors("ssl crt a.pem alpn h2,,http/1.1"));
    }

    /** HAProxy 2.6 takes TLS options on a line without {@code ssl} silently and they do nothing; baton warns. */
    @Test
    void tlsOptionsWithoutSslAreIgnoredWithAWarning() throws ConfigException {
        assertNull(bind("alpn h2,http/1.1 crt a.pem").tls());
        assertEquals(List.of("t.cfg:6: bind option 'alpn' is ignored: TLS options apply only to a bind line with "
            + "'ssl', and this line has none (add 'ssl' to serve TLS)"),
            ConfigTexts.warnings("defaults", "timeout client 1s", "timeout connect 1s", "timeout server 1s",
                "frontend fe", "bind 127.0.0.1:80 alpn h2,http/1.1 crt a.pem", "default_backend b", "backend b",
                "server s 127.0.0.1:80"));
    }

    @Test
    void refusedBindOptionsSayWhy() {
        assertEquals(List.of("t.cfg:2: bind option 'ssl' needs a certificate: add 'crt FILE|DIR' or 'crt-list FILE'"),
            bindErrors("ssl"));
        assertEquals(List.of("t.cfg:2: 'bind verify' expects none, optional or required, got 'always'"),
            bindErrors("ssl crt a.pem ca-file ca.pem verify always"));
        assertEquals(List.of("t.cfg:2: 'bind crt-ignore-err' expects 'all' or a comma-separated list of X509 error IDs "
            + "such as 10,23, got '10,x'"), bindErrors("ssl crt a.pem crt-ignore-err 10,x"));
        assertEquals(List.of("t.cfg:2: bind option 'allow-0rtt' is refused: baton does not accept TLS 1.3 early "
            + "data (replayable requests); remove it"), bindErrors("ssl crt a.pem allow-0rtt"));
        assertEquals(List.of("t.cfg:2: bind option 'generate-certificates' is refused: baton does not forge "
            + "certificates on the fly; give every certificate with 'crt'"),
            bindErrors("ssl crt a.pem generate-certificates"));
        assertEquals(List.of("t.cfg:2: 'bind ssl-min-ver' expects one of SSLv3, TLSv1.0, TLSv1.1, TLSv1.2, TLSv1.3, "
            + "got 'TLSv1.4'"), bindErrors("ssl crt a.pem ssl-min-ver TLSv1.4"));
        assertEquals(List.of("t.cfg:2: bind option 'no-tlsv14' is not supported yet"),
            bindErrors("ssl crt a.pem no-tlsv14"));
    }

    @Test
    void globalKeywordsAreRead() throws ConfigException {
        final TlsDefaults t = ConfigTexts.parseGlobal(
            "ssl-default-bind-ciphers ECDHE+AESGCM",
            "ssl-default-bind-ciphersuites TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256",
            "ssl-default-bind-curves X25519:P-256",
            "ssl-default-bind-options ssl-min-ver TLSv1.2 no-tls-tickets prefer-client-ciphers no-tlsv13",
            "ssl-default-server-ciphers ECDHE+AESGCM",
            "ssl-default-server-ciphersuites TLS_AES_128_GCM_SHA256",
            "ssl-default-server-options no-sslv3 ssl-max-ver TLSv1.3 no-tls-tickets",
            "crt-base /etc/haproxy/certs",
            "ca-base /etc/ssl/certs",
            "tune.ssl.default-dh-param 2048",
            "ssl-dh-param-file /etc/haproxy/dhparam.pem",
            "tune.ssl.cachesize 100000",
            "tune.ssl.lifetime 600").tls();
        assertEquals("ECDHE+AESGCM", t.bindCiphers());
        assertEquals("X25519:P-256", t.bindCurves());
        assertEquals(TlsVersions.TLSV12, t.bindMinVersion());
        assertEquals(1 << TlsVersions.TLSV13, t.bindDisabledVersions());
        assertEquals(true, t.bindNoTlsTickets() && t.bindPreferClientCiphers());
        assertEquals(List.of("no-sslv3", "ssl-max-ver", "TLSv1.3", "no-tls-tickets"), t.serverOptions());
        assertEquals("/etc/haproxy/certs", t.crtBase());
        assertEquals("/etc/ssl/certs", t.caBase());
        assertEquals(2048, t.dhParamBits());
        assertEquals(100000, t.cacheSize());
        assertEquals(600, t.lifetimeSec());
        assertEquals(300, ConfigTexts.parseGlobal("tune.ssl.lifetime 5m").tls().lifetimeSec());
    }

    @Test
    void globalErrorsAsHaproxyGivesThem() {
        assertEquals(List.of("t.cfg:2: unknown option 'no-tlsv9' on global statement 'ssl-default-bind-options'"),
            ConfigTexts.errors(ConfigTexts.inGlobal("ssl-default-bind-options no-tlsv9")));
        assertEquals(List.of("t.cfg:3: 'crt-base' already specified"),
            ConfigTexts.errors(ConfigTexts.inGlobal("crt-base /a", "crt-base /b")));
        assertEquals(List.of("t.cfg:2: 'tune.ssl.default-dh-param' expects an integer between 1024 and 2147483647, "
            + "got '512'"), ConfigTexts.errors(ConfigTexts.inGlobal("tune.ssl.default-dh-param 512")));
    }

    @Test
    void versionRangeAsHaproxyComputesIt() {
        final int none = TlsVersions.NONE;
        assertEquals(TlsVersions.TLSV12 << 8 | TlsVersions.TLSV13, TlsVersions.range(none, none, 0), "default min 1.2");
        assertEquals(TlsVersions.TLSV10 << 8 | TlsVersions.TLSV13, TlsVersions.range(TlsVersions.SSLV3, none, 0),
            "SSLv3 is not in the engine: skipped");
        assertEquals(TlsVersions.TLSV11 << 8 | TlsVersions.TLSV11, TlsVersions.range(none, TlsVersions.TLSV11, 0),
            "max below the default min: min = max");
        assertEquals(TlsVersions.TLSV12 << 8 | TlsVersions.TLSV12,
            TlsVersions.range(none, none, 1 << TlsVersions.TLSV13), "no-tlsv13");
        assertEquals(TlsVersions.TLSV12 << 8 | TlsVersions.TLSV13,
            TlsVersions.range(TlsVersions.TLSV12, none, 1 << TlsVersions.TLSV13), "no-* ignored once min is set");
        assertEquals(-1, TlsVersions.range(none, none, 1 << TlsVersions.TLSV12 | 1 << TlsVersions.TLSV13),
            "all disabled");
    }
}
