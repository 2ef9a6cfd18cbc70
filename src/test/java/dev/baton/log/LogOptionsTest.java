package dev.baton.log;

import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TrafficLogCapture;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tinylog.Level;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code option dontlognull}, {@code dontlog-normal} and {@code log-separate-errors} on a daemon's traffic lines, in
 * both modes, each next to a frontend without the option: a client that connects and closes without a byte is
 * logged without dontlognull (tcp {@code CC}, http {@code CR} {@code <BADREQ>}, as HAProxy 2.6) and not with it;
 * a 200 is not logged under dontlog-normal while a 503 is; with log-separate-errors the 503 line is an error.
 * A missing line is checked after a later line of the same frontend showed and the daemon had no stream left.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LogOptionsTest {
    private HttpBackend server;
    private RunningDaemon baton;

    @BeforeEach
    void start() throws Exception {
        server = HttpBackend.start();
        final int closed = RunningDaemon.freePort();
        TrafficLogCapture.clear();
        baton = RunningDaemon.start("""
            global
                nbthread 1
            defaults
                log global
                timeout connect 1s
                timeout client 5s
                timeout server 5s
            listen tplain
                mode tcp
                option tcplog
                bind 127.0.0.1:%1$d
                server s 127.0.0.1:%2$d
            listen tnull
                mode tcp
                option tcplog
                option dontlognull
                bind 127.0.0.1:%3$d
                server s 127.0.0.1:%2$d
            listen hplain
                mode http
                option httplog
                bind 127.0.0.1:%4$d
                server s 127.0.0.1:%2$d
            listen hnull
                mode http
                option httplog
                option dontlognull
                bind 127.0.0.1:%5$d
                server s 127.0.0.1:%2$d
            frontend hnormal
                mode http
                option httplog
                option dontlog-normal
                option log-separate-errors
                bind 127.0.0.1:%6$d
                use_backend down if { path_beg /down }
                default_backend up
            backend up
                mode http
                server s 127.0.0.1:%2$d
            backend down
                mode http
                server s 127.0.0.1:%7$d
            """.formatted(RunningDaemon.freePort(), server.port(), RunningDaemon.freePort(), RunningDaemon.freePort(),
            RunningDaemon.freePort(), RunningDaemon.freePort(), closed));
    }

    @AfterEach
    void stop() throws IOException {
        if (baton != null) {
            baton.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Connects to {@code frontend}, closes without a byte, waits for the daemon to end the stream: the client port. */
    private int connectAndClose(final String frontend) throws IOException {
        final int port;
        try (Socket s = new Socket("127.0.0.1", baton.port(frontend))) {
            port = s.getLocalPort();
        }
        await("the daemon ended the empty connection").atMost(Duration.ofSeconds(10))
            .until(() -> baton.daemon().liveStreams() == 0);
        return port;
    }

    /** One request through {@code frontend} (raw bytes in mode tcp too), its answer's status, its client port. */
    private int[] request(final String frontend, final String path) throws IOException {
        try (RawHttp c = RawHttp.open(baton.port(frontend))) {
            c.send(RawHttp.get(path, "Connection: close\r\n"));
            return new int[] {c.read().status, c.localPort()};
        }
    }

    private static boolean loggedFor(final int clientPort) {
        return TrafficLogCapture.count(l -> l.startsWith("127.0.0.1:" + clientPort + " [")) > 0;
    }

    /**
     * Under dontlognull on {@code frontend}: an empty connection, then a real request whose line (containing
     * {@code real}) shows; the empty one has none.
     */
    private void emptyConnectionNotLogged(final String frontend, final String real) throws Exception {
        final int nulled = connectAndClose(frontend);
        final int[] answered = request(frontend, "/");
        assertEquals(200, answered[0]);
        assertTrue(TrafficLogCapture.awaitTcplog(answered[1]).contains(real), "a real stream is logged");
        await().atMost(Duration.ofSeconds(10)).until(() -> baton.daemon().liveStreams() == 0);
        assertFalse(loggedFor(nulled), "no line for the empty connection under dontlognull");
    }

    @Test
    void tcpConnectionWithoutAByteIsLoggedOnlyWithoutDontlognull() throws Exception {
        final String line = TrafficLogCapture.awaitTcplog(connectAndClose("tplain"));
        // CC when the close comes before the server connection is up, -- after: HAProxy's own line varies the same way
        assertTrue(line.contains(" tplain tplain/s ") && (line.contains(" 0 CC ") || line.contains(" 0 -- ")), line);
        emptyConnectionNotLogged("tnull", " -- ");
    }

    @Test
    void httpConnectionWithoutARequestIsABadRequestOnlyWithoutDontlognull() throws Exception {
        final String line = TrafficLogCapture.awaitTcplog(connectAndClose("hplain"));
        assertTrue(line.matches("127\\.0\\.0\\.1:\\d+ \\[[^]]+] hplain hplain/<NOSRV> -1/-1/-1/-1/\\d+ 400 0 - - CR-- "
            + "\\d+/\\d+/0/0/0 0/0 \"<BADREQ>\""), line);
        emptyConnectionNotLogged("hnull", " 200 ");
    }

    @Test
    void dontlogNormalLeavesOutA200AndLogsA503AsAnError() throws Exception {
        final int[] ok = request("hnormal", "/");
        assertEquals(200, ok[0]);
        final int[] down = request("hnormal", "/down");
        assertEquals(503, down[0]);
        final String line = TrafficLogCapture.awaitTcplog(down[1]);
        assertTrue(line.contains(" hnormal down/s ") && line.contains(" 503 ") && line.contains(" SC-- "), line);
        assertEquals(Level.ERROR, TrafficLogCapture.level(line), "log-separate-errors: level err");
        await().atMost(Duration.ofSeconds(10)).until(() -> baton.daemon().liveStreams() == 0);
        assertFalse(loggedFor(ok[1]), "no line for the 200 under dontlog-normal");
    }

    @Test
    void aLineOfAFrontendWithoutTheOptionsStaysAtInfo() throws Exception {
        final int[] ok = request("hplain", "/");
        assertEquals(200, ok[0]);
        final String line = TrafficLogCapture.awaitTcplog(ok[1]);
        assertEquals(Level.INFO, TrafficLogCapture.level(line), line);
        assertTrue(line.contains(" 200 "), line);
    }
}
