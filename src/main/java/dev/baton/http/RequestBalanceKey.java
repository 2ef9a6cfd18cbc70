package dev.baton.http;

import dev.baton.backend.Backend;
import dev.baton.backend.LoadBalancer;
import dev.baton.backend.balance.BalanceKeys;
import dev.baton.config.BalanceAlgorithm;
import dev.baton.config.BalanceParams;
import dev.baton.sample.fetch.HeaderValues;

import java.nio.ByteBuffer;

/**
 * The balancing key of a request for its backend's algorithm, read from the parsed head's bytes as HAProxy 2.6's
 * get_server_uh, get_server_ph and get_server_hh read theirs: {@code uri} (the request target, or its path with
 * {@code path-only}; up to the {@code ?} unless {@code whole}; at most {@code len} bytes; up to the
 * {@code depth}-th slash), {@code url_param} (the value of the first {@code NAME=} parameter of the query
 * string, case-sensitive; for a POST without one, in its body: {@link PostParamKey}), {@code hdr(NAME)} (the first comma-separated element of the first such header, or
 * with {@code use_domain_only} the label before its last dot). The key is what the head says as received: rules
 * that rewrite the head are not seen. A missing or empty key gives {@link LoadBalancer#NO_KEY}. Reactor thread,
 * no allocation.
 */
final class RequestBalanceKey {
    private RequestBalanceKey() {
    }

    /**
     * The key of request {@code req} for {@code backend}; {@code addressHash} ({@link BalanceKeys#addressHash} of
     * the client) serves {@code source} and the algorithms that ignore the key.
     */
    static long of(final Backend backend, final HttpHead req, final dev.baton.sample.SampleContext view,
                   final int addressHash) {
        final BalanceAlgorithm algorithm = backend.config().balance();
        final BalanceParams params = backend.config().extras().balanceParams();
        if (algorithm == BalanceAlgorithm.HASH) {
            return BalanceKeys.expression(params, view);
        }
        if (!algorithm.layer7()) {
            return BalanceKeys.source(params, addressHash);
        }
        return switch (algorithm) {
            case URI -> uri(params, req);
            case URL_PARAM -> {
                final long key = urlParam(params, req);
                yield key == LoadBalancer.NO_KEY && req.method() == HttpMethod.POST ? PostParamKey.of(params, view)
                    : key;
            }
            default -> header(params, req);
        };
    }

    private static long uri(final BalanceParams params, final HttpHead req) {
        final ByteBuffer b = req.buffer();
        final int targetEnd = req.targetStart() + req.targetLength();
        int start = req.targetStart();
        if (params.uriPathOnly()) {
            final boolean asterisk = req.targetLength() == 1 && b.get(start) == '*';
            final boolean authorityForm = req.authorityLength() > 0 && req.schemeLength() == 0;
            start = asterisk || authorityForm ? targetEnd : req.pathStart();
        }
        int remaining = targetEnd - start;
        if (params.uriLen() > 0) {
            remaining = Math.min(remaining, params.uriLen());
        }
        final int endSlash = params.uriDepth() > 0 ? params.uriDepth() + 1 : 0;
        int slashes = 0;
        int end = start;
        while (remaining-- > 0) {
            final byte c = b.get(end);
            if (c == '/') {
                if (++slashes == endSlash) {
                    break;
                }
            } else if (c == '?' && !params.uriWhole()) {
                break;
            }
            end++;
        }
        return BalanceKeys.bytes(params, b, start, end - start);
    }

    private static long urlParam(final BalanceParams params, final HttpHead req) {
        final ByteBuffer b = req.buffer();
        final int targetEnd = req.targetStart() + req.targetLength();
        int p = indexOf(b, req.targetStart(), targetEnd, (byte) '?');
        if (p < 0) {
            return LoadBalancer.NO_KEY;
        }
        p++;
        final String name = params.name();
        final int nameLen = name.length();
        while (targetEnd - p > nameLen) {
            if (b.get(p + nameLen) == '=' && sameBytes(b, p, name, false)) {
                final int start = p + nameLen + 1;
                int end = start;
                while (end < targetEnd && b.get(end) != '&') {
                    end++;
                }
                return BalanceKeys.bytes(params, b, start, end - start);
            }
            final int amp = indexOf(b, p, targetEnd, (byte) '&');
            if (amp < 0) {
                return LoadBalancer.NO_KEY;
            }
            p = amp + 1;
        }
        return LoadBalancer.NO_KEY;
    }

    private static long header(final BalanceParams params, final HttpHead req) {
        final ByteBuffer b = req.buffer();
        final String name = params.name();
        for (int i = 0; i < req.headerCount(); i++) {
            if (req.nameLength(i) == name.length() && sameBytes(b, req.nameStart(i), name, true)) {
                return headerValue(params, b, req.valueStart(i), req.valueStart(i) + req.valueLength(i));
            }
        }
        return LoadBalancer.NO_KEY;
    }

    /** The key of the header value in {@code [from, to)} (OWS already cut at both ends). */
    private static long headerValue(final BalanceParams params, final ByteBuffer b, final int from, final int to) {
        int end = HeaderValues.nextComma(b, from, to);
        while (end > from && isLws(b.get(end - 1))) {
            end--;
        }
        if (end == from) {
            return LoadBalancer.NO_KEY; // HAProxy: an empty value falls back to round robin
        }
        if (!params.useDomainOnly()) {
            return BalanceKeys.bytes(params, b, from, end - from);
        }
        // HAProxy's walk back from the end: the last dot after the first byte ends the domain, which starts after
        // the dot before it (looked for from one byte before the last dot), else at the start: "www.example.com"
        // gives "example", "example.com" gives "example", "localhost" stays whole
        int lastDot = -1;
        for (int i = end - 1; i > from; i--) {
            if (b.get(i) == '.') {
                lastDot = i;
                break;
            }
        }
        if (lastDot < 0) {
            return BalanceKeys.bytes(params, b, from, end - from);
        }
        int start = from;
        for (int p = lastDot - 1; p > from; p--) {
            if (b.get(p - 1) == '.') {
                start = p;
                break;
            }
        }
        return BalanceKeys.bytes(params, b, start, lastDot - start);
    }

    private static boolean isLws(final byte c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static int indexOf(final ByteBuffer b, final int from, final int to, final byte wanted) {
        for (int i = from; i < to; i++) {
            if (b.get(i) == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the bytes at {@code at} spell {@code text} (ASCII), in any case when {@code ignoreCase}. */
    private static boolean sameBytes(final ByteBuffer b, final int at, final String text, final boolean ignoreCase) {
        for (int i = 0; i < text.length(); i++) {
            int c = b.get(at + i) & 0xff;
            int t = text.charAt(i);
            if (ignoreCase) {
                c = c >= 'A' && c <= 'Z' ? c + 32 : c;
                t = t >= 'A' && t <= 'Z' ? t + 32 : t;
            }
            if (c != t) {
                return false;
            }
        }
        return true;
    }
}
