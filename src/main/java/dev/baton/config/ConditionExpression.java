package dev.baton.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The condition of a {@code .if} or {@code .elif} line, as HAProxy 2.6 reads it (its manual's "Conditional
 * blocks"): the line's words, already unquoted and with environment variables expanded, joined by single spaces
 * into one expression of terms: {@code 0} (false), another integer (true), {@code predicate(args)}, a
 * parenthesised expression, each possibly negated with {@code !}, combined with {@code &&} (binding tighter) and
 * {@code ||}. An empty expression is false. Predicates: {@code defined(VAR)}, {@code feature(NAME)},
 * {@code streq(A,B)}, {@code strneq(A,B)}, {@code version_atleast(V)}, {@code version_before(V)}. Stateless;
 * config-reading thread.
 */
final class ConditionExpression {
    /** The HAProxy release whose configuration language baton speaks, for {@code version_atleast/before}. */
    static final String HAPROXY_VERSION = "2.6.12";
    /** What {@code feature(NAME)} finds: baton's own, named as HAProxy names them in {@code haproxy -vv}. */
    static final Set<String> FEATURES = Set.of("THREAD", "EPOLL", "PROMEX", "CPU_AFFINITY", "OPENSSL");
    /**
     * The TLS library, as {@code ssllib_name_startswith} and {@code openssl_version_*} see it: BoringSSL, which
     * declares OpenSSL 1.1.1 compatibility (its {@code OPENSSL_VERSION_NUMBER}), as an HAProxy built on it reports.
     */
    static final String SSL_LIBRARY = "BoringSSL";
    static final String SSL_LIBRARY_OPENSSL_VERSION = "1.1.1";
    private static final int MAX_DEPTH = 1024;

    private final String text;
    private final Map<String, String> env;
    private int at;

    private ConditionExpression(final String text, final Map<String, String> env) {
        this.text = text;
        this.env = env;
    }

    /** Evaluates {@code words} (the words after {@code .if}); a malformed expression throws {@link LineError}. */
    static boolean evaluate(final List<String> words, final Map<String, String> env, final String directive) {
        final String joined = String.join(" ", words);
        if (joined.isEmpty()) {
            return false;
        }
        final ConditionExpression e = new ConditionExpression(joined, env);
        try {
            final boolean value = e.orExpression(MAX_DEPTH);
            e.skipBlanks();
            if (e.at < joined.length()) {
                throw e.error("unexpected character '" + joined.charAt(e.at) + "' at the end of the condition");
            }
            return value;
        } catch (final IllegalStateException tooDeep) {
            throw new LineError("'" + directive + " " + joined + "': nested too deeply");
        }
    }

    private boolean orExpression(final int depth) {
        boolean value = andExpression(depth);
        while (consume("||")) {
            final boolean right = andExpression(depth);
            value = value || right;
        }
        return value;
    }

    private boolean andExpression(final int depth) {
        boolean value = term(depth);
        while (consume("&&")) {
            final boolean right = term(depth);
            value = value && right;
        }
        return value;
    }

    private boolean term(final int depth) {
        if (depth <= 0) {
            throw new IllegalStateException();
        }
        skipBlanks();
        boolean negate = false;
        while (at < text.length() && text.charAt(at) == '!') {
            negate = !negate;
            at++;
            skipBlanks();
        }
        return negate != positiveTerm(depth);
    }

    private boolean positiveTerm(final int depth) {
        if (at >= text.length()) {
            throw error("a term is missing");
        }
        final char c = text.charAt(at);
        if (c == '(') {
            at++;
            final boolean value = orExpression(depth - 1);
            skipBlanks();
            if (at >= text.length() || text.charAt(at) != ')') {
                throw error("expected ')'");
            }
            at++;
            return value;
        }
        if (c == '-' || c == '+' || Character.isDigit(c)) {
            return integer();
        }
        final int start = at;
        int end = at;
        while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
            end++;
        }
        final String name = text.substring(at, end);
        at = end;
        if (at >= text.length() || text.charAt(at) != '(') {
            throw error("unknown term '" + name + "' (expected 0, 1, a predicate such as defined(VAR), '(' or '!')");
        }
        if (!isPredicate(name)) {
            at = start;
            throw error("unknown predicate '" + name + "'");
        }
        at++;
        final List<String> args = arguments();
        return predicate(name, args);
    }

    /**
     * An integer as {@code strtol} base 0 reads it (decimal, {@code 0x} hexadecimal, {@code 0} octal; digits of
     * the base only, what follows is the next token); only whether it is zero matters.
     */
    private boolean integer() {
        int i = at;
        if (text.charAt(i) == '-' || text.charAt(i) == '+') {
            i++;
        }
        int radix = 10;
        if (text.startsWith("0x", i) || text.startsWith("0X", i)) {
            if (i + 2 < text.length() && Character.digit(text.charAt(i + 2), 16) >= 0) {
                radix = 16;
                i += 2;
            }
        } else if (i < text.length() && text.charAt(i) == '0') {
            radix = 8;
        }
        final int digits = i;
        boolean nonZero = false;
        while (i < text.length() && Character.digit(text.charAt(i), radix) >= 0) {
            nonZero |= text.charAt(i) != '0';
            i++;
        }
        if (i == digits) {
            throw error("a number is expected");
        }
        at = i;
        return nonZero;
    }

    /** The comma-separated arguments up to the closing parenthesis (kept as written, empty ones included). */
    private List<String> arguments() {
        final List<String> args = new ArrayList<>();
        final StringBuilder current = new StringBuilder();
        while (at < text.length()) {
            final char c = text.charAt(at++);
            if (c == ')') {
                args.add(current.toString());
                return args;
            }
            if (c == ',') {
                args.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        throw error("expected ')' after the predicate's arguments");
    }

    private static boolean isPredicate(final String name) {
        return Set.of("defined", "feature", "streq", "strneq", "version_atleast", "version_before",
            "openssl_version_atleast", "openssl_version_before", "ssllib_name_startswith").contains(name);
    }

    private boolean predicate(final String name, final List<String> args) {
        switch (name) {
            case "defined":
                return env.containsKey(one(name, args));
            case "feature":
                return FEATURES.contains(one(name, args));
            case "streq":
                return two(name, args) && args.get(0).equals(args.get(1));
            case "strneq":
                return two(name, args) && !args.get(0).equals(args.get(1));
            case "version_atleast":
                return compareVersions(HAPROXY_VERSION, one(name, args)) >= 0;
            case "version_before":
                return compareVersions(HAPROXY_VERSION, one(name, args)) < 0;
            case "openssl_version_atleast":
                return compareVersions(SSL_LIBRARY_OPENSSL_VERSION, one(name, args)) >= 0;
            case "openssl_version_before":
                return compareVersions(SSL_LIBRARY_OPENSSL_VERSION, one(name, args)) < 0;
            case "ssllib_name_startswith":
                return SSL_LIBRARY.startsWith(one(name, args));
            default:
                throw error("unknown predicate '" + name + "'");
        }
    }

    private String one(final String name, final List<String> args) {
        if (args.size() != 1 || args.get(0).isEmpty()) {
            throw error("'" + name + "' expects one argument");
        }
        return args.get(0);
    }

    private boolean two(final String name, final List<String> args) {
        if (args.size() != 2) {
            throw error("'" + name + "' expects two arguments");
        }
        return true;
    }

    /**
     * Compares HAProxy version strings such as {@code 2.6}, {@code 2.4.22} or {@code 2.4-dev19}: numeric
     * components (missing ones are 0), a {@code -devN} release coming before the release itself.
     */
    static int compareVersions(final String a, final String b) {
        final long[] x = versionKey(a);
        final long[] y = versionKey(b);
        for (int i = 0; i < x.length; i++) {
            if (x[i] != y[i]) {
                return Long.compare(x[i], y[i]);
            }
        }
        return 0;
    }

    /** major, minor, patch, then the dev stage: dev N → N, a release → Long.MAX_VALUE. */
    private static long[] versionKey(final String version) {
        final long[] key = {0, 0, 0, Long.MAX_VALUE};
        String main = version;
        final int dash = version.indexOf('-');
        if (dash >= 0) {
            main = version.substring(0, dash);
            final String suffix = version.substring(dash + 1);
            if (suffix.startsWith("dev")) {
                key[3] = parseOr(suffix.substring(3), 0);
            }
        }
        final String[] parts = main.split("\\.");
        for (int i = 0; i < Math.min(3, parts.length); i++) {
            key[i] = parseOr(parts[i], 0);
        }
        return key;
    }

    private static long parseOr(final String s, final long fallback) {
        try {
            return Long.parseLong(s);
        } catch (final NumberFormatException e) {
            return fallback;
        }
    }

    private boolean consume(final String operator) {
        skipBlanks();
        if (text.startsWith(operator, at)) {
            at += operator.length();
            return true;
        }
        return false;
    }

    private void skipBlanks() {
        while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
            at++;
        }
    }

    private LineError error(final String what) {
        return new LineError(what + " in condition '" + text + "' at position " + (at + 1));
    }
}
