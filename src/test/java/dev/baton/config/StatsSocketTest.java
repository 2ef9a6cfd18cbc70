package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatsSocketTest {
    private static GlobalConfig parse(final String... lines) throws ConfigException {
        return ConfigTexts.parseGlobal(lines);
    }

    private static List<String> errors(final String... lines) {
        return ConfigTexts.errors(ConfigTexts.inGlobal(lines));
    }

    private static List<String> render(final List<StatsSocketConfig> sockets) {
        final List<String> out = new ArrayList<>();
        for (final StatsSocketConfig s : sockets) {
            out.add(s.kind() + " " + s.display() + " mode=" + (s.mode() < 0 ? "-" : Integer.toOctalString(s.mode()))
                + " " + s.level().keyword() + " @" + s.where().line());
        }
        return out;
    }

    @Test
    void defaultsWithoutStatsLines() throws ConfigException {
        final GlobalConfig g = parse("maxconn 10");
        assertEquals(List.of(), g.statsSockets());
        assertEquals(10_000, g.statsTimeoutMs());
        assertEquals(10, g.statsMaxconn());
    }

    @Test
    void socketsAreRepeatableWithModeAndLevel() throws ConfigException {
        final GlobalConfig g = parse(
            "stats socket /run/baton.sock mode 600 level admin expose-fd listeners",
            "stats socket unix@/tmp/b.sock level user",
            "stats socket ipv4@127.0.0.1:9999",
            "stats socket 127.0.0.2:9998 level operator",
            "stats socket ipv6@[::1]:9997",
            "stats socket localhost:9996",
            "stats socket /run/other.sock mode 0660",
            "stats timeout 2m",
            "stats maxconn 3");
        assertEquals(List.of(
            "UNIX /run/baton.sock mode=600 admin @2",
            "UNIX /tmp/b.sock mode=- user @3",
            "TCP 127.0.0.1:9999 mode=- operator @4",
            "TCP 127.0.0.2:9998 mode=- operator @5",
            "TCP [::1]:9997 mode=- operator @6",
            "TCP localhost:9996 mode=- operator @7",
            "UNIX /run/other.sock mode=660 operator @8"), render(g.statsSockets()));
        assertEquals(120_000, g.statsTimeoutMs());
        assertEquals(3, g.statsMaxconn());
    }

    @Test
    void socketBeyondLoopbackIsAWarning() throws ConfigException {
        assertEquals(List.of(
            "t.cfg:2: stats socket 10.0.0.1:9999 listens beyond loopback: whoever reaches it has 'admin' rights "
                + "on the runtime API",
            "t.cfg:3: stats socket :9998 listens beyond loopback: whoever reaches it has 'operator' rights on the "
                + "runtime API"),
            ConfigTexts.warnings(ConfigTexts.inGlobal("stats socket 10.0.0.1:9999 level admin", "stats socket :9998")));
    }

    /** HAProxy accepts mode, user and group on a TCP socket, where they change nothing: a warning, not an error. */
    @Test
    void unixOnlyOptionsOnATcpSocketAreIgnoredWithAWarning() throws ConfigException {
        assertEquals(List.of("t.cfg:2: 'stats socket 127.0.0.1:9999': mode, user and group apply to unix sockets "
                + "only; ignored here, as HAProxy ignores them"),
            ConfigTexts.warnings(ConfigTexts.inGlobal("stats socket 127.0.0.1:9999 level admin mode 600 user root")));
    }

    @Test
    void socketErrors() {
        assertEquals(List.of(
            "t.cfg:2: 'stats' expects socket, timeout or maxconn",
            "t.cfg:3: 'stats' expects socket, timeout or maxconn, got 'enable'",
            "t.cfg:4: 'stats calculate-max-counters' is a HAProxy keyword that baton does not implement yet",
            "t.cfg:5: 'stats socket' expects a unix socket path or HOST:PORT",
            "t.cfg:6: 'stats socket' expects a unix socket path or HOST:PORT, got 'relative.sock'",
            "t.cfg:7: port 70000 out of range 1..65535 in 'stats socket'",
            "t.cfg:8: 'stats socket mode' expects an octal mode such as 600, got '800'",
            "t.cfg:9: 'stats socket mode' expects an octal mode such as 600",
            "t.cfg:10: 'stats socket level' expects user, operator or admin, got 'root'",
            "t.cfg:11: 'stats socket user' : unknown user name 'no-such-user'",
            "t.cfg:12: 'stats socket' cannot handle unexpected argument 'frob'",
            "t.cfg:13: 'stats socket mode' expects an octal mode such as 600, got '800'",
            "t.cfg:14: stats socket address 'abns@baton' is not implemented yet",
            "t.cfg:15: unix socket path '/" + "x".repeat(63) + "...' is longer than 107 bytes", // echo cut at 64
            "t.cfg:17: stats socket '/run/a.sock' is already defined at t.cfg:16",
            "t.cfg:18: 'stats socket' expects a unix socket path or HOST:PORT, got 'bad host:80'",
            "t.cfg:19: 'stats socket mode' expects an octal mode such as 600, got '06000'",
            "t.cfg:20: 'stats socket mode' expects an octal mode such as 600, got '4755'",
            "t.cfg:21: 'stats socket expose-fd' expects 'listeners', got 'all'"),
            errors("stats", "stats enable", "stats calculate-max-counters", "stats socket", "stats socket relative.sock",
                "stats socket 127.0.0.1:70000", "stats socket /run/s mode 800", "stats socket /run/s mode",
                "stats socket /run/s level root", "stats socket /run/s user no-such-user", "stats socket /run/s frob",
                "stats socket 127.0.0.1:9999 mode 800", "stats socket abns@baton", "stats socket /" + "x".repeat(107),
                "stats socket /run/a.sock", "stats socket /run/a.sock level admin", "stats socket \"bad host:80\"",
                "stats socket /run/s mode 06000", "stats socket /run/s mode 4755",
                "stats socket /run/t.sock expose-fd all"));
    }

    @Test
    void timeoutAndMaxconnErrors() {
        assertEquals(List.of(
            "t.cfg:2: 'stats timeout' expects a time such as 30s",
            "t.cfg:3: 'stats timeout' expects a time such as 30s, got '10x'",
            "t.cfg:4: 'stats timeout' expects a positive time such as 10s, got '0'",
            "t.cfg:5: 'stats timeout' cannot handle unexpected argument 'more'",
            "t.cfg:6: 'stats maxconn' expects a positive integer, got '0'",
            "t.cfg:7: 'stats maxconn' cannot handle unexpected argument '2'"),
            errors("stats timeout", "stats timeout 10x", "stats timeout 0", "stats timeout 10s more",
                "stats maxconn 0", "stats maxconn 1 2"));
    }
}
