package dev.baton.http;

import dev.baton.support.HaproxyProcess;
import dev.baton.support.RecordingBackend;
import dev.baton.support.RunningDaemon;
import dev.baton.support.Sockets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cookie SRV insert dynamic} with {@code dynamic-cookie-key} in HAProxy 2.6 and in baton: the same Set-Cookie
 * values for the same key and servers (a server with its own {@code cookie} keeps it), a request carrying a derived
 * cookie reaches its server, and the runtime API ({@code set dynamic-cookie-key backend}, {@code disable} and
 * {@code enable dynamic-cookie backend}) changes them the same way.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DynamicCookieSameAsHaproxyTest {
    @TempDir
    Path dir;
    private final RecordingBackend[] servers = new RecordingBackend[3];

    @AfterEach
    void stop() throws IOException {
        for (final RecordingBackend s : servers) {
            if (s != null) {
                s.close();
            }
        }
    }

    private String config(final int port, final int cliPort) {
        return String.join("\n",
            "global",
            "    nbthread 1",
            "    stats socket ipv4@127.0.0.1:" + cliPort + " level admin",
            "defaults",
            "    mode http",
            "    timeout connect 2s",
            "    timeout client 5s",
            "    timeout server 5s",
            "    option http-server-close", // the recording servers take one connection at a time
            "    dynamic-cookie-key from-defaults",
            "frontend fe",
            "    bind 127.0.0.1:" + port,
            "    default_backend be",
            "backend be",
            "    balance roundrobin",
            "    dynamic-cookie-key s3cr3t",
            "    cookie SRV insert indirect nocache dynamic",
            "    server s1 127.0.0.1:" + servers[0].port(),
            "    server s2 127.0.0.1:" + servers[1].port(),
            "    server s3 127.0.0.1:" + servers[2].port() + " cookie own",
            "");
    }

    /** The Set-Cookie values of six requests without a cookie (round robin: each server at least once), sorted. */
    private static TreeSet<String> cookies(final int port) throws IOException {
        final TreeSet<String> out = new TreeSet<>();
        for (int i = 0; i < 6; i++) {
            final String response = get(port, "");
            for (final String line : response.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("set-cookie:")) {
                    out.add(line.substring(11).trim());
                }
            }
        }
        return out;
    }

    private static String get(final int port, final String extra) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: x\r\n" + extra + "Connection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** What the scenario shows: the cookies, where a derived one leads, and the same after each runtime command. */
    private List<Object> scenario(final int port, final int cliPort) throws Exception {
        final List<Object> seen = new ArrayList<>();
        final TreeSet<String> first = cookies(port);
        seen.add(first);
        final String s2 = first.stream().filter(c -> !c.startsWith("SRV=own")).skip(1).findFirst().orElseThrow();
        for (final RecordingBackend s : servers) {
            s.heads.clear();
        }
        get(port, "Cookie: " + s2.substring(0, s2.indexOf(';')) + "\r\n");
        seen.add(RecordingBackend.whichGot(servers, "GET /"));
        seen.add(Sockets.cli(cliPort, "set dynamic-cookie-key backend be other-key"));
        seen.add(cookies(port));
        seen.add(Sockets.cli(cliPort, "disable dynamic-cookie backend be"));
        seen.add(cookies(port));
        seen.add(Sockets.cli(cliPort, "enable dynamic-cookie backend be"));
        seen.add(cookies(port));
        seen.add(Sockets.cli(cliPort, "set dynamic-cookie-key backend nope k"));
        seen.add(Sockets.cli(cliPort, "set dynamic-cookie-key backend be"));
        return seen;
    }

    @Test
    void sameCookiesAsHaproxy() throws Exception {
        for (int i = 0; i < servers.length; i++) {
            servers[i] = new RecordingBackend();
        }
        final int hPort = RunningDaemon.freePort();
        final int hCli = RunningDaemon.freePort();
        final List<Object> fromHaproxy;
        final HaproxyProcess haproxy = HaproxyProcess.start(dir, config(hPort, hCli), hPort);
        try {
            fromHaproxy = scenario(hPort, hCli);
        } finally {
            haproxy.close();
        }
        for (final RecordingBackend s : servers) {
            s.heads.clear();
        }
        final int bPort = RunningDaemon.freePort();
        final int bCli = RunningDaemon.freePort();
        final List<Object> fromBaton;
        final RunningDaemon baton = RunningDaemon.start(config(bPort, bCli));
        try {
            fromBaton = scenario(bPort, bCli);
        } finally {
            baton.close();
        }
        assertEquals(fromHaproxy, fromBaton);
        @SuppressWarnings("unchecked")
        final TreeSet<String> first = (TreeSet<String>) fromBaton.get(0);
        assertEquals(3, first.size(), "three servers, three cookies: " + first);
        assertTrue(first.first().matches("SRV=[0-9a-f]{16}; path=/"), first.toString());
    }
}
