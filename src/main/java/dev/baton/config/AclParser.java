package dev.baton.config;

import dev.baton.http.rules.AclTerm;
import dev.baton.http.rules.AclTerm.Match;
import dev.baton.http.rules.AclTerm.Sample;
import dev.baton.http.rules.TlsAclTest;
import dev.baton.io.TlsFetch;
import dev.baton.http.text.HeaderName;
import dev.baton.http.rules.Network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code acl NAME CRITERION [FLAGS] [--] PATTERN...} and the same test between braces in a condition (an
 * anonymous ACL), compiled into an {@link AclTerm}. Criteria: {@code path}, {@code path_beg},
 * {@code path_end}, {@code path_sub}, {@code method}, {@code hdr(NAME[,OCC])} and {@code req.hdr(...)} with
 * {@code hdr_beg}, {@code hdr_end}, {@code hdr_sub} (request headers), {@code res.hdr(...)} and
 * {@code shdr(...)} with {@code shdr_beg}, {@code shdr_end}, {@code shdr_sub} (response headers), {@code src},
 * {@code dst}, {@code ssl_fc} (a TLS client connection), {@code ssl_fc_sni} (and {@code ssl_fc_sni_end}),
 * {@code ssl_fc_protocol}, {@code ssl_fc_cipher}, {@code ssl_fc_alpn}, the certificate fetches of {@link TlsFetch}
 * ({@code ssl_c_*}, {@code ssl_f_*}, {@code ssl_fc_is_resumed}), {@code always_true}, {@code always_false}.
 * Flags: {@code -i} (ignore case), {@code -m str|beg|end|sub|found} on the plain string criteria, {@code --} (end of flags). Also knows HAProxy's
 * predefined ACLs that these criteria can express. A refused line throws {@link LineError}. Stateless.
 */
final class AclParser {
    static final String EXPECTED_ACL = "a name, a criterion and patterns such as is_api path_beg /api";
    static final String EXPECTED_HDR_ARGS = "a header name and an optional occurrence such as hdr(host) or "
        + "hdr(x-forwarded-for,-1)";
    static final String EXPECTED_MATCH = "one of str, beg, end, sub, found";

    /** A criterion: what it fetches, how it matches by default, whether {@code -m} may change that. */
    private record Criterion(Sample sample, Match match, boolean takesHeader, boolean allowsMatchFlag) {
    }

    private static final Map<String, Criterion> CRITERIA = new LinkedHashMap<>();

    static {
        CRITERIA.put("path", new Criterion(Sample.PATH, Match.STR, false, true));
        CRITERIA.put("path_beg", new Criterion(Sample.PATH, Match.BEG, false, false));
        CRITERIA.put("path_end", new Criterion(Sample.PATH, Match.END, false, false));
        CRITERIA.put("path_sub", new Criterion(Sample.PATH, Match.SUB, false, false));
        CRITERIA.put("hdr", new Criterion(Sample.REQ_HDR, Match.STR, true, true));
        CRITERIA.put("hdr_beg", new Criterion(Sample.REQ_HDR, Match.BEG, true, false));
        CRITERIA.put("hdr_end", new Criterion(Sample.REQ_HDR, Match.END, true, false));
        CRITERIA.put("hdr_sub", new Criterion(Sample.REQ_HDR, Match.SUB, true, false));
        CRITERIA.put("req.hdr", new Criterion(Sample.REQ_HDR, Match.STR, true, true));
        CRITERIA.put("method", new Criterion(Sample.METHOD, Match.STR, false, false));
        CRITERIA.put("src", new Criterion(Sample.SRC, null, false, false));
        CRITERIA.put("dst", new Criterion(Sample.DST, null, false, false));
        CRITERIA.put("res.hdr", new Criterion(Sample.RES_HDR, Match.STR, true, true));
        CRITERIA.put("shdr", new Criterion(Sample.RES_HDR, Match.STR, true, true));
        CRITERIA.put("shdr_beg", new Criterion(Sample.RES_HDR, Match.BEG, true, false));
        CRITERIA.put("shdr_end", new Criterion(Sample.RES_HDR, Match.END, true, false));
        CRITERIA.put("shdr_sub", new Criterion(Sample.RES_HDR, Match.SUB, true, false));
        CRITERIA.put("ssl_fc", new Criterion(Sample.SSL_FC, null, false, false));
        CRITERIA.put("ssl_fc_sni", new Criterion(Sample.SSL_FC_SNI, Match.STR, false, true));
        CRITERIA.put("ssl_fc_sni_end", new Criterion(Sample.SSL_FC_SNI, Match.END, false, false));
        CRITERIA.put("ssl_fc_protocol", new Criterion(Sample.SSL_FC_PROTOCOL, Match.STR, false, true));
        CRITERIA.put("ssl_fc_cipher", new Criterion(Sample.SSL_FC_CIPHER, Match.STR, false, true));
        CRITERIA.put("ssl_fc_alpn", new Criterion(Sample.SSL_FC_ALPN, Match.STR, false, true));
        for (final String tls : TlsFetch.names()) {
            CRITERIA.put(tls, new Criterion(Sample.TLS_FETCH, Match.STR, false, true));
        }
        CRITERIA.put("always_true", new Criterion(Sample.CONSTANT, null, false, false));
        CRITERIA.put("always_false", new Criterion(Sample.CONSTANT, null, false, false));
    }

    /** HAProxy's predefined ACLs that baton can express, by name. */
    private static final Map<String, List<AclTerm>> PREDEFINED = new LinkedHashMap<>();

    static {
        PREDEFINED.put("TRUE", List.of(AclTerm.constant("always_true", true)));
        PREDEFINED.put("FALSE", List.of(AclTerm.constant("always_false", false)));
        PREDEFINED.put("HTTP", List.of(AclTerm.constant("req.proto_http", true)));
        PREDEFINED.put("LOCALHOST", List.of(AclTerm.addresses("src", Sample.SRC,
            List.of(Addresses.network("127.0.0.1/8"), Addresses.network("::1")))));
        PREDEFINED.put("METH_CONNECT", methods("CONNECT"));
        PREDEFINED.put("METH_DELETE", methods("DELETE"));
        PREDEFINED.put("METH_GET", methods("GET", "HEAD"));
        PREDEFINED.put("METH_HEAD", methods("HEAD"));
        PREDEFINED.put("METH_OPTIONS", methods("OPTIONS"));
        PREDEFINED.put("METH_POST", methods("POST"));
        PREDEFINED.put("METH_PUT", methods("PUT"));
        PREDEFINED.put("METH_TRACE", methods("TRACE"));
    }

    private AclParser() {
    }

    private static List<AclTerm> methods(final String... names) {
        return List.of(AclTerm.strings("method", Sample.METHOD, null, 0, Match.STR, false, List.of(names)));
    }

    /** The terms of predefined ACL {@code name}, or null when baton has no such predefined ACL. */
    static List<AclTerm> predefined(final String name) {
        return PREDEFINED.get(name);
    }

    /** {@code acl NAME CRITERION ...}: adds a test to the section's ACL of that name (ACLs are per proxy). */
    static void acl(final Directive d, final ProxyDraft p) {
        if (p.section == Section.DEFAULTS) {
            throw new LineError(Messages.notImplementedIn("acl", Section.DEFAULTS));
        }
        final String name = d.require(1, "acl", EXPECTED_ACL);
        if (!Names.isValid(name)) {
            throw new LineError(Messages.badValue("acl", Names.EXPECTED, name));
        }
        d.require(2, "acl " + name, "a criterion such as path_beg and patterns");
        p.http.addAcl(name, term(d, 2, d.size(), p.http));
    }

    /** The test written in words {@code from} (the criterion) to {@code to}, exclusive, in the section of {@code http}. */
    static AclTerm term(final Directive d, final int from, final int to, final HttpDraft http) {
        final String written = d.word(from);
        final int open = written.indexOf('(');
        final String name = open < 0 ? written : written.substring(0, open);
        if (AuthAclParser.isCriterion(name)) {
            return AuthAclParser.term(d, from, to, http);
        }
        final Criterion c = CRITERIA.get(name);
        if (c == null) {
            throw new LineError(UnsupportedKeywords.ACL_CRITERIA.contains(name) ? Messages.notImplemented(name)
                : Messages.unknownCriterion(name, KeywordSuggestions.closest(name, CRITERIA.keySet())));
        }
        final String args = c.sample() == Sample.TLS_FETCH ? null : arguments(written, open, name, c.takesHeader());
        Match match = c.match();
        boolean ignoreCase = false;
        int i = from + 1;
        for (; i < to && d.word(i).startsWith("-"); i++) {
            final String flag = d.word(i);
            if (flag.equals("--")) {
                i++;
                break;
            } else if (flag.equals("-i")) {
                ignoreCase = true;
            } else if (flag.equals("-m")) {
                match = matchFlag(d, ++i, to, name, c);
            } else if (flag.equals("-f") || flag.equals("-M") || flag.equals("-u") || flag.equals("-n")) {
                throw new LineError(Messages.notImplemented("acl " + flag));
            } else {
                throw new LineError("'" + Messages.echo(flag) + "' is not a valid ACL flag; put '--' before a pattern "
                    + "that begins with '-'");
            }
        }
        final List<String> patterns = new ArrayList<>();
        for (; i < to; i++) {
            patterns.add(d.word(i));
        }
        return build(d, name, written, c, args, match, ignoreCase, patterns);
    }

    private static AclTerm build(final Directive d, final String name, final String written, final Criterion c,
                                 final String args, final Match match, final boolean ignoreCase,
                                 final List<String> patterns) {
        switch (c.sample()) {
            case CONSTANT:
                if (!patterns.isEmpty()) {
                    throw new LineError(Messages.unexpectedArgument(name, patterns.get(0)));
                }
                return AclTerm.constant(name, name.equals("always_true"));
            case SRC:
            case DST:
                return AclTerm.addresses(name, c.sample(), networks(name, patterns));
            case TLS_FETCH:
                try {
                    return AclTerm.tlsFetch(written, new TlsAclTest(TlsFetch.parse(written), match, ignoreCase,
                        patterns));
                } catch (final IllegalArgumentException e) {
                    throw new LineError("acl criterion '" + Messages.echo(written) + "': " + e.getMessage());
                }
            case SSL_FC:
                if (!patterns.isEmpty()) {
                    throw new LineError(Messages.unexpectedArgument(name, patterns.get(0)));
                }
                return AclTerm.tlsFlag(name);
            default:
                if (match == Match.FOUND && !patterns.isEmpty()) {
                    d.warning("patterns after '-m found' are ignored");
                    patterns.clear();
                } else if (match != Match.FOUND && patterns.isEmpty()) {
                    throw new LineError(Messages.missingValue(name, "at least one pattern"));
                }
                final HeaderName header = c.takesHeader() ? HeaderName.of(args.substring(0, comma(args))) : null;
                final int occurrence = c.takesHeader() ? occurrence(args, written, name) : 0;
                return AclTerm.strings(written, c.sample(), header, occurrence, match, ignoreCase, patterns);
        }
    }

    /** The text between the parentheses of {@code written}: checked, a header name first when required. */
    private static String arguments(final String written, final int open, final String name, final boolean header) {
        if (open < 0) {
            if (header) {
                throw new LineError(Messages.missingValue(name, EXPECTED_HDR_ARGS));
            }
            return null;
        }
        final int close = written.indexOf(')', open);
        if (close < 0) {
            throw new LineError(Messages.badValue(name, header ? EXPECTED_HDR_ARGS : "no argument", written));
        }
        if (close != written.length() - 1) {
            throw new LineError(written.charAt(close + 1) == ','
                ? Messages.notImplemented("converters (" + written.substring(close + 1) + ")")
                : Messages.badValue(name, header ? EXPECTED_HDR_ARGS : "no argument", written));
        }
        final String args = written.substring(open + 1, close);
        if (!header) {
            throw new LineError(Messages.badValue(name, "no argument", written));
        }
        if (args.isEmpty()) {
            throw new LineError(Messages.notImplemented(name + "() without a header name"));
        }
        if (!HeaderName.isToken(args.substring(0, comma(args)))) {
            throw new LineError(Messages.badValue(name, EXPECTED_HDR_ARGS, written));
        }
        return args;
    }

    private static int comma(final String args) {
        final int comma = args.indexOf(',');
        return comma < 0 ? args.length() : comma;
    }

    /** The occurrence after the comma of {@code args}: 0 (all values) when absent. */
    private static int occurrence(final String args, final String written, final String name) {
        final int comma = comma(args);
        if (comma == args.length()) {
            return 0;
        }
        try {
            return Numbers.parseInt(args.substring(comma + 1), -Integer.MAX_VALUE, Integer.MAX_VALUE);
        } catch (final BadValueException e) {
            throw new LineError(Messages.badValue(name, EXPECTED_HDR_ARGS, written));
        }
    }

    private static Match matchFlag(final Directive d, final int at, final int to, final String name,
                                   final Criterion c) {
        if (at >= to) {
            throw new LineError(Messages.missingValue("-m", EXPECTED_MATCH));
        }
        final String method = d.word(at);
        if (!c.allowsMatchFlag()) {
            throw new LineError("matching method '" + Messages.echo(method) + "' cannot be used with criterion '"
                + name + "'");
        }
        switch (method) {
            case "str":
                return Match.STR;
            case "beg":
                return Match.BEG;
            case "end":
                return Match.END;
            case "sub":
                return Match.SUB;
            case "found":
                return Match.FOUND;
            case "reg":
            case "dir":
            case "dom":
            case "len":
            case "int":
            case "bin":
            case "bool":
            case "ip":
                throw new LineError(Messages.notImplemented("-m " + method));
            default:
                throw new LineError(Messages.badValue("-m", EXPECTED_MATCH, method));
        }
    }

    private static List<Network> networks(final String name, final List<String> patterns) {
        if (patterns.isEmpty()) {
            throw new LineError(Messages.missingValue(name, "at least one address or network such as 10.0.0.0/8"));
        }
        final List<Network> out = new ArrayList<>();
        for (final String p : patterns) {
            final Network n = Addresses.network(p);
            if (n == null) {
                throw new LineError(Messages.badValue(name, Addresses.EXPECTED_NETWORK, p));
            }
            out.add(n);
        }
        return out;
    }
}
