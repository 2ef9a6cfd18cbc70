package dev.baton.tls;

import dev.baton.support.RunningDaemon;
import dev.baton.support.Sockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Certificate rotation through the runtime API ({@code set ssl cert FILE <<} with the PEM, {@code commit ssl cert}):
 * a connection made after the commit gets the new certificate, one made before keeps its session and goes on
 * serving requests; {@code show ssl cert} shows the transaction and then the new certificate; {@code abort} drops
 * a transaction.
 */
class CertRotationTest {
    @TempDir
    Path tmp;

    /** One keep-alive request on {@code c}: the response's body. */
    static String request(final TlsClient c) throws IOException {
        c.socket().getOutputStream().write("GET / HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        final InputStream in = c.socket().getInputStream();
        final StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            final int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + head);
            }
            head.append((char) b);
        }
        final String lower = head.toString().toLowerCase(java.util.Locale.ROOT);
        final int at = lower.indexOf("content-length: ") + 16;
        final int length = Integer.parseInt(lower.substring(at, lower.indexOf("\r\n", at)).strip());
        return new String(in.readNBytes(length), StandardCharsets.US_ASCII);
    }

    /** Two threads, an admin socket, and one HTTP frontend on {@code bind} answering "hi": for baton or HAProxy. */
    static String config(final Path socket, final String bind) {
        return String.join("\n",
            "global",
            "    nbthread 2",
            "    stats socket " + socket + " level admin",
            "defaults",
            "    mode http",
            "    timeout connect 2s",
            "    timeout client 10s",
            "    timeout server 5s",
            "frontend fe",
            "    bind " + bind,
            "    http-request return status 200 content-type text/plain string hi",
            "");
    }

    @Test
    void aCommittedCertificateServesNewConnectionsWhileOldOnesGoOn() throws Exception {
        final Path site = new TlsCerts(tmp.resolve("certs")).rsa("site.pem", "old.test");
        final String next = Files.readString(new TlsCerts(tmp.resolve("next")).rsa("next.pem", "new.test"));
        final Path socket = tmp.resolve("admin.sock");
        final int port = RunningDaemon.freePort();
        final RunningDaemon daemon = RunningDaemon.start(config(socket, "127.0.0.1:" + port + " ssl crt " + site));
        try (TlsClient old = TlsClient.connect(port, "old.test", null)) {
            assertEquals("hi", request(old));
            assertEquals("# filename\n" + site + "\n\n", Sockets.stats(socket, "show ssl cert"));
            assertEquals("Can't replace a certificate which is not referenced by the configuration!\n\n",
                Sockets.stats(socket, "set ssl cert /nowhere.pem <<\n" + next));
            assertEquals("Transaction created for certificate " + site + "!\n\n",
                Sockets.stats(socket, "set ssl cert " + site + " <<\n" + next));
            assertEquals("# transaction\n*" + site + "\n# filename\n" + site + "\n\n",
                Sockets.stats(socket, "show ssl cert"));
            assertTrue(Sockets.stats(socket, "show ssl cert *" + site).contains("Subject: /CN=new.test\n"));
            try (TlsClient before = TlsClient.connect(port, "old.test", null)) {
                assertEquals("old.test", before.subjectCn(), "not served before the commit");
            }
            assertEquals("Committing " + site + "\nSuccess!\n\n", Sockets.stats(socket, "commit ssl cert " + site));
            for (int i = 0; i < 4; i++) { // both reactors
                try (TlsClient fresh = TlsClient.connect(port, "old.test", null)) {
                    assertEquals("new.test", fresh.subjectCn());
                    assertEquals("hi", request(fresh));
                }
            }
            assertEquals("old.test", old.subjectCn());
            assertEquals("hi", request(old), "the connection made before the commit goes on");
            final String shown = Sockets.stats(socket, "show ssl cert " + site);
            assertTrue(shown.startsWith("Filename: " + site + "\nStatus: Used\nSerial: "), shown);
            assertTrue(shown.contains("Subject: /CN=new.test\nIssuer: /CN=new.test\n"), shown);
            assertEquals("No ongoing transaction! !\nCan't commit " + site + "!\n\n",
                Sockets.stats(socket, "commit ssl cert " + site));
            Sockets.stats(socket, "set ssl cert " + site + " <<\n" + next);
            assertEquals("Transaction aborted for certificate '" + site + "'!\n\n",
                Sockets.stats(socket, "abort ssl cert " + site));
            assertTrue(Sockets.stats(socket, "set ssl cert " + site + " <<\nnot a pem\n")
                .startsWith("Can't update " + site + "!\n"));
        } finally {
            daemon.close();
        }
    }
}
