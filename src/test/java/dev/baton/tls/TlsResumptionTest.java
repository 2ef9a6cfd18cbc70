package dev.baton.tls;

import dev.baton.support.ExternalTool;
import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Session resumption on binds, seen by {@code openssl s_client -sess_out} then {@code -sess_in}: by ticket (TLS 1.2
 * and 1.3), by the session cache when {@code no-tls-tickets}, and not at all with {@code no-tls-tickets} and
 * {@code tune.ssl.cachesize 0}; the {@code ssl_fc_is_resumed} fetch tells which.
 */
class TlsResumptionTest {
    @TempDir
    Path tmp;

    private static String config(final String global, final Path pem, final int tickets, final int cacheOnly) {
        return String.join("\n",
            "global",
            "    nbthread 1",
            global,
            "defaults",
            "    mode http",
            "    timeout connect 2s",
            "    timeout client 5s",
            "    timeout server 5s",
            "frontend fe",
            "    bind 127.0.0.1:" + tickets + " ssl crt " + pem,
            "    bind 127.0.0.1:" + cacheOnly + " ssl crt " + pem + " no-tls-tickets",
            "    http-request return status 200 content-type text/plain string resumed if { ssl_fc_is_resumed }",
            "    http-request return status 200 content-type text/plain string new",
            "");
    }

    /**
     * Connects twice, the second time with the first session: the second's "Reused"/"New" line and response, or "no
     * session" when the first gave none to keep.
     */
    private String twice(final int port, final String version, final String name) throws Exception {
        final Path session = tmp.resolve(name + ".sess");
        final String request = "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        final ExternalTool.Result first = ExternalTool.run(request, "apt-get install openssl", "openssl", "s_client",
            "-connect", "127.0.0.1:" + port, version, "-ign_eof", "-sess_out", session.toString());
        assertTrue(first.output().contains("\nnew"), first.output());
        if (!java.nio.file.Files.exists(session)) {
            return "no session"; // TLS 1.3 without a ticket: nothing to resume with
        }
        final ExternalTool.Result second = ExternalTool.run(request, "apt-get install openssl", "openssl", "s_client",
            "-connect", "127.0.0.1:" + port, version, "-ign_eof", "-sess_in", session.toString());
        final String out = second.output();
        final String how = out.contains("\nReused, ") ? "Reused" : out.contains("\nNew, ") ? "New" : "?";
        final String body = out.contains("\nresumed") ? "resumed" : out.contains("\nnew") ? "new" : "?";
        return how + " " + body;
    }

    @Test
    void ticketsAndTheCacheResumeSessions() throws Exception {
        final Path pem = new TlsCerts(tmp).ec("site.pem", "site.test");
        final int tickets = RunningDaemon.freePort();
        final int cacheOnly = RunningDaemon.freePort();
        final RunningDaemon d = RunningDaemon.start(config("", pem, tickets, cacheOnly));
        try {
            assertEquals("Reused resumed", twice(tickets, "-tls1_2", "t12"));
            assertEquals("Reused resumed", twice(tickets, "-tls1_3", "t13"));
            assertEquals("Reused resumed", twice(cacheOnly, "-tls1_2", "c12"));
        } finally {
            d.close();
        }
    }

    @Test
    void noTicketsAndNoCacheResumeNothing() throws Exception {
        final Path pem = new TlsCerts(tmp).ec("site.pem", "site.test");
        final int tickets = RunningDaemon.freePort();
        final int cacheOnly = RunningDaemon.freePort();
        final RunningDaemon d = RunningDaemon.start(config("    tune.ssl.cachesize 0", pem, tickets, cacheOnly));
        try {
            // no session id and no ticket to keep, or one the server does not know: a full handshake either way
            assertTrue(java.util.Set.of("New new", "no session").contains(twice(cacheOnly, "-tls1_2", "n12")));
            assertTrue(java.util.Set.of("New new", "no session").contains(twice(cacheOnly, "-tls1_3", "n13")));
            assertEquals("Reused resumed", twice(tickets, "-tls1_2", "t12"));
        } finally {
            d.close();
        }
    }

    @Test
    void ticketKeysFromAFileResumeAcrossProcesses() throws Exception {
        final Path pem = new TlsCerts(tmp).ec("site.pem", "site.test");
        final Path keys = tmp.resolve("ticket.keys");
        final StringBuilder text = new StringBuilder();
        final java.security.SecureRandom random = new java.security.SecureRandom();
        for (int i = 0; i < 3; i++) {
            final byte[] k = new byte[48];
            random.nextBytes(k);
            text.append(java.util.Base64.getEncoder().encodeToString(k)).append('\n');
        }
        java.nio.file.Files.writeString(keys, text);
        final String request = "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        final Path session = tmp.resolve("k.sess");
        final int first = RunningDaemon.freePort();
        final RunningDaemon a = RunningDaemon.start(config("", pem, first, RunningDaemon.freePort())
            .replace(" ssl crt " + pem + "\n", " ssl crt " + pem + " tls-ticket-keys " + keys + "\n"));
        try {
            ExternalTool.run(request, "apt-get install openssl", "openssl", "s_client", "-connect",
                "127.0.0.1:" + first, "-tls1_2", "-ign_eof", "-sess_out", session.toString());
        } finally {
            a.close();
        }
        final int second = RunningDaemon.freePort();
        final String withKeys = config("", pem, second, RunningDaemon.freePort())
            .replace(" ssl crt " + pem + "\n", " ssl crt " + pem + " tls-ticket-keys " + keys + "\n");
        final RunningDaemon b = RunningDaemon.start(withKeys);
        try {
            final String out = ExternalTool.run(request, "apt-get install openssl", "openssl", "s_client", "-connect",
                "127.0.0.1:" + second, "-tls1_2", "-ign_eof", "-sess_in", session.toString()).output();
            assertTrue(out.contains("\nReused, ") && out.contains("\nresumed"), "another process with the same keys "
                + "resumes the session: " + out);
        } finally {
            b.close();
        }
    }
}
