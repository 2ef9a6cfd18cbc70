package dev.baton.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Test helpers between ISO-8859-1 text and buffers. */
final class Bytes {
    private Bytes() {
    }

    /** A direct buffer (as the reactors' pool hands out) holding {@code text}, position 0, limit at its end. */
    static ByteBuffer direct(final String text) {
        final byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        final ByteBuffer buf = ByteBuffer.allocateDirect(bytes.length);
        buf.put(bytes).flip();
        return buf;
    }

    static ByteBuffer heap(final String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** {@code text} placed after {@code prefix} bytes of {@code filler} and followed by {@code suffix} more. */
    static ByteBuffer framed(final String text, final int prefix, final int suffix, final byte filler) {
        final byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        final ByteBuffer buf = ByteBuffer.allocate(prefix + bytes.length + suffix);
        for (int i = 0; i < buf.capacity(); i++) {
            buf.put(i, filler);
        }
        buf.put(prefix, bytes);
        buf.position(prefix).limit(prefix + bytes.length);
        return buf;
    }

    static String text(final ByteBuffer buf, final int start, final int length) {
        final byte[] bytes = new byte[length];
        buf.get(start, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** The bytes between position and limit, as text; the buffer is unchanged. */
    static String remaining(final ByteBuffer buf) {
        return text(buf, buf.position(), buf.remaining());
    }
}
