package dev.baton.sample.conv;

import dev.baton.support.DaemonProcess;
import dev.baton.support.HaproxyProcess;
import dev.baton.support.RecordingBackend;
import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code debug} converter in HAProxy 2.6 and in baton (a child process, so that its log set-up runs), writing to
 * the {@code stdout} sink: the same lines for a string with a non-printable byte, an integer, a boolean and an
 * address, and the input passed on unchanged (the header the rule sets). The default sink ({@code buf0}) lands in
 * baton's process log on stderr.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DebugConverterSameAsHaproxyTest {
    @TempDir
    Path dir;
    private RecordingBackend server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private static String config(final int port, final int serverPort) {
        return String.join("\n",
            "global",
            "    nbthread 1",
            "defaults",
            "    mode http",
            "    timeout connect 2s",
            "    timeout client 5s",
            "    timeout server 5s",
            "frontend fe",
            "    bind 127.0.0.1:" + port,
            "    http-request set-header x-path %[req.hdr(x-in),debug(path,stdout)]",
            "    http-request set-header x-len %[path,length,debug(,stdout)]",
            "    http-request set-header x-bool %[path,length,odd,debug(odd,stdout)]",
            "    http-request set-header x-src %[src,debug(src,stdout)]",
            "    http-request set-header x-default %[path,debug]",
            "    default_backend be",
            "backend be",
            "    server s 127.0.0.1:" + serverPort,
            "");
    }

    private static final String REQUEST = "GET /abc HTTP/1.1\r\nHost: x\r\nX-In: a\tb\u00e9c\r\nConnection: close\r\n\r\n";

    @Test
    void sameLinesAsHaproxyAndTheInputPassesThrough() throws Exception {
        server = new RecordingBackend();
        final Path hDir = Files.createDirectories(dir.resolve("h"));
        final int hPort = RunningDaemon.freePort();
        final List<String> fromHaproxy;
        final String haproxyHead;
        try (HaproxyProcess haproxy = HaproxyProcess.start(hDir, config(hPort, server.port()), hPort)) {
            send(hPort);
            haproxyHead = server.heads.poll(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> debugLines(haproxy.lines()).size() == 4);
            fromHaproxy = debugLines(haproxy.lines());
        }
        final Path bDir = Files.createDirectories(dir.resolve("b"));
        final int bPort = RunningDaemon.freePort();
        final Path cfg = Files.writeString(bDir.resolve("baton.cfg"), config(bPort, server.port()));
        try (DaemonProcess baton = DaemonProcess.start(bDir, "-f", cfg.toString())) {
            baton.awaitAccepting(bPort);
            send(bPort);
            final String batonHead = server.heads.poll(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> debugLines(lines(baton.stdout())).size() == 4);
            assertEquals(fromHaproxy, debugLines(lines(baton.stdout())));
            assertEquals(List.of("[debug] path: type=str <a.b.c>", "[debug] : type=sint <4>",
                "[debug] odd: type=bool <0>", "[debug] src: type=ipv4 <127.0.0.1>"), fromHaproxy);
            assertEquals(xHeaders(haproxyHead), xHeaders(batonHead));
            assertTrue(xHeaders(batonHead).contains("x-len: 4"), batonHead);
            baton.awaitStderr("[INFO] [debug] : type=str </abc>");
        }
    }

    private static void send(final int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(REQUEST.getBytes(StandardCharsets.ISO_8859_1));
            s.getInputStream().readAllBytes();
        }
    }

    private static List<String> lines(final String text) {
        return Arrays.asList(text.split("\n"));
    }

    private static List<String> debugLines(final List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("[debug]")).toList();
    }

    private static List<String> xHeaders(final String head) {
        return Arrays.stream(head.split("\r\n")).map(l -> l.toLowerCase(java.util.Locale.ROOT))
            .filter(l -> l.startsWith("x-")).toList();
    }
}
