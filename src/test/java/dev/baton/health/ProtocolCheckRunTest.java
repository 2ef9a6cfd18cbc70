package dev.baton.health;

import dev.baton.backend.CheckReport;
import dev.baton.backend.CheckStatus;
import dev.baton.config.ConfigException;
import dev.baton.config.Timeouts;
import dev.baton.support.BlockingServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The protocol checks' rulesets ({@code redis-check}, {@code mysql-check}, {@code pgsql-check}, {@code smtpchk},
 * {@code ldap-check}) on the rule engine against scripted speakers that answer with the bytes of each case; the
 * expected statuses, codes and texts are those HAProxy 2.6.12 showed for the same answers. The real servers are
 * in the end-to-end tests.
 */
class ProtocolCheckRunTest extends CheckRunFixture {
    /**
     * A speaker that writes {@code greeting} on accept, then for each chunk it reads writes the next of
     * {@code replies}, then reads until the client leaves.
     */
    private CheckReport check(final String option, final byte[] greeting, final byte[]... replies)
        throws IOException, ConfigException {
        final BlockingServer s = server(socket -> {
            final OutputStream out = socket.getOutputStream();
            final InputStream in = socket.getInputStream();
            out.write(greeting);
            out.flush();
            final byte[] buf = new byte[512];
            for (final byte[] reply : replies) {
                if (in.read(buf) < 0) {
                    return;
                }
                out.write(reply);
                out.flush();
            }
            while (in.read(buf) >= 0) {
                // until the check closes
            }
        });
        rig = new CheckRig(rules(option), s.port(), 1000, Timeouts.NONE.withCheckMs(1000));
        rig.advance(0);
        return rig.last();
    }

    private static byte[] ascii(final String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] hex(final String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void redisPongIsOk() throws Exception {
        assertEquals(new CheckReport(CheckStatus.L7OK, 0, "Redis server is ok", 0),
            check("option redis-check", new byte[0], ascii("+PONG\r\n")));
    }

    @Test
    void smtpGreetingCommandAndQuit() throws Exception {
        assertEquals(new CheckReport(CheckStatus.L7OK, 0, "2.0.0 Bye", 221), check("option smtpchk EHLO me",
            ascii("220 mail.example.com ESMTP\r\n"), ascii("250-mail.example.com\r\n250 SIZE 100\r\n"),
            ascii("221 2.0.0 Bye\r\n")));
    }

    @Test
    void smtp421GreetingIsL7stsWithItsText() throws Exception {
        assertEquals(new CheckReport(CheckStatus.L7STS, 0, "Service not available", 421),
            check("option smtpchk", ascii("421 Service not available\r\n")));
    }

    @Test
    void mysqlHandshakeLoginAndOk() throws Exception {
        final byte[] handshake = hex("1c0000000a352e352e352d31302e31310001000000616263646566676800fff7");
        assertEquals(new CheckReport(CheckStatus.L7OK, 0, null, 0),
            check("option mysql-check user haproxy", handshake, hex("0700000200000002000000")));
    }

    @Test
    void mysqlAccessDeniedIsL7stsWithTheErrorNumber() throws Exception {
        final byte[] handshake = hex("1c0000000a352e352e352d31302e31310001000000616263646566676800fff7");
        final byte[] err = ascii("\u00ff\u0015\u0004#28000Access denied");
        final byte[] packet = new byte[4 + err.length];
        packet[0] = (byte) err.length;
        packet[3] = 2;
        System.arraycopy(err, 0, packet, 4, err.length);
        assertEquals(new CheckReport(CheckStatus.L7STS, 0, "#28000Access denied", 1045),
            check("option mysql-check user nobody", handshake, packet));
    }

    @Test
    void pgsqlAuthenticationRequestIsOkAndAnErrorResponseIsL7rsp() throws Exception {
        assertEquals(new CheckReport(CheckStatus.L7OK, 0, "PostgreSQL server is ok", 0),
            check("option pgsql-check user haproxy", new byte[0], hex("520000000800000000")));
        rig.close();
        rig = null;
        final byte[] fields = ascii("SFATAL\0VFATAL\0C28000\0Mno pg_hba.conf entry\0\0");
        final byte[] e = new byte[5 + fields.length];
        e[0] = 'E';
        e[4] = (byte) (fields.length + 4);
        System.arraycopy(fields, 0, e, 5, fields.length);
        assertEquals(new CheckReport(CheckStatus.L7RSP, 0, "FATAL", 0),
            check("option pgsql-check user haproxy", new byte[0], e));
        rig.close();
        rig = null;
        assertEquals(new CheckReport(CheckStatus.L7STS, 0, "PostgreSQL unknown error", 0),
            check("option pgsql-check user haproxy", new byte[0], ascii("hello world\r\n")));
    }

    @Test
    void ldapBindResultCodes() throws Exception {
        assertEquals(new CheckReport(CheckStatus.L7OK, 0, null, 0),
            check("option ldap-check", new byte[0], hex("300c02010161070a010004000400")));
        rig.close();
        rig = null;
        assertEquals(new CheckReport(CheckStatus.L7STS, 0, ProtocolMatch.LDAP_RFC, 49),
            check("option ldap-check", new byte[0], hex("300c02010161070a013104000400")));
        rig.close();
        rig = null;
        assertEquals(new CheckReport(CheckStatus.L7RSP, 0, ProtocolMatch.NOT_LDAP, 0),
            check("option ldap-check", new byte[0], hex("310c02010161070a010004000400")));
    }
}
