package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code balance} with its hash keys and options, {@code hash-type}, {@code hash-balance-factor} and the refused
 * forms, read as HAProxy 2.6 reads them.
 */
class BalanceConfigTest {
    private static final List<String> DEFAULTS = List.of(
        "defaults", "    mode http", "    timeout connect 1s", "    timeout client 1s", "    timeout server 1s");

    private static ProxyConfig backend(final String... lines) throws ConfigException {
        final String[] all = ConfigTexts.concat(List.of(ConfigTexts.concat(DEFAULTS, "backend be")), lines);
        return ConfigTexts.parse(ConfigTexts.concat(List.of(all), "    server s 127.0.0.1:1")).proxies().stream()
            .filter(p -> p.name().equals("be")).findFirst().orElseThrow();
    }

    private static String error(final String... lines) {
        final List<String> errors = ConfigTexts.errors(ConfigTexts.concat(
            List.of(ConfigTexts.concat(DEFAULTS, "backend be")), lines));
        assertFalse(errors.isEmpty(), "refused: " + List.of(lines));
        return errors.get(0);
    }

    @Test
    void uriTakesItsOptionsInAnyOrder() throws ConfigException {
        final ProxyConfig p = backend("    balance uri path-only depth 3 whole len 20");
        assertEquals(BalanceAlgorithm.URI, p.balance());
        final BalanceParams b = p.extras().balanceParams();
        assertTrue(b.uriWhole() && b.uriPathOnly());
        assertEquals(20, b.uriLen());
        assertEquals(3, b.uriDepth());
        assertTrue(error("    balance uri depth 0").contains("depth"));
        assertTrue(error("    balance uri deep 2").contains("only accepts 'len', 'depth', 'path-only' and 'whole'"));
    }

    @Test
    void hashTypeDefaultsAsHaproxy() throws ConfigException {
        final BalanceParams map = backend("    balance source").extras().balanceParams();
        assertFalse(map.consistent() || map.avalanche());
        assertEquals(HashFunction.SDBM, map.function());
        final BalanceParams cons = backend("    balance url_param id", "    hash-type consistent").extras()
            .balanceParams();
        assertTrue(cons.consistent() && cons.avalanche(), "consistent without a function adds avalanche");
        assertEquals("id", cons.name());
        final BalanceParams named = backend("    hash-type consistent crc32", "    balance hdr(X-Key) use_domain_only")
            .extras().balanceParams();
        assertTrue(named.consistent() && !named.avalanche(), "a named function without the modifier");
        assertEquals(HashFunction.CRC32, named.function());
        assertEquals("X-Key", named.name());
        assertTrue(named.useDomainOnly());
        final BalanceParams aval = backend("    balance uri", "    hash-type map-based wt6 avalanche").extras()
            .balanceParams();
        assertTrue(!aval.consistent() && aval.avalanche());
        assertEquals(HashFunction.WT6, aval.function());
    }

    @Test
    void hashTypeAndFactorAreInheritedFromDefaults() throws ConfigException {
        final BatonConfig c = ConfigTexts.parse(ConfigTexts.concat(DEFAULTS, "    hash-type consistent djb2",
            "    hash-balance-factor 150", "    balance uri len 9", "backend be", "    server s 127.0.0.1:1"));
        final BalanceParams b = c.proxies().get(0).extras().balanceParams();
        assertTrue(b.consistent());
        assertEquals(HashFunction.DJB2, b.function());
        assertEquals(150, b.balanceFactor());
        assertEquals(9, b.uriLen());
        assertEquals(BalanceAlgorithm.URI, c.proxies().get(0).balance());
    }

    @Test
    void randomTakesADrawCount() throws ConfigException {
        assertEquals(2, backend("    balance random").extras().balanceParams().draws());
        assertEquals(5, backend("    balance random(5)").extras().balanceParams().draws());
        assertTrue(error("    balance random(0)").contains("at least 1"));
        assertTrue(error("    balance random(3").contains("missing closing parenthesis"));
    }

    @Test
    void rdpCookieHashesTheNamedCookieOfTheInspectedBytes() throws ConfigException {
        final ProxyConfig dflt = backend("    balance rdp-cookie");
        assertEquals(BalanceAlgorithm.HASH, dflt.balance());
        assertEquals("req.rdp_cookie(mstshash)", dflt.extras().balanceParams().hashExpr().toString());
        assertEquals("req.rdp_cookie(msts)",
            backend("    balance rdp-cookie(msts)").extras().balanceParams().hashExpr().toString());
    }

    @Test
    void urlParamAcceptsCheckPost() throws ConfigException {
        final ProxyConfig be = backend("    balance url_param id check_post");
        assertEquals(BalanceAlgorithm.URL_PARAM, be.balance());
        assertEquals("id", be.extras().balanceParams().name());
    }

    @Test
    void refusedFormsSayWhyAndWhatToWriteInstead() {
        assertTrue(error("    balance url_param id post").contains("only accepts the 'check_post' modifier"));
        assertTrue(error("    balance url_param").contains("URL parameter name"));
        assertTrue(error("    balance rdp-cookie()").contains("expects a cookie name"));
        assertTrue(error("    balance rdp-cookie(msts) x").contains("x"));
        assertTrue(error("    balance hash").contains("expects a sample expression"));
        assertTrue(error("    balance hash nope(1)").contains("unknown fetch method 'nope'"));
        assertTrue(error("    balance hash res.hdr(x)").contains("none of which is available here"));
        assertTrue(error("    balance hdr()").contains("header field name"));
        assertTrue(error("    balance hdr(host) domain").contains("use_domain_only"));
        assertTrue(error("    balance hdr").contains("one of"));
        assertTrue(error("    hash-type consistent none").contains("'none' came in a later version"));
        assertTrue(error("    hash-type avalanche").contains("map-based sdbm avalanche"));
        assertTrue(error("    hash-type consistent sdbm full").contains("'avalanche' as a modifier"));
        assertTrue(error("    hash-type ring").contains("'consistent' and 'map-based'"));
        assertTrue(error("    hash-balance-factor 100").contains("0 or greater than 100"));
        assertTrue(error("    balance log-hash lower").contains("does not implement"));
        assertTrue(error("    server s 127.0.0.1:1 hash-key addr").contains("HAProxy 2.6 has no 'hash-key'"));
    }

    @Test
    void aLayer7HashInModeTcpFallsBackToRoundRobinWithAWarning() throws ConfigException {
        final String[] lines = ConfigTexts.concat(DEFAULTS, "backend be", "    mode tcp", "    balance uri",
            "    server s 127.0.0.1:1");
        final ProxyConfig p = ConfigTexts.parse(lines).proxies().get(0);
        assertEquals(BalanceAlgorithm.ROUNDROBIN, p.balance());
        assertTrue(ConfigTexts.warnings(lines).stream().anyMatch(w -> w.contains("Layer 7 hash not possible")));
    }

    @Test
    void theStaticAlgorithmsAreStaticRrAndTheMapBasedHashes() throws ConfigException {
        final BalanceParams map = BalanceParams.DEFAULT;
        final BalanceParams cons = backend("    hash-type consistent").extras().balanceParams();
        assertTrue(map.isStatic(BalanceAlgorithm.STATIC_RR) && map.isStatic(BalanceAlgorithm.URI)
            && map.isStatic(BalanceAlgorithm.SOURCE));
        assertFalse(cons.isStatic(BalanceAlgorithm.URI) || map.isStatic(BalanceAlgorithm.ROUNDROBIN)
            || map.isStatic(BalanceAlgorithm.RANDOM));
        assertNull(BalanceParams.DEFAULT.name());
    }
}
