package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DefaultsTest {
    @Test
    void aDefaultsSectionAppliesOnlyToTheProxiesThatFollowIt() throws ConfigException {
        final BatonConfig config = ConfigTexts.parse(
            "backend before",
            "    server s 127.0.0.1:1",
            "defaults",
            "    balance leastconn",
            "    retries 7",
            "backend after",
            "    server s 127.0.0.1:1");
        assertEquals(BalanceAlgorithm.ROUNDROBIN, config.backend("before").balance());
        assertEquals(3, config.backend("before").retries());
        assertEquals(BalanceAlgorithm.LEASTCONN, config.backend("after").balance());
        assertEquals(7, config.backend("after").retries());
    }

    /** HAProxy 2.6: a bare {@code balance} sets round robin, replacing what a defaults section set. */
    @Test
    void aBareBalanceIsRoundRobin() throws ConfigException {
        final BatonConfig config = ConfigTexts.parse(
            "defaults",
            "    balance leastconn",
            "backend b",
            "    balance",
            "    server s 127.0.0.1:1");
        assertEquals(BalanceAlgorithm.ROUNDROBIN, config.backend("b").balance());
    }

    /** HAProxy 2.6's {@code from}: a proxy (or a defaults section) starts from the named defaults section it names. */
    @Test
    void fromNamesTheDefaultsSectionAProxyStartsFrom() throws ConfigException {
        final BatonConfig config = ConfigTexts.parse(
            "defaults base",
            "    balance leastconn",
            "    retries 7",
            "defaults more from base",
            "    retries 5",
            "defaults",
            "    timeout server 9s",
            "backend plain",
            "    server s 127.0.0.1:1",
            "backend one from base",
            "    server s 127.0.0.1:1",
            "backend two from more",
            "    server s 127.0.0.1:1");
        assertEquals(BalanceAlgorithm.ROUNDROBIN, config.backend("plain").balance());
        assertEquals(BalanceAlgorithm.LEASTCONN, config.backend("one").balance());
        assertEquals(7, config.backend("one").retries());
        assertEquals(new Timeouts(0, 0, 0, 0, 0, 0), config.backend("one").timeouts());
        assertEquals(BalanceAlgorithm.LEASTCONN, config.backend("two").balance());
        assertEquals(5, config.backend("two").retries());
    }

    @Test
    void aSecondDefaultsSectionReplacesTheFirstCompletely() throws ConfigException {
        final BatonConfig config = ConfigTexts.parse(
            "defaults first",
            "    balance leastconn",
            "    retries 7",
            "    timeout connect 4s",
            "    option redispatch",
            "    log global",
            "    default-server weight 5",
            "backend one",
            "    server s 127.0.0.1:1",
            "defaults",
            "    timeout server 9s",
            "backend two",
            "    server s 127.0.0.1:1");
        final ProxyConfig one = config.backend("one");
        assertEquals(BalanceAlgorithm.LEASTCONN, one.balance());
        assertEquals(7, one.retries());
        assertEquals(new Timeouts(4000, 0, 0, 0, 0, 0), one.timeouts());
        assertTrue(one.redispatch().enabled());
        assertTrue(one.logGlobal());
        assertEquals(5, one.servers().get(0).weight());

        final ProxyConfig two = config.backend("two");
        assertEquals(BalanceAlgorithm.ROUNDROBIN, two.balance());
        assertEquals(3, two.retries());
        assertEquals(new Timeouts(0, 0, 9000, 0, 0, 0), two.timeouts());
        assertEquals(Redispatch.OFF, two.redispatch());
        assertFalse(two.logGlobal());
        assertEquals(1, two.servers().get(0).weight());
    }

    @Test
    void proxiesOverrideWhatTheyInherit() throws ConfigException {
        final BatonConfig config = ConfigTexts.parse(
            "defaults",
            "    option redispatch",
            "    option tcplog",
            "    timeout client 10s",
            "frontend f",
            "    bind 127.0.0.1:1",
            "    no option tcplog",
            "    timeout client 20s",
            "    default_backend b",
            "backend b",
            "    no option redispatch",
            "    server s 127.0.0.1:2");
        assertFalse(config.proxies().get(0).tcplog());
        assertEquals(20000, config.proxies().get(0).timeouts().clientMs());
        assertEquals(Redispatch.OFF, config.backend("b").redispatch());
    }

    @Test
    void allbackupsAndLogHealthChecksAreInheritedAndOverridden() throws ConfigException {
        final BatonConfig config = ConfigTexts.parse(
            "defaults",
            "    option allbackups",
            "    option log-health-checks",
            "backend b",
            "    server s 127.0.0.1:2",
            "backend c",
            "    no option allbackups",
            "    no option log-health-checks",
            "    server s 127.0.0.1:2");
        assertTrue(config.backend("b").allBackups() && config.backend("b").logHealthChecks());
        assertFalse(config.backend("c").allBackups() || config.backend("c").logHealthChecks());
    }

    @Test
    void sideSpecificSettingsAreClearedOnTheOtherSide() throws ConfigException {
        final BatonConfig config = ConfigTexts.parse(
            "defaults",
            "    maxconn 50",
            "    option tcplog",
            "    timeout connect 1s",
            "    timeout client 2s",
            "    timeout server 3s",
            "    timeout tunnel 4s",
            "    timeout client-fin 5s",
            "    timeout server-fin 6s",
            "frontend f",
            "    bind 127.0.0.1:1",
            "    default_backend b",
            "backend b",
            "    server s 127.0.0.1:2");
        final ProxyConfig f = config.proxies().get(0);
        assertEquals(50, f.maxconn());
        assertTrue(f.tcplog());
        assertEquals(new Timeouts(0, 2000, 0, 0, 5000, 0), f.timeouts());
        assertEquals(null, f.balance());
        assertEquals(0, f.retries());
        final ProxyConfig b = config.backend("b");
        assertEquals(0, b.maxconn());
        assertFalse(b.tcplog());
        assertEquals(new Timeouts(1000, 0, 3000, 4000, 0, 6000), b.timeouts());
    }

    @Test
    void defaultServerAppliesToTheServerLinesThatFollowIt() throws ConfigException {
        final BatonConfig config = ConfigTexts.parse(
            "backend b",
            "    server a 127.0.0.1:1",
            "    default-server weight 20 maxconn 30 backup",
            "    server b 127.0.0.1:2",
            "    server c 127.0.0.1:3 weight 2 no-backup",
            "    default-server disabled",
            "    server d 127.0.0.1:4",
            "    server e 127.0.0.1:5 enabled maxconn 0");
        final List<ServerConfig> servers = config.backend("b").servers();
        assertEquals(List.of("1 0 false false", "20 30 true false", "2 30 false false", "20 30 true true",
            "20 0 true false"), servers.stream().map(DefaultsTest::settings).toList());
    }

    @Test
    void defaultServerOfADefaultsSectionIsInheritedAndCanBeExtended() throws ConfigException {
        final BatonConfig config = ConfigTexts.parse(
            "defaults",
            "    default-server weight 50",
            "backend one",
            "    default-server maxconn 9",
            "    server s 127.0.0.1:1",
            "listen two",
            "    bind 127.0.0.1:2",
            "    server s 127.0.0.1:3",
            "defaults",
            "backend three",
            "    server s 127.0.0.1:4");
        assertEquals("50 9 false false", settings(config.backend("one").servers().get(0)));
        assertEquals("50 0 false false", settings(config.backend("two").servers().get(0)));
        assertEquals("1 0 false false", settings(config.backend("three").servers().get(0)));
    }

    private static String settings(final ServerConfig s) {
        return s.weight() + " " + s.maxconn() + " " + s.backup() + " " + s.disabled();
    }
}
