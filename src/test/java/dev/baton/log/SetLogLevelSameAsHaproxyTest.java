package dev.baton.log;

import dev.baton.support.DaemonProcess;
import dev.baton.support.HaproxyProcess;
import dev.baton.support.RawHttp;
import dev.baton.support.RecordingBackend;
import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code http-request set-log-level} and {@code http-response set-log-level} in HAProxy 2.6 and in baton (as a
 * process, its syslog over UDP), the same configuration and requests: each request's line arrives with the same
 * syslog priority, and none for {@code silent}.
 */
class SetLogLevelSameAsHaproxyTest {
    private static final Pattern LINE = Pattern.compile("^<(\\d+)>.*\"GET (/\\S*) HTTP/1.1\"");
    private static final String[] PATHS = {"/quiet", "/err", "/crit", "/debug", "/notice", "/emerg", "/plain",
        "/late", "/end"};

    @TempDir
    Path dir;
    private DatagramSocket receiver;

    @AfterEach
    void close() {
        if (receiver != null) {
            receiver.close();
        }
    }

    private static String config(final int port, final int logPort, final int serverPort) {
        return "global\n    log 127.0.0.1:" + logPort + " local0\ndefaults\n    mode http\n    log global\n"
            + "    option httplog\n    option httpclose\n    timeout connect 2s\n    timeout client 5s\n"
            + "    timeout server 5s\nlisten l\n    bind 127.0.0.1:" + port + "\n"
            + "    http-request set-log-level silent if { path /quiet }\n"
            + "    http-request set-log-level err if { path /err }\n"
            + "    http-request set-log-level crit if { path /crit }\n"
            + "    http-request set-log-level debug if { path /debug }\n"
            + "    http-request set-log-level notice if { path /notice }\n"
            + "    http-request set-log-level emerg if { path /emerg }\n"
            + "    server s 127.0.0.1:" + serverPort + "\n"
            + "listen late\n    bind 127.0.0.1:" + (port + 1) + "\n    http-request set-log-level silent\n"
            + "    http-response set-log-level warning if { status 200 }\n"
            + "    server s 127.0.0.1:" + serverPort + "\n";
    }

    /** Every path in order (/late to listener late, on {@code port + 1}), then each line's priority, by path. */
    private Map<String, Integer> run(final int port) throws IOException {
        for (final String path : PATHS) {
            try (RawHttp c = RawHttp.open(path.equals("/late") ? port + 1 : port)) {
                c.send(RawHttp.get(path, "Connection: close\r\n")).read();
            }
        }
        final Map<String, Integer> out = new TreeMap<>();
        receiver.setSoTimeout(10_000);
        while (!out.containsKey("/end")) {
            final byte[] buf = new byte[4096];
            final DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                receiver.receive(p);
            } catch (final SocketTimeoutException e) {
                break;
            }
            final Matcher m = LINE.matcher(new String(buf, 0, p.getLength(), StandardCharsets.US_ASCII));
            if (m.find()) {
                out.put(m.group(2), Integer.parseInt(m.group(1)));
            }
        }
        return out;
    }

    /** A free port whose next one is free too. */
    private static int freePair() throws IOException {
        while (true) {
            final int p = RunningDaemon.freePort();
            try (java.net.ServerSocket probe = new java.net.ServerSocket(p + 1, 1, InetAddress.getLoopbackAddress())) {
                if (probe.isBound()) {
                    return p;
                }
            } catch (final IOException e) {
                // taken: another
            }
        }
    }

    @Test
    void theSamePrioritiesAndNoLineForSilent() throws Exception {
        Haproxy26.assumeInstalled();
        try (RecordingBackend server = new RecordingBackend()) {
            receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            final int hPort = freePair();
            final Map<String, Integer> fromHaproxy;
            final HaproxyProcess h = HaproxyProcess.start(dir, config(hPort, receiver.getLocalPort(), server.port()),
                hPort);
            try {
                fromHaproxy = run(hPort);
            } finally {
                h.close();
            }
            final int bPort = freePair();
            final Path bDir = Files.createDirectories(dir.resolve("baton"));
            final Path cfg = Files.writeString(bDir.resolve("baton.cfg"),
                config(bPort, receiver.getLocalPort(), server.port()));
            final Map<String, Integer> fromBaton;
            try (DaemonProcess baton = DaemonProcess.start(bDir, "-f", cfg.toString())) {
                baton.awaitAccepting(bPort);
                fromBaton = run(bPort);
            }
            assertEquals(Map.of("/err", 131, "/crit", 130, "/debug", 135, "/notice", 133, "/emerg", 128,
                "/plain", 134, "/late", 132, "/end", 134), fromHaproxy, "HAProxy's own (the scenario is right)");
            assertEquals(fromHaproxy, fromBaton);
        }
    }
}
