package dev.baton.sample.fetch;

import dev.baton.support.RecordingBackend;
import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * {@code acl(...)} as a fetch through the daemon: the AND of the named ACLs (a {@code !} inverting one) stored in a
 * variable, written into a header, and used as the criterion of another ACL, one of whose lines is declared after
 * the rule that uses it.
 */
class AclFetchTest {
    private RecordingBackend server;
    private RunningDaemon baton;
    private int port;

    @BeforeEach
    void start() throws Exception {
        server = new RecordingBackend();
        port = RunningDaemon.freePort();
        baton = RunningDaemon.start(String.join("\n",
            "global",
            "    nbthread 1",
            "defaults",
            "    mode http",
            "    timeout connect 2s",
            "    timeout client 5s",
            "    timeout server 5s",
            "frontend fe",
            "    bind 127.0.0.1:" + port,
            "    acl a path_beg /a",
            "    acl b req.hdr(x-b) -m found",
            "    acl both acl(a,b)",
            "    http-request set-var(txn.x) acl(a,!b)",
            "    http-request set-header x-a-not-b %[var(txn.x)]",
            "    http-request set-header x-all %[acl(a,b)]",
            "    http-request set-header x-both yes if both",
            "    http-request set-header x-neither yes if { acl(!a,!b) -m bool }",
            "    acl b path /b", // a later line of ACL b still counts, as for conditions
            "    default_backend be",
            "backend be",
            "    server s 127.0.0.1:" + server.port(),
            ""));
    }

    @AfterEach
    void stop() throws IOException {
        baton.close();
        server.close();
    }

    @Test
    void theNamedAclsAndTheirNegations() throws Exception {
        assertEquals(List.of("x-a-not-b: 1", "x-all: 0"), send("/a1", ""));
        assertEquals(List.of("x-a-not-b: 0", "x-all: 1", "x-both: yes"), send("/a1", "X-B: y\r\n"));
        assertEquals(List.of("x-a-not-b: 0", "x-all: 0", "x-neither: yes"), send("/z", ""));
        assertEquals(List.of("x-a-not-b: 0", "x-all: 0"), send("/b", ""), "the later line of b matches /b");
    }

    /** The x- headers (but x-b) the server received for a GET of {@code path} with {@code extra} header lines. */
    private List<String> send(final String path, final String extra) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\n" + extra + "Connection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
            s.getInputStream().readAllBytes();
        }
        final String head = server.heads.poll(10, TimeUnit.SECONDS);
        assertNotNull(head, "the server got the request");
        return Arrays.stream(head.split("\r\n")).map(l -> l.toLowerCase(Locale.ROOT))
            .filter(l -> l.startsWith("x-") && !l.startsWith("x-b:")).toList();
    }
}
