package dev.baton.http;

import dev.baton.log.Haproxy26;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code tune.h2.header-table-size}, {@code tune.h2.initial-window-size} and {@code tune.h2.max-concurrent-streams}
 * side by side with HAProxy 2.6: the SETTINGS frame each sends a client that opens an HTTP/2 connection (prior
 * knowledge, cleartext), setting by setting and in the same order. {@code tune.h2.max-frame-size} changes nothing
 * announced with 16 KiB buffers, in either. (HAProxy's SETTINGS_ENABLE_CONNECT_PROTOCOL is left out of the
 * comparison: baton does not offer WebSocket over HTTP/2.)
 */
class H2TuningSameAsHaproxyTest {
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY_SETTINGS = {0, 0, 0, 4, 0, 0, 0, 0, 0};
    /** RFC 8441's extended CONNECT (WebSocket over HTTP/2): HAProxy 2.6 offers it, baton does not; left out. */
    private static final int ENABLE_CONNECT_PROTOCOL = 8;

    @TempDir
    Path dir;

    /** The server's first frame, as "type=T" then one "ID=VALUE" per setting. */
    private static List<String> firstFrame(final int port) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            final OutputStream out = s.getOutputStream();
            out.write(PREFACE);
            out.write(EMPTY_SETTINGS);
            out.flush();
            final DataInputStream in = new DataInputStream(s.getInputStream());
            final int length = in.readUnsignedShort() << 8 | in.readUnsignedByte();
            final int type = in.readUnsignedByte();
            in.readUnsignedByte(); // flags
            in.readInt(); // stream id
            final List<String> seen = new ArrayList<>();
            seen.add("type=" + type);
            for (int i = 0; i < length / 6; i++) {
                final int id = in.readUnsignedShort();
                final int value = in.readInt();
                if (id != ENABLE_CONNECT_PROTOCOL) {
                    seen.add(id + "=" + value);
                }
            }
            return seen;
        }
    }

    private List<List<String>> both(final String tune) throws Exception {
        Haproxy26.assumeInstalled();
        return SideBySide.run(dir, (global, port) -> SideBySide.answering(tune, global, port),
            (port, linesOf) -> firstFrame(port));
    }

    @Test
    void theTunedSettingsAreAnnouncedAsByHaproxy() throws Exception {
        final List<List<String>> both = both("    tune.h2.header-table-size 8192\n"
            + "    tune.h2.initial-window-size 8000\n    tune.h2.max-concurrent-streams 7\n"
            + "    tune.h2.max-frame-size 65536\n");
        // SETTINGS (type 4): HEADER_TABLE_SIZE (1), INITIAL_WINDOW_SIZE (4), MAX_CONCURRENT_STREAMS (3)
        assertEquals(List.of("type=4", "1=8192", "4=8000", "3=7"), both.get(0), "HAProxy's");
        assertEquals(both.get(0), both.get(1));
    }

    @Test
    void noStreamLimitIsAnnouncedForZero() throws Exception {
        final List<List<String>> both = both("    tune.h2.initial-window-size 16000\n"
            + "    tune.h2.max-concurrent-streams 0\n");
        assertEquals(List.of("type=4", "4=16000"), both.get(0), "HAProxy's");
        assertEquals(both.get(0), both.get(1));
    }
}
