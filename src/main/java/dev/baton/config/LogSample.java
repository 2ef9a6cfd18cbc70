package dev.baton.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code log ... sample RANGES:SIZE}: of each period of {@code size} lines a target would get, only the lines whose
 * number (from 1) falls in one of {@code ranges} are sent. Ranges are sorted, never overlap, and their high limits
 * are at most {@code size}, as HAProxy checks them.
 */
public record LogSample(List<Range> ranges, int size) {
    /** Lines {@code low..high} of a period, both included, from 1. */
    public record Range(int low, int high) {
    }

    public LogSample {
        ranges = List.copyOf(ranges);
    }

    /** Whether the line at {@code index} (from 0, counted over the lines this target is given) is sent. */
    public boolean keeps(final long index) {
        final long n = index % size + 1;
        for (final Range r : ranges) {
            if (n >= r.low && n <= r.high) {
                return true;
            }
        }
        return false;
    }

    /** Parses {@code RANGES:SIZE} ({@code 1,3-5:10}); the errors say what HAProxy says is wrong. */
    static LogSample parse(final String text) {
        final int colon = text.indexOf(':');
        if (colon < 0) {
            throw new LineError("log sample '" + Messages.echo(text) + "': missing sample size (RANGES:SIZE)");
        }
        final List<Range> ranges = new ArrayList<>();
        int max = 0;
        final String list = text.substring(0, colon);
        if (list.isEmpty()) {
            throw new LineError("log sample '" + Messages.echo(text) + "': no sampling ranges given");
        }
        for (final String part : list.split(",", -1)) {
            final Range r = range(part);
            for (final Range other : ranges) {
                if (r.low >= other.low && r.low <= other.high || r.high >= other.low && r.high <= other.high) {
                    throw new LineError("log sample '" + Messages.echo(text) + "': ranges are overlapping");
                }
            }
            ranges.add(r);
            max = Math.max(max, r.high);
        }
        final int size = positive(text.substring(colon + 1));
        if (size <= 0) {
            throw new LineError("log sample: wrong sample size '" + Messages.echo(text.substring(colon + 1))
                + "' for sample range '" + Messages.echo(text) + "'");
        }
        if (size < max) {
            throw new LineError("log sample: sample size " + size + " should be greater or equal to " + max
                + " the maximum of the high ranges limits");
        }
        ranges.sort(Comparator.comparingInt(Range::low));
        return new LogSample(ranges, size);
    }

    /** {@code N} or {@code LOW-HIGH}, limits from 1, HIGH above LOW. */
    private static Range range(final String part) {
        final int dash = part.indexOf('-');
        final int low = positive(dash < 0 ? part : part.substring(0, dash));
        final int high = dash < 0 ? low : positive(part.substring(dash + 1));
        if (low <= 0 || high <= 0 || dash >= 0 && high <= low) {
            throw new LineError("log sample: wrong sample range '" + Messages.echo(part) + "'");
        }
        return new Range(low, high);
    }

    /** A decimal number above 0, or 0 when {@code s} is not one. */
    private static int positive(final String s) {
        if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(Character::isDigit)) {
            return 0;
        }
        return Integer.parseInt(s);
    }
}
