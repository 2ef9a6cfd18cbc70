package dev.baton.config;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * Parses the check options ({@code option httpchk}, {@code tcp-check}, {@code redis-check}, {@code mysql-check},
 * {@code pgsql-check}, {@code smtpchk}, {@code ldap-check}, {@code ssl-hello-chk}); the last one given in a section
 * wins, as in HAProxy.
 * The protocol checks are HAProxy 2.6's predefined rulesets, byte for byte (read from HAProxy 2.6.12: the
 * PostgreSQL authentication pattern accepts any request length, the SMTP check reads multi-line replies to
 * HELO/EHLO and ends with {@code QUIT}).
 * Stateless.
 */
final class CheckOptionParser {
    private static final Set<String> NAMES =
        Set.of("httpchk", "tcp-check", "redis-check", "mysql-check", "pgsql-check", "smtpchk", "ldap-check",
            "ssl-hello-chk", "external-check");
    /** {@code res.payload(0,0),cut_crlf}: the first line of the response. */
    private static final CheckInfoFormat FIRST_LINE = CheckInfoFormat.payload(0, 0, -1, true);
    /** {@code res.payload(4,0),ltrim(' '),cut_crlf}: an SMTP reply's text. */
    private static final CheckInfoFormat SMTP_TEXT = CheckInfoFormat.payload(4, 0, ' ', true);
    /** {@code res.payload(0,3)}: an SMTP reply's code. */
    private static final CheckInfoFormat SMTP_CODE = CheckInfoFormat.payload(0, 3, -1, false);

    private CheckOptionParser() {
    }

    static boolean isOption(final String name) {
        return NAMES.contains(name);
    }

    /** {@code option NAME ...}, {@code at} the index of NAME. */
    static void option(final Directive d, final ProxyDraft p, final String name, final int at) {
        final String kw = "option " + name;
        switch (name) {
            case "httpchk":
                HttpCheckParser.option(d, p, at);
                break;
            case "tcp-check":
                d.noMoreThan(at + 1, kw);
                p.checks.option(CheckRuleset.Kind.TCP, null);
                break;
            case "external-check":
                d.noMoreThan(at + 1, kw);
                p.checks.option(CheckRuleset.Kind.EXTERNAL, null);
                break;
            case "redis-check":
                d.noMoreThan(at + 1, kw);
                p.checks.option(CheckRuleset.Kind.REDIS, redis());
                break;
            case "ldap-check":
                d.noMoreThan(at + 1, kw);
                p.checks.option(CheckRuleset.Kind.LDAP, ldap());
                break;
            case "ssl-hello-chk":
                d.noMoreThan(at + 1, kw);
                p.checks.option(CheckRuleset.Kind.SSL3, sslHello(System.currentTimeMillis() / 1000));
                break;
            case "smtpchk":
                d.noMoreThan(at + 3, kw);
                final boolean helo = d.has(at + 2) && (d.word(at + 1).equals("HELO") || d.word(at + 1).equals("EHLO"));
                p.checks.option(CheckRuleset.Kind.SMTP,
                    smtp(helo ? d.word(at + 1) + " " + d.word(at + 2) : "HELO localhost"));
                break;
            case "pgsql-check":
                d.noMoreThan(at + 3, kw);
                if (!d.has(at + 2)) {
                    throw new LineError("'" + kw + "' expects 'user <username>' as argument.");
                }
                if (!d.word(at + 1).equals("user")) {
                    throw new LineError("'" + kw + "' only supports optional values: 'user'.");
                }
                p.checks.option(CheckRuleset.Kind.PGSQL, pgsql(d.word(at + 2)));
                break;
            default:
                d.noMoreThan(at + 4, kw);
                p.checks.option(CheckRuleset.Kind.MYSQL, mysql(d, kw, at));
                break;
        }
    }

    /** {@code *1\r\n$4\r\nPING\r\n}, then {@code +PONG\r\n} (else L7STS with the reply's first line). */
    static List<CheckRule> redis() {
        return List.of(new CheckRule.Send(ascii("*1\r\n$4\r\nPING\r\n"), null),
            expect(CheckRule.Match.STRING, "+PONG\r\n", -1, "L7STS", CheckInfoFormat.text("Redis server is ok"),
                FIRST_LINE, null));
    }

    /** An LDAPv3 anonymous simple bind; the answer must be BER ({@code 30}...) and a bind response with code 0. */
    static List<CheckRule> ldap() {
        return List.of(new CheckRule.Send(TcpCheckParser.hex("option ldap-check", "300C020101600702010304008000"),
                null),
            expect(CheckRule.Match.RBINARY, "^30", 14, null, null, CheckInfoFormat.text("Not LDAPv3 protocol"), null),
            CheckRule.Expect.custom(CheckRule.Match.LDAP_BIND));
    }

    /**
     * HAProxy's SSLv3 ClientHello (39 common cipher suites, no extension), then a record that is a handshake (0x16)
     * or an alert (0x15): either way the server speaks SSL (L6OK, else L6RSP, L6TOUT). Its time field is
     * {@code epochSec}, the configuration's load time (HAProxy writes each check's own time; the server does not
     * judge it), its random field HAProxy's fixed text.
     */
    static List<CheckRule> sslHello(final long epochSec) {
        // record: handshake, SSLv3, 0x79 bytes; ClientHello of 0x75 bytes, version SSLv3; then time and random
        final StringBuilder hex = new StringBuilder("160300007901000075" + "0300");
        hex.append(String.format(java.util.Locale.ROOT, "%08X", epochSec & 0xFFFFFFFFL));
        for (final byte b : ascii("HAPROXYSSLCHK\nHAPROXYSSLCHK\n")) {
            hex.append(String.format(java.util.Locale.ROOT, "%02X", b));
        }
        hex.append("00" + "004E"); // no session id; 78 bytes of cipher suites
        for (int c = 0x01; c <= 0x1B; c++) {
            hex.append(String.format(java.util.Locale.ROOT, "%04X", c));
        }
        for (int c = 0x2F; c <= 0x3A; c++) {
            hex.append(String.format(java.util.Locale.ROOT, "%04X", c));
        }
        hex.append("0100"); // one compression method: none
        return List.of(new CheckRule.Send(TcpCheckParser.hex("option ssl-hello-chk", hex.toString()), null),
            new CheckRule.Expect(CheckRule.Match.RBINARY, false, "^1[56]", null,
                TcpCheckParser.regex("option ssl-hello-chk", "^1[56]"), 5, "L6OK", "L6RSP", "L6TOUT", null, null,
                null, null, null));
    }

    /**
     * The greeting (any 2xx), {@code cmd}, its 2xx reply (one line or several, {@code 250-...}; without
     * {@code min-recv}, so a refusal is not conclusive and the check times out, as in HAProxy 2.6.12), then
     * {@code QUIT} and its 2xx reply.
     */
    static List<CheckRule> smtp(final String cmd) {
        return List.of(new CheckRule.Connect(0, null, true, false, null),
            expect(CheckRule.Match.RSTRING, "^[0-9]{3}[ \r]", 4, "L7RSP", null, FIRST_LINE, null),
            expect(CheckRule.Match.RSTRING, "^2[0-9]{2}[ \r]", 4, "L7STS", null, SMTP_TEXT, SMTP_CODE),
            new CheckRule.Send(ascii(cmd + "\r\n"), null),
            expect(CheckRule.Match.RSTRING, "^(2[0-9]{2}-[^\r]*\r\n)*2[0-9]{2}[ \r]", -1, "L7STS", SMTP_TEXT,
                SMTP_TEXT, SMTP_CODE),
            new CheckRule.Send(ascii("QUIT\r\n"), null),
            expect(CheckRule.Match.RSTRING, "^2[0-9]{2}[- \r]", 4, "L7STS", SMTP_TEXT, SMTP_TEXT, SMTP_CODE));
    }

    /** A protocol 3.0 StartupMessage for {@code user}; an ErrorResponse fails, an authentication request passes. */
    static List<CheckRule> pgsql(final String user) {
        final byte[] name = user.getBytes(StandardCharsets.UTF_8);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int len = 15 + name.length;
        out.writeBytes(new byte[] {(byte) (len >>> 24), (byte) (len >>> 16), (byte) (len >>> 8), (byte) len});
        out.writeBytes(new byte[] {0, 3, 0, 0});
        out.writeBytes(ascii("user\0"));
        out.writeBytes(name);
        out.writeBytes(new byte[] {0, 0});
        final CheckRule.Expect notError = new CheckRule.Expect(CheckRule.Match.RSTRING, true, "^E", null,
            TcpCheckParser.regex("option pgsql-check", "^E"), 5, null, "L7RSP", null, null,
            CheckInfoFormat.payload(6, 0, -1, false), null, null, null);
        return List.of(new CheckRule.Connect(0, null, true, false, null), new CheckRule.Send(out.toByteArray(), null),
            notError,
            expect(CheckRule.Match.RBINARY, "^52000000[A-Z0-9]{2}000000(00|02|03|04|05|06|07|09|0A)", 9, "L7STS",
                CheckInfoFormat.text("PostgreSQL server is ok"), CheckInfoFormat.text("PostgreSQL unknown error"),
                null));
    }

    /** {@code [user NAME [post-41|pre-41]]}: the handshake, and with a user a login then COM_QUIT. */
    private static List<CheckRule> mysql(final Directive d, final String kw, final int at) {
        final CheckRule.Connect connect = new CheckRule.Connect(0, null, true, false, null);
        if (!d.has(at + 1)) {
            return List.of(connect, CheckRule.Expect.custom(CheckRule.Match.MYSQL_HANDSHAKE));
        }
        if (!d.word(at + 1).equals("user")) {
            throw new LineError("'" + kw + "' only supports optional values: 'user' (got '"
                + Messages.echo(d.word(at + 1)) + "').");
        }
        if (!d.has(at + 2) || d.word(at + 2).isEmpty()) {
            throw new LineError("'" + kw + " user' expects <username> as argument.");
        }
        final String version = d.has(at + 3) ? d.word(at + 3) : "post-41";
        if (!version.equals("post-41") && !version.equals("pre-41")) {
            throw new LineError("keyword 'user' only supports 'post-41' and 'pre-41' (got '" + Messages.echo(version)
                + "').");
        }
        return List.of(connect, new CheckRule.Send(mysqlLogin(d.word(at + 2), version.equals("post-41")), null),
            CheckRule.Expect.custom(CheckRule.Match.MYSQL_HANDSHAKE), CheckRule.Expect.custom(CheckRule.Match.MYSQL_OK));
    }

    /** A client authentication packet for {@code user} (4.1 or older protocol) followed by COM_QUIT. */
    static byte[] mysqlLogin(final String user, final boolean post41) {
        final byte[] name = user.getBytes(StandardCharsets.UTF_8);
        final int len = name.length + 7 + (post41 ? 27 : 0);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) len, (byte) (len >>> 8), (byte) (len >>> 16), 1});
        if (post41) {
            out.writeBytes(new byte[] {0, (byte) 0x82, 0, 0, 0, (byte) 0x80, 0, 1, 0x21});
            out.writeBytes(new byte[23]);
        } else {
            out.writeBytes(new byte[] {0, (byte) 0x80, 0, 0, 1});
        }
        out.writeBytes(name);
        out.writeBytes(new byte[] {0, 0, 1, 0, 0, 0, 1});
        return out.toByteArray();
    }

    private static CheckRule.Expect expect(final CheckRule.Match match, final String text, final int minRecv,
                                           final String error, final CheckInfoFormat onSuccess,
                                           final CheckInfoFormat onError, final CheckInfoFormat code) {
        final boolean regex = match == CheckRule.Match.RSTRING || match == CheckRule.Match.RBINARY;
        return new CheckRule.Expect(match, false, text, regex ? null : ascii(text),
            regex ? TcpCheckParser.regex("option", text) : null, minRecv, null, error, null, onSuccess, onError, code,
            null, null);
    }

    private static byte[] ascii(final String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
