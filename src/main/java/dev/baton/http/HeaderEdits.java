package dev.baton.http;

import dev.baton.http.text.Ascii;
import dev.baton.http.text.HeaderName;

/**
 * Changes to apply to one head while {@link HeadWriter} copies it: headers to drop or to give a new value
 * (by index in the parsed {@link HttpHead}), and headers to append. Reusable: one per connection side,
 * {@link #clear()} per message. Owner thread only.
 *
 * <p>Nothing allocates after construction: new values are copied into a fixed byte arena, and the methods
 * that take a value return false, leaving the edits as they were, when the arena or the table of added
 * headers is full, or when the value holds a byte a field value may not (NUL, CR, LF, other CTLs except
 * HTAB, or a char above U+00FF). That check is what keeps an edit from injecting a header or a message.
 * When a header is both dropped and replaced, the drop wins.
 */
public final class HeaderEdits {
    /**
     * Arena size and added-header slots of {@link #HeaderEdits()}: room for what fits in HAProxy's default buffer
     * (a head grows to at most {@code tune.bufsize}, 16 KiB); one per request workspace, which only busy sessions
     * borrow. What does not fit fails the rewrite, which fails the request as HAProxy's strict mode does.
     */
    public static final int DEFAULT_VALUE_BYTES = 8192;
    public static final int DEFAULT_MAX_ADDED = 128;

    /** Bit sets and offsets by header index; they grow with the heads ({@link HttpHead#INITIAL_CAPACITY}). */
    private long[] dropped = new long[words(HttpHead.INITIAL_CAPACITY)];
    private long[] replaced = new long[words(HttpHead.INITIAL_CAPACITY)];
    private int[] replacementStart = new int[HttpHead.INITIAL_CAPACITY];
    private int[] replacementLength = new int[HttpHead.INITIAL_CAPACITY];

    private final HeaderName[] addedNames;
    private final int[] addedStart;
    private final int[] addedLength;
    private int addedCount;

    private final byte[] arena;
    /** The arena as a buffer, for readers that take header values from a head's buffer and from here alike. */
    private final java.nio.ByteBuffer arenaView;
    private int used;
    /** A new status line in the arena ({@link #statusLine}), or -1 to keep the head's own. */
    private int startLineStart = -1;
    private int startLineLength;
    private static final byte[] HTTP11 = {' ', 'H', 'T', 'T', 'P', '/', '1', '.', '1'};

    public HeaderEdits() {
        this(DEFAULT_VALUE_BYTES, DEFAULT_MAX_ADDED);
    }

    /** Edits whose new values total at most {@code valueBytes}, with at most {@code maxAdded} appended headers. */
    public HeaderEdits(final int valueBytes, final int maxAdded) {
        this.arena = new byte[valueBytes];
        this.arenaView = java.nio.ByteBuffer.wrap(arena);
        this.addedNames = new HeaderName[maxAdded];
        this.addedStart = new int[maxAdded];
        this.addedLength = new int[maxAdded];
    }

    /** Forgets every edit. */
    public void clear() {
        for (int w = 0; w < dropped.length; w++) {
            dropped[w] = 0;
            replaced[w] = 0;
        }
        for (int i = 0; i < addedCount; i++) {
            addedNames[i] = null;
        }
        addedCount = 0;
        used = 0;
        startLineStart = -1;
    }

    /** True when writing with these edits copies the head unchanged. */
    public boolean isEmpty() {
        for (int w = 0; w < dropped.length; w++) {
            if (dropped[w] != 0 || replaced[w] != 0) {
                return false;
            }
        }
        return addedCount == 0 && startLineStart < 0;
    }

    /**
     * Replaces the status line of response {@code head}: its HTTP version as received, then {@code status} (100 to 999)
     * and {@code reason} ({@code set-status}); a later call replaces an earlier one. False, the edits as they were,
     * when the arena is full or the reason holds a byte a field may not.
     */
    public boolean statusLine(final HttpHead head, final int status, final CharSequence reason) {
        final java.nio.ByteBuffer src = head.buffer();
        final int from = head.startLineStart();
        int version = 0;
        while (version < head.startLineLength() && src.get(from + version) != ' ') {
            version++;
        }
        final int start = used;
        if (arena.length - used < version + 5) {
            return false;
        }
        src.get(from, arena, used, version);
        arena[used + version] = ' ';
        arena[used + version + 1] = (byte) ('0' + status / 100);
        arena[used + version + 2] = (byte) ('0' + status / 10 % 10);
        arena[used + version + 3] = (byte) ('0' + status % 10);
        arena[used + version + 4] = ' ';
        used += version + 5;
        if (!append(reason)) {
            used = start;
            return false;
        }
        startLineStart = start;
        startLineLength = used - start;
        return true;
    }

    /**
     * Replaces the request line of an HTTP/2 stream's request ({@code METHOD scheme://authority/path HTTP/2.0}, as
     * HAProxy's HTX has it) by the line an HTTP/1.1 server takes: the method, the target in origin-form (the path and
     * query; a CONNECT's authority and {@code *} as they are), {@code HTTP/1.1}. False when the arena is full.
     */
    boolean originRequestLine(final HttpHead head) {
        final java.nio.ByteBuffer src = head.buffer();
        final int targetEnd = head.targetStart() + head.targetLength();
        final int from = head.pathLength() > 0 || head.pathStart() < targetEnd ? head.pathStart() : head.targetStart();
        final int targetLength = targetEnd - from;
        final int length = head.methodLength() + 1 + targetLength + HTTP11.length;
        if (arena.length - used < length) {
            return false;
        }
        src.get(head.methodStart(), arena, used, head.methodLength());
        arena[used + head.methodLength()] = ' ';
        src.get(from, arena, used + head.methodLength() + 1, targetLength);
        System.arraycopy(HTTP11, 0, arena, used + length - HTTP11.length, HTTP11.length);
        startLineStart = used;
        startLineLength = length;
        used += length;
        return true;
    }

    /** Whether {@link #statusLine} replaced the start line. */
    boolean hasStartLine() {
        return startLineStart >= 0;
    }

    int startLineStart() {
        return startLineStart;
    }

    int startLineLength() {
        return startLineLength;
    }

    /** Leaves out header {@code index} of the parsed head. */
    public void drop(final int index) {
        room(index);
        dropped[index >>> 6] |= 1L << index;
    }

    private static int words(final int headers) {
        return (headers + 63) / 64;
    }

    /**
     * Room for header {@code index}: the arrays grow only for heads beyond {@link HttpHead#INITIAL_CAPACITY}
     * headers (a {@code tune.http.maxhdr} above the default), and keep their size for the next ones.
     */
    private void room(final int index) {
        if (index < replacementStart.length) {
            return;
        }
        final int capacity = Math.max(index + 1, replacementStart.length * 2);
        dropped = java.util.Arrays.copyOf(dropped, words(capacity));
        replaced = java.util.Arrays.copyOf(replaced, words(capacity));
        replacementStart = java.util.Arrays.copyOf(replacementStart, capacity);
        replacementLength = java.util.Arrays.copyOf(replacementLength, capacity);
    }

    /** Drops every header of {@code head} named {@code name}; returns how many. */
    public int dropAll(final HttpHead head, final HeaderName name) {
        int count = 0;
        for (int i = head.indexOf(name, 0); i >= 0; i = head.indexOf(name, i + 1)) {
            drop(i);
            count++;
        }
        return count;
    }

    public boolean isDropped(final int index) {
        return index < replacementStart.length && (dropped[index >>> 6] & 1L << index) != 0;
    }

    /** Writes header {@code index} with its own name and {@code value}, in its place. */
    public boolean replace(final int index, final CharSequence value) {
        final int start = used;
        if (!append(value)) {
            return false;
        }
        return replaced(index, start);
    }

    /** Writes header {@code index} with its own name and {@code value[offset, offset + length)}, in its place. */
    public boolean replace(final int index, final byte[] value, final int offset, final int length) {
        final int start = used;
        if (!append(value, offset, length)) {
            return false;
        }
        return replaced(index, start);
    }

    public boolean isReplaced(final int index) {
        return index < replacementStart.length && (replaced[index >>> 6] & 1L << index) != 0;
    }

    /**
     * HAProxy's {@code set-header}: the first {@code name} header of {@code head} gets {@code value} in its
     * place and the others are dropped; if there is none, the header is appended.
     */
    public boolean set(final HttpHead head, final HeaderName name, final CharSequence value) {
        final int first = head.indexOf(name, 0);
        if (first < 0) {
            return add(name, value);
        }
        if (!replace(first, value)) {
            return false;
        }
        for (int i = head.indexOf(name, first + 1); i >= 0; i = head.indexOf(name, i + 1)) {
            drop(i);
        }
        return true;
    }

    /** Appends {@code name: value} after the head's own headers (in the order of the calls). */
    public boolean add(final HeaderName name, final CharSequence value) {
        final int start = used;
        if (addedCount == addedNames.length || !append(value)) {
            return false;
        }
        return added(name, start);
    }

    /** Appends {@code name: value[offset, offset + length)} after the head's own headers. */
    public boolean add(final HeaderName name, final byte[] value, final int offset, final int length) {
        final int start = used;
        if (addedCount == addedNames.length || !append(value, offset, length)) {
            return false;
        }
        return added(name, start);
    }

    /** Appends {@code name: value} with a non-negative decimal value (a Content-Length, say). */
    public boolean add(final HeaderName name, final long value) {
        if (value < 0 || addedCount == addedNames.length) {
            return false;
        }
        int digits = 1;
        for (long v = value / 10; v > 0; v /= 10) {
            digits++;
        }
        if (arena.length - used < digits) {
            return false;
        }
        final int start = used;
        long v = value;
        for (int i = start + digits - 1; i >= start; i--) {
            arena[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        used += digits;
        return added(name, start);
    }

    /** Removes every added header named {@code name} (a later rule deletes or sets it); returns how many. */
    public int removeAdded(final HeaderName name) {
        int removed = 0;
        for (int a = addedCount - 1; a >= 0; a--) {
            if (addedNames[a].equals(name)) {
                removeAdded(a);
                removed++;
            }
        }
        return removed;
    }

    /** Removes added header {@code a}; the later ones move down one, in order. Its arena bytes stay used. */
    void removeAdded(final int a) {
        System.arraycopy(addedNames, a + 1, addedNames, a, addedCount - a - 1);
        System.arraycopy(addedStart, a + 1, addedStart, a, addedCount - a - 1);
        System.arraycopy(addedLength, a + 1, addedLength, a, addedCount - a - 1);
        addedNames[--addedCount] = null;
    }

    /** Gives added header {@code a} the value {@code value[offset, offset + length)} (a rule rewrote it). */
    boolean replaceAdded(final int a, final byte[] value, final int offset, final int length) {
        final int start = used;
        if (!append(value, offset, length)) {
            return false;
        }
        addedStart[a] = start;
        addedLength[a] = used - start;
        return true;
    }

    public int addedCount() {
        return addedCount;
    }

    // ---- read by HeadWriter ----

    HeaderName addedName(final int i) {
        return addedNames[i];
    }

    int addedStart(final int i) {
        return addedStart[i];
    }

    int addedLength(final int i) {
        return addedLength[i];
    }

    int replacementStart(final int index) {
        return replacementStart[index];
    }

    int replacementLength(final int index) {
        return replacementLength[index];
    }

    byte[] arena() {
        return arena;
    }

    /** {@link #arena()} as a buffer (replacement and added values sit at their start, for their length). */
    java.nio.ByteBuffer arenaView() {
        return arenaView;
    }

    /**
     * Writes header {@code index} of {@code head} as {@code prefix} followed by its value as edited so far (its
     * replacement, if any): {@code W/} before an ETag. False, the edits as they were, when the arena is full.
     */
    boolean prefixValue(final HttpHead head, final int index, final byte[] prefix) {
        final boolean replacedBefore = isReplaced(index);
        final int length = replacedBefore ? replacementLength[index] : head.valueLength(index);
        if (arena.length - used < prefix.length + length) {
            return false;
        }
        final int start = used;
        System.arraycopy(prefix, 0, arena, used, prefix.length);
        if (replacedBefore) {
            System.arraycopy(arena, replacementStart[index], arena, used + prefix.length, length);
        } else {
            head.buffer().get(head.valueStart(index), arena, used + prefix.length, length);
        }
        used += prefix.length + length;
        return replaced(index, start);
    }

    /** {@link #prefixValue} for added header {@code a}. */
    boolean prefixAdded(final int a, final byte[] prefix) {
        final int length = addedLength[a];
        if (arena.length - used < prefix.length + length) {
            return false;
        }
        final int start = used;
        System.arraycopy(prefix, 0, arena, used, prefix.length);
        System.arraycopy(arena, addedStart[a], arena, used + prefix.length, length);
        used += prefix.length + length;
        addedStart[a] = start;
        addedLength[a] = used - start;
        return true;
    }

    private boolean replaced(final int index, final int start) {
        room(index);
        replaced[index >>> 6] |= 1L << index;
        replacementStart[index] = start;
        replacementLength[index] = used - start;
        return true;
    }

    private boolean added(final HeaderName name, final int start) {
        addedNames[addedCount] = name;
        addedStart[addedCount] = start;
        addedLength[addedCount] = used - start;
        addedCount++;
        return true;
    }

    /** Copies a value into the arena; on a bad char or no room, restores {@code used} and returns false. */
    private boolean append(final CharSequence value) {
        final int length = value.length();
        if (arena.length - used < length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            final char c = value.charAt(i);
            if (c > 0xFF || !Ascii.isFieldByte((byte) c)) {
                return false;
            }
            arena[used + i] = (byte) c;
        }
        used += length;
        return true;
    }

    private boolean append(final byte[] value, final int offset, final int length) {
        if (arena.length - used < length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (!Ascii.isFieldByte(value[offset + i])) {
                return false;
            }
        }
        System.arraycopy(value, offset, arena, used, length);
        used += length;
        return true;
    }
}
