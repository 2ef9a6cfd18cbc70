package dev.baton.sample;

/**
 * A compiled sample expression, {@code fetch(args),converter(args),...}: the fetch bound to its arguments and each
 * converter preceded by the cast to its input type. {@link #eval} gives one value; {@link #evalNext} walks every value
 * of a multi-value fetch for an ACL. Immutable and shared by reactors; evaluation allocates nothing.
 */
public final class SampleExpr {
    private final String text;
    private final SampleRegistry.FetchDef fetchDef;
    private final Fetch fetch;
    private final SampleType[] inputs;
    private final Converter[] converters;
    private final SampleType out;

    SampleExpr(final String text, final SampleRegistry.FetchDef fetchDef, final Fetch fetch,
               final SampleType[] inputs, final Converter[] converters, final SampleType out) {
        this.text = text;
        this.fetchDef = fetchDef;
        this.fetch = fetch;
        this.inputs = inputs;
        this.converters = converters;
        this.out = out;
    }

    /** The single value of the expression into {@code s}; false when there is none. */
    public boolean eval(final SampleContext ctx, final Sample s) {
        s.begin(false);
        return fetch.fetch(ctx, s) && convert(ctx, s);
    }

    /**
     * The next value of an iterating evaluation: the caller calls {@code s.begin(true)} once, then this until it
     * returns false or {@code s.more()} is false after it.
     */
    public boolean evalNext(final SampleContext ctx, final Sample s) {
        return fetch.fetch(ctx, s) && convert(ctx, s);
    }

    private boolean convert(final SampleContext ctx, final Sample s) {
        for (int i = 0; i < converters.length; i++) {
            if (!s.cast(inputs[i], ctx.scratch()) || !converters[i].convert(ctx, s)) {
                s.more(false);
                return false;
            }
        }
        return true;
    }

    /** The type of the value after the last converter (what a match method applies to). */
    public SampleType type() {
        return out;
    }

    /** Where the fetch takes its value from ({@link Uses}). */
    public int uses() {
        return fetchDef.uses();
    }

    /** The fetch's name. */
    public String fetchName() {
        return fetchDef.name();
    }

    /** Whether the expression is a bare fetch, without converters. */
    public boolean bare() {
        return converters.length == 0;
    }

    /** The expression as written. */
    @Override
    public String toString() {
        return text;
    }
}
