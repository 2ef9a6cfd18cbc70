package dev.baton.config;

/**
 * {@code balance}, {@code hash-type} and {@code hash-balance-factor}, parsed as HAProxy 2.6's
 * {@code backend_parse_balance} and {@code cfgparse-listen.c} do: the algorithm goes to {@link ProxyDraft#balance},
 * its options and the hashing settings to {@link ProxyDraft#balanceParams}. A new {@code balance} line resets the
 * key options; {@code hash-type} is kept; {@code hash EXPR} compiles its sample expression.
 * {@code rdp-cookie[(NAME)]} is {@code hash req.rdp_cookie(NAME)}. A refused line throws {@link LineError}. Stateless.
 */
final class BalanceParser {
    static final String EXPECTED = "one of roundrobin, static-rr, leastconn, first, source, random, uri, url_param,"
        + " hdr(name)";

    private BalanceParser() {
    }

    static void balance(final Directive d, final ProxyDraft p) {
        if (!d.has(1)) { // HAProxy 2.6: a bare 'balance' sets round robin
            set(p, BalanceAlgorithm.ROUNDROBIN, false, false, 0, 0, null, false, 2);
            return;
        }
        final String text = d.require(1, "balance", EXPECTED);
        if (text.equals("uri")) {
            uri(d, p);
        } else if (text.equals("url_param")) {
            urlParam(d, p);
        } else if (text.startsWith("hdr(")) {
            hdr(d, p, text);
        } else if (text.startsWith("random")) {
            random(d, p, text);
        } else if (text.equals("rdp-cookie") || text.startsWith("rdp-cookie(")) {
            rdpCookie(d, p, text);
        } else if (text.equals("hash")) {
            hash(d, p);
        } else {
            final BalanceAlgorithm algorithm = BalanceAlgorithm.fromKeyword(text);
            if (algorithm == null || algorithm.layer7()) {
                final int paren = text.indexOf('(');
                if (UnsupportedKeywords.BALANCE.contains(paren < 0 ? text : text.substring(0, paren))) {
                    throw new LineError(Messages.notImplemented("balance " + text));
                }
                throw new LineError(Messages.badValue("balance", EXPECTED, text));
            }
            d.noMoreThan(2, "balance");
            set(p, algorithm, false, false, 0, 0, null, false, 2);
        }
    }

    /**
     * {@code hash EXPR}: a sample expression evaluated per request (request head and connection fetches), its value
     * hashed as binary; no value: round robin, as HAProxy's get_server_expr.
     */
    private static void hash(final Directive d, final ProxyDraft p) {
        if (!d.has(2)) {
            throw new LineError("'balance hash' expects a sample expression such as req.hdr(x-user) or src");
        }
        final StringBuilder text = new StringBuilder(d.word(2));
        for (int i = 3; i < d.size(); i++) {
            text.append(' ').append(d.word(i));
        }
        final dev.baton.sample.SampleExpr expr;
        try {
            expr = dev.baton.sample.SampleParser.parse(text.toString(),
                dev.baton.sample.Uses.HTTP_REQUEST | dev.baton.sample.Uses.L4 | dev.baton.sample.Uses.INTERNAL
                    | dev.baton.sample.Uses.REQ_PAYLOAD);
        } catch (final dev.baton.sample.SampleException e) {
            throw new LineError("'balance hash': failed to parse sample expression <" + Messages.echo(text.toString())
                + "> : " + e.getMessage());
        }
        set(p, BalanceAlgorithm.HASH, false, false, 0, 0, null, false, 2);
        p.balanceParams = p.balanceParams.withHashExpr(expr);
    }

    /**
     * {@code rdp-cookie[(NAME)]}: the value of RDP cookie NAME ({@code mstshash} by default) in the bytes the
     * {@code tcp-request content} rules waited for, hashed as {@code balance hash req.rdp_cookie(NAME)} is (HAProxy's
     * get_server_rch and get_server_expr hash and look up alike); no cookie: round robin.
     */
    private static void rdpCookie(final Directive d, final ProxyDraft p, final String text) {
        d.noMoreThan(2, "balance");
        String name = "mstshash";
        if (text.startsWith("rdp-cookie(")) {
            if (!text.endsWith(")") || text.length() == "rdp-cookie()".length()) {
                throw new LineError("'balance rdp-cookie' expects a cookie name: rdp-cookie or rdp-cookie(NAME), got '"
                    + Messages.echo(text) + "'");
            }
            name = text.substring("rdp-cookie(".length(), text.length() - 1);
        }
        set(p, BalanceAlgorithm.HASH, false, false, 0, 0, null, false, 2);
        p.balanceParams = p.balanceParams.withHashExpr(dev.baton.sample.SampleParser.parse(
            "req.rdp_cookie(" + name + ")", dev.baton.sample.Uses.TCP_CONTENT));
    }

    private static void set(final ProxyDraft p, final BalanceAlgorithm algorithm, final boolean whole,
                            final boolean pathOnly, final int len, final int depth, final String name,
                            final boolean domainOnly, final int draws) {
        p.balance = algorithm;
        p.balanceParams = p.balanceParams.withKey(whole, pathOnly, len, depth, name, domainOnly, draws);
    }

    /** {@code uri [len N] [depth N] [whole] [path-only]}, in any order. */
    private static void uri(final Directive d, final ProxyDraft p) {
        boolean whole = false;
        boolean pathOnly = false;
        int len = 0;
        int depth = 0;
        for (int i = 2; i < d.size(); i++) {
            switch (d.word(i)) {
                case "len" -> len = d.intArg(++i, "balance uri len", 1, Integer.MAX_VALUE);
                case "depth" -> depth = d.intArg(++i, "balance uri depth", 1, Integer.MAX_VALUE);
                case "whole" -> whole = true;
                case "path-only" -> pathOnly = true;
                default -> throw new LineError("'balance uri' only accepts 'len', 'depth', 'path-only' and 'whole'"
                    + " (got " + Messages.echo(d.word(i)) + ")");
            }
        }
        set(p, BalanceAlgorithm.URI, whole, pathOnly, len, depth, null, false, 2);
    }

    /**
     * {@code url_param NAME [check_post]}. As in HAProxy 2.6, {@code check_post} changes nothing: a POST whose query
     * string lacks the parameter is always looked for in its buffered body (RequestBalanceKey, PostParamKey).
     */
    private static void urlParam(final Directive d, final ProxyDraft p) {
        final String name = d.require(2, "balance url_param", "a URL parameter name");
        if (d.has(3) && !d.word(3).equals("check_post")) {
            throw new LineError("'balance url_param' only accepts the 'check_post' modifier (got "
                + Messages.echo(d.word(3)) + ")");
        }
        set(p, BalanceAlgorithm.URL_PARAM, false, false, 0, 0, name, false, 2);
    }

    /** {@code hdr(NAME) [use_domain_only]}. */
    private static void hdr(final Directive d, final ProxyDraft p, final String text) {
        final int close = text.indexOf(')');
        if (close <= 4) {
            throw new LineError("'balance hdr' requires an http header field name: hdr(name)");
        }
        if (close != text.length() - 1) {
            throw new LineError(Messages.badValue("balance", EXPECTED, text));
        }
        boolean domainOnly = false;
        if (d.has(2)) {
            if (!d.word(2).equals("use_domain_only")) {
                throw new LineError("'balance hdr' only accepts the 'use_domain_only' modifier (got "
                    + Messages.echo(d.word(2)) + ")");
            }
            domainOnly = true;
            d.noMoreThan(3, "balance");
        }
        set(p, BalanceAlgorithm.HDR, false, false, 0, 0, text.substring(4, close), domainOnly, 2);
    }

    /** {@code random} or {@code random(N)}, N at least 1 draws. */
    private static void random(final Directive d, final ProxyDraft p, final String text) {
        int draws = 2;
        if (!text.equals("random") && !text.equals("random()")) {
            if (!text.startsWith("random(") || !text.endsWith(")")) {
                throw new LineError(text.startsWith("random(") ? "random: missing closing parenthesis"
                    : Messages.badValue("balance", EXPECTED, text));
            }
            final String n = text.substring(7, text.length() - 1);
            try {
                draws = Numbers.parseInt(n, Integer.MIN_VALUE, Integer.MAX_VALUE);
            } catch (final BadValueException e) {
                throw new LineError("random: expects a number of draws (got " + Messages.echo(n) + ")");
            }
            if (draws < 1) {
                throw new LineError("random: number of draws must be at least 1");
            }
        }
        d.noMoreThan(2, "balance");
        set(p, BalanceAlgorithm.RANDOM, false, false, 0, 0, null, false, draws);
    }

    /** {@code hash-type map-based|consistent [sdbm|djb2|wt6|crc32 [avalanche]]}. */
    static void hashType(final Directive d, final ProxyDraft p) {
        final String type = d.require(1, "hash-type", "map-based or consistent");
        final boolean consistent;
        if (type.equals("consistent")) {
            consistent = true;
        } else if (type.equals("map-based")) {
            consistent = false;
        } else if (type.equals("avalanche")) {
            throw new LineError("'hash-type avalanche' is no longer supported (HAProxy 2.6 neither); write"
                + " 'hash-type map-based sdbm avalanche'");
        } else {
            throw new LineError("'hash-type' only supports 'consistent' and 'map-based' (got " + Messages.echo(type)
                + ")");
        }
        if (!d.has(2)) {
            // HAProxy: sdbm by default; consistent hashing adds the avalanche modifier when no function is named
            p.balanceParams = p.balanceParams.withHashType(consistent, HashFunction.SDBM, consistent);
            return;
        }
        final HashFunction function = HashFunction.fromKeyword(d.word(2));
        if (function == null) {
            throw new LineError("'hash-type' only supports the hash functions 'sdbm', 'djb2', 'crc32' and 'wt6'"
                + (d.word(2).equals("none") ? " in HAProxy 2.6 ('none' came in a later version; use 'sdbm')"
                : " (got " + Messages.echo(d.word(2)) + ")"));
        }
        boolean avalanche = false;
        if (d.has(3)) {
            if (!d.word(3).equals("avalanche")) {
                throw new LineError("'hash-type' only supports 'avalanche' as a modifier (got "
                    + Messages.echo(d.word(3)) + ")");
            }
            avalanche = true;
            d.noMoreThan(4, "hash-type");
        }
        p.balanceParams = p.balanceParams.withHashType(consistent, function, avalanche);
    }

    /** {@code hash-balance-factor N}: 0 (off) or above 100. */
    static void hashBalanceFactor(final Directive d, final ProxyDraft p) {
        final int factor = d.intArg(1, "hash-balance-factor", 0, Integer.MAX_VALUE);
        d.noMoreThan(2, "hash-balance-factor");
        if (factor != 0 && factor <= 100) {
            throw new LineError("'hash-balance-factor' must be 0 or greater than 100 (got " + factor + ")");
        }
        p.balanceParams = p.balanceParams.withBalanceFactor(factor);
    }
}
