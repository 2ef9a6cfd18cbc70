package dev.baton.sample;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A regex of the configuration (a {@code -m reg} pattern, a {@code regsub} argument): compiled once at load, with a
 * process-wide number under which each thread's {@link Scratch} keeps a reusable {@link Matcher}, so matching on the
 * hot path creates no matcher. Immutable and shared.
 */
public final class Regexes {
    private static final AtomicInteger NEXT_ID = new AtomicInteger();

    private final Pattern pattern;
    private final int id;

    private Regexes(final Pattern pattern) {
        this.pattern = pattern;
        this.id = NEXT_ID.getAndIncrement();
    }

    /** {@code regex} compiled (PCRE-like syntax as Java reads it); a syntax error throws {@link SampleException}. */
    public static Regexes compile(final String regex, final boolean ignoreCase) {
        try {
            return new Regexes(Pattern.compile(regex, ignoreCase ? Pattern.CASE_INSENSITIVE : 0));
        } catch (final PatternSyntaxException e) {
            throw new SampleException("error in regex '" + regex + "' : " + e.getDescription());
        }
    }

    /** This thread's matcher over {@code input}. */
    public Matcher matcher(final Scratch scratch, final CharSequence input) {
        return scratch.matcher(id, pattern, input);
    }

    /** Whether the regex is found anywhere in {@code s}'s bytes (HAProxy's {@code regex_exec}: unanchored). */
    public boolean find(final Scratch scratch, final Sample s) {
        return matcher(scratch, scratch.chars(s)).find();
    }

    @Override
    public String toString() {
        return pattern.pattern();
    }
}
