package dev.baton.config;

/**
 * Every diagnostic shape the parser produces, in one place so that wording stays consistent and tests can
 * build the exact strings. Quotes keywords and values with single quotes, as HAProxy does.
 */
final class Messages {
    private Messages() {
    }

    /** How many characters of a token a message echoes before cutting it with {@code ...}. */
    static final int ECHO_MAX = 64;

    /**
     * {@code token} as a message shows it: control characters escaped, cut after {@link #ECHO_MAX}
     * characters with {@code ...}, so that a garbage line cannot flood a terminal or play escape sequences
     * on it. For every user-written token a message quotes.
     */
    static String echo(final String token) {
        if (token.length() <= ECHO_MAX) {
            return escapeControls(token);
        }
        final int end = Character.isHighSurrogate(token.charAt(ECHO_MAX - 1)) ? ECHO_MAX - 1 : ECHO_MAX;
        return escapeControls(token.substring(0, end)) + "...";
    }

    /** {@code text} with each control character (C0, DEL, C1) written {@code \xNN}. */
    static String escapeControls(final String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 8).append(text, 0, i);
                }
                out.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /** {@code unknown keyword 'bnid' in 'frontend' section; did you mean 'bind'?} (suggestion may be null). */
    static String unknownKeyword(final String word, final Section section, final String suggestion) {
        return "unknown keyword '" + echo(word) + "' in '" + section.keyword() + "' section" + didYouMean(suggestion);
    }

    /** {@code unknown option 'tcplgo' in 'frontend' section; did you mean 'tcplog'?} (suggestion may be null). */
    static String unknownOption(final String word, final Section section, final String suggestion) {
        return "unknown option '" + echo(word) + "' in '" + section.keyword() + "' section" + didYouMean(suggestion);
    }

    static String didYouMean(final String suggestion) {
        return suggestion == null ? "" : "; did you mean '" + suggestion + "'?";
    }

    /** A HAProxy keyword (or {@code option X}, {@code timeout X}, ...) that baton does not implement. */
    static String notImplemented(final String keyword) {
        return "'" + keyword + "' is a HAProxy keyword that baton does not implement yet" + alternative(keyword);
    }

    /**
     * Why a health-check keyword waits and what to write meanwhile, for the keywords that need something baton
     * does not follow; empty for the others.
     */
    static String alternative(final String keyword) {
        switch (keyword) {
            case "hash-key":
                return ": HAProxy 2.6 has no 'hash-key' (it came with 2.7), and baton follows 2.6: consistent hashing"
                    + " places a server's points by its position in the backend (its id); keep the server order to keep"
                    + " the keys where they are";
            default:
                return "";
        }
    }

    static String ignoredOnThisSide(final String keyword, final Section section) {
        return "'" + keyword + "' is ignored in a '" + section.keyword() + "' section, which lacks that side";
    }

    /** {@code maxconn} in a backend section: ignored, as HAProxy ignores it there. */
    static String backendMaxconnIgnored(final String backend) {
        return "'maxconn' is ignored in backend '" + backend + "', which accepts no connection of its own (as in"
            + " HAProxy); limit each server with 'server ... maxconn N'";
    }

    /** {@code fullconn} in a frontend section: ignored, as HAProxy ignores it there. */
    static String frontendFullconnIgnored(final String frontend) {
        return "'fullconn' is ignored in frontend '" + frontend + "', which has no server of its own (as in HAProxy);"
            + " limit the frontend with 'maxconn N'";
    }

    static String notAllowed(final String keyword, final Section section) {
        return "'" + keyword + "' is not allowed in a '" + section.keyword() + "' section";
    }

    static String outsideSection(final String keyword) {
        return "'" + keyword + "' outside of any section";
    }

    /** {@code 'maxconn' expects a positive integer, got 'abc'}. */
    static String badValue(final String keyword, final String expected, final String got) {
        return "'" + keyword + "' expects " + expected + ", got '" + echo(got) + "'";
    }

    /** {@code 'maxconn' expects a positive integer}: the argument is missing. */
    static String missingValue(final String keyword, final String expected) {
        return "'" + keyword + "' expects " + expected;
    }

    static String unexpectedArgument(final String keyword, final String argument) {
        return "'" + keyword + "' cannot handle unexpected argument '" + echo(argument) + "'";
    }

    /** {@code port 70000 out of range 1..65535 in 'server s1'}. */
    static String portOutOfRange(final String port, final String context) {
        return "port " + echo(port) + " out of range 1..65535 in '" + context + "'";
    }

    /** {@code frontend 'web' is already defined at FILE:LINE}; {@code what} is e.g. "frontend 'web'". */
    static String alreadyDefined(final String what, final SourceLocation first) {
        return what + " is already defined at " + first;
    }

    /** {@code unknown server keyword 'wieght'; did you mean 'weight'?} (suggestion may be null). */
    static String unknownServerKeyword(final String word, final String suggestion) {
        return "unknown server keyword '" + echo(word) + "'" + didYouMean(suggestion);
    }

    /**
     * HAProxy's alert for {@code agent-check} without an agent port ({@code agent-port}, or {@code port}), which
     * HAProxy makes fatal: {@code server s1 does not have agent port. Agent check has been disabled.}
     */
    static String agentWithoutPort(final String server) {
        return "server " + echo(server) + " does not have agent port. Agent check has been disabled.";
    }

    static String serverKeywordNotImplemented(final String word) {
        return "server keyword '" + word + "' is not implemented yet" + alternative(word);
    }

    static final String EXPECTED_FIELD_NAME = "a header name such as X-Forwarded-For";

    /** HAProxy's warning for a {@code mode http} keyword in a proxy that is not. */
    static String requiresHttpMode(final String keyword, final String proxy) {
        return "'" + keyword + "' ignored for " + proxy + " as it requires HTTP mode";
    }

    static String noNegation(final String keyword) {
        return "'no " + keyword + "' is not supported: the option cannot be negated";
    }

    /** {@code 'acl' in a 'defaults' section is not implemented yet}. */
    static String notImplementedIn(final String keyword, final Section section) {
        return "'" + keyword + "' in a '" + section.keyword() + "' section is not implemented yet";
    }

    /** {@code unknown ACL criterion 'path_begin'; did you mean 'path_beg'?} (suggestion may be null). */
    static String unknownCriterion(final String word, final String suggestion) {
        return "unknown ACL criterion '" + echo(word) + "'" + didYouMean(suggestion);
    }

    /** {@code unknown ACL 'is_apy'; did you mean 'is_api'?}: not declared before the line, nor predefined. */
    static String unknownAcl(final String name, final String suggestion) {
        return "unknown ACL '" + echo(name) + "'" + didYouMean(suggestion);
    }

    /** {@code unknown 'http-request' action 'sethead'; did you mean 'set-header'?} (suggestion may be null). */
    static String unknownAction(final String action, final String keyword, final String suggestion) {
        return "unknown '" + keyword + "' action '" + echo(action) + "'" + didYouMean(suggestion);
    }
}
