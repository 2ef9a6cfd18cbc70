package dev.baton.sample.match;

import dev.baton.sample.Sample;
import dev.baton.sample.SampleException;
import dev.baton.sample.Scratch;

import java.util.ArrayList;
import java.util.List;

/**
 * Integer patterns ({@code -m int}, and {@code -m len} on a string's length): ranges {@code N}, {@code N:M},
 * {@code :M}, {@code N:}, or {@code eq|ge|gt|le|lt N} (an operator applies to the patterns after it). Scanned in
 * order, as HAProxy does. Immutable; allocation-free lookups.
 */
final class IntRanges implements Patterns {
    private final long[] low;
    private final long[] high;
    private final boolean length;

    IntRanges(final List<String> patterns, final boolean length) {
        this.length = length;
        final List<long[]> ranges = new ArrayList<>();
        String operator = null;
        for (final String p : patterns) {
            switch (p) {
                case "eq", "ge", "gt", "le", "lt" -> {
                    operator = p;
                    continue;
                }
                default -> {
                }
            }
            if (operator != null) {
                final long v = number(p, p);
                ranges.add(switch (operator) {
                    case "ge" -> new long[] {v, Long.MAX_VALUE};
                    case "gt" -> new long[] {v + 1, Long.MAX_VALUE};
                    case "le" -> new long[] {Long.MIN_VALUE, v};
                    case "lt" -> new long[] {Long.MIN_VALUE, v - 1};
                    default -> new long[] {v, v};
                });
                continue;
            }
            final int colon = p.indexOf(':');
            if (colon < 0) {
                final long v = number(p, p);
                ranges.add(new long[] {v, v});
            } else {
                final String lo = p.substring(0, colon);
                final String hi = p.substring(colon + 1);
                ranges.add(new long[] {lo.isEmpty() ? Long.MIN_VALUE : number(lo, p),
                    hi.isEmpty() ? Long.MAX_VALUE : number(hi, p)});
            }
        }
        low = new long[ranges.size()];
        high = new long[ranges.size()];
        for (int i = 0; i < low.length; i++) {
            low[i] = ranges.get(i)[0];
            high[i] = ranges.get(i)[1];
        }
    }

    private static long number(final String text, final String pattern) {
        try {
            return Long.parseLong(text);
        } catch (final NumberFormatException e) {
            throw new SampleException("'" + pattern + "' is neither a number nor a supported operator", e);
        }
    }

    @Override
    public boolean matches(final Sample s, final Scratch scratch) {
        final long v = length ? s.length() : s.number();
        for (int i = 0; i < low.length; i++) {
            if (v >= low[i] && v <= high[i]) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int size() {
        return low.length;
    }
}
