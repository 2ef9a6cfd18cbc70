package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The PROXY protocol keywords ({@code accept-proxy}, {@code send-proxy*}, {@code proxy-v2-options}, checks) and
 * {@code option originalto}.
 */
class ProxyProtocolConfigTest {
    private static final List<String> HEAD = List.of("defaults", "mode http", "frontend f", "bind :8080 accept-proxy",
        "bind :8081", "option originalto except 10.0.0.0/8 header X-Dst", "default_backend b", "backend b");

    private static ProxyConfig backend(final String... lines) throws ConfigException {
        return ConfigTexts.parse(ConfigTexts.concat(HEAD, lines)).backend("b");
    }

    @Test
    void bindAndOriginalto() throws ConfigException {
        final ProxyConfig f = ConfigTexts.parse(ConfigTexts.concat(HEAD, "server s 127.0.0.1:80")).frontends().get(0);
        assertTrue(f.binds().get(0).acceptProxy());
        assertFalse(f.binds().get(1).acceptProxy());
        assertEquals("X-Dst", f.http().originalTo().header().toString());
        assertTrue(f.http().originalTo().except().contains(new byte[] {10, 1, 2, 3}));
        assertNull(ConfigTexts.parse(ConfigTexts.concat(HEAD, "server s 127.0.0.1:80")).backend("b").http()
            .originalTo(), "the frontend's, not the backend's");
    }

    @Test
    void serverFlagsAsHaproxySetsThem() throws ConfigException {
        final List<ServerConfig> s = backend(
            "default-server send-proxy-v2 proxy-v2-options crc32c,cert-cn",
            "server a 127.0.0.1:80",
            "server b 127.0.0.1:81 no-send-proxy-v2",
            "server c 127.0.0.1:82 send-proxy no-send-proxy-v2 check",
            "server d 127.0.0.1:83 send-proxy check port 9000",
            "server e 127.0.0.1:84 no-send-proxy-v2 send-proxy check port 9000 check-send-proxy").servers();
        final SendProxy a = s.get(0).sendProxy();
        assertTrue(a.v2());
        assertTrue(a.has(SendProxy.CRC32C) && a.has(SendProxy.CERT_CN) && a.has(SendProxy.SSL), "cert-cn implies ssl");
        final SendProxy b = s.get(1).sendProxy();
        assertFalse(b.v2());
        assertTrue(b.enabled(), "options alone still send a header (a v1 line), as HAProxy's pp_opts");
        assertFalse(s.get(2).sendProxy().v2());
        assertTrue(s.get(2).sendProxy().onChecks(s.get(2).check()), "send-proxy without port/addr: checks too");
        assertFalse(s.get(3).sendProxy().onChecks(s.get(3).check()), "with a check port: not unless forced");
        assertTrue(s.get(4).sendProxy().onChecks(s.get(4).check()), "check-send-proxy forces it");
        assertFalse(SendProxy.NONE.onChecks(CheckOptions.DEFAULT));
    }

    @Test
    void unknownV2OptionIsHaproxysError() {
        assertEquals(List.of("t.cfg:9: 'cert-fingerprint' : proxy v2 option not implemented; expects a comma-separated"
            + " list of ssl, cert-cn, cert-key, cert-sig, ssl-cipher, authority, crc32c, unique-id"),
            ConfigTexts.errors(ConfigTexts.concat(HEAD, "server s 127.0.0.1:80 send-proxy-v2 proxy-v2-options"
                + " crc32c,cert-fingerprint")));
    }
}
