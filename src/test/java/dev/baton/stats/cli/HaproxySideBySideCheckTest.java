package dev.baton.stats.cli;

import dev.baton.support.Sockets;
import dev.baton.support.DaemonProcess;
import dev.baton.support.ExternalTool;
import dev.baton.testservers.HttpBackend;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HAProxy 2.6 and baton side by side on the same configuration (HTTP checks against test-servers backends, one
 * server without checks), the same events (a health path switched to 503 and back, a backend stopped and
 * started again, runtime commands: {@code disable/enable server}, {@code set server ... state|health}), and
 * their outputs compared byte for byte after each step: the health log lines each sends to its UDP syslog
 * target (opened here), the {@code show stat} header and field count and its check-related columns, and
 * {@code show servers state}.
 *
 * <p>Normalised, explicitly, because they are timing and not behaviour: {@code check duration: Nms} in the
 * log lines; the {@code check_duration}, {@code lastchg} and {@code downtime} columns; in {@code show servers state},
 * {@code srv_time_since_last_change}, and {@code srv_check_health} while in maintenance (HAProxy zeroes it on
 * entering, but a check already under way at that instant may still count: a race). The dumps are taken at an instant when neither side has a check under way
 * (which shows as {@code "* "} before {@code check_status} and resets {@code check_code} and
 * {@code srv_check_result} until it ends: when a check runs is timing, not behaviour). Also left out: the date, program name and pid of the
 * syslog header (the priority is compared: facility and HAProxy's severity, alert, notice or emerg, and the line
 * feed that ends each datagram), and {@code be_id} (HAProxy numbers its internal proxies first).
 *
 * <p>Runs where {@code haproxy} is installed; skipped elsewhere, except under CI (environment {@code CI} set),
 * where a missing haproxy fails. Both processes are stopped by their pid at the end.
 */
class HaproxySideBySideCheckTest {
    private static final Duration STEP = Duration.ofSeconds(10);
    /** The {@code show stat} columns compared; those marked timing are replaced by "t". */
    private static final List<String> COLUMNS = List.of("svname", "status", "weight", "act", "bck", "chkfail",
        "chkdown", "lastchg", "downtime", "check_status", "check_code", "check_duration", "last_chk", "check_desc",
        "check_rise", "check_fall", "check_health");
    private static final List<String> TIMING = List.of("lastchg", "downtime", "check_duration");
    private static final Pattern SYSLOG = Pattern.compile("(<\\d+>)[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d "
        + "(?:haproxy|baton)\\[\\d+\\]: (.*)\\n");

    @TempDir
    Path dir;

    /** One side: its process, its socket, the log lines it sent. */
    private static final class Side implements AutoCloseable {
        final String name;
        final Path socket;
        final DatagramSocket syslog;
        final Queue<String> lines = new ConcurrentLinkedQueue<>();
        final Thread receiver;
        /** Stops the side's process by its pid; set once it runs. */
        Runnable stop;

        Side(final String name, final Path socket) throws SocketException {
            this.name = name;
            this.socket = socket;
            this.syslog = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            this.receiver = new Thread(this::receive, name + "-syslog");
            receiver.setDaemon(true);
            receiver.start();
        }

        private void receive() {
            final byte[] buf = new byte[4096];
            while (!syslog.isClosed()) {
                final DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    syslog.receive(p);
                } catch (final IOException e) {
                    return; // closed
                }
                final Matcher m = SYSLOG.matcher(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
                if (m.matches()) {
                    lines.add(m.group(1) + m.group(2).replaceAll("check duration: \\d+ms", "check duration: Tms"));
                }
            }
        }

        String cli(final String command) throws IOException {
            return CliClient.exchange(socket, command);
        }

        /** The compared columns of {@code be}'s server rows, timing ones replaced. */
        List<String> stat() throws IOException {
            final String[] rows = cli("show stat").split("\n");
            final List<String> header = Arrays.asList(rows[0].substring(2).split(",", -1));
            // the header itself is compared (same columns at the same positions), and each row's field count
            final List<String> out = new ArrayList<>(List.of(rows[0]));
            for (int i = 1; i < rows.length; i++) {
                final String[] cells = rows[i].split(",", -1);
                if (!cells[0].equals("be") || cells[1].equals("BACKEND")) {
                    continue;
                }
                final Map<String, String> row = new LinkedHashMap<>();
                for (final String c : COLUMNS) {
                    final String v = cells[header.indexOf(c)];
                    row.put(c, TIMING.contains(c) && !v.isEmpty() ? "t" : v);
                }
                row.put("fields", String.valueOf(cells.length));
                out.add(row.toString());
            }
            return out;
        }

        /** {@code show servers state be} without be_id and the time since the last change; in-progress masked. */
        List<String> serversState() throws IOException {
            final String[] rows = cli("show servers state be").split("\n");
            final List<String> out = new ArrayList<>();
            for (int i = 2; i < rows.length; i++) {
                if (rows[i].isEmpty()) {
                    continue;
                }
                final String[] f = rows[i].split(" ");
                f[0] = "id";
                f[9] = "t";
                if ((Integer.parseInt(f[6]) & 1) != 0) {
                    f[12] = "m"; // in maintenance: see the class comment
                }
                out.add(String.join(" ", f));
            }
            return out;
        }

        /** The status column of server {@code sv}. */
        String status(final String sv) throws IOException {
            for (final String row : stat()) {
                if (row.startsWith("{svname=" + sv + ",")) {
                    return row.replaceAll("^\\{svname=[^,]*, status=([^,]*),.*", "$1");
                }
            }
            throw new AssertionError("no server " + sv + " in " + name + "'s show stat");
        }

        @Override
        public void close() {
            syslog.close();
            if (stop != null) {
                stop.run();
            }
        }
    }

    private static String config(final Side side, final int fePort, final int... ports) {
        return String.join("\n",
            "global",
            "    log 127.0.0.1:" + side.syslog.getLocalPort() + " local0",
            "    stats socket " + side.socket + " mode 600 level admin",
            "defaults",
            "    mode http",
            "    log global",
            "    timeout connect 1s",
            "    timeout client 5s",
            "    timeout server 5s",
            "    timeout check 1s",
            "frontend fe",
            "    bind 127.0.0.1:" + fePort,
            "    default_backend be",
            "backend be",
            "    balance roundrobin",
            "    option httpchk GET /health",
            "    server s1 127.0.0.1:" + ports[0] + " check inter 100 rise 2 fall 2",
            "    server s2 127.0.0.1:" + ports[1] + " check inter 100 rise 2 fall 2",
            "    server s3 127.0.0.1:" + ports[2] + " check inter 100 rise 2 fall 2 backup",
            "    server s4 127.0.0.1:" + ports[2],
            "");
    }

    /** Whether a dumped row shows a check under way: "* " before its check status, or CHK_ST_INPROGRESS. */
    private static boolean checkUnderWay(final String row) {
        if (row.startsWith("# pxname,")) {
            return false; // show stat's header line
        }
        if (row.startsWith("{")) {
            return row.contains("check_status=* ");
        }
        return (Integer.parseInt(row.split(" ")[13]) & 1) != 0;
    }

    /** Starts haproxy -db as a child process; returns what stops it by its pid. */
    private static Runnable haproxy(final Path cfg, final Path log) throws IOException {
        final Process p = new ProcessBuilder("haproxy", "-db", "-f", cfg.toString())
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return () -> {
            p.destroy();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (final InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        };
    }

    @Test
    void healthLogLinesShowStatAndServersStateMatchHaproxy() throws Exception {
        ExternalTool.requireHaproxy();
        HttpBackend b1 = null;
        HttpBackend b2 = null;
        HttpBackend b3 = null;
        try (Side h = new Side("haproxy", dir.resolve("h.sock")); Side b = new Side("baton", dir.resolve("b.sock"))) {
            b1 = HttpBackend.start(new HttpBackend.Options().name("s1"));
            b2 = HttpBackend.start(new HttpBackend.Options().name("s2"));
            b3 = HttpBackend.start(new HttpBackend.Options().name("s3"));
            final int p2 = b2.port();
            final Path hc = Files.writeString(dir.resolve("h.cfg"), config(h, Sockets.unusedPort(), b1.port(), p2, b3.port()));
            final Path bc = Files.writeString(dir.resolve("b.cfg"), config(b, Sockets.unusedPort(), b1.port(), p2, b3.port()));
            h.stop = haproxy(hc, dir.resolve("haproxy.out"));
            final DaemonProcess baton = DaemonProcess.start(Files.createDirectories(dir.resolve("baton")), "-f",
                bc.toString());
            b.stop = baton::close;
            await("both stats sockets").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> Files.exists(h.socket) && Files.exists(b.socket));
            final Side[] both = {h, b};

            step(both, "start", null, "s1", "UP", "s2", "UP", "s3", "UP", "s4", "no check");
            b1.health("/status/503");
            step(both, "s1 health 503", null, "s1", "DOWN");
            b1.health("");
            step(both, "s1 health 200", null, "s1", "UP");
            b2.close();
            step(both, "s2 stopped", null, "s2", "DOWN");
            b2 = HttpBackend.start(new HttpBackend.Options().name("s2").port(p2));
            step(both, "s2 started", null, "s2", "UP");
            step(both, "disable server", "disable server be/s2", "s2", "MAINT");
            step(both, "enable server", "enable server be/s2", "s2", "UP");
            step(both, "health down", "set server be/s2 health down", "s2", "UP"); // the checks bring it back
            step(both, "health stopping", "set server be/s2 health stopping", "s2", "UP"); // a plain pass undoes it
            step(both, "state drain", "set server be/s1 state drain", "s1", "DRAIN");
            step(both, "state maint", "set server be/s1 state maint", "s1", "MAINT");
            step(both, "state ready", "set server be/s1 state ready", "s1", "UP");
            step(both, "no check health down", "set server be/s4 health down", "s4", "DOWN");
            step(both, "no check disable", "disable server be/s4", "s4", "MAINT");
            step(both, "no check enable", "enable server be/s4", "s4", "no check");
            step(both, "backup drain", "set server be/s3 state drain", "s3", "DRAIN");
            step(both, "backup maint", "disable server be/s3", "s3", "MAINT");
            step(both, "backup ready", "set server be/s3 state ready", "s3", "UP");
            // every active server out: the backup runs alone, then nothing is left
            step(both, "no check maint", "disable server be/s4", "s4", "MAINT");
            b1.health("/status/503");
            step(both, "s1 503", null, "s1", "DOWN");
            b2.health("/status/503");
            step(both, "s2 503: running on backup", null, "s2", "DOWN");
            b3.health("/status/503");
            step(both, "s3 503: no server left", null, "s3", "DOWN");
            b3.health("");
            step(both, "backup back", null, "s3", "UP");
            b1.health(""); // one at a time: two servers changing at once log in either order
            step(both, "s1 back", null, "s1", "UP");
            b2.health("");
            step(both, "s2 back", null, "s2", "UP");
            assertTrue(h.lines.size() >= 27, "HAProxy logged every transition: " + h.lines);
            assertTrue(h.lines.stream().anyMatch(l -> l.contains(" Running on backup.")), "the backup's turn");
            assertTrue(h.lines.contains("<128>backend be has no server available!"), "HAProxy's emerg line");
        } finally {
            for (final HttpBackend be : new HttpBackend[] {b1, b2, b3}) {
                if (be != null) {
                    be.close();
                }
            }
        }
    }

    /**
     * Runs {@code command} (if any) on both, waits until both show each server in the status given (pairs of
     * server and status) and have logged the same number of lines, then compares the two sides.
     */
    private static void step(final Side[] both, final String what, final String command, final String... expect)
        throws Exception {
        if (command != null) {
            for (final Side s : both) {
                assertEquals("\n", s.cli(command), s.name + ": " + command);
            }
        }
        try {
            await(what).atMost(STEP).pollInterval(Duration.ofMillis(50)).until(() -> {
            for (final Side s : both) {
                for (int i = 0; i < expect.length; i += 2) {
                    if (!s.status(expect[i]).equals(expect[i + 1])) {
                        return false;
                    }
                }
            }
                // and the lines of this step are in on both sides
                return both[0].lines.size() == both[1].lines.size();
            });
        } catch (final ConditionTimeoutException e) {
            throw new AssertionError(what + ": expected " + Arrays.toString(expect) + "\nhaproxy: " + both[0].stat()
                + "\n" + both[0].lines + "\nbaton:   " + both[1].stat() + "\n" + both[1].lines, e);
        }
        assertEquals(new ArrayList<>(both[0].lines), new ArrayList<>(both[1].lines), what + ": log lines");
        // dumps of an instant when neither side has a check under way ("* " status, CHK_ST_INPROGRESS), which
        // resets check_code and srv_check_result until the check ends: that is timing, not behaviour
        final List<List<String>> dumps = new ArrayList<>();
        await(what + ": no check under way").atMost(STEP).pollInterval(Duration.ofMillis(7)).until(() -> {
            dumps.clear();
            for (final Side s : both) {
                dumps.add(s.stat());
                dumps.add(s.serversState());
            }
            return dumps.stream().flatMap(List::stream).noneMatch(HaproxySideBySideCheckTest::checkUnderWay);
        });
        assertEquals(dumps.get(0), dumps.get(2), what + ": show stat");
        assertEquals(dumps.get(1), dumps.get(3), what + ": show servers state");
    }
}
