package dev.baton.h2;

import java.nio.ByteBuffer;

/**
 * Writes the frames a server sends (RFC 9113 section 6) into the connection's output buffer, which the caller has
 * checked has room (the frame header plus the payload). Stateless; allocates nothing. PUSH_PROMISE is never sent.
 */
final class FrameWriter {
    /** SETTINGS identifiers (section 6.5.2). */
    static final int SETTINGS_HEADER_TABLE_SIZE = 0x1;
    static final int SETTINGS_ENABLE_PUSH = 0x2;
    static final int SETTINGS_MAX_CONCURRENT_STREAMS = 0x3;
    static final int SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
    static final int SETTINGS_MAX_FRAME_SIZE = 0x5;
    static final int SETTINGS_MAX_HEADER_LIST_SIZE = 0x6;

    private FrameWriter() {
    }

    static void header(final ByteBuffer dst, final int length, final int type, final int flags, final int streamId) {
        dst.put((byte) (length >>> 16)).put((byte) (length >>> 8)).put((byte) length);
        dst.put((byte) type).put((byte) flags).putInt(streamId & 0x7fffffff);
    }

    /** Our SETTINGS: each (id, value) pair of {@code pairs}; room: 9 + 6 per pair. */
    static void settings(final ByteBuffer dst, final int... pairs) {
        header(dst, pairs.length / 2 * 6, FrameType.SETTINGS, 0, 0);
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            dst.putShort((short) pairs[i]).putInt(pairs[i + 1]);
        }
    }

    static void settingsAck(final ByteBuffer dst) {
        header(dst, 0, FrameType.SETTINGS, FrameType.FLAG_ACK, 0);
    }

    /** A PING (or its ACK) with the 8 bytes of {@code opaque}. */
    static void ping(final ByteBuffer dst, final boolean ack, final long opaque) {
        header(dst, 8, FrameType.PING, ack ? FrameType.FLAG_ACK : 0, 0);
        dst.putLong(opaque);
    }

    /** A GOAWAY without debug data: the last stream we processed or may process, and the error code. */
    static void goAway(final ByteBuffer dst, final int lastStreamId, final int errorCode) {
        header(dst, 8, FrameType.GOAWAY, 0, 0);
        dst.putInt(lastStreamId & 0x7fffffff).putInt(errorCode);
    }

    static void rstStream(final ByteBuffer dst, final int streamId, final int errorCode) {
        header(dst, 4, FrameType.RST_STREAM, 0, streamId);
        dst.putInt(errorCode);
    }

    static void windowUpdate(final ByteBuffer dst, final int streamId, final int increment) {
        header(dst, 4, FrameType.WINDOW_UPDATE, 0, streamId);
        dst.putInt(increment & 0x7fffffff);
    }

    /** A DATA frame's header, its {@code length} bytes of payload to follow. */
    static void dataHeader(final ByteBuffer dst, final int streamId, final int length, final boolean endStream) {
        header(dst, length, FrameType.DATA, endStream ? FrameType.FLAG_END_STREAM : 0, streamId);
    }
}
