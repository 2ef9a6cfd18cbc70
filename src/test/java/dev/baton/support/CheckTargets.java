package dev.baton.support;

import dev.baton.testservers.LdapServer;
import dev.baton.testservers.SmtpServer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The targets of the protocol checks, started together: a real redis, MariaDB and PostgreSQL and the SMTP and
 * LDAP speakers in the behaviours that matter, each with the {@code check_status} and {@code check_code} HAProxy
 * 2.6.12 reports for it (recorded by {@code HaproxyChecksRealServersTest}, which runs HAProxy on them). Used by
 * that test and by baton's end-to-end check test, on the same configuration ({@link #config}). Closing stops
 * every server, started ones first-in last-out.
 */
public final class CheckTargets implements AutoCloseable {
    /**
     * One backend with one server {@code s} at {@code port}, checked as {@code checkLines} say.
     *
     * @param expectStatus the status HAProxy 2.6.12 shows
     * @param expectCode   its {@code check_code} column ("" when none)
     */
    public record Target(String backend, String checkLines, int port, String expectStatus, String expectCode) {
    }

    private final List<AutoCloseable> started = new ArrayList<>();
    private final RealRedis redis;
    private final List<Target> targets;

    /** Starts every server; a failure stops those already started. */
    public CheckTargets() throws IOException {
        try {
            redis = add(new RealRedis());
            final RealMariaDb mariadb = add(new RealMariaDb());
            final RealPostgres postgres = add(new RealPostgres());
            final SmtpServer smtp = add(SmtpServer.start(new SmtpServer.Options()));
            final SmtpServer smtpBusy = add(SmtpServer.start(new SmtpServer.Options().greeting("421 4.3.2 busy")));
            final SmtpServer smtpRefusing = add(SmtpServer.start(new SmtpServer.Options().helloReply("550 go away")));
            final SmtpServer smtpMultiline =
                add(SmtpServer.start(new SmtpServer.Options().greeting("220-one\n220 two")));
            final LdapServer ldap = add(LdapServer.start(new LdapServer.Options()));
            final LdapServer ldapLong = add(LdapServer.start(new LdapServer.Options().longLengths(true)));
            final LdapServer ldapDenied =
                add(LdapServer.start(new LdapServer.Options().resultCode(LdapServer.INVALID_CREDENTIALS)));
            final LdapServer ldapGarbage = add(LdapServer.start(new LdapServer.Options()));
            ldapGarbage.garbage();
            targets = List.of(
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
        } catch (IOException | RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private <T extends AutoCloseable> T add(final T server) {
        started.add(server);
        return server;
    }

    public RealRedis redis() {
        return redis;
    }

    public List<Target> targets() {
        return targets;
    }

    /**
     * A configuration with a stats socket at {@code socket} and one backend per target, checked every 200 ms,
     * rise 1, fall 1, {@code timeout check 2s}: valid for HAProxy and baton alike.
     */
    public String config(final Path socket) {
        final StringBuilder cfg = new StringBuilder("global\n    stats socket " + socket + " level admin\n"
            + "defaults\n    mode tcp\n    timeout connect 1s\n    timeout client 5s\n    timeout server 5s\n"
            + "    timeout check 2s\n");
        for (final Target t : targets) {
            cfg.append("backend ").append(t.backend()).append("\n    ").append(t.checkLines())
                .append("\n    server s 127.0.0.1:").append(t.port()).append(" check inter 200ms rise 1 fall 1\n");
        }
        return cfg.toString();
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (final Exception e) {
                // the others are still stopped
            }
        }
    }
}
