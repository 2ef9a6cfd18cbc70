package dev.baton.http;

import dev.baton.io.Endpoint;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The buffer conventions of an HTTP session, in one place. An input buffer is kept in read mode
 * (unconsumed bytes in [position, limit)); an output buffer in write mode (bytes in [0, position)) with
 * a separate "sent up to" index, so a request can be replayed from its start until it is answered.
 */
final class IoBuffers {
    private IoBuffers() {
    }

    /** Reads from {@code from} into read-mode {@code in}, compacting first when the tail is full. */
    static int fill(final Endpoint from, final ByteBuffer in) throws IOException {
        if (in.limit() == in.capacity()) {
            if (in.position() == 0) {
                return 0; // full
            }
            in.compact().flip();
        }
        final int start = in.position();
        in.position(in.limit());
        in.limit(in.capacity());
        final int n;
        try {
            n = from.read(in);
        } finally {
            in.limit(in.position());
            in.position(start);
        }
        return n;
    }

    /** True when read-mode {@code in} can take more bytes (possibly after compacting). */
    static boolean hasRoom(final ByteBuffer in) {
        return in.limit() < in.capacity() || in.position() > 0;
    }

    /** Writes write-mode {@code out} from index {@code sent}; returns the new sent index. */
    static int flush(final Endpoint to, final ByteBuffer out, final int sent) throws IOException {
        final int end = out.position();
        out.limit(end);
        out.position(sent);
        try {
            to.write(out);
            return out.position();
        } finally {
            final int now = out.position();
            out.limit(out.capacity());
            out.position(end);
            assert now <= end;
        }
    }

    /** Drops the sent bytes of write-mode {@code out} to make room; returns the new sent index (0). */
    static int compactSent(final ByteBuffer out, final int sent) {
        if (sent == 0) {
            return 0;
        }
        final int end = out.position();
        out.limit(end);
        out.position(sent);
        out.compact();
        return 0;
    }
}
