package dev.baton.http;

import dev.baton.http.text.HeaderName;

import java.nio.ByteBuffer;

/**
 * Walks the values one header will have once {@link HeaderEdits} apply, as HAProxy's later stages see them after
 * the rules changed the message: the head's own lines in order (less the dropped ones, a replaced one with its new
 * value), then the added ones. Each {@link #next()} exposes one line's whole value in {@link #buffer()}
 * {@code [start, start + length)}. Reusable; reactor thread only; no allocation.
 */
final class EditedValues {
    private HttpHead head;
    private HeaderEdits edits;
    private HeaderName name;
    private int index;
    private int added;
    private ByteBuffer buffer;
    private int start;
    private int length;

    /** Starts a walk over {@code name} in {@code head}, with {@code edits} (null: the head as received). */
    EditedValues of(final HttpHead head, final HeaderEdits edits, final HeaderName name) {
        this.head = head;
        this.edits = edits;
        this.name = name;
        this.index = -1;
        this.added = -1;
        return this;
    }

    /** Moves to the next line; false when there is none (the walk is then over). */
    boolean next() {
        if (added < 0) {
            for (index = head.indexOf(name, index + 1); index >= 0; index = head.indexOf(name, index + 1)) {
                if (edits != null && edits.isDropped(index)) {
                    continue;
                }
                if (edits != null && edits.isReplaced(index)) {
                    at(edits.arenaView(), edits.replacementStart(index), edits.replacementLength(index));
                } else {
                    at(head.buffer(), head.valueStart(index), head.valueLength(index));
                }
                return true;
            }
            if (edits == null) {
                return false;
            }
        }
        for (added++; added < edits.addedCount(); added++) {
            if (edits.addedName(added).equals(name)) {
                at(edits.arenaView(), edits.addedStart(added), edits.addedLength(added));
                return true;
            }
        }
        return false;
    }

    /** The head's index of the current line, or -1 when it is an added one. */
    int headIndex() {
        return added < 0 ? index : -1;
    }

    /** The index among the added headers of the current line, or -1 when it is one of the head's. */
    int addedIndex() {
        return added < 0 ? -1 : added;
    }

    ByteBuffer buffer() {
        return buffer;
    }

    int start() {
        return start;
    }

    int length() {
        return length;
    }

    /** Drops the references to the message (the workspace goes back). */
    void clear() {
        head = null;
        edits = null;
        buffer = null;
        name = null;
    }

    private void at(final ByteBuffer b, final int from, final int len) {
        buffer = b;
        int s = from;
        int e = from + len;
        while (s < e && isLws(b.get(s))) {
            s++;
        }
        while (e > s && isLws(b.get(e - 1))) {
            e--;
        }
        start = s;
        length = e - s;
    }

    static boolean isLws(final byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}
