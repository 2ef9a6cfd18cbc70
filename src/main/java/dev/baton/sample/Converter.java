package dev.baton.sample;

/**
 * A compiled converter (its arguments bound at load): transforms {@code smp} in place, its input already cast to the
 * converter's input type; false when the value cannot be converted (the expression then has no sample). Writes new
 * bytes into a {@link Scratch} buffer of {@code ctx}, never allocates; runs on the evaluating thread.
 */
@FunctionalInterface
public interface Converter {
    boolean convert(SampleContext ctx, Sample smp);
}
