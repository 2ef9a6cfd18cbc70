package dev.baton.spoe;

import dev.baton.sample.Sample;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes SPOP frames into a {@link ByteBuffer} at its position: the 4-byte length, the frame header, key/value
 * lists, messages and typed data. The caller bounds a frame by the buffer's limit (4 + the negotiated frame size):
 * a write that does not fit throws {@link BufferOverflowException}, which is SPOP's "frame is too big". No
 * allocation: strings go byte by byte or in bulk from the sample's buffer. Stateless.
 */
public final class SpopWriter {
    private SpopWriter() {
    }

    /** HAProxy's variable-length integer ({@link dev.baton.sample.Varint}): {@code v} taken as unsigned. */
    public static void varint(final ByteBuffer b, final long v) {
        dev.baton.sample.Varint.write(b, v);
    }

    /** Bytes {@link #varint} writes for {@code v}. */
    public static int varintLength(final long v) {
        if (Long.compareUnsigned(v, 240) < 0) {
            return 1;
        }
        int n = 2;
        long rest = (v - 240) >>> 4;
        while (Long.compareUnsigned(rest, 128) >= 0) {
            rest = (rest - 128) >>> 7;
            n++;
        }
        return n;
    }

    /**
     * Starts a frame: room for its length, then its type, flags and ids. Returns where the frame starts, for
     * {@link #endFrame}.
     */
    public static int beginFrame(final ByteBuffer b, final int type, final int flags, final long streamId,
                                 final long frameId) {
        final int start = b.position();
        b.putInt(0);
        b.put((byte) type);
        b.putInt(flags);
        varint(b, streamId);
        varint(b, frameId);
        return start;
    }

    /** Ends the frame begun at {@code start}: writes its length. */
    public static void endFrame(final ByteBuffer b, final int start) {
        b.putInt(start, b.position() - start - 4);
    }

    /** An untyped string (a name): its length and bytes. */
    public static void name(final ByteBuffer b, final byte[] s) {
        varint(b, s.length);
        b.put(s);
    }

    /** A typed string. */
    public static void string(final ByteBuffer b, final String s) {
        b.put((byte) Spop.T_STR);
        name(b, s.getBytes(StandardCharsets.UTF_8));
    }

    /** A typed unsigned 32-bit integer. */
    public static void uint32(final ByteBuffer b, final long v) {
        b.put((byte) Spop.T_UINT32);
        varint(b, v);
    }

    /** A typed boolean. */
    public static void bool(final ByteBuffer b, final boolean v) {
        b.put((byte) (Spop.T_BOOL | (v ? Spop.BOOL_TRUE : 0)));
    }

    /** The typed value of {@code s} (an integer as INT64, as HAProxy sends it), or NULL when {@code s} is null. */
    public static void typed(final ByteBuffer b, final Sample s) {
        if (s == null) {
            b.put((byte) Spop.T_NULL);
            return;
        }
        switch (s.type()) {
            case BOOL:
                bool(b, s.bool());
                break;
            case SINT:
                b.put((byte) Spop.T_INT64);
                varint(b, s.number());
                break;
            case IPV4:
                b.put((byte) Spop.T_IPV4);
                b.put(s.address(), 0, 4);
                break;
            case IPV6:
                b.put((byte) Spop.T_IPV6);
                b.put(s.address(), 0, 16);
                break;
            case STR:
            case BIN: {
                b.put((byte) (s.type() == dev.baton.sample.SampleType.STR ? Spop.T_STR : Spop.T_BIN));
                final int n = s.length();
                varint(b, n);
                if (b.remaining() < n) {
                    throw new BufferOverflowException();
                }
                b.put(b.position(), s.buffer(), s.offset(), n);
                b.position(b.position() + n);
                break;
            }
            default:
                b.put((byte) Spop.T_NULL);
                break;
        }
    }

    /**
     * HAPROXY-HELLO: the versions baton speaks, its largest frame, its capabilities ({@code "pipelining"} or
     * empty), and {@code engineId}; {@code healthcheck} for a check's hello.
     */
    public static void haproxyHello(final ByteBuffer b, final int maxFrameSize, final String capabilities,
                                    final String engineId, final boolean healthcheck) {
        final int start = beginFrame(b, Spop.HAPROXY_HELLO, Spop.FLAG_FIN, 0, 0);
        name(b, Keys.SUPPORTED_VERSIONS);
        string(b, Spop.VERSION);
        name(b, Keys.MAX_FRAME_SIZE);
        uint32(b, maxFrameSize);
        name(b, Keys.CAPABILITIES);
        string(b, capabilities);
        if (healthcheck) {
            name(b, Keys.HEALTHCHECK);
            bool(b, true);
        }
        if (engineId != null) {
            name(b, Keys.ENGINE_ID);
            string(b, engineId);
        }
        endFrame(b, start);
    }

    /** A DISCONNECT frame of {@code type} (HAPROXY- or AGENT-DISCONNECT) with {@code status} and its text. */
    public static void disconnect(final ByteBuffer b, final int type, final int status, final String message) {
        final int start = beginFrame(b, type, Spop.FLAG_FIN, 0, 0);
        name(b, Keys.STATUS_CODE);
        uint32(b, status);
        name(b, Keys.MESSAGE);
        string(b, message);
        endFrame(b, start);
    }

    /** The key names of HELLO and DISCONNECT frames. */
    static final class Keys {
        static final byte[] SUPPORTED_VERSIONS = ascii("supported-versions");
        static final byte[] VERSION = ascii("version");
        static final byte[] MAX_FRAME_SIZE = ascii("max-frame-size");
        static final byte[] CAPABILITIES = ascii("capabilities");
        static final byte[] HEALTHCHECK = ascii("healthcheck");
        static final byte[] ENGINE_ID = ascii("engine-id");
        static final byte[] STATUS_CODE = ascii("status-code");
        static final byte[] MESSAGE = ascii("message");

        private Keys() {
        }

        private static byte[] ascii(final String s) {
            return s.getBytes(StandardCharsets.US_ASCII);
        }
    }
}
