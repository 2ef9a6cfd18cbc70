package dev.baton.health;

import dev.baton.support.BlockingServer;
import dev.baton.support.RunningDaemon;
import dev.baton.support.Sockets;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code tcp-check} rulesets and {@code http-check} sequences through the daemon and through HAProxy 2.6 on the
 * same configuration and the same servers: for every backend, the first completed check each one shows in
 * {@code show stat} must agree on {@code check_status}, {@code check_code} and {@code last_chk}, texts included.
 * Skipped where HAProxy is not installed (CI installs it).
 */
class TcpCheckSameAsHaproxyTest {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final Duration SETTLE = Duration.ofSeconds(30);

    private final List<AutoCloseable> closeLater = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void closeServers() throws Exception {
        for (final AutoCloseable c : closeLater) {
            c.close();
        }
    }

    private int server(final BlockingServer.Handler h) throws IOException {
        final BlockingServer s = BlockingServer.start("tcpchk", h);
        closeLater.add(s);
        return s.port();
    }

    @Test
    void tcpCheckAndHttpCheckOutcomesAreHaproxys() throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed; CI installs it (.ci/run)");
        final int hello = server(CheckRunFixture.speaker("hello world\r\n", ""));
        final int pong = server(CheckRunFixture.speaker("", "+PONG\r\n"));
        final int echo = server(BlockingServer.echo());
        final int closer = server(socket -> { });
        final int silent = server(CheckRunFixture.speaker("", ""));
        final int refused = CheckRunFixture.closedPort();
        final HttpBackend http = HttpBackend.start(new HttpBackend.Options().name("h1"));
        closeLater.add(http);
        final Map<String, String> backends = new TreeMap<>();
        backends.put("l4tcp_ok", "option tcp-check|" + hello);
        backends.put("l4tcp_refused", "option tcp-check|" + refused);
        backends.put("connect_only", "option tcp-check\ntcp-check connect|" + hello);
        backends.put("connect_port_refused",
            "option tcp-check\ntcp-check connect port " + refused + " comment cmt|" + hello);
        backends.put("expect_ok", "option tcp-check\ntcp-check expect string hello|" + hello);
        backends.put("expect_unwanted", "option tcp-check\ntcp-check expect ! string hello|" + hello);
        backends.put("expect_nomatch", "option tcp-check\ntcp-check comment greeting\ntcp-check expect string bye|"
            + hello);
        backends.put("expect_regex_tout", "option tcp-check\ntcp-check expect rstring ^bye|" + hello);
        backends.put("expect_binary_tout", "option tcp-check\ntcp-check expect binary 0102|" + hello);
        backends.put("expect_rbinary_ok", "option tcp-check\ntcp-check expect rbinary ^68656C6C6F|" + hello);
        backends.put("expect_silent_tout", "option tcp-check\ntcp-check expect tout-status L6TOUT string hello"
            + " comment waiting|" + silent);
        backends.put("expect_closed", "option tcp-check\ntcp-check expect string hello comment greet|" + closer);
        backends.put("send_expect", "option tcp-check\ntcp-check send PING\\r\\n\ntcp-check expect string +PONG|"
            + pong);
        backends.put("min_recv", "option tcp-check\ntcp-check expect min-recv 3 string bye|" + hello);
        backends.put("statuses", "option tcp-check\ntcp-check expect ok-status L7OKC on-success fine string hello|"
            + hello);
        backends.put("status_code", "option tcp-check\ntcp-check send \"503 nope\\r\\n\"\ntcp-check expect"
            + " min-recv 4 status-code res.payload(0,3) on-error \"%[res.payload(4,0),cut_crlf]\" error-status"
            + " L7STS rstring ^2|" + echo);
        backends.put("binary_echo", "option tcp-check\ntcp-check send-binary 50494E470D0A\ntcp-check expect"
            + " binary 50494E47|" + echo);
        backends.put("two_sends", "option tcp-check\ntcp-check connect\ntcp-check comment phase\ntcp-check send"
            + " one\\r\\n\ntcp-check send two\\r\\n\ntcp-check expect string two|" + echo);
        backends.put("http_seq", "option httpchk\nhttp-check connect\nhttp-check send meth GET uri /health\n"
            + "http-check expect status 200\nhttp-check connect\nhttp-check send meth GET uri /status/503\n"
            + "http-check expect status 200|" + http.port());
        backends.put("http_connect_refused", "option httpchk GET /health\nhttp-check connect port " + refused + "|"
            + http.port());
        backends.put("http_body", "option httpchk GET /health\nhttp-check expect string nothere|" + http.port());
        backends.put("last_option_wins", "option tcp-check\ntcp-check expect string nothere\noption httpchk GET"
            + " /health|" + http.port());
        final StringBuilder cfg = new StringBuilder("global\n    stats socket SOCKET level admin\ndefaults\n"
            + "    mode tcp\n    timeout connect 1s\n    timeout client 5s\n    timeout server 5s\n"
            + "    timeout check 500ms\n");
        backends.forEach((name, spec) -> {
            final String[] parts = spec.split("\\|");
            cfg.append("backend ").append(name).append('\n');
            for (final String line : parts[0].split("\n")) {
                cfg.append("    ").append(line).append('\n');
            }
            cfg.append("    server s 127.0.0.1:").append(parts[1]).append(" check inter 1s\n");
        });
        final Path batonSocket = dir.resolve("baton.sock");
        final Path haproxySocket = dir.resolve("haproxy.sock");
        final Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, cfg.toString().replace("SOCKET", haproxySocket.toString()));
        try (RunningDaemon baton = RunningDaemon.start(cfg.toString().replace("SOCKET", batonSocket.toString()))) {
            final Process p = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", file.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
            try {
                final Map<String, String> fromHaproxy = new TreeMap<>();
                final Map<String, String> fromBaton = new TreeMap<>();
                await("a completed check of every backend on both sides").atMost(SETTLE)
                    .pollInterval(Duration.ofMillis(50)).until(() -> {
                        if (!p.isAlive()) {
                            throw new AssertionError("haproxy exited with " + p.exitValue());
                        }
                        firstCompleted(haproxySocket, fromHaproxy);
                        firstCompleted(batonSocket, fromBaton);
                        return fromHaproxy.size() == backends.size() && fromBaton.size() == backends.size();
                    });
                assertEquals(fromHaproxy, fromBaton);
                assertEquals(backends.size(), baton.daemon().healthChecks().all().size(), "one check per server");
            } finally {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    /**
     * Adds to {@code seen} the {@code check_status check_code last_chk} of each server row of {@code show stat}
     * not seen yet whose check has completed and is not running again (its {@code last_chk} is empty then).
     */
    private static void firstCompleted(final Path socket, final Map<String, String> seen) {
        final String csv;
        try {
            csv = Sockets.stats(socket, "show stat");
        } catch (final IOException e) {
            return; // not listening yet
        }
        final String[] lines = csv.split("\n");
        if (lines.length < 2 || !lines[0].startsWith("# ")) {
            return;
        }
        final List<String> header = List.of(lines[0].substring(2).split(","));
        final int status = header.indexOf("check_status");
        final int code = header.indexOf("check_code");
        final int lastChk = header.indexOf("last_chk");
        for (final String line : lines) {
            final String[] f = line.split(",", -1);
            if (f.length > lastChk && f[1].equals("s") && !f[status].startsWith("* ") && !f[status].equals("INI")
                && !f[status].isEmpty()) {
                seen.putIfAbsent(f[0], f[status] + " " + f[code] + " " + f[lastChk]);
            }
        }
    }
}
