package dev.baton.http;

import dev.baton.backend.Server;
import dev.baton.http.text.HeaderName;

import java.nio.ByteBuffer;

/**
 * {@code http-send-name-header NAME} of a backend: the request head written for the server ends with
 * {@code name: SERVER} naming the server each connection attempt goes to, as HAProxy 2.6's H1 mux adds it last
 * (the client's own NAME headers were dropped when the head was written). The head is written before a server is
 * chosen, so the line is put in when an attempt starts ({@link #place}) at the head's end, and replaced in place on a
 * retry or redispatch to another server: the request is then still whole in the server output, never compacted
 * (a compacted request is not replayed). Reactor thread; allocation-free.
 */
final class ServerNameHeader {
    private static final byte COLON = ':';
    private static final byte SPACE = ' ';
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private ServerNameHeader() {
    }

    /** After the request head was written into {@code out}: its end is where the line goes; none placed yet. */
    static void headWritten(final Exchange x, final ByteBuffer out) {
        x.serverNameAt = out.position() - 2; // before the blank line's CRLF
        x.serverNameLength = 0;
    }

    /**
     * Puts (or replaces) the line naming {@code server} in the head in {@code out}, moving what follows. False when
     * {@code out} lacks the room (nothing changed then).
     */
    static boolean place(final Exchange x, final ByteBuffer out, final HeaderName name, final Server server) {
        final byte[] value = server.nameBytes();
        final byte[] n = name.lower();
        final int length = n.length + 2 + value.length + 2;
        final int at = x.serverNameAt;
        final int oldEnd = at + x.serverNameLength;
        final int end = out.position();
        final int delta = length - x.serverNameLength;
        if (delta > out.limit() - end) {
            return false;
        }
        if (delta > 0) { // moving right: from the last byte back
            for (int i = end - 1; i >= oldEnd; i--) {
                out.put(i + delta, out.get(i));
            }
        } else if (delta < 0) {
            for (int i = oldEnd; i < end; i++) {
                out.put(i + delta, out.get(i));
            }
        }
        int p = at;
        for (final byte b : n) {
            out.put(p++, b);
        }
        out.put(p++, COLON);
        out.put(p++, SPACE);
        for (final byte b : value) {
            out.put(p++, b);
        }
        out.put(p++, CR);
        out.put(p, LF);
        out.position(end + delta);
        x.serverNameLength = length;
        return true;
    }
}
