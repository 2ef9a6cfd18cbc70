package dev.baton.log;

import dev.baton.support.RunningDaemon;
import dev.baton.support.HaproxyProcess;
import dev.baton.support.TrafficLogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * HAProxy 2.6 and the daemon on the same configuration, a client connecting and closing without a byte on four
 * frontends (tcp and http, with and without {@code option dontlognull}): the same lines, compared without the
 * client port, the date, the total time and the connection counts (mode tcp: that there is a line). HAProxy runs as a child process ({@code -db},
 * its log on its standard output), stopped by its process before the test ends.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DontlognullSameAsHaproxyTest {
    private static final List<String> FRONTENDS = List.of("tplain", "tnull", "hplain", "hnull");

    @TempDir
    Path dir;

    private static String config(final String global, final int[] ports, final int serverPort) {
        return "global\n" + global + "defaults\n    log global\n    timeout connect 1s\n    timeout client 5s\n"
            + "    timeout server 5s\n"
            + "listen tplain\n    mode tcp\n    option tcplog\n    bind 127.0.0.1:" + ports[0] + "\n"
            + "    server s 127.0.0.1:" + serverPort + "\n"
            + "listen tnull\n    mode tcp\n    option tcplog\n    option dontlognull\n    bind 127.0.0.1:" + ports[1]
            + "\n    server s 127.0.0.1:" + serverPort + "\n"
            + "listen hplain\n    mode http\n    option httplog\n    bind 127.0.0.1:" + ports[2] + "\n"
            + "    server s 127.0.0.1:" + serverPort + "\n"
            + "listen hnull\n    mode http\n    option httplog\n    option dontlognull\n    bind 127.0.0.1:"
            + ports[3] + "\n    server s 127.0.0.1:" + serverPort + "\n";
    }

    private static int[] freePorts() throws IOException {
        final int[] ports = new int[FRONTENDS.size()];
        for (int i = 0; i < ports.length; i++) {
            ports[i] = RunningDaemon.freePort();
        }
        return ports;
    }

    /**
     * A connect-and-close on each of {@code ports}, then, once {@code lines} shows one line of the plain tcp
     * frontend and one of the plain http one, what each of the four got: its line without the varying parts, or
     * "none".
     */
    private static List<String> run(final int[] ports, final IntFunction<List<String>> linesOf) throws IOException {
        final int[] clients = new int[ports.length];
        for (int i = 0; i < ports.length; i++) {
            try (Socket s = new Socket("127.0.0.1", ports[i])) {
                clients[i] = s.getLocalPort();
            }
        }
        await("the lines of the plain frontends").atMost(Duration.ofSeconds(10))
            .until(() -> !linesOf.apply(clients[0]).isEmpty() && !linesOf.apply(clients[2]).isEmpty());
        final List<String> out = new ArrayList<>();
        for (int i = 0; i < ports.length; i++) {
            final List<String> lines = linesOf.apply(clients[i]);
            out.add(FRONTENDS.get(i) + ": " + (lines.isEmpty() ? "none" : normalized(lines.get(0))));
        }
        return out;
    }

    /**
     * A tcplog line as "a line" (HAProxy's own for a connection that closes at once varies with timing: Tw 0 or 1,
     * {@code CC} or {@code --}); an httplog line without client port, date, Ta and the connection counts.
     */
    private static String normalized(final String line) {
        if (!line.endsWith("\"")) {
            return "a line";
        }
        return line.replaceFirst("^127\\.0\\.0\\.1:\\d+ \\[[^]]+] ", "")
            .replaceFirst("/-?\\d+ (\\d{3}) ", "/T $1 ")
            .replaceFirst(" \\d+/\\d+/\\d+/\\d+/\\d+ ", " N ");
    }

    @Test
    void emptyConnectionsAreLoggedAsHaproxyLogsThem() throws Exception {
        Haproxy26.assumeInstalled();
        final int serverPort = RunningDaemon.freePort(); // never reached: nobody sends a byte
        final int[] hPorts = freePorts();
        final List<String> fromHaproxy;
        try (HaproxyProcess h = HaproxyProcess.start(dir,
            config("    log stdout format raw local0 info\n", hPorts, serverPort), hPorts[3])) {
            fromHaproxy = run(hPorts, h::linesOf);
        }
        TrafficLogCapture.clear();
        final int[] bPorts = freePorts();
        final List<String> fromBaton;
        try (RunningDaemon baton = RunningDaemon.start(config("    nbthread 1\n", bPorts, serverPort))) {
            fromBaton = run(bPorts, client -> TrafficLogCapture.lines(l -> l.startsWith("127.0.0.1:" + client + " [")));
            await().atMost(Duration.ofSeconds(10)).until(() -> baton.daemon().liveStreams() == 0);
        }
        assertEquals(List.of("tplain: a line", "tnull: none",
            "hplain: hplain hplain/<NOSRV> -1/-1/-1/-1/T 400 0 - - CR-- N 0/0 \"<BADREQ>\"", "hnull: none"), fromHaproxy,
            "HAProxy's own lines (the scenario is what the test thinks it is)");
        assertEquals(fromHaproxy, fromBaton);
    }
}
