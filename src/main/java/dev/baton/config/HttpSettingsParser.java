package dev.baton.config;

import dev.baton.log.BuiltinLogFormats;
import dev.baton.http.text.HeaderName;
import dev.baton.http.rules.Network;

import java.util.EnumSet;
import java.util.Set;

/**
 * The {@code mode http} settings of proxy sections: {@code option http-keep-alive|http-server-close|
 * httpclose|forwardfor|originalto|httplog}, {@code http-reuse}, {@code retry-on} and {@code max-session-srv-conns}.
 * Which section accepts which is checked by {@link ProxySectionParser}. A refused line throws
 * {@link LineError}. Stateless.
 */
final class HttpSettingsParser {
    static final String EXPECTED_RETRY_ON = "one or more of conn-failure, empty-response, junk-response, "
        + "response-timeout, 0rtt-rejected, 401, 403, 404, 408, 425, 500, 501, 502, 503, 504, all-retryable-errors, "
        + "or none";
    static final String EXPECTED_FORWARDFOR = "except NETWORK, header NAME or if-none";
    static final String EXPECTED_ORIGINALTO = "except NETWORK or header NAME";
    static final HeaderName ORIGINAL_TO = HeaderName.of("X-Original-To");

    private HttpSettingsParser() {
    }

    /** Whether {@code name} is an {@code option} this class parses. */
    static boolean isOption(final String name) {
        return HttpConnectionMode.fromOption(name) != null || name.equals("forwardfor") || name.equals("httplog")
            || name.equals("originalto");
    }

    /**
     * {@code [no] option NAME [ARGS]}, NAME for which {@link #isOption} holds, read from word {@code at}.
     * The connection modes replace one another; {@code no option MODE} restores keep-alive when MODE is the
     * one in force, as in HAProxy, which has no negation for {@code forwardfor} and {@code httplog}.
     */
    static void option(final Directive d, final ProxyDraft p, final String name, final boolean negated, final int at) {
        final String kw = "option " + name;
        p.http.httpOnly(kw, d);
        final HttpConnectionMode mode = HttpConnectionMode.fromOption(name);
        if (mode == null && negated) {
            throw new LineError(Messages.noNegation(kw));
        }
        if (mode != null) {
            d.noMoreThan(at + 1, (negated ? "no " : "") + kw);
            if (!negated) {
                p.http.connectionMode = mode;
            } else if (p.http.connectionMode == mode) {
                p.http.connectionMode = HttpConnectionMode.KEEP_ALIVE;
            }
        } else if (name.equals("httplog")) {
            final boolean clf = d.has(at + 1);
            if (clf && !d.word(at + 1).equals("clf")) {
                throw new LineError("keyword 'httplog' only supports option 'clf'.");
            }
            d.noMoreThan(at + (clf ? 2 : 1), kw);
            p.http.httplog = true;
            p.tcplog = false;
            LogFormatKeywords.builtin(d, p, clf ? BuiltinLogFormats.CLF_TEXT : BuiltinLogFormats.HTTPLOG_TEXT,
                clf ? "option httplog clf" : "option httplog");
        } else if (name.equals("originalto")) {
            p.http.originalTo = originalTo(d, at + 1);
        } else {
            p.http.forwardFor = forwardFor(d, at + 1);
        }
    }

    private static ForwardFor forwardFor(final Directive d, final int from) {
        return addressHeader(d, from, "option forwardfor", ForwardFor.DEFAULT_HEADER, EXPECTED_FORWARDFOR);
    }

    /** {@code option originalto [except NETWORK] [header NAME]}: as forwardfor, without {@code if-none}. */
    private static ForwardFor originalTo(final Directive d, final int from) {
        return addressHeader(d, from, "option originalto", ORIGINAL_TO, EXPECTED_ORIGINALTO);
    }

    /**
     * The arguments of {@code kw} (forwardfor, originalto) from word {@code from}: {@code except NETWORK},
     * {@code header NAME} and, when {@code expected} names it, {@code if-none}.
     */
    private static ForwardFor addressHeader(final Directive d, final int from, final String kw,
                                            final HeaderName defaultHeader, final String expected) {
        Network except = null;
        HeaderName header = defaultHeader;
        boolean ifNone = false;
        int i = from;
        while (d.has(i)) {
            final String word = d.word(i);
            if (word.equals("except")) {
                final String text = d.require(i + 1, kw + " except", Addresses.EXPECTED_NETWORK);
                except = Addresses.network(text);
                if (except == null) {
                    throw new LineError(Messages.badValue(kw + " except", Addresses.EXPECTED_NETWORK, text));
                }
                i += 2;
            } else if (word.equals("header")) {
                header = fieldName(d, i + 1, kw + " header");
                i += 2;
            } else if (word.equals("if-none") && expected.contains("if-none")) {
                ifNone = true;
                i++;
            } else {
                throw new LineError(Messages.badValue(kw, expected, word));
            }
        }
        return new ForwardFor(except, header, ifNone);
    }

    /** Word {@code index} as a header field name. */
    static HeaderName fieldName(final Directive d, final int index, final String kw) {
        final String text = d.require(index, kw, Messages.EXPECTED_FIELD_NAME);
        if (!HeaderName.isToken(text)) {
            throw new LineError(Messages.badValue(kw, Messages.EXPECTED_FIELD_NAME, text));
        }
        return HeaderName.of(text);
    }

    static void httpReuse(final Directive d, final ProxyDraft p) {
        p.http.httpOnly("http-reuse", d);
        final String text = d.require(1, "http-reuse", HttpReuse.EXPECTED);
        final HttpReuse reuse = HttpReuse.fromKeyword(text);
        if (reuse == null) {
            throw new LineError(Messages.badValue("http-reuse", HttpReuse.EXPECTED, text));
        }
        d.noMoreThan(2, "http-reuse");
        p.http.reuse = reuse;
    }

    /** {@code retry-on KEYWORD...}: replaces the previous set, as in HAProxy. */
    static void retryOn(final Directive d, final ProxyDraft p) {
        d.require(1, "retry-on", EXPECTED_RETRY_ON);
        final Set<RetryOn> set = EnumSet.noneOf(RetryOn.class);
        for (int i = 1; i < d.size(); i++) {
            final String word = d.word(i);
            final RetryOn one = RetryOn.fromKeyword(word);
            if (one != null) {
                set.add(one);
            } else if (word.equals("none")) {
                if (i != 1 || d.has(2)) {
                    throw new LineError("'retry-on none' cannot be combined with other keywords");
                }
            } else if (word.equals("all-retryable-errors")) {
                set.addAll(RetryOn.ALL_RETRYABLE);
            } else {
                throw new LineError(Messages.badValue("retry-on", EXPECTED_RETRY_ON, word));
            }
        }
        p.http.retryOn = set;
    }

    /**
     * {@code http-send-name-header NAME}: the server's name in header NAME of each request (others of that name
     * dropped), as HAProxy 2.6: in a frontend ignored with its warning (the name still checked). Names that frame
     * the request or govern its connection are refused, as later HAProxy versions refuse them; {@code Host} works,
     * as in 2.6.
     */
    static void sendNameHeader(final Directive d, final ProxyDraft p) {
        final String kw = "http-send-name-header";
        if (p.section == Section.FRONTEND) {
            d.warning(Messages.ignoredOnThisSide(kw, p.section));
        }
        if (!d.has(1) || d.word(1).isEmpty()) {
            throw new LineError("'" + kw + "' requires a header string.");
        }
        fieldName(d, 1, kw); // a field name (HAProxy takes any text, which would make a malformed header)
        final String lower = d.word(1).toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("content-length") || lower.equals("transfer-encoding") || lower.equals("connection")) {
            throw new LineError("'" + d.word(1) + "' cannot be used as header name for '" + kw + "': it frames the "
                + "request or governs its connection, so a server name there would break the request (HAProxy 2.6 "
                + "lets it; later versions refuse it too); pick another name such as X-Server");
        }
        d.noMoreThan(2, kw);
        p.http.sendNameHeader = HeaderName.of(lower);
    }

    static void maxSessionSrvConns(final Directive d, final ProxyDraft p) {
        p.http.maxSessionSrvConns = d.intArg(1, "max-session-srv-conns", 0, Integer.MAX_VALUE);
        d.noMoreThan(2, "max-session-srv-conns");
    }
}
