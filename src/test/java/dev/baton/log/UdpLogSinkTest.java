package dev.baton.log;

import org.junit.jupiter.api.Test;
import org.tinylog.Level;
import org.tinylog.core.LogEntry;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The UDP log sink sends HAProxy's default (local) datagrams to the configured host and port, with the facility. */
class UdpLogSinkTest {
    private static final Pattern RFC3164 =
        Pattern.compile("<(\\d+)>[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d baton\\[\\d+\\]: (.*)\n");

    private static LogEntry entry(final Level level, final String message) {
        return new LogEntry(null, null, Map.of(), null, null, null, 0, TrafficLog.TAG, level, message, null);
    }

    private static String receive(final DatagramSocket socket) throws Exception {
        final byte[] buf = new byte[2048];
        final DatagramPacket packet = new DatagramPacket(buf, buf.length);
        socket.receive(packet);
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
    }

    @Test
    void sendsOneDatagramPerLineWithPriorityFromFacilityAndLevel() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            receiver.setSoTimeout(5_000);
            final TestDispatch writer = TestDispatch.to(TestDispatch.udp(receiver.getLocalPort(), "local3"));
            try {
                writer.write(entry(Level.INFO, "127.0.0.1:5000 [x] fe be/s1 0/1/2 10 -- 1/1/1/1/0 0/0"));
                writer.write(entry(Level.WARN, "second"));
            } finally {
                writer.close();
            }
            final var first = RFC3164.matcher(receive(receiver));
            assertTrue(first.matches());
            assertEquals(19 * 8 + 6, Integer.parseInt(first.group(1)), "local3.info");
            assertEquals("127.0.0.1:5000 [x] fe be/s1 0/1/2 10 -- 1/1/1/1/0 0/0", first.group(2));
            final var second = RFC3164.matcher(receive(receiver));
            assertTrue(second.matches());
            assertEquals(19 * 8 + 4, Integer.parseInt(second.group(1)), "local3.warning");
        }
    }

    /** Server-event lines carry HAProxy's severities in their tags: emerg, alert, notice (local0: 128, 129, 133). */
    @Test
    void serverEventTagsGiveHaproxysSeverities() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            receiver.setSoTimeout(5_000);
            final TestDispatch writer = TestDispatch.to(TestDispatch.udp(receiver.getLocalPort(), "local0"));
            try {
                writer.write(new LogEntry(null, null, Map.of(), null, null, null, 0, ServerEventLog.TAG_EMERG,
                    Level.ERROR, "backend be has no server available!", null));
                writer.write(new LogEntry(null, null, Map.of(), null, null, null, 0, ServerEventLog.TAG_ALERT,
                    Level.ERROR, "Server be/s1 is DOWN", null));
                writer.write(new LogEntry(null, null, Map.of(), null, null, null, 0, ServerEventLog.TAG_NOTICE,
                    Level.INFO, "Server be/s1 is UP", null));
            } finally {
                writer.close();
            }
            for (final int pri : new int[] {128, 129, 133}) {
                final var m = RFC3164.matcher(receive(receiver));
                assertTrue(m.matches());
                assertEquals(pri, Integer.parseInt(m.group(1)));
            }
        }
    }

    @Test
    void facilityNamesMapToTheirSyslogCodes() {
        assertEquals(16, LogEnvelope.facilityCode("local0"));
        assertEquals(23, LogEnvelope.facilityCode("local7"));
        assertEquals(3, LogEnvelope.facilityCode("daemon"));
        assertEquals(-1, LogEnvelope.facilityCode("nope"));
    }
}
