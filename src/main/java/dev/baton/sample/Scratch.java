package dev.baton.sample;

import java.nio.ByteBuffer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A thread's scratch space for sample evaluation, HAProxy's "trash" chunks: a ring of buffers that converters write
 * their output into (a converter reads its input from one and writes to the next, so a chain allocates nothing),
 * reusable regex matchers, and a character view of bytes for them. One per thread ({@link #forThread()}): a reactor
 * evaluates on its own thread only, so its scratch is per reactor. A value in a scratch buffer lives until the ring
 * comes round again, {@link #RING} evaluations steps later.
 */
public final class Scratch {
    /** Buffers in the ring: enough for a converter chain's input and output plus a side argument. */
    public static final int RING = 4;
    /** Bytes per buffer: HAProxy's default {@code tune.bufsize}. */
    public static final int SIZE = 16384;

    private static final ThreadLocal<Scratch> THREAD = ThreadLocal.withInitial(Scratch::new);

    private final ByteBuffer[] ring = new ByteBuffer[RING];
    private int next;
    private Matcher[] matchers = new Matcher[8];
    private final ByteChars chars = new ByteChars();
    private final ByteChars chars2 = new ByteChars();
    private final ByteChars lowerChars = new ByteChars();
    /** A sample for side computations (a count walking values, a converter's variable argument). */
    public final Sample side = new Sample();
    /** Samples lent to ACL tests, a stack so that a test may evaluate another ({@code acl()} as a fetch). */
    private Sample[] lent = new Sample[4];
    private int depth;

    public Scratch() {
        for (int i = 0; i < RING; i++) {
            ring[i] = ByteBuffer.allocate(SIZE);
        }
    }

    /** The calling thread's scratch (made on its first call). */
    public static Scratch forThread() {
        return THREAD.get();
    }

    /** A sample for an ACL test; give it back with {@link #giveBack()} (stack order). */
    public Sample borrow() {
        if (depth == lent.length) {
            lent = java.util.Arrays.copyOf(lent, depth * 2);
        }
        Sample s = lent[depth];
        if (s == null) {
            s = new Sample();
            lent[depth] = s;
        }
        depth++;
        return s;
    }

    /** Returns the last sample borrowed. */
    public void giveBack() {
        depth--;
    }

    /** The next buffer of the ring, cleared: position 0, limit its capacity. */
    public ByteBuffer next() {
        final ByteBuffer b = ring[next];
        next = (next + 1) % RING;
        b.clear();
        return b;
    }

    /** This thread's matcher for regex number {@code id} (see {@link Regexes}), reset on {@code input}. */
    public Matcher matcher(final int id, final Pattern pattern, final CharSequence input) {
        if (id >= matchers.length) {
            matchers = java.util.Arrays.copyOf(matchers, Math.max(id + 1, matchers.length * 2));
        }
        Matcher m = matchers[id];
        if (m == null) {
            m = pattern.matcher(input);
            matchers[id] = m;
        } else {
            m.reset(input);
        }
        return m;
    }

    /** A character view of the sample's bytes (one byte one char, Latin-1), valid until the next call. */
    public CharSequence chars(final Sample s) {
        return chars.of(s.buffer(), s.offset(), s.length());
    }

    /** A second character view, for a converter reading two samples at once. */
    public CharSequence chars2(final ByteBuffer b, final int off, final int len) {
        return chars2.of(b, off, len);
    }

    /** A character view with A-Z seen as a-z (a header name as HAProxy's HTX holds it), valid until the next call. */
    public CharSequence lowerChars(final ByteBuffer b, final int off, final int len) {
        return lowerChars.of(b, off, len).lowerCase();
    }

    /** Bytes seen as characters without copying; reused, so never kept. */
    static final class ByteChars implements CharSequence {
        private ByteBuffer b;
        private int off;
        private int len;
        private boolean lower;

        ByteChars of(final ByteBuffer buffer, final int offset, final int length) {
            this.b = buffer;
            this.off = offset;
            this.len = length;
            return this;
        }

        ByteChars lowerCase() {
            lower = true;
            return this;
        }

        @Override
        public int length() {
            return len;
        }

        @Override
        public char charAt(final int index) {
            final char c = (char) (b.get(off + index) & 0xff);
            return lower && c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }

        @Override
        public CharSequence subSequence(final int start, final int end) {
            final ByteChars sub = new ByteChars().of(b, off + start, end - start);
            sub.lower = lower;
            return sub;
        }

        @Override
        public String toString() {
            final StringBuilder sb = new StringBuilder(len);
            for (int i = 0; i < len; i++) {
                sb.append(charAt(i));
            }
            return sb.toString();
        }
    }
}
