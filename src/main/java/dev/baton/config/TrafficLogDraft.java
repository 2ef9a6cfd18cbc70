package dev.baton.config;

import dev.baton.log.BuiltinLogFormats;
import dev.baton.log.LogFormat;
import dev.baton.log.LogFormatParser;

import java.util.ArrayList;
import java.util.List;

/**
 * The traffic-log part of a {@link ProxyDraft} while its section is parsed: the format strings as written, with
 * the line of the keyword that set each, compiled only when the proxy is built (as HAProxy, once the proxy's
 * mode is known; an error is reported at the keyword's line, so a broken format in {@code defaults} shows at that
 * line for each frontend that inherits it). {@code log-format}, {@code option httplog [clf]} and {@code option
 * tcplog} replace one another. Captures are not inherited (HAProxy refuses them in {@code defaults}).
 * Single-threaded, confined to one load.
 */
final class TrafficLogDraft {
    String format;
    SourceLocation formatWhere;
    String errorFormat;
    SourceLocation errorFormatWhere;
    String uniqueIdFormat;
    SourceLocation uniqueIdWhere;
    String uniqueIdHeader;
    boolean logAsap;
    final List<TrafficLogConfig.HeaderCapture> requestCaptures = new ArrayList<>();
    final List<TrafficLogConfig.HeaderCapture> responseCaptures = new ArrayList<>();
    String cookieName;
    int cookieLength;
    SourceLocation cookieWhere;
    /** The {@code capture ... id N} rules of this proxy, checked against its slots once the section is read. */
    final List<CaptureRuleParser.SlotRef> slotRefs = new ArrayList<>();

    /** A proxy's copy of a {@code defaults} section's settings. */
    TrafficLogDraft inherit() {
        final TrafficLogDraft t = new TrafficLogDraft();
        t.format = format;
        t.formatWhere = formatWhere;
        t.errorFormat = errorFormat;
        t.errorFormatWhere = errorFormatWhere;
        t.uniqueIdFormat = uniqueIdFormat;
        t.uniqueIdWhere = uniqueIdWhere;
        t.uniqueIdHeader = uniqueIdHeader;
        t.logAsap = logAsap;
        return t;
    }

    /**
     * The frontend's settings, formats compiled for {@code mode}; as HAProxy, {@code option httplog [clf]} in a
     * tcp proxy becomes {@code option tcplog} (HttpDraft warns), and a cookie capture is ignored with HAProxy's
     * warning ({@code described}: the proxy, as "frontend 'f'"). Errors go to {@code diag}.
     */
    TrafficLogConfig build(final Mode mode, final String described, final Diagnostics diag) {
        final boolean http = mode == Mode.HTTP;
        CaptureRuleParser.checkSlots(this, diag);
        if (!http && cookieName != null) {
            diag.warning(cookieWhere, "'capture' statement ignored for " + described + " as it requires HTTP mode.");
        }
        String text = format;
        if (!http && (BuiltinLogFormats.HTTPLOG_TEXT.equals(text) || BuiltinLogFormats.CLF_TEXT.equals(text))) {
            text = BuiltinLogFormats.TCPLOG_TEXT;
        }
        return new TrafficLogConfig(compile(text, http, LogFormatParser.LOG_LINE, formatWhere, "log-format", diag),
            compile(errorFormat, http, LogFormatParser.LOG_LINE, errorFormatWhere, "error-log-format", diag), logAsap,
            requestCaptures, responseCaptures, http ? cookieName : null, http ? cookieLength : 0,
            compile(uniqueIdFormat, http, LogFormatParser.UNIQUE_ID, uniqueIdWhere, "unique-id", diag),
            uniqueIdHeader);
    }

    private static LogFormat compile(final String text, final boolean http, final int options,
                                     final SourceLocation where, final String what, final Diagnostics diag) {
        if (text == null) {
            return null;
        }
        if (text.equals(BuiltinLogFormats.HTTPLOG_TEXT) && http) {
            return BuiltinLogFormats.HTTPLOG;
        }
        if (text.equals(BuiltinLogFormats.TCPLOG_TEXT)) {
            return BuiltinLogFormats.TCPLOG;
        }
        if (text.equals(BuiltinLogFormats.CLF_TEXT) && http) {
            return BuiltinLogFormats.CLF;
        }
        try {
            return LogFormatParser.parse(text, http, options);
        } catch (final IllegalArgumentException e) {
            diag.error(where, "failed to parse " + what + " : " + e.getMessage() + ".");
            return null;
        }
    }
}
