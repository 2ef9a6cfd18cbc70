package dev.baton.log;

import dev.baton.support.DaemonProcess;
import dev.baton.support.ListeningPorts;
import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * HAProxy 2.6 and baton (a child process, so that its own log set-up runs) on the same configuration, logging to
 * the same UDP sockets, which this test reads: one datagram per format ({@code local} by default, {@code rfc3164},
 * {@code rfc5424}, {@code priority}, {@code short}, {@code timed}, {@code iso}, {@code raw}), {@code len} cuts, a
 * frontend's own targets next to {@code log global}, one with {@code no log} and targets of its own, one with
 * {@code no log} alone, {@code sample} (the second of each two lines), a {@code stdout} target, {@code option log-separate-errors} (severity err) and a MINLEVEL
 * that caps it (to warning). The same bytes once the time stamps, the pid, the client port,
 * the accept date, Ta and the connection counts are normalised. The line is HAProxy's {@code <BADREQ>} line of a
 * connection closed without a byte, the same in both (see {@link DontlognullSameAsHaproxyTest}).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LogFormatsSameAsHaproxyTest {
    /** The targets of the global section, one receiver each, in this order. */
    private static final List<String> GLOBAL_TARGETS = List.of(
        "local0", "format local local0", "format rfc3164 local0", "format rfc5424 local0", "format priority local1",
        "format short local0", "format timed local0", "format iso local0", "format raw local0",
        "len 80 format short local0", "len 100 format iso local0", "format short local0 debug warning",
        "format raw sample 2:2 local0");

    @TempDir
    Path dir;

    private final List<DatagramSocket> receivers = new ArrayList<>();
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (final Process p : started) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        receivers.forEach(DatagramSocket::close);
    }

    /** Receivers 0..n-1 for the global targets, then the frontend's own (n) and the no-log frontend's (n+1). */
    private String config(final int[] ports) {
        final StringBuilder sb = new StringBuilder("global\n    nbthread 1\n    log-tag lbtest\n");
        for (int i = 0; i < GLOBAL_TARGETS.size(); i++) {
            sb.append("    log 127.0.0.1:").append(receivers.get(i).getLocalPort()).append(' ')
                .append(GLOBAL_TARGETS.get(i)).append('\n');
        }
        sb.append("    log stdout len 80 format timed local0\n");
        final int own = receivers.get(GLOBAL_TARGETS.size()).getLocalPort();
        final int other = receivers.get(GLOBAL_TARGETS.size() + 1).getLocalPort();
        return sb + """
            defaults
                mode http
                log global
                option httplog
                timeout connect 1s
                timeout client 5s
                timeout server 5s
            listen hplain
                bind 127.0.0.1:%d
                option log-separate-errors
                log 127.0.0.1:%d format rfc5424 local3
                server s 127.0.0.1:%d
            listen hquiet
                bind 127.0.0.1:%d
                no log
                server s 127.0.0.1:%d
            listen htags
                bind 127.0.0.1:%d
                no log
                log-tag owntag
                log 127.0.0.1:%d len 80 format priority local4
                server s 127.0.0.1:%d
            """.formatted(ports[0], own, ports[3], ports[1], ports[3], ports[2], other, ports[3]);
    }

    private static String receive(final DatagramSocket r, final int timeoutMs) throws IOException {
        r.setSoTimeout(timeoutMs);
        final byte[] buf = new byte[4096];
        final DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            r.receive(p);
        } catch (final SocketTimeoutException e) {
            return null;
        }
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
    }

    /**
     * Connect-and-close on hquiet, htags, then hplain (one reactor: their lines leave in that order), then every
     * datagram: each receiver's list, normalised.
     */
    private List<List<String>> run(final int[] ports) throws IOException {
        for (final int p : new int[] {ports[1], ports[2], ports[0]}) {
            try (Socket s = new Socket("127.0.0.1", p)) {
                s.getOutputStream().flush();
            }
        }
        final List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < receivers.size(); i++) {
            // hplain's lines come twice: the probe that saw the port listening was a connect-and-close too
            final List<String> got = new ArrayList<>();
            // the first datagram of each may take a while; a later one would have come with it
            String d = receive(receivers.get(i), 10_000);
            while (d != null) {
                got.add(normalised(d));
                d = receive(receivers.get(i), 200);
            }
            out.add(got);
        }
        return out;
    }

    static String normalised(final String datagram) {
        return datagram
            .replaceAll("[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d ", "TIME ")
            .replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}[+-]\\d\\d:\\d\\d", "ISO")
            .replaceAll("\\[\\d+]: ", "[PID]: ")
            .replaceAll("(lbtest|owntag) \\d+ - - ", "$1 PID - - ")
            .replaceAll("127\\.0\\.0\\.1:\\d+ \\[\\d\\d/[A-Z][a-z]{2}/\\d{4}:\\d\\d:\\d\\d:\\d\\d\\.\\d{3}]",
                "127.0.0.1:PORT [DATE]")
            .replaceAll("/-?\\d+ 400 ", "/Ta 400 ")
            .replaceAll(" \\d+/\\d+/\\d+/\\d+/\\d+ 0/0 ", " N 0/0 ");
    }

    private int[] ports() throws IOException {
        return new int[] {RunningDaemon.freePort(), RunningDaemon.freePort(), RunningDaemon.freePort(),
            RunningDaemon.freePort()};
    }

    @Test
    void everyFormatLenAndProxyTargetAsHaproxy() throws Exception {
        Haproxy26.assumeInstalled();
        for (int i = 0; i < GLOBAL_TARGETS.size() + 2; i++) {
            receivers.add(new DatagramSocket(0, InetAddress.getLoopbackAddress()));
        }
        final int[] hPorts = ports();
        final Path hCfg = Files.writeString(dir.resolve("haproxy.cfg"), config(hPorts));
        final Path hOut = dir.resolve("haproxy.out");
        final Process haproxy = new ProcessBuilder("haproxy", "-db", "-f", hCfg.toString())
            .redirectErrorStream(true).redirectOutput(hOut.toFile()).start();
        started.add(haproxy);
        awaitListening(hPorts[0], haproxy, hOut);
        try {
            awaitListeningQuietly(hPorts); // hquiet and htags too, without a probe connection (it would be logged)
        } catch (final org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("ports " + java.util.Arrays.toString(hPorts) + "; haproxy: "
                + Files.readString(hOut) + "; /proc/net/tcp: " + Files.readString(Path.of("/proc/net/tcp")), e);
        }
        final List<List<String>> fromHaproxy = run(hPorts);
        final String hStdout = stdoutLine(Files.readString(hOut));

        final int[] bPorts = ports();
        final Path bDir = Files.createDirectories(dir.resolve("baton"));
        final Path bCfg = Files.writeString(bDir.resolve("baton.cfg"), config(bPorts));
        final List<List<String>> fromBaton;
        final String bStdout;
        try (DaemonProcess baton = DaemonProcess.start(bDir, "-f", bCfg.toString())) {
            baton.awaitAccepting(bPorts[0]);
            awaitListeningQuietly(bPorts);
            fromBaton = run(bPorts);
            await("baton's stdout line").atMost(Duration.ofSeconds(10))
                .until(() -> stdoutLine(baton.stdout()) != null);
            bStdout = stdoutLine(baton.stdout());
        }

        final String line = "127.0.0.1:PORT [DATE] hplain hplain/<NOSRV> -1/-1/-1/-1/Ta 400 0 - - CR-- N 0/0"
            + " \"<BADREQ>\"";
        assertEquals(List.of(
            twice("<131>TIME lbtest[PID]: " + line + "\n"),
            twice("<131>TIME lbtest[PID]: " + line + "\n"),
            twice("<131>TIME localhost lbtest[PID]: " + line + "\n"),
            twice("<131>1 ISO - lbtest PID - - " + line + "\n"),
            twice("<139>" + line + "\n"),
            twice("<3>" + line + "\n"),
            twice("<3>ISO " + line + "\n"),
            twice("ISO " + line + "\n"),
            twice(line + "\n"),
            twice("<3>127.0.0.1:PORT [DATE] hplain hplain/<NOSRV> -1/-1/-1/-1/\n"),
            twice("ISO 127.0.0.1:PORT [DATE] hplain hplain/<NOSRV> -1\n"),
            twice("<4>" + line + "\n"),
            List.of(line + "\n"),
            twice("<155>1 ISO - lbtest PID - - " + line + "\n"),
            List.of("<166>127.0.0.1:PORT [DATE] htags htags/<NOSRV> -1/-1/-1/-1/\n")), fromHaproxy,
            "HAProxy's own datagrams (the scenario is what the test thinks it is)");
        assertEquals(fromHaproxy, fromBaton);
        assertEquals("<3>ISO 127.0.0.1:PORT [DATE] ", hStdout, "HAProxy's stdout line: 79 bytes and the line feed");
        assertEquals(hStdout, bStdout);
    }

    /**
     * A lone {@code len 100 format raw} target: HAProxy builds the line within 100 bytes, so 99 bytes and the line
     * feed are sent (the frontend's 17-character name puts the cut at the end of the timers).
     */
    @Test
    void aLoneLenCutsTheLineAsHaproxy() throws Exception {
        final String name = "lonelen_frontend1";
        final List<String> fromHaproxy = new ArrayList<>();
        final List<String> fromBaton = new ArrayList<>();
        sameConfig(name, List.of("len 100 format raw local0"), "", fromHaproxy, fromBaton);
        assertEquals(List.of("127.0.0.1:PORT [DATE] " + name + " " + name + "/<NOSRV> -1/-1/-1/-1/\n"), fromHaproxy,
            "HAProxy's datagram: 99 bytes and the line feed");
        assertEquals(fromHaproxy, fromBaton);
    }

    /** {@code log-send-hostname}: the host name in rfc3164 (now the default) and rfc5424 headers. */
    @Test
    void logSendHostnameAsHaproxy() throws Exception {
        final List<String> fromHaproxy = new ArrayList<>();
        final List<String> fromBaton = new ArrayList<>();
        sameConfig("hn", List.of("local0", "format rfc5424 local0", "format local local0"),
            "    log-send-hostname edge-7\n    log-tag lbtest\n", fromHaproxy, fromBaton);
        final String line = "127.0.0.1:PORT [DATE] hn hn/<NOSRV> -1/-1/-1/-1/Ta 400 0 - - CR-- N 0/0 \"<BADREQ>\"\n";
        assertEquals(List.of("<134>TIME edge-7 lbtest[PID]: " + line, "<134>1 ISO edge-7 lbtest PID - - " + line,
            "<134>TIME lbtest[PID]: " + line), fromHaproxy);
        assertEquals(fromHaproxy, fromBaton);
    }

    /**
     * HAProxy, then baton, on one configuration: the global section {@code global} and one {@code log} line per
     * entry of {@code targets}, each to a receiver of its own, and one http frontend {@code name} with
     * {@code log global}. Adds the first datagram of each receiver, normalised, to {@code fromHaproxy} and
     * {@code fromBaton}: the {@code <BADREQ>} line of the probe that saw the port listening (a connect-and-close).
     */
    private void sameConfig(final String name, final List<String> targets, final String global,
                            final List<String> fromHaproxy, final List<String> fromBaton) throws Exception {
        Haproxy26.assumeInstalled();
        final List<DatagramSocket> rs = new ArrayList<>();
        final StringBuilder logs = new StringBuilder();
        for (final String t : targets) {
            final DatagramSocket r = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            receivers.add(r);
            rs.add(r);
            logs.append("    log 127.0.0.1:").append(r.getLocalPort()).append(' ').append(t).append('\n');
        }
        final java.util.function.IntFunction<String> config = port -> "global\n    nbthread 1\n" + global + logs
            + """
            defaults
                mode http
                log global
                option httplog
                timeout connect 1s
                timeout client 5s
                timeout server 5s
            listen %s
                bind 127.0.0.1:%d
                server s 127.0.0.1:%d
            """.formatted(name, port, port + 1);
        final int hPort = RunningDaemon.freePort();
        final Path hOut = dir.resolve(name + ".haproxy.out");
        final Process haproxy = new ProcessBuilder("haproxy", "-db", "-f",
            Files.writeString(dir.resolve(name + ".haproxy.cfg"), config.apply(hPort)).toString())
            .redirectErrorStream(true).redirectOutput(hOut.toFile()).start();
        started.add(haproxy);
        awaitListening(hPort, haproxy, hOut);
        for (final DatagramSocket r : rs) {
            fromHaproxy.add(normalised(receive(r, 10_000)));
        }
        final int bPort = RunningDaemon.freePort();
        final Path bDir = Files.createDirectories(dir.resolve(name + "-baton"));
        try (DaemonProcess baton = DaemonProcess.start(bDir, "-f",
            Files.writeString(bDir.resolve("baton.cfg"), config.apply(bPort)).toString())) {
            baton.awaitAccepting(bPort);
            for (final DatagramSocket r : rs) {
                fromBaton.add(normalised(receive(r, 10_000)));
            }
        }
    }

    private static List<String> twice(final String datagram) {
        return List.of(datagram, datagram);
    }

    /** The normalised stdout line of the hplain frontend (without its line feed), or null. */
    private static String stdoutLine(final String stdout) {
        for (final String l : stdout.split("\n")) {
            if (l.startsWith("<3>") && l.contains("127.0.0.1:")) {
                return normalised(l);
            }
        }
        return null;
    }

    /** Waits until hquiet and htags listen, read from /proc: run() connects to them first. */
    private static void awaitListeningQuietly(final int[] ports) {
        await("hquiet and htags listening").atMost(Duration.ofSeconds(10))
            .until(() -> ListeningPorts.listening(ports[1]) && ListeningPorts.listening(ports[2]));
    }

    private static void awaitListening(final int port, final Process p, final Path out) {
        await("haproxy started").atMost(Duration.ofSeconds(10)).until(() -> {
            if (!p.isAlive()) {
                throw new AssertionError("haproxy exited: " + Files.readString(out));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return s.isConnected();
            } catch (final IOException e) {
                return false;
            }
        });
    }
}
