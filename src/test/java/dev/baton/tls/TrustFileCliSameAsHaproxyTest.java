package dev.baton.tls;

import dev.baton.support.ExternalTool;
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

/**
 * The {@code ssl ca-file} and {@code ssl crl-file} commands through the runtime socket, side by side with HAProxy 2.6
 * on the same configuration ({@code verify required} against a CA file and a CRL file): the same commands give the
 * same answers, and after each commit the same client certificates are accepted or refused by new handshakes: a CA
 * added to the CA file lets its clients in once a CRL of that CA is there too, a CRL revoking a client shuts it out.
 */
class TrustFileCliSameAsHaproxyTest {
    @TempDir
    Path tmp;

    private record Run(List<String> answers, List<String> verdicts) {
    }

    @Test
    void caAndCrlFileCommandsAnswerAndVerifyAsHaproxy() throws Exception {
        ExternalTool.requireHaproxy();
        final Path site = new TlsCerts(tmp.resolve("site")).rsa("site.pem", "site.test");
        final ClientCerts first = new ClientCerts(tmp.resolve("first"));
        final ClientCerts second = new ClientCerts(tmp.resolve("second"), "Second Test CA");
        final Path alice = first.client("alice", "1001");
        final Path bob = second.client("bob", "2002");
        final Path crl = Files.copy(first.crl(), tmp.resolve("crl.pem"));
        final Path ca = Files.copy(first.ca, tmp.resolve("ca.pem"));
        final String bothCas = Files.readString(first.ca) + Files.readString(second.ca);
        final String bothCrls = Files.readString(first.crl()) + Files.readString(second.crl());
        first.revoke(alice);
        final String aliceRevoked = Files.readString(first.crl()) + Files.readString(second.crl());
        final List<String> script = List.of(
            "show ssl ca-file", "show ssl ca-file " + ca, "show ssl ca-file " + ca + ":1",
            "show ssl ca-file " + ca + ":2", "show ssl ca-file /nowhere", "show ssl crl-file",
            "show ssl crl-file " + crl, "show ssl crl-file /nowhere",
            "set ssl ca-file /nowhere <<\n" + bothCas, "set ssl ca-file " + ca + " <<\nnot a pem\n",
            "set ssl ca-file " + ca + " <<\n" + bothCas, "show ssl ca-file", "show ssl ca-file *" + ca,
            "commit ssl ca-file /nowhere", "abort ssl ca-file /nowhere", "del ssl ca-file " + ca,
            "commit ssl ca-file " + ca, "commit ssl ca-file " + ca, "CLIENTS",
            "set ssl crl-file " + crl + " <<\n" + bothCrls, "commit ssl crl-file " + crl, "CLIENTS",
            "set ssl crl-file " + crl + " <<\n" + aliceRevoked, "show ssl crl-file *" + crl, "show ssl crl-file",
            "commit ssl crl-file " + crl, "CLIENTS", "show ssl crl-file " + crl + ":2",
            "new ssl ca-file /spare.pem", "new ssl ca-file /spare.pem", "new ssl ca-file", "new ssl crl-file /spare.crl",
            "new ssl crl-file /spare.crl", "new ssl crl-file", "show ssl crl-file /spare.crl",
            "set ssl ca-file /spare.pem <<\n" + Files.readString(second.ca), "abort ssl ca-file /spare.pem",
            "abort ssl ca-file /spare.pem", "abort ssl ca-file", "commit ssl ca-file", "commit ssl crl-file",
            "set ssl ca-file", "set ssl crl-file", "set ssl ca-file /spare.pem <<\n" + Files.readString(second.ca),
            "commit ssl ca-file /spare.pem", "show ssl ca-file /spare.pem", "del ssl ca-file " + ca,
            "del ssl ca-file /spare.pem", "del ssl ca-file /spare.pem", "del ssl ca-file", "del ssl crl-file " + crl,
            "del ssl crl-file /spare.crl", "del ssl crl-file", "show ssl ca-file", "show ssl crl-file");
        final List<Path> clients = List.of(alice, bob);
        final Path hdir = Files.createDirectories(tmp.resolve("haproxy"));
        final int hport = RunningDaemon.freePort();
        final Run haproxy;
        final HaproxyProcess h = HaproxyProcess.start(hdir, config(hdir, hport, site, ca, crl), hport);
        try {
            haproxy = run(hdir.resolve("admin.sock"), hport, script, clients);
        } finally {
            h.close();
        }
        final Path bdir = Files.createDirectories(tmp.resolve("baton"));
        final int bport = RunningDaemon.freePort();
        final Run baton;
        final RunningDaemon daemon = RunningDaemon.start(config(bdir, bport, site, ca, crl));
        try {
            baton = run(bdir.resolve("admin.sock"), bport, script, clients);
        } finally {
            daemon.close();
        }
        final List<String> fromHaproxy = new ArrayList<>();
        for (final String s : haproxy.answers()) {
            // HAProxy also lists its servers' default CA store (@system-ca), which baton's list has no entry for
            fromHaproxy.add(s.replaceAll("@system-ca - \\d+ certificate\\(s\\)\n", ""));
        }
        final List<String> commands = script.stream().filter(c -> !c.equals("CLIENTS")).toList();
        for (int i = 0; i < commands.size(); i++) {
            assertEquals(fromHaproxy.get(i), baton.answers().get(i), "the answer to " + commands.get(i));
        }
        assertEquals(haproxy.verdicts(), baton.verdicts());
        assertEquals(List.of("alice 200", "bob refused", "alice 200", "bob refused", "alice 200", "bob 200",
            "alice refused", "bob 200"), baton.verdicts());
    }

    private static String config(final Path dir, final int port, final Path site, final Path ca, final Path crl) {
        return CertRotationTest.config(dir.resolve("admin.sock"), "127.0.0.1:" + port + " ssl crt " + site
            + " ca-file " + ca + " crl-file " + crl + " verify required");
    }

    /** The script's answers; at each CLIENTS, and first, whether each client certificate gets a response. */
    private static Run run(final Path socket, final int port, final List<String> script, final List<Path> clients)
        throws Exception {
        final List<String> answers = new ArrayList<>();
        final List<String> verdicts = new ArrayList<>();
        verdicts.addAll(verdicts(port, clients));
        for (final String cmd : script) {
            if (cmd.equals("CLIENTS")) {
                verdicts.addAll(verdicts(port, clients));
            } else {
                answers.add(Sockets.stats(socket, cmd));
            }
        }
        return new Run(answers, verdicts);
    }

    private static List<String> verdicts(final int port, final List<Path> clients) throws Exception {
        final List<String> out = new ArrayList<>();
        for (final Path client : clients) {
            final ExternalTool.Result r = ExternalTool.run("", "apt-get install curl", "curl", "-sk", "--max-time",
                "10", "-o", "/dev/null", "-w", "%{http_code}", "--cert", client.toString(),
                "https://127.0.0.1:" + port + "/");
            final String name = client.getFileName().toString().replace(".pem", "");
            out.add(name + (r.output().strip().equals("200") ? " 200" : " refused"));
        }
        return out;
    }
}
