package dev.baton.tls;

import dev.baton.support.HaproxyProcess;
import dev.baton.support.RunningDaemon;
import dev.baton.support.Sockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code new}/{@code del ssl cert} and {@code show}/{@code add}/{@code del ssl crt-list} through the runtime socket,
 * side by side with HAProxy 2.6 on the same configuration: the same commands give the same answers, word for word,
 * and the same certificate is served by SNI after each change: a line added with SNI filters serves those names to
 * new connections at once, a deleted line no longer does (a line without filters serves the certificate's own
 * names only), and a connection made before the deletion goes on.
 */
class CrtListCliSameAsHaproxyTest {
    @TempDir
    Path tmp;

    /** What one side answered to the script, and the certificates served along the way. */
    private record Run(List<String> answers, List<String> served) {
    }

    @Test
    void crtListCommandsAnswerAndServeAsHaproxy() throws Exception {
        final TlsCerts certs = new TlsCerts(tmp.resolve("certs"));
        final Path a = certs.rsa("a.pem", "a.test", "a.test");
        final Path b = certs.rsa("b.pem", "b.test", "b.test");
        final Path c = tmp.resolve("certs/c.pem");
        final String cPem = Files.readString(new TlsCerts(tmp.resolve("spare")).rsa("c.pem", "c.test", "c.test"));
        final Path list = Files.writeString(tmp.resolve("list.txt"), "# the sites\n" + a + "\n"
            + b + " [ssl-min-ver TLSv1.2 verify none ciphers ECDHE+AESGCM] b.test !x.test\n");
        final Path hdir = Files.createDirectories(tmp.resolve("haproxy"));
        final int hport = RunningDaemon.freePort();
        final Run haproxy;
        final HaproxyProcess h = HaproxyProcess.start(hdir, config(hdir.resolve("admin.sock"), hport, list), hport);
        try {
            haproxy = script(hdir.resolve("admin.sock"), hport, list, a, c, cPem);
        } finally {
            h.close();
        }
        final Path bdir = Files.createDirectories(tmp.resolve("baton"));
        final int bport = RunningDaemon.freePort();
        final Run baton;
        final RunningDaemon daemon = RunningDaemon.start(config(bdir.resolve("admin.sock"), bport, list));
        try {
            baton = script(bdir.resolve("admin.sock"), bport, list, a, c, cPem);
        } finally {
            daemon.close();
        }
        final List<String> fromHaproxy = new ArrayList<>();
        for (final String s : haproxy.answers()) {
            // HAProxy 2.6 names its own file; it also ends the alpn it prints with a NUL byte (baton does not)
            fromHaproxy.add(s.replace(hdir.resolve("haproxy.cfg").toString(), "test.cfg").replace("\0", ""));
        }
        assertEquals(fromHaproxy, baton.answers());
        assertEquals(haproxy.served(), baton.served());
        assertEquals(List.of("c.test", "a.test", "a.test", "c.test", "a.test"), baton.served());
        assertTrue(baton.answers().contains("Entry '" + c + "' deleted in crtlist '" + list + "'!\n\n"),
            baton.answers().toString());
    }

    private static String config(final Path socket, final int port, final Path list) {
        return CertRotationTest.config(socket, "127.0.0.1:" + port + " ssl crt-list " + list);
    }

    /** The same commands and connections on either side. */
    private static Run script(final Path socket, final int port, final Path list, final Path a, final Path c,
                              final String cPem) throws Exception {
        final List<String> answers = new ArrayList<>();
        final List<String> served = new ArrayList<>();
        for (final String cmd : List.of("show ssl crt-list", "show ssl crt-list " + list,
                "show ssl crt-list -n " + list + "/", "show ssl crt-list -n", "show ssl crt-list /nowhere",
                "new ssl cert " + c, "new ssl cert " + c, "new ssl cert", "show ssl cert",
                "add ssl crt-list " + list + " " + c, "del ssl crt-list " + list + " " + c,
                "set ssl cert " + c + " <<\n" + cPem, "commit ssl cert " + c,
                "add ssl crt-list " + list + " <<\n" + c + " [verify none ssl-min-ver TLSv1.2] c.test other.test\n",
                "show ssl crt-list -n " + list)) {
            answers.add(Sockets.stats(socket, cmd));
        }
        answers.add(firstLines(Sockets.stats(socket, "show ssl cert " + c), 2));
        try (TlsClient before = TlsClient.connect(port, "other.test", null)) {
            served.add(before.subjectCn());
            for (final String cmd : List.of("add ssl crt-list " + list + " " + c, "show ssl crt-list " + list,
                    "del ssl crt-list " + list + " " + c, "del ssl crt-list " + list + " " + c + ":9",
                    "del ssl crt-list " + list + " " + c + ":x", "del ssl cert " + c,
                    "del ssl crt-list " + list + " " + c + ":4")) {
                answers.add(Sockets.stats(socket, cmd));
            }
            try (TlsClient after = TlsClient.connect(port, "other.test", null)) {
                served.add(after.subjectCn());
            }
            answers.add(Sockets.stats(socket, "del ssl crt-list " + list + " " + c + ":5"));
            try (TlsClient after = TlsClient.connect(port, "other.test", null)) {
                served.add(after.subjectCn());
            }
            assertEquals("hi", CertRotationTest.request(before), "a connection made before goes on");
            served.add(before.subjectCn());
        }
        try (TlsClient after = TlsClient.connect(port, "other.test", null)) {
            served.add(after.subjectCn());
        }
        for (final String cmd : List.of("del ssl crt-list " + list + " " + a, "del ssl crt-list /nowhere " + a,
                "del ssl crt-list " + list + " /nowhere.pem", "del ssl crt-list " + list,
                "add ssl crt-list /nowhere " + c, "add ssl crt-list " + list,
                "add ssl crt-list " + list + " <<\n" + c + "\n" + a + "\n", "show ssl crt-list -n " + list,
                "del ssl cert " + c, "del ssl cert " + c, "del ssl cert", "show ssl cert")) {
            answers.add(Sockets.stats(socket, cmd));
        }
        return new Run(answers, served);
    }

    private static String firstLines(final String text, final int n) {
        final String[] lines = text.split("\n");
        return String.join("\n", java.util.Arrays.copyOf(lines, Math.min(n, lines.length)));
    }
}
