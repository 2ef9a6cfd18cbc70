package dev.baton.support;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import dev.baton.testservers.LdapServer;
import dev.baton.testservers.SmtpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * HAProxy 2.6 itself (Debian 12's 2.6.12, which CI installs) checks the real servers and the speakers, and
 * this table records what it makes of each: {@code check_status} and {@code check_code} of {@code show stat}.
 * It is the reference for baton's checks against the same targets: a baton check that disagrees with a row
 * here is baton's bug. It also shows the targets answer as their documentation says. Skipped where haproxy,
 * redis, MariaDB or PostgreSQL is missing; CI installs them all.
 */
class HaproxyChecksRealServersTest {
    private static final Duration SETTLE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /** One backend with one server {@code s} at {@code port}, checked as {@code checkLines} say. */
    private record Target(String backend, String checkLines, int port, String expectStatus, String expectCode) {
    }

    @Test
    void haproxyGetsTheDocumentedCheckStatusFromEachTarget() throws Exception {
        final Path haproxy = RealServer.requireBinary("haproxy", "haproxy", "/usr/sbin", "/usr/local/sbin");
        try (RealRedis redis = new RealRedis();
             RealMariaDb mariadb = new RealMariaDb();
             RealPostgres postgres = new RealPostgres();
             SmtpServer smtp = SmtpServer.start(new SmtpServer.Options());
             SmtpServer smtpBusy = SmtpServer.start(new SmtpServer.Options().greeting("421 4.3.2 busy"));
             SmtpServer smtpRefusing = SmtpServer.start(new SmtpServer.Options().helloReply("550 go away"));
             SmtpServer smtpMultiline = SmtpServer.start(new SmtpServer.Options().greeting("220-one\n220 two"));
             LdapServer ldap = LdapServer.start(new LdapServer.Options());
             LdapServer ldapLong = LdapServer.start(new LdapServer.Options().longLengths(true));
             LdapServer ldapDenied = LdapServer.start(new LdapServer.Options()
                 .resultCode(LdapServer.INVALID_CREDENTIALS));
             LdapServer ldapGarbage = LdapServer.start(new LdapServer.Options())) {
            ldapGarbage.garbage();
            final List<Target> targets = List.of(
                new Target("redis", "option redis-check", redis.port(), "L7OK", "0"),
                new Target("mysql_ok", "option mysql-check user " + RealMariaDb.USER, mariadb.port(), "L7OK", "0"),
                new Target("mysql_pre41", "option mysql-check user " + RealMariaDb.USER + " pre-41",
                    mariadb.port(), "L7OK", "0"),
                new Target("mysql_nouser", "option mysql-check", mariadb.port(), "L7OK", "0"),
                new Target("mysql_unknown", "option mysql-check user " + RealMariaDb.UNKNOWN_USER, mariadb.port(),
                    "L7STS", "1045"),
                new Target("pgsql_trust", "option pgsql-check user " + RealPostgres.TRUST_USER, postgres.port(),
                    "L7OK", "0"),
                new Target("pgsql_md5", "option pgsql-check user " + RealPostgres.MD5_USER, postgres.port(),
                    "L7OK", "0"),
                // 2.6.0 refused AuthenticationSASL; 2.6.12 (Debian 12, CI) has the fix that accepts it.
                new Target("pgsql_scram", "option pgsql-check user " + RealPostgres.SCRAM_USER, postgres.port(),
                    "L7OK", "0"),
                new Target("pgsql_unknown", "option pgsql-check user " + RealPostgres.UNKNOWN_USER, postgres.port(),
                    "L7RSP", ""),
                // 2.6.12 ends a good session with QUIT and reports the code of its answer, 221.
                new Target("smtp", "option smtpchk", smtp.port(), "L7OK", "221"),
                new Target("smtp_ehlo", "option smtpchk EHLO checker.test", smtp.port(), "L7OK", "221"),
                new Target("smtp_busy", "option smtpchk", smtpBusy.port(), "L7STS", "421"),
                // The greeting must be one line: "220-" does not match ^[0-9]{3}[ \r].
                new Target("smtp_multiline", "option smtpchk", smtpMultiline.port(), "L7RSP", ""),
                // A 5xx to HELO does not match 2.6.12's expect, which has no min-recv: it waits for more.
                new Target("smtp_refusing", "option smtpchk", smtpRefusing.port(), "L7TOUT", ""),
                new Target("ldap", "option ldap-check", ldap.port(), "L7OK", "0"),
                new Target("ldap_long", "option ldap-check", ldapLong.port(), "L7OK", "0"),
                new Target("ldap_denied", "option ldap-check", ldapDenied.port(), "L7STS", "49"),
                new Target("ldap_garbage", "option ldap-check", ldapGarbage.port(), "L7RSP", ""));
            final Path socket = dir.resolve("haproxy.sock");
            final StringBuilder cfg = new StringBuilder("global\n    stats socket " + socket + " level admin\n"
                + "defaults\n    mode tcp\n    timeout connect 1s\n    timeout client 5s\n    timeout server 5s\n"
                + "    timeout check 2s\n");
            for (Target t : targets) {
                cfg.append("backend ").append(t.backend()).append("\n    ").append(t.checkLines())
                    .append("\n    server s 127.0.0.1:").append(t.port()).append(" check inter 200ms rise 1 fall 1\n");
            }
            Files.writeString(dir.resolve("haproxy.cfg"), cfg);
            final Process p = new ProcessBuilder(haproxy.toString(), "-db", "-f", dir.resolve("haproxy.cfg").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
            try {
                final Map<String, String> expected = new TreeMap<>();
                targets.forEach(t -> expected.put(t.backend(), t.expectStatus() + " " + t.expectCode()));
                await("HAProxy's check statuses").atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertEquals(expected, statuses(socket, p, targets)));

                redis.stop();
                expected.put("redis", "L4CON ");
                await("redis down").atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertEquals(expected, statuses(socket, p, targets)));
                redis.start();
                expected.put("redis", "L7OK 0");
                await("redis back").atMost(SETTLE).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertEquals(expected, statuses(socket, p, targets)));
            } finally {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    /** {@code check_status check_code} of each backend's server, from {@code show stat} on the stats socket. */
    private static Map<String, String> statuses(final Path socket, final Process haproxy, final List<Target> targets)
        throws IOException {
        if (!haproxy.isAlive()) {
            throw new AssertionError("haproxy exited with status " + haproxy.exitValue());
        }
        final String csv;
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap("show stat\n".getBytes(StandardCharsets.US_ASCII)));
            csv = new String(Channels.newInputStream(ch).readAllBytes(), StandardCharsets.UTF_8);
        }
        final String[] lines = csv.split("\n");
        final List<String> header = List.of(lines[0].substring(2).split(","));
        final int status = header.indexOf("check_status");
        final int code = header.indexOf("check_code");
        final Map<String, String> got = new LinkedHashMap<>();
        for (String line : lines) {
            final String[] f = line.split(",", -1);
            if (f.length > code && f[1].equals("s")) {
                // "* L7OK": a check is running right now; the status is still the last one's.
                got.put(f[0], f[status].replaceFirst("^\\* ", "") + " " + f[code]);
            }
        }
        final Map<String, String> sorted = new TreeMap<>(got);
        targets.forEach(t -> sorted.putIfAbsent(t.backend(), "missing"));
        return sorted;
    }
}
