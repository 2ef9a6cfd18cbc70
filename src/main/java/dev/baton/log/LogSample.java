package dev.baton.log;

import dev.baton.io.TlsFetch;

/**
 * A {@code %[fetch,converter...]} of a log format, evaluated when the line is rendered: the fetches whose
 * value the end of a stream still knows (addresses, names, status, unique id, captures) and the converters
 * {@code lower} and {@code upper}. Immutable; {@link #append} allocates nothing.
 */
public final class LogSample {
    /** The fetches, by HAProxy name; {@code arg} is the capture slot for the {@code capture.*.hdr} ones. */
    public enum Fetch {
        SRC("src"), DST("dst"), SRC_PORT("src_port"), DST_PORT("dst_port"), FE_NAME("fe_name"), BE_NAME("be_name"),
        SRV_NAME("srv_name"), STATUS("status"), UNIQUE_ID("unique-id"), CAPTURE_REQ_HDR("capture.req.hdr"),
        CAPTURE_RES_HDR("capture.res.hdr"), CAPTURE_REQ_METHOD("capture.req.method"),
        CAPTURE_REQ_URI("capture.req.uri"), CAPTURE_REQ_VER("capture.req.ver"), METHOD("method"),
        /** The certificate fetches ({@link TlsFetch}: ssl_c_*, ssl_f_*, ssl_fc_is_resumed). */
        TLS("ssl_c_*");

        private final String text;

        Fetch(final String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        /** The fetch called {@code name}, or null. */
        public static Fetch named(final String name) {
            for (final Fetch f : values()) {
                if (f.text.equals(name)) {
                    return f;
                }
            }
            return null;
        }
    }

    /** The converters, applied left to right. */
    public enum Converter { LOWER, UPPER }

    private final Fetch fetch;
    private final int arg;
    private final Converter[] converters;
    private final String text;
    private final TlsFetch tls;

    public LogSample(final Fetch fetch, final int arg, final Converter[] converters, final String text) {
        this(fetch, arg, converters, text, null);
    }

    /** A certificate fetch, with its own converters. */
    public LogSample(final TlsFetch tls) {
        this(Fetch.TLS, 0, new Converter[0], tls.toString(), tls);
    }

    private LogSample(final Fetch fetch, final int arg, final Converter[] converters, final String text,
                      final TlsFetch tls) {
        this.tls = tls;
        this.fetch = fetch;
        this.arg = arg;
        this.converters = converters.clone();
        this.text = text;
    }

    /**
     * Appends the sample's value to {@code sb}; false (nothing appended) when the fetch finds nothing, which the
     * format shows as {@code -}.
     */
    boolean append(final StreamLogFields f, final StringBuilder sb) {
        final int from = sb.length();
        if (!fetch(f, sb)) {
            sb.setLength(from);
            return false;
        }
        for (final Converter c : converters) {
            for (int i = from; i < sb.length(); i++) {
                final char ch = sb.charAt(i);
                sb.setCharAt(i, c == Converter.LOWER ? Character.toLowerCase(ch) : Character.toUpperCase(ch));
            }
        }
        return true;
    }

    private boolean fetch(final StreamLogFields f, final StringBuilder sb) {
        final LogCaptures c = f.captures;
        switch (fetch) {
            case SRC:
                return LogText.appendIp(sb, f.client);
            case DST:
                return LogText.appendIp(sb, f.frontendAddress);
            case SRC_PORT:
                return f.client != null && sb.append(f.client.getPort()) != null;
            case DST_PORT:
                return f.frontendAddress != null && sb.append(f.frontendAddress.getPort()) != null;
            case FE_NAME:
                return f.frontend != null && sb.append(f.frontend) != null;
            case BE_NAME:
                return f.backend != null && sb.append(f.backend) != null;
            case SRV_NAME:
                return f.server != null && !f.server.startsWith("<") && sb.append(f.server) != null;
            case STATUS:
                return f.status > 0 && sb.append(f.status) != null;
            case TLS: {
                final String v = tls.string(f.tls);
                return v != null && sb.append(v) != null;
            }
            case UNIQUE_ID:
                return c != null && c.uniqueIdLength >= 0 && LogText.appendLatin1(sb, c.uniqueId, c.uniqueIdLength);
            case CAPTURE_REQ_HDR:
                return c != null && arg < c.requestCount() && c.requestLength(arg) >= 0
                    && LogText.appendLatin1(sb, c.request(arg), c.requestLength(arg));
            case CAPTURE_RES_HDR:
                return c != null && arg < c.responseCount() && c.responseLength(arg) >= 0
                    && LogText.appendLatin1(sb, c.response(arg), c.responseLength(arg));
            default:
                return requestLinePart(f, sb);
        }
    }

    /** capture.req.method, .uri, .ver: the words of the request line (HAProxy's own split on spaces). */
    private boolean requestLinePart(final StreamLogFields f, final StringBuilder sb) {
        final int n = f.requestLineLength;
        if (n == 0) {
            return false;
        }
        final byte[] line = f.requestLine;
        int sp1 = 0;
        while (sp1 < n && line[sp1] != ' ') {
            sp1++;
        }
        if (fetch == Fetch.CAPTURE_REQ_METHOD || fetch == Fetch.METHOD) {
            return LogText.appendLatin1(sb, line, sp1);
        }
        if (sp1 == n) {
            return false;
        }
        int sp2 = sp1 + 1;
        while (sp2 < n && line[sp2] != ' ') {
            sp2++;
        }
        if (fetch == Fetch.CAPTURE_REQ_URI) {
            return LogText.appendLatin1(sb, line, sp1 + 1, sp2);
        }
        return sp2 < n && LogText.appendLatin1(sb, line, sp2 + 1, n);
    }

    @Override
    public String toString() {
        return text;
    }
}
