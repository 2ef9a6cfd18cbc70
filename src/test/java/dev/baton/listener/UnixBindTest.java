package dev.baton.listener;

import dev.baton.support.BlockingServer;
import dev.baton.support.ExternalTool;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TrafficLogCapture;
import dev.baton.sys.Identity;
import dev.baton.testservers.HttpBackend;
import dev.baton.tls.TlsCerts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code bind unix@PATH} and {@code bind /PATH} in mode http and mode tcp, served to {@code curl --unix-socket}:
 * the socket file gets the bind's {@code mode}/{@code uid}/{@code gid}, or the global {@code unix-bind} defaults;
 * a stale socket file at the path is replaced; the traffic line shows the client as HAProxy 2.6 does
 * ({@code unix:ID}, the listener's id), with and without TLS on the socket.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UnixBindTest {
    @TempDir
    Path dir;
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

    private static String curl(final Path socket) throws Exception {
        return curl(socket, "http");
    }

    private static String curl(final Path socket, final String scheme) throws Exception {
        final ExternalTool.Result r = ExternalTool.run("", "apt-get install curl", "curl", "-sk", "--max-time", "10",
            "--unix-socket", socket.toString(), scheme + "://baton/hello");
        assertEquals(0, r.status(), r.output());
        return r.output();
    }

    @Test
    void httpAndTcpFrontendsServeUnixClientsWithTheSocketFilesOwnerAndMode() throws Exception {
        assumeTrue(Identity.currentUid() == 0, "chown to another user needs root");
        server = HttpBackend.start();
        final Path web = dir.resolve("web.sock");
        final Path raw = dir.resolve("raw.sock");
        // a socket file left by a previous run: replaced, as HAProxy renames its new socket over it
        try (ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(raw));
        }
        assertTrue(Files.exists(raw, LinkOption.NOFOLLOW_LINKS));
        TrafficLogCapture.clear();
        baton = RunningDaemon.start("""
            global
                nbthread 2
                unix-bind mode 640 gid 65534
            defaults
                log global
                timeout connect 1s
                timeout client 5s
                timeout server 5s
            listen web
                mode http
                option httplog
                bind unix@%1$s mode 660 uid 65534 gid 65534
                server s 127.0.0.1:%3$d
            listen raw
                mode tcp
                option tcplog
                bind %2$s
                server s 127.0.0.1:%3$d
            """.formatted(web, raw, server.port()));

        assertTrue(curl(web).contains(" conn="), "answered through the http frontend");
        final String httpLine = TrafficLogCapture.awaitLine("of web", l -> l.contains(" web web/s "));
        assertTrue(httpLine.startsWith("unix:1 ["), httpLine);
        assertTrue(httpLine.contains(" 200 ") && httpLine.contains("\"GET /hello HTTP/1.1\""), httpLine);

        assertTrue(curl(raw).contains(" conn="), "answered through the tcp frontend");
        final String tcpLine = TrafficLogCapture.awaitLine("of raw", l -> l.contains(" raw raw/s "));
        assertTrue(tcpLine.startsWith("unix:1 ["), tcpLine);

        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(web)));
        assertEquals(65534, Files.getAttribute(web, "unix:uid"));
        assertEquals(65534, Files.getAttribute(web, "unix:gid"));
        // the bind has no mode nor group: the unix-bind defaults; no uid anywhere: the owner stays
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(raw)));
        assertEquals(0, Files.getAttribute(raw, "unix:uid"));
        assertEquals(65534, Files.getAttribute(raw, "unix:gid"));
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.toString().endsWith(".tmp") || p.toString().endsWith(".bak")),
                "no temporary name left behind");
        }
    }

    /**
     * TLS terminated on a Unix socket, in mode http and mode tcp: the traffic line still names the client as HAProxy
     * 2.6 does ({@code unix:1}), which the TLS layer must take from the socket under it.
     */
    @Test
    void tlsOnAUnixSocketLogsTheClientAsTheListener() throws Exception {
        server = HttpBackend.start();
        final Path pem = new TlsCerts(dir).ec("site.pem", "baton", "baton");
        final Path web = dir.resolve("tls-web.sock");
        final Path raw = dir.resolve("tls-raw.sock");
        TrafficLogCapture.clear();
        baton = RunningDaemon.start("""
            defaults
                log global
                timeout connect 1s
                timeout client 5s
                timeout server 5s
            listen web
                mode http
                option httplog
                bind unix@%1$s ssl crt %3$s
                server s 127.0.0.1:%4$d
            listen raw
                mode tcp
                option tcplog
                bind unix@%2$s ssl crt %3$s
                server s 127.0.0.1:%4$d
            """.formatted(web, raw, pem, server.port()));

        assertTrue(curl(web, "https").contains(" conn="), "answered through the http frontend");
        final String httpLine = TrafficLogCapture.awaitLine("of web", l -> l.contains(" web~ web/s "));
        assertTrue(httpLine.startsWith("unix:1 ["), httpLine);

        assertTrue(curl(raw, "https").contains(" conn="), "answered through the tcp frontend");
        final String tcpLine = TrafficLogCapture.awaitLine("of raw", l -> l.contains(" raw~ raw/s "));
        assertTrue(tcpLine.startsWith("unix:1 ["), tcpLine);
    }

    /** As HAProxy: {@code option forwardfor} adds nothing for a Unix client, which has no IP address to give. */
    @Test
    void forwardforAddsNoHeaderForAUnixClient() throws Exception {
        final BlockingQueue<String> heads = new LinkedBlockingQueue<>();
        try (BlockingServer recorder = BlockingServer.start("rec", socket -> {
            final BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.US_ASCII));
            final StringBuilder head = new StringBuilder();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                head.append(line).append('\n');
            }
            heads.add(head.toString());
            socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                .getBytes(StandardCharsets.US_ASCII));
        })) {
            final Path web = dir.resolve("fwd.sock");
            final int tcp = RunningDaemon.freePort();
            baton = RunningDaemon.start("""
                defaults
                    mode http
                    option forwardfor
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                listen web
                    bind unix@%s
                    bind 127.0.0.1:%d
                    server s 127.0.0.1:%d
                """.formatted(web, tcp, recorder.port()));
            assertEquals("ok", curl(web));
            final String unixHead = heads.poll(10, TimeUnit.SECONDS);
            assertFalse(unixHead.toLowerCase(Locale.ROOT).contains("x-forwarded-for"), unixHead);
            final ExternalTool.Result r = ExternalTool.run("", "apt-get install curl", "curl", "-s", "--max-time",
                "10", "http://127.0.0.1:" + tcp + "/");
            assertEquals("ok", r.output());
            final String tcpHead = heads.poll(10, TimeUnit.SECONDS);
            assertTrue(tcpHead.contains("X-Forwarded-For: 127.0.0.1"), tcpHead);
        }
    }
}
