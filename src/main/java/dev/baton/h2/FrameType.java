package dev.baton.h2;

/** Frame types and flags of RFC 9113 section 6, and the frame header's size. */
final class FrameType {
    static final int DATA = 0x0;
    static final int HEADERS = 0x1;
    static final int PRIORITY = 0x2;
    static final int RST_STREAM = 0x3;
    static final int SETTINGS = 0x4;
    static final int PUSH_PROMISE = 0x5;
    static final int PING = 0x6;
    static final int GOAWAY = 0x7;
    static final int WINDOW_UPDATE = 0x8;
    static final int CONTINUATION = 0x9;

    static final int FLAG_END_STREAM = 0x1;
    static final int FLAG_ACK = 0x1;
    static final int FLAG_END_HEADERS = 0x4;
    static final int FLAG_PADDED = 0x8;
    static final int FLAG_PRIORITY = 0x20;

    /** Length (3), type, flags, stream id (4). */
    static final int HEADER_SIZE = 9;
    /** SETTINGS_MAX_FRAME_SIZE's floor and initial value, and its ceiling. */
    static final int DEFAULT_MAX_FRAME_SIZE = 16384;
    static final int MAX_MAX_FRAME_SIZE = (1 << 24) - 1;
    /** The largest flow-control window (2^31 - 1). */
    static final int MAX_WINDOW = Integer.MAX_VALUE;
    static final int DEFAULT_WINDOW = 65535;
    /** SETTINGS_HEADER_TABLE_SIZE until the peer says otherwise (RFC 9113 §6.5.2). */
    static final int DEFAULT_HEADER_TABLE_SIZE = 4096;

    private FrameType() {
    }
}
