package dev.baton.peers;

import java.nio.charset.StandardCharsets;

/**
 * Builds messages into a growing byte array: raw bytes, HAProxy's variable-length integers, 32-bit big-endian
 * integers, and a message body whose size prefix is written once the body is done ({@link #begin}/{@link #end}).
 * Mutable, one per session (peers thread).
 */
final class WireWriter {
    private byte[] buf = new byte[4096];
    private int len;
    /** Where the open message's body starts, -1 when none is open. */
    private int bodyAt = -1;

    int length() {
        return len;
    }

    byte[] array() {
        return buf;
    }

    /** Forgets the first {@code n} bytes (sent). */
    void consume(final int n) {
        System.arraycopy(buf, n, buf, 0, len - n);
        len -= n;
    }

    WireWriter u8(final int b) {
        ensure(1);
        buf[len++] = (byte) b;
        return this;
    }

    WireWriter varint(final long v) {
        ensure(10);
        len = PeerWire.encode(v, buf, len);
        return this;
    }

    WireWriter u32(final long v) {
        ensure(4);
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    WireWriter bytes(final byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    WireWriter ascii(final String s) {
        return bytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Starts a data message of class {@code cls} and type {@code type}; the body follows until {@link #end}. */
    WireWriter begin(final int cls, final int type) {
        u8(cls).u8(type);
        ensure(5);
        bodyAt = len + 5; // room for the size, moved down once known
        len = bodyAt;
        return this;
    }

    /** Ends the open message: writes its body's size before it. */
    void end() {
        final int size = len - bodyAt;
        final int prefix = PeerWire.encodedLength(size);
        final int sizeAt = bodyAt - 5;
        System.arraycopy(buf, bodyAt, buf, sizeAt + prefix, size);
        PeerWire.encode(size, buf, sizeAt);
        len = sizeAt + prefix + size;
        bodyAt = -1;
    }

    /** A message without data (control and error classes). */
    void control(final int cls, final int type) {
        u8(cls).u8(type);
    }

    private void ensure(final int n) {
        if (len + n > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }
}
