package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GlobalSectionTest {
    private static String[] global(final String... lines) {
        return ConfigTexts.concat(List.of("global"), lines);
    }

    private static GlobalConfig parse(final String... lines) throws ConfigException {
        return ConfigTexts.parse(global(lines)).global();
    }

    private static List<String> errors(final String... lines) {
        return ConfigTexts.errors(global(lines));
    }

    @Test
    void daemonIsRecordedWithoutAWarning() throws ConfigException {
        final BatonConfig config = ConfigTexts.parse("global", "    daemon");
        assertTrue(config.global().daemon());
        assertEquals(List.of(), ConfigTexts.render(config.warnings()));
    }

    @Test
    void laterValuesWinAndGlobalSectionsAccumulate() throws ConfigException {
        final BatonConfig config = ConfigTexts.parse("global", "maxconn 10", "global", "maxconn 20", "nbthread 2");
        assertEquals(20, config.global().maxconn());
        assertEquals(2, config.global().nbthread());
    }

    @Test
    void bufsizeTakesASizeWithinBounds() throws ConfigException {
        assertEquals(1024, parse("tune.bufsize 1024").bufsize());
        assertEquals(1048576, parse("tune.bufsize 1m").bufsize());
        assertEquals(List.of(
            "t.cfg:2: 'tune.bufsize' expects a size between 1024 and 1048576 such as 16k, got '1023'",
            "t.cfg:3: 'tune.bufsize' expects a size between 1024 and 1048576 such as 16k, got '1025k'",
            "t.cfg:4: 'tune.bufsize' expects a size such as 16k, got '16kb'",
            "t.cfg:5: 'tune.bufsize' expects a size of at most 2147483647 bytes, got '3g'",
            "t.cfg:6: 'tune.bufsize' expects a size between 1024 and 1048576 such as 16k"),
            errors("tune.bufsize 1023", "tune.bufsize 1025k", "tune.bufsize 16kb", "tune.bufsize 3g", "tune.bufsize"));
    }

    @Test
    void maxrewriteIsTheHeadReserveAtMostHalfTheBuffer() throws ConfigException {
        assertEquals(16384 - 1024, parse("maxconn 10").headLimit()); // HAProxy's defaults
        assertEquals(16384, parse("tune.maxrewrite 0").headLimit());
        assertEquals(8192, parse("tune.maxrewrite 9000").headLimit());
        assertEquals(2048, parse("tune.bufsize 4096", "tune.maxrewrite 3000").headLimit());
        assertEquals(List.of("t.cfg:2: 'tune.maxrewrite' expects a non-negative integer, got '-1'"),
            errors("tune.maxrewrite -1"));
    }

    @Test
    void logTargets() throws ConfigException {
        final List<LogTarget> logs = parse(
            "log stderr daemon",
            "log 10.0.0.1 local2 debug",
            "log udp4@localhost:1514 user",
            "log ipv4@10.0.0.2:515 local3",
            "log udp6@[::1]:516 local4",
            "log [fd00::1] local5 warning",
            "log /dev/log local0",
            "log unix@/run/syslog.sock local1 notice").logs();
        final List<String> rendered = new ArrayList<>();
        for (final LogTarget t : logs) {
            rendered.add(t.kind() + " " + t.host() + " " + t.port() + " " + t.facility() + " " + t.level()
                + " @" + t.where().line());
        }
        assertEquals(List.of(
            "STDERR null 0 daemon debug @2",
            "UDP 10.0.0.1 514 local2 debug @3",
            "UDP 127.0.0.1 1514 user debug @4",
            "UDP 10.0.0.2 515 local3 debug @5",
            "UDP ::1 516 local4 debug @6",
            "UDP fd00::1 514 local5 warning @7",
            "UNIX /dev/log 0 local0 debug @8",
            "UNIX /run/syslog.sock 0 local1 notice @9"), rendered);
    }

    /** HAProxy resolves a log host name while it reads the line, and refuses one that does not resolve. */
    @Test
    void aLogHostNameMustResolve() {
        assertEquals(List.of("t.cfg:2: log : invalid address: 'no-such-host.invalid' in 'no-such-host.invalid:514'",
            "t.cfg:3: log : invalid address: 'no-such-host.invalid' in 'udp@no-such-host.invalid'"),
            errors("log no-such-host.invalid:514 local0", "log udp@no-such-host.invalid local0"));
    }

    @Test
    void logErrors() {
        assertEquals(List.of(
            "t.cfg:2: 'log' expects a target such as stdout, stderr, udp@HOST:PORT or /dev/log, got 'unix@'",
            "t.cfg:3: log target 'unix@/" + "x".repeat(58) + "...': a unix socket path is at most 107 bytes",
            "t.cfg:4: 'log' expects a syslog facility such as local0",
            "t.cfg:5: 'log' expects a syslog facility such as local0, got 'local9'",
            "t.cfg:6: 'log' expects a syslog level: emerg, alert, crit, err, warning, notice, info or debug, got 'loud'",
            "t.cfg:7: port 70000 out of range 1..65535 in 'log'",
            "t.cfg:8: 'log' expects a target such as stdout, stderr, udp@HOST:PORT or /dev/log, got 'bad host'",
            "t.cfg:9: log target 'ring@buf': baton has no ring sections (nor 'show events'); log to stdout, a Unix"
                + " socket such as /dev/log or a UDP syslog server instead",
            "t.cfg:10: 'log format' expects local, rfc3164, rfc5424, priority, short, timed, iso or raw, got 'json'",
            "t.cfg:12: 'log len' expects an integer between 80 and 65535, got '10'",
            "t.cfg:13: 'log' cannot handle unexpected argument 'extra'",
            "t.cfg:14: 'log' expects a target such as stdout, stderr, udp@HOST:PORT or /dev/log and a facility",
            "t.cfg:16: 'log global' is not allowed in a 'global' section",
            "t.cfg:17: log target 'fd@3': baton writes logs to fd@1 (stdout) and fd@2 (stderr) only; redirect one of"
                + " them instead",
            "t.cfg:18: log target 'tcp@10.0.0.1:514': baton sends logs over UDP, to Unix datagram sockets and to"
                + " stdout/stderr only (HAProxy's stream targets need ring sections); use udp@HOST:PORT or /dev/log"
                + " instead",
            "t.cfg:19: 'log' expects a syslog facility such as local0, got 'len'",
            "t.cfg:20: log sample '1-3': missing sample size (RANGES:SIZE)",
            "t.cfg:21: log sample: wrong sample range '0'",
            "t.cfg:22: log sample: wrong sample range '3-2'",
            "t.cfg:23: log sample '1-3,2:5': ranges are overlapping",
            "t.cfg:24: log sample: sample size 2 should be greater or equal to 3 the maximum of the high ranges"
                + " limits",
            "t.cfg:25: log sample: wrong sample size 'x' for sample range '1:x'",
            "t.cfg:26: 'log' cannot handle unexpected argument 'x'"),
            errors("log unix@ local0", "log unix@/" + "x".repeat(107) + " local0", "log stdout", "log stdout local9",
                "log stdout local0 loud", "log 10.0.0.1:70000 local0", "log \"bad host\" local0",
                "log ring@buf local0", "log stdout format json local0", "log stdout format rfc5424 local0",
                "log stdout len 10 local0", "log stdout local0 info info extra", "log",
                "log stdout sample 1:2 local0", "log global", "log fd@3 local0", "log tcp@10.0.0.1:514 local0",
                "log stdout format raw len 100 local0", "log stdout sample 1-3 local0",
                "log stdout sample 0:3 local0", "log stdout sample 3-2:3 local0", "log stdout sample 1-3,2:5 local0",
                "log stdout sample 1-3:2 local0", "log stdout sample 1:x local0", "log stdout local0 info emerg x"));
    }

    @Test
    void valueErrors() {
        assertEquals(List.of(
            "t.cfg:2: 'maxconn' expects a positive integer, got 'abc'",
            "t.cfg:3: 'maxconn' expects a positive integer",
            "t.cfg:4: 'maxconn' cannot handle unexpected argument '2'",
            "t.cfg:5: 'nbthread' expects an integer between 1 and 64, got '65'",
            "t.cfg:6: 'nbthread' expects an integer between 1 and 64, got '0'",
            "t.cfg:7: 'ulimit-n' expects a positive integer of at most 2147483647, got '99999999999'",
            "t.cfg:8: 'hard-stop-after' expects a time such as 30s, got '5x'",
            "t.cfg:9: 'hard-stop-after' expects a time of at most 2147483647ms (about 24.8 days), got '30d'",
            "t.cfg:10: 'pidfile' expects a file path",
            "t.cfg:11: 'daemon' cannot handle unexpected argument 'yes'",
            "t.cfg:12: 'pidfile' expects a file path, got ''"),
            errors("maxconn abc", "maxconn", "maxconn 1 2", "nbthread 65", "nbthread 0", "ulimit-n 99999999999",
                "hard-stop-after 5x", "hard-stop-after 30d", "pidfile", "daemon yes", "pidfile \"\""));
    }

    @Test
    void unknownAndUnimplementedKeywords() {
        assertEquals(List.of(
            "t.cfg:2: unknown keyword 'maxcon' in 'global' section; did you mean 'maxconn'?",
            "t.cfg:3: unknown keyword 'frobnicate' in 'global' section",
            "t.cfg:4: 'nbproc' was removed in HAProxy 2.5 (HAProxy 2.6 refuses it too); write 'nbthread' (threads are "
                + "used on every CPU by default) instead",
            "t.cfg:5: 'maxsslconn' is a HAProxy keyword that baton does not implement yet",
            "t.cfg:7: 'ssl-engine' is a HAProxy keyword that baton does not implement yet",
            "t.cfg:8: 'stats calculate-max-counters' is a HAProxy keyword that baton does not implement yet",
            "t.cfg:9: unknown keyword 'chrot' in 'global' section; did you mean 'chroot'?",
            "t.cfg:10: 'bind' is not allowed in a 'global' section"),
            errors("maxcon 10", "frobnicate", "nbproc 1", "maxsslconn 1", "tune.idle-pool.shared on",
                "ssl-engine rdrand", "stats calculate-max-counters", "chrot /x", "bind :80"));
    }

    @Test
    void userAndGroupResolveThroughTheSystemDatabase() throws ConfigException {
        final GlobalConfig byName = parse("user nobody", "group nogroup");
        assertEquals(65534, byName.uid());
        assertEquals(65534, byName.gid());
        final GlobalConfig byNumber = parse("uid 1234", "gid 5678");
        assertEquals(1234, byNumber.uid());
        assertEquals(5678, byNumber.gid());
        final GlobalConfig none = parse("maxconn 10");
        assertEquals(0, none.uid());
        assertEquals(0, none.gid());
        assertEquals(0, parse("user root").uid());
        assertEquals("/var/empty", parse("chroot /var/empty").chroot());
        assertEquals(null, none.chroot());
        assertEquals(List.of("t.cfg:2: 'chroot' expects a directory path", "t.cfg:3: 'chroot' cannot handle unexpected "
            + "argument 'b'"), errors("chroot", "chroot a b"));
    }

    @Test
    void identityErrors() {
        assertEquals(List.of(
            "t.cfg:2: cannot find user id for 'no-such-user-baton'",
            "t.cfg:3: cannot find group id for 'no-such-group-baton'",
            "t.cfg:5: user/uid already specified",
            "t.cfg:7: group/gid already specified",
            "t.cfg:8: 'user' expects a user name",
            "t.cfg:9: 'group' cannot handle unexpected argument 'extra'"),
            errors("user no-such-user-baton", "group no-such-group-baton", "uid 10", "user nobody", "gid 10",
                "group nogroup", "user", "group nogroup extra"));
        assertEquals(List.of("t.cfg:2: 'uid' expects a non-negative integer, got 'nobody'",
            "t.cfg:3: 'gid' expects a non-negative integer, got '-1'"), errors("uid nobody", "gid -1"));
    }
}
