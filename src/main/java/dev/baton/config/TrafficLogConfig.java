package dev.baton.config;

import dev.baton.log.LogFormat;

import java.util.List;

/**
 * What a frontend's traffic log lines say (the WHAT; the WHERE is {@code log}): its log format compiled at load
 * ({@code log-format}, or the string of {@code option httplog|httplog clf|tcplog}; null: no format, so only
 * HAProxy's "Connect from" line under {@code log}), its {@code error-log-format} (null: HAProxy's fixed error
 * line), {@code option logasap}, the captures ({@code capture request|response header NAME len N} in
 * declaration order, {@code capture cookie NAME len N} with {@code cookieName} null when absent), and
 * {@code unique-id-format} (null: none) with {@code unique-id-header} (null: the id is not sent).
 * Frontend settings; {@link #NONE} on a backend.
 */
public record TrafficLogConfig(LogFormat format, LogFormat errorFormat, boolean logAsap,
                               List<HeaderCapture> requestCaptures, List<HeaderCapture> responseCaptures,
                               String cookieName, int cookieLength, LogFormat uniqueIdFormat, String uniqueIdHeader) {
    public static final TrafficLogConfig NONE = new TrafficLogConfig(null, null, false, List.of(), List.of(), null, 0,
        null, null);

    public TrafficLogConfig {
        requestCaptures = List.copyOf(requestCaptures);
        responseCaptures = List.copyOf(responseCaptures);
    }

    /**
     * One {@code capture request|response header NAME len N}; {@code name} null for a slot that capture rules fill
     * ({@code http-request capture EXPR len N}, {@code declare capture request|response len N}).
     */
    public record HeaderCapture(String name, int length) {
    }

    /** Whether the frontend captures anything a request must keep (headers, a cookie, a unique id). */
    public boolean capturesAnything() {
        return !requestCaptures.isEmpty() || !responseCaptures.isEmpty() || cookieName != null
            || uniqueIdFormat != null;
    }
}
