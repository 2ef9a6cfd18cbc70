package dev.baton.io;

import dev.baton.support.ExternalTool;
import dev.baton.support.RawHttp;
import dev.baton.support.SideBySide;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@code tune.rcvbuf.client}, {@code tune.sndbuf.client}, {@code tune.rcvbuf.server} and {@code tune.sndbuf.server}
 * side by side with HAProxy 2.6: the accepted client's socket and the server connection's, read back from the kernel
 * ({@code ss -m}: {@code rb} and {@code tb} are the sizes in force, twice what was set, as Linux books them) while a
 * keep-alive client holds both open. Without the lines, the kernel's own sizes (which differ).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SocketBuffersSameAsHaproxyTest {
    private static final Pattern SIZES = Pattern.compile("rb(\\d+),t\\d+,tb(\\d+)");

    @TempDir
    Path tmp;

    private static String config(final Path socket, final int port, final int server, final boolean tuned) {
        final String tune = tuned ? String.join("\n", "    tune.rcvbuf.client 8192", "    tune.sndbuf.client 12288",
            "    tune.rcvbuf.server 10240", "    tune.sndbuf.server 14336", "") : "";
        return SideBySide.header(socket, "http").replaceFirst("global\n", "global\n" + tune) + String.join("\n",
            "frontend fe",
            "    bind 127.0.0.1:" + port,
            "    default_backend be",
            "backend be",
            "    server s1 127.0.0.1:" + server,
            "");
    }

    /** The sizes of the established sockets {@code ss} finds with {@code filter}, each distinct pair once. */
    private static String sizes(final String filter) throws Exception {
        final ExternalTool.Result r = ExternalTool.run("", "apt-get install iproute2", "ss", "-tmnH", "state",
            "established", filter);
        final TreeSet<String> seen = new TreeSet<>();
        final Matcher m = SIZES.matcher(r.output());
        while (m.find()) {
            seen.add("rb" + m.group(1) + " tb" + m.group(2));
        }
        return String.join(",", seen);
    }

    /** A keep-alive request through the proxy, then the sizes of its client socket and of its server connection. */
    private static List<String> observe(final int port, final int server) throws Exception {
        try (RawHttp c = RawHttp.open(port)) {
            assertEquals(200, c.send(RawHttp.get("/")).read().status);
            return List.of("client " + sizes("( sport = :" + port + " and dport = :" + c.localPort() + " )"),
                "server " + sizes("( dport = :" + server + " )"));
        }
    }

    @Test
    void forcedSizesAreSetOnAcceptedClientsAndServerSocketsAsByHaproxy() throws Exception {
        try (HttpBackend b = HttpBackend.start(new HttpBackend.Options().name("s1"))) {
            final SideBySide.Seen seen = SideBySide.run(tmp, (socket, port) -> config(socket, port, b.port(), true),
                b.port(), (socket, port) -> observe(port, b.port()));
            assertEquals(List.of("client rb16384 tb24576", "server rb20480 tb28672"), seen.haproxy(), "HAProxy's");
            assertEquals(seen.haproxy(), seen.baton());
        }
    }

    @Test
    void withoutTheLinesTheKernelSizesTheBuffers() throws Exception {
        try (HttpBackend b = HttpBackend.start(new HttpBackend.Options().name("s1"))) {
            final SideBySide.Seen seen = SideBySide.run(tmp, (socket, port) -> config(socket, port, b.port(), false),
                b.port(), (socket, port) -> observe(port, b.port()));
            assertFalse(seen.baton().get(0).contains("rb16384"), seen.baton().toString());
            assertFalse(seen.baton().get(1).contains("rb20480"), seen.baton().toString());
        }
    }
}
