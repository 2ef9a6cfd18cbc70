package dev.baton.http.rules;

import dev.baton.http.text.HeaderName;
import dev.baton.log.LogFieldsSource;
import dev.baton.log.LogFormat;
import dev.baton.log.StreamLogFields;
import dev.baton.sample.Sample;
import dev.baton.sample.SampleContext;
import dev.baton.sample.SampleExpr;
import dev.baton.sample.SampleParser;
import dev.baton.sample.SampleType;
import dev.baton.sample.Scratch;
import dev.baton.sample.Uses;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A header value, redirect target or reply text built per message: HAProxy's custom log format as rules use it,
 * literal text, {@code %[expression]} parts, each a {@link SampleExpr} (any fetch the rule's side offers, any
 * converters), and {@code %} variables ({@code %ci}, {@code %b}, {@code %Tw}...), each a one-item {@link LogFormat}
 * rendered from the stream's log fields as they stand when the rule runs ({@link LogFieldsSource}). Parsed once at
 * configuration load into parts; {@link #render} writes into a caller's buffer and allocates nothing. A sample that
 * finds nothing renders as nothing; a binary sample renders as its bytes; a variable renders as HAProxy renders it
 * in a rule's value (no {@code -} for an empty one). Immutable and shared by reactors.
 */
public final class ValueTemplate {
    private final byte[][] literals;
    private final SampleExpr[] samples;
    private final LogFormat[] variables;
    private final boolean hasVariables;
    private final String text;

    private ValueTemplate(final Builder b, final String text) {
        this.literals = b.literals.toArray(new byte[0][]);
        this.samples = b.samples.toArray(new SampleExpr[0]);
        this.variables = b.variables.toArray(new LogFormat[0]);
        this.hasVariables = b.variables.stream().anyMatch(v -> v != null);
        this.text = text;
    }

    /** A template of {@code text} alone, with no fetch. */
    public static ValueTemplate literal(final String text) {
        return new Builder().literal(text).build(text);
    }

    /**
     * Writes the value for {@code ctx} at {@code out}'s position and returns the byte count, or -1 when it
     * does not fit in {@code out.remaining()}: then {@code out}'s position is left unchanged (its bytes past
     * the position may have been overwritten).
     */
    public int render(final SampleContext ctx, final ByteBuffer out) {
        final int start = out.position();
        // the log fields are filled once per value, before any part renders (a variable part reads them)
        final StreamLogFields fields = hasVariables && ctx instanceof LogFieldsSource src ? src.logFieldsNow() : null;
        for (int i = 0; i < literals.length; i++) {
            final boolean fits = variables[i] != null ? renderVariable(variables[i], (LogFieldsSource) ctx, fields,
                out) : renderPart(i, ctx, out);
            if (!fits) {
                out.position(start);
                return -1;
            }
        }
        return out.position() - start;
    }

    /** A {@code %} variable: nothing where the context keeps no log fields (a place without a stream). */
    private static boolean renderVariable(final LogFormat variable, final LogFieldsSource src,
                                          final StreamLogFields fields, final ByteBuffer out) {
        if (fields == null) {
            return true;
        }
        final StringBuilder sb = src.logScratch();
        variable.render(fields, sb);
        if (out.remaining() < sb.length()) {
            return false;
        }
        for (int i = 0; i < sb.length(); i++) {
            out.put((byte) sb.charAt(i)); // latin-1, as the log line holds the request's bytes
        }
        return true;
    }

    private boolean renderPart(final int i, final SampleContext ctx, final ByteBuffer out) {
        if (literals[i] != null) {
            if (out.remaining() < literals[i].length) {
                return false;
            }
            out.put(literals[i]);
            return true;
        }
        final Scratch scratch = ctx.scratch();
        final Sample s = scratch.borrow();
        try {
            if (!samples[i].eval(ctx, s) || !s.cast(SampleType.STR, scratch)) {
                return true;
            }
            if (out.remaining() < s.length()) {
                return false;
            }
            out.put(out.position(), s.buffer(), s.offset(), s.length());
            out.position(out.position() + s.length());
            return true;
        } finally {
            scratch.giveBack();
        }
    }

    /** Whether the value is the same for every message (no fetch): it can be rendered once. */
    public boolean isLiteral() {
        if (hasVariables) {
            return false;
        }
        for (final SampleExpr e : samples) {
            if (e != null) {
                return false;
            }
        }
        return true;
    }

    /** The {@link dev.baton.sample.Uses} bits of every fetch of the template. */
    public int uses() {
        int uses = 0;
        for (final SampleExpr e : samples) {
            if (e != null) {
                uses |= e.uses();
            }
        }
        return hasVariables ? uses | Uses.TCP_SESSION : uses;
    }

    /** The template as written in the configuration. */
    @Override
    public String toString() {
        return text;
    }

    /** Builds a template part by part. Single-threaded, used at configuration load. */
    public static final class Builder {
        private final List<byte[]> literals = new ArrayList<>();
        private final List<SampleExpr> samples = new ArrayList<>();
        private final List<LogFormat> variables = new ArrayList<>();

        /** Literal text, written as UTF-8; consecutive literals merge. */
        public Builder literal(final String text) {
            final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            final int last = literals.size() - 1;
            if (last >= 0 && literals.get(last) != null) {
                final byte[] merged = new byte[literals.get(last).length + bytes.length];
                System.arraycopy(literals.get(last), 0, merged, 0, literals.get(last).length);
                System.arraycopy(bytes, 0, merged, literals.get(last).length, bytes.length);
                literals.set(last, merged);
            } else if (bytes.length > 0) {
                literals.add(bytes);
                samples.add(null);
                variables.add(null);
            }
            return this;
        }

        /** A {@code %[expression]} part. */
        public Builder sample(final SampleExpr expr) {
            literals.add(null);
            samples.add(expr);
            variables.add(null);
            return this;
        }

        /** A {@code %} variable part: {@code variable} is the one-item log format of it, with its flags. */
        public Builder variable(final LogFormat variable) {
            literals.add(null);
            samples.add(null);
            variables.add(variable);
            return this;
        }

        /** The client address ({@code %[src]}). */
        public Builder src() {
            return sample(SampleParser.parse("src", Uses.L4));
        }

        /** The address the client connected to ({@code %[dst]}). */
        public Builder dst() {
            return sample(SampleParser.parse("dst", Uses.L4));
        }

        /** Value {@code occurrence} of request header {@code name} (1 the first, -1 the last; not 0). */
        public Builder header(final HeaderName name, final int occurrence) {
            if (occurrence == 0) {
                throw new IllegalArgumentException("occurrence 0");
            }
            return sample(SampleParser.parse("req.hdr(" + name + "," + occurrence + ")", Uses.REQ));
        }

        /** The template; {@code text} is how it was written. */
        public ValueTemplate build(final String text) {
            return new ValueTemplate(this, text);
        }
    }
}
