package dev.baton.config;

import dev.baton.log.BuiltinLogFormats;

import java.util.EnumSet;
import java.util.Set;

/**
 * The proxy keywords that say what a traffic log line holds ({@link TrafficLogDraft}): {@code log-format},
 * {@code error-log-format}, {@code unique-id-format}, {@code unique-id-header}, {@code capture request|response
 * header NAME len N}, {@code capture cookie NAME len N} and {@code [no] option logasap}. The format strings are
 * kept as written and compiled when the proxy is built. As in HAProxy, these are frontend settings: a backend
 * accepts them with a warning that they are ignored, and {@code capture} is refused in {@code defaults}.
 * Stateless.
 */
final class LogFormatKeywords {
    private static final Set<Section> FRONT_SIDE = EnumSet.of(Section.DEFAULTS, Section.FRONTEND, Section.LISTEN);
    /**
     * Cuts the {@code capture cookie ... len N} of {@code p} down to {@code tune.http.cookielen} ({@code maxLen}) with
     * HAProxy's warning, once every section was read (the global line may come after the proxy's).
     */
    static void cookieLength(final ProxyDraft p, final int maxLen, final Diagnostics diag) {
        if (p.trafficLog.cookieName != null && p.trafficLog.cookieLength > maxLen) {
            diag.warning(p.trafficLog.cookieWhere, "truncating capture length to " + maxLen + " bytes for "
                + p.section.keyword() + " '" + p.name + "'.");
            p.trafficLog.cookieLength = maxLen;
        }
    }
    /** Header captures longer than a head could be are kept at this size (a head never exceeds the buffer). */
    private static final int MAX_HEADER_CAPTURE = 65_536;

    private LogFormatKeywords() {
    }

    /** {@code log-format FORMAT}: replaces any {@code option httplog|tcplog} or earlier {@code log-format}. */
    static void logFormat(final Directive d, final ProxyDraft p) {
        final String text = oneArgument(d);
        overriding(d, p, "log-format");
        frontOnly(d, p);
        p.trafficLog.format = text;
        p.trafficLog.formatWhere = d.where();
    }

    static void errorLogFormat(final Directive d, final ProxyDraft p) {
        final String text = oneArgument(d);
        if (p.section == Section.DEFAULTS && p.trafficLog.errorFormat != null) {
            d.warning("'error-log-format' overrides previous 'error-log-format' in 'defaults' section.");
        }
        frontOnly(d, p);
        p.trafficLog.errorFormat = text;
        p.trafficLog.errorFormatWhere = d.where();
    }

    static void uniqueIdFormat(final Directive d, final ProxyDraft p) {
        p.trafficLog.uniqueIdFormat = oneArgument(d);
        p.trafficLog.uniqueIdWhere = d.where();
    }

    static void uniqueIdHeader(final Directive d, final ProxyDraft p) {
        final String name = d.require(1, "unique-id-header", "a header name");
        if (!dev.baton.http.text.HeaderName.isToken(name)) {
            throw new LineError(Messages.badValue("unique-id-header", "a header name", name));
        }
        p.trafficLog.uniqueIdHeader = name;
    }

    /** {@code option httplog [clf]} and {@code option tcplog}: the built-in format strings. */
    static void builtin(final Directive d, final ProxyDraft p, final String text, final String keyword) {
        overriding(d, p, keyword);
        p.trafficLog.format = text;
        p.trafficLog.formatWhere = d.where();
    }

    /** {@code [no] option logasap}. */
    static void logAsap(final Directive d, final ProxyDraft p, final boolean negated, final int at) {
        d.noMoreThan(at + 1, "option logasap");
        if (!FRONT_SIDE.contains(p.section)) {
            d.warning(Messages.ignoredOnThisSide("option logasap", p.section));
            return;
        }
        p.trafficLog.logAsap = !negated;
    }

    /** {@code capture request header NAME len N}, {@code capture response header ...}, {@code capture cookie ...}. */
    static void capture(final Directive d, final ProxyDraft p) {
        final String what = d.require(1, "capture", "'cookie' or 'request header' or 'response header'");
        if (p.section == Section.DEFAULTS) {
            throw new LineError("'capture " + what + "' not allowed in 'defaults' section.");
        }
        if (what.equals("cookie")) {
            final String name = d.require(2, "capture cookie", "<cookie_name> 'len' <len>");
            lenWord(d, 3, "capture cookie", "'cookie' <cookie_name> 'len' <len>");
            final int len = d.intArg(4, "capture cookie", 0, Integer.MAX_VALUE); // cut by cookieLength()
            d.noMoreThan(5, "capture cookie");
            frontOnly(d, p);
            p.trafficLog.cookieName = name;
            p.trafficLog.cookieLength = len;
            p.trafficLog.cookieWhere = d.where();
            return;
        }
        if ((what.equals("request") || what.equals("response")) && d.has(2) && d.word(2).equals("header")) {
            final String kw = "capture " + what + " header";
            final String name = d.require(3, kw, "'header' <header_name> 'len' <len>");
            lenWord(d, 4, kw, "'header' <header_name> 'len' <len>");
            final int len = d.intArg(5, kw, 0, Integer.MAX_VALUE);
            d.noMoreThan(6, kw);
            frontOnly(d, p);
            final TrafficLogConfig.HeaderCapture c = new TrafficLogConfig.HeaderCapture(name,
                Math.min(len, MAX_HEADER_CAPTURE));
            (what.equals("request") ? p.trafficLog.requestCaptures : p.trafficLog.responseCaptures).add(c);
            return;
        }
        throw new LineError("'capture' expects 'cookie' or 'request header' or 'response header'.");
    }

    private static void lenWord(final Directive d, final int at, final String kw, final String expected) {
        if (!d.has(at) || !d.word(at).equals("len")) {
            throw new LineError("'" + kw + "' expects " + expected + ".");
        }
    }

    private static String oneArgument(final Directive d) {
        final String kw = d.keyword();
        if (!d.has(1) || d.word(1).isEmpty()) {
            throw new LineError(kw + " expects an argument.");
        }
        if (d.has(2)) {
            throw new LineError(kw + " expects only one argument, don't forget to escape spaces!");
        }
        return d.word(1);
    }

    /** HAProxy's warning when a {@code defaults} section sets a second format. */
    private static void overriding(final Directive d, final ProxyDraft p, final String keyword) {
        final String previous = p.trafficLog.format;
        if (p.section != Section.DEFAULTS || previous == null) {
            return;
        }
        final String old = previous.equals(BuiltinLogFormats.HTTPLOG_TEXT) ? "option httplog"
            : previous.equals(BuiltinLogFormats.TCPLOG_TEXT) ? "option tcplog"
            : previous.equals(BuiltinLogFormats.CLF_TEXT) ? "option httplog clf" : "log-format";
        d.warning("'" + keyword + "' overrides previous '" + old + "' in 'defaults' section.");
    }

    /** A backend keeps the line but HAProxy warns that it is ignored there. */
    private static void frontOnly(final Directive d, final ProxyDraft p) {
        if (!FRONT_SIDE.contains(p.section)) {
            d.warning("" + p.section.keyword() + " '" + p.name + "' : '" + d.keyword() + "' directive is ignored in "
                + "backends.");
        }
    }
}
