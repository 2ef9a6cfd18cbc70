package dev.baton.http;

import dev.baton.sample.MessageBody;
import dev.baton.sample.Sample;
import dev.baton.sample.SampleType;

import java.nio.ByteBuffer;

/**
 * The body bytes buffered after a head, as the body fetches and {@code wait-for-body} see them: HAProxy's DATA
 * blocks, so a chunked body is read without its framing (chunk sizes, extensions, trailers). {@link #of} points it
 * at {@code buffer[start..end)}; nothing is copied until {@link #data} must de-chunk. The bytes themselves are
 * forwarded unchanged, by {@link BodyCopy}. The chunked reader here is lenient (it only reads what is there): the
 * strict checks are {@link ChunkedScanner}'s, where the body is forwarded. One per {@link HeadView}; reactor thread;
 * allocation-free.
 */
final class BufferedBody implements MessageBody {
    private ByteBuffer buffer;
    private int start;
    private int end;
    private BodyFraming framing = BodyFraming.NONE;
    private long contentLength;
    /** Results of the last walk of a chunked body: data bytes, and whether its last chunk was seen. */
    private long chunkedLength;
    private boolean chunkedDone;

    /** The body of {@code framing} in {@code buffer[start..end)} ({@code contentLength} for that framing). */
    BufferedBody of(final ByteBuffer buffer, final int start, final int end, final BodyFraming framing,
                    final long contentLength) {
        this.buffer = buffer;
        this.start = start;
        this.end = Math.max(start, end);
        this.framing = framing;
        this.contentLength = contentLength;
        if (framing == BodyFraming.CHUNKED) {
            walk(null);
        }
        return this;
    }

    @Override
    public long length() {
        return switch (framing) {
            case NONE -> 0;
            case CONTENT_LENGTH -> Math.min(end - start, contentLength);
            case CHUNKED -> chunkedLength;
            case UNTIL_CLOSE -> end - start;
        };
    }

    @Override
    public long size() {
        return framing == BodyFraming.CONTENT_LENGTH ? contentLength : length();
    }

    /** Whether the whole body is buffered. */
    boolean complete() {
        return switch (framing) {
            case NONE -> true;
            case CONTENT_LENGTH -> end - start >= contentLength;
            case CHUNKED -> chunkedDone;
            case UNTIL_CLOSE -> false;
        };
    }

    @Override
    public boolean data(final Sample out, final SampleType type, final ByteBuffer into) {
        if (buffer == null) {
            return false;
        }
        if (framing != BodyFraming.CHUNKED) {
            return (type == SampleType.STR ? out.setString(buffer, start, (int) length())
                : out.setBinary(buffer, start, (int) length())) != null;
        }
        into.clear();
        walk(into);
        into.flip();
        return (type == SampleType.STR ? out.setString(into, 0, into.limit())
            : out.setBinary(into, 0, into.limit())) != null;
    }

    /** Walks the chunks in range, counting their data and, when {@code into} is given, copying what fits there. */
    private void walk(final ByteBuffer into) {
        long total = 0;
        boolean done = false;
        int i = start;
        while (i < end) {
            long size = 0;
            int digits = 0;
            for (int d; i < end && (d = Character.digit(buffer.get(i), 16)) >= 0 && digits < 16; i++, digits++) {
                size = size << 4 | d;
            }
            while (i < end && buffer.get(i) != '\n') {
                i++; // extensions, spaces, the CR
            }
            if (digits == 0 || i >= end) {
                break; // malformed, or the size line is not all there yet
            }
            i++;
            if (size == 0) {
                done = true;
                break;
            }
            final int n = (int) Math.min(size, end - i);
            if (into != null) {
                final int copy = Math.min(n, into.remaining());
                into.put(into.position(), buffer, i, copy);
                into.position(into.position() + copy);
            }
            total += n;
            i += n;
            if (n < size) {
                break;
            }
            i = Math.min(end, i + (i < end && buffer.get(i) == '\r' ? 2 : 1)); // the CRLF after the data
        }
        chunkedLength = total;
        chunkedDone = done;
    }
}
