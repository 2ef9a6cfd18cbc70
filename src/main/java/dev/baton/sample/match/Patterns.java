package dev.baton.sample.match;

import dev.baton.sample.Sample;
import dev.baton.sample.Scratch;

/**
 * The patterns of one ACL test, compiled for one match method: {@link #matches} says whether the sample (already cast
 * to the method's input type) matches any of them. Built at load by {@link PatternCompiler}; immutable, shared by
 * reactors, allocation-free.
 */
public interface Patterns {
    boolean matches(Sample s, Scratch scratch);

    /** How many patterns there are (for {@code show acl}-like output and tests). */
    int size();
}
