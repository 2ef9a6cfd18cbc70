package dev.baton.http.rules;

import dev.baton.http.auth.AuthCheck;
import dev.baton.http.text.Ascii;
import dev.baton.io.TlsInfo;
import dev.baton.http.text.HeaderName;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One compiled ACL test: a sample fetched from the message (path, method, a header's values, an address)
 * and the patterns it is compared with; the test passes when any pattern matches (any value, for a header
 * tested over all its values). Built at configuration load with patterns pre-encoded (UTF-8, lower-cased
 * when case is ignored); {@link #matches(MessageView)} allocates nothing. Immutable and shared by reactors.
 */
public final class AclTerm {
    /** Which part of the message a rule may read a sample from. */
    public enum Side {
        /** Connection-level: available to request and response rules. */
        ANY,
        REQUEST,
        RESPONSE
    }

    /** What is fetched. */
    public enum Sample {
        PATH(Side.REQUEST), METHOD(Side.REQUEST), REQ_HDR(Side.REQUEST), RES_HDR(Side.RESPONSE), SRC(Side.ANY),
        DST(Side.ANY), CONSTANT(Side.ANY),
        /** {@code ssl_fc}: the client connection is TLS. */
        SSL_FC(Side.ANY),
        /** {@code ssl_fc_sni}, {@code ssl_fc_protocol}, {@code ssl_fc_cipher}, {@code ssl_fc_alpn}: strings. */
        SSL_FC_SNI(Side.ANY), SSL_FC_PROTOCOL(Side.ANY), SSL_FC_CIPHER(Side.ANY), SSL_FC_ALPN(Side.ANY),
        /** {@code http_auth(L)} and {@code http_auth_group(L) G...}: delegated to {@link AuthCheck}. */
        HTTP_AUTH(Side.REQUEST),
        /** The certificate fetches ({@code ssl_c_*}, {@code ssl_f_*}, {@code ssl_fc_is_resumed}): TlsAclTest. */
        TLS_FETCH(Side.ANY);

        private final Side side;

        Sample(final Side side) {
            this.side = side;
        }

        public Side side() {
            return side;
        }
    }

    /** How a string sample is compared with the patterns (HAProxy's {@code -m str|beg|end|sub|found}). */
    public enum Match {
        STR, BEG, END, SUB, FOUND
    }

    private final String keyword;
    private final Sample sample;
    private final Match match;
    private final boolean ignoreCase;
    private final byte[][] patterns;
    private final HeaderName header;
    private final int occurrence;
    private final Network[] networks;
    private final boolean constant;
    private final String text;
    /** The test of {@link Sample#HTTP_AUTH}, null for every other sample. */
    private final AuthCheck auth;
    /** The test of {@link Sample#TLS_FETCH}, null for every other sample. */
    private final TlsAclTest tlsTest;
    /** {@link #test} as the header walk takes it, made once so that matching allocates nothing. */
    private final HeaderValues.ValueTest valueTest = this::test;

    private AclTerm(final String keyword, final Sample sample, final Match match, final boolean ignoreCase,
                    final byte[][] patterns, final HeaderName header, final int occurrence, final Network[] networks,
                    final boolean constant, final String text, final TlsAclTest tlsTest) {
        this.tlsTest = tlsTest;
        this.keyword = keyword;
        this.sample = sample;
        this.match = match;
        this.ignoreCase = ignoreCase;
        this.patterns = patterns;
        this.header = header;
        this.occurrence = occurrence;
        this.networks = networks;
        this.constant = constant;
        this.text = text;
        this.auth = null;
    }

    private AclTerm(final String keyword, final AuthCheck auth, final String text) {
        this.keyword = keyword;
        this.sample = Sample.HTTP_AUTH;
        this.match = null;
        this.ignoreCase = false;
        this.patterns = null;
        this.header = null;
        this.occurrence = 0;
        this.networks = null;
        this.constant = false;
        this.text = text;
        this.auth = auth;
        this.tlsTest = null;
    }

    /** {@code http_auth(L)} or {@code http_auth_group(L) G...}: the request's Basic credentials pass {@code check}. */
    public static AclTerm auth(final String keyword, final AuthCheck check) {
        return new AclTerm(keyword, check, describe(keyword, false, null, check.groups()));
    }

    /** The authentication test of an {@code http_auth*} term, null for any other. */
    public AuthCheck authCheck() {
        return auth;
    }

    /**
     * A string test. {@code sample} is PATH, METHOD, REQ_HDR or RES_HDR; {@code header} names the header of
     * the last two (null otherwise) and {@code occurrence} picks one of its values (1 the first, -1 the
     * last...) or 0 for all of them. {@code keyword} is the criterion as written, for messages.
     */
    public static AclTerm strings(final String keyword, final Sample sample, final HeaderName header,
                                  final int occurrence, final Match match, final boolean ignoreCase,
                                  final List<String> patterns) {
        final boolean isHeader = sample == Sample.REQ_HDR || sample == Sample.RES_HDR;
        if (!isHeader && sample != Sample.PATH && sample != Sample.METHOD && !isTlsString(sample)) {
            throw new IllegalArgumentException(sample + " is not a string sample");
        }
        if (isHeader != (header != null) || (!isHeader && occurrence != 0)) {
            throw new IllegalArgumentException("a header name and occurrence go with a header sample only");
        }
        final byte[][] encoded = new byte[patterns.size()][];
        for (int i = 0; i < encoded.length; i++) {
            final byte[] bytes = patterns.get(i).getBytes(StandardCharsets.UTF_8);
            encoded[i] = ignoreCase ? Ascii.lower(bytes) : bytes;
        }
        return new AclTerm(keyword, sample, match, ignoreCase, encoded, header, occurrence, null, false,
            describe(keyword, ignoreCase, match, patterns), null);
    }

    /** An address test: {@code sample} is SRC or DST; passes when the address is in any of the networks. */
    public static AclTerm addresses(final String keyword, final Sample sample, final List<Network> networks) {
        if (sample != Sample.SRC && sample != Sample.DST) {
            throw new IllegalArgumentException(sample + " is not an address sample");
        }
        final List<String> shown = new ArrayList<>();
        for (final Network n : networks) {
            shown.add(n.toString());
        }
        return new AclTerm(keyword, sample, null, false, null, null, 0, networks.toArray(new Network[0]), false,
            describe(keyword, false, null, shown), null);
    }

    /** {@code ssl_fc}: passes on a TLS client connection. */
    public static AclTerm tlsFlag(final String keyword) {
        return new AclTerm(keyword, Sample.SSL_FC, null, false, null, null, 0, null, false, keyword, null);
    }

    /** A certificate fetch against its patterns ({@link TlsAclTest}). */
    public static AclTerm tlsFetch(final String keyword, final TlsAclTest test) {
        return new AclTerm(keyword, Sample.TLS_FETCH, null, false, null, null, 0, null, false, test.toString(), test);
    }

    private static boolean isTlsString(final Sample sample) {
        return sample == Sample.SSL_FC_SNI || sample == Sample.SSL_FC_PROTOCOL || sample == Sample.SSL_FC_CIPHER
            || sample == Sample.SSL_FC_ALPN;
    }

    /** A test that always passes or never does ({@code always_true}, {@code always_false}). */
    public static AclTerm constant(final String keyword, final boolean value) {
        return new AclTerm(keyword, Sample.CONSTANT, null, false, null, null, 0, null, value, keyword, null);
    }

    /**
     * Whether the message passes this test. A request-side sample needs a {@link RequestView}; a condition
     * never asks a term of the other side (see {@link Side}).
     */
    public boolean matches(final MessageView view) {
        switch (sample) {
            case PATH: {
                final RequestView request = (RequestView) view;
                return request.pathLength() > 0 && test(view.buffer(), request.pathStart(), request.pathLength());
            }
            case METHOD: {
                final RequestView request = (RequestView) view;
                return test(view.buffer(), request.methodStart(), request.methodLength());
            }
            case REQ_HDR:
            case RES_HDR: {
                if (occurrence == 0) {
                    return HeaderValues.anyMatch(view, header, valueTest);
                }
                final long value = HeaderValues.find(view, header, occurrence);
                return value >= 0 && test(view.buffer(), HeaderValues.start(value), HeaderValues.length(value));
            }
            case SRC:
                return inNetworks(view.srcAddress());
            case DST:
                return inNetworks(view.dstAddress());
            case SSL_FC:
                return view.tls() != null;
            case SSL_FC_SNI:
            case SSL_FC_PROTOCOL:
            case SSL_FC_CIPHER:
            case SSL_FC_ALPN:
                return testTls(view.tls());
            case HTTP_AUTH:
                return auth.test(view);
            case TLS_FETCH:
                return tlsTest.matches(view.tls());
            default:
                return constant;
        }
    }

    /** A string of the connection's TLS session against the patterns; no sample (plain TCP, no SNI) never matches. */
    private boolean testTls(final TlsInfo tls) {
        if (tls == null) {
            return false;
        }
        final ByteBuffer value;
        switch (sample) {
            case SSL_FC_SNI:
                value = tls.sniBytes();
                break;
            case SSL_FC_PROTOCOL:
                value = tls.protocolBytes();
                break;
            case SSL_FC_CIPHER:
                value = tls.cipherBytes();
                break;
            default:
                value = tls.alpnBytes();
                break;
        }
        return value != null && test(value, 0, value.limit());
    }

    /** One string sample against the patterns. */
    private boolean test(final ByteBuffer buffer, final int start, final int length) {
        if (match == Match.FOUND) {
            return true;
        }
        for (final byte[] p : patterns) {
            if (matchOne(buffer, start, length, p)) {
                return true;
            }
        }
        return false;
    }

    private boolean matchOne(final ByteBuffer buffer, final int start, final int length, final byte[] p) {
        switch (match) {
            case STR:
                return length == p.length && Ascii.regionMatches(buffer, start, p, ignoreCase);
            case BEG:
                return length >= p.length && Ascii.regionMatches(buffer, start, p, ignoreCase);
            case END:
                return length >= p.length && Ascii.regionMatches(buffer, start + length - p.length, p, ignoreCase);
            default:
                return Ascii.contains(buffer, start, length, p, ignoreCase);
        }
    }

    private boolean inNetworks(final byte[] address) {
        for (final Network n : networks) {
            if (n.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** The criterion as written, such as {@code hdr_beg(host)}. */
    public String keyword() {
        return keyword;
    }

    public Sample sample() {
        return sample;
    }

    public Side side() {
        return sample.side();
    }

    private static String describe(final String keyword, final boolean ignoreCase, final Match match,
                                   final List<String> patterns) {
        final StringBuilder out = new StringBuilder(keyword);
        if (ignoreCase) {
            out.append(" -i");
        }
        if (match == Match.FOUND) {
            out.append(" -m found");
        }
        for (final String p : patterns) {
            out.append(' ').append(p);
        }
        return out.toString();
    }

    /** The test as it could be written in an {@code acl} line, such as {@code path_beg -i /api /v2}. */
    @Override
    public String toString() {
        return text;
    }
}
