package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent-check keywords, HAProxy 2.6's: {@code agent-check}/{@code no-agent-check}, {@code agent-port},
 * {@code agent-addr}, {@code agent-inter}, {@code agent-send}, on {@code server} and {@code default-server}, and
 * HAProxy's error for an agent without a port.
 */
class AgentCheckConfigTest {
    private static List<ServerConfig> servers(final String... backendLines) throws ConfigException {
        return ConfigTexts.parse(ConfigTexts.concat(List.of("backend b", "timeout connect 1s", "timeout server 1s"),
            backendLines)).proxies().get(0).servers();
    }

    private static List<String> errors(final String... backendLines) {
        return ConfigTexts.errors(ConfigTexts.concat(List.of("backend b", "timeout connect 1s", "timeout server 1s"),
            backendLines));
    }

    @Test
    void keywordsAndDefaults() throws ConfigException {
        final List<ServerConfig> s = servers(
            "server s1 127.0.0.1:80 agent-check agent-port 9999 agent-addr 127.0.0.2 agent-inter 5s "
                + "agent-send \"hello\\r\\n\"",
            "server s2 127.0.0.1:80 check inter 1s");
        final AgentCheckOptions a = s.get(0).agent();
        assertTrue(a.enabled());
        assertEquals(9999, a.port());
        assertEquals("127.0.0.2", a.addr());
        assertEquals(5000, a.interMs());
        assertEquals("hello\r\n", a.send(), "escapes expanded as HAProxy's parser does");
        assertFalse(s.get(1).agent().enabled());
        assertEquals(2000, s.get(1).agent().interMs(), "agent-inter defaults to 2 s, not to inter");
        assertEquals(AgentCheckOptions.DEFAULT, s.get(1).agent());
    }

    @Test
    void portAndAddrServeTheAgentUnlessItHasItsOwn() throws ConfigException {
        final List<ServerConfig> s = servers(
            "server s1 127.0.0.1:80 check port 8081 addr 127.0.0.3 agent-check",
            "server s2 127.0.0.1:80 check port 8081 agent-check agent-port 9000",
            "server s3 127.0.0.1:80 agent-check agent-port 9000");
        assertEquals(8081, s.get(0).agent().effectivePort(s.get(0).check()));
        assertEquals("127.0.0.3", s.get(0).agent().effectiveHost(s.get(0).check(), s.get(0).host()));
        assertEquals(9000, s.get(1).agent().effectivePort(s.get(1).check()));
        assertEquals("127.0.0.1", s.get(2).agent().effectiveHost(s.get(2).check(), s.get(2).host()));
        assertNull(s.get(2).agent().addr());
    }

    @Test
    void defaultServerCarriesTheAgentAndNoAgentCheckUndoesIt() throws ConfigException {
        final List<ServerConfig> s = servers(
            "default-server agent-check agent-port 9000 agent-inter 3s",
            "server s1 127.0.0.1:80",
            "server s2 127.0.0.1:80 no-agent-check");
        assertTrue(s.get(0).agent().enabled());
        assertEquals(3000, s.get(0).agent().interMs());
        assertFalse(s.get(1).agent().enabled());
    }

    @Test
    void errorsAreHaproxysOrNameWhatIsExpected() {
        assertEquals(List.of(
            "t.cfg:4: server s1 does not have agent port. Agent check has been disabled.",
            "t.cfg:5: 'agent-inter' expects a positive delay such as 2s, got '0'",
            "t.cfg:6: 'agent-port' expects an integer between 1 and 65535, got '70000'",
            "t.cfg:7: 'agent-addr' expects an IPv4 or IPv6 address or a host name, got 'a b'",
            "t.cfg:8: 'agent-send' expects a string such as \"hello\\n\", got ''"),
            errors(
                "server s1 127.0.0.1:80 check agent-check",
                "server s2 127.0.0.1:80 agent-check agent-port 1 agent-inter 0",
                "server s3 127.0.0.1:80 agent-port 70000",
                "server s4 127.0.0.1:80 agent-addr 'a b'",
                "server s5 127.0.0.1:80 agent-send ''"));
    }
}
