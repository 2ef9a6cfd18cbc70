package dev.baton.http;

import dev.baton.http.rules.HttpRule.Kind;
import dev.baton.http.rules.MessageView;
import dev.baton.http.rules.RequestLineRule;
import dev.baton.sample.Scratch;

import java.nio.ByteBuffer;
import java.util.regex.Matcher;

/**
 * Runs the request line rewrites ({@link RequestLineRule}: set-method, set-path, set-pathq, set-query, set-uri,
 * replace-path, replace-pathq, replace-uri) in place: the new line is built from the parsed one, written over the
 * old in the client's input buffer (the bytes after it, body or pipelined requests, move by the difference), and
 * the head is parsed again there, so that every later rule, fetch ({@code path}, {@code url}, {@code query},
 * {@code method}), balancing key and the head written for the server see the new line, as in HAProxy. A line
 * the parser would refuse (an absolute URI whose authority differs from Host, a method that is no token) or that
 * does not fit in the buffer is put back as it was and the rewrite fails (HAProxy's strict mode: 500).
 *
 * <p>One per request workspace, made on the first rewrite; reactor thread only. Its buffers are made once: a
 * rewrite allocates nothing except what a regex match unavoidably costs (java.util.regex keeps its group arrays
 * in the reused {@link Matcher}, so a steady state allocates nothing either).
 */
final class StartLineRewriter {
    /** A private parser: the re-parse of a rewritten head must not disturb the workspace's own parser state. */
    private final HeadParser parser = new HeadParser(true, Integer.MAX_VALUE);
    private final ByteBuffer format = ByteBuffer.allocate(Scratch.SIZE);
    private final ByteBuffer part = ByteBuffer.allocate(Scratch.SIZE);
    private final ByteBuffer line = ByteBuffer.allocate(2 * Scratch.SIZE);
    private byte[] saved = new byte[256];

    /** Applies {@code rule} to {@code head} (a request parsed in its input buffer); false when it failed. */
    boolean apply(final RequestLineRule rule, final MessageView view, final HttpHead head) {
        format.clear();
        final int n = rule.value().render(view, format);
        if (n < 0) {
            return false;
        }
        final ByteBuffer buf = head.buffer();
        final int targetStart = head.targetStart();
        final int targetEnd = targetStart + head.targetLength();
        int from;
        int to;
        boolean queryStarts = false;
        switch (rule.kind()) {
            case SET_METHOD:
                from = head.methodStart();
                to = from + head.methodLength();
                break;
            case SET_URI:
            case REPLACE_URI:
                from = targetStart;
                to = targetEnd;
                break;
            case SET_QUERY:
                from = indexOf(buf, targetStart, targetEnd, (byte) '?');
                to = targetEnd;
                queryStarts = from < 0 && n > 0; // no query yet: one starts, unless the format is empty (HAProxy)
                from = from < 0 ? targetEnd : from + 1;
                break;
            default: // the path forms
                from = head.pathStart();
                final boolean noPath = head.pathLength() == 0 && head.schemeLength() == 0;
                if (noPath) {
                    from = targetStart; // '*' or an authority: HAProxy takes the whole target as the path
                }
                to = rule.kind() == Kind.SET_PATH || rule.kind() == Kind.REPLACE_PATH
                    ? head.pathStart() + head.pathLength() : targetEnd;
                if (noPath) {
                    to = targetEnd;
                }
                break;
        }
        part.clear();
        if (rule.regex() != null) {
            if (to == from) {
                return true; // nothing to match: HAProxy leaves it
            }
            final Matcher m = rule.regex().matcher(view.scratch(), view.scratch().chars2(buf, from, to - from));
            if (!m.find()) {
                return true;
            }
            if (!RegexSubstitution.expand(format.array(), n, m, buf, from, part)) {
                return false;
            }
        } else {
            if (queryStarts) {
                part.put((byte) '?');
            }
            if (part.remaining() < n) {
                return false;
            }
            part.put(format.array(), 0, n);
        }
        return clean(part) && commit(head, from, to);
    }

    /**
     * Replaces {@code head}'s bytes {@code [from, to)} (within its request target) by {@code bytes[0, n)} and parses
     * the head again ({@code normalize-uri}); false when the line would break or does not fit (nothing changed).
     */
    boolean replace(final HttpHead head, final int from, final int to, final byte[] bytes, final int n) {
        part.clear();
        if (part.remaining() < n) {
            return false;
        }
        part.put(bytes, 0, n);
        return clean(part) && commit(head, from, to);
    }

    /** Whether the new part holds no space, control char or DEL, any of which would break the request line. */
    private static boolean clean(final ByteBuffer p) {
        for (int i = 0; i < p.position(); i++) {
            final byte b = p.get(i);
            if (b >= 0 && b <= ' ' || b == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** The line with {@code buf[from, to)} replaced by {@link #part}, written over the old, the head parsed again. */
    private boolean commit(final HttpHead head, final int from, final int to) {
        final ByteBuffer buf = head.buffer();
        final int start = head.startLineStart();
        final int oldLength = head.startLineLength();
        final int end = start + oldLength;
        line.clear();
        if (line.remaining() < from - start + part.position() + end - to) {
            return false;
        }
        line.put(line.position(), buf, start, from - start).position(from - start);
        line.put(part.array(), 0, part.position());
        line.put(line.position(), buf, to, end - to).position(line.position() + end - to);
        final int newLength = line.position();
        final int delta = newLength - oldLength;
        final int limit = buf.limit();
        if (limit + delta > buf.capacity()) {
            return false; // no room left in the buffer: HAProxy fails a rewrite past its reserve too
        }
        if (saved.length < oldLength) {
            saved = new byte[Math.max(oldLength, saved.length * 2)]; // grows to the longest line seen, then stays
        }
        buf.get(start, saved, 0, oldLength);
        buf.limit(Math.max(limit, limit + delta)); // absolute puts are checked against the limit
        move(buf, end, limit, delta);
        buf.limit(limit + delta);
        buf.put(start, line, 0, newLength);
        if (reparse(head)) {
            return true;
        }
        buf.limit(Math.max(limit, limit + delta));
        move(buf, start + newLength, limit + delta, -delta);
        buf.limit(limit);
        buf.put(start, saved, 0, oldLength);
        if (!reparse(head)) {
            throw new IllegalStateException("the request head no longer parses once restored");
        }
        return false;
    }

    /** Parses the head again where it starts; false when the parser refuses it. */
    private boolean reparse(final HttpHead head) {
        final ByteBuffer buf = head.buffer();
        final int position = buf.position();
        buf.position(head.start());
        parser.reset();
        final int r = parser.parse(buf, head);
        parser.reset();
        buf.position(position);
        return r > 0;
    }

    /** Moves {@code buf[from, to)} by {@code delta} bytes (the ranges may overlap). */
    private static void move(final ByteBuffer buf, final int from, final int to, final int delta) {
        if (delta > 0) {
            for (int i = to - 1; i >= from; i--) {
                buf.put(i + delta, buf.get(i));
            }
        } else if (delta < 0) {
            for (int i = from; i < to; i++) {
                buf.put(i + delta, buf.get(i));
            }
        }
    }

    private static int indexOf(final ByteBuffer buf, final int from, final int to, final byte b) {
        for (int i = from; i < to; i++) {
            if (buf.get(i) == b) {
                return i;
            }
        }
        return -1;
    }
}
