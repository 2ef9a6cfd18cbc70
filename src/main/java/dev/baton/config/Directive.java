package dev.baton.config;

import java.util.List;

/**
 * One configuration line after tokenizing: its words and where it was written. The value accessors
 * refuse a missing or malformed argument by throwing {@link LineError} with the house message shape
 * ({@code 'KW' expects DESCRIPTION, got 'VALUE'}), so keyword parsers read straight through.
 * Argument indexes count words from the start of the line (the keyword is word 0).
 */
final class Directive {
    private final List<String> words;
    private final SourceLocation where;
    private final Diagnostics diag;
    /** The environment the configuration is read with, for the variables of address words ({@link #address}). */
    private final java.util.Map<String, String> env;
    /** Where relative file names are read from ({@code default-path}), as it stands at this line. */
    private final FilePaths paths;

    Directive(final List<String> words, final SourceLocation where, final Diagnostics diag) {
        this(words, where, diag, System.getenv());
    }

    Directive(final List<String> words, final SourceLocation where, final Diagnostics diag,
              final java.util.Map<String, String> env) {
        this(words, where, diag, env, FilePaths.STARTING_DIRECTORY);
    }

    Directive(final List<String> words, final SourceLocation where, final Diagnostics diag,
              final java.util.Map<String, String> env, final FilePaths paths) {
        this.words = List.copyOf(words);
        this.where = where;
        this.diag = diag;
        this.env = env;
        this.paths = paths;
    }

    /** The load's file-name policy ({@code default-path}). */
    FilePaths paths() {
        return paths;
    }

    /** The environment the configuration is read with (for a file this line makes the load read too). */
    java.util.Map<String, String> env() {
        return env;
    }

    /** Where this line's problems go (for a file this line makes the load read too). */
    Diagnostics diagnostics() {
        return diag;
    }

    /**
     * Word {@code index}, the name of a file the configuration reads while it loads, as {@link #require} gives it,
     * relative names joined to the {@code default-path} directory ({@link FilePaths#resolve}).
     */
    String file(final int index, final String kw, final String expected) {
        return paths.resolve(require(index, kw, expected));
    }

    /** As {@link #file}, for a certificate, which a {@code crt-base} read before joins instead. */
    String certificateFile(final int index, final String kw, final String expected) {
        return paths.resolveCertificate(require(index, kw, expected));
    }

    /** As {@link #file}, for a CA or CRL file, which a {@code ca-base} read before joins instead. */
    String caFile(final int index, final String kw, final String expected) {
        return paths.resolveCa(require(index, kw, expected));
    }

    /**
     * Word {@code index}, an address ({@code bind}, {@code server}, {@code log}, {@code stats socket}...), with its
     * environment variables expanded as HAProxy expands an address even outside quotes: {@code $NAME} or
     * {@code ${NAME}} (letters, digits, underscores) becomes the variable's value, nothing when it is not set.
     */
    String address(final int index) {
        final String w = word(index);
        if (w.indexOf('$') < 0) {
            return w;
        }
        final StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < w.length()) {
            final char c = w.charAt(i);
            if (c != '$') {
                out.append(c);
                i++;
                continue;
            }
            int begin = i + 1;
            final boolean brace = begin < w.length() && w.charAt(begin) == '{';
            if (brace) {
                begin++;
            }
            int end = begin;
            while (end < w.length() && Tokenizer.isNameChar(w.charAt(end))) {
                end++;
            }
            final String value = env.get(w.substring(begin, end));
            if (value != null) {
                out.append(value);
            }
            i = brace && end < w.length() && w.charAt(end) == '}' ? end + 1 : end;
        }
        return out.toString();
    }

    SourceLocation where() {
        return where;
    }

    /** Another line written at the same place, reporting to the same diagnostics (a line that expands into others). */
    Directive rewritten(final List<String> newWords) {
        return new Directive(newWords, where, diag, env, paths);
    }

    /** Records an error at this line and lets parsing go on, for lines that can hold several errors. */
    void error(final String message) {
        diag.error(where, message);
    }

    void warning(final String message) {
        diag.warning(where, message);
    }

    String keyword() {
        return words.get(0);
    }

    int size() {
        return words.size();
    }

    boolean has(final int index) {
        return index < words.size();
    }

    String word(final int index) {
        return words.get(index);
    }

    /** Word {@code index}, refused as {@code 'kw' expects EXPECTED} when the line is shorter. */
    String require(final int index, final String kw, final String expected) {
        if (!has(index)) {
            throw new LineError(Messages.missingValue(kw, expected));
        }
        return words.get(index);
    }

    /**
     * The words from {@code index} to the end joined by single spaces (HAProxy's free-text arguments such as
     * {@code description}), refused as {@code 'kw' expects EXPECTED} when there is none.
     */
    String textFrom(final int index, final String kw, final String expected) {
        require(index, kw, expected);
        return String.join(" ", words.subList(index, words.size()));
    }

    /** Refuses the line when it has words beyond the first {@code count}. */
    void noMoreThan(final int count, final String kw) {
        if (words.size() > count) {
            throw new LineError(Messages.unexpectedArgument(kw, words.get(count)));
        }
    }

    /** Word {@code index} as an int within {@code min..max}. */
    int intArg(final int index, final String kw, final int min, final int max) {
        final String text = require(index, kw, Numbers.describe(min, max));
        try {
            return Numbers.parseInt(text, min, max);
        } catch (final BadValueException e) {
            throw badValue(kw, e, text);
        }
    }

    /** Word {@code index} as a time in milliseconds. */
    long timeArg(final int index, final String kw) {
        final String text = require(index, kw, Durations.EXPECTED);
        try {
            return Durations.parseMs(text);
        } catch (final BadValueException e) {
            throw badValue(kw, e, text);
        }
    }

    /** Word {@code index} as a proxy or section name ({@code [A-Za-z0-9_.:-]+}). */
    String nameArg(final int index, final String kw) {
        final String text = require(index, kw, Names.EXPECTED);
        if (!Names.isValid(text)) {
            throw new LineError(Messages.badValue(kw, Names.EXPECTED, text));
        }
        return text;
    }

    static LineError badValue(final String kw, final BadValueException e, final String text) {
        return new LineError(Messages.badValue(kw, e.expected(), text));
    }
}
