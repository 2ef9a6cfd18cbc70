package dev.baton.tcp;

import dev.baton.listener.Frontend;
import dev.baton.log.LogCaptures;
import dev.baton.log.TcpLogLine;

/** The unique id of a mode tcp stream's log line. Stateless; the stream's reactor thread. */
final class TcpUniqueId {
    private TcpUniqueId() {
    }

    /** {@code unique-id-format} in mode tcp: HAProxy makes the id when the line is built, from its fields. */
    static void fill(final Frontend frontend, final TcpLogLine line) {
        if (frontend.log().settings().uniqueIdFormat() == null) {
            return;
        }
        // the slots tcp-request content capture filled, when it did, keep their values beside the id
        final LogCaptures c = line.captures != null ? line.captures : frontend.log().newCaptures();
        final StringBuilder sb = new StringBuilder(64);
        frontend.log().settings().uniqueIdFormat().render(line, sb);
        final int n = Math.min(sb.length(), c.uniqueId.length);
        for (int i = 0; i < n; i++) {
            c.uniqueId[i] = (byte) sb.charAt(i);
        }
        c.uniqueIdLength = n;
        line.captures = c;
    }
}
