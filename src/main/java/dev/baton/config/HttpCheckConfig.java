package dev.baton.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A backend's HTTP health check ({@code option httpchk} with {@code http-check send}, {@code expect} and
 * {@code disable-on-404}): the request sent and what the response must show.
 *
 * @param method       the request's method (default {@code OPTIONS})
 * @param uri          its URI (default {@code /})
 * @param version      its version (default {@code HTTP/1.0})
 * @param headers      its headers, name then value, in order
 * @param body         its body, empty for none
 * @param expect       what the response must show, null for HAProxy's default (any 2xx or 3xx status)
 * @param disableOn404 a 404 soft-stops a running server (NOLB) instead of failing the check
 */
public record HttpCheckConfig(String method, String uri, String version, List<String> headers, String body,
                              Expect expect, boolean disableOn404) {
    public static final HttpCheckConfig DEFAULT =
        new HttpCheckConfig("OPTIONS", "/", "HTTP/1.0", List.of(), "", null, false);

    public HttpCheckConfig {
        headers = List.copyOf(headers);
    }

    /**
     * The request's bytes, as HAProxy 2.6 sends them: header names in lower case, a {@code content-length} for
     * a body, and {@code connection: close} for a version other than HTTP/1.0 (where closing is the default).
     * Checked against HAProxy: {@code OPTIONS / HTTP/1.0\r\n\r\n}, {@code GET /health HTTP/1.1\r\nhost:
     * www.example.com\r\nconnection: close\r\n\r\n}.
     */
    public byte[] request() {
        final StringBuilder sb = new StringBuilder(128);
        sb.append(method).append(' ').append(uri).append(' ').append(version).append("\r\n");
        for (int i = 0; i < headers.size(); i += 2) {
            sb.append(headers.get(i).toLowerCase(Locale.ROOT)).append(": ").append(headers.get(i + 1)).append("\r\n");
        }
        final byte[] bodyBytes = body.getBytes(StandardCharsets.ISO_8859_1);
        if (bodyBytes.length > 0) {
            sb.append("content-length: ").append(bodyBytes.length).append("\r\n");
        }
        if (!version.equalsIgnoreCase("HTTP/1.0")) {
            sb.append("connection: close\r\n");
        }
        sb.append("\r\n").append(body);
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    public HttpCheckConfig withRequestLine(final String m, final String u, final String v) {
        return new HttpCheckConfig(m == null ? method : m, u == null ? uri : u, v == null ? version : v, headers,
            body, expect, disableOn404);
    }

    public HttpCheckConfig withHeader(final String name, final String value) {
        final List<String> h = new ArrayList<>(headers);
        h.add(name);
        h.add(value);
        return new HttpCheckConfig(method, uri, version, h, body, expect, disableOn404);
    }

    public HttpCheckConfig withBody(final String v) {
        return new HttpCheckConfig(method, uri, version, headers, v, expect, disableOn404);
    }

    public HttpCheckConfig withExpect(final Expect v) {
        return new HttpCheckConfig(method, uri, version, headers, body, v, disableOn404);
    }

    public HttpCheckConfig withDisableOn404(final boolean v) {
        return new HttpCheckConfig(method, uri, version, headers, body, expect, v);
    }

    /** What an {@code http-check expect} asks of the response. */
    public enum ExpectKind {
        /** {@code status 200,300-399}: the status is in one of the ranges. */
        STATUS,
        /** {@code rstatus REGEX}: the status's three digits match. */
        RSTATUS,
        /** {@code string STR}: the body read contains it. */
        STRING,
        /** {@code rstring REGEX}: the body read matches. */
        RSTRING,
        /** {@code hdr} or {@code fhdr}: a response header matches ({@link Expect#header()}). */
        HDR;

        /** Whether the expectation looks at the body. */
        public boolean onBody() {
            return this == STRING || this == RSTRING;
        }
    }

    /**
     * One {@code http-check expect [!] KIND PATTERN}.
     *
     * @param negated {@code !}: the check passes when the pattern does not match
     * @param kind    what is matched
     * @param text    the pattern as written
     * @param ranges  for {@link ExpectKind#STATUS}: low, high pairs (inclusive); else empty
     * @param regex   for the regular-expression kinds, else null
     * @param header  for {@link ExpectKind#HDR}: the header test, else null
     */
    public record Expect(boolean negated, ExpectKind kind, String text, List<Integer> ranges, Pattern regex,
                         CheckHeaderMatch header) {
        public Expect {
            ranges = List.copyOf(ranges);
        }

        /** A status or body expectation. */
        public Expect(final boolean negated, final ExpectKind kind, final String text, final List<Integer> ranges,
                      final Pattern regex) {
            this(negated, kind, text, ranges, regex, null);
        }

        /** An {@code hdr}/{@code fhdr} expectation. */
        public static Expect header(final boolean negated, final CheckHeaderMatch header) {
            return new Expect(negated, ExpectKind.HDR, header.name(), List.of(), null, header);
        }

        /** Whether {@code status} matches (before negation); status kinds only. */
        public boolean matchesStatus(final int status) {
            if (kind == ExpectKind.RSTATUS) {
                return regex.matcher(String.valueOf(status)).find();
            }
            for (int i = 0; i < ranges.size(); i += 2) {
                if (status >= ranges.get(i) && status <= ranges.get(i + 1)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether {@code body} matches (before negation); body kinds only. */
        public boolean matchesBody(final String body) {
            return kind == ExpectKind.STRING ? body.contains(text) : regex.matcher(body).find();
        }
    }
}
