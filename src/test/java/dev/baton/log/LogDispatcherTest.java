package dev.baton.log;

import dev.baton.config.LogFormat;
import dev.baton.config.LogSample;
import dev.baton.config.LogTarget;
import dev.baton.config.SourceLocation;
import dev.baton.config.SyslogHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tinylog.Level;
import org.tinylog.core.LogEntry;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * HAProxy 2.6's {@code process_send_log} rules, through real UDP sockets: LEVEL filters, MINLEVEL caps, {@code sample}
 * keeps its share, {@code len} cuts (a line is first cut to the largest {@code len} less one), the tag and host
 * name of the headers.
 */
class LogDispatcherTest {
    private final List<DatagramSocket> receivers = new ArrayList<>();

    @AfterEach
    void close() {
        receivers.forEach(DatagramSocket::close);
    }

    private DatagramSocket receiver() throws Exception {
        final DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        s.setSoTimeout(300);
        receivers.add(s);
        return s;
    }

    private static LogTarget udp(final DatagramSocket r, final LogFormat format, final String level,
                                 final String minLevel, final int len, final LogSample sample) {
        return new LogTarget(LogTarget.Kind.UDP, "127.0.0.1", r.getLocalPort(), "local0", level,
            new SourceLocation("t", 1), minLevel, len, format, sample);
    }

    /** Every datagram {@code r} got, until none comes for 300 ms (after the writes: the sends are synchronous). */
    private static List<String> drain(final DatagramSocket r) throws Exception {
        final List<String> out = new ArrayList<>();
        final byte[] buf = new byte[70_000];
        while (true) {
            final DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                r.receive(p);
            } catch (final SocketTimeoutException e) {
                return out;
            }
            out.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
        }
    }

    private static LogEntry entry(final String tag, final Level level, final String message) {
        return new LogEntry(null, null, Map.of(), null, null, null, 0, tag, level, message, null);
    }

    @Test
    void levelFiltersAndMinlevelCaps() throws Exception {
        final DatagramSocket all = receiver();
        final DatagramSocket errOnly = receiver();
        final DatagramSocket capped = receiver();
        try (TestDispatch d = TestDispatch.to(udp(all, LogFormat.PRIORITY, "debug", "emerg", 1024, null),
            udp(errOnly, LogFormat.PRIORITY, "err", "emerg", 1024, null),
            udp(capped, LogFormat.PRIORITY, "debug", "crit", 1024, null))) {
            d.write(entry(TrafficLog.TAG, Level.INFO, "info line"));
            d.write(entry(TrafficLog.TAG, Level.ERROR, "err line"));
            d.write(entry(ServerEventLog.TAG_EMERG, Level.ERROR, "emerg line"));
            d.write(entry(ServerEventLog.TAG_NOTICE, Level.INFO, "notice line"));
        }
        assertEquals(List.of("<134>info line\n", "<131>err line\n", "<128>emerg line\n", "<133>notice line\n"),
            drain(all));
        assertEquals(List.of("<131>err line\n", "<128>emerg line\n"), drain(errOnly), "info and notice are below err");
        assertEquals(List.of("<134>info line\n", "<131>err line\n", "<130>emerg line\n", "<133>notice line\n"),
            drain(capped), "emerg is sent as crit");
    }

    @Test
    void sampleKeepsItsShareOfTheLinesItIsGiven() throws Exception {
        final DatagramSocket sampled = receiver();
        final LogSample oneAndThreeOfFour = new LogSample(List.of(new LogSample.Range(1, 1),
            new LogSample.Range(3, 3)), 4);
        try (TestDispatch d = TestDispatch.to(udp(sampled, LogFormat.RAW, "info", "emerg", 1024, oneAndThreeOfFour))) {
            d.write(entry(TrafficLog.TAG, Level.DEBUG, "not given: below info"));
            for (int i = 1; i <= 8; i++) {
                d.write(entry(TrafficLog.TAG, Level.INFO, "line " + i));
            }
        }
        assertEquals(List.of("line 1\n", "line 3\n", "line 5\n", "line 7\n"), drain(sampled));
    }

    @Test
    void aLineIsCutToTheLargestLenLessOne() throws Exception {
        final DatagramSocket small = receiver();
        final DatagramSocket large = receiver();
        try (TestDispatch d = TestDispatch.to(udp(small, LogFormat.RAW, "debug", "emerg", 100, null),
            udp(large, LogFormat.RAW, "debug", "emerg", 2000, null))) {
            d.write(entry(TrafficLog.TAG, Level.INFO, "x".repeat(5000)));
            d.write(entry(TrafficLog.TAG, Level.INFO, "a line with its own line feed\n"));
        }
        assertEquals(List.of("x".repeat(100) + "\n", "a line with its own line feed\n"), drain(small));
        assertEquals(List.of("x".repeat(1999) + "\n", "a line with its own line feed\n"), drain(large));
    }

    /** HAProxy builds its lines within the largest len: a lone len 100 raw target gets 99 bytes and the line feed. */
    @Test
    void aLoneShortLenCutsTheLineOneByteShorter() throws Exception {
        final DatagramSocket small = receiver();
        try (TestDispatch d = TestDispatch.to(udp(small, LogFormat.RAW, "debug", "emerg", 100, null))) {
            d.write(entry(TrafficLog.TAG, Level.INFO, "x".repeat(5000)));
        }
        assertEquals(List.of("x".repeat(99) + "\n"), drain(small));
    }

    @Test
    void tagAndHostnameComeFromTheGlobalSettings() throws Exception {
        final DatagramSocket r = receiver();
        try (TestDispatch d = TestDispatch.to(new SyslogHeader("lb1", "edge"),
            udp(r, LogFormat.RFC5424, "debug", "emerg", 1024, null))) {
            d.write(entry(TrafficLog.TAG, Level.INFO, "hello"));
        }
        final String got = drain(r).get(0);
        assertEquals("<134>1 T edge lb1 " + ProcessHandle.current().pid() + " - - hello\n",
            got.replaceFirst("^(<134>1 )\\S+ ", "$1T "));
    }
}
