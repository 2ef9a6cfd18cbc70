package dev.baton.testservers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The LDAP speaker: BindResponses for simple binds, result code, long lengths and garbage switched at run time. */
class LdapServerTest {
    private static final HexFormat HEX = HexFormat.of();
    /** Byte for byte what HAProxy 2.6's {@code option ldap-check} sends: anonymous simple bind, message 1. */
    private static final byte[] HAPROXY_BIND = HEX.parseHex("300c020101600702010304008000");

    private static Socket connect(final LdapServer ldap) throws IOException {
        final Socket s = new Socket(InetAddress.getLoopbackAddress(), ldap.port());
        s.setSoTimeout(5_000);
        return s;
    }

    /** Sends {@code request} and reads exactly {@code n} bytes of answer. */
    private static String exchange(final Socket s, final byte[] request, final int n) throws IOException {
        s.getOutputStream().write(request);
        final byte[] answer = s.getInputStream().readNBytes(n);
        assertEquals(n, answer.length, "answer cut short: " + HEX.formatHex(answer));
        return HEX.formatHex(answer);
    }

    @Test
    void haproxysBindGetsOpenLdapsFourteenByteAnswer() throws Exception {
        try (LdapServer ldap = LdapServer.start(new LdapServer.Options()); Socket s = connect(ldap)) {
            assertEquals("300c02010161070a010004000400", exchange(s, HAPROXY_BIND, 14));
            assertEquals(new LdapServer.Bind(1, 3, "", ""), ldap.lastBind());

            ldap.resultCode(LdapServer.INVALID_CREDENTIALS);
            assertEquals("300c02010161070a013104000400", exchange(s, HAPROXY_BIND, 14), "49 = 0x31");
            assertEquals(2, ldap.bindsReceived());
        }
    }

    @Test
    void theAnswerCarriesTheRequestsMessageIdAndLongFormIsUnderstood() throws Exception {
        try (LdapServer ldap = LdapServer.start(new LdapServer.Options()); Socket s = connect(ldap)) {
            // Message ID 300 (02 02 01 2c), name "cn=a", password "pw", lengths in long form.
            final byte[] bind = HEX.parseHex("3084000000170202012c" + "60840000000d" + "020103" + "0404636e3d61"
                + "80027077");
            assertEquals("300d0202012c61070a010004000400", exchange(s, bind, 15));
            assertEquals(new LdapServer.Bind(300, 3, "cn=a", "pw"), ldap.lastBind());
        }
    }

    @Test
    void longLengthsAreSentAsActiveDirectoryDoes() throws Exception {
        try (LdapServer ldap = LdapServer.start(new LdapServer.Options().longLengths(true)); Socket s = connect(ldap)) {
            assertEquals("308400000010" + "020101" + "618400000007" + "0a010004000400", exchange(s, HAPROXY_BIND, 22));
        }
    }

    @Test
    void garbageThenCloseAndSilenceOnRequest() throws Exception {
        try (LdapServer ldap = LdapServer.start(new LdapServer.Options())) {
            ldap.garbage();
            try (Socket s = connect(ldap)) {
                s.getOutputStream().write(HAPROXY_BIND);
                assertEquals(LdapServer.GARBAGE, new String(s.getInputStream().readAllBytes(),
                    StandardCharsets.US_ASCII), "garbage, then end of stream");
            }
            ldap.silent();
            try (Socket s = connect(ldap)) {
                s.setSoTimeout(300);
                s.getOutputStream().write(HAPROXY_BIND);
                assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
            }
            ldap.resultCode(LdapServer.SUCCESS);
            try (Socket s = connect(ldap)) {
                assertEquals("300c02010161070a010004000400", exchange(s, HAPROXY_BIND, 14), "answering again");
            }
            assertEquals(3, ldap.bindsReceived());
        }
    }

    @Test
    void unbindAndMalformedMessagesCloseTheConnection() throws Exception {
        try (LdapServer ldap = LdapServer.start(new LdapServer.Options())) {
            try (Socket s = connect(ldap)) {
                s.getOutputStream().write(HEX.parseHex("30050201024200")); // UnbindRequest
                assertEquals(-1, s.getInputStream().read());
            }
            try (Socket s = connect(ldap)) {
                s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals(-1, s.getInputStream().read());
            }
            assertNull(ldap.lastBind());
        }
    }

    @Test
    void bindResponseEncoding() {
        assertArrayEquals(HEX.parseHex("300c02010161070a010004000400"), LdapServer.bindResponse(1, 0, false));
        assertArrayEquals(HEX.parseHex("300c02017f61070a013504000400"), LdapServer.bindResponse(127, 53, false));
        assertArrayEquals(HEX.parseHex("300d0202008061070a010004000400"), LdapServer.bindResponse(128, 0, false),
            "128 needs a leading zero byte to stay positive");
        assertThrows(IllegalArgumentException.class, () -> new LdapServer.Options().resultCode(128));
    }
}
