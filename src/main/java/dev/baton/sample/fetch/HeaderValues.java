package dev.baton.sample.fetch;

import dev.baton.http.text.HeaderName;
import dev.baton.sample.SampleContext;

import java.nio.ByteBuffer;

/**
 * The values of a header as HAProxy's {@code req.hdr}/{@code res.hdr} see them: every line with that name,
 * each split at the commas that are not inside a double-quoted string, each value without surrounding
 * spaces and tabs. A value is returned packed as {@code start << 32 | length} (offsets in the view's
 * buffer), -1 when absent. Allocation-free; O(header lines) per call.
 */
public final class HeaderValues {
    private HeaderValues() {
    }

    public static int start(final long span) {
        return (int) (span >>> 32);
    }

    public static int length(final long span) {
        return (int) span;
    }

    /** How many values the header has, over all its lines. */
    public static int count(final SampleContext view, final HeaderName name) {
        int count = 0;
        for (int h = view.indexOfHeader(name, 0); h >= 0; h = view.indexOfHeader(name, h + 1)) {
            count += valuesIn(view, h, Integer.MAX_VALUE) >>> 32;
        }
        return count;
    }

    /**
     * Value number {@code occurrence}: 1 is the first, 2 the second...; -1 is the last, -2 the one before.
     * -1 (the long) when there are not that many values or {@code occurrence} is 0.
     */
    public static long find(final SampleContext view, final HeaderName name, final int occurrence) {
        int wanted = occurrence;
        if (wanted < 0) {
            wanted = count(view, name) + 1 + wanted;
        }
        if (wanted <= 0) {
            return -1;
        }
        for (int h = view.indexOfHeader(name, 0); h >= 0; h = view.indexOfHeader(name, h + 1)) {
            final long found = valuesIn(view, h, wanted);
            final int seen = (int) (found >>> 32);
            if (seen == wanted) {
                return span(view, h, (int) found);
            }
            wanted -= seen;
        }
        return -1;
    }

    /** A test of one value; the matcher keeps one instance, so that passing it allocates nothing. */
    public interface ValueTest {
        boolean test(ByteBuffer buffer, int start, int length);
    }

    /** Whether any value of the header passes {@code test}, values taken in order. */
    public static boolean anyMatch(final SampleContext view, final HeaderName name, final ValueTest test) {
        final ByteBuffer b = view.buffer();
        for (int h = view.indexOfHeader(name, 0); h >= 0; h = view.indexOfHeader(name, h + 1)) {
            final int end = view.headerValueStart(h) + view.headerValueLength(h);
            int start = view.headerValueStart(h);
            while (true) {
                final long value = span(view, h, start);
                if (test.test(b, start(value), length(value))) {
                    return true;
                }
                final int comma = nextComma(b, start, end);
                if (comma == end) {
                    break;
                }
                start = comma + 1;
            }
        }
        return false;
    }

    /**
     * The value after the one at {@code cursor} ({@code header << 32 | offset} of where its text starts, or 0 to
     * start), packed as {@code next cursor}; -1 when there is none. {@link #spanAt} gives the value of a cursor.
     */
    public static long next(final SampleContext view, final HeaderName name, final long cursor) {
        if (cursor == 0) {
            final int h = view.indexOfHeader(name, 0);
            return h < 0 ? -1 : (long) (h + 1) << 32 | view.headerValueStart(h);
        }
        final int h = (int) (cursor >>> 32) - 1;
        final int end = view.headerValueStart(h) + view.headerValueLength(h);
        final int comma = nextComma(view.buffer(), (int) cursor, end);
        if (comma < end) {
            return (long) (h + 1) << 32 | (comma + 1);
        }
        final int n = view.indexOfHeader(name, h + 1);
        return n < 0 ? -1 : (long) (n + 1) << 32 | view.headerValueStart(n);
    }

    /** The trimmed value a cursor of {@link #next} points at, packed as {@code start << 32 | length}. */
    public static long spanAt(final SampleContext view, final long cursor) {
        return span(view, (int) (cursor >>> 32) - 1, (int) cursor);
    }

    /**
     * Walks the values of header line {@code header} up to value number {@code stop}: returns how many were
     * seen (high 32 bits) and the offset where the last one seen starts (low 32 bits).
     */
    private static long valuesIn(final SampleContext view, final int header, final int stop) {
        final ByteBuffer b = view.buffer();
        final int end = view.headerValueStart(header) + view.headerValueLength(header);
        int start = view.headerValueStart(header);
        int seen = 1;
        while (seen < stop) {
            final int comma = nextComma(b, start, end);
            if (comma == end) {
                break;
            }
            start = comma + 1;
            seen++;
        }
        return (long) seen << 32 | start;
    }

    /** The value of line {@code header} that starts at {@code start}, trimmed, packed. */
    private static long span(final SampleContext view, final int header, final int start) {
        final ByteBuffer b = view.buffer();
        final int lineEnd = view.headerValueStart(header) + view.headerValueLength(header);
        int from = start;
        int to = nextComma(b, start, lineEnd);
        while (from < to && isSpace(b.get(from))) {
            from++;
        }
        while (to > from && isSpace(b.get(to - 1))) {
            to--;
        }
        return (long) from << 32 | (to - from);
    }

    /** The offset of the first comma at or after {@code from} outside quotes, or {@code end}. */
    public static int nextComma(final ByteBuffer b, final int from, final int end) {
        boolean quoted = false;
        for (int i = from; i < end; i++) {
            final byte c = b.get(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                return i;
            }
        }
        return end;
    }

    private static boolean isSpace(final byte c) {
        return c == ' ' || c == '\t';
    }
}
