package dev.baton.http;

import java.nio.ByteBuffer;

/**
 * Writes a parsed head, possibly edited, into an output buffer: the start line as received, then each
 * header not dropped (as received from its name to the end of its value, or with its replacement value),
 * then the added headers, each line ended by CRLF, then the final CRLF. Leading empty lines, bare-LF line
 * endings and OWS after a value are not reproduced. Stateless; any thread, no allocation.
 */
public final class HeadWriter {
    private static final int CRLF_LENGTH = 2;
    private static final int COLON_SP_LENGTH = 2;

    private HeadWriter() {
    }

    /** The bytes {@link #write} would write for {@code head} with {@code edits} (null: none). */
    public static int size(final HttpHead head, final HeaderEdits edits) {
        int size = (edits != null && edits.hasStartLine() ? edits.startLineLength() : head.startLineLength())
            + CRLF_LENGTH;
        for (int i = 0; i < head.headerCount(); i++) {
            if (edits == null || !edits.isReplaced(i) && !edits.isDropped(i)) {
                size += headerLine(head, i) + CRLF_LENGTH;
            } else if (!edits.isDropped(i)) {
                size += head.nameLength(i) + COLON_SP_LENGTH + edits.replacementLength(i) + CRLF_LENGTH;
            }
        }
        if (edits != null) {
            for (int a = 0; a < edits.addedCount(); a++) {
                size += edits.addedName(a).length() + COLON_SP_LENGTH + edits.addedLength(a) + CRLF_LENGTH;
            }
        }
        return size + CRLF_LENGTH;
    }

    /** {@link #write(HttpHead, HeaderEdits, ByteBuffer)} without edits. */
    public static boolean write(final HttpHead head, final ByteBuffer dst) {
        return write(head, null, dst);
    }

    /**
     * Writes {@code head} (read from {@link HttpHead#buffer()}, which must not be {@code dst}) with
     * {@code edits} (null: none) at {@code dst.position()} and advances the position past it. Returns false,
     * leaving {@code dst} untouched, when {@code dst.remaining()} is smaller than {@link #size}.
     */
    public static boolean write(final HttpHead head, final HeaderEdits edits, final ByteBuffer dst) {
        if (dst.remaining() < size(head, edits)) {
            return false;
        }
        final ByteBuffer src = head.buffer();
        int at = dst.position();
        if (edits != null && edits.hasStartLine()) {
            dst.put(at, edits.arena(), edits.startLineStart(), edits.startLineLength());
            at = crlf(dst, at + edits.startLineLength());
        } else {
            at = copy(src, head.startLineStart(), head.startLineLength(), dst, at);
        }
        for (int i = 0; i < head.headerCount(); i++) {
            if (edits == null || !edits.isReplaced(i) && !edits.isDropped(i)) {
                at = copy(src, head.nameStart(i), headerLine(head, i), dst, at);
            } else if (!edits.isDropped(i)) {
                dst.put(at, src, head.nameStart(i), head.nameLength(i));
                at = value(edits.arena(), edits.replacementStart(i), edits.replacementLength(i), dst,
                        at + head.nameLength(i));
            }
        }
        if (edits != null) {
            for (int a = 0; a < edits.addedCount(); a++) {
                final byte[] name = edits.addedName(a).bytes();
                dst.put(at, name, 0, name.length);
                at = value(edits.arena(), edits.addedStart(a), edits.addedLength(a), dst, at + name.length);
            }
        }
        dst.position(crlf(dst, at));
        return true;
    }

    /** Header {@code i} as received: from its name to the end of its value. */
    private static int headerLine(final HttpHead head, final int i) {
        return head.valueStart(i) + head.valueLength(i) - head.nameStart(i);
    }

    /** Copies {@code src[from, from + length)} and a CRLF to {@code dst} at {@code at}; returns the next index. */
    private static int copy(final ByteBuffer src, final int from, final int length, final ByteBuffer dst,
            final int at) {
        dst.put(at, src, from, length);
        return crlf(dst, at + length);
    }

    /** Writes {@code ": "}, {@code value[start, start + length)} and a CRLF at {@code at}; returns the next index. */
    private static int value(final byte[] arena, final int start, final int length, final ByteBuffer dst,
            final int at) {
        dst.put(at, (byte) ':').put(at + 1, (byte) ' ');
        dst.put(at + COLON_SP_LENGTH, arena, start, length);
        return crlf(dst, at + COLON_SP_LENGTH + length);
    }

    private static int crlf(final ByteBuffer dst, final int at) {
        dst.put(at, (byte) '\r').put(at + 1, (byte) '\n');
        return at + CRLF_LENGTH;
    }
}
