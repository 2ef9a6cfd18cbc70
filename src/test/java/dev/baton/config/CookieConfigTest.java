package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cookie} and the server's {@code cookie VALUE} as HAProxy 2.6's {@code cfgparse-listen.c} reads them: the
 * options, several domains and attributes, times in seconds, the incompatible modes, inheritance from
 * {@code defaults}, {@code dynamic} with {@code dynamic-cookie-key}, and what baton refuses ({@code default-server
 * cookie}) with the alternative.
 */
class CookieConfigTest {
    private static final List<String> HEAD = List.of(
        "defaults", "    mode http", "    timeout connect 1s", "    timeout client 1s", "    timeout server 1s");

    private static String[] backend(final String cookieLine, final String... servers) {
        final List<String> all = new java.util.ArrayList<>(HEAD);
        all.add("backend b");
        all.add(cookieLine);
        all.addAll(List.of(servers));
        return all.toArray(new String[0]);
    }

    @Test
    void everyOptionAsWritten() throws ConfigException {
        final BatonConfig c = ConfigTexts.parse(backend("    cookie SRV insert indirect nocache postonly preserve "
            + "httponly secure domain .a.example domain .b.example maxidle 30m maxlife 2h attr SameSite=Lax attr x=1",
            "    server s1 127.0.0.1:1 cookie one", "    server s2 127.0.0.1:2"));
        final ProxyConfig b = c.backend("b");
        assertEquals(new CookieConfig("SRV", CookieConfig.Mode.INSERT, true, true, true, true, true, true,
            ".a.example; domain=.b.example", 1800, 7200, "SameSite=Lax; x=1"), b.http().cookie());
        assertEquals("one", b.servers().get(0).cookie());
        assertNull(b.servers().get(1).cookie());
    }

    @Test
    void aPassiveCookieIsInheritedFromDefaults() throws ConfigException {
        final BatonConfig c = ConfigTexts.parse(ConfigTexts.concat(List.of("defaults", "    mode http",
            "    cookie JSESSIONID prefix", "    timeout connect 1s", "    timeout client 1s", "    timeout server 1s"),
            "backend b", "    server s 127.0.0.1:1 cookie s"));
        assertEquals(CookieConfig.Mode.PREFIX, c.backend("b").http().cookie().mode());
    }

    @Test
    void modesHaproxyRefusesTogetherAreErrors() {
        assertEquals(List.of("t.cfg:7: cookie 'rewrite' and 'indirect' modes are incompatible"),
            ConfigTexts.errors(backend("    cookie S rewrite indirect")));
        assertEquals(List.of("t.cfg:7: cookie 'rewrite', 'insert' and 'prefix' modes are incompatible"),
            ConfigTexts.errors(backend("    cookie S insert prefix")));
        assertEquals(List.of("t.cfg:7: cookie 'preserve' requires at least 'insert' or 'indirect'"),
            ConfigTexts.errors(backend("    cookie S rewrite preserve")));
        assertEquals(List.of("t.cfg:7: character '%x3B' is not permitted in attribute value"),
            ConfigTexts.errors(backend("    cookie S insert attr a;b")));
    }

    @Test
    void defaultServerCookiesAreRefusedWithTheAlternative() {
        final List<String> shared = ConfigTexts.errors(backend("    cookie S insert",
            "    default-server cookie x", "    server s 127.0.0.1:1"));
        assertEquals(1, shared.size(), shared.toString());
        assertTrue(shared.get(0).contains("write 'cookie VALUE' on each server line"), shared.get(0));
        assertEquals(List.of("t.cfg:7: 'dynamic-cookie-key' expects a secret key"),
            ConfigTexts.errors(backend("    dynamic-cookie-key")));
        assertEquals(List.of("t.cfg:2: 'dynamic-cookie-key' is not allowed in a 'frontend' section"),
            ConfigTexts.errors("frontend f", "    dynamic-cookie-key k", "    bind :1"));
    }

    @Test
    void dynamicCookiesTakeTheKeyOfTheSectionOrOfDefaults() throws ConfigException {
        final BatonConfig own = ConfigTexts.parse(backend("    cookie S insert dynamic",
            "    dynamic-cookie-key k1", "    server s 127.0.0.1:1"));
        assertTrue(own.backend("b").http().cookie().dynamic());
        assertEquals("k1", own.backend("b").http().cookie().dynamicKey());
        final BatonConfig inherited = ConfigTexts.parse(ConfigTexts.concat(List.of("defaults", "    mode http",
            "    dynamic-cookie-key k0"), "backend b", "    cookie S insert", "    server s 127.0.0.1:1"));
        assertEquals("k0", inherited.backend("b").http().cookie().dynamicKey());
        assertTrue(!inherited.backend("b").http().cookie().dynamic(), "the key alone enables nothing");
    }

    @Test
    void aDomainWithoutADotIsWarnedAbout() throws ConfigException {
        assertEquals(List.of("t.cfg:7: domain 'localhost' contains no embedded dot, this configuration may not work "
            + "properly (see RFC6265#5.2.3)"), ConfigTexts.warnings(backend("    cookie S insert domain localhost",
            "    server s 127.0.0.1:1 cookie s")));
    }

    @Test
    void aFrontendHasNoServersToPersistOn() {
        assertEquals(List.of("t.cfg:8: 'cookie' is not allowed in a 'frontend' section"),
            ConfigTexts.errors(ConfigTexts.concat(HEAD, "frontend f", "    bind 127.0.0.1:1", "    cookie S insert",
                "    default_backend b", "backend b", "    server s 127.0.0.1:1")));
    }
}
