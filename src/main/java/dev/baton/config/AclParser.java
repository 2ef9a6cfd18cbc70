package dev.baton.config;

import dev.baton.http.rules.AclTerm;
import dev.baton.sample.SampleException;
import dev.baton.sample.SampleExpr;
import dev.baton.sample.SampleParser;
import dev.baton.sample.Uses;
import dev.baton.sample.match.LivePatterns;
import dev.baton.sample.match.MatchMethod;
import dev.baton.sample.match.PatternRef;
import dev.baton.sample.match.PatternRefs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code acl NAME CRITERION [FLAGS] [--] PATTERN...} and the same test between braces in a condition (an
 * anonymous ACL), compiled into an {@link AclTerm} over the sample engine: CRITERION is a sample expression (any
 * fetch of {@link dev.baton.sample.SampleRegistry} with converters) or a derived criterion ({@link AclCriteria}).
 * Flags: {@code -i} (ignore case), {@code -m METHOD}, {@code -f FILE} (patterns from a file, one a line),
 * {@code -M} (with {@code -f}: the file is a map, its keys are the patterns), {@code -u ID}, {@code -n},
 * {@code --} (end of flags). Also knows HAProxy's predefined ACLs. A refused line throws {@link LineError}.
 * Stateless; configuration-reading thread (reads pattern files).
 */
final class AclParser {
    static final String EXPECTED_ACL = "a name, a criterion and patterns such as is_api path_beg /api";
    static final String EXPECTED_MATCH = "one of found, bool, int, ip, bin, len, str, sub, reg, beg, end, dir, dom";
    /** Every place an ACL may end up: a term of the wrong place is dropped with a warning when the rule compiles. */
    private static final int ANYWHERE = Uses.HTTP_REQUEST | Uses.HTTP_RESPONSE | Uses.LOG | Uses.REQ_PAYLOAD
        | Uses.RES_PAYLOAD;

    /** HAProxy's predefined ACLs that baton can express, by name. */
    private static final Map<String, List<AclTerm>> PREDEFINED = new LinkedHashMap<>();

    static {
        PREDEFINED.put("TRUE", List.of(AclTerm.constant("always_true", true)));
        PREDEFINED.put("FALSE", List.of(AclTerm.constant("always_false", false)));
        predefined("HTTP", "req.proto_http", null);
        predefined("HTTP_1.0", "req.ver", null, "1.0");
        predefined("HTTP_1.1", "req.ver", null, "1.1");
        predefined("HTTP_2.0", "req.ver", null, "2.0");
        predefined("HTTP_3.0", "req.ver", null, "3.0");
        predefined("HTTP_CONTENT", "req.hdr_val(content-length)", MatchMethod.INT, "gt", "0");
        predefined("HTTP_URL_ABS", "url", MatchMethod.REG, "^[^/:]*://");
        predefined("HTTP_URL_SLASH", "url", MatchMethod.BEG, "/");
        predefined("HTTP_URL_STAR", "url", null, "*");
        predefined("LOCALHOST", "src", null, "127.0.0.1/8", "::1");
        predefined("RDP_COOKIE", "req.rdp_cookie_cnt", MatchMethod.INT, "gt", "0");
        predefined("REQ_CONTENT", "req.len", MatchMethod.INT, "gt", "0");
        predefined("WAIT_END", "wait_end", null);
        predefined("METH_CONNECT", "method", null, "CONNECT");
        predefined("METH_DELETE", "method", null, "DELETE");
        predefined("METH_GET", "method", null, "GET", "HEAD");
        predefined("METH_HEAD", "method", null, "HEAD");
        predefined("METH_OPTIONS", "method", null, "OPTIONS");
        predefined("METH_POST", "method", null, "POST");
        predefined("METH_PUT", "method", null, "PUT");
        predefined("METH_TRACE", "method", null, "TRACE");
    }

    private AclParser() {
    }

    private static void predefined(final String name, final String fetch, final MatchMethod method,
                                   final String... patterns) {
        final SampleExpr expr = SampleParser.parse(fetch, ANYWHERE);
        final MatchMethod m = method != null ? method : MatchMethod.defaultFor(expr.type());
        PREDEFINED.put(name, List.of(AclTerm.of(fetch, expr, m, false, List.of(patterns),
            fetch + (method != null ? " -m " + method.text() : "") + " " + String.join(" ", patterns))));
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

    /**
     * The test written in words {@code from} (the criterion) to {@code to}, exclusive, in the section of {@code http}
     * (whose userlists {@code http_auth*} name).
     */
    static AclTerm term(final Directive d, final int from, final int to, final HttpDraft http) {
        final String written = d.word(from);
        int nameEnd = 0;
        while (nameEnd < written.length() && written.charAt(nameEnd) != '(' && written.charAt(nameEnd) != ',') {
            nameEnd++;
        }
        final String name = written.substring(0, nameEnd);
        if (AuthAclParser.isCriterion(name)) {
            return AuthAclParser.term(d, from, to, http);
        }
        final AclCriteria.Criterion c = AclCriteria.resolve(name);
        if (c == null) {
            throw new LineError(UnsupportedKeywords.ACL_CRITERIA.contains(name) ? Messages.notImplemented(name)
                : Messages.unknownCriterion(name, KeywordSuggestions.closest(name, AclCriteria.names())));
        }
        final SampleExpr expr;
        try {
            expr = SampleParser.parse(c.fetch() + written.substring(nameEnd), ANYWHERE);
        } catch (final SampleException e) {
            throw new LineError("error detected while parsing ACL criterion '" + Messages.echo(written) + "' : "
                + e.getMessage());
        }
        MatchMethod method = null;
        boolean ignoreCase = false;
        final List<String> patterns = new ArrayList<>();
        final List<String> files = new ArrayList<>();
        final List<Boolean> mapFiles = new ArrayList<>();
        int i = from + 1;
        for (; i < to && d.word(i).startsWith("-"); i++) {
            final String flag = d.word(i);
            if (flag.equals("--")) {
                i++;
                break;
            } else if (flag.equals("-i")) {
                ignoreCase = true;
            } else if (flag.equals("-n")) {
                continue;
            } else if (flag.equals("-m")) {
                method = matchFlag(d, ++i, to, written, c);
            } else if (flag.equals("-u")) {
                uniqueId(d, ++i, to);
            } else if (flag.equals("-f")) {
                files.add(d.require(++i, "-f", "a pattern file"));
                mapFiles.add(false);
            } else if (flag.equals("-M")) {
                if (i + 2 >= to + 1 || !d.word(i + 1).equals("-f")) {
                    throw new LineError("'-M' must be followed by '-f FILE' (a map file whose keys are the patterns)");
                }
                i += 2;
                files.add(d.require(i, "-f", "a map file"));
                mapFiles.add(true);
            } else {
                throw new LineError("'" + Messages.echo(flag) + "' is not a valid ACL option. Please use '--' before "
                    + "any pattern beginning with a '-'");
            }
        }
        for (; i < to; i++) {
            patterns.add(d.word(i));
        }
        if (method == null && c.fixed() == null && expr.type() == dev.baton.sample.SampleType.ANY) {
            // a variable's type is known only at run time: HAProxy wants the match method written
            throw new LineError("matching method must be specified first (using '-m') when using a sample fetch of "
                + "this type ('" + expr.fetchName() + "')");
        }
        if (method == null) {
            method = c.fixed() != null ? c.fixed() : MatchMethod.defaultFor(expr.type());
        }
        if (method == MatchMethod.INT && DottedVersions.applies(c.fetch())) {
            final List<String> versions = DottedVersions.toIntegers(patterns);
            patterns.clear();
            patterns.addAll(versions);
        }
        if (method == MatchMethod.BOOL && !patterns.isEmpty()) {
            throw new LineError(Messages.unexpectedArgument(name, patterns.get(0)));
        }
        if (method == MatchMethod.FOUND && (!patterns.isEmpty() || !files.isEmpty())) {
            d.warning("patterns after '-m found' are ignored");
            patterns.clear();
            files.clear();
        } else if (patterns.isEmpty() && files.isEmpty() && method != MatchMethod.FOUND
            && method != MatchMethod.BOOL) {
            throw new LineError(Messages.missingValue(name, "at least one pattern"));
        }
        final StringBuilder text = new StringBuilder();
        for (int w = from; w < to; w++) {
            text.append(w > from ? " " : "").append(d.word(w));
        }
        try {
            final PatternRefs refs = PatternRefs.loading();
            final List<PatternRef> used = new ArrayList<>();
            for (int f = 0; f < files.size(); f++) {
                used.add(refs.file(files.get(f), mapFiles.get(f)));
            }
            used.add(refs.inline(name, patterns));
            return AclTerm.of(written, expr, method, LivePatterns.over(method, ignoreCase, used, refs.where()),
                text.toString());
        } catch (final SampleException e) {
            final String message = e.getMessage();
            if (message.startsWith("failed to open pattern file") || message.startsWith("failed to load map file")
                || message.startsWith("The file ")) {
                throw new LineError(message);
            }
            throw new LineError(message + " in ACL expression '" + Messages.echo(written) + "'");
        }
    }

    private static void uniqueId(final Directive d, final int at, final int to) {
        if (at >= to) {
            throw new LineError("the argument of -u must be an integer");
        }
        try {
            Integer.parseInt(d.word(at));
        } catch (final NumberFormatException e) {
            throw new LineError("the argument of -u must be an integer");
        }
    }

    private static MatchMethod matchFlag(final Directive d, final int at, final int to, final String written,
                                         final AclCriteria.Criterion c) {
        if (at >= to) {
            throw new LineError(Messages.missingValue("-m", EXPECTED_MATCH));
        }
        final String name = d.word(at);
        final MatchMethod m = MatchMethod.named(name);
        if (m == null) {
            throw new LineError("unknown matching method '" + Messages.echo(name) + "' when parsing ACL expression");
        }
        if (c.fixed() != null && c.fixed() != m) {
            throw new LineError("matching method '" + Messages.echo(name) + "' cannot be used with fetch keyword '"
                + Messages.echo(written) + "'");
        }
        return m;
    }
}
