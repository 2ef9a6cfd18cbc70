package dev.baton.http.rules;

import dev.baton.http.text.HeaderName;
import dev.baton.io.TlsFetch;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A header value or redirect target built per message: HAProxy's custom log format, reduced to literal
 * text and the fetches {@code %[src]}, {@code %[dst]} and {@code %[req.hdr(NAME[,OCC])]} /
 * {@code %[res.hdr(...)]} (one value of a header of the message the rule runs on; by default the last), and the
 * certificate fetches of {@link TlsFetch} (which allocate their value: they are rare).
 * Parsed once at configuration load into parts; {@link #render} writes into a caller's buffer and
 * allocates nothing. A fetch that finds nothing renders as nothing. Immutable and shared by reactors.
 */
public final class ValueTemplate {
    private static final int LITERAL = 0;
    private static final int SRC = 1;
    private static final int DST = 2;
    private static final int HEADER = 3;
    /** A certificate fetch ({@link TlsFetch}), rendered by {@link TlsValue}. */
    private static final int TLS = 4;

    private final int[] kinds;
    private final byte[][] literals;
    private final HeaderName[] headers;
    private final int[] occurrences;
    private final TlsValue[] tls;
    private final String text;

    private ValueTemplate(final Builder b, final String text) {
        this.kinds = b.kinds.stream().mapToInt(Integer::intValue).toArray();
        this.literals = b.literals.toArray(new byte[0][]);
        this.headers = b.headers.toArray(new HeaderName[0]);
        this.occurrences = b.occurrences.stream().mapToInt(Integer::intValue).toArray();
        this.tls = b.tls.toArray(new TlsValue[0]);
        this.text = text;
    }

    /** A template of {@code text} alone, with no fetch. */
    public static ValueTemplate literal(final String text) {
        return new Builder().literal(text).build(text);
    }

    /**
     * Writes the value for {@code view} at {@code out}'s position and returns the byte count, or -1 when it
     * does not fit in {@code out.remaining()}: then {@code out}'s position is left unchanged (its bytes past
     * the position may have been overwritten). An address needs {@link IpText#MAX_LENGTH} bytes free.
     */
    public int render(final MessageView view, final ByteBuffer out) {
        final int start = out.position();
        for (int i = 0; i < kinds.length; i++) {
            if (!renderPart(i, view, out)) {
                out.position(start);
                return -1;
            }
        }
        return out.position() - start;
    }

    private boolean renderPart(final int i, final MessageView view, final ByteBuffer out) {
        switch (kinds[i]) {
            case LITERAL:
                if (out.remaining() < literals[i].length) {
                    return false;
                }
                out.put(literals[i]);
                return true;
            case SRC:
                return IpText.write(view.srcAddress(), out) >= 0;
            case DST:
                return IpText.write(view.dstAddress(), out) >= 0;
            case TLS:
                return tls[i].render(view.tls(), out);
            default: {
                final long value = HeaderValues.find(view, headers[i], occurrences[i]);
                if (value < 0) {
                    return true;
                }
                final int length = HeaderValues.length(value);
                if (out.remaining() < length) {
                    return false;
                }
                out.put(out.position(), view.buffer(), HeaderValues.start(value), length);
                out.position(out.position() + length);
                return true;
            }
        }
    }

    /** Whether the value is the same for every message (no fetch): it can be rendered once. */
    public boolean isLiteral() {
        for (final int k : kinds) {
            if (k != LITERAL) {
                return false;
            }
        }
        return true;
    }

    /** The template as written in the configuration. */
    @Override
    public String toString() {
        return text;
    }

    /** Builds a template part by part. Single-threaded, used at configuration load. */
    public static final class Builder {
        private final List<Integer> kinds = new ArrayList<>();
        private final List<byte[]> literals = new ArrayList<>();
        private final List<HeaderName> headers = new ArrayList<>();
        private final List<Integer> occurrences = new ArrayList<>();
        private final List<TlsValue> tls = new ArrayList<>();

        /** Literal text, written as UTF-8; consecutive literals merge. */
        public Builder literal(final String text) {
            final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            final int last = kinds.size() - 1;
            if (last >= 0 && kinds.get(last) == LITERAL) {
                final byte[] merged = new byte[literals.get(last).length + bytes.length];
                System.arraycopy(literals.get(last), 0, merged, 0, literals.get(last).length);
                System.arraycopy(bytes, 0, merged, literals.get(last).length, bytes.length);
                literals.set(last, merged);
            } else if (bytes.length > 0) {
                add(LITERAL, bytes, null, 0);
            }
            return this;
        }

        /** The client address ({@code %[src]}). */
        public Builder src() {
            return add(SRC, null, null, 0);
        }

        /** The address the client connected to ({@code %[dst]}). */
        public Builder dst() {
            return add(DST, null, null, 0);
        }

        /** Value {@code occurrence} of header {@code name} (1 the first, -1 the last; not 0). */
        public Builder header(final HeaderName name, final int occurrence) {
            if (occurrence == 0) {
                throw new IllegalArgumentException("occurrence 0");
            }
            return add(HEADER, null, name, occurrence);
        }

        /** A certificate fetch. */
        public Builder tls(final TlsFetch fetch) {
            add(TLS, null, null, 0);
            tls.set(tls.size() - 1, new TlsValue(fetch));
            return this;
        }

        private Builder add(final int kind, final byte[] literal, final HeaderName header, final int occurrence) {
            tls.add(null);
            kinds.add(kind);
            literals.add(literal);
            headers.add(header);
            occurrences.add(occurrence);
            return this;
        }

        /** The template; {@code text} is how it was written. */
        public ValueTemplate build(final String text) {
            return new ValueTemplate(this, text);
        }
    }
}
