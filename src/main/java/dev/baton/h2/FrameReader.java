package dev.baton.h2;

import java.nio.ByteBuffer;

import static dev.baton.h2.FrameType.CONTINUATION;
import static dev.baton.h2.FrameType.DATA;
import static dev.baton.h2.FrameType.FLAG_ACK;
import static dev.baton.h2.FrameType.FLAG_PADDED;
import static dev.baton.h2.FrameType.FLAG_PRIORITY;
import static dev.baton.h2.FrameType.GOAWAY;
import static dev.baton.h2.FrameType.HEADERS;
import static dev.baton.h2.FrameType.HEADER_SIZE;
import static dev.baton.h2.FrameType.PING;
import static dev.baton.h2.FrameType.PRIORITY;
import static dev.baton.h2.FrameType.PUSH_PROMISE;
import static dev.baton.h2.FrameType.RST_STREAM;
import static dev.baton.h2.FrameType.SETTINGS;
import static dev.baton.h2.FrameType.WINDOW_UPDATE;

/**
 * Cuts the frames a client sends out of the connection's input buffer (RFC 9113 section 4 and 6) and checks what
 * can be checked of one frame alone: its length against our SETTINGS_MAX_FRAME_SIZE and its type's fixed size
 * (FRAME_SIZE_ERROR), its stream id against its type, its padding (PROTOCOL_ERROR). Ordering rules (CONTINUATION,
 * stream states) are the connection's. After {@link #next} says true, the fields describe the frame and
 * {@link #payloadOffset}/{@link #payloadLength} its payload in the buffer, padding and priority fields removed;
 * the buffer's position is past the frame. Owner reactor's thread only; allocates nothing.
 */
final class FrameReader {
    private final int maxFrameSize;

    int length;
    int type;
    int flags;
    int streamId;
    /** The payload without padding and, for HEADERS, without the priority fields; absolute buffer offsets. */
    int payloadOffset;
    int payloadLength;
    /** For DATA: the bytes flow control counts (the whole frame payload, padding included). */
    int flowLength;
    /** For HEADERS with the PRIORITY flag and for PRIORITY: the stream it depends on. */
    int dependency;

    /** {@code maxFrameSize}: the SETTINGS_MAX_FRAME_SIZE we announced. */
    FrameReader(final int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    /**
     * Takes the next whole frame from {@code in} (read mode); false when it is not all there yet (the buffer is
     * left as it was). A frame longer than the buffer can hold is a FRAME_SIZE_ERROR before its payload comes.
     */
    boolean next(final ByteBuffer in) throws H2Exception {
        final int at = in.position();
        if (in.remaining() < HEADER_SIZE) {
            return false;
        }
        length = ((in.get(at) & 0xff) << 16) | ((in.get(at + 1) & 0xff) << 8) | (in.get(at + 2) & 0xff);
        type = in.get(at + 3) & 0xff;
        flags = in.get(at + 4) & 0xff;
        streamId = in.getInt(at + 5) & 0x7fffffff;
        if (length > maxFrameSize) {
            throw H2Exception.connection(H2Error.FRAME_SIZE_ERROR, "frame of " + length + " bytes over "
                + maxFrameSize);
        }
        if (in.remaining() < HEADER_SIZE + length) {
            return false;
        }
        payloadOffset = at + HEADER_SIZE;
        payloadLength = length;
        flowLength = length;
        dependency = 0;
        check(in);
        in.position(at + HEADER_SIZE + length);
        return true;
    }

    private void check(final ByteBuffer in) throws H2Exception {
        switch (type) {
            case DATA:
                onStream();
                unpad(in);
                break;
            case HEADERS:
                onStream();
                unpad(in);
                if ((flags & FLAG_PRIORITY) != 0) {
                    if (payloadLength < 5) {
                        throw H2Exception.connection(H2Error.FRAME_SIZE_ERROR, "HEADERS too short for priority");
                    }
                    dependency = in.getInt(payloadOffset) & 0x7fffffff;
                    payloadOffset += 5;
                    payloadLength -= 5;
                }
                break;
            case PRIORITY:
                onStream();
                if (length != 5) {
                    throw H2Exception.stream(H2Error.FRAME_SIZE_ERROR, streamId, "PRIORITY of " + length + " bytes");
                }
                dependency = in.getInt(payloadOffset) & 0x7fffffff;
                break;
            case RST_STREAM:
                onStream();
                fixed(4);
                break;
            case SETTINGS:
                onConnection();
                if ((flags & FLAG_ACK) != 0 ? length != 0 : length % 6 != 0) {
                    throw H2Exception.connection(H2Error.FRAME_SIZE_ERROR, "SETTINGS of " + length + " bytes");
                }
                break;
            case PUSH_PROMISE:
                throw H2Exception.connection(H2Error.PROTOCOL_ERROR, "PUSH_PROMISE from a client");
            case PING:
                onConnection();
                fixed(8);
                break;
            case GOAWAY:
                onConnection();
                if (length < 8) {
                    throw H2Exception.connection(H2Error.FRAME_SIZE_ERROR, "GOAWAY of " + length + " bytes");
                }
                break;
            case WINDOW_UPDATE:
                fixed(4);
                break;
            case CONTINUATION:
                onStream();
                break;
            default:
                break; // unknown types are ignored (section 5.5)
        }
    }

    /** Removes the padding of a DATA or HEADERS frame with the PADDED flag. */
    private void unpad(final ByteBuffer in) throws H2Exception {
        if ((flags & FLAG_PADDED) == 0) {
            return;
        }
        if (length < 1) {
            throw H2Exception.connection(H2Error.FRAME_SIZE_ERROR, "padded frame without its pad length");
        }
        final int pad = in.get(payloadOffset) & 0xff;
        if (pad >= length) {
            throw H2Exception.connection(H2Error.PROTOCOL_ERROR, "padding of " + pad + " in a frame of " + length);
        }
        payloadOffset++;
        payloadLength -= 1 + pad;
    }

    private void onStream() throws H2Exception {
        if (streamId == 0) {
            throw H2Exception.connection(H2Error.PROTOCOL_ERROR, "frame type " + type + " on stream 0");
        }
    }

    private void onConnection() throws H2Exception {
        if (streamId != 0) {
            throw H2Exception.connection(H2Error.PROTOCOL_ERROR, "frame type " + type + " on stream " + streamId);
        }
    }

    private void fixed(final int size) throws H2Exception {
        if (length != size) {
            throw H2Exception.connection(H2Error.FRAME_SIZE_ERROR, "frame type " + type + " of " + length
                + " bytes");
        }
    }
}
