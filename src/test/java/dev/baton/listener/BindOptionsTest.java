package dev.baton.listener;

import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import dev.baton.sys.Identity;
import dev.baton.sys.NativeSockets;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The bind options on real sockets: {@code thread} (only those reactors listen and accept), {@code maxconn}
 * (accept pauses at it, the next client waits in the backlog until one leaves), the options set through the
 * descriptor (read back with getsockopt), and {@code abns@} (an abstract socket served like a Unix one).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BindOptionsTest {
    private HttpBackend server;
    private RunningDaemon baton;

    @AfterEach
    void stop() throws IOException {
        if (baton != null) {
            baton.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(final String frontends) throws Exception {
        server = HttpBackend.start();
        baton = RunningDaemon.start("""
            global
                nbthread 2
            defaults
                mode http
                timeout connect 1s
                timeout client 10s
                timeout server 10s
            backend be
                server s 127.0.0.1:%d
            """.formatted(server.port()) + frontends);
    }

    private List<Listener> listenersOf(final String frontend) {
        return baton.daemon().listeners().stream().filter(l -> l.frontend().name().equals(frontend)).toList();
    }

    private static int status(final int port) throws IOException {
        try (RawHttp c = RawHttp.open(port)) {
            return c.send(RawHttp.get("/", "Connection: close\r\n")).read().status;
        }
    }

    @Test
    void aBindOnThread2IsListenedAndAcceptedOnlyByReactor2() throws Exception {
        final int port = RunningDaemon.freePort();
        start("""
            frontend fe
                bind 127.0.0.1:%d thread 2
                default_backend be
            """.formatted(port));
        assertEquals(List.of(1), listenersOf("fe").stream().map(l -> l.reactor().id()).toList());
        for (int i = 0; i < 6; i++) {
            assertEquals(200, status(port));
        }
        assertEquals(0L, (long) baton.onReactor(0, r -> r.stats().accepts.get()));
        assertEquals(6L, (long) baton.onReactor(1, r -> r.stats().accepts.get()));
    }

    @Test
    void bindMaxconnHoldsTheNextClientInTheBacklogUntilOneLeaves() throws Exception {
        final int port = RunningDaemon.freePort();
        start("""
            frontend fe
                bind 127.0.0.1:%d maxconn 1 thread 1
                default_backend be
            """.formatted(port));
        final Frontend fe = baton.daemon().frontend("fe");
        final Socket first = new Socket("127.0.0.1", port);
        try (RawHttp second = RawHttp.open(port)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> fe.currConns().get() == 1);
            second.send(RawHttp.get("/", "Connection: close\r\n"));
            // one listener (thread 1): once it holds its one client it stops accepting, so the second waits
            await("the listener paused at its maxconn").atMost(Duration.ofSeconds(10))
                .until(() -> listenersOf("fe").stream().allMatch(Listener::isPaused));
            assertEquals(1, fe.currConns().get(), "the second client waits in the backlog");
            assertEquals(1L, (long) baton.onReactor(0, r -> r.stats().accepts.get()));
            first.close();
            assertEquals(200, second.read().status, "accepted once the first left");
        } finally {
            first.close();
        }
        assertTrue(fe.totalConns() >= 2);
    }

    @Test
    void socketOptionsAreSetOnTheListeningSocket() throws Exception {
        assumeTrue(Identity.currentUid() == 0, "transparent and interface need CAP_NET_ADMIN / CAP_NET_RAW");
        final int port = RunningDaemon.freePort();
        final int v6 = RunningDaemon.freePort();
        start("""
            frontend fe
                bind 127.0.0.1:%d defer-accept mss 1200 tcp-ut 7s transparent interface lo tfo
                bind [::1]:%d v6only
                default_backend be
            """.formatted(port, v6));
        for (final Listener l : listenersOf("fe")) {
            final int fd = NativeSockets.fd(l.channel());
            if (l.bind().port() == port) {
                assertTrue(NativeSockets.getInt(fd, NativeSockets.IPPROTO_TCP, NativeSockets.TCP_DEFER_ACCEPT) > 0);
                assertEquals(1200, NativeSockets.getInt(fd, NativeSockets.IPPROTO_TCP, NativeSockets.TCP_MAXSEG));
                assertEquals(7000, NativeSockets.getInt(fd, NativeSockets.IPPROTO_TCP, NativeSockets.TCP_USER_TIMEOUT));
                assertEquals(1, NativeSockets.getInt(fd, NativeSockets.IPPROTO_IP, NativeSockets.IP_TRANSPARENT));
                assertTrue(NativeSockets.getInt(fd, NativeSockets.IPPROTO_TCP, NativeSockets.TCP_FASTOPEN) > 0);
            } else {
                assertEquals(1, NativeSockets.getInt(fd, NativeSockets.IPPROTO_IPV6, NativeSockets.IPV6_V6ONLY));
            }
        }
        // defer-accept: served once the request arrives
        assertEquals(200, status(port));
    }

    @Test
    void anAbstractSocketIsServedAndLoggedLikeAUnixOne() throws Exception {
        final String name = "baton-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        start("""
            frontend fe
                bind abns@%s
                default_backend be
            """.formatted(name));
        try (SocketChannel c = NativeSockets.connectAbstract(name)) {
            c.configureBlocking(true);
            c.write(ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII)));
            final ByteBuffer in = ByteBuffer.allocate(4096);
            while (c.read(in) > 0) {
                assertFalse(in.position() == in.capacity(), "answer too long");
            }
            final String answer = new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        }
    }
}
