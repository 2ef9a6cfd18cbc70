package dev.baton.sample;

/**
 * A compiled sample fetch (its arguments bound at load): puts a value into {@code out}, or returns false when there is
 * none here. A multi-value fetch uses {@link Sample#iterA}/{@link Sample#iterB} between calls and sets
 * {@link Sample#more(boolean)} while values remain, when {@link Sample#iterate()}; otherwise it gives one value (the
 * last, for a header). Must not allocate; runs on the evaluating thread.
 */
@FunctionalInterface
public interface Fetch {
    boolean fetch(SampleContext ctx, Sample out);
}
