package dev.baton.http.rules;

import dev.baton.http.auth.AuthCheck;
import dev.baton.sample.Sample;
import dev.baton.sample.SampleContext;
import dev.baton.sample.SampleExpr;
import dev.baton.sample.SampleParser;
import dev.baton.sample.Scratch;
import dev.baton.sample.Uses;
import dev.baton.sample.match.MatchMethod;
import dev.baton.sample.match.PatternCompiler;
import dev.baton.sample.match.Patterns;

import java.util.ArrayList;
import java.util.List;

/**
 * One compiled ACL test, HAProxy's {@code acl_expr}: a sample expression ({@link SampleExpr}, a fetch and its
 * converters), a match method and the patterns compiled for it. The test passes when any value of the sample (every
 * value of a multi-value fetch such as {@code hdr(x)}) matches any pattern after the cast to the method's type.
 * Built at configuration load; {@link #matches(SampleContext)} allocates nothing. Immutable and shared by reactors.
 */
public final class AclTerm {
    /** Which part of the stream a rule may read a sample from (see {@link Uses} for the full picture). */
    public enum Side {
        /** Connection-level: available to request and response rules. */
        ANY(Uses.TCP_SESSION),
        REQUEST(Uses.HTTP_REQUEST),
        RESPONSE(Uses.HTTP_RESPONSE),
        /** {@code tcp-request content} rules and switching rules of a mode tcp frontend: the bytes received too. */
        CONTENT(Uses.TCP_CONTENT),
        /** {@code tcp-request content} rules of a mode http proxy: the request head (payload fetches find nothing). */
        HTTP_CONTENT(Uses.HTTP_REQUEST | Uses.REQ_PAYLOAD),
        /** {@code tcp-response content} rules: the bytes received from the server. */
        RESPONSE_CONTENT(Uses.TCP_RESPONSE);

        private final int offered;

        Side(final int offered) {
            this.offered = offered;
        }

        /** What rules running on this side offer to fetches ({@link Uses} bits). */
        public int offered() {
            return offered;
        }
    }

    /** The fetches of the legacy factories {@link #strings} and {@link #addresses}. */
    public enum Sample {
        PATH("path"), METHOD("method"), REQ_HDR("req.hdr"), RES_HDR("res.hdr"), SRC("src"), DST("dst"),
        SSL_FC_SNI("ssl_fc_sni"), SSL_FC_PROTOCOL("ssl_fc_protocol"), SSL_FC_CIPHER("ssl_fc_cipher"),
        SSL_FC_ALPN("ssl_fc_alpn");

        private final String fetch;

        Sample(final String fetch) {
            this.fetch = fetch;
        }
    }

    /** String match methods of the legacy factory {@link #strings}. */
    public enum Match {
        STR, BEG, END, SUB, FOUND
    }

    private final String keyword;
    private final SampleExpr expr;
    private final MatchMethod method;
    private final Patterns patterns;
    private final String text;
    /** The test of an {@code http_auth*} term ({@link #auth}), null for every other. */
    private final AuthCheck auth;

    private AclTerm(final String keyword, final SampleExpr expr, final MatchMethod method, final Patterns patterns,
                    final String text) {
        this(keyword, expr, method, patterns, text, null);
    }

    private AclTerm(final String keyword, final SampleExpr expr, final MatchMethod method, final Patterns patterns,
                    final String text, final AuthCheck auth) {
        this.keyword = keyword;
        this.expr = expr;
        this.method = method;
        this.patterns = patterns;
        this.text = text;
        this.auth = auth;
    }

    /**
     * {@code http_auth(L)} or {@code http_auth_group(L) G...}: the request's Basic credentials pass {@code check}.
     * Its sample is the request's {@code Authorization} header (so that it is a request-side test); the credentials
     * are checked against the userlist, resolved once every section is read.
     */
    public static AclTerm auth(final String keyword, final AuthCheck check) {
        return new AclTerm(keyword, SampleParser.parse("req.hdr(authorization)", Uses.HTTP_REQUEST),
            MatchMethod.FOUND, PatternCompiler.compile(MatchMethod.FOUND, false, List.of()),
            describe(keyword, false, null, check.groups()), check);
    }

    /** The authentication test of an {@code http_auth*} term, null for any other. */
    public AuthCheck authCheck() {
        return auth;
    }

    /**
     * The test of {@code expr} by {@code method} against {@code patterns} ({@code ignoreCase}: {@code -i}).
     * {@code keyword} is the criterion as written (such as {@code hdr_beg(host)}); {@code text} the whole test.
     * A bad pattern throws {@link dev.baton.sample.SampleException}.
     */
    public static AclTerm of(final String keyword, final SampleExpr expr, final MatchMethod method,
                             final boolean ignoreCase, final List<String> patterns, final String text) {
        return new AclTerm(keyword, expr, method, PatternCompiler.compile(method, ignoreCase, patterns), text);
    }

    /**
     * The test of {@code expr} by {@code method} against live {@code patterns} (the pattern references of the runtime
     * API, see {@link dev.baton.sample.match.LivePatterns}).
     */
    public static AclTerm of(final String keyword, final SampleExpr expr, final MatchMethod method,
                             final Patterns patterns, final String text) {
        return new AclTerm(keyword, expr, method, patterns, text);
    }

    /**
     * A string test of {@code sample}; {@code header} names the header of REQ_HDR and RES_HDR (null otherwise)
     * and {@code occurrence} picks one of its values (1 the first, -1 the last...) or 0 for all of them.
     */
    public static AclTerm strings(final String keyword, final Sample sample, final dev.baton.http.text.HeaderName header,
                                  final int occurrence, final Match match, final boolean ignoreCase,
                                  final List<String> patterns) {
        final boolean isHeader = sample == Sample.REQ_HDR || sample == Sample.RES_HDR;
        if (isHeader != (header != null) || (!isHeader && occurrence != 0) || sample == Sample.SRC
            || sample == Sample.DST) {
            throw new IllegalArgumentException("a header name and occurrence go with a header sample only");
        }
        final String fetch = sample.fetch + (isHeader ? "(" + header + (occurrence != 0 ? "," + occurrence : "")
            + ")" : "");
        final SampleExpr expr = SampleParser.parse(fetch, Uses.HTTP_REQUEST | Uses.HTTP_RESPONSE);
        return of(keyword, expr, MatchMethod.valueOf(match.name()), ignoreCase, patterns,
            describe(keyword, ignoreCase, match == Match.FOUND ? "found" : null, patterns));
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
        return of(keyword, SampleParser.parse(sample.fetch, Uses.L4), MatchMethod.IP, false, shown,
            describe(keyword, false, null, shown));
    }

    /** A test that always passes or never does ({@code always_true}, {@code always_false}). */
    public static AclTerm constant(final String keyword, final boolean value) {
        return of(keyword, SampleParser.parse(value ? "always_true" : "always_false", Uses.INTERNAL), MatchMethod.BOOL,
            false, List.of(), keyword);
    }

    /**
     * Whether the stream passes this test. A fetch of a side the context does not have finds no sample; a condition
     * never asks a term of the other side (see {@link Side}).
     */
    public boolean matches(final SampleContext ctx) {
        if (auth != null) {
            return ctx instanceof MessageView && auth.test((MessageView) ctx);
        }
        final Scratch scratch = ctx.scratch();
        final dev.baton.sample.Sample s = scratch.borrow();
        try {
            s.begin(true);
            do {
                if (!expr.evalNext(ctx, s)) {
                    return false;
                }
                if (s.cast(method.input(), scratch) && patterns.matches(s, scratch)) {
                    return true;
                }
            } while (s.more());
            return false;
        } finally {
            scratch.giveBack();
        }
    }

    /**
     * HAProxy's three-valued test of one ACL expression ({@code acl_exec_cond}): {@link Condition#PASS} when it
     * matches, {@link Condition#MISS} when it does not yet but a fetch said more bytes may change that (see
     * {@link SampleContext#mayChange()}), else {@link Condition#FAIL}.
     */
    public int decide(final SampleContext ctx) {
        final int before = ctx.mayChangeCount();
        if (matches(ctx)) {
            return Condition.PASS;
        }
        return ctx.mayChangeCount() != before ? Condition.MISS : Condition.FAIL;
    }

    /** The criterion as written, such as {@code hdr_beg(host)}. */
    public String keyword() {
        return keyword;
    }

    /** Where the test's fetch reads ({@link Uses} bits). */
    public int uses() {
        return expr.uses();
    }

    /** The side whose rules can evaluate this test: REQUEST or RESPONSE for a head fetch, else ANY. */
    public Side side() {
        final int uses = expr.uses();
        if ((uses & (Uses.INTERNAL | Uses.L4)) != 0) {
            return Side.ANY;
        }
        return (uses & Uses.REQ) != 0 ? Side.REQUEST : Side.RESPONSE;
    }

    public MatchMethod method() {
        return method;
    }

    /** How many patterns the test holds. */
    public int patternCount() {
        return patterns.size();
    }

    /** The test as written in an {@code acl} line, with flags and patterns. */
    static String describe(final String keyword, final boolean ignoreCase, final String method,
                           final List<String> patterns) {
        final StringBuilder out = new StringBuilder(keyword);
        if (ignoreCase) {
            out.append(" -i");
        }
        if (method != null) {
            out.append(" -m ").append(method);
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
