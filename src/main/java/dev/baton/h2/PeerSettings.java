package dev.baton.h2;

import java.nio.ByteBuffer;

/**
 * What a client's SETTINGS frames said (RFC 9113 section 6.5.2), checked: ENABLE_PUSH other than 0 or 1 and
 * MAX_FRAME_SIZE out of [2^14, 2^24-1] are PROTOCOL_ERRORs, INITIAL_WINDOW_SIZE over 2^31-1 a FLOW_CONTROL_ERROR;
 * unknown identifiers are ignored. Owner reactor's thread only.
 */
final class PeerSettings {
    int headerTableSize = 4096;
    int maxConcurrentStreams = Integer.MAX_VALUE;
    int initialWindowSize = FrameType.DEFAULT_WINDOW;
    int maxFrameSize = FrameType.DEFAULT_MAX_FRAME_SIZE;
    int maxHeaderListSize = Integer.MAX_VALUE;

    /**
     * Applies the settings of the payload {@code in[off, off+len)}; returns by how much INITIAL_WINDOW_SIZE
     * changed (the connection adjusts every open stream's send window by it, section 6.9.2).
     */
    int apply(final ByteBuffer in, final int off, final int len) throws H2Exception {
        final int before = initialWindowSize;
        for (int p = off; p + 6 <= off + len; p += 6) {
            final int id = in.getShort(p) & 0xffff;
            final int value = in.getInt(p + 2);
            switch (id) {
                case FrameWriter.SETTINGS_HEADER_TABLE_SIZE:
                    headerTableSize = value;
                    break;
                case FrameWriter.SETTINGS_ENABLE_PUSH:
                    if (value != 0 && value != 1) {
                        throw H2Exception.connection(H2Error.PROTOCOL_ERROR, "ENABLE_PUSH of " + value);
                    }
                    break;
                case FrameWriter.SETTINGS_MAX_CONCURRENT_STREAMS:
                    maxConcurrentStreams = value;
                    break;
                case FrameWriter.SETTINGS_INITIAL_WINDOW_SIZE:
                    if (value < 0) {
                        throw H2Exception.connection(H2Error.FLOW_CONTROL_ERROR, "INITIAL_WINDOW_SIZE of "
                            + Integer.toUnsignedString(value));
                    }
                    initialWindowSize = value;
                    break;
                case FrameWriter.SETTINGS_MAX_FRAME_SIZE:
                    if (value < FrameType.DEFAULT_MAX_FRAME_SIZE || value > FrameType.MAX_MAX_FRAME_SIZE) {
                        throw H2Exception.connection(H2Error.PROTOCOL_ERROR, "MAX_FRAME_SIZE of "
                            + Integer.toUnsignedString(value));
                    }
                    maxFrameSize = value;
                    break;
                case FrameWriter.SETTINGS_MAX_HEADER_LIST_SIZE:
                    maxHeaderListSize = value;
                    break;
                default:
                    break;
            }
        }
        return initialWindowSize - before;
    }
}
