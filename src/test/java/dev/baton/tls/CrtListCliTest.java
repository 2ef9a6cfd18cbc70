package dev.baton.tls;

import dev.baton.support.RunningDaemon;
import dev.baton.support.Sockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the side-by-side test cannot compare word for word: a created certificate file shows as empty, a crt-list
 * line baton refuses says why, a line whose settings cannot be honoured fails and leaves nothing served, and with
 * {@code strict-sni} the default certificate's line may go (HAProxy allows it too): the names it served are then
 * refused.
 */
class CrtListCliTest {
    @TempDir
    Path tmp;

    @Test
    void refusedLinesLeaveNothingAndStrictSniLetsTheFirstLineGo() throws Exception {
        final TlsCerts certs = new TlsCerts(tmp.resolve("certs"));
        final Path a = certs.rsa("a.pem", "a.test", "a.test");
        final Path c = certs.rsa("c.pem", "c.test", "c.test");
        final Path list = Files.writeString(tmp.resolve("list.txt"), a + "\n" + c + "\n");
        final Path socket = tmp.resolve("admin.sock");
        final int port = RunningDaemon.freePort();
        final RunningDaemon daemon = RunningDaemon.start(CertRotationTest.config(socket,
            "127.0.0.1:" + port + " ssl strict-sni crt-list " + list));
        try {
            assertEquals("New empty certificate store '/new.pem'!\n\n", Sockets.stats(socket, "new ssl cert /new.pem"));
            assertEquals("Filename: /new.pem\nStatus: Empty\n\n", Sockets.stats(socket, "show ssl cert /new.pem"));
            assertEquals("Can't edit the crt-list: parsing [CLI:1]: unknown crt-list option 'bogus' (HAProxy 2.6 "
                + "allows alpn, ca-file, ca-verify-file, ciphers, ciphersuites, crl-file, curves, ecdhe, no-ca-names, "
                + "ssl-min-ver, ssl-max-ver, verify)\n\n",
                Sockets.stats(socket, "add ssl crt-list " + list + " <<\n" + c + " [bogus 1]\n"));
            final String failed = Sockets.stats(socket, "add ssl crt-list " + list + " <<\n" + c
                + " [verify required] other.test\n");
            assertTrue(failed.startsWith("Inserting certificate '" + c + "' in crt-list '" + list + "'\n"), failed);
            assertTrue(failed.endsWith("verify is enabled but no CA file specified for bind '127.0.0.1:" + port
                + "'\nFailed!\n\n"), failed);
            assertEquals("# " + list + "\n" + a + "\n" + c + "\n\n", Sockets.stats(socket, "show ssl crt-list " + list));
            assertThrows(Exception.class, () -> TlsClient.connect(port, "other.test", null).close(),
                "strict-sni: nothing serves other.test");
            assertEquals("Status: Used", Sockets.stats(socket, "show ssl cert " + c).split("\n")[1]);
            try (TlsClient client = TlsClient.connect(port, "a.test", null)) {
                assertEquals("a.test", client.subjectCn());
            }
            assertEquals("Entry '" + a + "' deleted in crtlist '" + list + "'!\n\n",
                Sockets.stats(socket, "del ssl crt-list " + list + " " + a));
            assertThrows(Exception.class, () -> TlsClient.connect(port, "a.test", null).close(),
                "the deleted line no longer serves a.test");
            try (TlsClient client = TlsClient.connect(port, "c.test", null)) {
                assertEquals("c.test", client.subjectCn());
            }
            assertEquals("Status: Unused", Sockets.stats(socket, "show ssl cert " + a).split("\n")[1]);
            assertEquals("Certificate '" + a + "' deleted!\n\n", Sockets.stats(socket, "del ssl cert " + a));
        } finally {
            daemon.close();
        }
    }
}
