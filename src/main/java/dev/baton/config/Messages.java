package dev.baton.config;

/**
 * Every diagnostic shape the parser produces, in one place so that wording stays consistent and tests can
 * build the exact strings. Quotes keywords and values with single quotes, as HAProxy does.
 */
final class Messages {
    private Messages() {
    }

    /** {@code unknown keyword 'bnid' in 'frontend' section; did you mean 'bind'?} (suggestion may be null). */
    static String unknownKeyword(final String word, final Section section, final String suggestion) {
        return "unknown keyword '" + word + "' in '" + section.keyword() + "' section" + didYouMean(suggestion);
    }

    /** {@code unknown option 'tcplgo' in 'frontend' section; did you mean 'tcplog'?} (suggestion may be null). */
    static String unknownOption(final String word, final Section section, final String suggestion) {
        return "unknown option '" + word + "' in '" + section.keyword() + "' section" + didYouMean(suggestion);
    }

    static String didYouMean(final String suggestion) {
        return suggestion == null ? "" : "; did you mean '" + suggestion + "'?";
    }

    /** A HAProxy keyword (or {@code option X}, {@code timeout X}, ...) that baton does not implement. */
    static String notImplemented(final String keyword) {
        return "'" + keyword + "' is a HAProxy keyword that baton does not implement yet";
    }

    static String ignoredOnThisSide(final String keyword, final Section section) {
        return "'" + keyword + "' is ignored in a '" + section.keyword() + "' section, which lacks that side";
    }

    static String notAllowed(final String keyword, final Section section) {
        return "'" + keyword + "' is not allowed in a '" + section.keyword() + "' section";
    }

    static String outsideSection(final String keyword) {
        return "'" + keyword + "' outside of any section";
    }

    /** {@code 'maxconn' expects a positive integer, got 'abc'}. */
    static String badValue(final String keyword, final String expected, final String got) {
        return "'" + keyword + "' expects " + expected + ", got '" + got + "'";
    }

    /** {@code 'maxconn' expects a positive integer}: the argument is missing. */
    static String missingValue(final String keyword, final String expected) {
        return "'" + keyword + "' expects " + expected;
    }

    static String unexpectedArgument(final String keyword, final String argument) {
        return "'" + keyword + "' cannot handle unexpected argument '" + argument + "'";
    }

    /** {@code port 70000 out of range 1..65535 in 'server s1'}. */
    static String portOutOfRange(final String port, final String context) {
        return "port " + port + " out of range 1..65535 in '" + context + "'";
    }

    /** {@code frontend 'web' is already defined at FILE:LINE}; {@code what} is e.g. "frontend 'web'". */
    static String alreadyDefined(final String what, final SourceLocation first) {
        return what + " is already defined at " + first;
    }

    /** {@code unknown server keyword 'wieght'; did you mean 'weight'?} (suggestion may be null). */
    static String unknownServerKeyword(final String word, final String suggestion) {
        return "unknown server keyword '" + word + "'" + didYouMean(suggestion);
    }

    static String serverKeywordNotImplemented(final String word) {
        return "server keyword '" + word + "' is not implemented yet";
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
        return "unknown ACL criterion '" + word + "'" + didYouMean(suggestion);
    }

    /** {@code unknown ACL 'is_apy'; did you mean 'is_api'?}: not declared before the line, nor predefined. */
    static String unknownAcl(final String name, final String suggestion) {
        return "unknown ACL '" + name + "'" + didYouMean(suggestion);
    }

    /** {@code unknown 'http-request' action 'sethead'; did you mean 'set-header'?} (suggestion may be null). */
    static String unknownAction(final String action, final String keyword, final String suggestion) {
        return "unknown '" + keyword + "' action '" + action + "'" + didYouMean(suggestion);
    }
}
