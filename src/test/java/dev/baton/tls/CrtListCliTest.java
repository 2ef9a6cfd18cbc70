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
 * refused; a CA file made at run time verifies the clients of a crt-list line added after it.
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

    /** What curl gets for https://NAME:PORT/ with client certificate {@code cert} (null: none): the status or 000. */
    private static String curl(final int port, final String name, final Path cert) throws Exception {
        final java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("curl", "-sk", "--max-time",
            "10", "-o", "/dev/null", "-w", "%{http_code}", "--resolve", name + ":" + port + ":127.0.0.1"));
        if (cert != null) {
            cmd.add("--cert");
            cmd.add(cert.toString());
        }
        cmd.add("https://" + name + ":" + port + "/");
        return dev.baton.support.ExternalTool.run("", "apt-get install curl", cmd.toArray(new String[0])).output()
            .strip();
    }

    @Test
    void aCaFileMadeAtRunTimeVerifiesTheClientsOfACrtListLineAddedAfter() throws Exception {
        final TlsCerts certs = new TlsCerts(tmp.resolve("certs"));
        final Path a = certs.rsa("a.pem", "a.test", "a.test");
        final Path b = certs.rsa("b.pem", "b.test", "b.test");
        final ClientCerts pki = new ClientCerts(tmp.resolve("pki"));
        final Path alice = pki.client("alice", "1001");
        final Path list = Files.writeString(tmp.resolve("list.txt"), a + "\n");
        final Path socket = tmp.resolve("admin.sock");
        final int port = RunningDaemon.freePort();
        final RunningDaemon daemon = RunningDaemon.start(CertRotationTest.config(socket,
            "127.0.0.1:" + port + " ssl crt-list " + list));
        try {
            assertEquals("New CA file created '/run/clients.pem'!\n\n",
                Sockets.stats(socket, "new ssl ca-file /run/clients.pem"));
            assertEquals("transaction created for CA /run/clients.pem!\n\n",
                Sockets.stats(socket, "set ssl ca-file /run/clients.pem <<\n" + Files.readString(pki.ca)));
            assertEquals("Committing /run/clients.pem\nSuccess!\n\n",
                Sockets.stats(socket, "commit ssl ca-file /run/clients.pem"), "no certificate uses it yet");
            assertEquals("# filename\n/run/clients.pem - 1 certificate(s)\n\n",
                Sockets.stats(socket, "show ssl ca-file"));
            Sockets.stats(socket, "new ssl cert " + b);
            Sockets.stats(socket, "set ssl cert " + b + " <<\n" + Files.readString(b));
            Sockets.stats(socket, "commit ssl cert " + b);
            assertEquals("Inserting certificate '" + b + "' in crt-list '" + list + "'.\nSuccess!\n\n",
                Sockets.stats(socket, "add ssl crt-list " + list + " <<\n" + b
                    + " [verify required ca-file /run/clients.pem] b.test\n"));
            assertEquals("200", curl(port, "b.test", alice), "a client of the new CA file");
            assertEquals("000", curl(port, "b.test", null), "verify required on the added line");
            assertEquals("200", curl(port, "a.test", null), "the other lines do not ask");
            final String shown = Sockets.stats(socket, "show ssl ca-file /run/clients.pem");
            assertTrue(shown.startsWith("Filename: /run/clients.pem\nStatus: Used\n \nCertificate #1:\n"), shown);
        } finally {
            daemon.close();
        }
    }
}
