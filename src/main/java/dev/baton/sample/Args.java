package dev.baton.sample;

import java.util.List;

/**
 * The arguments of one fetch or converter as written between its parentheses (unquoted, unescaped), with typed
 * readers that refuse a bad value with HAProxy's words. Load time only.
 */
public final class Args {
    private final String owner;
    private final List<String> values;

    public Args(final String owner, final List<String> values) {
        this.owner = owner;
        this.values = List.copyOf(values);
    }

    public int size() {
        return values.size();
    }

    public boolean has(final int i) {
        return i < values.size() && !values.get(i).isEmpty();
    }

    /** Argument {@code i} as a string ("" when absent). */
    public String str(final int i) {
        return i < values.size() ? values.get(i) : "";
    }

    /** Argument {@code i} as a string, or {@code fallback} when absent or empty. */
    public String str(final int i, final String fallback) {
        return has(i) ? values.get(i) : fallback;
    }

    /** Argument {@code i} as a signed integer, or {@code fallback} when absent or empty. */
    public long integer(final int i, final long fallback) {
        if (!has(i)) {
            return fallback;
        }
        try {
            return Long.parseLong(values.get(i).trim());
        } catch (final NumberFormatException e) {
            throw new SampleException("failed to parse '" + values.get(i) + "' as type 'integer' at position "
                + (i + 1));
        }
    }

    /** Argument {@code i}, which must be present, as a signed integer. */
    public long integer(final int i) {
        if (!has(i)) {
            throw new SampleException("expected type 'integer' at position " + (i + 1) + ", but got nothing");
        }
        return integer(i, 0);
    }

    /** Argument {@code i}, which must be present and not empty. */
    public String required(final int i, final String type) {
        if (!has(i)) {
            throw new SampleException("expected type '" + type + "' at position " + (i + 1) + ", but got nothing");
        }
        return values.get(i);
    }

    /** The fetch or converter these arguments belong to. */
    public String owner() {
        return owner;
    }

    public List<String> all() {
        return values;
    }
}
